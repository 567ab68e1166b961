/**
 * `npm run deploy` (and `-- --remove`): reads serverless.yml through serverless@3, finds credentials,
 * checks what would make the functions fail (their environment, the buckets, the credentials and
 * their permissions, the region) before changing anything, builds the package, and applies it.
 *
 * With COS_TRANSCRIBE_LOCAL_CLOUD=<emulator URL> every call goes to the local cloud instead, signed
 * for the real hosts, with the dev stack's local defaults under unset deploy variables (local
 * buckets, the offline recognizer's model, a local-only callback secret) and, when no credentials are
 * given, the emulator's public local-only account.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../lib/config/config-error.js';
import { loadConfig } from '../lib/config/load-config.js';
import { localCloudVariable } from '../lib/config/local-cloud-variable.js';
import { createCosSdk } from '../lib/tencent/cos/cos-sdk.js';
import { localDeployEnvironment } from '../local/dev-stack/local-environment.js';
import { dialLocal } from '../local/send-callback.js';
import { deployService, removeService } from './apply-service.js';
import { checkBuckets } from './bucket-check.js';
import { type DeclaredService, declaredService } from './declared-service.js';
import { deployCredentials } from './deploy-credentials.js';
import { DeployError, explainScfFailure } from './deploy-error.js';
import { createScfApi } from './scf-api.js';
import { printServerless } from './serverless-print.js';

const root = path.resolve(import.meta.dirname, '..');

/** Options of {@link runDeploy}. */
export interface DeployOptions {
  /** The folder with serverless.yml (default: the repository). */
  readonly serviceDir?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly remove?: boolean;
  /** Deploy this zip instead of building `package.artifact`. */
  readonly artifact?: string;
  readonly stage?: string;
  /** One line of progress. */
  readonly say: (line: string) => void;
}

/** Deploys or removes; resolves with the number of mutating calls. Throws DeployError with the fix. */
export async function runDeploy(
  options: DeployOptions,
): Promise<{ changes: number; functionUrl?: string | undefined }> {
  const serviceDir = path.resolve(options.serviceDir ?? root);
  const localCloud = options.env[localCloudVariable]?.trim() || undefined;
  const deployEnv = localCloud ? localDeployEnvironment(options.env) : options.env;
  // serverless.yml that serverless cannot read, or that declares what SCF cannot be asked for, is one line too.
  const service = await printServerless({
    serviceDir,
    env: deployEnv,
    ...(options.stage ? { stage: options.stage } : {}),
  })
    .then((printed) => declaredService(printed, serviceDir, homedir()))
    .catch((error: unknown) => {
      throw new DeployError(error instanceof Error ? error.message : String(error));
    });
  const { credentials, origin } = deployCredentials(
    options.env,
    service.credentialsFile,
    localCloud !== undefined,
  );
  const target = localCloud ? `the local cloud at ${localCloud}` : `Tencent Cloud ${service.region}`;
  options.say(
    `${options.remove ? 'removing' : 'deploying'} ${service.service} (stage ${service.stage}) ${options.remove ? 'from' : 'to'} ${target}`,
  );

  const origin3 = localCloud ? new URL(localCloud) : undefined;
  const scf = createScfApi({
    region: service.region,
    credentials,
    ...(origin3 ? { connectTo: origin3.origin } : {}),
  });
  const explain = (error: unknown) =>
    explainScfFailure(error, { region: service.region, credentials: origin });
  try {
    if (!options.remove) {
      checkEnvironment(service);
      const cos = createCosSdk({ credentials, ...(origin3 ? { endpoint: { ip: origin3.host } } : {}) });
      await checkBuckets(cos, service.region, bucketsOf(service), origin);
    }
    // One read before any change: wrong credentials, a missing permission or a region SCF does not serve stop here.
    await scf.getFunction(service.functions[0]?.FunctionName ?? service.service);
    if (options.remove) return await removeService(service, { scf, zip: Buffer.alloc(0), say: options.say });
    const zip = readFileSync(packageFile(service, options.artifact));
    const download = async (url: string): Promise<Buffer> => {
      if (!origin3) return Buffer.from(await (await fetch(url)).arrayBuffer());
      // The local cloud serves the package on its own host name: dial it, keeping that Host.
      const answer = await dialLocal(Number(origin3.port), new URL(url), 'GET', {}, undefined, 60_000);
      return answer.body;
    };
    const result = await deployService(service, { scf, zip, download, say: options.say });
    if (result.functionUrl) options.say(`callback  ${result.functionUrl}`);
    options.say(result.changes === 0 ? 'nothing to change' : `${result.changes} changes`);
    return result;
  } catch (error) {
    throw explain(error);
  }
}

/** The functions must accept the environment serverless.yml gives them (the callback URL aside). */
function checkEnvironment(service: DeclaredService): void {
  const variables = service.functions[0]?.variables ?? {};
  try {
    loadConfig({ ...variables, CALLBACK_BASE_URL: variables.CALLBACK_BASE_URL || 'https://url.invalid' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems.map((problem) => `${problem.variable}: ${problem.message}`).join('; ');
    throw new DeployError(
      `the functions would refuse the environment serverless.yml gives them: ${problems}`,
    );
  }
}

function bucketsOf(service: DeclaredService) {
  const variables = service.functions[0]?.variables ?? {};
  return ['INPUT_BUCKET', 'OUTPUT_BUCKET', 'LEDGER_BUCKET']
    .filter((variable) => variables[variable])
    .map((variable) => ({ variable, bucket: variables[variable] as string }));
}

function packageFile(service: DeclaredService, artifact: string | undefined): string {
  if (artifact) {
    if (!existsSync(artifact))
      throw new DeployError(`no package at ${artifact}: give the zip npm run build writes`);
    return artifact;
  }
  execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'scripts', 'build.ts')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!existsSync(service.artifact)) {
    throw new DeployError(
      `npm run build wrote no ${service.artifact}: set package.artifact in serverless.yml to the zip it writes`,
    );
  }
  return service.artifact;
}
