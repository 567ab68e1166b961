/**
 * `cos-transcribe transcribe <files...>`: uploads each file to the input bucket, follows it through
 * the pipeline by its status object, and brings the outputs home. Exit 0 when every file is done,
 * 1 when any failed (each failure's code and message on stderr), 2 for bad usage.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type COS from 'cos-nodejs-sdk-v5';
import { effectiveProfile } from '../../lib/config/effective-profile.js';
import { MetadataOverrideError } from '../../lib/config/metadata-override-error.js';
import type { PipelineConfig } from '../../lib/config/pipeline-config.js';
import { parseEngine, parseFormats } from '../../lib/config/settings-fields.js';
import type { InputStatus } from '../../lib/jobs/input-status.js';
import { uploadVersionOf } from '../../lib/pipeline/input-version.js';
import { jobIdFor } from '../../lib/pipeline/job-id.js';
import type { ObjectHead } from '../../lib/tencent/object-storage.js';
import { connectionHelp, connectionOptions, durationFlag, parseCommandArgs } from '../cli/arguments.js';
import { type Connection, ConnectionError, connect } from '../cli/connection.js';
import { downloadOutputs } from '../cli/outputs.js';
import { createProgressView, type FilePhase, type ProgressView } from '../cli/progress.js';
import { seconds, statusSummary } from '../cli/status-text.js';
import { err, isInteractive, out } from '../cli/terminal.js';
import { exitCodes, oneLine, UsageError, where } from '../cli/usage-error.js';
import { watchStatus } from '../cli/watch-status.js';

/** One line for `cos-transcribe --help`. */
export const summary = 'upload files, wait for the pipeline, download their transcripts and subtitles';

const DEFAULT_TIMEOUT = '30m';

const HELP = `usage: cos-transcribe transcribe <files...> [options]

Uploads each file to the input bucket (key: INPUT_PREFIX + file name, or the --profile prefix + file
name), waits for the job that upload makes (its id is shown when it ends; an earlier job of the
same key with other settings never counts), then downloads that job's outputs (subtitles,
transcript, QC report, raw engine result) next to the file, or into --out. The same file uploaded
again with the same settings is the same job: its outputs are fetched, nothing is redone.
Progress is a bar on a terminal, plain lines otherwise (stderr); stdout lists the downloaded files.

options:
  --out DIR          download outputs here (default: next to each input)
  --profile PREFIX   upload under this PROFILES prefix (full, or after INPUT_PREFIX) to use its settings
  --formats LIST     output formats for these files: comma list of srt, vtt, ass, txt, json
  --language CODE    recognition language (en, zh, ...) or model name, for these files
  --engine NAME      ci, asr, sentence, mps or auto, for these files
  --timeout D        stop waiting after D (90s, 10m, 2h; default ${DEFAULT_TIMEOUT}); the job goes on
  -h, --help         this text
${connectionHelp}

Per-file settings travel as x-cos-meta-asr-* metadata, exactly as any uploader can set them.

exit status:
  0    every file is done and its outputs are downloaded
  1    a file failed, was skipped or timed out (code and message on stderr), or the cloud could not
       be reached
  2    bad usage: unknown option, missing or unreadable file, bad value, configuration refused
  130  interrupted (Ctrl-C); uploaded files go on in a running or real cloud (an in-command local
       cloud stops with the command): see cos-transcribe status`;

const options = {
  ...connectionOptions,
  out: { type: 'string' },
  profile: { type: 'string' },
  formats: { type: 'string' },
  language: { type: 'string' },
  engine: { type: 'string' },
  timeout: { type: 'string' },
} as const;

