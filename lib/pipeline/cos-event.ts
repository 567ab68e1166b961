/**
 * The SCF COS trigger event at the edge (SCF docs product 583/9707; recorded in test/fixtures/scf). COS sends the
 * key as `/<appid>/<bucket short name>/<key>`, the full bucket is `<name>-<appid>`, and `Records` may
 * hold several merged notifications. Whether unusual keys arrive percent-encoded is not documented,
 * so both readings are kept and the submit step asks COS which one exists.
 */
import { z } from 'zod';
import { onFirstUse } from '../lazy/on-first-use.js';

/**
 * The SCF COS event: one or more records. Built on first use (lib/lazy/on-first-use.ts): only the
 * upload function reads events.
 */
const cosEventSchema = onFirstUse(() => {
  const cosRecordSchema = z.object({
    cos: z.object({
      cosObject: z.object({
        key: z.string().min(1),
        // Observed as a number; tolerated as a numeric string in case a gateway re-serialises it.
        size: z.coerce.number().int().nonnegative().optional(),
      }),
      cosBucket: z.object({ name: z.string().min(1), appid: z.coerce.string() }),
    }),
    event: z.object({ eventName: z.string() }),
  });

  return z.object({ Records: z.array(cosRecordSchema).min(1) });
});

/** One object named by a COS event. */
export interface EventObject {
  /** `name-appid`. */
  readonly bucket: string;
  /** Key readings to try, most likely first: as sent, then percent-decoded when that differs. */
  readonly keyCandidates: readonly string[];
  readonly eventName: string;
}

/** Parses a COS trigger event; throws a ZodError for anything else (a wiring mistake, not an input). */
export function objectsOfEvent(event: unknown): EventObject[] {
  const parsed = cosEventSchema().parse(event);
  return parsed.Records.map((record) => {
    const { name, appid } = record.cos.cosBucket;
    return {
      bucket: `${name}-${appid}`,
      keyCandidates: keyCandidates(record.cos.cosObject.key, appid, name),
      eventName: record.event.eventName,
    };
  });
}

/** Strips `/<appid>/<name>/` and lists the raw and the percent-decoded reading of the key. */
export function keyCandidates(eventKey: string, appId: string, bucketName: string): string[] {
  const prefix = `/${appId}/${bucketName}/`;
  const raw = eventKey.startsWith(prefix) ? eventKey.slice(prefix.length) : eventKey.replace(/^\/+/, '');
  const candidates = [raw];
  if (/%[0-9A-Fa-f]{2}/.test(raw)) {
    try {
      const decoded = decodeURIComponent(raw);
      if (decoded !== raw) candidates.push(decoded);
    } catch {
      // Not valid percent-encoding: the key itself contains '%'.
    }
  }
  return candidates;
}
