/**
 * What a live job publishes, rendered from a set of stored utterances (never appended to): the
 * rolling HLS WebVTT playlist and segments, the transcript so far and a status, and at the end the
 * usual SRT/VTT/ASS/TXT/JSON + QC of the whole stream. Pure: the same set gives the same bytes, so
 * any writer can rebuild any file and a repeat writes what is already there.
 */
import type { Utterance } from '../../engines/live/live-callback-body.js';
import { liveTranscript, utteranceCues } from '../../engines/live/live-transcript.js';
import type { Cue } from '../../subtitles/cue.js';
import { resolveProfile } from '../../subtitles/profile.js';
import { CONTENT_TYPES, renderAll } from '../../subtitles/render.js';
import { hlsSegmentName, segmentsOf, writeHlsPlaylist, writeHlsSegment } from '../../subtitles/write-hls.js';
import { writeTxt } from '../../subtitles/write-txt.js';
import type { LiveJob } from './live-job.js';
import { PLAYLIST_NAME } from './live-places.js';

// Re-exported for publish-live.ts, which loads this module on first use and names segments through it.
export { hlsSegmentName };

/** One object to write. */
export interface OutputFile {
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
}

/** The rolling status object: what a person or a player checks to see the stream is alive. */
export interface LiveStatus {
  readonly version: 1;
  readonly jobId: string;
  readonly taskId: string | null;
  /** 'live' while the task runs, 'ended' once the final outputs are written. */
  readonly state: 'live' | 'ended';
  readonly utterances: number;
  /** End of the last utterance, ms from the task start (null before the first). */
  readonly lastUtteranceEndMs: number | null;
  readonly segments: number;
  readonly playlist: string;
}

const cueCache = new Map<string, Cue[]>();

/** The cues of every utterance (in key order), each segmented once per container. */
export function cuesOf(job: LiveJob, utterances: ReadonlyMap<string, Utterance>): Map<string, Cue[]> {
  const cues = new Map<string, Cue[]>();
  for (const [key, utterance] of utterances) {
    let found = cueCache.get(key);
    if (!found) {
      found = utteranceCues(utterance, job.engineType, job.subtitleProfile);
      if (cueCache.size >= 100_000) cueCache.clear();
      cueCache.set(key, found);
    }
    cues.set(key, found);
  }
  return cues;
}

/**
 * The rolling files for `segments` (indexes), plus the playlist, transcript and status, from
 * `utterances`; `ended` closes the playlist and writes every segment.
 */
export function rollingFiles(
  job: LiveJob,
  utterances: ReadonlyMap<string, Utterance>,
  segments: ReadonlySet<number>,
  ended: boolean,
): OutputFile[] {
  const cueMap = cuesOf(job, utterances);
  const cues = [...cueMap.values()].flat().sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const count = segmentCount(cues);
  const wanted = ended ? range(count) : [...segments].filter((index) => index < count);
  const folder = job.places.rolling;
  const files: OutputFile[] = wanted.map((index) => ({
    key: `${folder}${hlsSegmentName(index)}`,
    body: writeHlsSegment(cues, index),
    contentType: CONTENT_TYPES.vtt,
  }));
  const transcript = liveTranscript([...utterances.values()], {
    engineType: job.engineType,
    taskId: job.view.submission?.taskId ?? '0',
  });
  const lastEnd = transcript.segments.at(-1)?.endMs ?? null;
  const status: LiveStatus = {
    version: 1,
    jobId: job.view.jobId,
    taskId: job.view.submission?.taskId ?? null,
    state: ended ? 'ended' : 'live',
    utterances: utterances.size,
    lastUtteranceEndMs: lastEnd,
    segments: count,
    playlist: PLAYLIST_NAME,
  };
  files.push(
    { key: `${folder}${PLAYLIST_NAME}`, body: writeHlsPlaylist(count, ended), contentType: PLAYLIST_TYPE },
    {
      key: `${folder}transcript.txt`,
      body: writeTxt(transcript, resolveProfile(transcript, { profile: job.subtitleProfile })),
      contentType: CONTENT_TYPES.txt,
    },
    {
      key: `${folder}status.json`,
      body: `${JSON.stringify(status, null, 2)}\n`,
      contentType: CONTENT_TYPES.json,
    },
  );
  return files;
}

/** The final outputs of the whole stream: every format asked for, the QC report and the raw utterances. */
export function finalFiles(job: LiveJob, utterances: ReadonlyMap<string, Utterance>): OutputFile[] {
  const taskId = job.view.submission?.taskId ?? '0';
  const transcript = liveTranscript([...utterances.values()], { engineType: job.engineType, taskId });
  const formats = job.view.profile.formats;
  const renderings = renderAll(transcript, { profile: job.subtitleProfile }, formats);
  const stem = job.places.finalStem;
  const raw = { TaskId: taskId, Result: [...utterances.values()].map((utterance) => utterance.raw) };
  return [
    ...formats.map((format) => ({
      key: `${stem}.${format}`,
      body: renderings.outputs[format],
      contentType: CONTENT_TYPES[format],
    })),
    {
      key: `${stem}.qc.json`,
      body: `${JSON.stringify(renderings.qc, null, 2)}\n`,
      contentType: CONTENT_TYPES.json,
    },
    { key: `${stem}.raw.json`, body: `${JSON.stringify(raw, null, 2)}\n`, contentType: CONTENT_TYPES.json },
  ];
}

/** The segments the utterances' cues fall in. */
export function segmentsTouched(job: LiveJob, utterances: ReadonlyMap<string, Utterance>): Set<number> {
  const touched = new Set<number>();
  for (const cues of cuesOf(job, utterances).values()) {
    for (const cue of cues) for (const index of segmentsOf(cue)) touched.add(index);
  }
  return touched;
}

/** RFC 8216 §4: `application/vnd.apple.mpegurl`. */
const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';

function segmentCount(cues: readonly Cue[]): number {
  const end = cues.reduce((latest, cue) => Math.max(latest, cue.endMs), 0);
  return end === 0 ? 0 : (segmentsOf({ startMs: end - 1, endMs: end }).at(-1) ?? 0) + 1;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
