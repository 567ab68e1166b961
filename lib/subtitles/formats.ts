/**
 * The one list of output formats and of the language profiles a setting may name. A leaf module, so
 * config and the ledger can read the names without loading the renderer.
 */

/** Every format, in the order the pipeline writes them. */
export const SUBTITLE_FORMATS = ['srt', 'vtt', 'ass', 'txt', 'json'] as const;

/** One of {@link SUBTITLE_FORMATS}. */
export type SubtitleFormat = (typeof SUBTITLE_FORMATS)[number];

/** The language profiles a setting may choose; `auto` picks by the transcript's language. */
export const SUBTITLE_PROFILE_NAMES = ['en', 'zh', 'auto'] as const;

/** One of {@link SUBTITLE_PROFILE_NAMES} (the full rule set is `SubtitleProfile`, profile.ts). */
export type SubtitleProfileName = (typeof SUBTITLE_PROFILE_NAMES)[number];
