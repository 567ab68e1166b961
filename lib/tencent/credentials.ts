/**
 * Tencent Cloud credentials. In SCF they come from the function's role as TENCENTCLOUD_SECRETID,
 * TENCENTCLOUD_SECRETKEY and TENCENTCLOUD_SESSIONTOKEN (no underscores inside, unlike the official
 * SDK's own lookup). The secret key never leaves this object except into a signer.
 */
export interface Credentials {
  readonly secretId: string;
  readonly secretKey: string;
  /** Session token of temporary (STS / role) credentials; sent as X-TC-Token / x-cos-security-token. */
  readonly token?: string;
}

/** Raised when no usable credentials are configured. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

/** Reads role credentials from the SCF environment; throws a CredentialsError naming what is missing. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Credentials {
  const secretId = env.TENCENTCLOUD_SECRETID?.trim();
  const secretKey = env.TENCENTCLOUD_SECRETKEY?.trim();
  const token = env.TENCENTCLOUD_SESSIONTOKEN?.trim();
  const missing = [!secretId && 'TENCENTCLOUD_SECRETID', !secretKey && 'TENCENTCLOUD_SECRETKEY'].filter(
    Boolean,
  );
  if (!secretId || !secretKey) {
    throw new CredentialsError(
      `missing ${missing.join(' and ')}: give the function a role (SCF sets these) or export them`,
    );
  }
  return token ? { secretId, secretKey, token } : { secretId, secretKey };
}

/** Masks a SecretId for logs and errors: enough to tell keys apart, nothing to sign with. */
export function maskSecretId(secretId: string): string {
  return secretId.length <= 8 ? '****' : `${secretId.slice(0, 4)}****${secretId.slice(-4)}`;
}
