/**
 * The one zod schema over the environment (STYLE §5). Each variable is a field that reports its own
 * problems; the checks that combine variables (places, engine defaults and profiles, the callback
 * route, lifetimes) refine the whole, so one parse lists every problem at once, each issue's path
 * naming the variable. The last step builds the exact `PipelineConfig`.
 */
import { z } from 'zod';
import { defaultCiJobsPath, parseCiJobsPath } from '../engines/ci/ci-jobs-path.js';
import { configDefaults as d } from './config-defaults.js';
import { formatDurationMs } from './duration.js';
import { modelProblem, speakersProblem } from './engines.js';
// The field kinds, read as field.text, field.bucket(...): named by what they parse.
import * as field from './environment-fields.js';
import type { EngineSettings, PipelineConfig, Place } from './pipeline-config.js';
import { prefixesOverlap } from './prefix-overlap.js';
import { parseProfilesVariable } from './profiles-variable.js';
import { settingParsers as parse } from './settings-fields.js';

const hexAdvice = 'use a random value, e.g. openssl rand -hex 32';

/** Every variable the pipeline reads, in the order its problems are listed. */
const fields = z.object({
  // Region and app id fall back to what SCF sets in every function.
  REGION: field.text,
  TENCENTCLOUD_REGION: field.text,
  INPUT_BUCKET: field.bucket('set it to the watched bucket, <name>-<appid>'),
  OUTPUT_BUCKET: field.bucket(),
  LEDGER_BUCKET: field.bucket(),
  APP_ID: field.text,
  TENCENTCLOUD_APPID: field.text,
  INPUT_PREFIX: field.prefix(d.INPUT_PREFIX),
  OUTPUT_PREFIX: field.prefix(d.OUTPUT_PREFIX),
  LEDGER_PREFIX: field.prefix(d.LEDGER_PREFIX),
  TRIGGER_SUFFIX: field.text,
  DEFAULT_ENGINE: field.setting(d.DEFAULT_ENGINE, parse.engine, 'auto'),
  OUTPUT_FORMATS: field.setting(d.OUTPUT_FORMATS, parse.formats, ['json']),
  SUBTITLE_PROFILE: field.setting(d.SUBTITLE_PROFILE, parse.subtitleProfile, 'auto'),
  SPEAKERS: field.setting(d.SPEAKERS, parse.speakers, undefined),
  HOTWORDS: field.setting('', parse.hotwords, []),
  FILTER_DIRTY: field.setting('0', parse.filterDirty, 0),
  FILTER_MODAL: field.setting('0', parse.filterModal, 0),
  ENGINE_MODEL: field.text.transform((value) => value ?? d.ENGINE_MODEL),
  CI_JOBS_PATH: field.setting(d.CI_JOBS_PATH, parseCiJobsPath, defaultCiJobsPath),
  CI_QUEUE_ID: field.text,
  PROFILES: field.text,
  CALLBACK_BASE_URL: field.callbackUrl,
  CALLBACK_SECRET: field.secret(
    hexAdvice,
    'set it to a random value, e.g. the output of openssl rand -hex 32',
  ),
  CALLBACK_SECRET_PREVIOUS: field.secret(
    'tokens signed with it are still accepted, so unset it (jobs signed with it then need the reconciler) rather than keep a guessable secret',
  ),
  PRESIGN_TTL: field.duration(d.PRESIGN_TTL, 10 * 60_000, 7 * 86_400_000),
  RECONCILE_STALE_AFTER: field.duration(d.RECONCILE_STALE_AFTER, 60_000, 86_400_000),
  RECONCILE_HARD_LIMIT: field.duration(d.RECONCILE_HARD_LIMIT, 10 * 60_000, 7 * 86_400_000),
  RECONCILE_MAX_SUBMISSIONS: field.count(d.RECONCILE_MAX_SUBMISSIONS, 1000),
});

/** The variables as each field parsed them. */
type Fields = z.output<typeof fields>;

/** The names of every variable the schema reads. */
export const environmentVariables = fields.keyof().options;

/**
 * The schema. `isLocalCloud` is asked only for a plain-http callback URL, so the emulator's variable
 * is read only where it matters (deploy tests check that nothing undeployed is read).
 */
