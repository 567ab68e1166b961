/**
 * Where a job's outputs go (DESIGN "Outputs are deterministic"): input `<inputPrefix><rest>` becomes
 * `<outputPrefix><rest>.<fmt>` in the output bucket, plus `<rest>.raw.json` (or `.raw.xml`, the
 * engine's result as received) and `<rest>.qc.json` (the subtitle QC report). Same input, same names:
 * a second delivery overwrites with identical bytes instead of adding a second set.
 */
import type { PipelineConfig } from '../config/pipeline-config.js';

/** Metadata key (after `x-cos-meta-`) on every object the pipeline writes; its value is the job id. */
export const outputMarkerKey = 'cos-transcribe-output';

/** The shared stem of an input's outputs: the output prefix plus the key after the input prefix. */
export function outputStem(config: Pick<PipelineConfig, 'input' | 'output'>, inputKey: string): string {
  const rest = inputKey.startsWith(config.input.prefix)
    ? inputKey.slice(config.input.prefix.length)
    : inputKey;
  return `${config.output.prefix}${rest}`;
}

/** True when object metadata says the pipeline wrote it (never transcribe our own outputs). */
export function isPipelineOutput(metadata: Readonly<Record<string, string>>): boolean {
  return metadata[outputMarkerKey] !== undefined;
}
