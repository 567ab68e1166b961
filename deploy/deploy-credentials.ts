/**
 * The deploy's credentials: TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (/ TENCENTCLOUD_SESSIONTOKEN)
 * from the environment, else the ini file serverless.yml names in `provider.credentials`
 * (`[default]` with `tencent_secret_id`, `tencent_secret_key`, optionally `tencent_token`: the format
 * serverless-tencent-scf reads). Against the local cloud with neither, the emulator's public
 * local-only account. The secret key is never printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Credentials } from '../lib/tencent/credentials.js';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../local/accounts.js';
import { type CredentialsOrigin, DeployError } from './deploy-error.js';

/** Credentials and where they came from. */
export function deployCredentials(
  env: Readonly<Record<string, string | undefined>>,
  file: string,
  localCloud: boolean,
): { credentials: Credentials; origin: CredentialsOrigin } {
  const secretId = env.TENCENTCLOUD_SECRETID?.trim();
  const secretKey = env.TENCENTCLOUD_SECRETKEY?.trim();
  const token = env.TENCENTCLOUD_SESSIONTOKEN?.trim();
  if (secretId && secretKey) {
    return { credentials: { secretId, secretKey, ...(token ? { token } : {}) }, origin: 'environment' };
  }
  if (secretId || secretKey) {
    throw new DeployError(`only one of TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY is set: export both`);
  }
  if (existsSync(file)) {
    const values = iniSection(readFileSync(file, 'utf8'), 'default');
    if (!values.tencent_secret_id || !values.tencent_secret_key) {
      throw new DeployError(
        `${file} has no [default] tencent_secret_id and tencent_secret_key: add both, or export TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY`,
      );
    }
    const fileToken = values.tencent_token;
    return {
      credentials: {
        secretId: values.tencent_secret_id,
        secretKey: values.tencent_secret_key,
        ...(fileToken ? { token: fileToken } : {}),
      },
      origin: { file },
    };
  }
  if (localCloud)
    return {
      credentials: { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },
      origin: 'local cloud',
    };
  throw new DeployError(
    `no Tencent Cloud credentials: export TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY, or write them to ${file} ([default] tencent_secret_id = ..., tencent_secret_key = ...)`,
  );
}

function iniSection(text: string, section: string): Record<string, string> {
  const values: Record<string, string> = {};
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1]?.trim() ?? '';
    else if (current === section && line.includes('=')) {
      const at = line.indexOf('=');
      values[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return values;
}
