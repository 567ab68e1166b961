/**
 * A live job as the use cases handle it: its ledger view, where its objects go, and what it
 * recognises. Built from the claim alone (the stream URL stays in the input object).
 */
import type { PipelineConfig } from '../../config/pipeline-config.js';
import { LIVE_ENGINE_TYPES, type LiveEngineType } from '../../engines/live/live-limits.js';
import type { LiveSettings } from '../../engines/live/live-settings.js';
import type { JobSettings } from '../../jobs/job-settings.js';
import type { JobView } from '../../jobs/job-view.js';
import { type LivePlaces, livePlaces } from './live-places.js';

/** One live job. */
export interface LiveJob {
  readonly view: JobView;
  readonly places: LivePlaces;
  readonly engineType: LiveEngineType;
  /** The subtitle profile every cue is segmented with ('zh' for Mandarin, 'en' otherwise). */
  readonly subtitleProfile: 'en' | 'zh';
}

/** The profile a live claim records. */
export function liveJobSettings(settings: LiveSettings): JobSettings {
  return {
    engine: 'live',
    model: settings.engineType,
    channels: 1,
    formats: [...settings.formats],
    subtitleProfile: settings.engineType === '16k_zh' ? 'zh' : 'en',
    speakers: null,
    hotwords: [],
    filterDirty: settings.filterDirty,
    filterModal: settings.filterModal,
    profilePrefix: null,
  };
}

/** The live job of a view; undefined when the view is of a file job. */
export function liveJobOf(config: PipelineConfig, view: JobView): LiveJob | undefined {
  if (view.profile.engine !== 'live') return undefined;
  const engineType = LIVE_ENGINE_TYPES.find((type) => type === view.profile.model) ?? '16k_zh';
  return {
    view,
    places: livePlaces(config, view.input.key, view.jobId),
    engineType,
    subtitleProfile: view.profile.subtitleProfile === 'zh' ? 'zh' : 'en',
  };
}
