/**
 * Punctuation classes used for spacing, line breaking and the Chinese line-edge rules. Words arrive
 * with their punctuation attached (lib/transcript/punctuation.ts), so these look at word edges.
 */

/** Closing punctuation: never at the start of a line, never preceded by a space. */
const CLOSING = new Set([...',.;:!?)]}%…、，。；：！？）】」』”’》〉〕﹂·']);
/** Opening punctuation: never at the end of a line, never followed by a space. */
const OPENING = new Set([...'([{（【「『“‘《〈〔﹁']);
/** Ends a sentence (a closing quote or bracket may follow). */
const SENTENCE_END = /[.!?…。！？](?:["'”’)）」』》]*)$/u;
/** Ends a clause. */
const CLAUSE_END = /[,;:，、；：—–](?:["'”’)）」』》]*)$/u;

/** True when the text starts with closing punctuation. */
export function startsWithClosing(text: string): boolean {
  return text.length > 0 && CLOSING.has(text.charAt(0));
}

/** True when the text ends with opening punctuation. */
export function endsWithOpening(text: string): boolean {
  return text.length > 0 && OPENING.has(text.charAt(text.length - 1));
}

/** True when the word closes a sentence. */
export function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

/** True when the word closes a clause (comma, semicolon, colon, dash). */
export function endsClause(text: string): boolean {
  return CLAUSE_END.test(text);
}

/** Chinese sentence commas and full stops, which the zh profile shows as a space (Netflix zh-Hans). */
export const ZH_COMMA_OR_STOP = /[，。]/gu;
