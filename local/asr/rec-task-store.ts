/**
 * The tasks CreateRecTask accepted, by TaskId. Like ASR, results are kept for 24 hours: after that a
 * TaskId is unknown (FailedOperation.NoSuchTask). TaskIds are uint64 at Tencent; the emulator issues
 * them sequentially from a random ten-digit start, the size real ones have (e.g. 4000048858), because the
 * node SDK parses responses with JSON.parse and would round any id past 2^53.
 */
import { randomInt } from 'node:crypto';
import type { RecTaskResult } from './rec-task-result.js';

/** Kept for 24 h after creation, then forgotten. */
export const RESULT_RETENTION_MS = 24 * 3_600_000;

/** DescribeTaskStatus's Status values. */
export type TaskStatus = 0 | 1 | 2 | 3;

/** Status number to StatusStr. */
export const STATUS_TEXT: Readonly<Record<TaskStatus, string>> = {
  0: 'waiting',
  1: 'doing',
  2: 'success',
  3: 'failed',
};

/** One task's state. Mutable: the runner moves it along. */
export interface RecTask {
  readonly taskId: bigint;
  readonly createdAt: number;
  status: TaskStatus;
  result?: RecTaskResult;
  errorMsg: string;
}

/** In-memory task table with 24 h retention (the emulator's clock decides). */
export class RecTaskStore {
  private readonly tasks = new Map<string, RecTask>();
  private nextId: bigint;

  constructor(
    private readonly now: () => number,
    firstId: bigint = BigInt(randomInt(1_000_000_000, 4_000_000_000)),
  ) {
    this.nextId = firstId;
  }

  /** Registers a new waiting task and returns it. */
  create(): RecTask {
    this.prune();
    const task: RecTask = { taskId: this.nextId, createdAt: this.now(), status: 0, errorMsg: '' };
    this.nextId += 1n;
    this.tasks.set(task.taskId.toString(), task);
    return task;
  }

  /** The task, or undefined when it never existed or is older than 24 h. */
  get(taskId: bigint): RecTask | undefined {
    const task = this.tasks.get(taskId.toString());
    if (!task || this.now() - task.createdAt >= RESULT_RETENTION_MS) return undefined;
    return task;
  }

  private prune(): void {
    const cutoff = this.now() - RESULT_RETENTION_MS;
    for (const [id, task] of this.tasks) if (task.createdAt <= cutoff) this.tasks.delete(id);
  }
}
