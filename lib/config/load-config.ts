/**
 * One schema over the whole environment (STYLE §5). `loadConfig(process.env)` returns the exact
 * `PipelineConfig` or throws a `ConfigError` that lists every problem at once, each with the variable
 * and the fix. Variables, defaults and meanings are in the README's configuration table.
 */
import { z } from 'zod';
import { defaultCiJobsPath, parseCiJobsPath } from '../engines/ci/jobs-path.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { formatDurationMs, parseDurationMs } from './duration.js';
import { channelsProblem, modelProblem, speakersProblem } from './engines.js';
import type { EngineSettings, PipelineConfig, Place } from './pipeline-config.js';
import { prefixesOverlap } from './prefix-overlap.js';
import { parseProfilesVariable } from './profiles-variable.js';
import { secretWeakness } from './secret-strength.js';
import { SecretValue } from './secret-value.js';
import {
  type Parsed,
  parseEngine,
  parseFilterLevel,
  parseFormats,
  parseHotwords,
  parseSpeakers,
  parseSubtitleProfile,
} from './settings-fields.js';

/** Defaults for every optional variable (documented in the README table). */
export const configDefaults = {
  INPUT_PREFIX: 'input/',
  OUTPUT_PREFIX: 'output/',
  LEDGER_PREFIX: 'cos-transcribe/',
  DEFAULT_ENGINE: 'auto',
  ENGINE_MODEL: '16k_zh',
  CI_JOBS_PATH: defaultCiJobsPath,
  OUTPUT_FORMATS: 'srt,vtt,txt,json',
  SUBTITLE_PROFILE: 'auto',
  SPEAKERS: 'off',
  PRESIGN_TTL: '6h',
  RECONCILE_STALE_AFTER: '30m',
  // ASR may take up to 3 h to answer (docs/tencent-wire.md §3.1); twice that before we give up.
  RECONCILE_HARD_LIMIT: '6h',
  RECONCILE_MAX_SUBMISSIONS: '20',
} as const;

/** The environment as SCF gives it (process.env or a test's plain record). */
export type Environment = Readonly<Record<string, string | undefined>>;

// COS bucket names: lower-case letters, digits and '-', then '-<appid>' (1-50 chars before it).
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}-\d{5,}$/);
const region = z.string().regex(/^[a-z]{2,}-[a-z]+(-[a-z0-9]+)*$/);
const appId = z.string().regex(/^\d{5,}$/);
/**
 * The variable that points every client at the local emulator (lib/pipeline/from-environment.ts).
 * Read here too: a local cloud's callback route is plain http on loopback.
 */
export const localCloudVariable = 'COS_TRANSCRIBE_LOCAL_CLOUD';

