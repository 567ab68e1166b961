/**
 * The segmenter's working columns for one block (segment-cues.ts).
 */

/**
 * The units of the block being read, as columns (unit u shows as token u), plus the working columns
 * of the programme. One set serves block after block, growing to the largest: the segmenter handles
 * tens of thousands of words per transcript, and objects or fresh typed arrays per word or per block
 * showed up as GC time. Per-unit columns have room for a sentinel at `length`.
 */
export class BlockUnits {
  length = 0;
  /** The transcript index of unit 0: a block's units are consecutive, unit u is `firstIndex + u`. */
  firstIndex = 0;
  start = new Float64Array(0);
  end = new Float64Array(0);
  estimated = new Uint8Array(0);
  /** 1 where the unit's token ends a sentence (the programme asks this about every candidate cue). */
  sentenceEnd = new Uint8Array(0);
  /** When a cue starting at unit u starts, after the best cues of the units before it (see solveBlock). */
  cueStart = new Float64Array(0);
  /** When the best cue ending before unit u ends. */
  cueEnd = new Float64Array(0);
  /** The programme's best cost of the first u units, and where its last cue starts. */
  best = new Float64Array(0);
  from = new Int32Array(0);

  push(index: number, startMs: number, endMs: number, estimated: boolean, sentenceEnd: boolean): void {
    if (this.length + 1 >= this.start.length) this.#grow(Math.max(64, this.start.length * 2));
    if (this.length === 0) this.firstIndex = index;
    const u = this.length++;
    this.start[u] = startMs;
    this.end[u] = endMs;
    this.estimated[u] = estimated ? 1 : 0;
    this.sentenceEnd[u] = sentenceEnd ? 1 : 0;
  }

  clear(): void {
    this.length = 0;
  }

  /** Keeps the units read so far; the working columns are filled anew by each solve. */
  #grow(capacity: number): void {
    this.start = withCapacity(this.start, capacity);
    this.end = withCapacity(this.end, capacity);
    this.estimated = withCapacity(this.estimated, capacity);
    this.sentenceEnd = withCapacity(this.sentenceEnd, capacity);
    this.cueStart = new Float64Array(capacity);
    this.cueEnd = new Float64Array(capacity);
    this.best = new Float64Array(capacity);
    this.from = new Int32Array(capacity);
  }
}

function withCapacity<T extends Float64Array | Uint8Array>(column: T, capacity: number): T {
  const grown = new (column.constructor as new (length: number) => T)(capacity);
  grown.set(column);
  return grown;
}
