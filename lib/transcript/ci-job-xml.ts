/**
 * CI speaks XML. Parsed with every value kept a string (as CI sends them; zod converts at the edge)
 * and validated first, because the parser itself quietly accepts a document cut off mid-way.
 */

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { TranscriptParseError } from './parse-error.js';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
});

/** Parses CI XML into plain objects; a malformed or truncated document is a `TranscriptParseError`. */
export function parseCiXml(xml: string): unknown {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    const unclosed = unclosedElements(msg);
    if (unclosed) {
      const tail = xml.trimEnd().slice(-30);
      throw new TranscriptParseError({
        shape: 'CI job XML',
        path: 'end of document',
        problem: `truncated XML: ${unclosed.join(' > ')} never closed`,
        found: JSON.stringify(`...${tail}`),
      });
    }
    throw new TranscriptParseError({
      shape: 'CI job XML',
      path: `line ${line}, column ${col}`,
      problem: `malformed XML: ${msg}`,
      found: JSON.stringify(sourceLine(xml, line)),
    });
  }
  return parser.parse(xml) as unknown;
}

function sourceLine(xml: string, line: number): string {
  const text = (xml.split(/\r?\n/)[line - 1] ?? '').trim();
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
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
