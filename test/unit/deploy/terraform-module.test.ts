/**
 * The Terraform module (deploy/terraform) agrees with the project: its handlers are the bundles
 * scripts/build.ts packages and the handlers serverless.yml deploys, every environment variable the
 * functions read is passed, its COS and timer triggers are serverless.yml's, the callback is reached
 * through a function URL, and async retries and roles follow the README. Parsed with HashiCorp's HCL
 * parser; never planned or applied (no terraform binary or provider can be had here).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configDefaults, loadConfig } from '../../../lib/config/load-config.js';
import {
  evaluator,
  type Json,
  type Module,
  readModule,
  references,
  resource,
  resourceNames,
  variables,
} from './terraform-module.js';

const root = path.resolve(import.meta.dirname, '../../..');
const serverless = parseYaml(readFileSync(path.join(root, 'serverless.yml'), 'utf8')) as {
  provider: { runtime: string };
  functions: Record<
    string,
    { handler: string; memorySize: number; timeout: number; events: Record<string, Json>[] }
  >;
};
const functionNames = Object.keys(serverless.functions);

/** How hcl2json lists a reference to one instance of the functions' `for_each`. */
const functionReference = (name: string) => `tencentcloud_scf_function.function."${name}".name`;

/** `${text}` as HCL and serverless.yml write it. */
const interpolation = (text: string) => `\${${text}}`;

// What a caller must set (no default), with values distinct enough to trace through the module.
const required = {
  region: 'ap-guangzhou',
  input_bucket: 'media-1250000000',
  callback_secret: 'a-very-long-hmac-secret-value-0123456789abcdef',
  callback_base_url: 'https://1250000000-abcd1234.ap-guangzhou.tencentscf.com/',
};

let module: Module;
let value: (raw: unknown) => Promise<unknown>;
beforeAll(async () => {
  module = await readModule();
  value = evaluator(module, variables(module, required));
});

/** An evaluator inside the functions' `for_each`, for the part `name`. */
async function instance(name: string): Promise<(raw: unknown) => Promise<unknown>> {
  const parts = (await value(interpolation('local.functions'))) as Record<string, Record<string, unknown>>;
  const part = parts[name];
  if (!part) throw new Error(`local.functions has no ${name}`);
  return evaluator(module, variables(module, required), { key: name, value: part });
}

