/**
 * The CreateRecTask callback: a form-urlencoded POST with the documented fields in the recorded order
 * (code, requestId = TaskId, appid, projectid, audioUrl when the task had a Url, text, audioTime with six
 * decimals, message, resultDetail), tried at most twice (docs/tencent-wire.md §5). A delivery counts when the
 * receiver answers 2xx with the documented `{"code":0,...}`; anything else earns the one retry.
 */
import type { EmulatorContext } from '../context.js';
import type { SentenceDetail } from './rec-task-result.js';

/** What the callback reports about one task. */
export interface AsrCallbackFields {
  readonly code: number;
  readonly message: string;
  readonly taskId: bigint;
  readonly appId: string;
  readonly audioUrl?: string;
  readonly text: string;
  readonly audioDurationMs: number;
  /** null (ResTextFormat 0 or failure) is sent as an empty value. */
  readonly resultDetail: SentenceDetail[] | null;
}

/** The form body, byte for byte as sent (spaces as '+', like the recorded example). */
export function asrCallbackBody(fields: AsrCallbackFields): string {
  const form = new URLSearchParams();
  form.set('code', String(fields.code));
  form.set('requestId', fields.taskId.toString());
  form.set('appid', fields.appId);
  form.set('projectid', '0');
  if (fields.audioUrl !== undefined) form.set('audioUrl', fields.audioUrl);
  form.set('text', fields.text);
  form.set('audioTime', (fields.audioDurationMs / 1000).toFixed(6));
  form.set('message', fields.message);
  // The encoding of resultDetail is undocumented; the SentenceDetail list as JSON is what its name promises.
  form.set('resultDetail', fields.resultDetail === null ? '' : JSON.stringify(fields.resultDetail));
  return form.toString();
}

/** Posts the callback, retrying once after `retryDelayMs` when the first attempt does not count. */
export async function deliverAsrCallback(
  context: EmulatorContext,
  url: string,
  body: string,
  retryDelayMs: number,
): Promise<{ attempts: number; delivered: boolean }> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const outcome = await context.sendCallback(url, body, 'application/x-www-form-urlencoded');
    if (outcome.delivered && acknowledged(outcome.body)) return { attempts: attempt, delivered: true };
    context.log('asr.callback.failed', { attempt, status: outcome.status, url: withoutQuery(url) });
    if (attempt === 1) await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
  }
  return { attempts: 2, delivered: false };
}

function acknowledged(body: string): boolean {
  try {
    const answer = JSON.parse(body) as { code?: unknown };
    return answer.code === 0 || answer.code === '0';
  } catch {
    return false;
  }
}

// Callback URLs carry the receiver's token; logs keep only where it went.
function withoutQuery(url: string): string {
  const question = url.indexOf('?');
  return question < 0 ? url : url.slice(0, question);
}
