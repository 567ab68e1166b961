/**
 * What a WAV header says about the audio (sample rate, channels), and the model that fits it
 * (issue 12 item 12: 8 kHz stereo telephone audio went through a 16k model without a word).
 *
 * The rule, also in the README ("Outputs"):
 * - audio below 16 kHz given a `16k_<lang>` model goes to `8k_<lang>` when the chosen engine has that
 *   model (ASR, CI and the short-clip API have 8k_zh and 8k_en), and the status says so; when it has
 *   none, the model is kept and the status warns that results may be poor;
 * - audio of more channels than the profile's is recognised as one mixed channel (16k models take
 *   mono only), and the status says how to keep one speaker per channel.
 * Only headers the upload function reads anyway are looked at: WAV files up to the short-clip size
 * limit, read whole to measure their length. Other files go through unchanged.
 */
import { modelsFor } from '../config/engines.js';
import type { FileEngineName } from '../engines/engine-names.js';
import { waveChunks } from './input-rules.js';

/** The audio format a WAV header states. */
export interface AudioFormat {
  readonly sampleRate: number;
  readonly channels: number;
}

/** The `fmt ` chunk of a RIFF/WAVE file, or undefined when the bytes are not one. */
export function wavFormat(bytes: Buffer): AudioFormat | undefined {
  for (const chunk of waveChunks(bytes)) {
    if (chunk.id !== 'fmt ') continue;
    if (chunk.start + 8 > bytes.length) return undefined;
    return { channels: bytes.readUInt16LE(chunk.start + 2), sampleRate: bytes.readUInt32LE(chunk.start + 4) };
  }
  return undefined;
}

/** The model to use for audio of `format`, and what the status should say about it. */
export function fitModelToAudio(
  engine: FileEngineName,
  settings: { readonly model: string; readonly channels: number },
  format: AudioFormat | undefined,
): { readonly model: string; readonly note: string | undefined } {
  if (!format) return { model: settings.model, note: undefined };
  const notes: string[] = [];
  let model = settings.model;
  const khz = `${Math.round(format.sampleRate / 100) / 10} kHz`;
  if (format.sampleRate < 16_000 && model.startsWith('16k_')) {
    const telephone = model.replace(/^16k_/, '8k_');
    if (engine !== 'mps' && modelsFor(engine).includes(telephone)) {
      model = telephone;
      notes.push(
        `${khz} audio: recognised with the ${telephone} telephone model instead of ${settings.model}`,
      );
    } else {
      notes.push(
        `${khz} audio through the ${settings.model} model, made for 16 kHz, and ${engine} has no ${telephone} model: results may be poor; upload 16 kHz audio, or use a language with an 8k model (en, zh)`,
      );
    }
  }
  if (format.channels > settings.channels) {
    notes.push(
      `${format.channels}-channel audio recognised as one mixed channel; for one speaker per channel, upload under a PROFILES prefix with "channels": 2 and an 8k model`,
    );
  }
  return { model, note: notes.length === 0 ? undefined : notes.join('; ') };
}
