/** Whitespace as units show it. */
import { isWhiteSpace } from '../transcript/white-space.js';

// Regular expressions on per-word paths live at module level: a literal inside a function is a new
// object each time it runs, which per word of a long recording was megabytes of garbage.
const SPACES = /\s+/gu;

/**
 * Collapses any whitespace (including newlines, which would end an SRT cue) to single spaces.
 * A word without whitespace is returned as it is after one look at its characters: this runs for
 * every word in each of a rendering's three walks, where a regular expression test cost more.
 */
export function cleanText(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (isWhiteSpace(text.charCodeAt(i))) return text.trim().replace(SPACES, ' ');
  }
  return text;
}
