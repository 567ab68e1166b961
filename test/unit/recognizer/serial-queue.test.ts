import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../../local/recognizer/serial-queue.js';

describe('SerialQueue', () => {
  it('runs tasks one at a time in the order they were pushed', async () => {
    // Prepare
    const queue = new SerialQueue();
    const events: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) => async () => {
      running += 1;
      events.push(`start ${name} (${running} running)`);
      await new Promise((r) => setTimeout(r, ms));
      running -= 1;
      events.push(`end ${name}`);
      return name;
    };

    // Act
    const results = await Promise.all([
      queue.push(task('a', 20)),
      queue.push(task('b', 1)),
      queue.push(task('c', 5)),
    ]);

    // Assess
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual([
      'start a (1 running)',
      'end a',
      'start b (1 running)',
      'end b',
      'start c (1 running)',
      'end c',
    ]);
  });

  it('keeps going after a task fails and reports the failure to its caller only', async () => {
    // Prepare
    const queue = new SerialQueue();

    // Act
    const failed = queue.push(async () => {
      throw new Error('boom');
    });
    const next = queue.push(async () => 'ok');

    // Assess
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    expect(queue.size).toBe(0);
  });
});
