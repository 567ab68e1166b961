/**
 * Bad usage: an unknown flag, a missing argument, a file that cannot be read, a configuration that
 * does not load. Every command reports it as one line on stderr and exits 2 (bin/cos-transcribe.ts).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes shared by transcribe, status and replay (documented in each --help and the README). */
export const exitCodes = {
  /** Everything asked for was done. */
  ok: 0,
  /** The work failed: a file failed or was skipped, a job is missing, the cloud could not be reached. */
  failed: 1,
  /** Bad usage or configuration; nothing was sent. */
  usage: 2,
  /** Interrupted (Ctrl-C) before every file finished; what was sent goes on in the cloud. */
  interrupted: 130,
} as const;

/**
 * Collapses a multi-line message into the one line a usage error prints: a list under a heading
 * (`refused (2 problems):\n  - A: ...\n  - B: ...`) becomes `refused (2 problems): A: ...; B: ...`.
 */
export function oneLine(message: string): string {
  return message
    .replace(/:\s*\n\s*-\s+/, ': ')
    .replace(/\s*\n\s*(-\s+)?/g, '; ')
    .trim();
}

/** ` (on the local cloud http://127.0.0.1:P)`: which cloud a failure happened on, once connected. */
export function where(connection: { readonly where: string } | undefined): string {
  return connection ? ` (on the ${connection.where})` : '';
}
