/**
 * Character counting for line length and reading speed.
 *
 * Widths are integers in half-character units so that the Netflix CJK rule ("half-width characters
 * count as 0.5") needs no floating point: in the zh profile a full-width character is 2 units and a
 * half-width one 1; in the en profile every code point is 2 units (code points, not UTF-16 units, so
 * '𠮷' is one character).
 */

/** East Asian Wide/Fullwidth ranges, plus the quotes and ellipsis that CJK fonts draw full-width. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd) ||
    code === 0x2018 ||
    code === 0x2019 ||
    code === 0x201c ||
    code === 0x201d ||
    code === 0x2026 ||
    code === 0x2014 ||
    code === 0x00b7
  );
}

/** Width of one character (by code point) in half-character units. */
export function charUnits(code: number, cjkCounting: boolean): number {
  return cjkCounting && !isWide(code) ? 1 : 2;
}

/** Width of `text` in half-character units under the profile's counting rule. */
export function widthUnits(text: string, cjkCounting: boolean): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one character; astral CJK (Ext. B and later) is wide.
      const full = (code - 0xd800) * 0x400 + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      i++;
      units += cjkCounting && !isWide(full) ? 1 : 2;
      continue;
    }
    units += cjkCounting && !isWide(code) ? 1 : 2;
  }
  return units;
}

/** True for Han, kana and Hangul: scripts written without spaces between words. */
export function isCjkChar(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** The last code point of a non-empty text. */
export function lastCodePoint(text: string): number {
  const last = text.charCodeAt(text.length - 1);
  // A low surrogate: step back to the start of the pair.
  return last >= 0xdc00 && last <= 0xdfff ? (text.codePointAt(text.length - 2) ?? last) : last;
}
