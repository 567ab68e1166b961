/**
 * The dev stack's reading of serverless.yml, against the real file: what `npm start` binds is what
 * `serverless deploy` would create.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServerlessWiring, resolveVariables } from '../../../local/dev-stack/serverless-wiring.js';
import { repositoryRoot } from './scf-node.js';

const serverlessFile = path.join(repositoryRoot, 'serverless.yml');

describe('serverless.yml as the dev stack reads it', () => {
  it('finds the three handlers, their time limits and their triggers', () => {
    // Act
    const wiring = readServerlessWiring(serverlessFile, { INPUT_BUCKET: 'media-1250000000' });

    // Assess
    expect(wiring.upload).toMatchObject({ module: 'upload', exportName: 'main', timeoutMs: 90_000 });
    expect(wiring.upload.trigger).toEqual({
      bucket: 'media-1250000000',
      prefix: 'input/',
      suffix: '',
      events: 'cos:ObjectCreated:*',
    });
    expect(wiring.callback.functionUrl).toEqual({ name: 'cos_transcribe_callback' });
    expect(wiring.reconcile.timer.cron).toBe('0 */5 * * * * *');
    expect(wiring.environment.INPUT_BUCKET).toBe('media-1250000000');
  });

  it('lets deploy variables change the trigger filter and the function environment together', () => {
    // Act
    const wiring = readServerlessWiring(serverlessFile, {
      INPUT_PREFIX: 'media/',
      RECONCILE_CRON: '0 0 * * * * *',
    });

    // Assess
    expect(wiring.upload.trigger.prefix).toBe('media/');
    expect(wiring.environment.INPUT_PREFIX).toBe('media/');
    expect(wiring.reconcile.timer.cron).toBe('0 0 * * * * *');
  });

  // serverless's `${env:NAME, default}`, spelled without a template-looking literal.
  const variable = (name: string, fallback: string) => `$\{env:${name}, ${fallback}}`;
  it.each([
    [variable('A', "'x'"), {}, 'x'],
    [variable('A', "'x'"), { A: 'set' }, 'set'],
    [variable('A', "'x'"), { A: '' }, ''],
    [`${variable('A', '"y"')}.cos.${variable('B', "'z'")}`, {}, 'y.cos.z'],
  ])('resolves %s with %j to %j, as serverless@3 does', (text, env, expected) => {
    expect(resolveVariables(text, env)).toBe(expected);
  });
});
