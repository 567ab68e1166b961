/**
 * A real consumer of our WebVTT: headless Chromium (Debian's `chromium`, driven by playwright-core)
 * plays a short video with the track we render, and at given times the cues the browser exposes
 * (`textTracks[0].activeCues`) are exactly ours: text after entity decoding, line breaks, the voice
 * span's speaker name, and nothing between cues. A malformed file shows up as a track error and no
 * cues, so these assertions fail if the writer ever produced one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cue } from '../../../lib/subtitles/cue.js';
import { renderTranscript } from '../../../lib/subtitles/render.js';
import { segmentCues } from '../../../lib/subtitles/segment-cues.js';
import { speakerName } from '../../../lib/subtitles/speaker-name.js';
import type { Transcript, TranscriptWord } from '../../../lib/transcript/transcript.js';

const chromiumPath = '/usr/bin/chromium';
const videoMs = 9_000;

/** What the page reports for one active cue. */
interface ShownCue {
  /** The raw cue payload (`VTTCue.text`): escaped, with the voice tag. */
  readonly text: string;
  /** What a viewer reads: `getCueAsHTML().textContent`. */
  readonly shown: string;
  /** The voice span's title (Chromium renders `<v Name>` as `<span title="Name">`), or null. */
  readonly voice: string | null;
  readonly startMs: number;
  readonly endMs: number;
}

/** Words spread evenly over a segment, keeping the punctuation attached as the model says. */
function words(text: string, startMs: number, endMs: number): TranscriptWord[] {
  const parts = text.split(' ');
  const step = Math.floor((endMs - startMs) / parts.length);
  return parts.map((part, i) => ({
    text: part,
    startMs: startMs + i * step,
    endMs: i === parts.length - 1 ? endMs : startMs + (i + 1) * step,
  }));
}

function segment(text: string, startMs: number, endMs: number, speaker?: string) {
  return { startMs, endMs, text, words: words(text, startMs, endMs), ...(speaker ? { speaker } : {}) };
}

// Characters WebVTT must escape (&, <, >, and '-->' inside text), two speakers, UTF-8 and a cue long
// enough to be laid out on two lines.
const transcript: Transcript = {
  version: 1,
  language: 'en',
  durationMs: videoMs,
  source: { engine: 'canonical' },
  segments: [
    segment('Tom & Jerry say: a < b.', 200, 1_800, '1'),
    segment('Yes, and b > a --> true.', 2_400, 3_800, '2'),
    segment('Nobody said that, but the café on the corner still serves “crème brûlée” daily.', 4_400, 7_400),
  ],
};

const vtt = renderTranscript(transcript, 'vtt', { profile: 'en' });
const cues: readonly Cue[] = segmentCues(transcript, 'en');
/** Each cue's payload as written in our file (the lines after `id` and timing), in cue order. */
const payloads = vtt
  .trimEnd()
  .split('\n\n')
  .slice(1)
  .map((block) => block.split('\n').slice(2).join('\n'));

// The browser side lives in the page as plain JavaScript (the project compiles without DOM types):
// `ready()` says whether the media and the track have loaded, `cuesAt(s)` seeks and reads activeCues
// once the seek has completed ("time marches on" runs right after it; one frame settles it).
const page = (trackPath: string) => `<!doctype html><meta charset="utf-8">
<video id="v" preload="auto" muted src="/clip.webm"><track id="t" default kind="subtitles" srclang="en" src="${trackPath}"></video>
<script>
const video = document.getElementById('v');
const track = document.getElementById('t');
window.ready = () => video.readyState >= 1 && track.readyState >= 2;
window.trackState = () => track.readyState;
window.cuesAt = async (seconds) => {
  await new Promise((resolve) => {
    video.addEventListener('seeked', resolve, { once: true });
    video.currentTime = seconds;
  });
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return Array.from(video.textTracks[0].activeCues || [], (cue) => {
    const html = cue.getCueAsHTML();
    const voice = html.querySelector('span[title]');
    return {
      text: cue.text,
      shown: html.textContent,
      voice: voice ? voice.getAttribute('title') : null,
      startMs: Math.round(cue.startTime * 1000),
      endMs: Math.round(cue.endTime * 1000),
    };
  });
};
</script>`;

