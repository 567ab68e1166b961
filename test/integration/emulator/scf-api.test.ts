/**
 * The emulated SCF management API through the official SDK's generic client: a function created from
 * a zip runs in its own process on the SCF runtime's Node with its environment, behind the function
 * URL, COS trigger and timer created for it; errors come back with SCF's codes; a deleted function
 * leaves nothing served; a restarted emulator serves what was deployed before.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../local/emulator.js';
import { runtimeNode } from '../../../local/scf/function-runtime.js';
import { type ApiKit, BUCKET, REGION, startApiKit } from './asr-kit.js';
import { rawRequest } from './cos-harness.js';

let kit: ApiKit;
let codeDir: string;
let zip: Buffer;

// A handler that answers with what its instance sees: Node version, environment, event.
const handlerSource = `exports.main = async (event, context) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ node: process.version, greeting: process.env.GREETING, hasToken: Boolean(process.env.TENCENTCLOUD_SESSIONTOKEN), function: context.function_name, path: event.path, records: (event.Records || []).length }),
});
`;

beforeAll(async () => {
  kit = await startApiKit();
  codeDir = mkdtempSync(path.join(tmpdir(), 'scf-api-code-'));
  writeFileSync(path.join(codeDir, 'index.js'), handlerSource);
  execFileSync('zip', ['-q', '-X', 'code.zip', 'index.js'], { cwd: codeDir });
  zip = readFileSync(path.join(codeDir, 'code.zip'));
});
afterAll(async () => {
  await kit?.close();
  rmSync(codeDir, { recursive: true, force: true });
});

const scf = () => kit.common('scf.tencentcloudapi.com', '2018-04-16');
type Answer = Record<string, unknown>;
const call = (action: string, params: Answer) => scf().request(action, params) as Promise<Answer>;

async function untilActive(name: string): Promise<Answer> {
  for (let i = 0; i < 100; i++) {
    const found = await call('GetFunction', { FunctionName: name });
    if (found.Status !== 'Creating' && found.Status !== 'Updating') return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} never left Creating`);
}

function urlOf(info: Answer): string {
  return (JSON.parse(String(info.TriggerDesc)) as { NetConfig: { ExtranetUrl: string } }).NetConfig
    .ExtranetUrl;
}

describe('SCF API 3.0 on the emulator', () => {
  it('creates a function from a zip and runs it behind its function URL, on its own Node with its environment', async () => {
    // Act
    await call('CreateFunction', {
      FunctionName: 'hello',
      Code: { ZipFile: zip.toString('base64') },
      Handler: 'index.main',
      Runtime: 'Nodejs18.15',
      Timeout: 10,
      Environment: { Variables: [{ Key: 'GREETING', Value: 'hi' }] },
    });
    const active = await untilActive('hello');
    const created = await call('CreateTrigger', {
      FunctionName: 'hello',
      TriggerName: 'url',
      Type: 'http',
      TriggerDesc: JSON.stringify({
        AuthType: 'NONE',
        NetConfig: { EnableIntranet: false, EnableExtranet: true },
      }),
    });
    const url = urlOf(created.TriggerInfo as Answer);
    const answer = await rawRequest(kit.emulator.port, {
      method: 'POST',
      host: new URL(url).host,
      path: '/x',
      body: '{}',
    });
    const address = await call('GetFunctionAddress', { FunctionName: 'hello' });
    const download = new URL(String(address.Url));
    const downloaded = await rawRequest(kit.emulator.port, {
      method: 'GET',
      host: download.host,
      path: download.pathname,
      body: '',
    });

    // Assess
    expect(active).toMatchObject({
      Status: 'Active',
      Handler: 'index.main',
      Runtime: 'Nodejs18.15',
      Timeout: 10,
    });
    expect(url).toMatch(/^https:\/\/1250000000-[a-z0-9]{10}\.ap-guangzhou\.tencentscf\.com$/);
    expect(answer.status).toBe(200);
    const seen = JSON.parse(answer.body);
    expect(seen).toMatchObject({ greeting: 'hi', hasToken: true, function: 'hello', path: '/x' });
    expect(seen.node).toBe(execFileSync(runtimeNode(), ['-v'], { encoding: 'utf8' }).trim());
    expect(address.CodeSha256).toBe(createHash('sha256').update(zip).digest('hex'));
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers['content-type']).toBe('application/zip');
  });

  it('binds COS and timer triggers, lists them, and deleting the function removes everything it served', async () => {
    // Prepare
    await call('CreateFunction', {
      FunctionName: 'on-upload',
      Code: { ZipFile: zip.toString('base64') },
      Handler: 'index.main',
      Runtime: 'Nodejs18.15',
    });
    await untilActive('on-upload');
    const http = await call('CreateTrigger', {
      FunctionName: 'on-upload',
      TriggerName: 'url',
      Type: 'http',
      TriggerDesc: JSON.stringify({
        AuthType: 'NONE',
        NetConfig: { EnableIntranet: false, EnableExtranet: true },
      }),
    });
    await call('CreateTrigger', {
      FunctionName: 'on-upload',
      TriggerName: `${BUCKET}.cos.${REGION}.myqcloud.com`,
      Type: 'cos',
      TriggerDesc: JSON.stringify({
        event: 'cos:ObjectCreated:*',
        filter: { Prefix: 'in/', Suffix: '.wav' },
      }),
    });
    await call('CreateTrigger', {
      FunctionName: 'on-upload',
      TriggerName: 'tick',
      Type: 'timer',
      TriggerDesc: '0 */5 * * * * *',
    });

    // Act
    const listed = await call('ListTriggers', { FunctionName: 'on-upload' });
    await kit.emulator.store.put(BUCKET, 'in/a.wav', Buffer.from('RIFF'), {
      contentType: 'audio/wav',
      userMeta: {},
    });
    await kit.emulator.scf.idle();
    const invocations = kit.emulator.scf.invocations.filter((i) => i.functionName === 'on-upload');
    await call('DeleteFunction', { FunctionName: 'on-upload' });
    const gone = await call('GetFunction', { FunctionName: 'on-upload' }).catch(
      (error: { code: string }) => error.code,
    );
    const urlAfter = await rawRequest(kit.emulator.port, {
      method: 'POST',
      host: new URL(urlOf(http.TriggerInfo as Answer)).host,
      path: '/',
      body: '',
    });

    // Assess
    expect((listed.Triggers as Answer[]).map((t) => [t.Type, t.TriggerDesc])).toEqual([
      ['http', expect.stringContaining('ExtranetUrl')],
      ['cos', '{"event":"cos:ObjectCreated:*","filter":{"Prefix":"in/","Suffix":".wav"}}'],
      ['timer', '{"cron":"0 */5 * * * * *"}'],
    ]);
    expect(invocations.map((i) => [i.trigger, i.outcome])).toEqual([['cos', 'ok']]);
    expect(gone).toBe('ResourceNotFound.Function');
    expect(urlAfter.status).toBe(404);
    expect(
      kit.emulator.functions.journal.filter((j) => j.functionName === 'on-upload').map((j) => j.action),
    ).toEqual(['CreateFunction', 'CreateTrigger', 'CreateTrigger', 'CreateTrigger', 'DeleteFunction']);
  });

  it.each([
    [
      'a function that does not exist',
      'GetFunction',
      { FunctionName: 'nobody' },
      'ResourceNotFound.Function',
    ],
    [
      'a function that exists already',
      'CreateFunction',
      { FunctionName: 'hello', Code: { ZipFile: '' }, Runtime: 'Nodejs18.15' },
      'ResourceInUse.Function',
    ],
    [
      'a runtime the emulator cannot run',
      'CreateFunction',
      { FunctionName: 'py', Code: { ZipFile: '' }, Runtime: 'Python3.9' },
      'InvalidParameterValue.Runtime',
    ],
    [
      'an empty environment value',
      'UpdateFunctionConfiguration',
      { FunctionName: 'hello', Environment: { Variables: [{ Key: 'A', Value: '' }] } },
      'InvalidParameterValue',
    ],
    [
      'a COS trigger on another region',
      'CreateTrigger',
      {
        FunctionName: 'hello',
        TriggerName: `${BUCKET}.cos.ap-shanghai.myqcloud.com`,
        Type: 'cos',
        TriggerDesc: '{"event":"cos:ObjectCreated:*"}',
      },
      'InvalidParameterValue.TriggerName',
    ],
    [
      'a second function URL',
      'CreateTrigger',
      { FunctionName: 'hello', TriggerName: 'again', Type: 'http', TriggerDesc: '{"AuthType":"NONE"}' },
      'ResourceInUse.Trigger',
    ],
    [
      'a trigger that does not exist',
      'DeleteTrigger',
      { FunctionName: 'hello', TriggerName: 'nope', Type: 'timer' },
      'ResourceNotFound.Trigger',
    ],
    [
      'the deletion of a COS trigger without the event that tells it from its bucket siblings',
      'DeleteTrigger',
      { FunctionName: 'hello', TriggerName: `${BUCKET}.cos.${REGION}.myqcloud.com`, Type: 'cos' },
      'InvalidParameterValue.TriggerDesc',
    ],
  ])("refuses %s with SCF's code", async (_name, action, params, code) => {
    // Act
    const error = await call(action, params).then(
      () => undefined,
      (failure: { code: string }) => failure.code,
    );

    // Assess
    expect(error).toBe(code);
  });

  it('serves the deployed functions again after a restart on the same data folder', async () => {
    // Prepare
    const dataDir = mkdtempSync(path.join(tmpdir(), 'scf-restart-'));
    const first = await startEmulator({ port: 0, dataDir, quiet: true });
    const { urlId } = first.scf.bindFunctionUrl({ functionName: 'unused', handler: async () => 0 });
    first.functions.create(
      'default',
      'kept',
      {
        Handler: 'index.main',
        Runtime: 'Nodejs18.15',
        MemorySize: 128,
        Timeout: 10,
        Description: '',
        Role: '',
        Environment: { Variables: [{ Key: 'GREETING', Value: 'again' }] },
      },
      zip,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stored = first.functions.addTrigger('default', 'kept', {
      type: 'http',
      name: 'url',
      enable: true,
      description: '',
      enableIntranet: false,
      enableExtranet: true,
    });
    await first.close();

    // Act
    const second = await startEmulator({ port: 0, dataDir, quiet: true });
    const host = `1250000000-${stored.type === 'http' ? stored.urlId : ''}.ap-guangzhou.tencentscf.com`;
    const answer = await rawRequest(second.port, { method: 'POST', host, path: '/', body: '' });
    await second.close();
    rmSync(dataDir, { recursive: true, force: true });

    // Assess
    expect(stored.type === 'http' && stored.urlId).not.toBe(urlId);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).greeting).toBe('again');
  });
});
