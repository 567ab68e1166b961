/**
 * serverless.yml, as `serverless print` resolves it, in SCF API terms: CreateTrigger parameters for the
 * cos, timer and http events, the plugin's defaults for what a function leaves out, and a refusal in
 * plain words for an event the deploy cannot create (API Gateway above all).
 */
import { describe, expect, it } from 'vitest';
import { declaredService } from '../../../deploy/declared-service.js';

const printed = (events: unknown[]) => ({
  service: 'svc',
  provider: {
    name: 'tencent',
    runtime: 'Nodejs18.15',
    region: 'ap-shanghai',
    stage: 'prod',
    credentials: '~/credentials',
    environment: { variables: { INPUT_BUCKET: 'media-1250000000', HOTWORDS: '' } },
  },
  package: { artifact: '.build/app.zip' },
  functions: { fn: { name: 'svc-prod-fn', handler: 'fn.main', events } },
});

describe('the declared service', () => {
  it('turns cos, timer and http events into CreateTrigger parameters', () => {
    // Act
    const service = declaredService(
      printed([
        {
          cos: {
            name: 'media-1250000000.cos.ap-shanghai.myqcloud.com',
            parameters: {
              bucket: 'media-1250000000.cos.ap-shanghai.myqcloud.com',
              filter: { prefix: 'in/', suffix: '' },
              events: 'cos:ObjectCreated:*',
              enable: true,
            },
          },
        },
        { timer: { name: 'tick', parameters: { cronExpression: '0 */5 * * * * *', enable: false } } },
        {
          http: {
            name: 'url',
            parameters: { authType: 'NONE', netConfig: { enableIntranet: false, enableExtranet: true } },
          },
        },
      ]),
      '/srv/app',
      '/home/me',
    );

    // Assess
    expect(service).toMatchObject({
      service: 'svc',
      stage: 'prod',
      region: 'ap-shanghai',
      artifact: '/srv/app/.build/app.zip',
      credentialsFile: '/home/me/credentials',
    });
    expect(service.functions[0]).toMatchObject({
      FunctionName: 'svc-prod-fn',
      Handler: 'fn.main',
      MemorySize: 128,
      Timeout: 3,
      Role: '',
    });
    expect(service.functions[0]?.variables).toEqual({ INPUT_BUCKET: 'media-1250000000', HOTWORDS: '' });
    expect(service.functions[0]?.triggers).toEqual([
      {
        Type: 'cos',
        TriggerName: 'media-1250000000.cos.ap-shanghai.myqcloud.com',
        TriggerDesc: '{"event":"cos:ObjectCreated:*","filter":{"Prefix":"in/","Suffix":""}}',
        Enable: 'OPEN',
      },
      { Type: 'timer', TriggerName: 'tick', TriggerDesc: '0 */5 * * * * *', Enable: 'CLOSE' },
      {
        Type: 'http',
        TriggerName: 'url',
        TriggerDesc: '{"AuthType":"NONE","NetConfig":{"EnableIntranet":false,"EnableExtranet":true}}',
        Enable: 'OPEN',
      },
    ]);
  });

  it('refuses an API Gateway event, naming the function URL instead', () => {
    // Act
    const read = () =>
      declaredService(
        printed([{ apigw: { name: 'cb', parameters: { httpMethod: 'POST', path: '/cb' } } }]),
        '/srv/app',
        '/home/me',
      );

    // Assess
    expect(read).toThrowErrorMatchingInlineSnapshot(
      `[Error: serverless.yml: functions.fn.events.apigw: npm run deploy creates cos, timer and http (function URL) triggers only; API Gateway is offline since 2025-06-30, use an http event (a function URL)]`,
    );
  });
});
