/**
 * Publishing a live job's outputs while callbacks race. Each writer stores its utterances first,
 * then renders from the listed set, writes, and lists again: while the set grew meanwhile, it
 * renders and writes again, including every segment the newcomers touch. The last write of any file
 * was therefore rendered from every utterance stored before that writer's final listing, and an
 * utterance stored after it is written by its own writer later still; so no output ends without an
 * utterance that was stored, whatever the order or timing of the callbacks.
 */
import type { Utterance } from '../../engines/live/live-callback-body.js';
import { outputMarkerKey } from '../output-naming.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { LiveJob } from './live-job.js';
import type { OutputFile } from './live-outputs.js';
import { listUtterances } from './utterance-store.js';

/**
 * The live renderer (live-outputs.ts and, through it, the subtitle segmenter and writers), loaded on
 * the first publish: a function bundle evaluates it only when a live callback or a stream's end
 * needs it, never for the file jobs that make most invocations (issue 16, cold start).
 */
export const loadLiveOutputs = () => import('./live-outputs.js');

/** Rounds before a writer leaves the rest to the next callback (a stream never adds that fast). */
const MAX_ROUNDS = 8;

/** How to publish. */
export interface PublishRequest {
  /** The utterances this writer stored (their segments are rewritten). */
  readonly added: ReadonlyMap<string, Utterance>;
  /** 'rolling' while the stream runs; 'final' writes everything, closes the playlist and renders the archive. */
  readonly mode: 'rolling' | 'final';
  /**
   * Write only files whose stored bytes differ: for a callback that added nothing (a repeat, or the
   * retry of a delivery that crashed before publishing), so a replay writes nothing.
   */
  readonly onlyChanged?: boolean;
}

/** Publishes; answers the stored utterances it rendered last and how many objects it wrote. */
export async function publishLive(
  deps: PipelineDeps,
  job: LiveJob,
  request: PublishRequest,
): Promise<{ utterances: Map<string, Utterance>; writes: number }> {
  const { storage } = deps;
  const render = await loadLiveOutputs();
  const { finalFiles, rollingFiles, segmentsTouched } = render;
  const [listed, rolling] = await Promise.all([
    listUtterances(storage, job.places),
    request.mode === 'rolling' ? storage.list(job.places.outputBucket, job.places.rolling) : [],
  ]);
  const existing = new Set(rolling.map((object) => object.key.slice(job.places.rolling.length)));
  let current = listed;
  let segments = segmentsTouched(job, request.added);
  let writes = 0;
  for (let round = 1; ; round++) {
    const ended = request.mode === 'final';
    let files = rollingFiles(job, current, withGaps(segments, existing, current, job, render), ended);
    if (ended) files = [...finalFiles(job, current), ...files];
    if (request.onlyChanged) files = await changedOnly(deps, job, files);
    await Promise.all(files.map((file) => write(deps, job, file)));
    writes += files.length;
    for (const file of files) existing.add(file.key.slice(job.places.rolling.length));
    const relisted = await listUtterances(storage, job.places);
    const newcomers = new Map([...relisted].filter(([key]) => !current.has(key)));
    current = relisted;
    if (newcomers.size === 0) break;
    if (round >= MAX_ROUNDS) {
      deps.logger.step('live.publish.unsettled', { jobId: job.view.jobId, rounds: round }, 'warn');
      break;
    }
    segments = segmentsTouched(job, newcomers);
  }
  return { utterances: current, writes };
}

/** Adds every segment the playlist will name that no object exists for yet (silences between cues). */
function withGaps(
  segments: ReadonlySet<number>,
  existing: ReadonlySet<string>,
  utterances: ReadonlyMap<string, Utterance>,
  job: LiveJob,
  render: Awaited<ReturnType<typeof loadLiveOutputs>>,
): Set<number> {
  const all = new Set(segments);
  const last = Math.max(-1, ...render.segmentsTouched(job, utterances));
  for (let index = 0; index <= last; index++) if (!existing.has(render.hlsSegmentName(index))) all.add(index);
  return all;
}

async function changedOnly(deps: PipelineDeps, job: LiveJob, files: OutputFile[]): Promise<OutputFile[]> {
  const stored = await Promise.all(
    files.map((file) => deps.storage.get({ bucket: job.places.outputBucket, key: file.key })),
  );
  return files.filter((file, index) => stored[index]?.body.toString('utf8') !== file.body);
}

function write(deps: PipelineDeps, job: LiveJob, file: OutputFile): Promise<unknown> {
  return deps.storage.put(
    { bucket: job.places.outputBucket, key: file.key },
    { body: file.body, contentType: file.contentType, metadata: { [outputMarkerKey]: job.view.jobId } },
  );
}
