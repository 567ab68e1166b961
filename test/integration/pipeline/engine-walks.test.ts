/**
 * One upload walked to its submission, and its result to its outputs, for each file engine through
 * its module in lib/engines/<engine> (issue 14), over the emulator with the real handlers and the
 * official COS SDK: the claim records the engine the upload was routed to, the submission names that
 * engine's task, and `.raw.*` holds the engine's answer byte for byte as the engine sends it
 * (compared with the engine's `query` asked again, its per-call RequestId aside).
 *
 * Following one upload to its ASR CreateRecTask takes 11 files along the path: functions/upload.ts,
 * lib/pipeline/from-environment.ts (deps.asr), lib/pipeline/submit.ts (handleUploadEvent,
 * submitObject), lib/pipeline/cos-event.ts (the event's objects), lib/config/effective-profile.ts
 * (settings), lib/pipeline/input-rules.ts (route and limits), lib/jobs/job-ledger.ts (claim),
 * lib/pipeline/run-submission.ts, lib/engines/file-engines.ts, lib/engines/asr/asr-engine.ts
 * (submit) and lib/engines/asr/asr-client.ts (createRecTask). Four small helpers are called on the
 * way and can be read by name alone (job-id.ts, audio-format.ts, callback-token.ts, engine-job.ts):
 * 15 files when every callee is opened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileEngines } from '../../../lib/engines/file-engines.js';
import { engineJobOf } from '../../../lib/pipeline/engine-job.js';
import { dependenciesFromEnv } from '../../../lib/pipeline/from-environment.js';
import {
  eventually,
  INPUT_BUCKET,
  OUTPUT_BUCKET,
  type PipelineKit,
  speech,
  startPipeline,
} from './pipeline-kit.js';

let kit: PipelineKit;
beforeAll(async () => {
  kit = await startPipeline();
});
afterAll(() => kit.stop());

/** The engine's answers differ from one call to the next only by their RequestId. */
const withoutRequestIds = (raw: string) =>
  raw.replace(/"RequestId":\s*"[^"]*"/g, '"RequestId":""').replace(/<RequestId>[^<]*<\/RequestId>/g, '');

describe.each([
  { engine: 'sentence', key: 'input/walk/short.wav', pcm: false, headers: {} },
  { engine: 'asr', key: 'input/walk/talk.wav', pcm: false, headers: { 'x-cos-meta-asr-engine': 'asr' } },
  { engine: 'ci', key: 'input/walk/ci.wav', pcm: false, headers: { 'x-cos-meta-asr-engine': 'ci' } },
  { engine: 'mps', key: 'input/walk/talk.pcm', pcm: true, headers: { 'x-cos-meta-asr-engine': 'mps' } },
] as const)('an upload for the $engine engine', ({ engine, key, pcm, headers }) => {
  it('is claimed for it, submitted to it, and its raw output is the answer the engine gives', async () => {
    // Prepare: LibriVox WAVs are 16 kHz mono 16-bit, past the 44-byte header the PCM MPS takes.
    const wav = await speech('0880');
    const audio = pcm ? wav.subarray(44) : wav;

    // Act
    await kit.upload(key, audio, headers);
    const status = await eventually(async () => {
      const found = await kit.ledger.readStatus(INPUT_BUCKET, key);
      return found && ['done', 'failed', 'skipped'].includes(found.state) ? found : undefined;
    }, 90_000);

    // Assess
    expect(status).toMatchObject({ state: 'done', engine });
    const view = await kit.ledger.read(status.jobId ?? '');
    expect(view?.engine).toBe(engine);
    expect(view?.submission?.engine).toBe(engine);
    const rawKey = status.outputs.find((output) => /\.raw\.(json|xml)$/.test(output)) ?? '';
    const written = await kit.storage.get({ bucket: OUTPUT_BUCKET, key: rawKey });
    const asked = await fileEngines[engine].query(
      dependenciesFromEnv(),
      engineJobOf(view as NonNullable<typeof view>),
      view?.submission?.taskId ?? '',
    );
    if (asked === 'lost') throw new Error(`the ${engine} engine lost the task`);
    expect(rawKey.endsWith(`.raw.${asked.rawType}`)).toBe(true);
    expect(withoutRequestIds(written?.body.toString('utf8') ?? '')).toBe(withoutRequestIds(asked.raw));
  }, 150_000);
});
