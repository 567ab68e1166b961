/**
 * The reconciler finds lost triggers by comparing an input's ETag with the one its status was
 * written for, and reads that through the ledger (`statusEtag`, issue 14) instead of parsing status
 * objects itself. A status it cannot read counts as none, so the input is looked at again.
 */
import { describe, expect, it } from 'vitest';
import { refusedInputStatus } from '../../../lib/jobs/input-status.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { statusKey } from '../../../lib/jobs/ledger-keys.js';
import { MemoryStorage } from './memory-storage.js';

const place = { bucket: 'results-1250000000', prefix: 'cos-transcribe/' };
const input = { bucket: 'media-1250000000', key: 'input/talk.wav' };

function ledgerOverMemory() {
  const storage = new MemoryStorage(() => 1_800_000_000_000);
  return { storage, ledger: new JobLedger({ storage, place, now: () => 1_800_000_000_000 }) };
}

describe("the ETag of an input's status", () => {
  it('is the one the status was written for', async () => {
    // Prepare
    const { ledger } = ledgerOverMemory();
    const refusal = { code: 'UnsupportedType', message: 'not audio' };
    await ledger.writeStatus(
      refusedInputStatus({ ...input, etag: 'abc123', state: 'skipped', error: refusal, at: 1 }),
    );

    // Act
    const etag = await ledger.statusEtag(input.bucket, input.key);

    // Assess
    expect(etag).toBe('abc123');
  });

  it.each([
    ['there is no status', undefined],
    ['the status is not JSON', '{"input": {"etag": "abc1'],
  ])("is '' when %s", async (_case, body) => {
    // Prepare
    const { storage, ledger } = ledgerOverMemory();
    if (body !== undefined) {
      const key = statusKey(place.prefix, input.bucket, input.key);
      await storage.put({ bucket: place.bucket, key }, { body, contentType: 'application/json' });
    }

    // Act
    const etag = await ledger.statusEtag(input.bucket, input.key);

    // Assess
    expect(etag).toBe('');
  });
});
