/**
 * The deploy-time environment the local stack pretends to deploy with: what a user would export
 * before `serverless deploy`, with local buckets and a local-only secret. serverless.yml then turns it
 * into the functions' environment exactly as in the cloud. Anything set in the real environment wins,
 * so `INPUT_PREFIX=media/ npm start` behaves like deploying with that variable.
 */
import { DEFAULT_APP_ID, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../accounts.js';
import { DEFAULT_REGION } from '../emulator.js';

/** Deploy variables the stack fills in when the environment leaves them unset or empty. */
export const localDeployDefaults: Readonly<Record<string, string>> = {
  REGION: DEFAULT_REGION,
  APP_ID: DEFAULT_APP_ID,
  INPUT_BUCKET: `input-${DEFAULT_APP_ID}`,
  OUTPUT_BUCKET: `output-${DEFAULT_APP_ID}`,
  // The offline recognizer is pocketsphinx's en-us model; serverless.yml's default is 16k_zh.
  ENGINE_MODEL: '16k_en',
  // Public and local-only, like the emulator's default account: it protects a loopback server.
  CALLBACK_SECRET: 'local-cloud-only-callback-secret-0000000000',
};

/** The deploy environment: the real environment, with the local defaults under unset or empty names. */
export function localDeployEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env };
  for (const [name, value] of Object.entries(localDeployDefaults)) {
    if (!merged[name]) merged[name] = value;
  }
  return merged;
}

/**
 * What SCF adds to a function's environment in the cloud, played locally: the role's credentials
 * (here the emulator's public account) and the variable that points every client at the emulator.
 */
export function localRuntimeVariables(
  localCloudUrl: string,
  localCloudVariable: string,
): Record<string, string> {
  return {
    TENCENTCLOUD_SECRETID: DEFAULT_SECRET_ID,
    TENCENTCLOUD_SECRETKEY: DEFAULT_SECRET_KEY,
    [localCloudVariable]: localCloudUrl,
  };
}
