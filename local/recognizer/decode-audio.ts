/**
 * Turns any media the engines accept (wav, mp3, m4a, aac, flac, ogg/opus, amr, webm, mp4 and other
 * video) into what pocketsphinx reads: 16 kHz, mono, signed 16-bit little-endian PCM, written to a file.
 * ffmpeg's exit status and stderr tell the failure kinds apart.
 */
import { stat } from 'node:fs/promises';
import { RecognitionError } from './recognition.js';
import { runProgram } from './run-program.js';

/** 16 kHz × 2 bytes per sample, mono: bytes per ms of decoded audio. */
export const PCM_BYTES_PER_MS = 32;

/** Headerless PCM cannot be probed; the caller says what it is (ASR VoiceFormat pcm, MPS AudioFormat pcm). */
export interface RawPcmInput {
  readonly sampleRate: number;
  readonly channels?: number;
}

/** What to decode and where to put the result. */
export interface DecodeRequest {
  readonly ffmpeg: string;
  readonly inputPath: string;
  readonly outputPath: string;
  /** Audio longer than this fails with TooLong; only a little more than this is ever decoded. */
  readonly maxDurationMs: number;
  readonly rawPcm?: RawPcmInput;
  /** Keep only this channel (0 = left) instead of mixing all channels down. */
  readonly channel?: number;
}

/**
 * The number of channels of the first audio stream, or undefined when ffprobe cannot tell (or is
 * absent: it ships with ffmpeg, but a missing one must not stop mono recognition).
 */
export async function probeChannels(ffprobe: string, inputPath: string): Promise<number | undefined> {
  const outcome = await runProgram(
    ffprobe,
    [
      '-v',
      'error',
      '-select_streams',
      'a:0',
      '-show_entries',
      'stream=channels',
      '-of',
      'csv=p=0',
      inputPath,
    ],
    30_000,
  );
  if (outcome.kind !== 'exited' || outcome.code !== 0) return undefined;
  const channels = Number.parseInt(outcome.stdout.trim(), 10);
  return Number.isInteger(channels) && channels > 0 ? channels : undefined;
}

/** Decodes to 16 kHz mono PCM and returns the decoded duration in ms. */
export async function decodeToPcm(request: DecodeRequest): Promise<number> {
  const input = request.rawPcm
    ? ['-f', 's16le', '-ar', String(request.rawPcm.sampleRate), '-ac', String(request.rawPcm.channels ?? 1)]
    : [];
  // Decode one second past the limit: enough to know the limit was passed without decoding hours.
  const limitSeconds = (request.maxDurationMs + 1000) / 1000;
  const args = [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    ...input,
    '-i',
    request.inputPath,
    // The first audio stream only: a video's picture is ignored, a file without sound is refused.
    '-map',
    '0:a:0',
    '-vn',
    ...(request.channel === undefined ? ['-ac', '1'] : ['-af', `pan=mono|c0=c${request.channel}`]),
    '-ar',
    '16000',
    '-t',
    String(limitSeconds),
    '-f',
    's16le',
    '-y',
    request.outputPath,
  ];
  const outcome = await runProgram(request.ffmpeg, args, 120_000);
  if (outcome.kind === 'missing') {
    throw new RecognitionError(
      'RecognizerMissing',
      `${outcome.reason}; install with: sudo apt-get install -y ffmpeg`,
    );
  }
  if (outcome.kind === 'timeout') {
    throw new RecognitionError('DecodeFailed', 'decoding the audio took longer than 120 s');
  }
  if (outcome.code !== 0) throw classifyFailure(outcome.stderr);
  const { size } = await stat(request.outputPath);
  const durationMs = Math.floor(size / PCM_BYTES_PER_MS);
  if (durationMs > request.maxDurationMs) {
    throw new RecognitionError(
      'TooLong',
      `audio is longer than the limit of ${formatDuration(request.maxDurationMs)}`,
    );
  }
  return durationMs;
}

function classifyFailure(stderr: string): RecognitionError {
  const detail = firstLine(stderr);
  if (/matches no streams|does not contain any stream|Output file .* does not contain/i.test(stderr)) {
    return new RecognitionError('UnsupportedMedia', 'the file has no audio track');
  }
  if (
    /Invalid data found|could not find codec|Unknown input format|moov atom not found|EBML header parsing failed/i.test(
      stderr,
    )
  ) {
    return new RecognitionError(
      'DecodeFailed',
      `the file is not audio or video that can be decoded (${detail})`,
    );
  }
  if (/Decoder .* not found|Unsupported codec|unsupported/i.test(stderr)) {
    return new RecognitionError('UnsupportedMedia', `the audio codec is not supported (${detail})`);
  }
  return new RecognitionError('DecodeFailed', `the audio could not be decoded (${detail})`);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'no reason given';
  // ffmpeg prefixes messages with the temporary file path; that path means nothing to the caller.
  return line
    .replace(/^[^:]*\/input[^:]*:\s*/, '')
    .trim()
    .slice(0, 200);
}

function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
