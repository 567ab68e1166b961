/**
 * CI's XML, read with fast-xml-parser: the one CI XML reader of the project (the client, the
 * callback body and `readTranscript`); the submit body is written by lib/engines/ci/ci-submit-xml.ts. Every value stays the string CI sent (`parseTagValue: false`: '0', '19.7124', 'sXXXX' are not
 * guessed into numbers). An element CI repeats parses as a plain object when it occurs once and as an
 * array otherwise (the xml2json ambiguity the SDK leaves to callers); the schemas that read the tree
 * accept both, as they must for CI's JSON callbacks anyway (lib/engines/ci/ci-schemas.ts `list`, the transcript's
 * `engineList`). The document is validated first: the parser alone accepts a body cut off mid-way.
 */
import { XMLValidator } from 'fast-xml-parser';
import { onFirstUse } from '../../lazy/on-first-use.js';
import { tencentXmlParser } from '../xml-parser.js';

// Made on first use: a command that reads no XML never loads the parser (scripts/lazy-modules.ts).
const xmlParser = onFirstUse(() => tencentXmlParser(true));

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
  return xmlParser().parse(xml) as Record<string, unknown>;
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
