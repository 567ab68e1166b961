/**
 * The one speech queue each bucket has in the emulator. Activating CI speech recognition creates an
 * ASR queue on the real service; here it exists for every bucket, with a stable id so a test or a
 * deployment config can name it (DESIGN.md: `GET /asrqueue` lists a default queue whose id
 * `POST /asr_jobs` accepts).
 */
import { createHash } from 'node:crypto';
import { formatCiTime } from './ci-time.js';
import type { XmlNode } from './xml.js';

/** CI queue ids are 'p' + 32 hex digits (recorded: pcd463e1467964d39ad2d3f66aacd8199). */
export function defaultQueueId(bucket: string): string {
  return `p${createHash('md5').update(`asr-queue:${bucket}`).digest('hex')}`;
}

/** `QueueList` entry for DescribeSpeechQueues (tencent-api.md §6.2). */
export function queueTree(bucket: string, createdAt: number): Record<string, XmlNode> {
  return {
    QueueId: defaultQueueId(bucket),
    Name: 'asr-default',
    State: 'Active',
    MaxSize: '10000',
    MaxConcurrent: '10',
    UpdateTime: formatCiTime(createdAt),
    CreateTime: formatCiTime(createdAt),
    // No queue-level callback: jobs name theirs in CallBack.
    NotifyConfig: { Url: '', Type: 'Url', State: 'Off', Event: 'TaskFinish' },
  };
}
