/**
 * The words of the dev stack's console: one line per step of an input, each with the time since the
 * upload (read from the status record's own timings, so a step seen late still shows when it
 * happened), and the note a failed or skipped input leaves in outbox/.
 */
import { fixFor } from '../../lib/jobs/failure-codes.js';
import type { InputStatus } from '../../lib/jobs/input-status.js';
import type { ProgressStep } from './progress.js';

/** What the console knows about an input beyond its status. */
export interface StepContext {
  /** When it was uploaded (the inbox's clock), else when the pipeline claimed it. */
  readonly origin: number;
  /** Length of the audio when the inbox could probe it. */
  readonly audioMs?: number | undefined;
  /** The clock, for a step whose record has no time of its own. */
  readonly now: number;
}

// SentenceRecognition and MPS RecognizeAudio answer within the request (DESIGN: short clips, inline).
const synchronousEngines = new Set(['sentence', 'mps']);

/** The step word, padded so the details line up. */
const column = (word: string) => word.padEnd(12);

/** `+0.4 s`, `+41.2 s`, `+2 min 05 s`: time since the upload. */
export function elapsedText(ms: number): string {
  return `+${durationText(Math.max(0, ms))}`;
}

/** `0.4 s`, `41.2 s`, `1 min 39 s`, `2 h 05 min`. */
export function durationText(ms: number): string {
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor(seconds / 60) % 60).padStart(2, '0')} min`;
}

/**
 * What to expect while recognising: "大多数情况下，1小时的音频1-3分钟即可完成识别" (in most cases an
 * hour of audio is recognised in 1-3 minutes: CreateRecTask's documentation, API 1093/37823, and the
 * same text in tencentcloud-sdk-nodejs's asr_client.ts); the offline recognizer here is slower.
 */
export function expectationText(audioMs: number | undefined): string {
  const length = audioMs === undefined ? '' : ` (${durationText(audioMs)} of audio`;
  const expected =
    audioMs === undefined || audioMs < 60_000
      ? length && `${length})`
      : `${length}: ${durationText(audioMs / 60)} to ${durationText(audioMs / 20)})`;
  return `Tencent's engine typically takes 1-3 min per hour of audio${expected}; the offline recognizer here is slower, about the audio's length or more on a busy machine`;
}

/** The time a step happened, from the record where it says. */
function stepTime(step: ProgressStep, context: StepContext): number {
  const { timings } = step.status;
  if (step.step === 'claimed') return timings.startedAt;
  if (step.step === 'submitted' || step.step === 'recognising') return timings.submittedAt ?? context.now;
  if (step.step === 'finished') return timings.finishedAt ?? context.now;
  return context.now;
}

/** The console text of a step (after the time and name columns), and its elapsed time. */
export function stepLine(step: ProgressStep, context: StepContext): string {
  const { status } = step;
  const elapsed = elapsedText(stepTime(step, context) - context.origin).padStart(11);
  const engine = status.engine ?? 'the engine';
  const task = status.taskId ? ` task ${status.taskId}` : '';
  switch (step.step) {
    case 'claimed':
      return `${elapsed}  ${column('claimed')} job ${status.jobId}, choosing an engine`;
    case 'submitted':
      return `${elapsed}  ${column('submitted')} engine ${engine}${task}`;
    case 'recognising':
      return synchronousEngines.has(engine)
        ? `${elapsed}  ${column('recognising')} ${engine}${task}: recognised inside the upload function (a short clip's engine answers at once)`
        : `${elapsed}  ${column('recognising')} ${engine}${task}: ${expectationText(context.audioMs)}`;
    case 'still-working':
      return status.state === 'claimed'
        ? `${elapsed}  ${column('working')} still in the upload function (a short clip is recognised there), ${durationText(step.sinceMs)} so far`
        : `${elapsed}  ${column('recognising')} still working, ${durationText(step.sinceMs)} so far`;
    case 'finished':
      if (status.state === 'done') {
        const queued =
          status.timings.submittedAt === null
            ? ''
            : `, submitted after ${durationText(status.timings.submittedAt - status.timings.startedAt)}`;
        return `${elapsed}  ${column('done')} ${status.outputs.length} outputs${queued}`;
      }
      return `${elapsed}  ${column(status.state)} ${status.error ? `${status.error.code}: ${status.error.message}` : 'no reason recorded'}`;
  }
}

/**
 * The note a failed or skipped input leaves in outbox/ as `<name>.failed.txt` (or `.skipped.txt`):
 * the code, the reason in the pipeline's words, the fix, and the engine's own words when it spoke.
 */
export function failureNote(name: string, status: InputStatus): string {
  const error = status.error ?? { code: 'Unknown', message: 'no reason was recorded' };
  const lines = [
    status.state === 'skipped'
      ? `${name} was skipped: nothing was transcribed.`
      : `${name} failed: it was not transcribed.`,
    '',
    `code    ${error.code}`,
    `reason  ${error.message}`,
    `fix     ${fixFor(error.code)}`,
  ];
  if (error.engineCode !== undefined) {
    const said = error.engineMessage ? `: ${error.engineMessage}` : '';
    lines.push(
      `engine  ${status.engine ?? ''}${status.taskId ? ` task ${status.taskId}` : ''} said ${error.engineCode}${said}`,
    );
  }
  lines.push(`key     ${status.input.key}`);
  if (status.jobId !== null) lines.push(`job     ${status.jobId}`);
  return `${lines.join('\n')}\n`;
}
