/**
 * The offline recognizer behind the emulated ASR, MPS and CI engines: ffmpeg decodes the media,
 * Debian's pocketsphinx (US English model) recognises it with real word timings, and the words are
 * grouped into sentences at pauses. One recognition runs at a time per process (a queue), because
 * pocketsphinx keeps a core busy for about half the audio's duration.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeToPcm, probeChannels, type RawPcmInput } from './decode-audio.js';
import {
  checkInstallation,
  describeMissing,
  type InstallationCheck,
  type RecognizerInstallation,
} from './installation.js';
import { parsePocketsphinxOutput } from './pocketsphinx-output.js';
import { type Recognition, RecognitionError, type RecognizedSentence } from './recognition.js';
import { RecognitionCache } from './recognition-cache.js';
import { runProgram } from './run-program.js';
import { DEFAULT_SENTENCE_OPTIONS, type SentenceOptions, toSentences } from './sentences.js';
import { SerialQueue } from './serial-queue.js';

/** Options for one recognition. */
export interface RecognizeOptions {
  /**
   * The language the caller asked for ('en', '16k_en', 'zh', ...). Only the US English model is
   * installed by Debian, so every language is recognised with it; the emulator is about the flow
   * and the timings, not about Chinese accuracy.
   */
  readonly language?: string;
  /**
   * Channels the caller declared (ASR ChannelNum). With 2 and audio that really has two channels, each
   * channel is recognised on its own (telephone calls: one speaker per side) and sentences carry
   * `channel`; otherwise the audio is mixed down to mono.
   */
  readonly channels?: number;
  /** Longer audio fails with TooLong. Default 5 h, ASR's limit for a URL source. */
  readonly maxDurationMs?: number;
  /** For headerless PCM (ASR VoiceFormat pcm, MPS AudioFormat pcm): its sample rate and channels. */
  readonly rawPcm?: RawPcmInput;
  readonly sentences?: SentenceOptions;
  /** Called when this recognition leaves the queue and starts (ASR reports Status "doing" from then on). */
  readonly onStart?: () => void;
}

const FIVE_HOURS_MS = 5 * 3_600_000;
const queue = new SerialQueue();
const cache = new RecognitionCache();
let installationCheck: Promise<InstallationCheck> | undefined;

/**
 * Recognises speech in `media` (any container/codec ffmpeg reads). Rejects with a RecognitionError:
 * DecodeFailed (not media, or broken), UnsupportedMedia (no audio track, unknown codec), EmptyAudio
 * (nothing to hear), TooLong, RecognizerMissing (with the apt-get command that installs what is missing).
 */
export async function recognizeSpeech(media: Buffer, options: RecognizeOptions = {}): Promise<Recognition> {
  // Identical audio and options give identical results (pocketsphinx is deterministic), so repeats are
  // answered from the cache without changing any answer (see recognition-cache.ts).
  const { onStart, ...answerOptions } = options;
  let started = false;
  const recognition = await cache.get(RecognitionCache.keyOf(media, answerOptions), () =>
    queue.push(async () => {
      const installation = await ensureInstalled();
      started = true;
      onStart?.();
      return recognizeNow(installation, media, answerOptions);
    }),
  );
  // A cache hit never queued: it still passes through "started" before its result, as ASR reports.
  if (!started) onStart?.();
  return recognition;
}

/** Recognitions queued or running in this process. */
export function pendingRecognitions(): number {
  return queue.size;
}

/**
 * Checks (once per process) that ffmpeg, pocketsphinx and the model are installed; the emulator calls
 * this at start to print what is missing instead of failing on the first upload.
 */
export function recognizerInstallation(): Promise<InstallationCheck> {
  installationCheck ??= checkInstallation();
  return installationCheck;
}

async function ensureInstalled(): Promise<RecognizerInstallation> {
  const check = await recognizerInstallation();
  if (!check.ok) throw new RecognitionError('RecognizerMissing', describeMissing(check));
  return check.installation;
}

async function recognizeNow(
  installation: RecognizerInstallation,
  media: Buffer,
  options: RecognizeOptions,
): Promise<Recognition> {
  if (media.length === 0) throw new RecognitionError('EmptyAudio', 'the audio file is empty');
  const dir = await mkdtemp(join(tmpdir(), 'cos-transcribe-asr-'));
  try {
    const inputPath = join(dir, 'input');
    // `.raw` below: pocketsphinx_continuous expects a RIFF header only for names ending in `.wav`.
    await writeFile(inputPath, media);
    const maxDurationMs = options.maxDurationMs ?? FIVE_HOURS_MS;
    const rawPcm = options.rawPcm ? { rawPcm: options.rawPcm } : {};
    const sentenceOptions = options.sentences ?? DEFAULT_SENTENCE_OPTIONS;
    const stereo =
      options.channels === 2 &&
      !options.rawPcm &&
      ((await probeChannels(installation.ffprobe, inputPath)) ?? 1) >= 2;
    const passes = stereo ? [0, 1] : [undefined];
    let durationMs = 0;
    const sentences: RecognizedSentence[] = [];
    for (const channel of passes) {
      const pcmPath = join(dir, `audio-${channel ?? 'mono'}.raw`);
      const decodedMs = await decodeToPcm({
        ffmpeg: installation.ffmpeg,
        inputPath,
        outputPath: pcmPath,
        maxDurationMs,
        ...rawPcm,
        ...(channel === undefined ? {} : { channel }),
      });
      // Fewer than one 10 ms frame: there is nothing a recogniser could hear.
      if (decodedMs < 10) throw new RecognitionError('EmptyAudio', 'the audio contains no samples');
      durationMs = Math.max(durationMs, decodedMs);
      const stdout = await runPocketsphinx(installation, pcmPath, join(dir, 'decoder.log'), decodedMs);
      const found = toSentences(parsePocketsphinxOutput(stdout), decodedMs, sentenceOptions);
      sentences.push(...(channel === undefined ? found : found.map((s) => ({ ...s, channel }))));
    }
    // Both sides of a call in time order (a stable sort keeps the left channel first on ties).
    sentences.sort((a, b) => a.startMs - b.startMs);
    return { durationMs, sentences };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runPocketsphinx(
  installation: RecognizerInstallation,
  pcmPath: string,
  logPath: string,
  durationMs: number,
): Promise<string> {
  const args = [
    '-infile',
    pcmPath,
    '-time',
    'yes',
    '-hmm',
    installation.acousticModel,
    '-lm',
    installation.languageModel,
    '-dict',
    installation.dictionary,
    // Its INFO chatter goes to a file, so stdout holds only hypotheses and word timings.
    '-logfn',
    logPath,
  ];
  // pocketsphinx runs at roughly 0.5-1.5x real time here; allow generous headroom on a loaded machine.
  const outcome = await runProgram(installation.pocketsphinx, args, 60_000 + durationMs * 4);
  if (outcome.kind === 'missing') {
    throw new RecognitionError(
      'RecognizerMissing',
      `${outcome.reason}; install with: sudo apt-get install -y pocketsphinx pocketsphinx-en-us`,
    );
  }
  if (outcome.kind === 'timeout') {
    throw new RecognitionError('DecodeFailed', 'speech recognition did not finish in time');
  }
  if (outcome.code !== 0) {
    throw new RecognitionError('DecodeFailed', `pocketsphinx failed with exit code ${outcome.code}`);
  }
  return outcome.stdout;
}
