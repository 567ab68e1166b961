/**
 * The `<Request>` body of a CI speech-job submit, written with fast-xml-parser.
 *
 * Writing: element order follows the documents; undefined fields are left out; text is escaped, and
 * a carriage return is written as `&#13;`: XML parsers turn a raw `\r\n` or `\r` into `\n` (XML 1.0
 * §2.11, end-of-line handling), so a key holding one would reach CI as another key.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { onFirstUse } from '../../lazy/on-first-use.js';
import type { SubmitSpeechJobRequest } from './ci-request.js';

// Made on first use: only a CI submission writes XML (scripts/lazy-modules.ts).
const xmlBuilder = onFirstUse(
  () => new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false }),
);

/** The `<Request>` body of a submit, for `POST /asr_jobs` and `POST /jobs`. */
export function buildSubmitXml(request: SubmitSpeechJobRequest): string {
  const operation = {
    TemplateId: request.TemplateId,
    SpeechRecognition: request.SpeechRecognition ? { ...request.SpeechRecognition } : undefined,
    Output: { Region: request.Output.Region, Bucket: request.Output.Bucket, Object: request.Output.Object },
    UserData: request.UserData,
    JobLevel: request.JobLevel,
  };
  const body = {
    Tag: 'SpeechRecognition',
    Input: { Object: request.Input.Object, Url: request.Input.Url },
    Operation: operation,
    QueueId: request.QueueId,
    CallBack: request.CallBack,
    CallBackFormat: request.CallBackFormat,
    CallBackType: request.CallBackType,
    CallBackMqConfig: request.CallBackMqConfig ? { ...request.CallBackMqConfig } : undefined,
  };
  // The builder writes no line breaks of its own, so every \r here is inside a value.
  return (xmlBuilder().build({ Request: textTree(body) }) as string).replace(/\r/g, '&#13;');
}

/** Drops undefined fields and turns every leaf into text, keeping key order. */
function textTree(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    out[key] =
      typeof child === 'object' && child !== null
        ? textTree(child as Record<string, unknown>)
        : String(child);
  }
  return out;
}
