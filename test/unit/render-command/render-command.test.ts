import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../bin/commands/render.js';
import { renderTranscript } from '../../../lib/subtitles/render.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import { fixture, fixturePath } from '../transcript/fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = path.join(root, 'bin/cos-transcribe.cjs');

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cos-transcribe render ...` as a user would, optionally feeding stdin. */
function render(args: string[], stdin?: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'render', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

// Concurrent: each case is a separate process, mostly waiting on tsx start-up.
describe.concurrent('cos-transcribe render', () => {
  it('renders a CI callback file as WebVTT, exactly what the library renders', async ({ expect }) => {
    const expected = renderTranscript(readTranscript(fixture('ci-callback.xml')), 'vtt', { profile: 'auto' });

    const outcome = await render([fixturePath('ci-callback.xml'), '--format', 'vtt']);

    expect(outcome).toEqual({ code: 0, stdout: expected, stderr: '' });
    expect(outcome.stdout.startsWith('WEBVTT')).toBe(true);
  });

  it('reads stdin given -, with SRT as the default format and the profile chosen', async ({ expect }) => {
    const input = fixture('describe-task-status.success.json');
    const expected = renderTranscript(readTranscript(input), 'srt', { profile: 'zh' });

    const outcome = await render(['-', '--profile', 'zh'], input);

    expect(outcome).toEqual({ code: 0, stdout: expected, stderr: '' });
    expect(outcome.stdout).toContain('00:00:00,140 --> ');
  });

  it('renders its own JSON rendering again, unchanged', async ({ expect }) => {
    const first = renderTranscript(readTranscript(fixture('recognize-audio.response.json')), 'json');

    const again = await render(['-', '--format', 'json'], first);

    expect(again).toEqual({ code: 0, stdout: first, stderr: '' });
  });

  it('exits 2 with the engine message for a failed task', async ({ expect }) => {
    const outcome = await render([fixturePath('describe-task-status.failed.json'), '--format', 'txt']);

    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatchInlineSnapshot(`
      "cos-transcribe render: DescribeTaskStatus task 522931821 failed (code 3 failed): Failed to download audio file!
      "
    `);
  });
});

describe('cos-transcribe render, in process (usage and input errors)', () => {
  /** Runs the command's `run` and captures what it writes. */
  async function runInProcess(argv: string[]): Promise<Outcome> {
    let stdout = '';
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
      stdout += String(chunk);
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      stderr += String(chunk);
      return true;
    });
    try {
      const code = await run(argv);
      return { code, stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it('exits 2 naming the field for a malformed result', async () => {
    const file = scratchFile(
      'bad.xml',
      fixture('ci-callback.xml').replace('<StartMs>3320</StartMs>', '<StartMs>soon</StartMs>'),
    );

    const outcome = await runInProcess([file, '--format', 'srt']);

    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatchInlineSnapshot(`
      "cos-transcribe render: cannot read CI job XML at Response.JobsDetail.Operation.SpeechRecognitionResult.ResultDetail[0].StartMs: expected a time of 0 ms or more (found "soon")
      "
    `);
  });

  it('exits 2 for a missing file, an empty file and bad usage, one line each', async () => {
    const empty = scratchFile('empty.json', '');
    const outcomes = [];
    for (const argv of [
      ['/nonexistent/result.json'],
      [empty],
      [fixturePath('ci-callback.xml'), '--format', 'docx'],
      [fixturePath('ci-callback.xml'), '--profile', 'fr'],
      [fixturePath('ci-callback.xml'), '--channels', 'two'],
      [],
      ['a.json', 'b.json'],
      ['--bogus', 'a.json'],
    ]) {
      outcomes.push(await runInProcess(argv));
    }

    for (const outcome of outcomes) {
      expect(outcome.code).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
    expect(outcomes.map((o) => o.stderr.replace(empty, '<empty>'))).toMatchInlineSnapshot(`
      [
        "cos-transcribe render: cannot read /nonexistent/result.json: no such file
      ",
        "cos-transcribe render: cannot read input: expected DescribeTaskStatus, ASR callback, CI job, SentenceRecognition, MPS RecognizeAudio or canonical JSON (found empty input)
      ",
        "cos-transcribe render: unknown --format 'docx': use srt, vtt, ass, txt, json
      ",
        "cos-transcribe render: unknown --profile 'fr': use en, zh, auto
      ",
        "cos-transcribe render: --channels must be a whole number of 1 or more, got 'two'
      ",
        "cos-transcribe render: missing input: give a file, or - for stdin (see --help)
      ",
        "cos-transcribe render: expected one input, got 2: a.json b.json
      ",
        "cos-transcribe render: Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--bogus" (see --help)
      ",
      ]
    `);
  });

  it('prints its usage with --help and exits 0', async () => {
    const outcome = await runInProcess(['--help']);

    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('usage: cos-transcribe render <file|->');
  });
});

let scratch: string | undefined;

/** Writes a file in a per-run temporary directory. */
function scratchFile(name: string, content: string): string {
  scratch ??= mkdtempSync(path.join(tmpdir(), 'render-command-'));
  const file = path.join(scratch, name);
  writeFileSync(file, content);
  return file;
}

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});
