/**
 * What the two synchronous short-clip engines (SentenceRecognition, MPS RecognizeAudio) share: the
 * same limits (60 s, 3 MB; docs/tencent-wire.md §7), an answer that is the result itself, completed
 * inline by the upload, and no task to poll: a result lost with the invocation that got it (a crash
 * before `done`) is had by recognising the clip again.
 */
import type { Api3Answer } from '../tencent/api3/api3-client.js';
import type { FileEngineName } from './engine-names.js';
import type { EngineDeps, EngineJob, EngineSubmission, FileEngine } from './file-engine.js';

/** Recognises one clip; the API 3.0 answer with its body as received. */
export type RecogniseClip = (
  deps: EngineDeps,
  job: EngineJob,
) => Promise<Api3Answer<{ readonly RequestId: string }>>;

/** A synchronous engine for short clips named `name`, checked against `models`, whose answers `read` reads. */
export function shortClipEngine(
  name: FileEngineName,
  models: readonly string[],
  recognise: RecogniseClip,
  read: FileEngine['readResult'],
): FileEngine {
  const recognised = async (deps: EngineDeps, job: EngineJob) => {
    const answer = await recognise(deps, job);
    return {
      kind: 'sync',
      engine: name,
      taskId: answer.response.RequestId,
      raw: answer.body,
      rawType: 'json',
    } satisfies EngineSubmission;
  };
  return {
    name,
    limits: { maxBytes: 3 * 1024 * 1024, maxDurationMs: 60_000 },
    models,
    submit: recognised,
    query: recognised,
    readResult: read,
  };
}
