import { describe, expect, it } from 'vitest';
import { statusKey } from '../../../lib/jobs/ledger-keys.js';
import { handleLiveCallback } from '../../../lib/pipeline/live/handle-live-callback.js';
import { reconcile } from '../../../lib/pipeline/reconcile.js';
import { handleUploadEvent } from '../../../lib/pipeline/submit.js';
import {
  cosEvent,
  INPUT_BUCKET,
  liveCallback,
  liveSetup,
  OUTPUT_BUCKET,
  putLiveRequest,
} from './live-kit.js';

const request = { url: 'rtmp://live.example.com/app/secret-stream-key', language: 'en' };

async function started(setup = liveSetup()) {
  await handleUploadEvent(setup.deps, await putLiveRequest(setup.storage, 'input/talk.live.json', request));
  const createdWith = setup.live.created[0];
  const taskId = [...setup.live.running.keys()][0];
  if (!createdWith || !taskId) throw new Error('no task was created');
  return { ...setup, createdWith, taskId };
}

function status(setup: ReturnType<typeof liveSetup>, key = 'input/talk.live.json') {
  const text = setup.storage.text(OUTPUT_BUCKET, statusKey('cos-transcribe/', INPUT_BUCKET, key));
  return text === undefined ? undefined : JSON.parse(text);
}

describe('starting a live job from a .live.json object', () => {
  it('creates one task per object version however often the event arrives', async () => {
    // Prepare
    const setup = liveSetup();
    const event = await putLiveRequest(setup.storage, 'input/talk.live.json', request);

    // Act
    const outcomes = await Promise.all([1, 2, 3].map(() => handleUploadEvent(setup.deps, event)));

    // Assess
    expect(
      outcomes
        .flat()
        .map((o) => o.outcome)
        .sort(),
    ).toEqual(['duplicate', 'duplicate', 'submitted']);
    expect(setup.live.created).toHaveLength(1);
    expect(setup.live.created[0]).toMatchObject({ EngineType: '16k_en', Url: request.url, WordInfo: 2 });
    expect(setup.live.created[0]?.CallbackUrl).toMatch(
      /[?&]live=1&job=[0-9a-f]{32}&exp=\d+&sig=[0-9a-f]{64}$/,
    );
    expect(status(setup)).toMatchObject({ state: 'submitted', engine: 'live', model: '16k_en' });
    expect(setup.storage.text(OUTPUT_BUCKET, 'output/talk.live/live.m3u8')).toContain(
      '#EXT-X-PLAYLIST-TYPE:EVENT',
    );
    // The stream key is in no record, status, output or log line.
    const everything = [...setup.storage.objects].filter(([id]) => !id.startsWith(`${INPUT_BUCKET}/`));
    expect(everything.map(([, o]) => o.body.toString()).join('\n')).not.toContain('secret-stream-key');
    expect(JSON.stringify(setup.lines)).not.toContain('secret-stream-key');
  });

  it.each([
    [
      'not JSON',
      'url=rtmp://x',
      'the .live.json object is not JSON; write {"url": "rtmp://host/app/stream"}',
    ],
    [
      'an HLS playlist',
      JSON.stringify({ url: 'https://cdn.example.com/live/index.m3u8' }),
      '"url": "url" is an HLS playlist (.m3u8), which live recognition does not read; give the RTMP, RTSP or HTTP-FLV address of the same stream',
    ],
    [
      'a word list',
      JSON.stringify({ url: 'rtmp://x/y', hotwords: ['a|10'] }),
      '"hotwords": live recognition takes no word list, only a hotword table id; create the table in the ASR console and give "hotwordId"',
    ],
    [
      'an unknown language',
      JSON.stringify({ url: 'rtmp://x/y', language: 'xx' }),
      '"xx" is not a live recognition language; use one of zh, en, id, fil, th, pt, tr, ar, es, hi, fr, de (or the engine types 16k_zh, 16k_en, 16k_id, 16k_fil, 16k_th, 16k_pt, 16k_tr, 16k_ar, 16k_es, 16k_hi, 16k_fr, 16k_de)',
    ],
  ])('refuses %s with a status that says what to write', async (_name, body, message) => {
    // Prepare
    const setup = liveSetup();

    // Act
    const [outcome] = await handleUploadEvent(
      setup.deps,
      await putLiveRequest(setup.storage, 'input/talk.live.json', body),
    );

    // Assess
    expect(outcome).toMatchObject({ outcome: 'failed', code: 'BadLiveRequest' });
    expect(status(setup)).toMatchObject({
      state: 'failed',
      jobId: null,
      error: { code: 'BadLiveRequest', message },
    });
    expect(setup.live.created).toHaveLength(0);
  });

  it('refuses the stream past the concurrency cap with a status a person can act on', async () => {
    // Prepare
    const setup = liveSetup({ cap: 2 });
    const keys = ['input/a.live.json', 'input/b.live.json', 'input/c.live.json'];
    const events = await Promise.all(keys.map((key) => putLiveRequest(setup.storage, key, request)));

    // Act
    const outcomes = (await Promise.all(events.map((event) => handleUploadEvent(setup.deps, event)))).flat();

    // Assess
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['failed', 'submitted', 'submitted']);
    const refused = outcomes.find((o) => o.outcome === 'failed');
    expect(status(setup, refused?.key)).toMatchObject({
      state: 'failed',
      engine: null,
      error: { code: 'LiveStreamLimit' },
    });
    expect(status(setup, refused?.key)?.error.message).toMatch(
      /^20 live streams are already being recognised .*delete the \.live\.json of one/,
    );
  });
});

