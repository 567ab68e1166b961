/**
 * CI's XML, both ways, with fast-xml-parser.
 *
 * Reading: every value stays the string CI sent (`parseTagValue: false`: '0', '19.7124', 'sXXXX' are
 * not guessed into numbers), and the elements CI repeats are always arrays, because one repetition
 * parses as a plain object otherwise (the xml2json ambiguity the SDK leaves to callers). The document
 * is validated first: the parser alone accepts a body cut off mid-way.
 *
 * Writing: element order follows the documents; undefined fields are left out; text is escaped, and
 * a carriage return is written as `&#13;`: XML parsers turn a raw `\r\n` or `\r` into `\n` (XML 1.0
 * §2.11, end-of-line handling), so a key holding one would reach CI as another key.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SubmitSpeechJobRequest } from './ci-request.js';

/** Elements CI repeats (job lists, result sentences and words, fast-ASR channels, queues). */
const repeated = new Set([
  'JobsDetail',
  'NonExistJobIds',
  'ResultDetail',
  'Words',
  'FlashResult',
  'sentence_list',
  'word_list',
  'QueueList',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (tagName) => repeated.has(tagName),
});

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false });

/** Why a CI body could not be read. */
export class CiXmlError extends Error {
  override readonly name = 'CiXmlError';
}

/** Parses a CI XML body into plain objects (strings, and arrays where CI repeats elements). */
export function parseCiXml(xml: string): Record<string, unknown> {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    throw new CiXmlError(`malformed XML at line ${verdict.err.line}: ${verdict.err.msg}`);
  }
  return parser.parse(xml) as Record<string, unknown>;
}

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
  return (builder.build({ Request: textTree(body) }) as string).replace(/\r/g, '&#13;');
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
