/**
 * Signing throughput, ours against the official signers, measured side by side in one run:
 * TC3 (`signTc3`) against tencentcloud-sdk-nodejs-common `Sign.sign3`, and COS q-sign (`signCos`
 * after the SDK's own header selection) against cos-nodejs-sdk-v5 `COS.getAuthorization`.
 * Rounds alternate ours/theirs so machine noise hits both; the figure is the median of the
 * per-round throughput ratios (> 1.0x means we sign faster).
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { selectCosSignedHeaders, signCos } from '../../lib/sign/cos-sign.js';
import { signTc3 } from '../../lib/sign/tc3.js';
import { type Benchmark, median, ratio } from './benchmark.js';

const require = createRequire(import.meta.url);
const { default: Sign } = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js') as {
  default: { sign3(input: Record<string, unknown>): string };
};
const COS = require('cos-nodejs-sdk-v5') as { getAuthorization(options: Record<string, unknown>): string };

const credentials = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
};
const ROUNDS = 9;
const PER_ROUND = 2_000;

/** Realistic ASR submissions: a JSON body of a few hundred bytes with a presigned URL in it. */
const tc3Inputs = Array.from({ length: 64 }, (_, i) => {
  const body = JSON.stringify({
    EngineModelType: '16k_zh',
    ChannelNum: 1,
    ResTextFormat: 3,
    SourceType: 0,
    Url: `https://input-1250000000.cos.ap-guangzhou.myqcloud.com/in/${i}/talk.mp4?q-sign-algorithm=sha1&q-signature=${'ab'.repeat(20)}`,
    CallbackUrl: `https://1250000000-abcdefghij.ap-guangzhou.tencentscf.com/?job=${i}&exp=1700000000&sig=${'cd'.repeat(32)}`,
  });
  return { body, bytes: Buffer.from(body), timestamp: 1_700_000_000 + i };
});

/** Realistic COS requests: a ledger/output PUT with metadata, and a GET with response-* params. */
const cosInputs = Array.from({ length: 64 }, (_, i) => ({
  method: i % 2 ? 'PUT' : 'GET',
  pathname: `/out/${i}/会议记录 (final).srt`,
  query:
    i % 2
      ? {}
      : { 'response-content-type': 'application/x-subrip', 'response-content-disposition': 'attachment' },
  headers: {
    Host: 'output-1250000000.cos.ap-guangzhou.myqcloud.com',
    'Content-Type': 'application/x-subrip; charset=utf-8',
    'Content-Length': String(1000 + i),
    'x-cos-forbid-overwrite': 'true',
    'x-cos-meta-pipeline-output': 'cos-transcribe',
    'x-cos-meta-job': `job-${i}`,
    'User-Agent': 'cos-nodejs-sdk-v5',
  },
  keyTime: { start: 1_700_000_000 + i, end: 1_700_000_900 + i },
}));

function time(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

/** Median over rounds of (their time / our time) for the same work. */
function sideBySide(ours: () => void, theirs: () => void): number {
  ours();
  theirs(); // warm-up
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const a = round % 2 ? time(theirs) : time(ours);
    const b = round % 2 ? time(ours) : time(theirs);
    ratios.push(round % 2 ? a / b : b / a);
  }
  return median(ratios);
}

export const benchmark: Benchmark = {
  title: 'Signing throughput against the official SDK signers',
  async run() {
    let sink = 0;
    const tc3 = sideBySide(
      () => {
        for (let i = 0; i < PER_ROUND; i++) {
          const input = tc3Inputs[i % tc3Inputs.length];
          if (!input) continue;
          sink += signTc3(
            {
              method: 'POST',
              host: 'asr.tencentcloudapi.com',
              path: '/',
              query: '',
              headers: { 'content-type': 'application/json', host: 'asr.tencentcloudapi.com' },
              payload: input.body,
              service: 'asr',
              timestamp: input.timestamp,
            },
            credentials,
          ).authorization.length;
        }
      },
      () => {
        for (let i = 0; i < PER_ROUND; i++) {
          const input = tc3Inputs[i % tc3Inputs.length];
          if (!input) continue;
          sink += Sign.sign3({
            method: 'POST',
            url: 'https://asr.tencentcloudapi.com/',
            payload: input.bytes,
            timestamp: input.timestamp,
            service: 'asr',
            ...credentials,
            headers: { 'Content-Type': 'application/json' },
          }).length;
        }
      },
    );
    const cos = sideBySide(
      () => {
        for (let i = 0; i < PER_ROUND; i++) {
          const input = cosInputs[i % cosInputs.length];
          if (!input) continue;
          sink += signCos({ ...input, headers: selectCosSignedHeaders(input.headers) }, credentials)
            .authorization.length;
        }
      },
      () => {
        for (let i = 0; i < PER_ROUND; i++) {
          const input = cosInputs[i % cosInputs.length];
          if (!input) continue;
          sink += COS.getAuthorization({
            SecretId: credentials.secretId,
            SecretKey: credentials.secretKey,
            Method: input.method,
            Pathname: input.pathname,
            Query: input.query,
            Headers: input.headers,
            KeyTime: `${input.keyTime.start};${input.keyTime.end}`,
          }).length;
        }
      },
    );
    if (sink === 0) throw new Error('nothing was signed');
    return [
      { name: 'TC3 signing throughput, signTc3 / Sign.sign3', value: ratio(tc3), goal: '>= 1.0x' },
      { name: 'COS signing throughput, signCos / COS.getAuthorization', value: ratio(cos), goal: '>= 1.0x' },
    ];
  },
};
