/**
 * Pulls a live stream with ffmpeg at real time (`-re`) and hands on 16 kHz mono s16le audio, as
 * the service pulls RTMP, RTSP and HTTP live streams (e.g. HTTP-FLV). When the stream stops or
 * cannot be reached, ffmpeg is started again, as the service keeps trying until its no-data limit
 * ends the task: after a second, then twice as long each time nothing came (at most 30 s), so
 * twenty unreachable streams do not keep a small machine busy starting ffmpeg.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** A running pull; `stop` ends it for good. */
export interface StreamSource {
  stop(): void;
}

/** Starts pulling `url`; `onAudio` gets every chunk of PCM. */
export function pullStream(
  url: string,
  handlers: { readonly onAudio: (pcm: Buffer) => void; readonly onStop: (reason: string) => void },
  ffmpeg = 'ffmpeg',
): StreamSource {
  let child: ChildProcess | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let delayMs = 1_000;
  const start = () => {
    if (stopped) return;
    let heard = false;
    child = spawn(
      ffmpeg,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        // A live source is read as it comes: probe half a second, not ffmpeg's five (which -re
        // would then hold back as a permanent five-second lag).
        '-analyzeduration',
        '500000',
        '-probesize',
        '65536',
        '-re',
        '-i',
        url,
        '-vn',
        '-ac',
        '1',
        '-ar',
        '16000',
        '-f',
        's16le',
        'pipe:1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let errors = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      heard = true;
      handlers.onAudio(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-500);
    });
    child.on('error', (error) => {
      errors = error.message;
    });
    child.on('close', () => {
      if (stopped) return;
      handlers.onStop(errors.trim() || 'the stream ended');
      delayMs = heard ? 1_000 : Math.min(delayMs * 2, 30_000);
      retry = setTimeout(start, heard ? 1_000 : delayMs / 2);
      retry.unref();
    });
  };
  start();
  return {
    stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      child?.kill('SIGKILL');
    },
  };
}
