/**
 * Where a live job's objects live. For the input `<inputPrefix>talk.live.json`:
 * - utterances, one object each, in the ledger: `<ledgerPrefix>live/<jobId>/utterances/<start>-<end>-<voice>.json`
 *   (start and end in ms, zero-padded so keys sort in time order; voice = a hash of the VoiceId);
 * - rolling outputs in the output bucket under `<outputPrefix>talk.live/`: `live.m3u8`, `segment-NNNNNN.vtt`,
 *   `transcript.txt` and `status.json`;
 * - the final outputs beside them as for files: `<outputPrefix>talk.live.srt`, `.vtt`, `.qc.json`, ...
 */
import { createHash } from 'node:crypto';
import type { PipelineConfig } from '../../config/pipeline-config.js';
import { outputStem } from '../output-naming.js';

/** The places of one live job. */
export interface LivePlaces {
  /** Bucket and prefix of the job's stored utterances. */
  readonly utterances: { readonly bucket: string; readonly prefix: string };
  readonly outputBucket: string;
  /** Folder of the rolling outputs, ending in '/'. */
  readonly rolling: string;
  /** Stem of the final outputs (`.srt`, `.vtt`, ... are appended). */
  readonly finalStem: string;
}

/** The rolling playlist's name in its folder. */
export const PLAYLIST_NAME = 'live.m3u8';

/** The places for a job of `inputKey`. */
export function livePlaces(
  config: Pick<PipelineConfig, 'input' | 'output' | 'ledger'>,
  inputKey: string,
  jobId: string,
): LivePlaces {
  const stem = outputStem(config, inputKey).replace(/\.json$/, '');
  return {
    utterances: { bucket: config.ledger.bucket, prefix: `${config.ledger.prefix}live/${jobId}/utterances/` },
    outputBucket: config.output.bucket,
    rolling: `${stem}/`,
    finalStem: stem,
  };
}

/** An utterance's key: its times and VoiceId decide it, so a repeat lands on the same key. */
export function utteranceKey(
  places: LivePlaces,
  utterance: { startMs: number; endMs: number; voiceId: string },
): string {
  const pad = (ms: number) => String(ms).padStart(10, '0');
  const voice = createHash('sha256').update(utterance.voiceId).digest('hex').slice(0, 16);
  return `${places.utterances.prefix}${pad(utterance.startMs)}-${pad(utterance.endMs)}-${voice}.json`;
}
