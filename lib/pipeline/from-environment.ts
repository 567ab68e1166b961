/**
 * Builds the pipeline's dependencies from the SCF environment, once per container: the validated
 * config (lib/config), role credentials read before every request (SCF rotates them), and one client
 * per Tencent service.
 *
 * `COS_TRANSCRIBE_LOCAL_CLOUD=http://127.0.0.1:P` points every client at the local emulator: the
 * TCP connection goes there while URLs, Host headers and signatures keep naming the real Tencent
 * hosts, so the emulator checks exactly what Tencent would. Unset in the cloud.
 */
import { loadConfig } from '../config/load-config.js';
import { localCloudVariable } from '../config/local-cloud-variable.js';
import { createAsrClient } from '../engines/asr/asr-client.js';
import { createCiClient } from '../engines/ci/ci-client.js';
import { createLiveClient } from '../engines/live/live-client.js';
import { createMpsClient } from '../engines/mps/mps-client.js';
import { JobLedger } from '../jobs/job-ledger.js';
import { createLogger, secretsFromEnv } from '../log/logger.js';
import { createCosStorage } from '../tencent/cos/cos-storage.js';
import type { Endpoint } from '../tencent/cos/endpoint.js';
import { credentialsFromEnv } from '../tencent/credentials.js';
import { claimLeaseMs } from './claim-lease.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** Builds the dependencies; throws ConfigError listing every configuration problem. */
export function dependenciesFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): PipelineDeps {
  const config = loadConfig(env);
  const credentials = () => credentialsFromEnv(env as NodeJS.ProcessEnv);
  const local = localCloud(env[localCloudVariable]);
  const endpoint: Endpoint | undefined = local && {
    ip: local.host,
    protocol: local.protocol as 'http:' | 'https:',
  };
  const connectTo = local?.origin;
  const storage = createCosStorage({ region: config.region, credentials, ...(endpoint ? { endpoint } : {}) });
  const api3 = { region: config.region, credentials, ...(connectTo ? { connectTo } : {}) };
  const now = Date.now;
  const logger = createLogger({ secrets: secretsFromEnv(env) });
  return {
    config,
    storage,
    ledger: new JobLedger({ storage, place: config.ledger, now, redact: logger.redact }),
    asr: createAsrClient(api3),
    mps: createMpsClient(api3),
    live: createLiveClient(api3),
    ci: createCiClient({
      bucket: config.input.bucket,
      region: config.region,
      credentials,
      ...(endpoint ? { endpoint } : {}),
    }),
    logger,
    now,
    claimLeaseMs,
  };
}

function localCloud(value: string | undefined): URL | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const url = new URL(value.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${localCloudVariable}="${value}" must be an http(s) origin like http://127.0.0.1:9000`);
  }
  return url;
}
