/**
 * The length of a media file, asked of ffprobe (installed with ffmpeg, which the dev stack needs
 * anyway), so the console can say how long recognising should take. Undefined when ffprobe cannot tell.
 */
import { execFile } from 'node:child_process';

/** Duration of `file` in ms, or undefined. */
export function audioLengthMs(file: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', file],
      { timeout: 10_000 },
      (error, stdout) => {
        const seconds = Number(stdout.trim());
        resolve(error || !Number.isFinite(seconds) || seconds <= 0 ? undefined : Math.round(seconds * 1000));
      },
    );
  });
}
