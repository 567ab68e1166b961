/**
 * Outputs always end as the current upload's (issue 12 item 1). Two jobs publish for one input key:
 * A for upload v1, B for upload v2, which replaces v1 at some point. Every storage call goes through
 * a gate, and a scheduler runs every interleaving of A's calls with v2's upload and B's calls
 * (each job's own concurrent writes keep their order: they touch different keys). After each one,
 * every output holds B's bytes and B's marker, and A either published before v2 existed or is
 * reported superseded, having written nothing at all when v2 came before its first look.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/load-config.js';
import type { JobInput } from '../../../lib/jobs/job-records.js';
import type { JobView } from '../../../lib/jobs/job-view.js';
import { uploadVersionOf } from '../../../lib/pipeline/input-version.js';
import { outputMarkerKey } from '../../../lib/pipeline/output-naming.js';
import {
  type OutputFile,
  type PublishOutcome,
  publishOutputs,
} from '../../../lib/pipeline/publish-outputs.js';
import type { ObjectStorage } from '../../../lib/tencent/object-storage.js';
import { claimedView } from '../jobs/job-view-fixture.js';
import { MemoryStorage } from '../jobs/memory-storage.js';

const config = loadConfig({
  REGION: 'ap-guangzhou',
  INPUT_BUCKET: 'media-1250000000',
  CALLBACK_BASE_URL: 'https://example.com/callback',
  CALLBACK_SECRET: 'Publish-outputs-test-secret-7f3a9c1e5b2d8046',
});
const key = 'input/interview.mp3';
const outputKeys = ['output/interview.mp3.txt', 'output/interview.mp3.qc.json'];

/** A job for `body` uploaded under `key`, as the claim recorded it. */
function jobFor(name: string, body: string): { view: JobView; body: string; files: OutputFile[] } {
  const etag = createHash('md5').update(body).digest('hex');
  const input: JobInput = {
    bucket: config.input.bucket,
    key,
    etag,
    size: body.length,
    version: uploadVersionOf({ etag, metadata: {} }),
  };
  const view = claimedView({
    jobId: name.repeat(32),
    state: 'submitted',
    input,
    profile: { model: '16k_en', formats: ['txt'], subtitleProfile: 'en' },
    claimedAt: 0,
  });
  const files = outputKeys.map((k) => ({
    key: k,
    body: `${name}: text of ${body}`,
    contentType: 'text/plain',
  }));
  return { view, body, files };
}

/** One storage call of one actor, held until the scheduler lets it run. */
interface Held {
  readonly actor: string;
  readonly what: string;
  release(): void;
}

/** Runs actors over one MemoryStorage, one storage call at a time, in the order `choose` picks. */
class Scheduler {
  readonly memory = new MemoryStorage(() => 0);
  readonly held: Held[] = [];
  /** Every call that ran, in order: `actor op target`. */
  readonly trace: string[] = [];
  readonly #inFlight = new Map<string, number>();

  /** The storage `actor` sees: each call waits for its turn, then runs on the shared store. */
  storageFor(actor: string): ObjectStorage {
    const gate = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
      await new Promise<void>((release) => this.held.push({ actor, what, release }));
      this.trace.push(`${actor} ${what}`);
      this.#inFlight.set(actor, (this.#inFlight.get(actor) ?? 0) + 1);
      try {
        return await call();
      } finally {
        this.#inFlight.set(actor, (this.#inFlight.get(actor) ?? 0) - 1);
      }
    };
    const memory = this.memory;
    return {
      head: (location) => gate(`head ${location.key}`, () => memory.head(location)),
      get: (location) => gate(`get ${location.key}`, () => memory.get(location)),
      put: (location, body) => gate(`put ${location.key}`, () => memory.put(location, body)),
      list: (bucket, prefix, options) => gate(`list ${prefix}`, () => memory.list(bucket, prefix, options)),
      presignGet: (location, seconds) => memory.presignGet(location, seconds),
      versioning: (bucket) => memory.versioning(bucket),
    };
  }

  /** Waits until no released call is still running and the actors' code has caught up. */
  async quiet(): Promise<void> {
    for (let stable = 0; stable < 3; ) {
      await new Promise((resolve) => setImmediate(resolve));
      stable = [...this.#inFlight.values()].every((n) => n === 0) ? stable + 1 : 0;
    }
  }
}

