/**
 * What a callback body says, whichever engine sent it: the engine's task id and, for CI, our job id
 * from `UserData`. ASR POSTs a form (`code=0&requestId=<TaskId>&...`, docs/tencent-wire.md §3.4); CI
 * POSTs its TaskFinish notice as XML (`<Response><JobsDetail>...`) or, with CallBackFormat JSON,
 * the same tree without the Response root, where JobsDetail may be an object or a one-element array.
 * Nothing in a body is trusted beyond naming the task: results are pulled from the engine.
 */
import { z } from 'zod';
import { parseCiXml } from '../tencent/ci/ci-xml.js';

/** The task a callback is about. */
export interface CallbackClaim {
  readonly engine: 'asr' | 'ci';
  readonly taskId: string;
  /** Our job id as the body carries it (CI UserData); undefined for ASR. */
  readonly jobId: string | undefined;
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
// XML leaves arrive as strings, JSON ones as strings too; ASR's requestId is a bare uint64 in the form.
const ciJobSchema = z.object({
  JobId: z.preprocess(first, z.string().min(1)),
  Operation: z.preprocess(
    first,
    z.object({ UserData: z.preprocess(first, z.string().optional()) }).optional(),
  ),
});
const ciNoticeSchema = z.object({ JobsDetail: z.preprocess(first, ciJobSchema) });

/** Reads a callback body; undefined when it is none of the known shapes. */
export function readCallbackBody(body: string): CallbackClaim | undefined {
  const text = body.trim();
  try {
    if (text.startsWith('<')) {
      const tree = parseCiXml(text) as { Response?: unknown };
      return ciClaim(first(tree.Response));
    }
    if (text.startsWith('{')) {
      const json = JSON.parse(text) as { Response?: unknown };
      return ciClaim(json.Response ?? json);
    }
  } catch {
    return undefined;
  }
  const form = new URLSearchParams(text);
  const taskId = form.get('requestId');
  if (taskId === null || !/^\d{1,20}$/.test(taskId)) return undefined;
  return { engine: 'asr', taskId, jobId: undefined };
}

function ciClaim(notice: unknown): CallbackClaim | undefined {
  const parsed = ciNoticeSchema.safeParse(notice);
  if (!parsed.success) return undefined;
  const job = parsed.data.JobsDetail;
  return { engine: 'ci', taskId: job.JobId, jobId: job.Operation?.UserData || undefined };
}
