/**
 * The fast-xml-parser set-up both Tencent XML readers use (CI's, lib/tencent/ci/ci-xml.ts; COS's,
 * lib/tencent/cos/cos-xml.ts): attributes and the declaration ignored, every value kept as the string
 * Tencent sent ('0', '19.7124' are not guessed into numbers). Only trimming differs: COS object keys
 * may begin or end with spaces, so its reader keeps them.
 */
import { XMLParser } from 'fast-xml-parser';

/** A parser of Tencent XML; `trimValues` as fast-xml-parser's option of that name. */
export function tencentXmlParser(trimValues: boolean): XMLParser {
  return new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false, trimValues });
}
