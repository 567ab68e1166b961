/**
 * An HLS WebVTT subtitle playlist for a live stream (RFC 8216 §3.5, §4.3; Apple's HLS authoring
 * spec): a media playlist of fixed-length segments, each a WebVTT file carrying every cue that
 * overlaps its window (a cue spanning two segments is repeated in both, as the RFC asks), with
 * `X-TIMESTAMP-MAP` tying cue time 0 to MPEG-TS time 0, i.e. cue times count from the task start.
 * The playlist is of type EVENT (segments are only ever added) until `#EXT-X-ENDLIST` closes it.
 */
import type { Cue } from './cue.js';
import { writeVtt } from './write-vtt.js';

/** Length of one subtitle segment (Apple recommends 6 s for media; subtitles may be longer). */
export const HLS_SEGMENT_MS = 10_000;

/** The header line every segment carries after `WEBVTT`. */
export const TIMESTAMP_MAP = 'X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000';

/** The file name of segment `index` (zero-padded so names sort in time order). */
export function hlsSegmentName(index: number): string {
  return `segment-${String(index).padStart(6, '0')}.vtt`;
}

/** The indexes of the segments a cue (or any time span) overlaps. */
export function segmentsOf(span: { startMs: number; endMs: number }, segmentMs = HLS_SEGMENT_MS): number[] {
  const first = Math.floor(span.startMs / segmentMs);
  // A span ending exactly on a boundary does not reach into the next segment.
  const last = Math.max(first, Math.ceil(span.endMs / segmentMs) - 1);
  const indexes: number[] = [];
  for (let index = first; index <= last; index++) indexes.push(index);
  return indexes;
}

/**
 * Segment `index` as WebVTT: the cues (sorted) that overlap its window. It ends with a blank line, so
 * a reader that joins the segments' bytes (ffmpeg's HLS demuxer does) never reads the next segment's
 * header as text of this one's last cue.
 */
export function writeHlsSegment(cues: readonly Cue[], index: number, segmentMs = HLS_SEGMENT_MS): string {
  const from = index * segmentMs;
  const to = from + segmentMs;
  const inside = cues.filter((cue) => cue.startMs < to && cue.endMs > from);
  return `${writeVtt(inside).replace(/^WEBVTT\n/, `WEBVTT\n${TIMESTAMP_MAP}\n`)}\n`;
}

/** The media playlist of `segmentCount` segments; `ended` adds `#EXT-X-ENDLIST`. */
export function writeHlsPlaylist(segmentCount: number, ended: boolean, segmentMs = HLS_SEGMENT_MS): string {
  const seconds = (segmentMs / 1000).toFixed(3);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${Math.ceil(segmentMs / 1000)}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:EVENT',
  ];
  for (let index = 0; index < segmentCount; index++) lines.push(`#EXTINF:${seconds},`, hlsSegmentName(index));
  if (ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
