/**
 * COS endpoints as Tencent names them: virtual-hosted `<bucket>-<appid>.cos.<region>.myqcloud.com`
 * (and the backup domain `.tencentcos.cn` the SDK may switch to), and `service.cos.myqcloud.com` for
 * GET Service. The bucket and region come from the Host header, never from the path.
 */

/** Bucket and region named by a COS host. */
export interface CosHost {
  readonly bucket: string;
  readonly region: string;
}

const BUCKET_HOST = /^([a-z0-9][a-z0-9-]*-\d+)\.cos\.([a-z0-9-]+)\.(?:myqcloud\.com|tencentcos\.cn)$/;
const SERVICE_HOSTS = new Set(['service.cos.myqcloud.com', 'cos.myqcloud.com', 'service.cos.tencentcos.cn']);

/** The bucket and region of a COS bucket host; undefined for any other host. */
export function parseCosHost(host: string): CosHost | undefined {
  const match = BUCKET_HOST.exec(host);
  return match ? { bucket: match[1] as string, region: match[2] as string } : undefined;
}

const REGIONAL_SERVICE_HOST = /^cos\.([a-z0-9-]+)\.(?:myqcloud\.com|tencentcos\.cn)$/;

/** True for a GET Service host (list buckets): global, or `cos.<region>.myqcloud.com` for one region. */
export function isCosServiceHost(host: string): boolean {
  return SERVICE_HOSTS.has(host) || REGIONAL_SERVICE_HOST.test(host);
}

/** The region a regional GET Service host names; undefined for the global one. */
export function serviceHostRegion(host: string): string | undefined {
  return REGIONAL_SERVICE_HOST.exec(host)?.[1];
}

/** SCF's short region code for an `ap-*` region (COS events carry `gz`, not `ap-guangzhou`). */
export function shortRegion(region: string): string {
  return SHORT_REGIONS[region] ?? region.replace(/^ap-/, '');
}

// Tencent's own abbreviations, as COS events and SCF eventQueue strings show them.
const SHORT_REGIONS: Record<string, string> = {
  'ap-guangzhou': 'gz',
  'ap-shanghai': 'sh',
  'ap-beijing': 'bj',
  'ap-chengdu': 'cd',
  'ap-chongqing': 'cq',
  'ap-nanjing': 'nj',
  'ap-hongkong': 'hk',
  'ap-singapore': 'sg',
  'ap-mumbai': 'in',
  'ap-seoul': 'kr',
  'ap-tokyo': 'jp',
  'ap-bangkok': 'th',
  'ap-jakarta': 'jkt',
  'na-siliconvalley': 'usw',
  'na-ashburn': 'use',
  'eu-frankfurt': 'de',
  'sa-saopaulo': 'sao',
};
