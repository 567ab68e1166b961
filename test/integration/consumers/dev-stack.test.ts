/**
 * `npm start` as a newcomer meets it: the dev stack runs as its own process in an empty directory,
 * transcribes the LibriVox sample on first start and prints its SRT, turns a file dropped into inbox/
 * into outputs in outbox/ showing each step the README names, shows the README's failures on the
 * console and as notes in outbox/, is the cloud the CLI finds from the same folder (whose uploads show
 * on its console too), and stops cleanly on Ctrl-C (SIGINT). Everything is real: the emulator, the
 * three functions wired from serverless.yml, the offline recognizer, the COS SDK.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleClip } from '../../../local/dev-stack/system-check.js';
import { repositoryRoot } from './scf-node.js';

/** tsx's loader, for `node --import` from any working directory. */
const tsxLoader = import.meta.resolve('tsx');

// A second LibriVox clip from the same Debian package, shorter than the sample.
// Waits are long on purpose: on a loaded machine the offline recognizer can exceed the pipeline's
// 20 s SentenceRecognition attempt timeout, and SCF's retry then comes a minute later.
const droppedClip =
  '/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav';

let workDir: string;
let stack: ChildProcess;
let output = '';
let exitCode: Promise<number | null>;
/** Time since the upload as the console writes it: `+0.4 s`, `+1 min 20 s`. */
const ELAPSED = String.raw`\+(?:\d+ min )?[\d.]+ s`;
/** The environment without deploy variables of the developer's shell. */
let cliEnv: NodeJS.ProcessEnv;

/** Resolves with the output so far once `pattern` matches it; rejects with the output on timeout. */
function waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.match(pattern);
      if (match) {
        clearInterval(timer);
        clearTimeout(limit);
        resolve(match);
      }
    };
    const timer = setInterval(check, 100);
    const limit = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`no ${pattern} within ${timeoutMs} ms; the stack printed:\n${output}`));
    }, timeoutMs);
    check();
  });
}

