/**
 * The pure parts of the upload step: reading keys out of COS events (raw and percent-encoded),
 * WAV lengths from headers, type refusals, engine routing and limits, and callback body shapes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCallbackBody } from '../../../lib/pipeline/callback-body.js';
import { keyCandidates, objectsOfEvent } from '../../../lib/pipeline/cos-event.js';
import { chooseEngine, limitRefusal, typeRefusal, wavDurationMs } from '../../../lib/pipeline/input-rules.js';
import { maxKeyBytes, outputKeyRefusal, outputStem } from '../../../lib/pipeline/output-naming.js';
import { silentWav } from '../../integration/pipeline/pipeline-kit.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

describe('a COS event', () => {
  it('names the full bucket and the key without /appid/name/', () => {
    // Prepare
    const event = JSON.parse(readFileSync(path.join(FIXTURES, 'scf/cos-object-created.json'), 'utf8'));

    // Act
    const objects = objectsOfEvent(event);

    // Assess
    expect(objects).toEqual([
      { bucket: 'testpic-1253970026', keyCandidates: ['testfile'], eventName: 'cos:ObjectCreated:*' },
    ]);
  });

  it.each([
    ['/1250000000/media/input/a b.wav', ['input/a b.wav']],
    ['/1250000000/media/input/a%20b.wav', ['input/a%20b.wav', 'input/a b.wav']],
    ['/1250000000/media/input/100%.wav', ['input/100%.wav']],
    ['/1250000000/media/input/%E4%BC%9A.wav', ['input/%E4%BC%9A.wav', 'input/会.wav']],
    ['/1250000000/media/input/a+b.wav', ['input/a+b.wav']],
  ])('reads %s as %j', (eventKey, expected) => {
    expect(keyCandidates(eventKey, '1250000000', 'media')).toEqual(expected);
  });

  it('is refused when it is not a COS event', () => {
    expect(() => objectsOfEvent({ Type: 'Timer' })).toThrow();
  });
});

describe('input rules', () => {
  it('read a WAV length from its header', () => {
    expect(wavDurationMs(silentWav(1500))).toBe(1500);
    expect(wavDurationMs(Buffer.from('not a wav'))).toBeUndefined();
  });

  it('refuse text but take media by extension or Content-Type', () => {
    expect(typeRefusal('input/a.txt', 'text/plain')?.code).toBe('UnsupportedType');
    expect(typeRefusal('input/a.MP4', '')).toBeUndefined();
    expect(typeRefusal('input/noext', 'audio/mpeg')).toBeUndefined();
  });

  it.each([
    ['auto', { key: 'input/a.wav', size: 1000, durationMs: 30_000 }, 'sentence'],
    ['auto', { key: 'input/a.wav', size: 1000, durationMs: 61_000 }, 'asr'],
    ['auto', { key: 'input/a.mp3', size: 1000, durationMs: undefined }, 'asr'],
    ['ci', { key: 'input/a.wav', size: 1000, durationMs: 1000 }, 'ci'],
  ] as const)('route %s %j to %s', (engine, facts, expected) => {
    expect(chooseEngine(engine, facts)).toBe(expected);
  });

  it.each([
    ['ci', 600 * 1024 ** 2, 'TooLarge'],
    ['asr', 2 * 1024 ** 3, 'TooLarge'],
    ['sentence', 0, 'EmptyFile'],
    ['asr', 1000, undefined],
  ] as const)('limit %s at %d bytes: %s', (engine, size, code) => {
    expect(limitRefusal(engine, { key: 'input/a.mp3', size, durationMs: undefined })?.code).toBe(code);
  });
});

describe('output naming', () => {
  it('maps <inputPrefix><rest> to <outputPrefix><rest>', () => {
    const config = {
      input: { bucket: 'a-1250000000', prefix: 'in/' },
      output: { bucket: 'b-1250000000', prefix: 'out/' },
    };
    expect(outputStem(config, 'in/x/会议 1.wav')).toBe('out/x/会议 1.wav');
  });

  const config = {
    input: { bucket: 'a-1250000000', prefix: 'input/' },
    output: { bucket: 'b-1250000000', prefix: 'output/' },
  };

  it.each([
    'input/../cos-transcribe/jobs/0123456789abcdef0123456789abcdef/02-final.wav',
    'input/a/./b.wav',
    'input/a/..',
    'input/../x.wav',
  ])('refuses %j as UnsafeKey: its outputs could land outside the output prefix', (key) => {
    expect(outputKeyRefusal(config, key, ['srt'])).toMatchObject({ state: 'failed', code: 'UnsafeKey' });
  });

  it('refuses a key whose longest output would pass 850 bytes, saying by how much, and takes one that fits', () => {
    // Prepare: an 848-byte input key (COS takes it); its output stem is a byte longer (output/ vs
    // input/), and the longest output adds .raw.json: 858 bytes.
    const stemOf = (bytes: number) => `input/${'k'.repeat(bytes - 'input/'.length - '.wav'.length)}.wav`;
    const tooLong = stemOf(848);
    const fits = stemOf(maxKeyBytes - 1 - '.raw.json'.length);

    // Act
    const refusal = outputKeyRefusal(config, tooLong, ['srt', 'vtt']);
    const accepted = outputKeyRefusal(config, fits, ['srt', 'vtt']);

    // Assess
    expect(Buffer.byteLength(tooLong)).toBe(848);
    expect(refusal).toEqual({
      state: 'failed',
      code: 'KeyTooLong',
      message:
        "its longest output key would be 858 bytes, over COS's 850-byte limit; shorten the file name or its folders by at least 8 bytes (UTF-8) and upload it again",
    });
    expect(accepted).toBeUndefined();
    expect(Buffer.byteLength(`${outputStem(config, fits)}.raw.json`)).toBe(maxKeyBytes);
  });
});

describe('a callback body', () => {
  it('from ASR names the task by requestId', () => {
    const body = readFileSync(path.join(FIXTURES, 'tencent/asr-callback.form.txt'), 'utf8');
    expect(readCallbackBody(body)).toMatchObject({ engine: 'asr', jobId: undefined });
  });

  it('from CI (XML) names the job and our UserData', () => {
    const body = readFileSync(path.join(FIXTURES, 'tencent/ci-callback.xml'), 'utf8');
    expect(readCallbackBody(body)?.engine).toBe('ci');
  });

  it('from CI (JSON, no Response root, JobsDetail an object) names the job', () => {
    const body = JSON.stringify({
      EventName: 'TaskFinish',
      JobsDetail: { JobId: 's1', Operation: { UserData: 'u' } },
    });
    expect(readCallbackBody(body)).toEqual({ engine: 'ci', taskId: 's1', jobId: 'u' });
  });

  it('of any other shape is not read', () => {
    expect(readCallbackBody('hello')).toBeUndefined();
    expect(readCallbackBody('{"x":1}')).toBeUndefined();
  });
});
