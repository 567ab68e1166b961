/**
 * `cos-transcribe render <file|->`: renders any engine result this project reads (or its own canonical
 * JSON) as subtitles or text on stdout, offline, without re-transcribing. Exit 0 on success; 2 with
 * one line on stderr for bad usage or input it cannot render (unreadable file, malformed or cut-short
 * result, a failed or unfinished task).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderTranscript, SUBTITLE_FORMATS, type SubtitleFormat } from '../../lib/subtitles/render.js';
import {
  TranscriptNotReadyError,
  TranscriptParseError,
  TranscriptTaskFailedError,
} from '../../lib/transcript/parse-error.js';
import type { ReadOptions } from '../../lib/transcript/read-options.js';
import { readTranscript } from '../../lib/transcript/read-transcript.js';
import { writeStdout } from '../cli/write-stdout.js';

/** One line for `cos-transcribe --help`. */
export const summary = 'render an engine result or a canonical transcript as srt, vtt, ass, txt or json';

const PROFILES = ['en', 'zh', 'auto'] as const;

const HELP = `usage: cos-transcribe render <file|-> [--format srt|vtt|ass|txt|json] [--profile en|zh|auto]

Reads a recognition result from a file, or from stdin with '-', and writes the rendering to stdout.
Understood: ASR DescribeTaskStatus JSON (whole answer, Data, or the task status), the ASR callback
form body, CI speech job XML or JSON (callback or query answer), SentenceRecognition JSON, MPS
RecognizeAudio JSON, and this project's canonical transcript JSON (also the JSON rendering).

options:
  --format F     srt (default), vtt, ass, txt or json
  --profile P    subtitle rules: en, zh, or auto (default: from the transcript's language)
  --model M      the engine model the task ran with (e.g. 16k_zh), when the result does not say
  --channels N   audio channels the task ran with; 2 makes SpeakerId the channel (telephone audio)
  -h, --help     this text

exit status: 0 rendered; 2 bad usage or input that cannot be rendered (reason on stderr).`;

/** Usage errors and unreadable input: reported as one line, exit 2. */
class RenderInputError extends Error {}

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  try {
    const args = parseArguments(argv);
    if (args === 'help') {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const input = args.file === '-' ? await readStdin() : readFromPath(args.file);
    const transcript = readTranscript(input, args.readOptions);
    const output = renderTranscript(transcript, args.format, { profile: args.profile });
    await writeStdout(output);
    return 0;
  } catch (error) {
    if (
      error instanceof RenderInputError ||
      error instanceof TranscriptParseError ||
      error instanceof TranscriptTaskFailedError ||
      error instanceof TranscriptNotReadyError
    ) {
      process.stderr.write(`cos-transcribe render: ${oneLine(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}

interface RenderArguments {
  readonly file: string;
  readonly format: SubtitleFormat;
  readonly profile: (typeof PROFILES)[number];
  readonly readOptions: ReadOptions;
}

function parseArguments(argv: string[]): RenderArguments | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new RenderInputError(`${(error as Error).message} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new RenderInputError(
      positionals.length === 0
        ? 'missing input: give a file, or - for stdin (see --help)'
        : `expected one input, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  const format = values.format ?? 'srt';
  if (!isOneOf(SUBTITLE_FORMATS, format)) {
    throw new RenderInputError(`unknown --format '${format}': use ${SUBTITLE_FORMATS.join(', ')}`);
  }
  const profile = values.profile ?? 'auto';
  if (!isOneOf(PROFILES, profile)) {
    throw new RenderInputError(`unknown --profile '${profile}': use ${PROFILES.join(', ')}`);
  }
  let channelCount: number | undefined;
  if (values.channels !== undefined) {
    channelCount = Number(values.channels);
    if (!Number.isInteger(channelCount) || channelCount < 1) {
      throw new RenderInputError(`--channels must be a whole number of 1 or more, got '${values.channels}'`);
    }
  }
  const readOptions: ReadOptions = {
    ...(values.model === undefined ? {} : { model: values.model }),
    ...(channelCount === undefined ? {} : { channelCount }),
  };
  return { file: positionals[0], format, profile, readOptions };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      profile: { type: 'string' },
      model: { type: 'string' },
      channels: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function readFromPath(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new RenderInputError(`cannot read ${file}: ${reason}`);
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
