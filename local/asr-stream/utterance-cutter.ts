/**
 * Cuts a live stream's audio (16 kHz mono s16le, as ffmpeg delivers it) into utterances the way the
 * service calls back: one per stretch of speech, ended by a pause, never longer than 15 s (docs
 * product 1093/52633: "一小段话(最长15秒)回调一次"). Speech is told from silence by frame energy;
 * an utterance reaching the limit is cut at its quietest frame of the last two seconds, and what
 * follows that frame opens the next one.
 */

/** 16 kHz × 2 bytes: bytes per ms. */
export const BYTES_PER_MS = 32;
const FRAME_MS = 20;
const FRAME_BYTES = FRAME_MS * BYTES_PER_MS;

/** One utterance: where it starts (ms from the stream start) and its audio. */
export interface CutUtterance {
  readonly startMs: number;
  readonly pcm: Buffer;
}

/** Tuning; the defaults suit read speech. */
export interface CutterOptions {
  /** RMS (of 16-bit samples) above which a frame is speech. */
  readonly threshold?: number;
  /** Silence that ends an utterance. */
  readonly pauseMs?: number;
  readonly maxMs?: number;
}

/** Streaming cutter: `push` audio as it arrives, take the utterances it completes. */
export class UtteranceCutter {
  readonly #threshold: number;
  readonly #pauseFrames: number;
  readonly #maxFrames: number;
  #pending = Buffer.alloc(0);
  /** Frames of the open utterance (empty when none is open), with their energy. */
  #frames: Buffer[] = [];
  #energy: number[] = [];
  #startMs = 0;
  #silentRun = 0;
  #receivedMs = 0;
  /** When speech was last heard (ms from the stream start), or -1. */
  lastVoiceMs = -1;

  constructor(options: CutterOptions = {}) {
    this.#threshold = options.threshold ?? 400;
    this.#pauseFrames = Math.round((options.pauseMs ?? 400) / FRAME_MS);
    this.#maxFrames = Math.round((options.maxMs ?? 15_000) / FRAME_MS);
  }

  /** Audio received so far, in ms. */
  get receivedMs(): number {
    return this.#receivedMs;
  }

  /** Adds audio; answers the utterances it completed. */
  push(chunk: Buffer): CutUtterance[] {
    const done: CutUtterance[] = [];
    this.#pending = Buffer.concat([this.#pending, chunk]);
    while (this.#pending.length >= FRAME_BYTES) {
      const frame = this.#pending.subarray(0, FRAME_BYTES);
      this.#pending = this.#pending.subarray(FRAME_BYTES);
      const cut = this.#frame(Buffer.from(frame));
      if (cut) done.push(cut);
    }
    return done;
  }

  /** Ends the open utterance (the stream stopped). */
  flush(): CutUtterance[] {
    return this.#frames.length > 0 ? [this.#close(this.#frames.length - this.#silentRun)] : [];
  }

  #frame(frame: Buffer): CutUtterance | undefined {
    const at = this.#receivedMs;
    this.#receivedMs += FRAME_MS;
    const energy = rms(frame);
    const voiced = energy >= this.#threshold;
    if (voiced) this.lastVoiceMs = at + FRAME_MS;
    if (this.#frames.length === 0) {
      if (!voiced) return undefined;
      this.#startMs = at;
      this.#silentRun = 0;
    }
    this.#frames.push(frame);
    this.#energy.push(energy);
    this.#silentRun = voiced ? 0 : this.#silentRun + 1;
    if (this.#silentRun >= this.#pauseFrames) return this.#close(this.#frames.length - this.#silentRun);
    if (this.#frames.length >= this.#maxFrames) return this.#close(this.#quietestCut());
    return undefined;
  }

  /** The frame index to cut at: the quietest of the last two seconds. */
  #quietestCut(): number {
    const from = Math.max(1, this.#frames.length - Math.round(2_000 / FRAME_MS));
    let best = this.#frames.length;
    for (let index = from; index < this.#frames.length; index++) {
      if ((this.#energy[index] ?? 0) < (this.#energy[best] ?? Number.POSITIVE_INFINITY)) best = index;
    }
    return best;
  }

  /** Closes the utterance after `keep` frames; the rest, if any, opens the next one. */
  #close(keep: number): CutUtterance {
    const utterance = { startMs: this.#startMs, pcm: Buffer.concat(this.#frames.slice(0, keep)) };
    const rest = this.#frames.slice(keep);
    const restEnergy = this.#energy.slice(keep);
    const voicedRest = restEnergy.some((energy) => energy >= this.#threshold);
    this.#frames = voicedRest ? rest : [];
    this.#energy = voicedRest ? restEnergy : [];
    this.#startMs += keep * FRAME_MS;
    this.#silentRun = 0;
    return utterance;
  }
}

function rms(frame: Buffer): number {
  let sum = 0;
  const samples = frame.length / 2;
  for (let offset = 0; offset < frame.length; offset += 2) {
    const sample = frame.readInt16LE(offset);
    sum += sample * sample;
  }
  return Math.sqrt(sum / samples);
}
