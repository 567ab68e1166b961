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
    throw new TranscriptParseError({
      shape: 'CI job XML',
      path: `line ${line}, column ${col}`,
      problem: `malformed or truncated XML: ${msg}`,
      found: JSON.stringify(sourceLine(xml, line)),
    });
  }
  return parser.parse(xml) as unknown;
}

function sourceLine(xml: string, line: number): string {
  const text = (xml.split(/\r?\n/)[line - 1] ?? '').trim();
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
