/**
 * Multipart uploads in progress, under DATA/<bucket>/uploads/<uploadId>/: the upload's own record
 * (key, content type, metadata, when it began) and one file per part in the object-file format, each
 * written aside and renamed into place, so a part is either whole or absent. The completed object is
 * written through the ordinary store (atomically), and then the upload's directory is removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUCKET_NAME } from './file-store.js';
import { encodeObjectFile, isNotFound, readObjectFile, readObjectRecord } from './object-file.js';

/** An upload as recorded at InitiateMultipartUpload. */
export interface UploadRecord {
  readonly uploadId: string;
  readonly key: string;
  readonly contentType: string;
  readonly userMeta: Readonly<Record<string, string>>;
  readonly initiated: number;
}

/** One uploaded part. */
export interface PartRecord {
  readonly partNumber: number;
  readonly size: number;
  /** Hex MD5 of the part, without quotes. */
  readonly etag: string;
  readonly lastModified: number;
}

/** The multipart side of the store. */
export interface MultipartStore {
  initiate(bucket: string, upload: Omit<UploadRecord, 'uploadId' | 'initiated'>): Promise<UploadRecord>;
  describe(bucket: string, uploadId: string): Promise<UploadRecord | undefined>;
  putPart(bucket: string, uploadId: string, partNumber: number, body: Buffer): Promise<PartRecord>;
  /** Parts in part-number order. */
  listParts(bucket: string, uploadId: string): Promise<PartRecord[]>;
  readPart(bucket: string, uploadId: string, partNumber: number): Promise<Buffer | undefined>;
  remove(bucket: string, uploadId: string): Promise<void>;
  /** Every upload in progress, by key then upload id. */
  listUploads(bucket: string): Promise<UploadRecord[]>;
}

// Upload ids are made here and only ever read back through this check, so they are safe path parts.
const UPLOAD_ID = /^[0-9a-f]{40,80}$/;

/** The multipart store rooted at the same DATA directory as the object store. */
export function createMultipartStore(options: { dataDir: string; now: () => number }): MultipartStore {
  const root = path.resolve(options.dataDir);
  const uploadDir = (bucket: string, uploadId: string) => {
    if (!BUCKET_NAME.test(bucket) || !UPLOAD_ID.test(uploadId)) return undefined;
    return path.join(root, bucket, 'uploads', uploadId);
  };
  const describe = async (bucket: string, uploadId: string): Promise<UploadRecord | undefined> => {
    const dir = uploadDir(bucket, uploadId);
    if (!dir) return undefined;
    try {
      return JSON.parse(await readFile(path.join(dir, 'upload.json'), 'utf8')) as UploadRecord;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  return {
    async initiate(bucket, upload) {
      const now = options.now();
      // COS upload ids are long opaque strings beginning with the time; this keeps that look.
      const uploadId = `${Math.floor(now / 1000)}${randomBytes(24).toString('hex')}`;
      const dir = uploadDir(bucket, uploadId) as string;
      await mkdir(dir, { recursive: true });
      const record: UploadRecord = { ...upload, uploadId, initiated: now };
      await writeFile(path.join(dir, 'upload.json'), JSON.stringify(record));
      return record;
    },
    describe,
    async putPart(bucket, uploadId, partNumber, body) {
      const dir = uploadDir(bucket, uploadId) as string;
      const part: PartRecord = {
        partNumber,
        size: body.length,
        etag: createHash('md5').update(body).digest('hex'),
        lastModified: options.now(),
      };
      const temporary = path.join(root, bucket, 'tmp', randomBytes(12).toString('hex'));
      await writeFile(
        temporary,
        encodeObjectFile(
          {
            key: String(partNumber),
            meta: {
              contentType: '',
              userMeta: {},
              size: part.size,
              etag: part.etag,
              lastModified: part.lastModified,
            },
          },
          body,
        ),
      );
      await rename(temporary, path.join(dir, `part-${partNumber}`));
      return part;
    },
    async listParts(bucket, uploadId) {
      const dir = uploadDir(bucket, uploadId);
      if (!dir) return [];
      const names = (await readdir(dir).catch(() => [] as string[])).filter((name) =>
        name.startsWith('part-'),
      );
      const parts: PartRecord[] = [];
      for (const name of names) {
        const record = await readObjectRecord(path.join(dir, name));
        if (record) {
          const { size, etag, lastModified } = record.meta;
          parts.push({ partNumber: Number(record.key), size, etag, lastModified });
        }
      }
      return parts.sort((a, b) => a.partNumber - b.partNumber);
    },
    async readPart(bucket, uploadId, partNumber) {
      const dir = uploadDir(bucket, uploadId);
      if (!dir) return undefined;
      return (await readObjectFile(path.join(dir, `part-${partNumber}`)))?.body;
    },
    async remove(bucket, uploadId) {
      const dir = uploadDir(bucket, uploadId);
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    async listUploads(bucket) {
      if (!BUCKET_NAME.test(bucket)) return [];
      const ids = await readdir(path.join(root, bucket, 'uploads')).catch(() => [] as string[]);
      const uploads: UploadRecord[] = [];
      for (const id of ids) {
        const record = await describe(bucket, id);
        if (record) uploads.push(record);
      }
      return uploads.sort((a, b) =>
        a.key === b.key
          ? a.uploadId < b.uploadId
            ? -1
            : 1
          : Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)),
      );
    },
  };
}