/** Validates `env` and returns the pipeline configuration, or throws `ConfigError` with every problem. */
export function loadConfig(env: Environment): PipelineConfig {
  const problems: ConfigProblem[] = [];
  const problem = (variable: string, message: string) => problems.push({ variable, message });
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const withDefault = (name: keyof typeof configDefaults): string => read(name) ?? configDefaults[name];
  const field = <T>(name: string, text: string, parse: (t: string) => Parsed<T>, fallback: T): T => {
    const result = parse(text);
    if (result.ok) return result.value;
    problem(name, result.problem);
    return fallback;
  };

  // Where things live. Region and app id fall back to what SCF sets in every function.
  const regionText = read('REGION') ?? read('TENCENTCLOUD_REGION');
  if (regionText === undefined)
    problem('REGION', "is not set; set it to the buckets' region, e.g. ap-guangzhou");
  else if (!region.safeParse(regionText).success) {
    problem(
      'REGION',
      `"${regionText}" is not a region name; write it like ap-guangzhou (not the short code "gz")`,
    );
  }

  const inputBucket = read('INPUT_BUCKET');
  const checkBucket = (name: string, value: string | undefined) => {
    if (value !== undefined && !bucketName.safeParse(value).success) {
      problem(name, `"${value}" is not a full bucket name; write <name>-<appid>, e.g. media-1250000000`);
    }
  };
  if (inputBucket === undefined)
    problem('INPUT_BUCKET', 'is not set; set it to the watched bucket, <name>-<appid>');
  checkBucket('INPUT_BUCKET', inputBucket);
  const outputBucket = read('OUTPUT_BUCKET') ?? inputBucket;
  checkBucket('OUTPUT_BUCKET', read('OUTPUT_BUCKET'));
  const ledgerBucket = read('LEDGER_BUCKET') ?? outputBucket;
  checkBucket('LEDGER_BUCKET', read('LEDGER_BUCKET'));

  // A malformed INPUT_BUCKET is already reported; deriving an app id from it would only add noise.
  const appIdFromBucket =
    inputBucket && bucketName.safeParse(inputBucket).success
      ? inputBucket.slice(inputBucket.lastIndexOf('-') + 1)
      : undefined;
  const appIdText = read('APP_ID') ?? read('TENCENTCLOUD_APPID') ?? appIdFromBucket;
  if (appIdText !== undefined && !appId.safeParse(appIdText).success) {
    problem('APP_ID', `"${appIdText}" is not an app id; use the digits of your APPID, e.g. 1250000000`);
  }
  for (const [name, bucket] of [
    ['INPUT_BUCKET', inputBucket],
    ['OUTPUT_BUCKET', read('OUTPUT_BUCKET')],
    ['LEDGER_BUCKET', read('LEDGER_BUCKET')],
  ] as const) {
    if (bucket && appIdText && bucketName.safeParse(bucket).success && !bucket.endsWith(`-${appIdText}`)) {
      problem(name, `"${bucket}" does not belong to APP_ID ${appIdText}; use a bucket of this account`);
    }
  }

  const prefix = (name: 'INPUT_PREFIX' | 'OUTPUT_PREFIX' | 'LEDGER_PREFIX'): string => {
    // An explicitly empty prefix is meaningful (the whole bucket), so only unset means default.
    const value = env[name] === undefined ? configDefaults[name] : (env[name] ?? '').trim();
    if (value.startsWith('/'))
      problem(name, `"${value}" starts with "/"; COS keys do not, so write "${value.replace(/^\/+/, '')}"`);
    if (value !== '' && !value.endsWith('/')) {
      problem(
        name,
        `"${value}" does not end with "/", so it would also match "${value}-other/..."; write "${value}/"`,
      );
    }
    return value;
  };
  const input: Place = { bucket: inputBucket ?? '', prefix: prefix('INPUT_PREFIX') };
  const output: Place = { bucket: outputBucket ?? '', prefix: prefix('OUTPUT_PREFIX') };
  const ledger: Place = { bucket: ledgerBucket ?? '', prefix: prefix('LEDGER_PREFIX') };
  for (const [name, place] of [
    ['OUTPUT_PREFIX', output],
    ['LEDGER_PREFIX', ledger],
  ] as const) {
    if (place.bucket === input.bucket && prefixesOverlap(input.prefix, place.prefix)) {
      problem(
        name,
        `"${place.prefix}" overlaps INPUT_PREFIX "${input.prefix}" in bucket ${input.bucket}, so pipeline writes would trigger the pipeline again; use sibling prefixes (e.g. input/ and output/) or another bucket`,
      );
    }
  }

  // Outputs are named after input keys, which uploaders choose: outputs inside the ledger tree could
  // be made to land on a record key and forge a job's state.
  if (ledger.bucket === output.bucket && prefixesOverlap(output.prefix, ledger.prefix)) {
    problem(
      'LEDGER_PREFIX',
      `"${ledger.prefix}" overlaps OUTPUT_PREFIX "${output.prefix}" in bucket ${output.bucket}, so an upload could be named to overwrite ledger records; use sibling prefixes (e.g. output/ and cos-transcribe/) or another bucket`,
    );
  }

  // Engine defaults.
  const defaults: EngineSettings = {
    engine: field('DEFAULT_ENGINE', withDefault('DEFAULT_ENGINE'), parseEngine, 'auto'),
    model: withDefault('ENGINE_MODEL'),
    channels: 1,
    formats: field('OUTPUT_FORMATS', withDefault('OUTPUT_FORMATS'), parseFormats, ['json']),
    subtitleProfile: field('SUBTITLE_PROFILE', withDefault('SUBTITLE_PROFILE'), parseSubtitleProfile, 'auto'),
    speakers: field('SPEAKERS', withDefault('SPEAKERS'), parseSpeakers, undefined),
    hotwords: field('HOTWORDS', read('HOTWORDS') ?? '', parseHotwords, []),
    filterDirty: field('FILTER_DIRTY', read('FILTER_DIRTY') ?? '0', parseFilterLevel, 0),
    filterModal: field('FILTER_MODAL', read('FILTER_MODAL') ?? '0', parseFilterLevel, 0),
  };
  const modelIssue = modelProblem(defaults.engine, defaults.model);
  if (modelIssue) problem('ENGINE_MODEL', modelIssue);
  const channelIssue = channelsProblem(defaults.model, defaults.channels);
  if (channelIssue) problem('ENGINE_MODEL', channelIssue);
  const speakersIssue = speakersProblem(defaults.engine, defaults.model, defaults.speakers);
  if (speakersIssue) problem('SPEAKERS', speakersIssue);

  const ciJobsPath = field('CI_JOBS_PATH', withDefault('CI_JOBS_PATH'), parseCiJobsPath, defaultCiJobsPath);

  const profiles = parseProfilesVariable(read('PROFILES'), defaults, input.prefix);
  problems.push(...profiles.problems);

  // Callback URL and secret.
  const baseUrl = read('CALLBACK_BASE_URL');
  if (baseUrl === undefined) {
    problem('CALLBACK_BASE_URL', "is not set; set it to the callback function's URL (npm run deploy does)");
  } else {
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {
      problem(
        'CALLBACK_BASE_URL',
        `"${baseUrl}" is not a URL; write the callback function's URL, https://<appid>-<id>.<region>.tencentscf.com`,
      );
    }
    if (url && url.protocol !== 'https:' && url.protocol !== 'http:') {
      problem('CALLBACK_BASE_URL', `uses ${url.protocol}; Tencent only calls http(s) URLs`);
    }
    // Over http the token, and ASR's audioUrl (a presigned link to the private input), travel in
    // clear. Only the local cloud, which never leaves the machine, may use it.
    if (url?.protocol === 'http:' && read(localCloudVariable) === undefined && !isLoopback(url.hostname)) {
      problem(
        'CALLBACK_BASE_URL',
        `uses http, so callback tokens would travel in clear; use the https URL of the callback function (http is only for the local cloud, ${localCloudVariable} or a loopback host)`,
      );
    }
    if (url && (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')) {
      problem(
        'CALLBACK_BASE_URL',
        'carries a query, fragment or credentials; give the bare route URL, the token is appended',
      );
    }
  }
  // Only judgements about the secrets enter a message, never their values.
  const secretText = read('CALLBACK_SECRET');
  if (secretText === undefined) {
    problem(
      'CALLBACK_SECRET',
      'is not set; set it to a random value, e.g. the output of openssl rand -hex 32',
    );
  } else {
    const weakness = secretWeakness(secretText);
    if (weakness) problem('CALLBACK_SECRET', `${weakness}; use a random value, e.g. openssl rand -hex 32`);
  }
  const previousText = read('CALLBACK_SECRET_PREVIOUS');
  const previousWeakness = previousText === undefined ? undefined : secretWeakness(previousText);
  if (previousWeakness) {
    problem(
      'CALLBACK_SECRET_PREVIOUS',
      `${previousWeakness}; tokens signed with it are still accepted, so unset it (jobs signed with it then need the reconciler) rather than keep a guessable secret`,
    );
  }

  // Lifetimes and reconciler thresholds.
  const duration = (
    name: 'PRESIGN_TTL' | 'RECONCILE_STALE_AFTER' | 'RECONCILE_HARD_LIMIT',
    min: number,
    max: number,
  ) => {
    const text = withDefault(name);
    const ms = parseDurationMs(text);
    if (ms === undefined) {
      problem(name, `"${text}" is not a duration; write e.g. 90s, 30m, 6h or 2d (a bare number is seconds)`);
      return parseDurationMs(configDefaults[name]) ?? 0;
    }
    if (ms < min || ms > max) {
      problem(
        name,
        `${formatDurationMs(ms)} is out of range; use between ${formatDurationMs(min)} and ${formatDurationMs(max)}`,
      );
    }
    return ms;
  };
  const presignTtlMs = duration('PRESIGN_TTL', 10 * 60_000, 7 * 86_400_000);
  const staleAfterMs = duration('RECONCILE_STALE_AFTER', 60_000, 86_400_000);
  const hardLimitMs = duration('RECONCILE_HARD_LIMIT', 10 * 60_000, 7 * 86_400_000);
  if (hardLimitMs <= staleAfterMs) {
    problem(
      'RECONCILE_HARD_LIMIT',
      `must be longer than RECONCILE_STALE_AFTER (${formatDurationMs(staleAfterMs)}), or stale jobs fail before they are polled`,
    );
  }
  if (presignTtlMs % 1000 !== 0) problem('PRESIGN_TTL', 'must be whole seconds');
  const maxText = withDefault('RECONCILE_MAX_SUBMISSIONS');
  const maxSubmissions = Number(maxText);
  if (!/^\d+$/.test(maxText) || maxSubmissions < 1 || maxSubmissions > 1000) {
    problem('RECONCILE_MAX_SUBMISSIONS', `"${maxText}" is not a count; use a whole number from 1 to 1000`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    region: regionText ?? '',
    appId: appIdText ?? '',
    input,
    triggerSuffix: read('TRIGGER_SUFFIX') ?? '',
    output,
    ledger,
    defaults,
    profiles: profiles.profiles,
    ciQueueId: read('CI_QUEUE_ID'),
    ciJobsPath,
    callback: {
      baseUrl: baseUrl ?? '',
      secret: new SecretValue(secretText ?? ''),
      previousSecret: previousText === undefined ? undefined : new SecretValue(previousText),
    },
    presignTtlSeconds: presignTtlMs / 1000,
    reconcile: { staleAfterMs, hardLimitMs, maxSubmissionsPerRun: maxSubmissions },
  };
}

/** True for names and addresses that stay on this machine. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
