/**
 * uint64 identifiers (ASR TaskId) as decimal strings: the only representation in JS that neither
 * rounds (number) nor leaks a bigint into JSON, logs and storage.
 */
import { z } from 'zod';

const UINT64_MAX = 18_446_744_073_709_551_615n;

/** A decimal string of a uint64, e.g. '18446744073709551615'. */
export type Uint64String = string;

/**
 * Reads a uint64 from a response parsed by `parseJsonLosslessly`: a safe integer arrives as a
 * number, a larger one as a digit string. A number that is not a safe integer has already lost
 * precision (someone used JSON.parse), so it is refused instead of being passed on wrong.
 */
export const uint64Schema = z
  .union([z.string().regex(/^\d{1,20}$/, 'a uint64 is 1 to 20 decimal digits'), z.number()])
  .superRefine((value, context) => {
    if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= 0)) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: `${value} is not a safe non-negative integer: parse the body with parseJsonLosslessly`,
      });
    } else if (typeof value === 'string' && /^\d{1,20}$/.test(value) && BigInt(value) > UINT64_MAX) {
      // (zod still runs refinements after a failed regex, hence the second test of the digits.)
      context.addIssue({ code: z.ZodIssueCode.custom, message: `${value} is above 2^64 - 1` });
    }
  })
  .transform((value) => (typeof value === 'number' ? String(value) : BigInt(value).toString()));

/** True for a decimal string a uint64 can hold. */
export function isUint64String(value: string): boolean {
  return /^\d{1,20}$/.test(value) && BigInt(value) <= UINT64_MAX;
}

/** The bigint to put in a request body so that it is written as a bare JSON integer. */
export function uint64ForRequest(value: Uint64String): bigint {
  if (!isUint64String(value)) throw new RangeError(`"${value}" is not a uint64 decimal string`);
  return BigInt(value);
}
