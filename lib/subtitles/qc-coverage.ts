/**
 * The QC report's coverage check: every unit of the transcript appears exactly once, in order, in the
 * cues, shown with its own text.
 */
import type { Transcript } from '../transcript/transcript.js';
import { isWhiteSpace } from '../transcript/white-space.js';
import type { Cue } from './cue.js';
import type { SubtitleProfile } from './profile.js';
import type { QcReport } from './qc-report.js';
import type { OverReadingSpeed } from './readable-layout.js';
import { forEachUnit } from './units.js';

/**
 * A cue's lines walked as one text for the coverage check, skipping what layout may add: spaces and
 * line breaks, and in the zh profile the ，。 it turns into spaces. The transcript's words are matched
 * against it one by one (skipping the same characters in them); everything else must match exactly.
 * A cursor rather than joined strings: this runs for every word of a five-hour recording.
 */
class ShownText {
  readonly #dropStops: boolean;
  #lines: readonly string[] = [];
  #line = 0;
  #at = 0;

  constructor(dropStops: boolean) {
    this.#dropStops = dropStops;
  }

  start(lines: readonly string[]): void {
    this.#lines = lines;
    this.#line = 0;
    this.#at = 0;
  }

  /** Consumes `text`; false at the first character the cue shows differently. */
  match(text: string): boolean {
    // Nearly every word is shown exactly as it is: compared whole at the next character that counts.
    // A word the same on both sides holds its ignored characters in the same places, so consuming
    // them with it leaves the cursor where the character walk below would.
    if (this.#next() !== -1 && (this.#lines[this.#line] as string).startsWith(text, this.#at)) {
      this.#at += text.length;
      return true;
    }
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (this.#ignored(code)) continue;
      if (this.#next() !== code) return false;
      this.#at++;
    }
    return true;
  }

  /** True when nothing but ignored characters is left. */
  atEnd(): boolean {
    return this.#next() === -1;
  }

  /** The next character that counts, without consuming it; -1 at the end. */
  #next(): number {
    for (;;) {
      const line = this.#lines[this.#line];
      if (line === undefined) return -1;
      if (this.#at === line.length) {
        this.#line++;
        this.#at = 0;
        continue;
      }
      const code = line.charCodeAt(this.#at);
      if (!this.#ignored(code)) return code;
      this.#at++;
    }
  }

  #ignored(code: number): boolean {
    return isWhiteSpace(code) || (this.#dropStops && (code === 0xff0c || code === 0x3002));
  }
}

/**
 * Walks the transcript's units and the cues together. Each cue must name the next unit as its first
 * and show exactly the text of the units it names; every unit must be named once. The units are
 * also shown to `fastOnes`, which keeps those its neighbourhoods need: one walk instead of two.
 */
export function coverage(
  transcript: Transcript,
  cues: readonly Cue[],
  profile: SubtitleProfile,
  fastOnes: OverReadingSpeed,
): QcReport['coverage'] {
  let expectedUnit = 0;
  let covered = 0;
  let firstProblem: { unit: number; cue: number; reason: string } | undefined;
  let total = 0;
  // The cue being filled, how many of its units were seen, and where its text has been read to.
  let c = 0;
  let k = 0;
  const shown = new ShownText(profile.name === 'zh' && profile.replaceCommasAndStops);
  const startsWrong = (cue: Cue) => cue.firstUnit !== expectedUnit || cue.unitCount < 1;
  const startProblem = (cue: Cue) => ({
    unit: Math.min(cue.firstUnit, expectedUnit),
    cue: c,
    reason: cue.firstUnit < expectedUnit ? 'repeated or out of order' : 'missing',
  });
  forEachUnit(transcript, profile.name === 'zh', (unit) => {
    fastOnes.visit(unit);
    total++;
    if (firstProblem !== undefined) return;
    const cue = cues[c];
    if (cue === undefined) {
      firstProblem = { unit: total - 1, cue: cues.length, reason: 'missing' };
      return;
    }
    if (k === 0) {
      if (startsWrong(cue)) {
        firstProblem = startProblem(cue);
        return;
      }
      shown.start(cue.lines);
    }
    k++;
    if (!shown.match(unit.text) || (k === cue.unitCount && !shown.atEnd())) {
      firstProblem = { unit: expectedUnit, cue: c, reason: 'text differs from the words' };
      return;
    }
    if (k < cue.unitCount) return;
    expectedUnit += cue.unitCount;
    covered += cue.unitCount;
    c++;
    k = 0;
  });
  const left = cues[c];
  if (firstProblem === undefined && left !== undefined) {
    firstProblem =
      k === 0 && startsWrong(left)
        ? startProblem(left)
        : { unit: expectedUnit + k, cue: c, reason: 'not in the transcript' };
  }
  return {
    units: total,
    covered,
    ok: firstProblem === undefined && covered === total,
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
}