export function environmentSchema(isLocalCloud: () => boolean) {
  return fields
    .superRefine(checkPlaces)
    .superRefine(checkEngineDefaults)
    .superRefine((f, ctx) => checkCallbackTransport(f, ctx, isLocalCloud))
    .superRefine(checkLifetimes)
    .transform(toPipelineConfig);
}

/** Adds a problem for `variable` (which may be `PROFILES["<prefix>"].<field>`). */
function report(ctx: z.RefinementCtx, variable: string, message: string): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
}

const regionPattern = /^[a-z]{2,}-[a-z]+(-[a-z0-9]+)*$/;

/** REGION, or the region SCF sets in every function. */
const regionOf = (f: Fields) => f.REGION ?? f.TENCENTCLOUD_REGION;

/** APP_ID, SCF's, or the one a well-formed INPUT_BUCKET ends with. */
function appIdOf(f: Fields): string | undefined {
  // A malformed INPUT_BUCKET is already reported; deriving an app id from it would only add noise.
  const fromBucket = field.isBucketName(f.INPUT_BUCKET)
    ? f.INPUT_BUCKET.slice(f.INPUT_BUCKET.lastIndexOf('-') + 1)
    : undefined;
  return f.APP_ID ?? f.TENCENTCLOUD_APPID ?? fromBucket;
}

/** Inputs, outputs and ledger: outputs default to the input bucket, the ledger to the output bucket. */
function placesOf(f: Fields): { input: Place; output: Place; ledger: Place } {
  const outputBucket = f.OUTPUT_BUCKET ?? f.INPUT_BUCKET ?? '';
  return {
    input: { bucket: f.INPUT_BUCKET ?? '', prefix: f.INPUT_PREFIX },
    output: { bucket: outputBucket, prefix: f.OUTPUT_PREFIX },
    ledger: { bucket: f.LEDGER_BUCKET ?? outputBucket, prefix: f.LEDGER_PREFIX },
  };
}

/** Region and account, and prefixes that would loop the trigger or expose the ledger. */
function checkPlaces(f: Fields, ctx: z.RefinementCtx): void {
  const region = regionOf(f);
  if (region === undefined)
    report(ctx, 'REGION', "is not set; set it to the buckets' region, e.g. ap-guangzhou");
  else if (!regionPattern.test(region)) {
    report(
      ctx,
      'REGION',
      `"${region}" is not a region name; write it like ap-guangzhou (not the short code "gz")`,
    );
  }
  const appId = appIdOf(f);
  if (appId !== undefined && !/^\d{5,}$/.test(appId)) {
    report(ctx, 'APP_ID', `"${appId}" is not an app id; use the digits of your APPID, e.g. 1250000000`);
  }
  for (const name of ['INPUT_BUCKET', 'OUTPUT_BUCKET', 'LEDGER_BUCKET'] as const) {
    const named = f[name];
    if (appId && field.isBucketName(named) && !named.endsWith(`-${appId}`)) {
      report(ctx, name, `"${named}" does not belong to APP_ID ${appId}; use a bucket of this account`);
    }
  }
  const { input, output, ledger } = placesOf(f);
  for (const [name, place] of [
    ['OUTPUT_PREFIX', output],
    ['LEDGER_PREFIX', ledger],
  ] as const) {
    if (place.bucket === input.bucket && prefixesOverlap(input.prefix, place.prefix)) {
      report(
        ctx,
        name,
        `"${place.prefix}" overlaps INPUT_PREFIX "${input.prefix}" in bucket ${input.bucket}, so pipeline writes would trigger the pipeline again; use sibling prefixes (e.g. input/ and output/) or another bucket`,
      );
    }
  }
  // Outputs are named after input keys, which uploaders choose: outputs inside the ledger tree could
  // be made to land on a record key and forge a job's state.
  if (ledger.bucket === output.bucket && prefixesOverlap(output.prefix, ledger.prefix)) {
    report(
      ctx,
      'LEDGER_PREFIX',
      `"${ledger.prefix}" overlaps OUTPUT_PREFIX "${output.prefix}" in bucket ${output.bucket}, so an upload could be named to overwrite ledger records; use sibling prefixes (e.g. output/ and cos-transcribe/) or another bucket`,
    );
  }
}

