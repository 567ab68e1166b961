/**
 * A bounded cache of recognitions keyed by a hash of the audio bytes and every option that changes
 * the answer. pocketsphinx is deterministic (same model, same bytes, same arguments → same words and
 * timings), so answering a repeat from the cache changes no result; it only saves the ~0.5 s of CPU
 * per clip that made bursts of hundreds of identical test clips impossible on a 2-core machine.
 * Only successes are kept: a failure may be transient (a timeout on a loaded machine, a missing
 * install fixed since), so it is always tried again.
 */
import { createHash } from 'node:crypto';
import type { Recognition } from './recognition.js';

/** Enough for every distinct clip a test suite or a dev session uses; each entry is a few KB. */
const DEFAULT_CAPACITY = 256;

/** Recognitions by content, sharing one computation among concurrent requests for the same audio. */
export class RecognitionCache {
  readonly #entries = new Map<string, Promise<Recognition>>();
  readonly #capacity: number;

  constructor(capacity = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
  }

  /** The cache key: SHA-256 of the media and the answer-changing options. */
  static keyOf(media: Buffer, options: unknown): string {
    return createHash('sha256').update(media).update('\0').update(JSON.stringify(options)).digest('hex');
  }

  /**
   * The cached recognition for `key`, or the one `compute` produces (remembered once it succeeds).
   * Each caller gets its own copy, so no caller can change another's result.
   */
  async get(key: string, compute: () => Promise<Recognition>): Promise<Recognition> {
    let entry = this.#entries.get(key);
    if (entry) {
      // Refresh its place: the map's insertion order is the eviction order (least recently used first).
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    } else {
      entry = compute();
      this.#entries.set(key, entry);
      entry.catch(() => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      });
      while (this.#entries.size > this.#capacity) {
        const oldest = this.#entries.keys().next().value;
        if (oldest === undefined) break;
        this.#entries.delete(oldest);
      }
    }
    return structuredClone(await entry);
  }

  /** Entries held (settled or in flight). */
  get size(): number {
    return this.#entries.size;
  }
}
