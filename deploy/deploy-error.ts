/**
 * A deploy that cannot go on, told in one line that names the fix. Tencent's answers are turned into
 * such lines here, from their codes (tencentcloud-sdk-go `scf/v20180416/errors.go`, API 3.0 common
 * errors): wrong credentials, a missing permission, a region SCF does not serve. Anything else keeps
 * Tencent's own code and message.
 */
import { TencentApiError, TencentNetworkError } from '../lib/tencent/errors.js';

/** Stops the deploy; `message` is the one line printed. */
export class DeployError extends Error {
  override readonly name = 'DeployError';
}

/** Where the credentials came from, for the line that says which to fix. */
export type CredentialsOrigin = 'environment' | { readonly file: string } | 'local cloud';

/** Which credentials to check, in words. */
export function credentialsHint(origin: CredentialsOrigin): string {
  if (origin === 'environment') {
    return 'TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys)';
  }
  if (origin === 'local cloud')
    return "the local cloud's account (cos-transcribe emulator --secret-id/--secret-key)";
  return `${origin.file} ([default] tencent_secret_id, tencent_secret_key)`;
}

/** Turns a failed SCF call into a DeployError with the fix; other errors pass through. */
export function explainScfFailure(
  error: unknown,
  context: { region: string; credentials: CredentialsOrigin },
): unknown {
  if (error instanceof TencentNetworkError) {
    return new DeployError(
      `cannot reach ${error.action === '' ? 'SCF' : `SCF (${error.action})`}: ${error.message}; check the network or COS_TRANSCRIBE_LOCAL_CLOUD`,
    );
  }
  if (!(error instanceof TencentApiError)) return error;
  const where = credentialsHint(context.credentials);
  if (error.code === 'AuthFailure.SignatureExpire') {
    return new DeployError(
      `Tencent refused the request as signed too long ago (${error.code}): set this machine's clock right`,
    );
  }
  if (
    /^AuthFailure\.(SecretIdNotFound|SignatureFailure|InvalidSecretId|TokenFailure|InvalidAuthorization)$/.test(
      error.code,
    )
  ) {
    return new DeployError(`Tencent refused the credentials (${error.code}): check ${where}`);
  }
  if (
    /^(UnauthorizedOperation|AuthFailure\.UnauthorizedOperation|FailedOperation\.AuthFailure)/.test(
      error.code,
    )
  ) {
    return new DeployError(
      `the credentials may not call scf:${error.action} (${error.code}): attach QcloudSCFFullAccess (or a policy allowing scf:${error.action}) to this user in CAM`,
    );
  }
  if (/^(UnsupportedOperation\.Region|InvalidParameterValue\.Region|UnsupportedRegion)/.test(error.code)) {
    return new DeployError(
      `SCF does not serve region ${context.region} here (${error.code}): set REGION to the region of your buckets`,
    );
  }
  if (error.code === 'ResourceNotFound.Role' || error.code === 'ResourceNotFound.RoleCheck') {
    return new DeployError(
      `a function role named in serverless.yml does not exist (${error.code}): create it in CAM (README "Deploy") or set UPLOAD_ROLE, CALLBACK_ROLE and RECONCILE_ROLE`,
    );
  }
  return new DeployError(
    `SCF ${error.action} failed: ${error.code}: ${error.message.replace(/^.*? failed: [^:]+: /, '')}`,
  );
}