describe('live callbacks', () => {
  it('publish cues in time order whatever order and however often the callbacks come', async () => {
    // Prepare
    const setup = await started();
    const sentences = Array.from({ length: 12 }, (_, i) => ({
      id: `voice_${i}`,
      text: `Sentence number ${i} is here.`,
      start: i * 4_000 + 500,
      end: i * 4_000 + 3_500,
    }));
    const callbacks = sentences.map((s) => liveCallback(setup.createdWith, setup.taskId, [s]));
    const shuffled = [...callbacks.slice(6), ...callbacks.slice(0, 6).reverse(), callbacks[3], callbacks[9]];

    // Act
    const answers = await Promise.all(shuffled.map((c) => c && handleLiveCallback(setup.deps, c)));

    // Assess
    expect(answers.every((a) => a?.statusCode === 200)).toBe(true);
    const playlist = setup.storage.text(OUTPUT_BUCKET, 'output/talk.live/live.m3u8') ?? '';
    const segments = playlist.split('\n').filter((line) => line.endsWith('.vtt'));
    expect(segments).toHaveLength(5);
    const cueTexts = segments.flatMap((name) =>
      (setup.storage.text(OUTPUT_BUCKET, `output/talk.live/${name}`) ?? '')
        .split('\n')
        .filter((l) => l.startsWith('Sentence')),
    );
    // A cue spanning a segment boundary is repeated in both segments (RFC 8216 §3.5); none lost, in order.
    expect([...new Set(cueTexts)]).toEqual(sentences.map((s) => s.text));
    const liveStatus = JSON.parse(setup.storage.text(OUTPUT_BUCKET, 'output/talk.live/status.json') ?? '{}');
    expect(liveStatus).toMatchObject({
      state: 'live',
      utterances: 12,
      lastUtteranceEndMs: 47_500,
      segments: 5,
    });
    expect(setup.storage.text(OUTPUT_BUCKET, 'output/talk.live/transcript.txt')).toContain(
      'Sentence number 11 is here.',
    );
  });

  it('lose no utterance when a slower writer rendered before a faster one stored', async () => {
    // Prepare: A's first write of segment 0 is held until B has stored, published and answered.
    const setup = await started();
    const { storage } = setup;
    let releaseA: () => void = () => undefined;
    const heldA = new Promise<void>((resolve) => (releaseA = resolve));
    let held = false;
    const put = storage.put.bind(storage);
    storage.put = async (location, body) => {
      if (!held && location.key.endsWith('segment-000000.vtt') && String(body.body).includes('First')) {
        held = true;
        await heldA;
      }
      return put(location, body);
    };
    const a = liveCallback(setup.createdWith, setup.taskId, [
      { id: 'a', text: 'First words.', start: 0, end: 1_000 },
    ]);
    const b = liveCallback(setup.createdWith, setup.taskId, [
      { id: 'b', text: 'Second words.', start: 2_000, end: 3_000 },
    ]);

    // Act
    const answerA = handleLiveCallback(setup.deps, a);
    while (!held) await new Promise((resolve) => setImmediate(resolve));
    const answerB = await handleLiveCallback(setup.deps, b);
    releaseA();
    await answerA;

    // Assess: A's stale rendering landed last, then A saw B in its second listing and wrote again.
    expect(answerB.statusCode).toBe(200);
    const segment = setup.storage.text(OUTPUT_BUCKET, 'output/talk.live/segment-000000.vtt') ?? '';
    expect(segment.split('\n').filter((line) => line.endsWith('words.'))).toEqual([
      'First words.',
      'Second words.',
    ]);
  });

  it('write nothing for a forged token, a wrong CheckSum, another task or a replay', async () => {
    // Prepare
    const setup = await started();
    const genuine = liveCallback(setup.createdWith, setup.taskId, [
      { id: 'v1', text: 'Hello there.', start: 0, end: 1_500 },
    ]);
    await handleLiveCallback(setup.deps, genuine);
    // Stored objects by identity: a write (even of the same bytes) replaces the entry.
    const before = [...setup.storage.objects.values()];
    const forged = { ...genuine, query: { ...genuine.query, sig: 'f'.repeat(64) } };
    const wrongSum = { ...genuine, body: genuine.body.replace('Hello', 'Jello') };
    const otherTask = liveCallback(setup.createdWith, '42', [
      { id: 'v2', text: 'Hi.', start: 2_000, end: 3_000 },
    ]);

    // Act
    const answers = await Promise.all(
      [forged, wrongSum, otherTask, genuine, genuine].map((c) => handleLiveCallback(setup.deps, c)),
    );

    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual([403, 403, 409, 200, 200]);
    expect([...setup.storage.objects.values()]).toEqual(before);
    expect([...setup.storage.objects.values()].every((object, i) => object === before[i])).toBe(true);
  });
});

