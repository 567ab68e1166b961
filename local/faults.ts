/**
 * Fault injection: per-service error rates and latency, dropped or duplicated callbacks, duplicated
 * COS events and tighter API rate limits. Set at start (options, CLI flags) or at run time (the
 * programmatic `set`, or `PUT /faults` on the admin host). Every random choice comes from one seeded
 * PRNG, so a failing run replays with the same seed (given the same order of requests).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Faults } from './context.js';
import type { EmulatorResponse } from './service.js';

const probability = z.number().min(0).max(1);

/** Fault settings; every field is optional and absent means "no fault". */
export const faultOptionsSchema = z
  .object({
    /** PRNG seed; the same seed gives the same sequence of decisions. */
    seed: z.number().int().optional(),
    /** Chance that a request to a service ('cos', 'ci', 'asr', 'mps', 'sts') fails with a 5xx. */
    errorRate: z.record(z.string(), probability).optional(),
    /**
     * Chance that a request to a service stalls for `stallMs` and then fails with a 5xx without the
     * service having acted on it: a client with a shorter timeout sees a timeout.
     */
    stallRate: z.record(z.string(), probability).optional(),
    /** How long a stalled request is held before its 5xx (default 30 s, past every client timeout). */
    stallMs: z.number().int().min(0).max(600_000).optional(),
    /** Extra milliseconds before a service answers. */
    latencyMs: z.record(z.string(), z.number().int().min(0).max(600_000)).optional(),
    /** Chance that an outgoing callback is never sent. */
    dropCallbacks: probability.optional(),
    /** Chance that an outgoing callback is sent twice. */
    duplicateCallbacks: probability.optional(),
    /** Chance that a COS event is delivered to its function twice. */
    duplicateCosEvents: probability.optional(),
    /** Requests per second (any sliding one-second window) per API action, e.g. { CreateRecTask: 2 }. */
    rateLimits: z.record(z.string(), z.number().int().min(0)).optional(),
  })
  .strict();

/** Fault settings as accepted by startEmulator, the CLI and the admin endpoint. */
export type FaultOptions = z.infer<typeof faultOptionsSchema>;

/** The Faults contract plus run-time control. */
export interface FaultController extends Faults {
  /** Merges settings into the current ones (a new seed restarts the PRNG). */
  set(patch: FaultOptions): void;
  /** Back to no faults (the seed is kept). */
  reset(): void;
  /** The settings in force. */
  current(): FaultOptions;
}

/** A stalled request's hold when `stallMs` is not set: longer than any client's attempt timeout. */
const DEFAULT_STALL_MS = 30_000;

// Services answering in COS's XML error shape; the rest speak API 3.0 JSON.
const XML_SERVICES = new Set(['cos', 'ci']);

/** Builds the fault controller; `sleepMs` is injectable so tests need not wait for real latency. */
export function createFaults(
  initial: FaultOptions = {},
  sleepMs: (ms: number) => Promise<void> = (ms) => sleep(ms),
): FaultController {
  let settings: FaultOptions = faultOptionsSchema.parse(initial);
  let random = mulberry32(settings.seed ?? 0x5eed);
  const chance = (p: number | undefined) => p !== undefined && p > 0 && random() < p;

  return {
    async intercept(service) {
      const latency = settings.latencyMs?.[service];
      if (latency) await sleepMs(latency);
      if (chance(settings.stallRate?.[service])) {
        await sleepMs(settings.stallMs ?? DEFAULT_STALL_MS);
        return injectedError(service, 'stall');
      }
      if (!chance(settings.errorRate?.[service])) return undefined;
      return injectedError(service);
    },
    callbackFate() {
      if (chance(settings.dropCallbacks)) return 'drop';
      if (chance(settings.duplicateCallbacks)) return 'duplicate';
      return 'deliver';
    },
    rateLimit(action) {
      return settings.rateLimits?.[action];
    },
    cosEventCopies() {
      return chance(settings.duplicateCosEvents) ? 2 : 1;
    },
    set(patch) {
      const parsed = faultOptionsSchema.parse(patch);
      settings = {
        ...settings,
        ...parsed,
        errorRate: { ...settings.errorRate, ...parsed.errorRate },
        stallRate: { ...settings.stallRate, ...parsed.stallRate },
        latencyMs: { ...settings.latencyMs, ...parsed.latencyMs },
        rateLimits: { ...settings.rateLimits, ...parsed.rateLimits },
      };
      if (parsed.seed !== undefined) random = mulberry32(parsed.seed);
    },
    reset() {
      settings = settings.seed === undefined ? {} : { seed: settings.seed };
    },
    current() {
      return structuredClone(settings);
    },
  };
}

/** A 5xx in the service's own error shape, marked so logs and tests can tell it was injected. */
function injectedError(service: string, kind: 'error' | 'stall' = 'error'): EmulatorResponse {
  const requestId = randomBytes(18).toString('base64');
  const message =
    kind === 'stall'
      ? `injected fault: ${service} stalled on purpose and did not act on the request (emulator fault injection)`
      : `injected fault: ${service} is failing on purpose (emulator fault injection)`;
  if (XML_SERVICES.has(service)) {
    const idHeader = service === 'ci' ? 'x-ci-request-id' : 'x-cos-request-id';
    return {
      status: 503,
      headers: { 'content-type': 'application/xml', [idHeader]: requestId, 'x-emulator-fault': kind },
      body:
        `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>ServiceUnavailable</Code>` +
        `<Message>${message}</Message><Resource></Resource><RequestId>${requestId}</RequestId>` +
        `<TraceId>${requestId}</TraceId></Error>`,
    };
  }
  return {
    status: 500,
    headers: { 'content-type': 'application/json', 'x-emulator-fault': kind },
    body: JSON.stringify({
      Response: { Error: { Code: 'InternalError', Message: message }, RequestId: requestId },
    }),
  };
}

/** A small, fast, seedable PRNG (mulberry32): uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
