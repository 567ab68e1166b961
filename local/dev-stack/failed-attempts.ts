/**
 * Makes a thrown error of the upload function visible on the console. SCF retries a failed async
 * invocation (after 1 and 3 minutes), and until a status object exists nothing in the ledger says
 * why an input is waiting, so the dev stack wraps the bound handler: it reports the error with the
 * input keys of the event and rethrows, leaving SCF's behaviour exactly as it was.
 */
import { z } from 'zod';
import type { ScfHandler } from '../scf/scf-context.js';

// COS trigger events name the object as `/<appid>/<bucket>/<key>` (SCF docs product 583/9707).
const cosEventKeys = z.object({
  Records: z.array(z.object({ cos: z.object({ cosObject: z.object({ key: z.string() }) }) })),
});

/** The input keys of a COS trigger event (empty when it is not one). */
export function keysOfCosEvent(event: unknown): string[] {
  const parsed = cosEventKeys.safeParse(event);
  if (!parsed.success) return [];
  return parsed.data.Records.map(({ cos }) => cos.cosObject.key.split('/').slice(3).join('/'));
}

/** Wraps `handler` so each thrown error is reported with the event's keys and the attempt number. */
export function reportFailedAttempts(
  handler: ScfHandler,
  report: (keys: readonly string[], attempt: number, error: unknown) => void,
): ScfHandler {
  const attempts = new Map<string, number>();
  return (async (event: never, context, callback) => {
    try {
      return await handler(event, context, callback);
    } catch (error) {
      const keys = keysOfCosEvent(event);
      const id = keys.join('\n');
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      report(keys, attempt, error);
      throw error;
    }
  }) as ScfHandler;
}
