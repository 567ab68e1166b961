/**
 * What a CI callback body says: the job id and, in `UserData`, ours. CI POSTs its TaskFinish notice
 * as XML (`<Response><JobsDetail>...`) or, with CallBackFormat JSON, the same tree without the
 * Response root, where JobsDetail may be an object or a one-element array. Nothing in a body is
 * trusted beyond naming the task: results are pulled from CI.
 */
import { z } from 'zod';
import { onFirstUse } from '../../lazy/on-first-use.js';
import { parseCiXml } from '../../tencent/ci/ci-xml.js';
import type { CallbackClaim } from '../file-engine.js';

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
// XML leaves arrive as strings, JSON ones as strings too.
const ciNoticeSchema = onFirstUse(() => {
  const ciJobSchema = z.object({
    JobId: z.preprocess(first, z.string().min(1)),
    Operation: z.preprocess(
      first,
      z.object({ UserData: z.preprocess(first, z.string().optional()) }).optional(),
    ),
  });
  return z.object({ JobsDetail: z.preprocess(first, ciJobSchema) });
});

/** Reads a CI callback body; undefined when it is not one. */
export function readCiCallback(body: string): CallbackClaim | undefined {
  const text = body.trim();
  let notice: unknown;
  try {
    if (text.startsWith('<')) notice = first((parseCiXml(text) as { Response?: unknown }).Response);
    else if (text.startsWith('{')) {
      const json = JSON.parse(text) as { Response?: unknown };
      notice = json.Response ?? json;
    } else return undefined;
  } catch {
    return undefined;
  }
  const parsed = ciNoticeSchema().safeParse(notice);
  if (!parsed.success) return undefined;
  const job = parsed.data.JobsDetail;
  return { engine: 'ci', taskId: job.JobId, jobId: job.Operation?.UserData || undefined };
}
