/**
 * Waits until every input has a final status (done, failed or skipped), polling the status objects
 * straight from the emulator's store. A final status never changes back, so each poll reads only the
 * inputs still unsettled: cheap enough to poll 500 inputs on a 2-core machine without starving the
 * pipeline it is watching.
 */
import { type InputStatus, inputStatusSchema } from '../../lib/jobs/input-status.js';
import { isFinal } from '../../lib/jobs/job-state.js';
import { statusKey } from '../../lib/jobs/ledger-keys.js';
import type { ObjectStore } from '../../local/context.js';

/** Where the status objects are. */
export interface StatusPlace {
  readonly store: ObjectStore;
  readonly bucket: string;
  readonly ledgerPrefix: string;
  readonly inputBucket: string;
}

/** When each input settled, and its status. */
export interface Settled {
  readonly statuses: Map<string, InputStatus>;
  /** ms from the start of waiting until the last input settled. */
  readonly lastSettledAfterMs: number;
}

/** Polls every `everyMs` until all `keys` are final; rejects after `timeoutMs`, naming what is left. */
export async function waitForFinal(
  place: StatusPlace,
  keys: readonly string[],
  options: { timeoutMs: number; everyMs?: number; startedAt?: number; onPoll?: (finalCount: number) => void },
): Promise<Settled> {
  const startedAt = options.startedAt ?? Date.now();
  const statuses = new Map<string, InputStatus>();
  let lastSettledAfterMs = 0;
  for (;;) {
    const open = keys.filter((key) => !statuses.has(key));
    for (const key of open) {
      const found = await place.store.get(
        place.bucket,
        statusKey(place.ledgerPrefix, place.inputBucket, key),
      );
      if (!found) continue;
      const status = inputStatusSchema.parse(JSON.parse(found.body.toString('utf8')));
      if (!isFinal(status.state)) continue;
      statuses.set(key, status);
      lastSettledAfterMs = Date.now() - startedAt;
    }
    options.onPoll?.(statuses.size);
    if (statuses.size === keys.length) return { statuses, lastSettledAfterMs };
    if (Date.now() - startedAt > options.timeoutMs) {
      const left = keys.filter((key) => !statuses.has(key));
      throw new Error(
        `${left.length} of ${keys.length} inputs not final after ${options.timeoutMs} ms, e.g. ${left.slice(0, 5).join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 1_000));
  }
}
