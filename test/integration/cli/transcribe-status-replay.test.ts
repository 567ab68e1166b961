/**
 * The command line against a local cloud this test starts (the emulator plus the three functions,
 * wired as serverless.yml wires them), found as npm start's is, by its .local-cloud/cloud.json: real speech goes in through `transcribe`, its outputs come
 * out in --out; `status` reports the job done; `replay` renders the outputs again from the stored
 * engine result without calling any engine, and `replay --resubmit` runs a new engine job.
 */
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../../bin/cli/local-cloud.js';
import { createCosStorage } from '../../../lib/tencent/cos/cos-storage.js';
import type { ObjectStorage } from '../../../lib/tencent/object-storage.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import { runCli } from './cli-kit.js';

// A LibriVox recording from Debian's pocketsphinx-testdata (`.ci/run` installs it): real speech, 3 s.
const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav';
const SPOKEN = 'he was not an ill disposed young man';
const ENGINE_SERVICES = new Set(['asr', 'mps', 'ci']);

let work: string;
let cloud: LocalCloud;
let storage: ObjectStorage;
const engineRequests: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cli-e2e-'));
  await copyFile(LIBRIVOX, path.join(work, 'hello.wav'));
  cloud = await startLocalCloud({
    dataDir: path.join(work, 'cloud'),
    env: {},
    // As npm start does: the commands below find this cloud through .local-cloud/cloud.json.
    announce: { dir: work, startedBy: 'cli test' },
    log: (event, fields) => {
      if (event === 'request' && ENGINE_SERVICES.has(String(fields?.service))) {
        engineRequests.push(`${String(fields?.service)} ${String(fields?.path)}`);
      }
    },
  });
  const url = new URL(cloud.url);
  storage = createCosStorage({
    region: cloud.env.REGION ?? '',
    credentials: {
      secretId: cloud.env.TENCENTCLOUD_SECRETID ?? '',
      secretKey: cloud.env.TENCENTCLOUD_SECRETKEY ?? '',
    },
    endpoint: { ip: url.host, protocol: 'http:' },
  });
});

