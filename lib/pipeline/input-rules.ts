/**
 * What the pipeline accepts and which engine takes it. Limits are Tencent's (docs/tencent-wire.md §3, §6, §7): ASR
 * CreateRecTask by URL at most 1 GB and 5 h; CI speech jobs at most 512 MB; SentenceRecognition and
 * MPS RecognizeAudio at most 60 s and 3 MB. Durations are known up front only for WAV (from its
 * header); for other formats the engine enforces its own limit and its refusal becomes the failure.
 */
import type { Engine } from '../config/engines.js';
import type { FileEngineName } from '../engines/engine-names.js';
import { fileEngines } from '../engines/file-engines.js';
import { extensionOf } from '../tencent/cos/object-key.js';

/** A refusal: the code and the message a person can act on. */
export interface Refusal {
  readonly state: 'failed' | 'skipped';
  readonly code: string;
  readonly message: string;
}

const MB = 1024 * 1024;

/** Media extensions ASR and CI take (docs/tencent-wire.md §3.2, §6); video containers carry an audio track. */
const mediaExtensions = new Set([
  'wav',
  'mp3',
  'm4a',
  'aac',
  'ogg',
  'opus',
  'flac',
  'amr',
  'pcm',
  'speex',
  'silk',
  'wma',
  'mp4',
  'mov',
  'mkv',
  'webm',
  'flv',
  'avi',
  '3gp',
  'm4v',
  'ts',
]);

/** Refuses what is not media: by extension first, else by an audio/video Content-Type. */
export function typeRefusal(key: string, contentType: string): Refusal | undefined {
  const extension = extensionOf(key);
  if (mediaExtensions.has(extension)) return undefined;
  if (extension === '' && /^(audio|video)\//i.test(contentType)) return undefined;
  return {
    state: 'skipped',
    code: 'UnsupportedType',
    message: `"${extension === '' ? contentType || 'no extension' : `.${extension}`}" is not audio or video; upload one of ${[...mediaExtensions].map((e) => `.${e}`).join(' ')}`,
  };
}

/** What routing knows about an object. */
export interface RoutingFacts {
  readonly key: string;
  readonly size: number;
  /** From a WAV header; undefined for other formats. */
  readonly durationMs: number | undefined;
}

/**
 * Chooses the engine: the profile's, or for `auto` the synchronous SentenceRecognition for a clip
 * known to be short, else ASR (largest limit). Keys with `.`/`..` segments never get here: their
 * outputs could not be named safely (output-naming.ts).
 */
export function chooseEngine(engine: Engine, facts: RoutingFacts): FileEngineName {
  if (engine !== 'auto') return engine;
  if (
    facts.durationMs !== undefined &&
    facts.durationMs <= fileEngines.sentence.limits.maxDurationMs &&
    facts.size <= fileEngines.sentence.limits.maxBytes
  ) {
    return 'sentence';
  }
  return 'asr';
}

/** Checks size and duration for the chosen engine. */
export function limitRefusal(engine: FileEngineName, facts: RoutingFacts): Refusal | undefined {
  if (facts.size === 0) {
    return {
      state: 'failed',
      code: 'EmptyFile',
      message: 'the object is empty (0 bytes); upload the file again',
    };
  }
  const limits = fileEngines[engine].limits;
  if (facts.size > limits.maxBytes) {
    return {
      state: 'failed',
      code: 'TooLarge',
      message: `${formatBytes(facts.size)} is over the ${engine} limit of ${formatBytes(limits.maxBytes)}; split the recording or compress it (e.g. ffmpeg -i in -ac 1 -ar 16000 -b:a 48k out.mp3) and upload again`,
    };
  }
  if (facts.durationMs !== undefined && facts.durationMs > limits.maxDurationMs) {
    return {
      state: 'failed',
      code: 'TooLong',
      message: `${Math.round(facts.durationMs / 1000)} s of audio is over the ${engine} limit of ${limits.maxDurationMs / 1000} s; split the recording or use engine asr`,
    };
  }
  return undefined;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * MB ? `${(bytes / (1024 * MB)).toFixed(2)} GB` : `${(bytes / MB).toFixed(1)} MB`;
}

/**
 * Audio length from a RIFF/WAVE header: data chunk size over byte rate. Undefined when the bytes are
 * not a WAV or the header is incomplete (streamed WAVs write 0 or 0xFFFFFFFF sizes).
 */
export function wavDurationMs(bytes: Buffer): number | undefined {
  let byteRate: number | undefined;
  for (const chunk of waveChunks(bytes)) {
    if (chunk.id === 'fmt ' && chunk.start + 8 <= bytes.length)
      byteRate = bytes.readUInt32LE(chunk.start + 8);
    if (chunk.id === 'data') {
      if (!byteRate || chunk.size === 0 || chunk.size === 0xffffffff) return undefined;
      return Math.round((Math.min(chunk.size, bytes.length - chunk.start) * 1000) / byteRate);
    }
  }
  return undefined;
}

/**
 * The chunks of a RIFF/WAVE file in order, as far as `bytes` hold their headers: each chunk's id,
 * where its data starts and its declared size. None when the bytes are not a WAV.
 */
export function* waveChunks(bytes: Buffer): Generator<{ id: string; start: number; size: number }> {
  if (
    bytes.length < 12 ||
    bytes.toString('ascii', 0, 4) !== 'RIFF' ||
    bytes.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    return;
  }
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const size = bytes.readUInt32LE(offset + 4);
    yield { id: bytes.toString('ascii', offset, offset + 4), start: offset + 8, size };
    offset += 8 + size + (size % 2);
  }
}
