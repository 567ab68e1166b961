/**
 * STS (`sts.tencentcloudapi.com`, version 2018-08-13): GetFederationToken issues temporary credentials
 * (TmpSecretId, TmpSecretKey, Token) that the other API 3.0 services and COS then accept with X-TC-Token
 * or x-cos-security-token. Like Tencent, only a permanent key may ask, the region is required, and the
 * duration is 1-7200 s (default 1800 s).
 */
import { z } from 'zod';
import { Api3Error } from '../api3/api3-error.js';
import { createApi3Service } from '../api3/api3-service.js';
import { validateParams } from '../api3/params.js';
import type { EmulatorContext } from '../context.js';
import type { EmulatedService } from '../service.js';

const getFederationTokenParams = z.object({
  Name: z.string().min(1).max(64),
  // A URL-encoded CAM policy document; the emulator checks it is a policy but grants everything.
  Policy: z.string().min(1),
  DurationSeconds: z.number().int().min(1).max(7200).optional(),
});

/** The STS endpoint with GetFederationToken. */
export function createStsService(context: EmulatorContext): EmulatedService {
  return createApi3Service(
    {
      service: 'sts',
      version: '2018-08-13',
      actions: {
        GetFederationToken: {
          rateLimit: 600,
          regionRequired: true,
          async handle(call) {
            if (call.caller.temporary) {
              throw new Api3Error(
                'InvalidParameter.AccessKeyNotSupport',
                'GetFederationToken must be called with a permanent SecretId, not with temporary credentials.',
              );
            }
            const params = validateParams(getFederationTokenParams, call.params);
            checkPolicy(params.Policy);
            const issued = context.accounts.issueTemporary(params.DurationSeconds ?? 1800);
            const expiredTime = Math.floor(issued.expiresAt / 1000);
            return {
              Credentials: {
                Token: issued.token,
                TmpSecretId: issued.secretId,
                TmpSecretKey: issued.secretKey,
              },
              ExpiredTime: expiredTime,
              // ISO 8601 in UTC without milliseconds, as STS writes it.
              Expiration: new Date(expiredTime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            };
          },
        },
      },
    },
    context,
  );
}

function checkPolicy(policy: string): void {
  let document: unknown;
  try {
    document = JSON.parse(decodeURIComponent(policy));
  } catch {
    throw new Api3Error('InvalidParameterValue', 'Policy must be a URL-encoded JSON CAM policy document.');
  }
  const parsed = z
    .object({ version: z.string(), statement: z.array(z.unknown()).min(1) })
    .safeParse(document);
  if (!parsed.success) {
    throw new Api3Error('InvalidParameterValue', 'Policy needs a "version" and at least one "statement".');
  }
}
