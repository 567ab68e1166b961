/**
 * Bad inputs: empty, truncated, non-media, oversized, silent, keys with spaces, unicode, `+` and `%`,
 * and a key whose outputs would be too long for COS, all uploaded through the official SDK and left
 * to the real trigger with the default engine choice (`auto`). Proves each ends in its documented state (lib/pipeline/input-rules.ts and
 * finish-job.ts: refused inputs fail or are skipped with a code and no job; engine refusals fail as
 * EngineFailed with a job; odd keys finish with outputs named after the key), and that refusals
 * make no job and no output.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputStatus } from '../../lib/jobs/input-status.js';
import { outputSetOf } from './burst-run.js';
import type { CloudState } from './cloud-state.js';
import {
  INPUT_BUCKET,
  INPUT_PREFIX,
  LEDGER_PREFIX,
  type LocalCloud,
  OUTPUT_BUCKET,
  startLocalCloud,
} from './local-cloud.js';
import { silentWav, speechClips } from './speech-clips.js';
import { waitForFinal } from './wait-for-final.js';

const run = promisify(execFile);

/** One case: what is uploaded and the state it must end in. */
interface Case {
  readonly name: string;
  readonly key: string;
  readonly body: Buffer;
  readonly headers?: Record<string, string>;
  readonly state: InputStatus['state'];
  /** Error code, or null for done. */
  readonly code: string | null;
  /** Whether a job exists (refusals before the claim have none). */
  readonly job: boolean;
  readonly engine?: string;
  readonly message?: RegExp;
}

let cloud: LocalCloud;
let cases: Case[];
let statuses: Map<string, InputStatus>;
let state: CloudState;

beforeAll(async () => {
  // Prepare
  cloud = await startLocalCloud({ env: { DEFAULT_ENGINE: 'auto' } });
  const [hello] = await speechClips();
  const speech = hello as Buffer;
  const mp3 = await toMp3(speech);
  cases = [
    {
      name: 'an empty file',
      key: 'bad/empty.wav',
      body: Buffer.alloc(0),
      state: 'failed',
      code: 'EmptyFile',
      job: false,
      message: /empty \(0 bytes\)/,
    },
    {
      name: 'a WAV cut after its header',
      key: 'bad/header-only.wav',
      body: speech.subarray(0, 44),
      state: 'failed',
      code: 'EngineRefused',
      job: true,
      message: /no samples/,
    },
    {
      name: 'an MP3 cut in half',
      key: 'bad/half.mp3',
      body: mp3.subarray(0, Math.floor(mp3.length / 2)),
      state: 'done',
      code: null,
      job: true,
      engine: 'asr',
    },
    {
      name: 'a text file',
      key: 'bad/notes.txt',
      body: Buffer.from('meeting notes, not audio\n'),
      state: 'skipped',
      code: 'UnsupportedType',
      job: false,
      message: /not audio or video/,
    },
    {
      name: 'text named .mp4',
      key: 'bad/fake.mp4',
      body: Buffer.from('not a video at all '.repeat(50)),
      state: 'failed',
      code: 'EngineFailed',
      job: true,
      engine: 'asr',
    },
    {
      name: 'an oversized clip for SentenceRecognition (3 MB limit)',
      key: 'bad/long.wav',
      body: silentWav(100_000),
      headers: { 'x-cos-meta-asr-engine': 'sentence' },
      state: 'failed',
      code: 'TooLarge',
      job: false,
      message: /over the sentence limit/,
    },
    {
      name: 'silence',
      key: 'bad/silence.wav',
      body: silentWav(2_000),
      state: 'done',
      code: null,
      job: true,
      engine: 'sentence',
    },
    {
      name: 'a key with spaces',
      key: 'odd/my  talk  two.wav',
      body: speech,
      state: 'done',
      code: null,
      job: true,
      engine: 'sentence',
    },
    {
      name: 'a unicode key',
      key: 'odd/会议/录音 ü é.wav',
      body: speech,
      state: 'done',
      code: null,
      job: true,
      engine: 'sentence',
    },
    {
      name: "a key with '+'",
      key: 'odd/a+b c+.wav',
      body: speech,
      state: 'done',
      code: null,
      job: true,
      engine: 'sentence',
    },
    {
      name: "a key with '%'",
      key: 'odd/100% sure%20x%2F.wav',
      body: speech,
      state: 'done',
      code: null,
      job: true,
      engine: 'sentence',
    },
    {
      // 6 + 4 + 834 + 4 = 848 bytes: COS stores it, but its .raw.json output would be 858.
      name: 'a key whose outputs would pass 850 bytes',
      key: `odd/${'长'.repeat(278)}.wav`,
      body: speech,
      state: 'failed',
      code: 'KeyTooLong',
      job: false,
      message: /would be 858 bytes, over COS's 850-byte limit; shorten .* by at least 8 bytes/,
    },
  ].map((c) => ({ ...c, key: `${INPUT_PREFIX}${c.key}` }) as Case);

  // Act
  for (const c of cases) await cloud.upload(c.key, c.body, c.headers ?? {});
  const settled = await waitForFinal(
    {
      store: cloud.emulator.store,
      bucket: OUTPUT_BUCKET,
      ledgerPrefix: LEDGER_PREFIX,
      inputBucket: INPUT_BUCKET,
    },
    cases.map((c) => c.key),
    { timeoutMs: 180_000, everyMs: 250 },
  );
  statuses = settled.statuses;
  await cloud.emulator.scf.idle();
  state = await cloud.state();
  for (const c of cases) {
    const s = statuses.get(c.key);
    console.log(
      `bad inputs: ${c.name.padEnd(56)} -> ${s?.state} ${s?.engine ?? '-'} ${s?.error?.code ?? ''} ${s?.error?.message ?? ''}`.trimEnd(),
    );
  }
}, 240_000);
afterAll(() => cloud?.stop());

