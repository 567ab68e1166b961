/**
 * CI's XML, both ways, with fast-xml-parser.
 *
 * Reading, the one CI XML reader of the project (the client, the callback body and `readTranscript`):
 * every value stays the string CI sent (`parseTagValue: false`: '0', '19.7124', 'sXXXX' are not
 * guessed into numbers). An element CI repeats parses as a plain object when it occurs once and as an
 * array otherwise (the xml2json ambiguity the SDK leaves to callers); the schemas that read the tree
 * accept both, as they must for CI's JSON callbacks anyway (ci-schemas.ts `list`, the transcript's
 * `engineList`). The document is validated first: the parser alone accepts a body cut off mid-way.
 *
 * Writing: element order follows the documents; undefined fields are left out; text is escaped, and
 * a carriage return is written as `&#13;`: XML parsers turn a raw `\r\n` or `\r` into `\n` (XML 1.0
 * §2.11, end-of-line handling), so a key holding one would reach CI as another key.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SubmitSpeechJobRequest } from './ci-request.js';

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
});

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false });

/** Why a CI body could not be read, and where. */
export class CiXmlError extends Error {
  override readonly name = 'CiXmlError';
  /** 1-based line and column of the fault, as the validator reports them. */
  readonly line: number;
  readonly column: number;
  /** The validator's own words. */
  readonly reason: string;
  /** For a document cut off mid-way: the elements left open, outermost first. */
  readonly unclosed: readonly string[] | undefined;

  constructor(reason: string, line: number, column: number) {
    super(`malformed XML at line ${line}: ${reason}`);
    this.reason = reason;
    this.line = line;
    this.column = column;
    this.unclosed = unclosedElements(reason);
  }
}

/** Parses a CI XML body into plain objects of strings (a repeated element is an array). */
export function parseCiXml(xml: string): Record<string, unknown> {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) throw new CiXmlError(verdict.err.msg, verdict.err.line, verdict.err.col);
  return parser.parse(xml) as Record<string, unknown>;
}

/** The validator reports a cut-off document as "Invalid '["Response","JobsDetail"]' found.". */
function unclosedElements(message: string): string[] | undefined {
  const match = /^Invalid '(\[[\s\S]*\])' found\.?$/.exec(message);
  if (!match?.[1]) return undefined;
  try {
    const names = JSON.parse(match[1]) as unknown;
    return Array.isArray(names) ? names.map(String) : undefined;
  } catch {
    return undefined;
  }
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