describe('the Terraform module', () => {
  it('declares one function, role, policy and attachment per serverless.yml function', async () => {
    // Act
    const parts = (await value(interpolation('local.functions'))) as Record<string, unknown>;

    // Assess
    expect(Object.keys(parts).sort()).toEqual([...functionNames].sort());
    for (const type of [
      'tencentcloud_scf_function',
      'tencentcloud_cam_role',
      'tencentcloud_cam_policy',
      'tencentcloud_cam_role_policy_attachment',
    ]) {
      expect(resourceNames(module, type), type).toEqual(['function']);
      expect(resource(module, type, 'function').for_each, type).toBe(interpolation('local.functions'));
    }
  });

  describe('functions', () => {
    let bundles: string[];
    let buildDir: string;
    beforeAll(() => {
      buildDir = mkdtempSync(path.join(tmpdir(), 'cos-transcribe-tf-build-'));
      execFileSync('npx', ['tsx', 'scripts/build.ts', '--out', buildDir], { cwd: root, stdio: 'pipe' });
      // `zip -sf` lists an archive's entries (zip is what setup installs; unzip may be missing).
      bundles = execFileSync('zip', ['-sf', path.join(buildDir, 'cos-transcribe.zip')], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.startsWith('  '))
        .map((line) => line.trim());
    }, 60_000);
    afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

    it.each(functionNames)(
      '%s runs serverless.yml handler, runtime, memory and timeout from a bundle of the zip',
      async (name) => {
        // Prepare
        const fn = resource(module, 'tencentcloud_scf_function', 'function');
        const declared = serverless.functions[name];
        const one = await instance(name);

        // Act
        const handler = String(await one(fn.handler));

        // Assess
        expect(handler).toBe(declared?.handler);
        expect(bundles).toContain(`${handler.split('.')[0]}.js`);
        expect(fn.runtime).toBe(serverless.provider.runtime);
        expect(await one(fn.mem_size)).toBe(declared?.memorySize);
        expect(await one(fn.timeout)).toBe(declared?.timeout);
        expect(await one(fn.name)).toBe(`cos-transcribe-${name}`);
        expect(await references(fn.role)).toEqual(['tencentcloud_cam_role.function', 'each.key']);
      },
    );

    it('takes its code from the packaged zip, or from COS when a bucket is given', async () => {
      // Act
      const local = await value(resource(module, 'tencentcloud_scf_function', 'function').zip_file);
      const fromCos = evaluator(
        module,
        variables(module, { ...required, code_cos_bucket: 'code-1250000000' }),
      );
      const cosObject = await fromCos(interpolation('local.cos_object_name'));

      // Assess
      // Relative to the module: the zip `npm run build` writes at the repository root.
      expect(path.resolve(root, 'deploy/terraform', String(local))).toBe(
        path.join(root, '.build', 'cos-transcribe.zip'),
      );
      expect(existsSync(path.join(buildDir, path.basename(String(local))))).toBe(true);
      expect(cosObject).toBe('cos-transcribe.zip');
    });
  });

  describe('environment', () => {
    it('gives every function the same environment, and loadConfig accepts it having read nothing else', async () => {
      // Prepare
      const environments = await Promise.all(
        functionNames.map(async (name) =>
          (await instance(name))(resource(module, 'tencentcloud_scf_function', 'function').environment),
        ),
      );
      const environment = environments[0] as Record<string, string>;
      const read = new Set<string>();
      const watched = new Proxy(environment, {
        get(target, name) {
          if (typeof name !== 'string') return undefined;
          read.add(name);
          return target[name];
        },
      });

      // Act
      const config = loadConfig(watched);

      // Assess: SCF sets TENCENTCLOUD_* itself; everything else the functions read must be passed
      for (const other of environments) expect(other).toEqual(environment);
      expect([...read].filter((name) => !name.startsWith('TENCENTCLOUD_') && !(name in environment))).toEqual(
        [],
      );
      expect(Object.keys(configDefaults).filter((name) => !(name in environment))).toEqual([]);
      expect(config.input).toEqual({ bucket: 'media-1250000000', prefix: 'input/' });
      expect(config.callback.baseUrl).toBe(required.callback_base_url);
    });

    it('defaults every setting to the functions own default', async () => {
      // Act
      const environment = (await value(interpolation('local.environment'))) as Record<string, string>;

      // Assess
      for (const [name, fallback] of Object.entries(configDefaults))
        expect(environment[name], name).toBe(fallback);
    });

    it('keeps the callback secrets out of plan output', () => {
      // Assess
      expect(module.variable.callback_secret[0].sensitive).toBe(true);
      expect(module.variable.callback_secret_previous[0].sensitive).toBe(true);
    });
  });

  describe('triggers', () => {
    const custom = {
      ...required,
      input_prefix: 'media/in/',
      trigger_suffix: '.mp4',
      reconcile_cron: '0 0 * * * * *',
    };

    it("fires upload on serverless.yml's COS event, prefix and suffix, the ones the functions read", async () => {
      // Prepare
      const declared = serverless.functions.upload?.events.find((event) => 'cos' in event)?.cos;
      const evaluate = evaluator(module, variables(module, custom));

      // Act
      const trigger = resource(module, 'tencentcloud_scf_trigger', 'upload_cos');
      const desc = JSON.parse(String(await evaluate(trigger.trigger_desc)));
      const environment = (await evaluate(interpolation('local.environment'))) as Record<string, string>;

      // Assess
      expect(trigger.type).toBe('cos');
      expect(await references(trigger.function_name)).toEqual([functionReference('upload')]);
      expect(declared.name).toBe(
        `${interpolation("env:INPUT_BUCKET, 'input-bucket-1250000000'")}.cos.${interpolation("env:REGION, 'ap-guangzhou'")}.myqcloud.com`,
      );
      expect(await evaluate(trigger.trigger_name)).toBe('media-1250000000.cos.ap-guangzhou.myqcloud.com');
      expect(desc.event).toBe(declared.parameters.events);
      expect(declared.parameters.filter).toEqual({
        prefix: interpolation("env:INPUT_PREFIX, 'input/'"),
        suffix: interpolation("env:TRIGGER_SUFFIX, ''"),
      });
      expect(desc.filter).toEqual({ Prefix: 'media/in/', Suffix: '.mp4' });
      expect([environment.INPUT_PREFIX, environment.TRIGGER_SUFFIX]).toEqual(['media/in/', '.mp4']);
      expect(trigger.enable).toBe('OPEN');
    });

    it("runs reconcile on serverless.yml's timer, by name and default schedule", async () => {
      // Prepare
      const declared = serverless.functions.reconcile?.events.find((event) => 'timer' in event)?.timer;
      const evaluate = evaluator(module, variables(module, custom));

      // Act
      const trigger = resource(module, 'tencentcloud_scf_trigger', 'reconcile_timer');
      const desc = JSON.parse(String(await evaluate(trigger.trigger_desc)));
      const byDefault = JSON.parse(String(await value(trigger.trigger_desc)));

      // Assess
      expect(trigger.type).toBe('timer');
      expect(await references(trigger.function_name)).toEqual([functionReference('reconcile')]);
      expect(trigger.trigger_name).toBe(declared.name);
      expect(desc).toEqual({ cron: '0 0 * * * * *' });
      expect(declared.parameters.cronExpression).toBe(
        interpolation(`env:RECONCILE_CRON, '${byDefault.cron}'`),
      );
    });

    it('reaches the callback through a public function URL with AuthType NONE, not API Gateway', async () => {
      // Act
      const trigger = resource(module, 'tencentcloud_scf_trigger', 'callback_url');
      const desc = JSON.parse(String(await value(trigger.trigger_desc)));
      const allTypes = resourceNames(module, 'tencentcloud_scf_trigger').map(
        (name) => resource(module, 'tencentcloud_scf_trigger', name).type,
      );

      // Assess
      expect(trigger.type).toBe('http');
      expect(await references(trigger.function_name)).toEqual([functionReference('callback')]);
      expect(desc).toEqual({ AuthType: 'NONE', NetConfig: { EnableIntranet: false, EnableExtranet: true } });
      expect(allTypes.sort()).toEqual(['cos', 'http', 'timer']);
      expect(Object.keys(module.resource).filter((type) => type.includes('api_gateway'))).toEqual([]);
    });
  });

  describe('retries and roles', () => {
    it('retries upload events and keeps them as the README says, and never retries the reconciler', async () => {
      // Prepare: the README's tccli line for the upload function
      const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
      const documented = JSON.parse(/--AsyncTriggerConfig '(\{[^']+\})'/.exec(readme)?.[1] ?? '{}');
      const config = resource(module, 'tencentcloud_scf_function_event_invoke_config', 'function');

      // Act
      const retries = (await value(config.for_each)) as Record<string, number>;
      const upload = evaluator(module, variables(module, required), { key: 'upload', value: retries.upload });
      const settings = config.async_trigger_config[0];

      // Assess
      expect(
        documented,
        "the README's upload retry settings (tccli --AsyncTriggerConfig '{...}')",
      ).toMatchObject({
        RetryConfig: [{ RetryNum: expect.any(Number) }],
        MsgTTL: expect.any(Number),
      });
      expect(await references(config.function_name)).toEqual([
        'tencentcloud_scf_function.function',
        'each.key',
      ]);
      expect(retries).toEqual({ upload: documented.RetryConfig[0].RetryNum, reconcile: 0 });
      expect(await upload(settings.retry_config[0].retry_num)).toBe(documented.RetryConfig[0].RetryNum);
      expect(settings.msg_ttl).toBe(documented.MsgTTL);
      expect(readme).toMatch(/\*\*reconcile\*\*[^\n]*`RetryNum: 0`/);
    });

    it('gives each function a role only SCF can assume, holding its own policy', async () => {
      // Act
      const trust = JSON.parse(
        String(await value(resource(module, 'tencentcloud_cam_role', 'function').document)),
      );
      const attachment = resource(module, 'tencentcloud_cam_role_policy_attachment', 'function');
      const policy = resource(module, 'tencentcloud_cam_policy', 'function');

      // Assess
      expect(trust.statement).toEqual([
        { action: 'name/sts:AssumeRole', effect: 'allow', principal: { service: ['scf.qcloud.com'] } },
      ]);
      expect(await references(attachment.role_id)).toEqual(['tencentcloud_cam_role.function', 'each.key']);
      expect(await references(attachment.policy_id)).toEqual([
        'tencentcloud_cam_policy.function',
        'each.key',
      ]);
      expect(await references(policy.document)).toEqual(['local.policies', 'each.key']);
    });

    it('grants each function the statements of the README permissions table, and the callback no inputs', async () => {
      // Act
      const policies = Object.assign({}, ...module.locals).policies as Record<string, string>;
      const granted = Object.fromEntries(
        await Promise.all(
          Object.entries(policies).map(
            async ([name, list]) => [name, (await references(list)).sort()] as const,
          ),
        ),
      );

      // Assess
      const statements = (...names: string[]) => names.map((name) => `local.${name}`);
      const upload = statements(
        'inputs_read',
        'ledger_read_write',
        'ledger_list',
        'outputs_write',
        'submit',
        'pass_ci_role',
      );
      expect(granted).toEqual({
        upload: upload.sort(),
        callback: statements('ledger_read_write', 'ledger_list', 'outputs_write', 'query').sort(),
        // Everything upload and callback use, plus listing the input bucket.
        reconcile: [...upload, ...statements('query', 'cos'), 'var.input_bucket'].sort(),
      });
    });
  });
});
