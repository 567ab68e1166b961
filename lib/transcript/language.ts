/**
 * The transcript's language. Engines name it only through their model ('16k_zh', '16k_en_large',
 * CI '16k_zh_video'); results read on their own (a saved callback body, `render` on a file) carry no
 * model, so the script of the text decides: mostly Han means Chinese, mostly Latin letters English.
 */

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;

/** 'zh' from '16k_zh_video', 'en' from '8k_en', 'yue' from '16k_yue'; undefined for multi-language models. */
export function languageFromModel(model: string | undefined): string | undefined {
  if (model === undefined) return undefined;
  const match = /^\d+k_([a-z]{2,3})(?:[-_]|$)/i.exec(model.trim());
  const code = match?.[1]?.toLowerCase();
  if (code === undefined || code === 'mul') return undefined;
  return code;
}

/**
 * Guesses from the text: 'zh' when Han characters outnumber Latin letters, 'en' when Latin letters
 * dominate (the only Latin-script model family this pipeline routes to), 'und' when there is no text.
 */
export function languageFromText(texts: Iterable<string>): string {
  let han = 0;
  let latin = 0;
  let seen = 0;
  for (const text of texts) {
    for (const c of text) {
      if (HAN.test(c)) han++;
      else if (LATIN.test(c)) latin++;
    }
    // A few thousand characters settle it; long transcripts need not be scanned to the end.
    seen += text.length;
    if (seen > 4000) break;
  }
  if (han === 0 && latin === 0) return 'und';
  // Latin letters count for less: one English word is several letters, one Chinese word one or two.
  return han * 3 >= latin ? 'zh' : 'en';
}
