/**
 * A live HTTP-FLV stream served from a media file, for tests and the demo: every GET starts
 * `ffmpeg -re` (real time) on the file and sends its FLV as the response, chunked, until the file
 * ends (or, with `loop`, forever). HTTP-FLV is one of the "HTTP live streams" live recognition pulls;
 * RTMP would need a media server, which is not installed here.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running stream server. */
export interface FlvStreamServer {
  /** The stream URL for `name` (any path works; the name only tells streams apart). */
  url(name: string): string;
  close(): Promise<void>;
}

/** Serves `mediaPath` as HTTP-FLV on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function serveFlvStream(options: {
  readonly mediaPath: string;
  readonly loop?: boolean;
  /**
   * Serve each stream name once, like a live stream that ended for good (later requests get 404):
   * otherwise a puller that reconnects would hear the file from the start again.
   */
  readonly once?: boolean;
  readonly port?: number;
  readonly ffmpeg?: string;
}): Promise<FlvStreamServer> {
  const children = new Set<ReturnType<typeof spawn>>();
  const served = new Set<string>();
  const server = createServer((request, response) => {
    const name = request.url ?? '/';
    if (options.once && served.has(name)) {
      response.writeHead(404).end();
      return;
    }
    served.add(name);
    const loop = options.loop ? ['-stream_loop', '-1'] : [];
    const child = spawn(
      options.ffmpeg ?? 'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-re',
        ...loop,
        '-i',
        options.mediaPath,
        '-vn',
        '-c:a',
        'aac',
        '-ar',
        '44100',
        '-f',
        'flv',
        'pipe:1',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    children.add(child);
    response.writeHead(200, { 'content-type': 'video/x-flv', 'cache-control': 'no-cache' });
    child.stdout.pipe(response);
    child.on('close', () => {
      children.delete(child);
      response.end();
    });
    request.on('close', () => child.kill('SIGKILL'));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/live/${encodeURIComponent(name)}.flv`,
    async close() {
      for (const child of children) child.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
