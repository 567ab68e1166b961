/**
 * The store under COS behaves like COS when writers race and survives a restart: exactly one of many
 * concurrent forbid-overwrite creates wins, plain overwrites leave one whole object from one writer,
 * no temporary file is left behind, and a new emulator on the same data lists everything back.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, cosClient, type Harness, REGION, signedRequest, startHarness } from './cos-harness.js';

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
