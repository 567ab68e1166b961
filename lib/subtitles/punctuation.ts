/**
 * Punctuation classes used for spacing, line breaking and the Chinese line-edge rules. Words arrive
 * with their punctuation attached (lib/transcript/punctuation.ts), so these look at word edges.
 * Lookups are by character code: they run several times per word on multi-hour transcripts.
 */

const CLOSING_FLAG = 1;
const OPENING_FLAG = 2;
const SENTENCE_FLAG = 4;
const CLAUSE_FLAG = 8;
/** Quotes and brackets that may follow a sentence or clause mark ("Go!" / 好。」). */
const TRAILER_FLAG = 16;

const FLAGS = new Uint8Array(0x10000);
function mark(chars: string, flag: number): void {
  for (const c of chars) FLAGS[c.charCodeAt(0)] = (FLAGS[c.charCodeAt(0)] ?? 0) | flag;
}
/** Closing punctuation: never at the start of a line, never preceded by a space. */
mark(',.;:!?)]}%…、，。；：！？）】」』”’》〉〕﹂·', CLOSING_FLAG);
/** Opening punctuation: never at the end of a line, never followed by a space. */
mark('([{（【「『“‘《〈〔﹁', OPENING_FLAG);
mark('.!?…。！？', SENTENCE_FLAG);
mark(',;:，、；：—–', CLAUSE_FLAG);
mark('"\'”’)）」』》', TRAILER_FLAG);

function flags(text: string, at: number): number {
  return at >= 0 && at < text.length ? (FLAGS[text.charCodeAt(at)] ?? 0) : 0;
}

/** The last character's flags, looking through closing quotes and brackets. */
function endFlags(text: string): number {
  let at = text.length - 1;
  while (at > 0 && flags(text, at) & TRAILER_FLAG && !(flags(text, at) & (SENTENCE_FLAG | CLAUSE_FLAG))) at--;
  return flags(text, at);
}

/** True when the text starts with closing punctuation. */
export function startsWithClosing(text: string): boolean {
  return (flags(text, 0) & CLOSING_FLAG) !== 0;
}

/** True when the text starts with opening punctuation (a quote or bracket opens there). */
export function startsWithOpening(text: string): boolean {
  return (flags(text, 0) & OPENING_FLAG) !== 0;
}

/** True when the text ends with opening punctuation. */
export function endsWithOpening(text: string): boolean {
  return (flags(text, text.length - 1) & OPENING_FLAG) !== 0;
}

/** True when the word closes a sentence (a closing quote or bracket may follow the mark). */
export function endsSentence(text: string): boolean {
  return (endFlags(text) & SENTENCE_FLAG) !== 0;
}

/** True when the word closes a clause (comma, semicolon, colon, dash). */
export function endsClause(text: string): boolean {
  return (endFlags(text) & CLAUSE_FLAG) !== 0;
}
