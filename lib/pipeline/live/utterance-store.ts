/**
 * The stored utterances of a live job: written create-if-absent (a repeated callback changes
 * nothing), listed in time order, and read through a per-container cache, since a key, once
 * written, never changes: each callback reads only the utterances it has not seen yet.
 */
import { readSentence, type Utterance } from '../../engines/live/live-callback-body.js';
import type { ObjectStorage } from '../../tencent/object-storage.js';
import { type LivePlaces, utteranceKey } from './live-places.js';

/** Entries kept before the cache starts over (a container serves many streams over its life). */
const CACHE_LIMIT = 100_000;
const cache = new Map<string, Utterance>();

/** Stores each utterance unless its key exists; answers the keys that were new. */
export async function storeUtterances(
  storage: ObjectStorage,
  places: LivePlaces,
  utterances: readonly Utterance[],
): Promise<Map<string, Utterance>> {
  const created = new Map<string, Utterance>();
  await Promise.all(
    utterances.map(async (utterance) => {
      const key = utteranceKey(places, utterance);
      const outcome = await storage.put(
        { bucket: places.utterances.bucket, key },
        {
          body: `${JSON.stringify(utterance.raw)}\n`,
          contentType: 'application/json; charset=utf-8',
          ifAbsent: true,
        },
      );
      if (outcome === 'created') created.set(key, utterance);
    }),
  );
  return created;
}

/** Every stored utterance of the job by key, in key (time) order. */
export async function listUtterances(
  storage: ObjectStorage,
  places: LivePlaces,
): Promise<Map<string, Utterance>> {
  const listed = await storage.list(places.utterances.bucket, places.utterances.prefix);
  const found = new Map<string, Utterance>();
  await Promise.all(
    listed.map(async ({ key }) => {
      found.set(key, cache.get(key) ?? (await readUtterance(storage, places, key)));
    }),
  );
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function readUtterance(storage: ObjectStorage, places: LivePlaces, key: string): Promise<Utterance> {
  const object = await storage.get({ bucket: places.utterances.bucket, key });
  const utterance = object ? readSentence(JSON.parse(object.body.toString('utf8'))) : undefined;
  if (!utterance)
    throw new Error(`stored utterance ${key} cannot be read; remove it by hand if it was edited`);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, utterance);
  return utterance;
}
