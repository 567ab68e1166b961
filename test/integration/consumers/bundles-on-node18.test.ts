/**
 * The SCF runtime can load what we deploy: each bundle from `npm run build` is required by the real
 * Node 18.15 binary (SCF's `Nodejs18.15`) in a fresh process, its `main` is called with a malformed
 * event against the local cloud, and the answer is a handled, well-formed result or a typed error with
 * a message, never a load failure (syntax newer than Node 18, a missing global, a bad require).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { type Emulator, startEmulator } from '../../../local/emulator.js';
import { buildBundles, requireScfNode, scfNodeVersion } from './scf-node.js';

const run = promisify(execFile);

/** What the child process prints: how `main` settled, and the Node version it ran on. */
interface Outcome {
  readonly node: string;
  readonly loaded: boolean;
  readonly mainType: string;
  /** What the loader did with the V8 code cache: 'accepted', 'rejected' or 'absent'. */
  readonly codeCache?: string;
  readonly result?: unknown;
  readonly error?: { name: string; message: string };
}

// Runs in the Node 18 child: require, call, print one JSON line. Kept as CommonJS text on purpose:
// it is exactly what SCF's bootstrap does with `<file>.main`.
const probe = `
const [file, eventJson] = process.argv.slice(1);
const print = (o) => process.stdout.write(JSON.stringify({ node: process.version, ...o }) + '\\n');
let mod;
let codeCache;
try { mod = require(file); codeCache = mod[Symbol.for('cos-transcribe.code-cache')]; } catch (e) { print({ loaded: false, mainType: 'none', error: { name: e.name, message: e.message } }); process.exit(0); }
Promise.resolve()
  .then(() => mod.main(JSON.parse(eventJson), { request_id: 'probe' }))
  .then((result) => print({ loaded: true, mainType: typeof mod.main, codeCache, result }),
        (e) => print({ loaded: true, mainType: typeof mod.main, codeCache, error: { name: e.name, message: String(e.message) } }));
`;

let emulator: Emulator;
let dataDir: string;
let bundleDir: string;
let node18: string;

beforeAll(async () => {
  node18 = requireScfNode();
  bundleDir = buildBundles();
  dataDir = mkdtempSync(path.join(tmpdir(), 'node18-bundles-'));
  emulator = await startEmulator({ dataDir, buckets: ['media-in', 'media-out'], quiet: true });
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (bundleDir) rmSync(path.dirname(bundleDir), { recursive: true, force: true });
});

async function callMain(name: string, event: unknown): Promise<Outcome> {
  const env = {
    PATH: process.env.PATH ?? '',
    REGION: 'ap-guangzhou',
    APP_ID: '1250000000',
    INPUT_BUCKET: 'media-in-1250000000',
    OUTPUT_BUCKET: 'media-out-1250000000',
    CALLBACK_BASE_URL: 'https://1250000000-abcdefghij.ap-guangzhou.tencentscf.com',
    CALLBACK_SECRET: 'a-local-secret-that-is-long-enough-0123456789',
    TENCENTCLOUD_SECRETID: DEFAULT_SECRET_ID,
    TENCENTCLOUD_SECRETKEY: DEFAULT_SECRET_KEY,
    COS_TRANSCRIBE_LOCAL_CLOUD: emulator.url,
  };
  const { stdout } = await run(
    node18,
    ['-e', probe, path.join(bundleDir, `${name}.js`), JSON.stringify(event)],
    {
      env,
      timeout: 30_000,
    },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Outcome;
}

/** A thrown error that is the bundle's own doing (typed, with a message), not the runtime refusing it. */
function expectHandledError(outcome: Outcome): void {
  expect(outcome.error?.name).not.toMatch(/^(SyntaxError|ReferenceError)$/);
  expect(outcome.error?.message).not.toMatch(/is not a function|is not defined|Cannot find module/);
  expect(outcome.error?.message.length).toBeGreaterThan(10);
}

describe('each function bundle under the SCF runtime Node 18.15', () => {
  it('runs on the Node version SCF runs, from the V8 code cache the build made for it', async () => {
    // Prepare / Act
    const outcome = await callMain('reconcile', {});

    // Assess
    expect(outcome.node).toBe(scfNodeVersion);
    expect(outcome.codeCache).toBe('accepted');
  });

  it('upload loads and answers an event with no usable record by a result or a typed error', async () => {
    // Prepare: a COS trigger event whose record lacks the object.
    const event = {
      Records: [{ cos: { cosSchemaVersion: '1.0' }, event: { eventName: 'cos:ObjectCreated:Put' } }],
    };

    // Act
    const outcome = await callMain('upload', event);

    // Assess
    expect(outcome.loaded).toBe(true);
    expect(outcome.mainType).toBe('function');
    if (outcome.error) expectHandledError(outcome);
    else expect(outcome.result).toEqual({ objects: expect.any(Array) });
  });

  it('callback loads and refuses a request with no token as a well-formed 4xx function-URL response', async () => {
    // Prepare: what a function URL passes for a POST with a junk body and no query string.
    const event = {
      httpMethod: 'POST',
      path: '/',
      queryString: {},
      body: 'not a callback',
      headers: { 'x-scf-remote-addr': '127.0.0.1' },
    };

    // Act
    const outcome = await callMain('callback', event);

    // Assess
    expect(outcome.loaded).toBe(true);
    expect(outcome.error).toBeUndefined();
    const answer = outcome.result as { statusCode: number; headers: Record<string, string>; body: string };
    expect(answer.statusCode).toBeGreaterThanOrEqual(400);
    expect(answer.statusCode).toBeLessThan(500);
    expect(answer.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual(expect.objectContaining({ message: expect.any(String) }));
  });

  it('reconcile loads and runs a pass for a timer event with nothing in it', async () => {
    // Prepare / Act: the timer event SCF sends has Type/TriggerName/Time; this one has none.
    const outcome = await callMain('reconcile', {});

    // Assess
    expect(outcome.loaded).toBe(true);
    if (outcome.error) expectHandledError(outcome);
    else expect(outcome.result).toEqual(expect.any(Object));
  });
});
