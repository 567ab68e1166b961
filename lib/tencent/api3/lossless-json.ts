/**
 * JSON for API 3.0 bodies without losing uint64s. ASR TaskIds are uint64 JSON numbers
 * (docs/tencent-wire.md §3.3); JSON.parse would round anything above 2^53 silently, and
 * Node 18 has no JSON.parse source access. So integers outside the safe range are turned into
 * strings before parsing, and bigints are written back as bare JSON numbers.
 */

/** A value our serializer writes: JSON plus bigint (written as a bare integer, for uint64 fields). */
export type JsonInput =
  | string
  | number
  | boolean
  | bigint
  | null
  | undefined
  | readonly JsonInput[]
  | { readonly [key: string]: JsonInput };

/**
 * Parses JSON; every integer literal outside the safe range (|n| > 2^53 - 1, where doubles start
 * to round) becomes a string of its digits ("18446744073709551615"). Everything else is exactly
 * what JSON.parse returns.
 */
export function parseJsonLosslessly(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

/**
 * Writes compact JSON (as the official SDK sends it). Object members that are undefined are left
 * out (the SDK also drops nulls, which we keep: a caller that passes null means it), bigints are
 * written as bare integers, and non-finite numbers are refused rather than sent as `null`.
 */
export function stringifyJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`cannot send ${value} in a JSON body`);
      return String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return `[${value.map((item) => (item === undefined ? 'null' : stringifyJson(item))).join(',')}]`;
      }
      const members: string[] = [];
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined) members.push(`${JSON.stringify(key)}:${stringifyJson(item)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`cannot send a ${typeof value} in a JSON body`);
  }
}

function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string, honouring escapes, so digits inside strings are never touched.
      i++;
      while (i < text.length) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i += 2;
        else if (s === 0x22) break;
        else i++;
      }
      i++;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i++;
      while (i < text.length && isNumberChar(text.charCodeAt(i))) i++;
      const token = text.slice(start, i);
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copiedUpTo, start)}"${token}"`;
        copiedUpTo = i;
      }
    } else {
      i++;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

function isNumberChar(c: number): boolean {
  // digits . e E + -
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}
