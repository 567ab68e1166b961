/**
 * The outbox mirror over in-memory storage: a finished job's outputs are fetched on request, a later
 * sync leaves them alone, and outputs written again afterwards (a `cos-transcribe replay`, even with
 * the same bytes) are fetched and reported once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mirrorOutbox, type Outbox } from '../../../local/dev-stack/outbox.js';
import { MemoryStorage } from '../jobs/memory-storage.js';

const bucket = 'output-1250000000';
let dir: string;
let outbox: Outbox | undefined;
afterEach(() => {
  outbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the outbox', () => {
  it('reports outputs written again after they were mirrored, and only those', async () => {
    // Prepare
    dir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
    let clock = 1_000;
    const storage = new MemoryStorage(() => clock);
    const put = (key: string, body: string) =>
      storage.put({ bucket, key }, { body, contentType: 'text/plain; charset=utf-8' });
    await put('output/talk.wav.srt', '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
    await put('output/talk.wav.txt', 'Hello\n');
    const rewritten: string[][] = [];
    outbox = mirrorOutbox({
      dir,
      storage,
      bucket,
      prefix: 'output/',
      onError: (error) => {
        throw error;
      },
      onRewritten: (files) => rewritten.push(files.map((file) => path.relative(dir, file))),
      intervalMs: 60_000,
    });
    await outbox.fetch(['output/talk.wav.srt', 'output/talk.wav.txt']);

    // Act: a quiet sync, then a replay writes the SRT again with the same bytes.
    await outbox.sync();
    clock = 2_000;
    await put('output/talk.wav.srt', '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
    await outbox.sync();
    await outbox.sync();

    // Assess
    expect(rewritten).toEqual([['talk.wav.srt']]);
    expect(readFileSync(path.join(dir, 'talk.wav.srt'), 'utf8')).toContain('Hello');
  });
});
