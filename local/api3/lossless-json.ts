/**
 * Reads request JSON keeping uint64s exact. ASR TaskIds are uint64 JSON numbers (tencentcloud-sdk-nodejs asr_models.ts: TaskId is a number)
 * and JSON.parse would round anything past 2^53. Unlike the client's parseJsonLosslessly (which turns
 * such numbers into strings), the emulator needs bigints: Tencent answers a TaskId sent as a quoted
 * string with InvalidParameter, so a number must stay distinguishable from a string. Responses are
 * written by writeLosslessJson, which writes bigints as bare integers, as Tencent sends a TaskId.
 */

/** A JSON value whose unsafe integers are bigints. */
export type LosslessJson =
  | null
  | boolean
  | number
  | bigint
  | string
  | LosslessJson[]
  | { [key: string]: LosslessJson };

/** Parses JSON text; throws SyntaxError (with the offset) on anything that is not exactly one JSON value. */
export function parseLosslessJson(text: string): LosslessJson {
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${at}`);
  };
  const skip = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const value = (): LosslessJson => {
    skip();
    const c = text[at];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const [word, result] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return result;
      }
    }
    return fail('unexpected token');
  };
  const object = () => {
    const result: { [key: string]: LosslessJson } = {};
    at++;
    skip();
    if (text[at] === '}') {
      at++;
      return result;
    }
    for (;;) {
      skip();
      if (text[at] !== '"') fail('expected a property name');
      const key = string();
      skip();
      if (text[at] !== ':') fail("expected ':'");
      at++;
      // defineProperty: a "__proto__" key in a request must stay data, never become the prototype.
      Object.defineProperty(result, key, {
        value: value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      skip();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === '}') {
        at++;
        return result;
      }
      fail("expected ',' or '}'");
    }
  };
  const array = () => {
    const result: LosslessJson[] = [];
    at++;
    skip();
    if (text[at] === ']') {
      at++;
      return result;
    }
    for (;;) {
      result.push(value());
      skip();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === ']') {
        at++;
        return result;
      }
      fail("expected ',' or ']'");
    }
  };
  const string = (): string => {
    // Find the closing quote by hand (a 7 MB base64 Data field must not go through a backtracking
    // regex), then let JSON.parse validate escapes and control characters.
    let end = at + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    if (end >= text.length) return fail('unterminated string');
    const literal = text.slice(at, end + 1);
    at = end + 1;
    try {
      return JSON.parse(literal) as string;
    } catch {
      return fail('bad string');
    }
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
  const number = (): number | bigint => {
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    if (!match) return fail('bad number');
    at += match[0].length;
    const parsed = Number(match[0]);
    if (match[1] === undefined && match[2] === undefined && !Number.isSafeInteger(parsed))
      return BigInt(match[0]);
    return parsed;
  };
  const result = value();
  skip();
  if (at !== text.length) fail('unexpected text after the value');
  return result;
}

/** JSON text in which bigints are bare integers; `undefined` members are left out as JSON.stringify does. */
export function writeLosslessJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : writeLosslessJson(item))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const members: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) members.push(`${JSON.stringify(key)}:${writeLosslessJson(item)}`);
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
