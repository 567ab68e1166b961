import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configDefaults, loadConfig } from '../../../lib/config/load-config.js';
import { packageService } from '../../../scripts/package.js';

const root = path.resolve(import.meta.dirname, '../../..');
const secret = 'deploy-time-secret-0123456789abcdef0123456789';
const parameters = {
  REGION: 'ap-shanghai',
  STAGE: 'prod',
  INPUT_BUCKET: 'media-1250000000',
  INPUT_PREFIX: 'uploads/',
  OUTPUT_BUCKET: 'results-1250000000',
  CALLBACK_BASE_URL: 'https://1250000000-abcdefghij.ap-shanghai.tencentscf.com',
  CALLBACK_SECRET: secret,
  TRIGGER_SUFFIX: '.mp4',
};

type Template = {
  Resources: {
    default: Record<
      string,
      { Properties: Record<string, unknown> & { Environment: { Variables: Record<string, string> } } }
    >;
  };
};

let dir = '';
let raw = '';
let template: Template;

// `serverless package` runs in a scratch copy of the service (serverless.yml, the dump plugin, a
// placeholder artifact) so the test never touches the shared tree's .build or .serverless.
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cos-transcribe-sls-'));
  copyFileSync(path.join(root, 'serverless.yml'), path.join(dir, 'serverless.yml'));
  mkdirSync(path.join(dir, 'scripts'));
  copyFileSync(
    path.join(root, 'scripts', 'sls-dump-template.cjs'),
    path.join(dir, 'scripts', 'sls-dump-template.cjs'),
  );
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  mkdirSync(path.join(dir, '.build'));
  writeFileSync(path.join(dir, '.build', 'upload.js'), 'exports.main = async () => 0;\n');
  execFileSync('zip', ['-q', 'cos-transcribe.zip', 'upload.js'], { cwd: path.join(dir, '.build') });

  const dumped = packageService({ serviceDir: dir, skipBuild: true, inheritEnv: false, env: parameters });
  raw = readFileSync(dumped, 'utf8');
  template = JSON.parse(raw) as Template;
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run package (serverless@3 + serverless-tencent-scf, offline)', () => {
  it('generates the SCF configuration we review (snapshot, random and time-based keys removed)', async () => {
    // Act
    const stable = JSON.parse(raw, (key, value) => {
      if (key === 'CreateTime' || key === 'CreateTimestamp') return '<time>';
      if (key === 'ServiceFileName' || key === 'ServiceZipName') return '<generated>';
      if (key === 'Key' && typeof value === 'string' && value.endsWith('.zip')) return '<generated>.zip';
      return value;
    });

    // Assess
    await expect(`${JSON.stringify(stable, null, 2)}\n`).toMatchFileSnapshot(
      './tencent-service.snapshot.json',
    );
  });

  it('declares three Nodejs18.15 functions whose handlers are bundles at the zip root', () => {
    // Act
    const { Type, ...functions } = template.Resources.default;

    // Assess
    expect(Type).toBe('TencentCloud::Serverless::Namespace');
    expect(
      Object.entries(functions).map(([name, f]) => [
        name,
        f.Properties.Handler,
        f.Properties.Runtime,
        f.Properties.Region,
      ]),
    ).toEqual([
      ['upload', 'upload.main', 'Nodejs18.15', 'ap-shanghai'],
      ['callback', 'callback.main', 'Nodejs18.15', 'ap-shanghai'],
      ['reconcile', 'reconcile.main', 'Nodejs18.15', 'ap-shanghai'],
    ]);
  });

  it('wires a filtered COS trigger and a 7-field timer, and drops the function URL it cannot create', () => {
    // Act
    const events = (name: string) => template.Resources.default[name]?.Properties.Events;

    // Assess
    expect(events('upload')).toEqual([
      {
        'media-1250000000.cos.ap-shanghai.myqcloud.com': {
          Type: 'COS',
          Properties: {
            Bucket: 'media-1250000000.cos.ap-shanghai.myqcloud.com',
            Events: 'cos:ObjectCreated:*',
            Enable: true,
            Filter: { Prefix: 'uploads/', Suffix: '.mp4' },
          },
        },
      },
      {
        // Deleting a live request stops its stream (README "Live streams").
        'media-1250000000.cos.ap-shanghai.myqcloud.com': {
          Type: 'COS',
          Properties: {
            Bucket: 'media-1250000000.cos.ap-shanghai.myqcloud.com',
            Events: 'cos:ObjectRemove:*',
            Enable: true,
            Filter: { Prefix: 'uploads/', Suffix: '.live.json' },
          },
        },
      },
    ]);
    // The plugin knows apigw|cos|cmq|timer|ckafka only and skips the `http` event without a word:
    // the reason `npm run deploy` makes the SCF calls itself (deploy/README.md).
    expect(events('callback')).toEqual([]);
    const timer = events('reconcile') as [
      { cos_transcribe_reconcile: { Properties: { CronExpression: string } } },
    ];
    expect(timer[0].cos_transcribe_reconcile.Properties.CronExpression.split(' ')).toHaveLength(7);
  });

  it('gives every function the same provider-level environment (no plugin env leak)', () => {
    // Act
    const environments = ['upload', 'callback', 'reconcile'].map(
      (name) => template.Resources.default[name]?.Properties.Environment.Variables,
    );

    // Assess
    expect(environments[1]).toEqual(environments[0]);
    expect(environments[2]).toEqual(environments[0]);
    expect(environments[0]).toMatchObject({
      INPUT_BUCKET: 'media-1250000000',
      INPUT_PREFIX: 'uploads/',
      OUTPUT_BUCKET: 'results-1250000000',
    });
  });

  it('never writes the callback secret into the dumped template', () => {
    // Assess
    expect(raw).not.toContain(secret);
    expect(template.Resources.default.upload?.Properties.Environment.Variables.CALLBACK_SECRET).toBe(
      '[redacted]',
    );
  });
});

describe('serverless.yml and the configuration schema', () => {
  it('deploys an environment that loadConfig accepts, carrying every variable it reads', () => {
    // Prepare: record which variables loadConfig looks at
    const deployed = {
      ...template.Resources.default.upload?.Properties.Environment.Variables,
      CALLBACK_SECRET: secret,
    };
    const read = new Set<string>();
    const watched = new Proxy(deployed, {
      get(target, name) {
        if (typeof name === 'string') read.add(name);
        return target[name as keyof typeof target];
      },
    });

    // Act
    const config = loadConfig(watched);

    // Assess: SCF sets TENCENTCLOUD_* itself; everything else must come from serverless.yml
    const missing = [...read].filter((name) => !name.startsWith('TENCENTCLOUD_') && !(name in deployed));
    expect(missing).toEqual([]);
    expect(Object.keys(configDefaults).filter((name) => !(name in deployed))).toEqual([]);
    expect(config.input).toEqual({ bucket: 'media-1250000000', prefix: 'uploads/' });
    expect(config.ledger.bucket).toBe('results-1250000000');
  });
});
