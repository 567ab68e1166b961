import { describe, expect, it } from 'vitest';
import { effectiveProfile } from '../../../lib/config/effective-profile.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { MetadataOverrideError } from '../../../lib/config/metadata-override-error.js';

const config = loadConfig({
  REGION: 'ap-guangzhou',
  INPUT_BUCKET: 'media-1250000000',
  INPUT_PREFIX: 'media/',
  CALLBACK_BASE_URL: 'https://example.com/callback',
  CALLBACK_SECRET: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  PROFILES: JSON.stringify({
    'media/zh-video/': { engine: 'ci', model: '16k_zh_video' },
    'media/calls/': { engine: 'asr', model: '8k_zh', channels: 2 },
    'media/calls/en/': { engine: 'asr', model: '8k_en', channels: 2, formats: ['txt'] },
  }),
});

function problemsOf(key: string, metadata: Record<string, string>): string[] {
  try {
    effectiveProfile(config, key, metadata);
  } catch (error) {
    if (error instanceof MetadataOverrideError) return error.problems.map((p) => `${p.header}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('effectiveProfile', () => {
  it('uses the defaults for a key no profile covers', () => {
    // Act
    const profile = effectiveProfile(config, 'media/misc/a.wav', {});

    // Assess
    expect(profile).toMatchObject({
      engine: 'auto',
      model: '16k_zh',
      channels: 1,
      // JobSettings: unset is null, as the claim stores it.
      profilePrefix: null,
      speakers: null,
      overrides: [],
    });
  });

  it('uses the longest matching prefix', () => {
    // Act
    const calls = effectiveProfile(config, 'media/calls/2026/a.wav', {});
    const english = effectiveProfile(config, 'media/calls/en/a.wav', {});
    const video = effectiveProfile(config, 'media/zh-video/ep1.mp4', {});

    // Assess
    expect([calls.profilePrefix, calls.model, calls.channels]).toEqual(['media/calls/', '8k_zh', 2]);
    expect([english.profilePrefix, english.model, english.formats]).toEqual([
      'media/calls/en/',
      '8k_en',
      ['txt'],
    ]);
    expect([video.engine, video.model]).toEqual(['ci', '16k_zh_video']);
  });

  it('applies metadata overrides and says which ones changed something', () => {
    // Act
    const profile = effectiveProfile(config, 'media/misc/talk.mp4', {
      'asr-engine': 'ASR',
      'asr-language': 'en',
      'asr-formats': 'vtt, srt',
      'asr-speakers': 'auto',
      'asr-hotwords': 'Tencent|11,COS',
      'content-owner': 'not an override',
    });

    // Assess
    expect(profile).toMatchObject({
      engine: 'asr',
      model: '16k_en',
      formats: ['srt', 'vtt'],
      speakers: 0,
      hotwords: [
        { word: 'Tencent', weight: 11 },
        { word: 'COS', weight: 10 },
      ],
    });
    expect(profile.overrides).toEqual([
      'x-cos-meta-asr-engine',
      'x-cos-meta-asr-formats',
      'x-cos-meta-asr-speakers',
      'x-cos-meta-asr-hotwords',
      'x-cos-meta-asr-language',
    ]);
  });

  it('keeps telephone audio on a telephone model when only the language changes', () => {
    // Act
    const profile = effectiveProfile(config, 'media/calls/a.wav', { 'asr-language': 'en' });

    // Assess
    expect(profile.model).toBe('8k_en');
  });

  it('decodes percent-encoded hotwords, since metadata travels in HTTP headers', () => {
    // Act
    const profile = effectiveProfile(config, 'media/a.wav', {
      'asr-hotwords': encodeURIComponent('腾讯云|11'),
    });

    // Assess
    expect(profile.hotwords).toEqual([{ word: '腾讯云', weight: 11 }]);
  });

  it('lists every unusable header with how to fix it', () => {
    // Act
    const problems = problemsOf('media/calls/a.wav', {
      'asr-engine': 'whisper',
      'asr-langauge': 'en',
      'asr-formats': 'pdf',
      'asr-speakers': '2',
      'asr-hotwords': 'a|99',
      'asr-language': 'ja',
    });

    // Assess
    expect(problems).toMatchInlineSnapshot(`
      [
        "x-cos-meta-asr-langauge: unknown override; use one of x-cos-meta-asr-engine, x-cos-meta-asr-language, x-cos-meta-asr-formats, x-cos-meta-asr-speakers, x-cos-meta-asr-hotwords",
        "x-cos-meta-asr-engine: "whisper" is not an engine; use one of ci, asr, sentence, mps, auto",
        "x-cos-meta-asr-formats: unknown format "pdf"; use a comma list of srt, vtt, ass, txt, json",
        "x-cos-meta-asr-hotwords: hotword "a" has weight "99"; use 1-11, or 100 for forced",
        "x-cos-meta-asr-language: the asr engine has no 8k model for "ja"; use a language with one of 8k_zh_large, 8k_zh, 8k_en",
      ]
    `);
  });

  it('refuses an engine override the profile model cannot run on, naming where the model came from', () => {
    // Act
    const problems = problemsOf('media/calls/a.wav', { 'asr-engine': 'ci', 'asr-speakers': 'auto' });

    // Assess
    expect(problems).toEqual([
      'x-cos-meta-asr-speakers: this prefix takes 2-channel audio where each channel is one speaker; remove the header',
    ]);
  });

  it('refuses a fixed speaker count on a 16k model, which ASR rejects, and accepts auto', () => {
    // Act
    const fixed = problemsOf('media/misc/a.wav', { 'asr-speakers': '3' });
    const auto = problemsOf('media/misc/a.wav', { 'asr-speakers': 'auto' });

    // Assess
    expect(fixed).toEqual([
      'x-cos-meta-asr-speakers: a fixed count of 3 speakers is refused by ASR with the 16k model "16k_zh"; use auto (0), or an 8k model',
    ]);
    expect(auto).toEqual([]);
  });

  it('refuses a language the chosen engine has no model for', () => {
    // Act
    const problems = problemsOf('media/zh-video/a.mp4', { 'asr-language': 'ko' });

    // Assess
    expect(problems).toEqual([
      'x-cos-meta-asr-language: the ci engine has no 16k model for "ko"; use a language with one of 16k_zh, 16k_zh_video, 16k_en, 16k_ca, 16k_ja, 16k_zh_edu, 16k_en_edu, 16k_zh_medical, 16k_th, 16k_zh_dialect',
    ]);
  });

  it('accepts a full model name as the language', () => {
    // Act
    const profile = effectiveProfile(config, 'media/a.wav', {
      'asr-engine': 'asr',
      'asr-language': '16k_zh_en',
    });

    // Assess
    expect(profile.model).toBe('16k_zh_en');
  });
});
