/** Defaults for every optional variable (documented in the README's configuration table). */
import { defaultCiJobsPath } from '../engines/ci/ci-jobs-path.js';

/** The value each optional variable takes when it is unset. */
export const configDefaults = {
  INPUT_PREFIX: 'input/',
  OUTPUT_PREFIX: 'output/',
  LEDGER_PREFIX: 'cos-transcribe/',
  DEFAULT_ENGINE: 'auto',
  ENGINE_MODEL: '16k_zh',
  CI_JOBS_PATH: defaultCiJobsPath,
  OUTPUT_FORMATS: 'srt,vtt,txt,json',
  SUBTITLE_PROFILE: 'auto',
  SPEAKERS: 'off',
  PRESIGN_TTL: '6h',
  RECONCILE_STALE_AFTER: '30m',
  // ASR may take up to 3 h to answer (docs/tencent-wire.md §3.1); twice that before we give up.
  RECONCILE_HARD_LIMIT: '6h',
  RECONCILE_MAX_SUBMISSIONS: '20',
} as const;
