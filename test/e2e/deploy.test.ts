/**
 * `npm run deploy` against a fresh local cloud, as a user runs it (`COS_TRANSCRIBE_LOCAL_CLOUD=<url>`,
 * no other setting): it creates the three functions from the built zip with their COS trigger, timer
 * and function URL; the LibriVox sample uploaded with the official COS SDK comes out as subtitles
 * through those deployed functions (each in its own process, the callback reached through its URL);
 * a second deploy, from a new build of the same code, changes nothing; `--remove` leaves no function, trigger or URL behind. What the
 * deploy did is read from the emulator's own journal of SCF changes, not from the deploy's output.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleClip } from '../../local/dev-stack/system-check.js';
import { type Emulator, startEmulator } from '../../local/emulator.js';
import { dialLocal } from '../../local/send-callback.js';
import { buildBundles, repositoryRoot } from '../integration/consumers/scf-node.js';
import { cosClient } from '../integration/emulator/cos-harness.js';

const REGION = 'ap-guangzhou';
const INPUT_BUCKET = 'input-1250000000';
const OUTPUT_BUCKET = 'output-1250000000';
const functionNames = [
  'cos-transcribe-dev-callback',
  'cos-transcribe-dev-upload',
  'cos-transcribe-dev-reconcile',
];

let emulator: Emulator;
let dataDir: string;
let home: string;
let zip: string;

/** Runs `npm run deploy` (its script, tsx scripts/deploy.ts) with only what a user would set. */
async function deploy(
  args: readonly string[] = [],
  artifact = zip,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    // No ~/credentials: the local cloud's public account is used.
    HOME: home,
    COS_TRANSCRIBE_LOCAL_CLOUD: emulator.url,
    // Through ASR and its callback, so the function URL carries the result.
    DEFAULT_ENGINE: 'asr',
  };
  const tsx = path.join(repositoryRoot, 'node_modules', '.bin', 'tsx');
  try {
    const { stdout, stderr } = await promisify(execFile)(
      tsx,
      ['scripts/deploy.ts', '--artifact', artifact, ...args],
      {
        cwd: repositoryRoot,
        env,
        timeout: 180_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const journalActions = () =>
  emulator.functions.journal.map((entry) => `${entry.action} ${entry.functionName}`);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'deploy-e2e-'));
  home = mkdtempSync(path.join(tmpdir(), 'deploy-e2e-home-'));
  emulator = await startEmulator({ port: 0, dataDir, quiet: true, buckets: ['input', 'output'] });
  zip = path.join(path.dirname(buildBundles()), 'cos-transcribe.zip');
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  rmSync(path.dirname(zip), { recursive: true, force: true });
});

describe('npm run deploy into the local cloud', () => {
  let functionUrl = '';

  it('creates the three functions with their COS trigger, timer and function URL', async () => {
    // Act
    const run = await deploy();

    // Assess
    expect(run.stderr.split('\n').filter((line) => line.startsWith('deploy:'))).toEqual([]);
    expect(run.code).toBe(0);
    const deployed = emulator.functions.list();
    expect(deployed.map((fn) => [fn.name, fn.status, fn.triggers.map((t) => t.type)]).sort()).toEqual([
      ['cos-transcribe-dev-callback', 'Active', ['http']],
      ['cos-transcribe-dev-reconcile', 'Active', ['timer']],
      // Uploads, and the deletion of a live stream's request (one COS trigger per event on the bucket).
      ['cos-transcribe-dev-upload', 'Active', ['cos', 'cos']],
    ]);
    const upload = deployed.find((fn) => fn.name === 'cos-transcribe-dev-upload');
    expect(upload?.triggers).toEqual([
      expect.objectContaining({
        bucket: INPUT_BUCKET,
        event: 'cos:ObjectCreated:*',
        prefix: 'input/',
        suffix: '',
      }),
      expect.objectContaining({
        bucket: INPUT_BUCKET,
        event: 'cos:ObjectRemove:*',
        prefix: 'input/',
        suffix: '.live.json',
      }),
    ]);
    functionUrl = /^callback {2}(\S+)$/m.exec(run.stdout)?.[1] ?? '';
    expect(functionUrl).toMatch(/^https:\/\/1250000000-[a-z0-9]{10}\.ap-guangzhou\.tencentscf\.com$/);
    for (const fn of deployed) {
      const variables = Object.fromEntries(fn.config.Environment.Variables.map((v) => [v.Key, v.Value]));
      expect(variables.CALLBACK_BASE_URL).toBe(functionUrl);
    }
  });

  it('turns the LibriVox sample uploaded with the COS SDK into subtitles through the deployed functions', async () => {
    // Prepare
    const cos = cosClient(emulator.port);

    // Act
    await cos.putObject({
      Bucket: INPUT_BUCKET,
      Region: REGION,
      Key: 'input/librivox.wav',
      Body: readFileSync(sampleClip),
    });
    let srt: string | undefined;
    for (let waited = 0; waited < 300_000 && srt === undefined; waited += 1_000) {
      srt = (await emulator.store.get(OUTPUT_BUCKET, 'output/librivox.wav.srt'))?.body.toString('utf8');
      if (srt === undefined) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }

    // The callback writes the subtitles before it returns: its invocation is recorded once it has.
    await emulator.scf.idle();

    // Assess
    expect(srt).toMatch(/^1\r?\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\r?\n\S/);
    const ran = emulator.scf.invocations.map((i) => [i.functionName, i.trigger, i.outcome]);
    expect(ran).toContainEqual(['cos-transcribe-dev-upload', 'cos', 'ok']);
    expect(ran).toContainEqual(['cos-transcribe-dev-callback', 'http', 'ok']);
  });

  it('changes nothing when deployed again from a new build of the same code', async () => {
    // Prepare: a second build differs in bytes (V8's code caches), not in code.
    const before = journalActions();
    const rebuilt = path.join(path.dirname(buildBundles()), 'cos-transcribe.zip');

    // Act
    const run = await deploy([], rebuilt);
    rmSync(path.dirname(rebuilt), { recursive: true, force: true });

    // Assess
    expect(run.code).toBe(0);
    expect(journalActions()).toEqual(before);
    expect(run.stdout).toContain('nothing to change');
  });

  it('leaves no function, trigger or function URL behind with --remove', async () => {
    // Act
    const run = await deploy(['--remove']);
    const url = new URL(functionUrl);
    const afterwards = await dialLocal(emulator.port, url, 'POST', {}, Buffer.from('{}'), 10_000);

    // Assess
    expect(run.code).toBe(0);
    expect(emulator.functions.list()).toEqual([]);
    expect(afterwards.status).toBe(404);
    expect(
      journalActions()
        .filter((line) => line.startsWith('Delete'))
        .sort(),
    ).toEqual(
      [
        ...functionNames.map((name) => `DeleteFunction ${name}`),
        ...functionNames.map((name) => `DeleteTrigger ${name}`),
        // The upload function's second COS trigger (deleted live requests), named by the same bucket.
        'DeleteTrigger cos-transcribe-dev-upload',
      ].sort(),
    );
  });
});
