/**
 * The dev stack's reading of serverless.yml, against the real file: what `npm start` binds is what
 * `serverless deploy` would create, and the SCF cron it schedules fires when SCF would.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCron } from '../../../local/dev-stack/scf-cron.js';
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
    expect(wiring.callback.route).toMatchObject({ method: 'POST', path: '/callback', stage: 'release' });
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

describe('SCF cron (seven fields, China Standard Time)', () => {
  const at = (iso: string) => Date.parse(iso);

  it.each([
    ['0 */5 * * * * *', '2026-11-22T01:57:33Z', '2026-11-22T02:00:00.000Z'],
    ['0 */5 * * * * *', '2026-11-22T02:00:00Z', '2026-11-22T02:05:00.000Z'],
    ['*/5 * * * * * *', '2026-11-22T01:57:33Z', '2026-11-22T01:57:35.000Z'],
    // 03:00 on Mondays in UTC+8 is 19:00 UTC on Sundays.
    ['0 0 3 * * MON *', '2026-11-22T01:57:33Z', '2026-11-22T19:00:00.000Z'],
    ['0 30 9 1 JAN ? *', '2026-11-22T00:00:00Z', '2027-01-01T01:30:00.000Z'],
  ])('%s after %s fires at %s', (expression, after, expected) => {
    expect(new Date(parseCron(expression).next(at(after)) ?? 0).toISOString()).toBe(expected);
  });

  it.each([
    ['*/5 * * * *', '7 fields'],
    ['0 61 * * * * *', 'minute field "61" is outside 0-59'],
    ['0 */0 * * * * *', 'bad step'],
  ])('refuses %s saying %s', (expression, message) => {
    expect(() => parseCron(expression)).toThrow(message);
  });
});