afterAll(async () => {
  await cloud?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

// No URL is handed over: the command must find the cloud by the file in its working folder.
const cli = (args: string[], timeoutMs = 60_000) =>
  runCli(args, { cwd: work, env: { COS_TRANSCRIBE_LOCAL_CLOUD: undefined }, timeoutMs });

describe('cos-transcribe against a running local cloud', () => {
  it('transcribes a real recording end to end and leaves every output in --out', async () => {
    // Prepare
    const outDir = path.join(work, 'out');

    // Act
    const result = await cli(['transcribe', 'hello.wav', '--out', outDir, '--timeout', '4m'], 280_000);

    // Assess
    expect(result.stderr).toContain('hello.wav: done');
    expect(result.code).toBe(0);
    const names = (await readdir(outDir)).sort();
    expect(names).toEqual(
      [
        'hello.wav.json',
        'hello.wav.qc.json',
        'hello.wav.raw.json',
        'hello.wav.srt',
        'hello.wav.txt',
        'hello.wav.vtt',
      ].sort(),
    );
    expect(result.stdout.trim().split('\n').sort()).toEqual(names.map((n) => path.join(outDir, n)));
    const srt = await readFile(path.join(outDir, 'hello.wav.srt'), 'utf8');
    expect(srt).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n\S/);
    // The words came from recognising this audio: the canonical JSON reads back and holds at least
    // half the reference words (the offline recognizer's word error rate on these clips is ~37%).
    const transcript = readTranscript(await readFile(path.join(outDir, 'hello.wav.json')));
    const words = new Set(transcript.segments.flatMap((s) => s.text.toLowerCase().match(/[a-z']+/g) ?? []));
    const reference = SPOKEN.split(' ');
    expect(reference.filter((w) => words.has(w)).length).toBeGreaterThanOrEqual(reference.length / 2);
    // What was downloaded is what the pipeline wrote.
    const stored = await storage.get({ bucket: cloud.env.OUTPUT_BUCKET ?? '', key: 'output/hello.wav.srt' });
    expect(stored?.body.toString('utf8')).toBe(srt);
  }, 300_000);

  it('shows the input done with its engine, task, timings and outputs, as text and as JSON', async () => {
    // Act
    const text = await cli(['status', 'hello.wav']);
    const json = await cli(['status', '--json']);

    // Assess
    expect(text.code).toBe(0);
    expect(text.stderr).toBe(
      `status on the local cloud ${cloud.url} (cli test, pid ${process.pid}, .local-cloud/cloud.json)\n`,
    );
    expect(text.stdout).toMatch(/^input\/hello\.wav: done\n/);
    expect(text.stdout).toMatch(/engine +sentence 16k_en/);
    expect(text.stdout).toContain('output/hello.wav.srt');
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as Array<{
      key: string;
      status: {
        state: string;
        jobId: string;
        taskId: string;
        outputs: string[];
        timings: { elapsedMs: number };
      };
    }>;
    expect(listed.map((e) => e.key)).toEqual(['input/hello.wav']);
    expect(listed[0]?.status.state).toBe('done');
    expect(listed[0]?.status.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(listed[0]?.status.taskId).not.toBe('');
    expect(listed[0]?.status.outputs).toHaveLength(6);
    expect(listed[0]?.status.timings.elapsedMs).toBeGreaterThan(0);
  });

  it('re-renders the outputs from the stored engine result without calling any engine', async () => {
    // Prepare: spoil one output, and note the engine traffic and the ledger so far.
    const bucket = cloud.env.OUTPUT_BUCKET ?? '';
    const original = await storage.get({ bucket, key: 'output/hello.wav.srt' });
    await storage.put({ bucket, key: 'output/hello.wav.srt' }, { body: 'spoilt', contentType: 'text/plain' });
    const requestsBefore = engineRequests.length;
    const ledgerBefore = (await storage.list(bucket, 'cos-transcribe/jobs/')).map((o) => o.key);

    // Act
    const result = await cli(['replay', 'hello.wav']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('re-rendered 6 outputs');
    expect(result.stdout).toContain('output/hello.wav.srt');
    const restored = await storage.get({ bucket, key: 'output/hello.wav.srt' });
    expect(restored?.body.toString('utf8')).toBe(original?.body.toString('utf8'));
    expect(restored?.metadata['cos-transcribe-output']).toMatch(/^[0-9a-f]{32}$/);
    expect(engineRequests.slice(requestsBefore)).toEqual([]);
    expect((await storage.list(bucket, 'cos-transcribe/jobs/')).map((o) => o.key)).toEqual(ledgerBefore);
  });

  it('resubmits as a new engine job with --resubmit, and status then names the new job', async () => {
    // Prepare
    const before = JSON.parse((await cli(['status', 'hello.wav', '--json'])).stdout) as Array<{
      status: { jobId: string };
    }>;
    const requestsBefore = engineRequests.length;

    // Act
    const result = await cli(['replay', 'input/hello.wav', '--resubmit', '--timeout', '4m'], 280_000);
    const after = JSON.parse((await cli(['status', 'hello.wav', '--json'])).stdout) as Array<{
      status: { jobId: string; state: string };
    }>;

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/resubmitting job [0-9a-f]{32} as job [0-9a-f]{32} on sentence/);
    expect(engineRequests.length).toBeGreaterThan(requestsBefore);
    expect(after[0]?.status.state).toBe('done');
    expect(after[0]?.status.jobId).not.toBe(before[0]?.status.jobId);
  }, 300_000);

  it('goes through the asynchronous engine and its callback with per-file --engine and --formats', async () => {
    // Prepare: another LibriVox clip, sent to ASR CreateRecTask, which answers through the callback route.
    await copyFile(LIBRIVOX.replace('-0880.wav', '-0930.wav'), path.join(work, 'amiable.wav'));
    const outDir = path.join(work, 'out-asr');

    // Act
    const result = await cli(
      [
        'transcribe',
        'amiable.wav',
        '--engine',
        'asr',
        '--formats',
        'txt,srt',
        '--out',
        outDir,
        '--timeout',
        '4m',
      ],
      280_000,
    );
    const status = await cli(['status', 'amiable.wav', '--json']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/amiable\.wav: recognising \(asr task \d+\)|amiable\.wav: done \(asr,/);
    expect((await readdir(outDir)).sort()).toEqual([
      'amiable.wav.qc.json',
      'amiable.wav.raw.json',
      'amiable.wav.srt',
      'amiable.wav.txt',
    ]);
    const [entry] = JSON.parse(status.stdout) as Array<{
      status: { engine: string; taskId: string; state: string };
    }>;
    expect(entry?.status).toMatchObject({ engine: 'asr', state: 'done' });
    expect(entry?.status.taskId).toMatch(/^\d+$/);
    expect(
      cloud.emulator.scf.invocations.some((i) => i.functionName === 'callback' && i.outcome === 'ok'),
    ).toBe(true);
  }, 300_000);

  it('exits 1 and gives the code and message when an input fails', async () => {
    // Prepare: an empty file is media by name but has nothing to transcribe.
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(work, 'empty.wav'), '');

    // Act
    const result = await cli(['transcribe', 'empty.wav', '--timeout', '30s']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^empty\.wav: failed: EmptyFile: the object is empty \(0 bytes\); upload the file again$/m,
    );
    expect(result.stdout).toBe('');
  });
});
