/**
 * The COS XML answers the storage reads: GET Bucket (doc 436/7734), GET Bucket versioning (doc
 * 436/19888) and the error body (doc 436/7730), parsed with fast-xml-parser (loaded on first use in
 * the function bundles, scripts/lazy-modules.ts) and checked by a schema at this edge.
 *
 * Text is kept exactly as sent (`trimValues: false`, `parseTagValue: false`): an object key may begin
 * or end with spaces or be all digits, and only a listing without `encoding-type=url` carries keys as
 * XML text. An element COS repeats (`Contents`) parses as an object when it occurs once and as an
 * array otherwise; the schema takes both.
 */
import { XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { onFirstUse } from '../../lazy/on-first-use.js';
import { tencentXmlParser } from '../xml-parser.js';

// Made on first use: a function that lists nothing never loads the parser.
const xmlParser = onFirstUse(() => tencentXmlParser(false));

/** One page of GET Bucket, values as COS sent them (keys still percent-encoded under encoding-type=url). */
export interface CosListPage {
  readonly encodingType: string;
  readonly isTruncated: boolean;
  /** '' when COS sent none. */
  readonly nextMarker: string;
  readonly contents: ReadonlyArray<{
    readonly key: string;
    readonly size: string;
    readonly etag: string;
    readonly lastModified: string;
  }>;
}

/** COS's error body. */
export interface CosErrorBody {
  readonly code: string;
  readonly message: string;
  readonly requestId: string;
}

/** Thrown for an answer that is not the XML document its call promises. */
export class CosXmlError extends Error {
  override readonly name = 'CosXmlError';
}

const firstOf = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((value) => (value === undefined || value === '' ? [] : [value].flat()), z.array(item));

// Built on first use (lib/lazy/on-first-use.ts): most invocations never list or read an error.
const cosXmlSchemas = onFirstUse(() => {
  /** A text leaf: '' when absent or empty (`<Marker></Marker>` parses as ''), the first when repeated. */
  const text = z.preprocess((value) => firstOf(value) ?? '', z.string());
  return {
    list: z.object({
      ListBucketResult: z.object({
        EncodingType: text,
        IsTruncated: text,
        NextMarker: text,
        Contents: list(z.object({ Key: text, Size: text, ETag: text, LastModified: text })),
      }),
    }),
    versioning: z.object({
      // An empty `<VersioningConfiguration/>` (never enabled) parses as '' (or as its whitespace).
      VersioningConfiguration: z.preprocess(
        (value) => (typeof value === 'string' ? {} : value),
        z.object({ Status: text }),
      ),
    }),
    error: z.object({
      Error: z.object({ Code: text, Message: text, RequestId: text }),
    }),
  };
});

/** Reads a GET Bucket answer; throws CosXmlError when it is not one. */
export function readListPage(xml: string): CosListPage {
  const result = parseWith(cosXmlSchemas().list, xml, 'ListBucketResult').ListBucketResult;
  return {
    encodingType: result.EncodingType,
    isTruncated: result.IsTruncated === 'true',
    nextMarker: result.NextMarker,
    contents: result.Contents.map((entry) => ({
      key: entry.Key,
      size: entry.Size,
      etag: entry.ETag,
      lastModified: entry.LastModified,
    })),
  };
}

/** The Status of a GET Bucket versioning answer ('' when versioning was never enabled). */
export function readVersioningStatus(xml: string): string {
  return parseWith(
    cosXmlSchemas().versioning,
    xml,
    'VersioningConfiguration',
  ).VersioningConfiguration.Status.trim();
}

/**
 * The `<Error>` of an answer's body, or undefined when the body is not one (a bodiless HEAD, a
 * gateway's HTML). COS's and CI's (which answers like COS) error bodies both.
 */
export function readErrorBody(xml: string): CosErrorBody | undefined {
  if (!xml.trimStart().startsWith('<')) return undefined;
  try {
    const { Error: error } = parseWith(cosXmlSchemas().error, xml, 'Error');
    return { code: error.Code.trim(), message: error.Message.trim(), requestId: error.RequestId.trim() };
  } catch {
    return undefined;
  }
}

/**
 * True for the two answers that refuse a signature's time window: RequestTimeTooSkewed, and
 * AccessDenied "Request has expired" (doc 436/7730; CI answers alike, doc 436/40105). Both transports
 * then adopt the server's clock, as the official SDK does (base.js getRetryInfo).
 */
export function isClockRejection(error: CosErrorBody | undefined): boolean {
  return (
    error?.code === 'RequestTimeTooSkewed' ||
    (error?.code === 'AccessDenied' && error.message === 'Request has expired')
  );
}

function parseWith<T extends z.ZodTypeAny>(schema: T, xml: string, root: string): z.infer<T> {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    throw new CosXmlError(`COS answered with malformed XML at line ${verdict.err.line}: ${verdict.err.msg}`);
  }
  const parsed = schema.safeParse(xmlParser().parse(xml));
  if (!parsed.success) throw new CosXmlError(`COS answered without the <${root}> document it promises`);
  return parsed.data;
}
