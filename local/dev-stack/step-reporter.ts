/**
 * Turns progress steps into the dev stack's console lines and outbox files: outputs are fetched into
 * outbox/ when an input is done, and a failed or skipped input leaves `<name>.failed.txt` (or
 * `.skipped.txt`) there with the code, the reason and the fix, so someone watching only that folder
 * sees every outcome. An input uploaded by another client than the inbox (the CLI, say) is announced
 * when its first step shows.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InputStatus } from '../../lib/jobs/input-status.js';
import type { InboxUpload } from './inbox.js';
import type { Outbox } from './outbox.js';
import type { ProgressStep } from './progress.js';
import { failureNote, stepLine } from './step-lines.js';

/** Options of {@link createStepReporter}. */
export interface StepReporterOptions {
  readonly outbox: Outbox;
  /** The input prefix, cut from keys to name inputs as the inbox does. */
  readonly inputPrefix: string;
  /** The output prefix, under which outbox/ mirrors the output bucket. */
  readonly outputPrefix: string;
  /** One line about the input `name`. */
  readonly say: (name: string, text: string) => void;
  /** One line of its own (file names under an input). */
  readonly print: (line: string) => void;
  /** Folder the printed paths are relative to. */
  readonly workDir: string;
  /** Called with the local files of a done input. */
  readonly onDone?: (name: string, files: readonly string[]) => void;
  readonly now?: () => number;
}

/** What the reporter is told. */
export interface StepReporter {
  /** The inbox uploaded a file. */
  uploaded(upload: InboxUpload): void;
  /** The audio length of an inbox upload, once probed. */
  audioLength(key: string, audioMs: number | undefined): void;
  /** A step of any input. */
  onStep(step: ProgressStep): Promise<void>;
}

/** A reporter printing through `options.say`. */
export function createStepReporter(options: StepReporterOptions): StepReporter {
  const now = options.now ?? Date.now;
  const fromInbox = new Map<string, { readonly at: number; audioMs: number | undefined }>();
  const announced = new Set<string>();
  const nameOf = (key: string) =>
    key.startsWith(options.inputPrefix) ? key.slice(options.inputPrefix.length) : key;
  const notePath = (name: string, state: string) =>
    options.outbox.localPath(`${options.outputPrefix}${name}.${state}.txt`);
  const shown = (file: string) => `            ${path.relative(options.workDir, file)}`;

  /** Puts a finished input's outputs, or its note, into outbox/; returns the local files. */
  async function settle(name: string, status: InputStatus): Promise<readonly string[]> {
    if (status.state === 'done') {
      // A note from an earlier, failed upload of the same name no longer holds.
      await Promise.all(['failed', 'skipped'].map((state) => rm(notePath(name, state), { force: true })));
      return options.outbox.fetch(status.outputs);
    }
    const note = notePath(name, status.state);
    await mkdir(path.dirname(note), { recursive: true });
    await writeFile(note, failureNote(name, status));
    return [note];
  }

  return {
    uploaded(upload) {
      fromInbox.set(upload.key, { at: upload.at, audioMs: undefined });
      announced.add(upload.key);
    },
    audioLength(key, audioMs) {
      const upload = fromInbox.get(key);
      if (upload) upload.audioMs = audioMs;
    },
    async onStep(step) {
      const name = nameOf(step.key);
      const { status } = step;
      if (!announced.has(step.key)) {
        announced.add(step.key);
        const size = status.input.size === null ? '' : `${status.input.size} B `;
        options.say(
          name,
          `${''.padStart(11)}  ${'uploaded'.padEnd(12)} ${size}→ ${step.key} (not from inbox/: by another client)`,
        );
      }
      const upload = fromInbox.get(step.key);
      // The inbox's upload time, when this is the upload it made; else the claim's.
      const origin =
        upload !== undefined && upload.at <= status.timings.startedAt ? upload.at : status.timings.startedAt;
      // The files are in outbox/ before the line that names them is printed.
      const files = step.step === 'finished' ? await settle(name, status) : [];
      options.say(name, stepLine(step, { origin, audioMs: upload?.audioMs, now: now() }));
      for (const file of files) options.print(shown(file));
      if (step.step === 'finished' && status.state === 'done') options.onDone?.(name, files);
    },
  };
}
