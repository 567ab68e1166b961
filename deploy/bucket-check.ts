/**
 * The buckets the functions read and write must exist, in the region the functions are deployed to,
 * and be readable with the deploy's credentials: checked before any function is touched, each
 * problem stopped with one line naming the fix. HEAD Bucket answers 404 for a bucket that is missing
 * or lives in another region; GET Service (the account's bucket list, with each bucket's Location)
 * tells the two apart.
 */
import type COS from 'cos-nodejs-sdk-v5';
import { type CredentialsOrigin, credentialsHint, DeployError } from './deploy-error.js';

const CREDENTIAL_CODES = /^(InvalidAccessKeyId|SignatureDoesNotMatch|InvalidSecurityToken|ExpiredToken)$/;

/** Checks every bucket; resolves when all are there. */
export async function checkBuckets(
  cos: COS,
  region: string,
  buckets: ReadonlyArray<{ readonly variable: string; readonly bucket: string }>,
  credentials: CredentialsOrigin,
): Promise<void> {
  for (const { variable, bucket } of buckets) {
    try {
      await cos.headBucket({ Bucket: bucket, Region: region });
      continue;
    } catch (error) {
      const failure = error as { statusCode?: number; code?: string };
      if (failure.statusCode === 403) {
        // A HEAD answer has no body, so no code: GET Service tells refused keys from a missing permission.
        const refused = await cos.getService({}).then(
          () => undefined,
          (listing: { code?: string }) =>
            listing.code && CREDENTIAL_CODES.test(listing.code) ? listing.code : undefined,
        );
        if (refused)
          throw new DeployError(
            `Tencent refused the credentials (COS ${refused}): check ${credentialsHint(credentials)}`,
          );
        throw new DeployError(
          `the credentials may not read bucket ${bucket} (${failure.code ?? 'AccessDenied'}): grant them cos:HeadBucket on it (QcloudCOSReadOnlyAccess), and the functions' roles read and write access`,
        );
      }
      if (failure.statusCode !== 404) {
        throw new DeployError(
          `cannot check bucket ${bucket} in ${region}: ${failure.code ?? ''} ${String((error as Error).message ?? error)}`.trim(),
        );
      }
    }
    const elsewhere = await regionOf(cos, bucket);
    if (elsewhere && elsewhere !== region) {
      throw new DeployError(
        `bucket ${bucket} (${variable}) is in ${elsewhere} but serverless.yml deploys to ${region}: set REGION=${elsewhere}, the buckets' region (COS triggers fire only in their own region)`,
      );
    }
    throw new DeployError(
      `bucket ${bucket} (${variable}) does not exist in ${region}: create it there (COS console, or coscli mb cos://${bucket} -e cos.${region}.myqcloud.com) or set ${variable} to an existing bucket`,
    );
  }
}

async function regionOf(cos: COS, bucket: string): Promise<string | undefined> {
  try {
    const listed = await cos.getService({});
    return listed.Buckets?.find((candidate) => candidate.Name === bucket)?.Location;
  } catch {
    // Listing buckets needs cos:GetService, which a deploy user may lack: then "missing" is the best guess.
    return undefined;
  }
}
