/**
 * Live streams end to end over the emulator (issue 15): the real upload, callback and reconcile
 * functions, the emulated ASR pulling a 3-minute HTTP-FLV stream of LibriVox speech at real time.
 * Proved: the rolling playlist is read by ffmpeg, its cues are exactly the utterances the emulator
 * recognised (none lost, none twice, in order) across a restart of the callback function, the
 * final subtitles pass the validators and QC that files pass, and a stream ends by itself or by
 * deleting its request. (The stream cap and hostile callbacks are in live-limits.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validator as srtValidator } from 'srt-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import { type FlvStreamServer, serveFlvStream } from '../../local/asr-stream/flv-stream-server.js';
import { librivoxReading } from '../../local/asr-stream/librivox-reading.js';
import { type LocalCloud, OUTPUT_BUCKET, startLocalCloud } from './local-cloud.js';
import { until } from './until.js';

let cloud: LocalCloud;
let streams: FlvStreamServer;
let shortStreams: FlvStreamServer;
let dir: string;

beforeAll(async () => {
  cloud = await startLocalCloud({ liveStreams: { idleEndMs: 15_000 }, env: { ENGINE_MODEL: '16k_en' } });
  dir = await mkdtemp(path.join(tmpdir(), 'e2e-live-'));
  const clips = ['0870', '0880', '0890', '0920', '0930'];
  // Six readings of the five clips with 1.2 s pauses: 3 min 4 s of speech and silence.
  await writeFile(path.join(dir, 'long.wav'), librivoxReading(Array(6).fill(clips).flat(), 1_200));
  await writeFile(path.join(dir, 'short.wav'), librivoxReading(['0880', '0930', '0880', '0930'], 1_200));
  streams = await serveFlvStream({ mediaPath: path.join(dir, 'long.wav'), once: true });
  shortStreams = await serveFlvStream({ mediaPath: path.join(dir, 'short.wav'), once: true });
});

afterAll(async () => {
  await streams?.close();
  await shortStreams?.close();
  await cloud?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function text(key: string): Promise<string | undefined> {
  return (await cloud.emulator.store.get(OUTPUT_BUCKET, key))?.body.toString('utf8');
}

async function stateOf(key: string): Promise<string | undefined> {
  return (await cloud.state()).statuses.get(key)?.state;
}

/** What the emulator posted for a task, in order. */
function recognised(taskId: string): string[] {
  return cloud.streamEvents
    .filter((event) => event.event === 'asr.stream.callback' && event.taskId === taskId)
    .map((event) => String(event.text));
}

/** The cue texts of the rolling playlist's segments, a cue repeated across segments counted once. */
async function rollingCueTexts(folder: string): Promise<string[]> {
  const playlist = (await text(`${folder}live.m3u8`)) ?? '';
  const seen = new Map<string, string>();
  for (const name of playlist.split('\n').filter((line) => line.endsWith('.vtt'))) {
    const segment = (await text(`${folder}${name}`)) ?? '';
    // HLS puts X-TIMESTAMP-MAP in the header block (RFC 8216 §3.5), which browsers' parsers skip;
    // webvtt-parser follows a draft that wanted a blank line first, so it reads the rest.
    expect(segment.startsWith('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n')).toBe(true);
    const parsed = new WebVTTParser().parse(
      segment.replace(/^WEBVTT\nX-TIMESTAMP-MAP=[^\n]*\n/, 'WEBVTT\n'),
      'subtitles',
    );
    expect(parsed.errors).toEqual([]);
    for (const cue of parsed.cues) seen.set(`${cue.startTime}|${cue.endTime}|${cue.text}`, cue.text);
  }
  return [...seen.values()];
}

const words = (lines: readonly string[]) => lines.join(' ').replace(/\n/g, ' ').split(/\s+/).filter(Boolean);

