/**
 * A job view as the ledger's claim gives it (ASR, one channel, nothing submitted yet), for tests that
 * hand a view to code without claiming one. `changes` replace whole fields, except `profile`, whose
 * fields are laid over these settings.
 */
import type { JobSettings } from '../../../lib/jobs/job-settings.js';
import type { JobView } from '../../../lib/jobs/job-view.js';

type ViewChanges = Partial<Omit<JobView, 'profile'>> & { readonly profile?: Partial<JobSettings> };

export function claimedView(changes: ViewChanges = {}): JobView {
  const { profile, ...fields } = changes;
  return {
    jobId: '0'.repeat(32),
    state: 'claimed',
    input: { bucket: 'media-1250000000', key: 'input/b.wav', etag: 'e', size: 1 },
    profile: {
      engine: 'asr',
      model: '16k_zh',
      channels: 1,
      formats: ['srt'],
      subtitleProfile: 'auto',
      speakers: null,
      hotwords: [],
      filterDirty: 0,
      filterModal: 0,
      profilePrefix: null,
      ...profile,
    },
    engine: 'asr',
    claimedAt: 1,
    submission: undefined,
    finishedAt: undefined,
    outputs: [],
    audioDurationMs: undefined,
    error: undefined,
    note: undefined,
    ...fields,
  };
}
