/**
 * CI job XML for `readTranscript`: read with the project's one CI XML reader (ci-xml.ts),
 * its faults told as a `TranscriptParseError` that points at the line, or at the elements a document
 * cut off mid-way left open.
 */

import { CiXmlError, parseCiXml } from '../../tencent/ci/ci-xml.js';
import { TranscriptParseError } from '../../transcript/parse-error.js';

/** Parses CI XML into plain objects; a malformed or truncated document is a `TranscriptParseError`. */
export function parseCiJobXml(xml: string): unknown {
  try {
    return parseCiXml(xml);
  } catch (error) {
    if (!(error instanceof CiXmlError)) throw error;
    if (error.unclosed) {
      const tail = xml.trimEnd().slice(-30);
      throw new TranscriptParseError({
        shape: 'CI job XML',
        path: 'end of document',
        problem: `truncated XML: ${error.unclosed.join(' > ')} never closed`,
        found: JSON.stringify(`...${tail}`),
        cause: error,
      });
    }
    throw new TranscriptParseError({
      shape: 'CI job XML',
      path: `line ${error.line}, column ${error.column}`,
      problem: `malformed XML: ${error.reason}`,
      found: JSON.stringify(sourceLine(xml, error.line)),
      cause: error,
    });
  }
}

function sourceLine(xml: string, line: number): string {
  const text = (xml.split(/\r?\n/)[line - 1] ?? '').trim();
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