/**
 * Runs A and (upload v2, then B) with the choices in `path` (index into the actors that have a call
 * waiting; 0 past its end), and returns what happened plus how many actors could go at each step.
 */
async function runInterleaving(path: readonly number[]) {
  const a = jobFor('a', 'first recording');
  const b = jobFor('b', 'second recording, longer');
  const scheduler = new Scheduler();
  await scheduler.memory.put(
    { bucket: config.input.bucket, key },
    { body: a.body, contentType: 'audio/mpeg' },
  );
  const outcomes: Record<string, PublishOutcome> = {};
  const depsOf = (actor: string) => ({ config, storage: scheduler.storageFor(actor) });
  const actors = {
    a: publishOutputs(depsOf('a'), a.view, a.files).then((o) => {
      outcomes.a = o;
    }),
    b: (async () => {
      const storage = scheduler.storageFor('b');
      await storage.put({ bucket: config.input.bucket, key }, { body: b.body, contentType: 'audio/mpeg' });
      outcomes.b = await publishOutputs({ config, storage }, b.view, b.files);
    })(),
  };
  const widths: number[] = [];
  for (let step = 0; ; step++) {
    await scheduler.quiet();
    const ready = [...new Set(scheduler.held.map((h) => h.actor))].sort();
    if (ready.length === 0) break;
    widths.push(ready.length);
    const actor = ready[Math.min(path[step] ?? 0, ready.length - 1)];
    const index = scheduler.held.findIndex((h) => h.actor === actor);
    const [next] = scheduler.held.splice(index, 1);
    next?.release();
  }
  await Promise.all(Object.values(actors));
  return { a, b, scheduler, outcomes, widths };
}

/** Every choice path, depth first: each run reports its branching, the next path is derived from it. */
async function* everyInterleaving() {
  let path: number[] = [];
  for (;;) {
    const run = await runInterleaving(path);
    yield run;
    const choices = run.widths.map((_, i) => path[i] ?? 0);
    let i = choices.length - 1;
    while (i >= 0 && (choices[i] ?? 0) + 1 >= (run.widths[i] ?? 1)) i--;
    if (i < 0) return;
    path = [...choices.slice(0, i), (choices[i] ?? 0) + 1];
  }
}

describe('two jobs publishing for one key, the older upload replaced by the newer', () => {
  it("ends with the newer upload's outputs in every interleaving of their storage calls", async () => {
    let runs = 0;
    const endings = new Set<string>();
    for await (const { a, b, scheduler, outcomes } of everyInterleaving()) {
      runs++;
      const { trace } = scheduler;
      const v2At = trace.indexOf(`b put ${key}`);
      const aHeads = trace.flatMap((t, i) => (t === `a head ${key}` ? [i] : []));
      const aWrites = trace.filter((t) => t.startsWith('a put output/'));

      // Assess: every output holds B's bytes and names B's job.
      for (const k of outputKeys) {
        const stored = scheduler.memory.objects.get(`${config.output.bucket}/${k}`);
        expect(stored?.body.toString(), trace.join('\n')).toBe(b.files.find((f) => f.key === k)?.body);
        expect(stored?.metadata[outputMarkerKey]).toBe(b.view.jobId);
      }
      expect(outcomes.b).toEqual({ outcome: 'published' });
      // A published only if every look it took came before v2; otherwise it says it was superseded.
      const aSawOnlyV1 = aHeads.every((i) => i < v2At);
      expect(outcomes.a, trace.join('\n')).toEqual(
        aSawOnlyV1 ? { outcome: 'published' } : { outcome: 'superseded', currentEtag: b.view.input.etag },
      );
      // A job that finds its upload replaced at its first look writes nothing public.
      if ((aHeads[0] ?? 0) > v2At) {
        expect(aWrites.filter((t) => t.includes(a.view.jobId))).toEqual([]);
        expect(aWrites).toEqual([]);
      }
      endings.add(`${outcomes.a?.outcome} ${aWrites.length > 0 ? 'after writing' : 'without writing'}`);
    }

    console.log(`publish interleavings explored: ${runs}`);
    // Assess: the exploration reached the race itself (A wrote, then found v2), not only the easy orders.
    expect(runs).toBeGreaterThan(100);
    expect([...endings].sort()).toEqual([
      'published after writing',
      'superseded after writing',
      'superseded without writing',
    ]);
  });
});
