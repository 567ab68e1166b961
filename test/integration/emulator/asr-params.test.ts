import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiKit, startApiKit } from './asr-kit.js';

const base = {
  EngineModelType: '16k_en',
  ChannelNum: 1,
  ResTextFormat: 0,
  SourceType: 0,
  Url: 'http://example.com/a.wav',
};

describe('CreateRecTask parameter validation', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await startApiKit();
    // This table sends 25 requests back to back; the 20/s limit counts refused requests too (as
    // Tencent's gateway does) and has its own test, so here it is raised out of the way.
    kit.emulator.faults.set({ rateLimits: { CreateRecTask: 1000 } });
  });
  afterAll(async () => kit.close());

  // Every case is refused before a task exists, so none of them starts a recognition.
  it.each([
    ['an unknown engine', { EngineModelType: '16k_xx' }, 'InvalidParameterValue'],
    ['stereo on a 16k engine', { ChannelNum: 2 }, 'InvalidParameterValue'],
    ['ChannelNum 3', { EngineModelType: '8k_zh', ChannelNum: 3 }, 'InvalidParameterValue'],
    ['ResTextFormat 6', { ResTextFormat: 6 }, 'InvalidParameterValue'],
    ['ResTextFormat 4 on 16k_en', { ResTextFormat: 4 }, 'InvalidParameterValue'],
    ['ResTextFormat 1 on 16k_ja', { EngineModelType: '16k_ja', ResTextFormat: 1 }, 'InvalidParameterValue'],
    ['SourceType 2', { SourceType: 2 }, 'InvalidParameterValue'],
    ['SourceType 0 without Url', { Url: undefined }, 'MissingParameter'],
    ['a Url that is not http', { Url: 'ftp://example.com/a.wav' }, 'InvalidParameterValue.ErrorInvalidUrl'],
    ['SourceType 1 without Data', { SourceType: 1, Url: undefined }, 'MissingParameter'],
    ['Data that is not base64', { SourceType: 1, Data: 'not base64!' }, 'InvalidParameterValue'],
    [
      'DataLen that does not match',
      { SourceType: 1, Data: 'AAAA', DataLen: 7 },
      'InvalidParameter.ErrorContentlength',
    ],
    [
      'Data over 5 MB',
      { SourceType: 1, Data: Buffer.alloc(5 * 1024 * 1024 + 3).toString('base64') },
      'InvalidParameterValue.ErrorVoicedataTooLong',
    ],
    [
      'diarization on 16k_yue',
      { EngineModelType: '16k_yue', SpeakerDiarization: 1 },
      'InvalidParameterValue',
    ],
    [
      'a fixed speaker count on a 16k engine',
      { SpeakerDiarization: 1, SpeakerNumber: 2 },
      'InvalidParameterValue',
    ],
    ['SpeakerNumber 11', { EngineModelType: '8k_zh', SpeakerNumber: 11 }, 'InvalidParameterValue'],
    ['FilterDirty 3', { FilterDirty: 3 }, 'InvalidParameterValue'],
    ['FilterPunc 3', { FilterPunc: 3 }, 'InvalidParameterValue'],
    ['FilterModal 3', { FilterModal: 3 }, 'InvalidParameterValue'],
    ['ConvertNumMode 2', { ConvertNumMode: 2 }, 'InvalidParameterValue'],
    ['a hotword weight of 12', { HotwordList: 'tencent|12' }, 'InvalidParameterValue'],
    ['a callback that is not a URL', { CallbackUrl: 'not a url' }, 'InvalidParameterValue'],
    ['ChannelNum as a string', { ChannelNum: '1' }, 'InvalidParameter'],
    ['an undocumented parameter', { Colour: 'blue' }, 'UnknownParameter'],
  ])('refuses %s', async (_name, change, code) => {
    // Prepare
    const request = { ...base, ...change };

    // Act
    const error = await kit
      .asr()
      .CreateRecTask(request as never)
      .then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );

    // Assess
    expect(error?.code).toBe(code);
  });

  it('accepts every optional parameter with a documented value', async () => {
    // Prepare: a Url that cannot be downloaded, so the accepted task fails fast without recognising anything.
    const request = {
      ...base,
      EngineModelType: '8k_zh',
      Url: 'http://127.0.0.1:1/a.wav',
      SpeakerDiarization: 1,
      SpeakerNumber: 2,
      HotwordId: 'abc',
      HotwordList: 'tencent|10,cloud|100',
      CustomizationId: 'c1',
      EmotionRecognition: 1,
      EmotionalEnergy: 1,
      ConvertNumMode: 3,
      FilterDirty: 2,
      FilterPunc: 1,
      FilterModal: 2,
      Extra: '{"Domain":3}',
      KeyWordLibIdList: ['k1'],
      ReplaceTextId: 'r1',
    };

    // Act
    const created = await kit.asr().CreateRecTask(request as never);

    // Assess
    expect(created.Data?.TaskId).toBeGreaterThan(0);
  });
});
