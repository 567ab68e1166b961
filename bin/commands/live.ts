/**
 * `cos-transcribe live start <url> [--name N]` and `cos-transcribe live stop <name|key>`: start a
 * live stream's captions by writing its `<INPUT_PREFIX><name>.live.json` request (the upload
 * trigger does the rest), and stop it by closing its task and writing its final outputs (the stop
 * use case the delete trigger runs; the request object stays, delete it when you like).
 */
import { LiveSettingsError, readLiveSettings } from '../../lib/engines/live/live-settings.js';
import { livePlaces, PLAYLIST_NAME } from '../../lib/pipeline/live/live-places.js';
import { LIVE_SUFFIX } from '../../lib/pipeline/live/start-live.js';
import { stopLive } from '../../lib/pipeline/live/stop-live.js';
import { connectionHelp, connectionOptions, parseCommandArgs } from '../cli/arguments.js';
import { type Connection, connect } from '../cli/connection.js';
import { err, out } from '../cli/terminal.js';
import { exitCodes, oneLine, UsageError, where } from '../cli/usage-error.js';

/** One line for `cos-transcribe --help`. */
export const summary = 'start or stop live captions of a stream (RTMP, RTSP, HTTP-FLV)';

const HELP = `usage: cos-transcribe live start <url> [--name N] [--language L] [options]
       cos-transcribe live stop <name|key> [options]

start  writes <INPUT_PREFIX><N>.live.json with {"url": <url>}; the pipeline starts ASR live
       recognition and writes live subtitles under <OUTPUT_PREFIX><N>.live/ (live.m3u8, segments,
       transcript.txt, status.json). N defaults to the last part of the URL's path.
stop   closes the stream's task and writes its final subtitles (<OUTPUT_PREFIX><N>.live.srt, ...).
       Deleting the .live.json object does the same.

The stream runs in the cloud, not in this command: use --local-cloud (the one npm start prints) or
--cloud; a local cloud started inside this command ends with it.

options:
  --name N          the request's name (letters, digits, '-', '_', '/')
  --language L      zh, en, ... or an engine type such as 16k_en (default: ENGINE_MODEL)
  -h, --help        this text
${connectionHelp}

exit status:
  0  started, or stopped
  1  nothing to stop, or the cloud could not be reached
  2  bad usage (no URL, a URL live recognition does not read, a bad name)`;

const options = {
  ...connectionOptions,
  name: { type: 'string' },
  language: { type: 'string' },
} as const;

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let connection: Connection | undefined;
  try {
    const { values, positionals } = parseCommandArgs('live', argv, options);
    const [action, target, ...extra] = positionals;
    if (values.help || action === undefined) {
      await out(`${HELP}\n`);
      return values.help ? exitCodes.ok : exitCodes.usage;
    }
    if (target === undefined || extra.length > 0 || (action !== 'start' && action !== 'stop')) {
      throw new UsageError(
        `expected 'live start <url>' or 'live stop <name|key>' (see cos-transcribe live --help)`,
      );
    }
    if (action === 'start') {
      const request = { url: target, ...(values.language ? { language: values.language } : {}) };
      const name = requestName(values.name ?? nameOfUrl(target));
      connection = await connect(values);
      return await start(connection, name, request);
    }
    connection = await connect(values);
    return await stop(connection, target);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || error instanceof LiveSettingsError) {
      err(`cos-transcribe live: ${message}\n`);
      return exitCodes.usage;
    }
    err(`cos-transcribe live: ${oneLine(message)}${where(connection)}\n`);
    return exitCodes.failed;
  } finally {
    await connection?.close();
  }
}

async function start(connection: Connection, name: string, request: { url: string }): Promise<number> {
  const { config, storage } = connection.deps;
  // Refused here with the pipeline's own words, rather than as a failed status a moment later.
  readLiveSettings(JSON.stringify(request), config.defaults);
  const key = `${config.input.prefix}${name}${LIVE_SUFFIX}`;
  await storage.put(
    { bucket: config.input.bucket, key },
    { body: `${JSON.stringify(request)}\n`, contentType: 'application/json' },
  );
  const places = livePlaces(config, key, '');
  await out(
    `${key}: started on the ${connection.where}\nlive subtitles: ${config.output.bucket}/${places.rolling}${PLAYLIST_NAME}\nstop with: cos-transcribe live stop ${name}\n`,
  );
  return exitCodes.ok;
}

async function stop(connection: Connection, target: string): Promise<number> {
  const { config } = connection.deps;
  const withSuffix = target.endsWith(LIVE_SUFFIX) ? target : `${target}${LIVE_SUFFIX}`;
  const key = withSuffix.startsWith(config.input.prefix) ? withSuffix : `${config.input.prefix}${withSuffix}`;
  const outcome = await stopLive(connection.deps, config.input.bucket, key, 'cli');
  if (outcome.outcome === 'ignored') {
    err(`cos-transcribe live: ${key} has no running stream on the ${connection.where}\n`);
    return exitCodes.failed;
  }
  const places = livePlaces(config, key, '');
  await out(
    `${key}: ${outcome.outcome === 'done' ? 'stopped' : 'already ended'}; final subtitles: ${config.output.bucket}/${places.finalStem}.*\n`,
  );
  return exitCodes.ok;
}

/** The last path segment of a stream URL, without its extension ('rtmp://h/app/talk' → 'talk'). */
function nameOfUrl(url: string): string {
  let path = '';
  try {
    path = new URL(url).pathname;
  } catch {
    throw new UsageError(`'${url}' is not a URL; give the stream address, e.g. rtmp://host/app/stream`);
  }
  const last = path.split('/').filter(Boolean).at(-1) ?? 'stream';
  return last.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '-') || 'stream';
}

function requestName(name: string): string {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(name)) {
    throw new UsageError(`--name '${name}': use letters, digits, '-', '_' and '/' between parts`);
  }
  return name;
}
