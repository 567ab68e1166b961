/**
 * Where a job's outputs go (DESIGN "Outputs are deterministic"): input `<inputPrefix><rest>` becomes
 * `<outputPrefix><rest>.<fmt>` in the output bucket, plus `<rest>.raw.json` (or `.raw.xml`, the
 * engine's result as received) and `<rest>.qc.json` (the subtitle QC report). Same input, same names:
 * a second delivery overwrites with identical bytes instead of adding a second set.
 *
 * Output keys are safe by construction: an input whose outputs COS could not store under the names
 * above is refused at upload (`outputKeyRefusal`), before any job exists.
 */
import type { OutputFormat } from '../config/engines.js';
import type { PipelineConfig } from '../config/pipeline-config.js';
import { hasDotSegment } from '../tencent/cos/object-key.js';
import type { Refusal } from './input-rules.js';

/** Metadata key (after `x-cos-meta-`) on every object the pipeline writes; its value is the job id. */
export const outputMarkerKey = 'cos-transcribe-output';

/** COS's longest object key: 850 bytes of UTF-8 (doc 436/13324, "Object Overview", naming conventions). */
export const maxKeyBytes = 850;

/** The shared stem of an input's outputs: the output prefix plus the key after the input prefix. */
export function outputStem(config: Pick<PipelineConfig, 'input' | 'output'>, inputKey: string): string {
  const rest = inputKey.startsWith(config.input.prefix)
    ? inputKey.slice(config.input.prefix.length)
    : inputKey;
  return `${config.output.prefix}${rest}`;
}

/**
 * Why an input's outputs cannot be named after it, or undefined when they can:
 * - a `.` or `..` path segment: COS resolves dot segments in a request path the way URLs do (the
 *   assumption local/cos/cos-service.ts documents), so `output/../cos-transcribe/jobs/...` would land
 *   on ledger records. Mapping such segments to other names could collide with a real key, so the
 *   input is refused and the uploader renames it.
 * - an output key over COS's 850 bytes: every write would be refused, so the job could never finish.
 *   Measured on the longest name the job writes (its formats, `.qc.json`, `.raw.json`/`.raw.xml`);
 *   ledger keys have a fixed length under LEDGER_PREFIX and do not depend on the input.
 */
export function outputKeyRefusal(
  config: Pick<PipelineConfig, 'input' | 'output'>,
  inputKey: string,
  formats: readonly OutputFormat[],
): Refusal | undefined {
  const stem = outputStem(config, inputKey);
  if (hasDotSegment(stem)) {
    return {
      state: 'failed',
      code: 'UnsafeKey',
      message: `the key has a "." or ".." path segment, which COS resolves like a folder path, so the outputs could land elsewhere; rename the file without such segments and upload it again`,
    };
  }
  const suffixes = [...formats.map((format) => `.${format}`), '.qc.json', '.raw.json', '.raw.xml'];
  const longest = Math.max(...suffixes.map((suffix) => Buffer.byteLength(`${stem}${suffix}`)));
  if (longest > maxKeyBytes) {
    return {
      state: 'failed',
      code: 'KeyTooLong',
      message: `its longest output key would be ${longest} bytes, over COS's ${maxKeyBytes}-byte limit; shorten the file name or its folders by at least ${longest - maxKeyBytes} bytes (UTF-8) and upload it again`,
    };
  }
  return undefined;
}

/** True when object metadata says the pipeline wrote it (never transcribe our own outputs). */
export function isPipelineOutput(metadata: Readonly<Record<string, string>>): boolean {
  return metadata[outputMarkerKey] !== undefined;
}
