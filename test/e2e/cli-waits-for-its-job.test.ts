/**
 * `cos-transcribe transcribe` waits for the job its own upload makes (issue 12 item 11). A file is
 * transcribed once with the default formats; the same file is then transcribed again with
 * `--formats srt,ass`, i.e. the same key and content with other settings, whose status already says
 * "done" for the first job. The command (a child process, as a person runs it, on the whole local
 * cloud) must wait for the second job, name it, and bring home only that job's files.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputMarkerKey } from '../../lib/pipeline/output-naming.js';
import { type CliResult, runCli } from '../integration/cli/cli-kit.js';
import { type LocalCloud, OUTPUT_BUCKET, OUTPUT_PREFIX, startLocalCloud } from './local-cloud.js';
import { speechClips } from './speech-clips.js';

let cloud: LocalCloud;
let work: string;
let first: CliResult;
let second: CliResult;

/** Runs `transcribe interview.wav` against this test's cloud, downloading into `out`. */
function transcribe(out: string, ...flags: string[]): Promise<CliResult> {
  return runCli(
    ['transcribe', 'interview.wav', '--local-cloud', cloud.emulator.url, '--out', out, ...flags],
    { cwd: work, timeoutMs: 120_000 },
  );
}

/** The job id a `done` line names. */
function jobNamed(result: CliResult): string | undefined {
  return /done \(job ([0-9a-f]{32})/.exec(result.stderr)?.[1];
}

beforeAll(async () => {
  // Prepare: a spoken clip, transcribed once with the default formats.
  cloud = await startLocalCloud();
  work = await mkdtemp(path.join(tmpdir(), 'e2e-cli-'));
  const [clip] = await speechClips();
  await writeFile(path.join(work, 'interview.wav'), clip as Buffer);
  first = await transcribe('first');

  // Act: the same file again, asking for other formats.
  second = await transcribe('second', '--formats', 'srt,ass');
}, 300_000);
afterAll(async () => {
  await cloud?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('transcribing a file again with other settings', () => {
  it('waits for the new job and names it', () => {
    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(jobNamed(first)).toBeDefined();
    expect(jobNamed(second)).toBeDefined();
    expect(jobNamed(second)).not.toBe(jobNamed(first));
  });

  it("downloads only the new job's files", async () => {
    // Assess
    expect((await readdir(path.join(work, 'first'))).sort()).toEqual(
      ['json', 'qc.json', 'raw.json', 'srt', 'txt', 'vtt'].map((s) => `interview.wav.${s}`),
    );
    expect((await readdir(path.join(work, 'second'))).sort()).toEqual(
      ['ass', 'qc.json', 'raw.json', 'srt'].map((s) => `interview.wav.${s}`),
    );
  });

  it('brings home exactly the bytes that job wrote, each marked as its own', async () => {
    // Assess
    for (const name of await readdir(path.join(work, 'second'))) {
      const stored = await cloud.emulator.store.get(OUTPUT_BUCKET, `${OUTPUT_PREFIX}${name}`);
      expect(stored?.meta.userMeta[outputMarkerKey]).toBe(jobNamed(second));
      expect(await readFile(path.join(work, 'second', name))).toEqual(stored?.body);
    }
  });
});
