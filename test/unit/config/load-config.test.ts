import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lib/config/config-error.js';
import { loadConfig } from '../../../lib/config/load-config.js';

const secret = 'a-very-long-hmac-secret-value-0123456789abcdef';
const minimal = {
  REGION: 'ap-guangzhou',
  INPUT_BUCKET: 'media-1250000000',
  CALLBACK_BASE_URL: 'https://1250000000-abcdefghij.ap-guangzhou.tencentscf.com',
  CALLBACK_SECRET: secret,
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('fills every documented default from four required variables', () => {
    // Act
    const config = loadConfig(minimal);

    // Assess
    expect(config.appId).toBe('1250000000');
    expect(config.input).toEqual({ bucket: 'media-1250000000', prefix: 'input/' });
    expect(config.output).toEqual({ bucket: 'media-1250000000', prefix: 'output/' });
    expect(config.ledger).toEqual({ bucket: 'media-1250000000', prefix: 'cos-transcribe/' });
    expect(config.defaults).toEqual({
      engine: 'auto',
      model: '16k_zh',
      channels: 1,
      formats: ['srt', 'vtt', 'txt', 'json'],
      subtitleProfile: 'auto',
      speakers: undefined,
      hotwords: [],
      filterDirty: 0,
      filterModal: 0,
    });
    expect(config.presignTtlSeconds).toBe(21_600);
    expect(config.reconcile).toEqual({
      staleAfterMs: 1_800_000,
      hardLimitMs: 21_600_000,
      maxSubmissionsPerRun: 20,
    });
    expect(config.callback.secret.reveal()).toBe(secret);
  });

  it('never shows the HMAC secret when the config is printed or serialised', () => {
    // Prepare
    const config = loadConfig(minimal);

    // Act
    const shown = [JSON.stringify(config), String(config.callback.secret), inspect(config, { depth: 9 })];

    // Assess
    for (const text of shown) expect(text).not.toContain(secret);
  });

  it('lists every problem at once, naming the variable and the fix', () => {
    // Act
    const problems = problemsOf({
      INPUT_BUCKET: 'Media',
      CALLBACK_BASE_URL: 'not a url',
      CALLBACK_SECRET: 'short-secret',
      DEFAULT_ENGINE: 'whisper',
      OUTPUT_FORMATS: 'srt,docx',
      RECONCILE_STALE_AFTER: 'soon',
      RECONCILE_MAX_SUBMISSIONS: '0',
      PRESIGN_TTL: '1m',
    });

    // Assess
    expect(problems).toMatchInlineSnapshot(`
      [
        "REGION: is not set; set it to the buckets' region, e.g. ap-guangzhou",
        "INPUT_BUCKET: "Media" is not a full bucket name; write <name>-<appid>, e.g. media-1250000000",
        "DEFAULT_ENGINE: "whisper" is not an engine; use one of ci, asr, sentence, mps, auto",
        "OUTPUT_FORMATS: unknown format "docx"; use a comma list of srt, vtt, ass, txt, json",
        "CALLBACK_BASE_URL: "not a url" is not a URL; write the callback function's URL, https://<appid>-<id>.<region>.tencentscf.com",
        "CALLBACK_SECRET: is shorter than 32 characters; use a random value, e.g. openssl rand -hex 32",
        "PRESIGN_TTL: 1m is out of range; use between 10m and 7d",
        "RECONCILE_STALE_AFTER: "soon" is not a duration; write e.g. 90s, 30m, 6h or 2d (a bare number is seconds)",
        "RECONCILE_MAX_SUBMISSIONS: "0" is not a count; use a whole number from 1 to 1000",
      ]
    `);
  });

  it('refuses a plain-http callback URL, except for the local cloud or a loopback host', () => {
    // Act
    const remote = problemsOf({
      ...minimal,
      CALLBACK_BASE_URL: 'http://service-abc.gz.apigw.tencentcs.com/cb',
    });
    const local = problemsOf({
      ...minimal,
      CALLBACK_BASE_URL: 'http://callback.example:9000/callback',
      COS_TRANSCRIBE_LOCAL_CLOUD: 'http://127.0.0.1:9000',
    });
    const loopback = ['http://127.0.0.1:9000/cb', 'http://localhost:9000/cb', 'http://[::1]:9000/cb'].map(
      (url) => problemsOf({ ...minimal, CALLBACK_BASE_URL: url }),
    );

    // Assess
    expect(remote).toMatchInlineSnapshot(`
      [
        "CALLBACK_BASE_URL: uses http, so callback tokens would travel in clear; use the https URL of the callback function (http is only for the local cloud, COS_TRANSCRIBE_LOCAL_CLOUD or a loopback host)",
      ]
    `);
    expect(local).toEqual([]);
    expect(loopback).toEqual([[], [], []]);
  });

  it('refuses secrets long enough but with too little variety, and names the fix', () => {
    // Act
    const oneLetter = problemsOf({ ...minimal, CALLBACK_SECRET: 'a'.repeat(32) });
    const repeatedWord = problemsOf({ ...minimal, CALLBACK_SECRET: 'password'.repeat(4) });
    const lopsided = problemsOf({ ...minimal, CALLBACK_SECRET: `${'a'.repeat(30)}0123456789` });
    const previous = problemsOf({ ...minimal, CALLBACK_SECRET_PREVIOUS: 'b'.repeat(40) });
    const random = problemsOf({ ...minimal, CALLBACK_SECRET: '3c9a0f5e7b2d4186a1f0c3e5d7b9a2f4' });

    // Assess
    expect([...oneLetter, ...repeatedWord, ...lopsided, ...previous]).toMatchInlineSnapshot(`
      [
        "CALLBACK_SECRET: has only 1 different characters (at least 10 needed), so it is easy to guess; use a random value, e.g. openssl rand -hex 32",
        "CALLBACK_SECRET: has only 7 different characters (at least 10 needed), so it is easy to guess; use a random value, e.g. openssl rand -hex 32",
        "CALLBACK_SECRET: varies too little (about 65 bits of entropy, at least 80 needed), so it is easy to guess; use a random value, e.g. openssl rand -hex 32",
        "CALLBACK_SECRET_PREVIOUS: has only 1 different characters (at least 10 needed), so it is easy to guess; tokens signed with it are still accepted, so unset it (jobs signed with it then need the reconciler) rather than keep a guessable secret",
      ]
    `);
    expect(random).toEqual([]);
  });

  it('refuses a fixed SPEAKERS count with a 16k model, which ASR rejects, and accepts it with 8k or auto', () => {
    // Act
    const fixedOn16k = problemsOf({ ...minimal, ENGINE_MODEL: '16k_zh', SPEAKERS: '3' });
    const fixedOn8k = problemsOf({ ...minimal, DEFAULT_ENGINE: 'asr', ENGINE_MODEL: '8k_zh', SPEAKERS: '3' });
    const autoOn16k = problemsOf({ ...minimal, ENGINE_MODEL: '16k_zh', SPEAKERS: 'auto' });
    const inProfile = problemsOf({
      ...minimal,
      PROFILES: JSON.stringify({ 'input/calls/': { engine: 'asr', model: '16k_en', speakers: 2 } }),
    });

    // Assess
    expect(fixedOn16k).toEqual([
      'SPEAKERS: a fixed count of 3 speakers is refused by ASR with the 16k model "16k_zh"; use auto (0), or an 8k model',
    ]);
    expect(fixedOn8k).toEqual([]);
    expect(autoOn16k).toEqual([]);
    expect(inProfile).toHaveLength(1);
    expect(inProfile[0]).toMatch(
      /speakers: a fixed count of 2 speakers is refused by ASR with the 16k model "16k_en"/,
    );
  });

  it('keeps secret values out of its error message even when they are wrong', () => {
    // Prepare
    const tooShort = 'hunter2-short';

    // Act
    let message = '';
    try {
      loadConfig({ ...minimal, CALLBACK_SECRET: tooShort, CALLBACK_SECRET_PREVIOUS: 'prev-secret-short' });
    } catch (error) {
      message = String(error instanceof Error ? error.message : error);
    }

    // Assess
    expect(message).toContain('CALLBACK_SECRET');
    expect(message).not.toContain(tooShort);
    expect(message).not.toContain('prev-secret-short');
  });

  it.each([
    ['equal prefixes', 'media/', 'media/', true],
    ['output nested inside the watched prefix', 'media/', 'media/out/', true],
    ['watched prefix nested inside the output prefix', 'out/media/', 'out/', true],
    ['the whole bucket watched', '', 'output/', true],
    ['outputs at the bucket root', 'input/', '', true],
    ['sibling prefixes', 'input/', 'output/', false],
    ['a sibling that shares leading letters', 'in/', 'input/', false],
  ])(
    'refuses an output prefix that overlaps the trigger prefix in one bucket: %s',
    (_, input, output, refused) => {
      // Act
      const problems = problemsOf({
        ...minimal,
        INPUT_PREFIX: input,
        OUTPUT_PREFIX: output,
        LEDGER_PREFIX: 'ledger/',
      });

      // Assess
      expect(problems.some((p) => p.startsWith('OUTPUT_PREFIX:') && p.includes('overlaps'))).toBe(refused);
    },
  );

  it('refuses a ledger prefix inside the watched prefix, and allows it in another bucket', () => {
    // Act
    const sameBucket = problemsOf({ ...minimal, INPUT_PREFIX: 'in/', LEDGER_PREFIX: 'in/ledger/' });
    const otherBucket = problemsOf({
      ...minimal,
      INPUT_PREFIX: 'in/',
      LEDGER_PREFIX: 'in/ledger/',
      LEDGER_BUCKET: 'ops-1250000000',
    });

    // Assess
    expect(sameBucket).toEqual([
      'LEDGER_PREFIX: "in/ledger/" overlaps INPUT_PREFIX "in/" in bucket media-1250000000, so pipeline writes would trigger the pipeline again; use sibling prefixes (e.g. input/ and output/) or another bucket',
    ]);
    expect(otherBucket).toEqual([]);
  });

  it('refuses a ledger inside the outputs, where an upload could be named to forge records', () => {
    // Act
    const problems = problemsOf({ ...minimal, OUTPUT_PREFIX: 'output/', LEDGER_PREFIX: 'output/ledger/' });

    // Assess
    expect(problems).toEqual([
      'LEDGER_PREFIX: "output/ledger/" overlaps OUTPUT_PREFIX "output/" in bucket media-1250000000, so an upload could be named to overwrite ledger records; use sibling prefixes (e.g. output/ and cos-transcribe/) or another bucket',
    ]);
  });

  it('accepts the whole input bucket as trigger when outputs go to another bucket', () => {
    // Act
    const config = loadConfig({ ...minimal, INPUT_PREFIX: '', OUTPUT_BUCKET: 'results-1250000000' });

    // Assess
    expect(config.input.prefix).toBe('');
    expect(config.ledger.bucket).toBe('results-1250000000');
  });

  it('refuses a bucket of another account and a prefix without its trailing slash', () => {
    // Act
    const problems = problemsOf({ ...minimal, OUTPUT_BUCKET: 'out-1399999999', INPUT_PREFIX: 'uploads' });

    // Assess
    expect(problems).toEqual([
      'OUTPUT_BUCKET: "out-1399999999" does not belong to APP_ID 1250000000; use a bucket of this account',
      'INPUT_PREFIX: "uploads" does not end with "/", so it would also match "uploads-other/..."; write "uploads/"',
    ]);
  });

  it('parses profiles per prefix and orders them longest first', () => {
    // Act
    const config = loadConfig({
      ...minimal,
      INPUT_PREFIX: 'media/',
      PROFILES: JSON.stringify({
        'media/': { formats: 'srt' },
        'media/zh-video/': { engine: 'ci', model: '16k_zh_video' },
        'media/calls/': { engine: 'asr', model: '8k_zh', channels: 2 },
      }),
    });

    // Assess
    expect(config.profiles.map((p) => p.prefix)).toEqual(['media/zh-video/', 'media/calls/', 'media/']);
    expect(config.profiles[1]?.settings).toMatchObject({ engine: 'asr', model: '8k_zh', channels: 2 });
    expect(config.profiles[0]?.settings.formats).toEqual(['srt', 'vtt', 'txt', 'json']);
  });

  it('reports every problem inside PROFILES with its prefix and field', () => {
    // Act
    const problems = problemsOf({
      ...minimal,
      PROFILES: JSON.stringify({
        'calls/': { engine: 'asr', model: '16k_zh', channels: 2 },
        'input/video/': { engine: 'ci', model: '16k_zh_en', chanels: 1 },
        'input/zh/': { engine: 'ci', model: '16k_zh_video', speakers: 12 },
      }),
    });

    // Assess
    expect(problems).toMatchInlineSnapshot(`
      [
        "PROFILES["input/video/"]: unknown field "chanels"; allowed: engine, model, channels, formats, subtitleProfile, speakers, hotwords, filterDirty, filterModal",
      ]
    `);
  });

  it('takes the profanity and filler-word filters from the environment and per prefix, 0 to 2', () => {
    // Act
    const config = loadConfig({
      ...minimal,
      FILTER_MODAL: '1',
      PROFILES: JSON.stringify({ 'input/kids/': { filterDirty: 2, filterModal: '0' } }),
    });
    const problems = problemsOf({
      ...minimal,
      FILTER_DIRTY: 'yes',
      PROFILES: '{"input/a/":{"filterModal":3}}',
    });

    // Assess
    expect([config.defaults.filterDirty, config.defaults.filterModal]).toEqual([0, 1]);
    const kids = config.profiles[0]?.settings;
    expect([kids?.filterDirty, kids?.filterModal]).toEqual([2, 0]);
    expect(problems).toEqual([
      'FILTER_DIRTY: "yes" is not a filter level; use 0 (keep), 1 or 2',
      'PROFILES["input/a/"].filterModal: "3" is not a filter level; use 0 (keep), 1 or 2',
    ]);
  });

  it('checks each profile against its engine once the JSON shape is right', () => {
    // Act
    const problems = problemsOf({
      ...minimal,
      PROFILES: JSON.stringify({
        'calls/': { engine: 'asr', model: '16k_zh', channels: 2 },
        'input/video/': { engine: 'ci', model: '16k_zh_en' },
        'input/zh/': { engine: 'ci', model: '16k_zh_video', speakers: 12 },
      }),
    });

    // Assess
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'PROFILES["calls/"]',
      'PROFILES["calls/"].channels',
      'PROFILES["input/video/"].model',
      'PROFILES["input/zh/"].speakers',
    ]);
    expect(problems[0]).toContain('write the full key prefix, e.g. "input/calls/"');
  });

  it('says PROFILES is not JSON rather than failing obscurely', () => {
    // Act
    const problems = problemsOf({ ...minimal, PROFILES: "{'calls/': {}}" });

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^PROFILES: is not valid JSON \(.+\); write a JSON object keyed by key prefix$/,
    );
  });

  it('requires the hard limit to outlast the stale threshold', () => {
    // Act
    const problems = problemsOf({ ...minimal, RECONCILE_STALE_AFTER: '2h', RECONCILE_HARD_LIMIT: '1h' });

    // Assess
    expect(problems).toEqual([
      'RECONCILE_HARD_LIMIT: must be longer than RECONCILE_STALE_AFTER (2h), or stale jobs fail before they are polled',
    ]);
  });

  it('falls back to the region SCF sets in every function', () => {
    // Act
    const { REGION: _unset, ...rest } = minimal;
    const config = loadConfig({ ...rest, TENCENTCLOUD_REGION: 'ap-shanghai' });

    // Assess
    expect(config.region).toBe('ap-shanghai');
  });
});
