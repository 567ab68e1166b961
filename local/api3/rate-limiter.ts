/**
 * Per-action rate limits over a sliding one-second window: at most N admitted requests in ANY
 * interval of 1000 ms, never a window aligned to wall-clock seconds (which would let 2N through
 * around a second boundary). Tencent documents the limits per action (CreateRecTask 20/s,
 * DescribeTaskStatus 50/s, SentenceRecognition 30/s).
 */
export class SlidingWindowLimiter {
  private readonly admitted = new Map<string, number[]>();

  /**
   * Admits the request at `nowMs` for `key` when fewer than `limit` were admitted in the preceding
   * 1000 ms, and records it; returns false (recording nothing) otherwise. Rejected requests do not count.
   */
  tryAdmit(key: string, limit: number, nowMs: number): boolean {
    const times = (this.admitted.get(key) ?? []).filter((t) => t > nowMs - 1000 && t <= nowMs);
    if (times.length >= limit) {
      this.admitted.set(key, times);
      return false;
    }
    times.push(nowMs);
    this.admitted.set(key, times);
    return true;
  }
}