interface Upload {
  readonly file: string;
  readonly name: string;
  readonly key: string;
  readonly etag: string;
  /** The job this upload makes (undefined when its metadata will be refused: no job is made). */
  readonly jobId: string | undefined;
  readonly uploadVersion: string;
  readonly uploadedAt: number;
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let connection: Connection | undefined;
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.on('SIGINT', onSignal);
  try {
    const { values, positionals } = parseCommandArgs('transcribe', argv, options);
    if (values.help) {
      await out(`${HELP}\n`);
      return exitCodes.ok;
    }
    const files = await checkFiles(positionals);
    const timeoutMs = durationFlag('--timeout', values.timeout, durationFlag('', DEFAULT_TIMEOUT, 0));
    const metadata = metadataFlags(values);
    connection = await connect(values);
    const { deps } = connection;
    const prefix = uploadPrefix(connection, values.profile);
    const interactive = isInteractive();
    err(`transcribing ${files.length} file${files.length === 1 ? '' : 's'} on the ${connection.where}\n`);
    const view = createProgressView(
      files.map((f) => path.basename(f)),
      interactive,
    );
    const deadline = Date.now() + timeoutMs;
    const pollMs = connection.mode === 'cloud' ? 3000 : 200;

    const results = await Promise.all(
      files.map(async (file) => {
        const name = path.basename(file);
        const upload = await uploadFile(connection as Connection, file, `${prefix}${name}`, metadata, view);
        return follow(connection as Connection, upload, view, { deadline, pollMs, signal: interrupt.signal });
      }),
    );
    view.finish();
    if (interrupt.signal.aborted) {
      err(
        connection.mode === 'local-in-command'
          ? "interrupted: this command's local cloud stopped with it; see cos-transcribe status, and start a file again with cos-transcribe replay --resubmit <file>\n"
          : 'interrupted: uploaded files go on in the cloud; see cos-transcribe status\n',
      );
      return exitCodes.interrupted;
    }

    let failed = 0;
    for (const result of results) {
      if (result.status?.state === 'done') {
        const folder = values.out ?? path.dirname(result.upload.file);
        const written = await downloadOutputs(
          deps,
          result.status.outputs,
          folder,
          result.status.jobId ?? undefined,
        );
        await out(written.map((f) => `${f}\n`).join(''));
      } else {
        failed++;
        err(`${result.upload.name}: ${failureLine(result.upload, result.status, timeoutMs)}\n`);
      }
    }
    return failed === 0 ? exitCodes.ok : exitCodes.failed;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`cos-transcribe transcribe: ${error.message}\n`);
      return exitCodes.usage;
    }
    err(`cos-transcribe transcribe: ${oneLine(describe(error))}${where(connection)}\n`);
    return exitCodes.failed;
  } finally {
    process.off('SIGINT', onSignal);
    await connection?.close();
  }
}