let workDir: string;
let server: Server;
let origin: string;
let context: BrowserContext;
let tab: Page;
let brokenVtt: string;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing; run: bash scripts/setup.sh`);
  workDir = mkdtempSync(path.join(tmpdir(), 'vtt-chromium-'));
  const clip = path.join(workDir, 'clip.webm');
  // A few seconds of colour and a sine tone, VP8 + Opus: every Chromium build plays WebM.
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `color=c=navy:s=160x90:d=${videoMs / 1000}:r=10`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${videoMs / 1000}`],
    ...['-c:v', 'libvpx', '-b:v', '50k', '-c:a', 'libopus', '-shortest', clip],
  ]);
  const video = readFileSync(clip);
  // The same track with its signature line removed: a file the standard says must be rejected.
  brokenVtt = vtt.replace(/^WEBVTT\n/, '');
  server = createServer((request, response) => {
    const url = request.url ?? '/';
    const send = (type: string, body: string | Buffer) => {
      response.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    };
    if (url === '/clip.webm') return sendMedia(request.headers.range, video, response);
    if (url === '/track.vtt') return send('text/vtt; charset=utf-8', vtt);
    if (url === '/broken.vtt') return send('text/vtt; charset=utf-8', brokenVtt);
    if (url === '/') return send('text/html; charset=utf-8', page('/track.vtt'));
    if (url === '/broken') return send('text/html; charset=utf-8', page('/broken.vtt'));
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = await chromium.launchPersistentContext(path.join(workDir, 'profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  tab = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/**
 * Serves the clip with byte ranges: without `Accept-Ranges`/206 Chromium treats the media as a
 * stream that cannot seek, and every seek lands back at 0.
 */
function sendMedia(range: string | undefined, video: Buffer, response: ServerResponse): void {
  const match = /^bytes=(\d*)-(\d*)$/.exec(range ?? '');
  if (!match) {
    response.writeHead(200, {
      'Content-Type': 'video/webm',
      'Content-Length': video.length,
      'Accept-Ranges': 'bytes',
    });
    response.end(video);
    return;
  }
  const start = match[1] ? Number(match[1]) : Math.max(0, video.length - Number(match[2]));
  const end = match[1] && match[2] ? Math.min(Number(match[2]), video.length - 1) : video.length - 1;
  response.writeHead(206, {
    'Content-Type': 'video/webm',
    'Content-Length': end - start + 1,
    'Content-Range': `bytes ${start}-${end}/${video.length}`,
    'Accept-Ranges': 'bytes',
  });
  response.end(video.subarray(start, end + 1));
}

/** Opens a page and waits until the video has metadata and the track has loaded or failed. */
async function open(pathname: string): Promise<number> {
  await tab.goto(`${origin}${pathname}`);
  await tab.waitForFunction('ready()');
  return (await tab.evaluate('trackState()')) as number;
}

/** Seeks to `ms` and returns the active cues once the seek has completed. */
async function cuesAt(ms: number): Promise<ShownCue[]> {
  return (await tab.evaluate(`cuesAt(${ms / 1000})`)) as ShownCue[];
}

describe('our WebVTT played on a <video> in headless Chromium', () => {
  it('exercises escaping, voices and two-line layout (the fixture is not trivial)', () => {
    // Assess: the rendering under test really contains what the browser must decode.
    expect(vtt).toContain('&amp;');
    expect(vtt).toContain('&lt;');
    expect(vtt).toContain('--&gt;');
    expect(vtt).toContain('<v Speaker 1>');
    expect(cues.some((cue) => cue.lines.length === 2)).toBe(true);
    expect(payloads).toHaveLength(cues.length);
  });

  it('loads the track without error', async () => {
    // Act
    const readyState = await open('/');

    // Assess: 2 = LOADED, 3 = ERROR.
    expect(readyState).toBe(2);
  });

  it('shows, at the middle of each cue, exactly that cue with our text, line breaks and speaker', async () => {
    // Prepare
    await open('/');

    for (const [index, cue] of cues.entries()) {
      // Act
      const shown = await cuesAt(Math.floor((cue.startMs + cue.endMs) / 2));

      // Assess
      expect(shown).toEqual([
        {
          text: payloads[index],
          shown: cue.lines.join('\n'),
          voice: cue.speaker === undefined ? null : speakerName(cue.speaker),
          startMs: cue.startMs,
          endMs: cue.endMs,
        },
      ]);
    }
  });

  it('shows nothing between cues and after the last one', async () => {
    // Prepare
    await open('/');
    const lastEnd = cues.at(-1)?.endMs ?? 0;
    const gaps = [
      100,
      Math.floor(((cues[0]?.endMs ?? 0) + (cues[1]?.startMs ?? 0)) / 2),
      Math.floor((lastEnd + videoMs) / 2),
    ];

    for (const ms of gaps) {
      // Act / Assess
      expect(await cuesAt(ms)).toEqual([]);
    }
  });

  it('would fail on a malformed file: the same track without its header is an error with no cues', async () => {
    // Act
    const readyState = await open('/broken');

    // Assess
    expect(readyState).toBe(3);
    expect(await cuesAt(Math.floor(((cues[0]?.startMs ?? 0) + (cues[0]?.endMs ?? 0)) / 2))).toEqual([]);
  });
});
