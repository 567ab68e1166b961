/**
 * The one speech queue each bucket has in the emulator. Activating CI speech recognition creates an
 * ASR queue on the real service; here it exists for every bucket, with a stable id so a test or a
 * deployment config can name it (DESIGN.md: `GET /asrqueue` lists a default queue whose id
 * `POST /asr_jobs` accepts).
 */
import { createHash } from 'node:crypto';
import { newRequestId } from './ci-error.js';
import { formatCiTime } from './ci-time.js';
import { toXml, type XmlNode } from './xml.js';

/** CI queue ids are 'p' + 32 hex digits (recorded: pcd463e1467964d39ad2d3f66aacd8199). */
export function defaultQueueId(bucket: string): string {
  return `p${createHash('md5').update(`asr-queue:${bucket}`).digest('hex')}`;
}

/** `QueueList` entry for DescribeSpeechQueues (docs/tencent-wire.md §6.2). */
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

/** DescribeSpeechQueues (`GET /asrqueue?queueIds=&state=`): the bucket's one queue, when it matches. */
export function describeQueuesXml(
  bucket: string,
  createdAt: number,
  query: ReadonlyMap<string, string>,
): string {
  const wanted = query
    .get('queueids')
    ?.split(',')
    .filter((id) => id !== '');
  const state = query.get('state');
  const queueId = defaultQueueId(bucket);
  const include =
    (wanted === undefined || wanted.includes(queueId)) && (state === undefined || state === 'Active');
  return toXml({
    Response: {
      RequestId: newRequestId(),
      TotalCount: include ? '1' : '0',
      PageNumber: query.get('pagenumber') ?? '1',
      PageSize: query.get('pagesize') ?? '10',
      QueueList: include ? queueTree(bucket, createdAt) : undefined,
      NonExistPIDs: wanted?.filter((id) => id !== queueId) as XmlNode | undefined,
    },
  });
}
