/**
 * Whether two neighbouring cues could have been shown as one. The QC report calls a cue that is too
 * short to read unavoidable when neither neighbour could be joined to it (a cue too fast, when its
 * neighbourhood has no layout within the limits: readable-layout.ts); the segmenter joins wherever
 * one could (test/unit/subtitles/segmentation.properties.test.ts), so in practice every such cue it
 * reports is unavoidable.
 */
import type { Cue } from './cue.js';
import type { SubtitleProfile } from './profile.js';
import { widthUnits } from './text-width.js';

/**
 * True when `first` and `second` (in this order, next to each other) have one speaker, are both timed
 * from words, are chained (no pause of 0.5 s or more between them), fit on one line together, and
 * together stay within the maximum duration and the reading speed.
 */
export function couldJoin(first: Cue, second: Cue, profile: SubtitleProfile): boolean {
  const zh = profile.name === 'zh';
  const text = [...first.lines, ...second.lines].join(zh ? '' : ' ');
  const width = widthUnits(text, zh);
  const duration = second.endMs - first.startMs;
  return (
    first.speaker === second.speaker &&
    first.estimatedTiming !== true &&
    second.estimatedTiming !== true &&
    second.startMs - first.endMs === profile.minGapMs &&
    width <= profile.maxLineChars * 2 &&
    duration <= profile.maxDurationMs &&
    (width / 2) * 1000 <= profile.maxCharsPerSecond * duration
  );
}