/** The engine settings of every file no profile covers. */
function defaultsOf(f: Fields): EngineSettings {
  return {
    engine: f.DEFAULT_ENGINE,
    model: f.ENGINE_MODEL,
    channels: 1,
    formats: f.OUTPUT_FORMATS,
    subtitleProfile: f.SUBTITLE_PROFILE,
    speakers: f.SPEAKERS,
    hotwords: f.HOTWORDS,
    filterDirty: f.FILTER_DIRTY,
    filterModal: f.FILTER_MODAL,
  };
}

/** The default model against the default engine, and every PROFILES entry against its own. */
function checkEngineDefaults(f: Fields, ctx: z.RefinementCtx): void {
  const defaults = defaultsOf(f);
  const modelIssue = modelProblem(defaults.engine, defaults.model);
  if (modelIssue) report(ctx, 'ENGINE_MODEL', modelIssue);
  const speakersIssue = speakersProblem(defaults.engine, defaults.model, defaults.speakers);
  if (speakersIssue) report(ctx, 'SPEAKERS', speakersIssue);
  const profiles = parseProfilesVariable(f.PROFILES, defaults, f.INPUT_PREFIX);
  for (const problem of profiles.problems) report(ctx, problem.variable, problem.message);
}

/**
 * Over http the token, and ASR's audioUrl (a presigned link to the private input), travel in clear.
 * Only the local cloud, which never leaves the machine, may use it.
 */
function checkCallbackTransport(f: Fields, ctx: z.RefinementCtx, isLocalCloud: () => boolean): void {
  const url = f.CALLBACK_BASE_URL.url;
  if (url?.protocol === 'http:' && !isLoopback(url.hostname) && !isLocalCloud()) {
    report(
      ctx,
      'CALLBACK_BASE_URL',
      'uses http, so callback tokens would travel in clear; use the https URL of the callback function (http is only for the local cloud, COS_TRANSCRIBE_LOCAL_CLOUD or a loopback host)',
    );
  }
}

/** True for names and addresses that stay on this machine. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** The hard limit must outlast the stale threshold; COS signs URL lifetimes in whole seconds. */
function checkLifetimes(f: Fields, ctx: z.RefinementCtx): void {
  if (f.PRESIGN_TTL % 1000 !== 0) report(ctx, 'PRESIGN_TTL', 'must be whole seconds');
  if (f.RECONCILE_HARD_LIMIT <= f.RECONCILE_STALE_AFTER) {
    report(
      ctx,
      'RECONCILE_HARD_LIMIT',
      `must be longer than RECONCILE_STALE_AFTER (${formatDurationMs(f.RECONCILE_STALE_AFTER)}), or stale jobs fail before they are polled`,
    );
  }
}

/** The exact configuration, built once every check has passed. */
function toPipelineConfig(f: Fields): PipelineConfig {
  const defaults = defaultsOf(f);
  const places = placesOf(f);
  return {
    region: regionOf(f) ?? '',
    appId: appIdOf(f) ?? '',
    ...places,
    triggerSuffix: f.TRIGGER_SUFFIX ?? '',
    defaults,
    profiles: parseProfilesVariable(f.PROFILES, defaults, places.input.prefix).profiles,
    ciQueueId: f.CI_QUEUE_ID,
    ciJobsPath: f.CI_JOBS_PATH,
    callback: {
      baseUrl: f.CALLBACK_BASE_URL.text,
      // Present: an unset secret is a problem, and this step runs only when there are none.
      secret: f.CALLBACK_SECRET as NonNullable<Fields['CALLBACK_SECRET']>,
      previousSecret: f.CALLBACK_SECRET_PREVIOUS,
    },
    presignTtlSeconds: f.PRESIGN_TTL / 1000,
    reconcile: {
      staleAfterMs: f.RECONCILE_STALE_AFTER,
      hardLimitMs: f.RECONCILE_HARD_LIMIT,
      maxSubmissionsPerRun: f.RECONCILE_MAX_SUBMISSIONS,
    },
  };
}