describe('a 3-minute live stream', () => {
  it('is captioned live, survives a callback restart, ends by itself and is archived', async () => {
    // Prepare
    const key = 'input/talk.live.json';
    await cloud.upload(key, JSON.stringify({ url: streams.url('talk'), language: 'en' }));
    const submitted = await until(
      'the live job',
      async () => (await cloud.state()).statuses.get(key)?.taskId ?? undefined,
      60_000,
    );

    // Act: a new callback container a minute in, then the stream runs out and the reconciler looks.
    await until(
      'a minute of cues',
      async () => ((await rollingCueTexts('output/talk.live/')).length >= 6 ? true : undefined),
      150_000,
    );
    await cloud.restartCallback();
    const ended = await until(
      'the task to end by itself and send what it heard',
      async () =>
        cloud.streamEvents.some((e) => e.event === 'asr.stream.drained' && e.taskId === submitted)
          ? true
          : undefined,
      420_000,
    );
    cloud.emulator.scf.fireTimer('reconcile');
    await until('done', async () => ((await stateOf(key)) === 'done' ? true : undefined), 60_000);

    // Assess: every recognised word, once, in order, in the rolling cues and in the archive.
    expect(ended).toBe(true);
    const heard = recognised(submitted);
    expect(heard.length).toBeGreaterThanOrEqual(20);
    expect(words(await rollingCueTexts('output/talk.live/'))).toEqual(words(heard));
    const finalVtt = new WebVTTParser().parse((await text('output/talk.live.vtt')) ?? '', 'subtitles');
    expect(finalVtt.errors).toEqual([]);
    expect(words(finalVtt.cues.map((cue) => cue.text))).toEqual(words(heard));
    expect(srtValidator((await text('output/talk.live.srt')) ?? '')).toEqual([]);
    const qc = JSON.parse((await text('output/talk.live.qc.json')) ?? '{}');
    expect(qc.gaps.underMinGap).toBe(0);
    expect(qc.overLineLength.count).toBe(qc.overLineLength.unavoidable);
    expect(qc.overLineCount.count).toBe(qc.overLineCount.unavoidable);
    const playlist = (await text('output/talk.live/live.m3u8')) ?? '';
    expect(playlist).toMatch(/#EXT-X-ENDLIST\n$/);
    expect(JSON.parse((await text('output/talk.live/status.json')) ?? '{}')).toMatchObject({
      state: 'ended',
    });
    // ffmpeg reads the playlist as HLS and finds the same cues.
    const local = await mkdtemp(path.join(dir, 'hls-'));
    for (const name of ['live.m3u8', ...playlist.split('\n').filter((line) => line.endsWith('.vtt'))]) {
      await writeFile(path.join(local, name), (await text(`output/talk.live/${name}`)) ?? '');
    }
    const viaFfmpeg = execFileSync(
      'ffmpeg',
      ['-v', 'error', '-i', path.join(local, 'live.m3u8'), '-f', 'webvtt', '-'],
      {
        encoding: 'utf8',
      },
    );
    // A cue spanning two segments is in both (RFC 8216 §3.5): ffmpeg passes both on, with equal times.
    const ffmpegCues = new Map(
      new WebVTTParser()
        .parse(viaFfmpeg, 'subtitles')
        .cues.map((cue) => [`${cue.startTime}|${cue.endTime}|${cue.text}`, cue.text] as const),
    );
    expect(words([...ffmpegCues.values()])).toEqual(words(heard));
    console.log(
      `live stream: ${heard.length} utterances, ${finalVtt.cues.length} final cues, one callback restart`,
    );
  }, 600_000);
});

describe('stopping', () => {
  it('closes the task when its request is deleted, and finishes at once', async () => {
    // Prepare
    const key = 'input/short.live.json';
    await cloud.upload(key, JSON.stringify({ url: shortStreams.url('short'), language: 'en' }));
    await until(
      'a first cue',
      async () => ((await rollingCueTexts('output/short.live/')).length > 0 ? true : undefined),
      120_000,
    );

    // Act
    await cloud.remove(key);
    await until('done', async () => ((await stateOf(key)) === 'done' ? true : undefined), 60_000);

    // Assess
    expect(cloud.streamEvents.some((e) => e.event === 'asr.stream.ended' && e.reason === 'closed')).toBe(
      true,
    );
    expect(await text('output/short.live/live.m3u8')).toMatch(/#EXT-X-ENDLIST\n$/);
    expect(await text('output/short.live.srt')).toBeDefined();
  }, 240_000);
});
