/**
 * `.local-cloud/cloud.json`, the one way a command finds a running local cloud: written by the
 * process that runs the cloud, found from the folder it names or any folder below, holding no
 * secret, ignored once its process is gone, and removed only by the process that wrote it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudFilePath, findCloudFile, writeCloudFile } from '../../../local/cloud-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cloud-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cloud = {
  url: 'http://127.0.0.1:40123',
  appId: '1250000000',
  startedBy: 'npm start',
  settings: {
    INPUT_BUCKET: 'input-1250000000',
    INPUT_PREFIX: 'media/',
    CALLBACK_SECRET: 'do-not-write-me-0000000000000000',
    TENCENTCLOUD_SECRETID: 'AKIDdonotwriteme',
    TENCENTCLOUD_SECRETKEY: 'do-not-write-me-either',
  },
};

describe('the local cloud file', () => {
  it('is found from its folder and from any folder below, with the settings but no secret', () => {
    // Prepare
    writeCloudFile(dir, cloud);
    const below = path.join(dir, 'a', 'b');
    mkdirSync(below, { recursive: true });

    // Act
    const here = findCloudFile(dir);
    const fromBelow = findCloudFile(below);

    // Assess
    expect(here?.file).toBe(path.join(dir, cloudFilePath));
    expect(here?.record).toMatchObject({ url: cloud.url, appId: cloud.appId, pid: process.pid });
    expect(here?.record.settings).toEqual({ INPUT_BUCKET: 'input-1250000000', INPUT_PREFIX: 'media/' });
    expect(fromBelow?.file).toBe(here?.file);
    expect(readFileSync(path.join(dir, cloudFilePath), 'utf8')).not.toMatch(/do-not-write|AKID/);
  });

  it('is removed at stop, after which nothing is found', () => {
    // Prepare
    const remove = writeCloudFile(dir, cloud);

    // Act
    remove();

    // Assess
    expect(existsSync(path.join(dir, cloudFilePath))).toBe(false);
    expect(findCloudFile(dir)).toBeUndefined();
  });

  it('is ignored when the process that wrote it is gone', () => {
    // Prepare: the pid of a process that has exited.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeCloudFile(dir, cloud);
    const file = path.join(dir, cloudFilePath);
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...record, pid: Number(gone.stdout) }));

    // Act / Assess
    expect(findCloudFile(dir)).toBeUndefined();
  });

  it('is left alone at stop when another cloud has written it since', () => {
    // Prepare: a newer cloud (another live process, here our parent) took the folder over.
    const remove = writeCloudFile(dir, cloud);
    const file = path.join(dir, cloudFilePath);
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...record, pid: process.ppid }));

    // Act
    remove();

    // Assess
    expect(findCloudFile(dir)?.record.pid).toBe(process.ppid);
  });
});
