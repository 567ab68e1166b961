import { describe, expect, it } from 'vitest';
import { parsePocketsphinxOutput } from '../../../local/recognizer/pocketsphinx-output.js';

// Recorded from `pocketsphinx_continuous -time yes` (Debian 0.8+5prealpha) on two LibriVox clips
// joined by a 2 s pause: times count from the start of the stream, one hypothesis line per utterance.
const RECORDED = `He was not an illness those young man
<s> 0.000 0.060 0.999500
<sil> 0.070 0.200 0.694306
he 0.210 0.320 0.998701
was(2) 0.330 0.540 0.999800
not 0.550 0.970 0.998701
[SPEECH] 0.980 1.100 0.535598
an(2) 1.110 1.290 0.472940
</s> 2.800 3.090 1.000000
he might even
<s> 4.880 4.970 0.999900
he 5.210 5.370 0.997303
might 5.380 5.620 0.995609
even 5.630 5.910 1.000000
</s> 8.010 8.270 1.000000
`;

describe('parsePocketsphinxOutput', () => {
  it('splits the output into utterances at <s> and </s>, ignoring hypothesis lines', () => {
    // Act
    const utterances = parsePocketsphinxOutput(RECORDED);

    // Assess
    expect(utterances.map((u) => u.map((s) => s.word))).toEqual([
      ['<sil>', 'he', 'was', 'not', '[SPEECH]', 'an'],
      ['he', 'might', 'even'],
    ]);
  });

  it('converts seconds to integer ms and ends a word one 10 ms frame after its last frame', () => {
    // Act
    const [first] = parsePocketsphinxOutput(RECORDED);

    // Assess
    expect(first?.[1]).toEqual({ word: 'he', startMs: 210, endMs: 330, posterior: 0.998701, filler: false });
    expect(first?.[2]).toMatchObject({ word: 'was', startMs: 330, endMs: 550 });
  });

  it('marks silence and noise entries as fillers', () => {
    // Act
    const [first] = parsePocketsphinxOutput(RECORDED);

    // Assess
    expect(first?.filter((s) => s.filler).map((s) => s.word)).toEqual(['<sil>', '[SPEECH]']);
  });

  it('returns nothing for output without any segment', () => {
    expect(parsePocketsphinxOutput('\n')).toEqual([]);
  });
});
