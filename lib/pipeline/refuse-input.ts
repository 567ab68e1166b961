/** An input refused before any job: its status says why, with what to do. */
import { refusedInputStatus } from '../jobs/input-status.js';
import type { ObjectHead } from '../tencent/object-storage.js';
import type { Refusal } from './input-rules.js';
import type { ObjectOutcome } from './object-outcome.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** Writes the status of an input refused before any job (bad type, settings or limits). */
export async function refuseInput(
  deps: PipelineDeps,
  input: { bucket: string; key: string; head: ObjectHead },
  refusal: Refusal,
): Promise<ObjectOutcome> {
  await deps.ledger.writeStatus(
    refusedInputStatus({
      bucket: input.bucket,
      key: input.key,
      etag: input.head.etag,
      size: input.head.size,
      state: refusal.state,
      error: { code: refusal.code, message: refusal.message },
      at: deps.now(),
    }),
  );
  deps.logger
    .child({ inputKey: input.key })
    .step('input.refused', { state: refusal.state, code: refusal.code, message: refusal.message }, 'warn');
  return { key: input.key, outcome: refusal.state, code: refusal.code };
}
