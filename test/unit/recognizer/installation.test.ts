import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkInstallation,
  defaultInstallation,
  describeMissing,
} from '../../../local/recognizer/installation.js';

describe('checkInstallation', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('names every missing piece and the apt-get command that installs it', async () => {
    // Prepare: an empty PATH and an empty model directory.
    const empty = await mkdtemp(join(tmpdir(), 'recognizer-install-'));
    dirs.push(empty);
    const env = { PATH: empty, POCKETSPHINX_MODEL_DIR: empty };

    // Act
    const check = await checkInstallation(defaultInstallation(env), env);

    // Assess
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.installCommand).toBe('sudo apt-get install -y ffmpeg pocketsphinx pocketsphinx-en-us');
    expect(check.missing).toHaveLength(5);
    expect(describeMissing(check)).toMatch(
      /^offline recognizer not installed: missing ffmpeg \(audio decoder\)/,
    );
  });

  it('asks only for the model package when the programs are there', async () => {
    // Prepare
    const empty = await mkdtemp(join(tmpdir(), 'recognizer-install-'));
    dirs.push(empty);
    const env = { PATH: process.env.PATH ?? '', POCKETSPHINX_MODEL_DIR: empty };

    // Act
    const check = await checkInstallation(defaultInstallation(env), env);

    // Assess: this machine has Debian's ffmpeg and pocketsphinx (the CI script installs them).
    expect(check).toMatchObject({ ok: false, installCommand: 'sudo apt-get install -y pocketsphinx-en-us' });
  });

  it('accepts the Debian layout when everything is installed', async () => {
    expect(await checkInstallation()).toMatchObject({ ok: true });
  });
});