describe('the end of a live stream', () => {
  it('closes the task when the object is deleted and renders the whole stream once more', async () => {
    // Prepare
    const setup = await started();
    const words = [
      { id: 'v1', text: 'The first sentence of the talk.', start: 1_000, end: 3_000 },
      { id: 'v2', text: 'And the second one, a little later.', start: 12_000, end: 15_000 },
    ];
    await handleLiveCallback(setup.deps, liveCallback(setup.createdWith, setup.taskId, words));
    setup.storage.objects.delete(`${INPUT_BUCKET}/input/talk.live.json`);

    // Act
    const [outcome] = await handleUploadEvent(
      setup.deps,
      cosEvent('cos:ObjectRemove:Delete', 'input/talk.live.json'),
    );

    // Assess
    expect(outcome).toMatchObject({ outcome: 'done' });
    expect(setup.live.closed).toEqual([setup.taskId]);
    expect(setup.storage.text(OUTPUT_BUCKET, 'output/talk.live/live.m3u8')).toMatch(/#EXT-X-ENDLIST\n$/);
    expect(setup.storage.text(OUTPUT_BUCKET, 'output/talk.live.srt')).toContain('And the second one,');
    expect(JSON.parse(setup.storage.text(OUTPUT_BUCKET, 'output/talk.live.qc.json') ?? '{}')).toHaveProperty(
      'cues',
    );
    expect(status(setup)).toMatchObject({
      state: 'done',
      engine: 'live',
      outputs: expect.arrayContaining(['output/talk.live.vtt']),
    });
  });

  it('takes in words that arrive after the end, rendering the archive again', async () => {
    // Prepare: the stream ends (the reconciler finishes it) while one utterance is still on its way.
    const setup = await started();
    const early = { id: 'v1', text: 'Said before the end.', start: 1_000, end: 2_000 };
    const late = { id: 'v2', text: 'Heard last, sent late.', start: 3_000, end: 4_500 };
    await handleLiveCallback(setup.deps, liveCallback(setup.createdWith, setup.taskId, [early]));
    setup.live.running.clear();
    await reconcile(setup.deps);

    // Act
    const answer = await handleLiveCallback(
      setup.deps,
      liveCallback(setup.createdWith, setup.taskId, [late]),
    );

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(status(setup)).toMatchObject({ state: 'done' });
    expect(setup.storage.text(OUTPUT_BUCKET, 'output/talk.live.srt')).toContain('Heard last, sent late.');
    expect(setup.storage.text(OUTPUT_BUCKET, 'output/talk.live/live.m3u8')).toMatch(/#EXT-X-ENDLIST\n$/);
  });

  it('is found by the reconciler when the task ended by itself', async () => {
    // Prepare
    const setup = await started();
    setup.live.running.clear();

    // Act
    const summary = await reconcile(setup.deps);

    // Assess
    expect(summary).toMatchObject({ liveEnded: 1, errors: 0 });
    expect(status(setup)).toMatchObject({ state: 'done' });
    expect(setup.storage.text(OUTPUT_BUCKET, 'output/talk.live/status.json')).toContain('"state": "ended"');
  });
});
