/**
 * The store under COS behaves like COS when writers race and survives a restart: exactly one of many
 * concurrent forbid-overwrite creates wins, plain overwrites leave one whole object from one writer,
 * no temporary file is left behind, and a new emulator on the same data lists everything back. A
 * write cut short, by the client or by a crash of the emulator, never shows up as an object.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUCKET,
  cosAuthorization,
  cosClient,
  type Harness,
  HOST,
  REGION,
  signedRequest,
  startHarness,
} from './cos-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());

describe('concurrent writers', () => {
  it('let exactly one of 20 concurrent forbid-overwrite PUTs to one key succeed', async () => {
    // Prepare
    const port = harness.emulator.port;
    const bodies = Array.from({ length: 20 }, (_, i) => `writer ${i} `.repeat(50 + i));

    // Act
    const answers = await Promise.all(
      bodies.map((body) =>
        signedRequest(port, {
          method: 'PUT',
          key: 'race/claim.json',
          headers: { 'x-cos-forbid-overwrite': 'true' },
          body,
        }),
      ),
    );
    const stored = await signedRequest(port, { method: 'GET', key: 'race/claim.json' });

    // Assess
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const winner = answers.findIndex((answer) => answer.status === 200);
    expect(stored.body).toBe(bodies[winner]);
  });

  it('leave one whole object from one of the writers when plain PUTs race (last writer wins)', async () => {
    // Prepare
    const cos = cosClient(harness.emulator.port);
    const bodies = Array.from({ length: 12 }, (_, i) => Buffer.alloc(64 * 1024 + i, 65 + i));

    // Act
    await Promise.all(
      bodies.map((Body) =>
        cos.putObject({ Bucket: BUCKET, Region: REGION, Key: 'race/overwrite.bin', Body }),
      ),
    );
    const stored = await cos.getObject({ Bucket: BUCKET, Region: REGION, Key: 'race/overwrite.bin' });
    const listed = await cos.getBucket({ Bucket: BUCKET, Region: REGION, Prefix: 'race/overwrite' });

    // Assess
    expect(bodies.some((body) => body.equals(stored.Body))).toBe(true);
    expect(listed.Contents).toHaveLength(1);
    expect(Number(listed.Contents[0]?.Size)).toBe(stored.Body.length);
    expect(await readdir(path.join(harness.dataDir, BUCKET, 'tmp'))).toEqual([]);
  });
});

describe('a restart on the same data directory', () => {
  it('lists and serves every object as before, with the same metadata', async () => {
    // Prepare
    const dataDir = harness.dataDir;
    const first = await startHarness({ dataDir });
    const keys = ['restart/a.txt', 'restart/sub/b 2.txt', 'restart/ü.txt'];
    const cos = cosClient(first.emulator.port);
    for (const key of keys) {
      await cos.putObject({
        Bucket: BUCKET,
        Region: REGION,
        Key: key,
        Body: key,
        Headers: { 'x-cos-meta-k': 'v' },
      });
    }
    await first.stop();

    // Act
    const second = await startHarness({ dataDir });
    const again = cosClient(second.emulator.port);
    const listed = await again.getBucket({ Bucket: BUCKET, Region: REGION, Prefix: 'restart/' });
    const head = await again.headObject({ Bucket: BUCKET, Region: REGION, Key: 'restart/sub/b 2.txt' });
    await second.stop();

    // Assess
    expect(listed.Contents.map((item) => item.Key)).toEqual(keys);
    expect(head.headers?.['x-cos-meta-k']).toBe('v');
  });
});

describe('an interrupted write', () => {
  it('by a client that dies mid-body leaves no object and no temporary file', async () => {
    // Prepare: a signed PUT that announces 100,000 bytes, sends 1,000 and drops the connection.
    const key = 'crash/half.bin';
    const authorization = cosAuthorization({ method: 'PUT', key });
    const socket = connect(harness.emulator.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));

    // Act
    socket.write(
      `PUT /${key} HTTP/1.1\r\nHost: ${HOST}\r\nAuthorization: ${authorization}\r\nContent-Length: 100000\r\n\r\n`,
    );
    socket.write(Buffer.alloc(1000, 66));
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stored = await signedRequest(harness.emulator.port, { method: 'GET', key });

    // Assess
    expect(stored.status).toBe(404);
    expect(await readdir(path.join(harness.dataDir, BUCKET, 'tmp'))).toEqual([]);
  });

  it('by a crash of the emulator itself is cleared at the next start, never served as an object', async () => {
    // Prepare: what a crash between writing the temporary file and linking it leaves behind.
    const dataDir = await mkdtemp(path.join(tmpdir(), 'emulator-crash-'));
    const first = await startHarness({ dataDir });
    await first.stop();
    const leftover = path.join(dataDir, BUCKET, 'tmp', 'interrupted-write');
    await writeFile(leftover, Buffer.alloc(4096, 67));

    // Act
    const second = await startHarness({ dataDir });
    const listed = await cosClient(second.emulator.port).getBucket({ Bucket: BUCKET, Region: REGION });
    const tmpAfter = await readdir(path.join(dataDir, BUCKET, 'tmp'));
    await second.stop();
    await rm(dataDir, { recursive: true, force: true });

    // Assess
    expect(listed.Contents).toEqual([]);
    expect(tmpAfter).toEqual([]);
  });
});
