/**
 * GET Bucket's ListBucketResult (https://intl.cloud.tencent.com/document/product/436/7734), in the
 * element order COS returns. With `encoding-type=url`, keys and prefixes come back URL-encoded.
 */
import type { ListPage } from '../context.js';
import { xmlEscape } from './xml.js';

/** The XML body of one listing page. */
export function listBucketXml(
  bucket: string,
  request: { prefix: string; marker: string; maxKeys: number; delimiter: string; encodingType?: string },
  page: ListPage,
  ownerId: string,
): string {
  const encode = (text: string) =>
    xmlEscape(request.encodingType === 'url' ? encodeURIComponent(text).replace(/%2F/g, '/') : text);
  const lines = [
    `<?xml version='1.0' encoding='utf-8' ?>`,
    '<ListBucketResult>',
    `\t<Name>${bucket}</Name>`,
    ...(request.encodingType ? [`\t<EncodingType>${xmlEscape(request.encodingType)}</EncodingType>`] : []),
    `\t<Prefix>${encode(request.prefix)}</Prefix>`,
    `\t<Marker>${encode(request.marker)}</Marker>`,
    `\t<MaxKeys>${request.maxKeys}</MaxKeys>`,
    ...(request.delimiter ? [`\t<Delimiter>${encode(request.delimiter)}</Delimiter>`] : []),
    `\t<IsTruncated>${page.isTruncated}</IsTruncated>`,
    ...(page.nextMarker === undefined ? [] : [`\t<NextMarker>${encode(page.nextMarker)}</NextMarker>`]),
    ...page.commonPrefixes.map(
      (prefix) => `\t<CommonPrefixes>\n\t\t<Prefix>${encode(prefix)}</Prefix>\n\t</CommonPrefixes>`,
    ),
    ...page.contents.map((item) =>
      [
        '\t<Contents>',
        `\t\t<Key>${encode(item.key)}</Key>`,
        `\t\t<LastModified>${new Date(item.lastModified).toISOString()}</LastModified>`,
        `\t\t<ETag>&quot;${item.etag}&quot;</ETag>`,
        `\t\t<Size>${item.size}</Size>`,
        `\t\t<Owner>\n\t\t\t<ID>${ownerId}</ID>\n\t\t\t<DisplayName>${ownerId}</DisplayName>\n\t\t</Owner>`,
        '\t\t<StorageClass>STANDARD</StorageClass>',
        '\t</Contents>',
      ].join('\n'),
    ),
    '</ListBucketResult>',
  ];
  return lines.join('\n');
}
