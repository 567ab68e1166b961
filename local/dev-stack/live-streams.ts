/**
 * Live streams under `npm start` (issue 15 item 5): a `<name>.live.json` dropped into inbox/ is
 * uploaded like any file and starts live captions; this module binds serverless.yml's delete trigger
 * for live requests, turns the removal of such a file from inbox/ into the deletion of its object
 * (which stops the stream through the real trigger), prints each new cue on the console as it lands
 * in the bucket, and mirrors the rolling outputs into outbox/<name>.live/. With `demo`, it serves a
 * LibriVox reading as an HTTP-FLV live stream (ffmpeg -re) and drops inbox/demo.live.json for it.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ObjectStorage } from '../../lib/tencent/object-storage.js';
import { type FlvStreamServer, serveFlvStream } from '../asr-stream/flv-stream-server.js';
import { librivoxReading } from '../asr-stream/librivox-reading.js';
import type { Emulator } from '../emulator.js';
import type { ScfHandler } from '../scf/scf-context.js';
import { resolveVariables } from './serverless-wiring.js';

/** What the live support needs from the stack. */
export interface LiveSupportOptions {
  readonly emulator: Emulator;
  readonly upload: { readonly handler: ScfHandler; readonly timeoutMs: number };
  readonly serverlessFile: string;
  readonly deployEnv: Readonly<Record<string, string | undefined>>;
  readonly storage: ObjectStorage;
  readonly input: { readonly bucket: string; readonly prefix: string };
  readonly output: { readonly bucket: string; readonly prefix: string };
  readonly inboxDir: string;
  readonly outboxDir: string;
  readonly dataDir: string;
  readonly demo: boolean;
  readonly say: (name: string, text: string) => void;
}

const LIVE = '.live.json';

/** Starts the live support; `close` stops polling and the demo stream. */
export async function startLiveSupport(options: LiveSupportOptions): Promise<{ close(): Promise<void> }> {
  const trigger = removeTrigger(options.serverlessFile, options.deployEnv);
  options.emulator.scf.bindCos({ functionName: 'upload', ...options.upload, ...trigger });
  let demo: FlvStreamServer | undefined;
  if (options.demo) {
    const media = path.join(options.dataDir, 'live-demo.wav');
    writeFileSync(media, librivoxReading());
    demo = await serveFlvStream({ mediaPath: media, loop: true });
    writeFileSync(
      path.join(options.inboxDir, `demo${LIVE}`),
      `${JSON.stringify({ url: demo.url('demo'), language: 'en' })}\n`,
    );
    options.say(
      `demo${LIVE}`,
      `demo stream ${demo.url('demo')} (a LibriVox reading, looped); delete inbox/demo${LIVE} to stop it`,
    );
  }
  const present = new Set<string>();
  const shown = new Map<string, Set<string>>();
  const etags = new Map<string, string>();
  let busy = false;
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = new Set(liveFiles(options.inboxDir));
      for (const name of present) {
        if (now.has(name)) continue;
        present.delete(name);
        await options.emulator.store.delete(options.input.bucket, `${options.input.prefix}${name}`);
        options.say(name, 'removed from inbox/: stopping the stream');
      }
      for (const name of now) {
        present.add(name);
        await followOutputs(name);
      }
    } catch (error) {
      options.say('live', `could not follow: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      busy = false;
    }
  };
  const followOutputs = async (name: string) => {
    const folder = `${options.output.prefix}${name.slice(0, -'.json'.length)}/`;
    const listed = await options.storage.list(options.output.bucket, folder);
    for (const object of listed) {
      if (etags.get(object.key) === object.etag) continue;
      etags.set(object.key, object.etag);
      const body = (await options.storage.get({ bucket: options.output.bucket, key: object.key }))?.body;
      if (!body) continue;
      const local = path.join(options.outboxDir, object.key.slice(options.output.prefix.length));
      mkdirSync(path.dirname(local), { recursive: true });
      writeFileSync(local, body);
      if (!object.key.endsWith('.vtt')) continue;
      const seen = shown.get(name) ?? new Set<string>();
      shown.set(name, seen);
      for (const cue of cuesOf(body.toString('utf8'))) {
        if (seen.has(cue)) continue;
        seen.add(cue);
        options.say(name, cue.replace(/\n/g, ' '));
      }
    }
  };
  const timer = setInterval(() => void poll(), 1_000);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await demo?.close();
    },
  };
}

/** The `cos:ObjectRemove:*` trigger serverless.yml gives the upload function. */
function removeTrigger(file: string, env: Readonly<Record<string, string | undefined>>) {
  const document = resolveVariables(parse(readFileSync(file, 'utf8')), env) as {
    functions: {
      upload: {
        events: Array<{
          cos?: {
            parameters: { bucket: string; events: string; filter?: { prefix?: string; suffix?: string } };
          };
        }>;
      };
    };
  };
  const found = document.functions.upload.events.find((event) =>
    event.cos?.parameters.events.startsWith('cos:ObjectRemove'),
  );
  if (!found?.cos)
    throw new Error(`${file}: the upload function has no cos:ObjectRemove trigger for live requests`);
  const { bucket, events, filter } = found.cos.parameters;
  return {
    bucket: bucket.split('.cos.')[0] ?? bucket,
    event: events,
    prefix: filter?.prefix ?? '',
    suffix: filter?.suffix ?? '',
  };
}

function liveFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => name.split(path.sep).join('/'))
    .filter((name) => name.endsWith(LIVE));
}

/** `<start> --> <end> text` of each cue of a WebVTT segment. */
function cuesOf(vtt: string): string[] {
  return vtt
    .split(/\n\n+/)
    .filter((block) => block.includes('-->'))
    .map((block) =>
      block
        .split('\n')
        .filter((line) => !/^\d+$/.test(line))
        .join('\n'),
    );
}