describe('each bad or unusual input', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])('case %i ends in its documented state', (index) => {
    // Assess
    const c = cases[index] as Case;
    const status = statuses.get(c.key);
    expect({ name: c.name, state: status?.state, code: status?.error?.code ?? null }).toEqual({
      name: c.name,
      state: c.state,
      code: c.code,
    });
    if (c.engine) expect(status?.engine).toBe(c.engine);
    if (c.message) expect(status?.error?.message).toMatch(c.message);
    expect(status?.jobId !== null).toBe(c.job);
    expect(state.jobsByInput.get(c.key)?.length ?? 0).toBe(c.job ? 1 : 0);
  });

  it('gives finished inputs their complete output set under the key-derived names, and refused ones none', () => {
    // Assess
    const expected = cases
      .filter((c) => c.state === 'done')
      .flatMap((c) => outputSetOf(c.key, c.engine))
      .sort();
    expect(state.outputs).toEqual(expected);
  });

  it('explains every failure with a message a person can act on', () => {
    // Assess
    for (const c of cases.filter((x) => x.state !== 'done')) {
      const message = statuses.get(c.key)?.error?.message ?? '';
      expect(message.length, c.name).toBeGreaterThan(20);
      expect(message, c.name).toMatch(/upload|rename|split|check|use|set/i);
    }
  });
});

/** The clip as MP3 (ffmpeg), so a cut falls mid-frame in a compressed stream. */
async function toMp3(wav: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'e2e-mp3-'));
  try {
    await writeFile(path.join(dir, 'in.wav'), wav);
    await run('ffmpeg', [
      '-nostdin',
      '-loglevel',
      'error',
      '-i',
      path.join(dir, 'in.wav'),
      '-b:a',
      '64k',
      path.join(dir, 'out.mp3'),
    ]);
    return await readFile(path.join(dir, 'out.mp3'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
