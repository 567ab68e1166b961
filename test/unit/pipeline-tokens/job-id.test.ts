import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EffectiveProfile, effectiveProfile } from '../../../lib/config/effective-profile.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { isJobId, jobIdFor } from '../../../lib/pipeline/job-id.js';

const config = loadConfig({
  REGION: 'ap-guangzhou',
  INPUT_BUCKET: 'media-1250000000',
  CALLBACK_BASE_URL: 'https://example.com/callback',
  CALLBACK_SECRET: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
});
const profile = effectiveProfile(config, 'input/a.wav', {});
const base = {
  bucket: 'media-1250000000',
  key: 'input/a.wav',
  etag: '"9b2cf535f27731c974343645a3985328"',
  profile,
};

describe('jobIdFor', () => {
  it('is 32 lower-case hex characters, safe in URLs, COS keys and CI UserData', () => {
    // Act
    const id = jobIdFor(base);

    // Assess
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(isJobId(id)).toBe(true);
  });

  it('is the same for the same object, content and settings, however the ETag is quoted', () => {
    // Act
    const first = jobIdFor(base);
    const again = jobIdFor({ ...base, etag: '9b2cf535f27731c974343645a3985328' });
    const withProvenance: EffectiveProfile = {
      ...profile,
      overrides: ['x-cos-meta-asr-engine'],
      profilePrefix: 'input/',
    };
    const sameSettingsOtherProvenance = jobIdFor({ ...base, profile: withProvenance });

    // Assess
    expect(again).toBe(first);
    expect(sameSettingsOtherProvenance).toBe(first);
  });

  it('changes with new content, another key, another bucket or any setting', () => {
    // Prepare
    const variants = [
      { ...base, etag: '"0000"' },
      { ...base, key: 'input/b.wav' },
      { ...base, bucket: 'other-1250000000' },
      { ...base, profile: { ...profile, engine: 'asr' as const } },
      { ...base, profile: { ...profile, model: '16k_en' } },
      { ...base, profile: { ...profile, formats: ['srt' as const] } },
      { ...base, profile: { ...profile, speakers: 0 } },
      { ...base, profile: { ...profile, hotwords: [{ word: 'COS', weight: 10 }] } },
      { ...base, profile: { ...profile, filterDirty: 1 as const } },
      { ...base, profile: { ...profile, filterModal: 2 as const } },
    ];

    // Act
    const ids = new Set([jobIdFor(base), ...variants.map(jobIdFor)]);

    // Assess
    expect(ids.size).toBe(variants.length + 1);
  });

  it('keeps the id an unfiltered job had before filters were settings (a redelivery stays a duplicate)', () => {
    // Prepare: the identity as it was hashed then, written out here.
    const before = JSON.stringify([
      'v1',
      base.bucket,
      base.key,
      '9b2cf535f27731c974343645a3985328',
      ['auto', '16k_zh', 1, ['json', 'srt', 'txt', 'vtt'], 'auto', null, []],
    ]);

    // Act
    const id = jobIdFor(base);

    // Assess
    expect(id).toBe(createHash('sha256').update(before).digest('hex').slice(0, 32));
  });

  it('never lets one field bleed into another (property: distinct identities, distinct ids)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (keyA, etagA, keyB, etagB) => {
        fc.pre(keyA !== keyB || etagA.replace(/^"|"$/g, '') !== etagB.replace(/^"|"$/g, ''));
        return (
          jobIdFor({ ...base, key: keyA, etag: etagA }) !== jobIdFor({ ...base, key: keyB, etag: etagB })
        );
      }),
      { numRuns: 300 },
    );
  });
});
