/**
 * Multipart upload through the official client's uploadFile (what it uses for any file over 1 MB):
 * the object arrives whole with a multipart ETag, fires one CompleteMultipartUpload event, and the
 * rules COS enforces on completion hold.
 */
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CosEventRecord } from '../../../local/scf/scf-events.js';
import { BUCKET, cosClient, type Harness, REGION, sdkErrorCode, startHarness } from './cos-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());

describe('multipart upload', () => {
  it('takes a 2.5 MB file from uploadFile in parts and serves it back whole', async () => {
    // Prepare
    const events: CosEventRecord[] = [];
    harness.emulator.scf.bindCos({
      functionName: 'upload',
      bucket: BUCKET,
      prefix: 'big/',
      handler: async (event: { Records: CosEventRecord[] }) => {
        events.push(...event.Records);
      },
    });
    const body = Buffer.alloc(2.5 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 11)) & 0xff;
    const file = path.join(harness.dataDir, 'upload-source.bin');
    await writeFile(file, body);
    const cos = cosClient(harness.emulator.port);

    // Act
    const uploaded = await cos.uploadFile({
      Bucket: BUCKET,
      Region: REGION,
      Key: 'big/lecture 1.wav',
      FilePath: file,
      SliceSize: 1024 * 1024,
      Headers: { 'x-cos-meta-source': 'lecture' },
    });
    const got = await cos.getObject({ Bucket: BUCKET, Region: REGION, Key: 'big/lecture 1.wav' });
    const pending = await cos.multipartList({
      Bucket: BUCKET,
      Region: REGION,
      Prefix: 'big/',
      Delimiter: '',
    });
    await harness.emulator.scf.idle();
    await rm(file);

    // Assess
    expect(got.Body.equals(body)).toBe(true);
    expect(uploaded.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    expect(got.headers?.['x-cos-meta-source']).toBe('lecture');
    expect(pending.Upload).toEqual([]);
    expect(events.map((record) => record.event.eventName)).toEqual([
      'cos:ObjectCreated:CompleteMultipartUpload',
    ]);
    expect(events[0]?.cos.cosObject.size).toBe(body.length);
  });

  it('refuses to complete with a small middle part, a wrong ETag or parts out of order', async () => {
    // Prepare
    const cos = cosClient(harness.emulator.port);
    const Key = 'rules/x.bin';
    const { UploadId } = await cos.multipartInit({ Bucket: BUCKET, Region: REGION, Key });
    const small = Buffer.from('tiny');
    const upload = (PartNumber: number, Body: Buffer) =>
      cos.multipartUpload({ Bucket: BUCKET, Region: REGION, Key, UploadId, PartNumber, Body });
    const first = await upload(1, small);
    const second = await upload(2, small);
    const md5 = (data: Buffer) => `"${createHash('md5').update(data).digest('hex')}"`;
    const completeWith = (Parts: Array<{ PartNumber: number; ETag: string }>) =>
      sdkErrorCode(cos.multipartComplete({ Bucket: BUCKET, Region: REGION, Key, UploadId, Parts }));

    // Act
    const tooSmall = await completeWith([
      { PartNumber: 1, ETag: first.ETag },
      { PartNumber: 2, ETag: second.ETag },
    ]);
    const wrongTag = await completeWith([{ PartNumber: 1, ETag: md5(Buffer.from('other')) }]);
    const disorder = await completeWith([
      { PartNumber: 2, ETag: second.ETag },
      { PartNumber: 1, ETag: first.ETag },
    ]);
    const single = await cos.multipartComplete({
      Bucket: BUCKET,
      Region: REGION,
      Key,
      UploadId,
      Parts: [{ PartNumber: 1, ETag: first.ETag }],
    });
    const stored = await cos.getObject({ Bucket: BUCKET, Region: REGION, Key });
    const gone = await sdkErrorCode(cos.multipartListPart({ Bucket: BUCKET, Region: REGION, Key, UploadId }));

    // Assess
    expect(first.ETag).toBe(md5(small));
    expect(tooSmall).toBe('EntityTooSmall');
    expect(wrongTag).toBe('InvalidPart');
    expect(disorder).toBe('InvalidPartOrder');
    expect(single.statusCode).toBe(200);
    expect(stored.Body.toString()).toBe('tiny');
    expect(gone).toBe('NoSuchUpload');
  });
});
