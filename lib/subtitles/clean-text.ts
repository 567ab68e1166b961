/** Whitespace as units show it. */

// Regular expressions on per-word paths live at module level: a literal inside a function is a new
// object each time it runs, which per word of a long recording was megabytes of garbage.
const SPACE = /\s/u;
const SPACES = /\s+/gu;

/** Collapses any whitespace (including newlines, which would end an SRT cue) to single spaces. */
export function cleanText(text: string): string {
  const trimmed = text.trim();
  return SPACE.test(trimmed) ? trimmed.replace(SPACES, ' ') : trimmed;
}
