/**
 * The emulator's log: one JSON line per event on stderr (stdout carries only the `listening on` line,
 * which scripts wait for). Fields are written as given, so callers never pass a secret key, a token or
 * a presigned URL's signature; `redactUrl` strips the latter from URLs that carry one.
 */

/** A log sink: an event name and flat fields. */
export type Log = (event: string, fields?: Record<string, unknown>) => void;

/** Writes JSON lines to `write` (stderr by default); `quiet` drops everything (tests, benchmarks). */
export function createLog(options: { quiet?: boolean; write?: (line: string) => void } = {}): Log {
  if (options.quiet) return () => {};
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  return (event, fields = {}) => {
    write(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
  };
}

// Query parameters that would let a reader replay a request.
const SECRET_PARAMS = /^(q-signature|q-ak|x-cos-security-token|x-ci-security-token|sign|token|sig)$/i;

/** The URL with signatures and tokens in its query replaced by `***`, for logs and error messages. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const query = url
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      return SECRET_PARAMS.test(decodeURIComponentSafe(name)) ? `${name}=***` : pair;
    })
    .join('&');
  return `${url.slice(0, question)}?${query}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
