/**
 * Progress of several files at once. On a terminal: one line per file with a bar, redrawn in place
 * on stderr. Elsewhere (pipes, CI logs): one plain line per change of phase, so a log reads as the
 * file's story. The bar moves with facts only (bytes uploaded, then the pipeline's states); while an
 * engine works there is no fact to show, so a spinner says it is alive instead of a made-up percentage.
 */
import { err } from './terminal.js';

/** Where one file is. */
export type FilePhase =
  | 'uploading'
  | 'uploaded'
  | 'claimed'
  | 'submitted'
  | 'done'
  | 'failed'
  | 'skipped'
  | 'timed-out';

/** What the display knows about one file. */
export interface FileProgress {
  readonly phase: FilePhase;
  /** 0..1 of the bytes sent, while uploading. */
  readonly uploaded?: number;
  /** Short facts for the phase: 'sentence task 123', 'in 2.1 s', 'EmptyFile: ...'. */
  readonly detail?: string;
}

/** A progress display. */
export interface ProgressView {
  update(file: string, progress: FileProgress): void;
  /** Draws the last state and stops redrawing. */
  finish(): void;
}

const fill: Readonly<Record<FilePhase, number>> = {
  uploading: 0,
  uploaded: 0.5,
  claimed: 0.6,
  submitted: 0.7,
  done: 1,
  failed: 1,
  skipped: 1,
  'timed-out': 1,
};

const words: Readonly<Record<FilePhase, string>> = {
  uploading: 'uploading',
  uploaded: 'uploaded, waiting for the upload trigger',
  // Short clips are recognised inside the upload function itself (synchronous engines).
  claimed: 'claimed, submitting or recognising',
  submitted: 'recognising',
  done: 'done',
  failed: 'FAILED',
  skipped: 'SKIPPED',
  'timed-out': 'TIMED OUT',
};

/** A bar on a terminal, plain lines otherwise. */
export function createProgressView(files: readonly string[], interactive: boolean): ProgressView {
  return interactive ? barView(files) : lineView();
}

/** One line per phase change, e.g. `talk.wav: recognising (asr task 42)`. */
function lineView(): ProgressView {
  const last = new Map<string, string>();
  return {
    update(file, progress) {
      const line = `${file}: ${words[progress.phase]}${progress.detail ? ` (${progress.detail})` : ''}`;
      if (progress.phase === 'uploading' || last.get(file) === line) return;
      last.set(file, line);
      err(`${line}\n`);
    },
    finish() {},
  };
}

function barView(files: readonly string[]): ProgressView {
  const state = new Map<string, FileProgress>(files.map((f) => [f, { phase: 'uploading', uploaded: 0 }]));
  const width = Math.max(...files.map((f) => f.length), 4);
  const spinner = ['|', '/', '-', '\\'];
  let tick = 0;
  let drawn = 0;
  const draw = () => {
    const lines = files.map((file) => {
      const progress = state.get(file) ?? { phase: 'uploading' };
      const ratio =
        progress.phase === 'uploading' ? 0.5 * (progress.uploaded ?? 0) : (fill[progress.phase] ?? 0);
      const cells = Math.round(ratio * 24);
      const bar = `[${'#'.repeat(cells)}${'-'.repeat(24 - cells)}]`;
      const busy = fill[progress.phase] < 1 ? ` ${spinner[tick % spinner.length]}` : '';
      const what =
        progress.phase === 'uploading'
          ? `uploading ${Math.round(100 * (progress.uploaded ?? 0))}%`
          : words[progress.phase];
      return `${file.padEnd(width)} ${bar} ${what}${progress.detail ? ` (${progress.detail})` : ''}${busy}`;
    });
    // Back to the first line we drew, then rewrite each line whole.
    err(`${drawn > 0 ? `\x1b[${drawn}A` : ''}${lines.map((l) => `\r\x1b[2K${l}`).join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(() => {
    tick++;
    draw();
  }, 250);
  timer.unref();
  draw();
  return {
    update(file, progress) {
      state.set(file, progress);
      draw();
    },
    finish() {
      clearInterval(timer);
      draw();
    },
  };
}