async function checkFiles(positionals: readonly string[]): Promise<string[]> {
  if (positionals.length === 0) throw new UsageError('no file given: cos-transcribe transcribe <files...>');
  const names = new Map<string, string>();
  for (const file of positionals) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}`,
      );
    }
    if (!info.isFile()) throw new UsageError(`cannot read ${file}: not a regular file`);
    const name = path.basename(file);
    const other = names.get(name);
    // Keys are made from the file name, so two files of one name would overwrite each other.
    if (other !== undefined)
      throw new UsageError(`${other} and ${file} have the same name ${name}; rename one`);
    names.set(name, file);
  }
  return [...positionals];
}

/** The x-cos-meta-asr-* overrides the flags ask for, checked here so a typo never leaves the machine. */
function metadataFlags(values: {
  formats?: string;
  language?: string;
  engine?: string;
}): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (values.formats !== undefined) {
    const formats = parseFormats(values.formats);
    if (!formats.ok) throw new UsageError(`--formats: ${formats.problem}`);
    metadata['x-cos-meta-asr-formats'] = formats.value.join(',');
  }
  if (values.engine !== undefined) {
    const engine = parseEngine(values.engine);
    if (!engine.ok) throw new UsageError(`--engine: ${engine.problem}`);
    metadata['x-cos-meta-asr-engine'] = engine.value;
  }
  if (values.language !== undefined) {
    if (!/^[A-Za-z0-9_.-]{2,32}$/.test(values.language)) {
      throw new UsageError(
        `--language expects a code like en or zh, or a model like 16k_en, got '${values.language}'`,
      );
    }
    metadata['x-cos-meta-asr-language'] = values.language;
  }
  return metadata;
}

function uploadPrefix(connection: Connection, profile: string | undefined): string {
  const { config } = connection.deps;
  if (profile === undefined) return config.input.prefix;
  const wanted = profile.endsWith('/') ? profile : `${profile}/`;
  const match = config.profiles.find(
    (p) => p.prefix === wanted || p.prefix === `${config.input.prefix}${wanted}`,
  );
  if (!match) {
    const known = config.profiles.map((p) => p.prefix);
    throw new UsageError(
      `--profile '${profile}' is not a PROFILES prefix; ${known.length === 0 ? 'PROFILES defines none' : `use one of ${known.join(', ')}`}`,
    );
  }
  return match.prefix;
}

async function uploadFile(
  connection: Connection,
  file: string,
  key: string,
  metadata: Record<string, string>,
  view: ProgressView,
): Promise<Upload> {
  const { config } = connection.deps;
  const name = path.basename(file);
  view.update(name, { phase: 'uploading', uploaded: 0 });
  await sdkUpload(connection.cos, {
    Bucket: config.input.bucket,
    Region: config.region,
    Key: key,
    FilePath: file,
    // Multipart above 16 MB: large recordings resume part by part instead of restarting.
    SliceSize: 16 * 1024 * 1024,
    ContentType: contentTypeOf(name),
    Headers: metadata,
    onProgress: (info: { percent: number }) =>
      view.update(name, { phase: 'uploading', uploaded: Math.min(1, info.percent) }),
  });
  // The ETag the upload trigger sees (multipart uploads have their own form), from COS itself.
  const head = await connection.deps.storage.head({ bucket: config.input.bucket, key });
  if (!head) throw new Error(`${key} is missing from ${config.input.bucket} right after its upload`);
  view.update(name, { phase: 'uploaded', detail: `${config.input.bucket}/${key}` });
  return {
    file,
    name,
    key,
    etag: head.etag,
    jobId: jobOfUpload(connection.deps.config, key, head),
    uploadVersion: uploadVersionOf(head),
    uploadedAt: head.lastModified.getTime(),
  };
}

/**
 * The job the upload function makes of this upload: the same id from the same content and
 * settings (lib/pipeline/job-id.ts). Waiting for it, rather than for whatever the key's status shows,
 * keeps a previous job of the same key (other settings, finished already) from passing for this one.
 */
function jobOfUpload(config: PipelineConfig, key: string, head: ObjectHead): string | undefined {
  try {
    const profile = effectiveProfile(config, key, head.metadata);
    return jobIdFor({ bucket: config.input.bucket, key, etag: head.etag, profile });
  } catch (error) {
    if (error instanceof MetadataOverrideError) return undefined;
    throw error;
  }
}

function sdkUpload(cos: COS, params: COS.UploadFileParams): Promise<unknown> {
  return new Promise((resolve, reject) => {
    cos.uploadFile(params, (error, data) => (error ? reject(uploadError(error)) : resolve(data)));
  });
}

async function follow(
  connection: Connection,
  upload: Upload,
  view: ProgressView,
  options: { deadline: number; pollMs: number; signal: AbortSignal },
): Promise<{ upload: Upload; status: InputStatus | undefined }> {
  const outcome = await watchStatus(
    connection.deps,
    {
      bucket: connection.deps.config.input.bucket,
      key: upload.key,
      etag: upload.etag,
      ...(upload.jobId === undefined ? {} : { jobId: upload.jobId }),
      uploadVersion: upload.uploadVersion,
      uploadedAt: upload.uploadedAt,
    },
    {
      ...options,
      onStatus: (status) =>
        view.update(upload.name, { phase: status.state as FilePhase, detail: phaseDetail(status) }),
    },
  );
  if (outcome.ended) return { upload, status: outcome.status };
  if (!options.signal.aborted)
    view.update(upload.name, { phase: 'timed-out', detail: outcome.last?.state ?? 'no status yet' });
  return { upload, status: outcome.last };
}

function phaseDetail(status: InputStatus): string {
  if (status.state === 'done') {
    return `job ${status.jobId}, ${status.engine ?? 'engine'}, ${status.outputs.length} outputs${status.timings.elapsedMs === null ? '' : `, ${seconds(status.timings.elapsedMs)}`}${status.note ? `; ${status.note}` : ''}`;
  }
  return statusSummary(status);
}

function failureLine(upload: Upload, status: InputStatus | undefined, timeoutMs: number): string {
  if (!status) {
    const job = upload.jobId === undefined ? '' : ` of job ${upload.jobId}`;
    return `TimedOut: no status${job} within ${seconds(timeoutMs)}; is the upload trigger running? see cos-transcribe status`;
  }
  if (status.error) {
    return `${status.state}${status.jobId === null ? '' : ` (job ${status.jobId})`}: ${status.error.code}: ${status.error.message}`;
  }
  return `TimedOut: still ${status.state} after ${seconds(timeoutMs)}${status.taskId ? ` (${status.engine} task ${status.taskId})` : ''}; the job goes on: see cos-transcribe status ${status.input.key}`;
}

const contentTypes: Readonly<Record<string, string>> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  flac: 'audio/flac',
  amr: 'audio/amr',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
};

function contentTypeOf(name: string): string {
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return contentTypes[extension] ?? 'application/octet-stream';
}

function uploadError(error: unknown): Error {
  const e = error as { code?: string; message?: string; statusCode?: number };
  return new ConnectionError(
    `upload failed: ${e.code ?? e.statusCode ?? ''} ${e.message ?? String(error)}`.trim(),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