describe('npm start (the offline dev stack)', () => {
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'dev-stack-'));
    // Deploy variables of the developer's shell must not leak into this run.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(INPUT|OUTPUT|LEDGER)_|^CALLBACK_|^COS_TRANSCRIBE_/.test(name),
      ),
    );
    cliEnv = env;
    stack = spawn(
      process.execPath,
      // As `npm start` runs it: one process, tsx as a loader (its CLI would put a parent in between
      // that SIGKILLs the stack when a busy machine delays the stack's answer to a Ctrl-C).
      ['--import', tsxLoader, path.join(repositoryRoot, 'local/dev-stack.ts')],
      // Its own process group, as a terminal's foreground job, so Ctrl-C can be sent to the group.
      {
        cwd: workDir,
        env: { ...env, LOCAL_CLOUD_PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    stack.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    stack.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    exitCode = new Promise((resolve) => stack.on('exit', (code) => resolve(code)));
  });

  afterAll(async () => {
    if (stack.exitCode === null && stack.signalCode === null && stack.pid !== undefined) {
      process.kill(-stack.pid, 'SIGKILL');
      await exitCode;
    }
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('on first start transcribes the LibriVox sample and prints its SRT, as written to outbox/', async () => {
    // Prepare / Act
    await waitFor(
      /The sample, as SRT \(outbox\/sample-librivox\.wav\.srt\):\n\n([\s\S]*?-->[\s\S]*?)\n\n/,
      240_000,
    );

    // Assess: what was printed is the file in outbox/, and it is subtitles of real speech.
    const srt = readFileSync(path.join(workDir, 'outbox', 'sample-librivox.wav.srt'), 'utf8');
    expect(output).toContain(srt.trimEnd());
    expect(srt).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n\S/);
    expect(readFileSync(path.join(workDir, 'inbox', 'sample-librivox.wav'))).toEqual(
      readFileSync(sampleClip),
    );
  }, 250_000);

  it('turns a file dropped into inbox/ into its outputs in outbox/, reporting each step with its time', async () => {
    // Act
    copyFileSync(droppedClip, path.join(workDir, 'inbox', 'chapter-one.wav'));
    await waitFor(
      new RegExp(String.raw`chapter-one\.wav +${ELAPSED} {2}(done|failed|skipped) .*\n`),
      200_000,
    );

    // Assess: the README's steps, in order, each with the time since the upload.
    // Signs of life ('working') and SCF's retries on a slow machine may come in between.
    const stepWords = ['uploaded', 'claimed', 'submitted', 'recognising', 'done'];
    const lines = output
      .split('\n')
      .filter((line) => /^\d\d:\d\d:\d\d {2}chapter-one\.wav /.test(line))
      .filter((line) => stepWords.includes(line.match(/ s {2}(\w+) /)?.[1] ?? ''));
    expect(lines.map((line) => line.match(/ s {2}(\w+) /)?.[1])).toEqual(stepWords);
    expect(lines[0]).toMatch(/\+0\.0 s {2}uploaded +95724 B → input\/chapter-one\.wav$/);
    expect(lines[2]).toMatch(/submitted +engine \w+ task \S+$/);
    expect(lines[4]).toMatch(/done +6 outputs/);
    for (const suffix of ['srt', 'vtt', 'txt', 'json']) {
      const file = path.join(workDir, 'outbox', `chapter-one.wav.${suffix}`);
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, 'utf8').length).toBeGreaterThan(0);
    }
  }, 210_000);

  it("shows the README's failures on the console and leaves a note for each in outbox/", async () => {
    // Prepare: the Operate table's examples: not media, an empty file, a file no engine can decode.
    const inbox = path.join(workDir, 'inbox');
    writeFileSync(path.join(inbox, 'notes.txt'), 'meeting notes, not audio\n');
    writeFileSync(path.join(inbox, 'empty.wav'), '');
    writeFileSync(path.join(inbox, 'broken.mp3'), 'this is not mpeg audio at all '.repeat(40));

    // Act
    await waitFor(new RegExp(String.raw`broken\.mp3 +${ELAPSED} {2}failed .*\n`), 120_000);
    await waitFor(new RegExp(String.raw`notes\.txt +${ELAPSED} {2}skipped .*\n`), 10_000);
    await waitFor(new RegExp(String.raw`empty\.wav +${ELAPSED} {2}failed .*\n`), 10_000);

    // Assess
    expect(output).toMatch(
      new RegExp(
        String.raw`notes\.txt +${ELAPSED} {2}skipped +UnsupportedType: "\.txt" is not audio or video; upload one of \.wav `,
      ),
    );
    expect(output).toMatch(
      new RegExp(
        String.raw`empty\.wav +${ELAPSED} {2}failed +EmptyFile: the object is empty \(0 bytes\); upload the file again`,
      ),
    );
    expect(output).toMatch(
      new RegExp(
        String.raw`broken\.mp3 +${ELAPSED} {2}failed +EngineFailed: the file could not be decoded as audio: check it plays`,
      ),
    );
    const note = (name: string) => readFileSync(path.join(workDir, 'outbox', name), 'utf8');
    expect(note('notes.txt.skipped.txt')).toMatch(
      /^notes\.txt was skipped: nothing was transcribed\.\n\ncode {4}UnsupportedType\nreason {2}"\.txt" is not audio or video.*\nfix {5}upload an audio or video file/,
    );
    expect(note('empty.wav.failed.txt')).toMatch(
      /\ncode {4}EmptyFile\nreason {2}the object is empty .*\nfix {5}upload the file again/,
    );
    expect(note('broken.mp3.failed.txt')).toMatch(
      /\ncode {4}EngineFailed\nreason {2}the file could not be decoded as audio: .*\nfix {5}.*\nengine {2}asr task \d+ said 3 failed: Invalid audio file: /,
    );
  }, 130_000);

  it('is the cloud the CLI finds in this folder, and what the CLI does there shows on the console', async () => {
    // Prepare
    writeFileSync(path.join(workDir, 'minutes.txt'), 'not audio either\n');
    const cloud = JSON.parse(readFileSync(path.join(workDir, '.local-cloud', 'cloud.json'), 'utf8')) as {
      url: string;
      pid: number;
    };

    // Act: no flag and no variable names the cloud.
    const cli = spawnSync(
      process.execPath,
      [path.join(repositoryRoot, 'bin/cos-transcribe.cjs'), 'transcribe', 'minutes.txt', '--timeout', '60s'],
      { cwd: workDir, env: cliEnv, encoding: 'utf8', timeout: 90_000 },
    );
    await waitFor(new RegExp(String.raw`minutes\.txt +${ELAPSED} {2}skipped .*\n`), 20_000);

    // Assess
    expect(cloud.pid).toBe(stack.pid);
    expect(cli.stderr).toContain(
      `on the local cloud ${cloud.url} (npm start, pid ${stack.pid}, .local-cloud/cloud.json)`,
    );
    expect(cli.stderr).toMatch(/minutes\.txt: skipped: UnsupportedType/);
    expect(output).toMatch(
      /minutes\.txt +uploaded +17 B → input\/minutes\.txt \(not from inbox\/: by another client\)/,
    );
  }, 100_000);

  it('stops cleanly on Ctrl-C', async () => {
    // Act: a terminal's Ctrl-C signals the whole foreground process group.
    process.kill(-(stack.pid ?? 0), 'SIGINT');

    // Assess: stopped, and no longer announced to the CLI.
    expect(await exitCode).toBe(0);
    expect(output).toContain('stopped');
    expect(existsSync(path.join(workDir, '.local-cloud', 'cloud.json'))).toBe(false);
  }, 30_000);
});

describe('npm start on a machine without the recognizer', () => {
  it('refuses to start and prints the exact command that installs what is missing', async () => {
    // Prepare: a PATH with node and nothing else, so ffmpeg and pocketsphinx cannot be found.
    const bare = mkdtempSync(path.join(tmpdir(), 'bare-path-'));
    symlinkSync(process.execPath, path.join(bare, 'node'));

    // Act
    const result = spawnSync(
      process.execPath,
      ['--import', tsxLoader, path.join(repositoryRoot, 'local/dev-stack.ts')],
      { cwd: bare, env: { PATH: bare, HOME: process.env.HOME ?? bare }, encoding: 'utf8', timeout: 60_000 },
    );
    rmSync(bare, { recursive: true, force: true });

    // Assess
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('cannot start: missing ffmpeg');
    expect(result.stdout).toContain('install with: sudo apt-get install -y ffmpeg pocketsphinx');
  }, 70_000);
});
