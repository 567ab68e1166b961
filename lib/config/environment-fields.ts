/**
 * The zod pieces the environment schema is built from. Each field reports its own problem as a zod
 * issue in plain words (naming the fix) and still yields a usable fallback, so the checks that combine
 * several variables run too and every problem is listed at once (STYLE §5).
 */
import { z } from 'zod';
import { formatDurationMs, parseDurationMs } from './duration.js';
import { secretWeakness } from './secret-strength.js';
import { SecretValue } from './secret-value.js';
import type { Parsed } from './settings-fields.js';

// COS bucket names: lower-case letters, digits and '-', then '-<appid>' (1-50 chars before it).
const bucketPattern = /^[a-z0-9][a-z0-9-]{0,49}-\d{5,}$/;

/** True for a full COS bucket name, `<name>-<appid>`. */
export function isBucketName(value: string | undefined): value is string {
  return value !== undefined && bucketPattern.test(value);
}

/** A trimmed value; blank counts as unset (serverless.yml passes '' for what the operator left out). */
export const text = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** Adds one problem to the variable being parsed. */
function report(ctx: z.RefinementCtx, message: string): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message });
}

/** A variable read with one of the settings parsers; on a problem the fallback is kept. */
export function setting<T>(whenUnset: string, parse: (t: string) => Parsed<T>, fallback: T) {
  return text.transform((value, ctx): T => {
    const result = parse(value ?? whenUnset);
    if (result.ok) return result.value;
    report(ctx, result.problem);
    return fallback;
  });
}

/**
 * A bucket name; `unset` is the message for a required one. (One transform per field: zod runs no
 * further transform once a problem is reported, and other checks need the value.)
 */
export function bucket(unset?: string) {
  return text.transform((value, ctx) => {
    if (value === undefined && unset !== undefined) report(ctx, `is not set; ${unset}`);
    if (value !== undefined && !isBucketName(value)) {
      report(ctx, `"${value}" is not a full bucket name; write <name>-<appid>, e.g. media-1250000000`);
    }
    return value;
  });
}

/** A key prefix. An explicitly empty prefix is meaningful (the whole bucket), so only unset means default. */
export function prefix(whenUnset: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw === undefined ? whenUnset : raw.trim();
      if (value.startsWith('/'))
        report(ctx, `"${value}" starts with "/"; COS keys do not, so write "${value.replace(/^\/+/, '')}"`);
      if (value !== '' && !value.endsWith('/')) {
        report(
          ctx,
          `"${value}" does not end with "/", so it would also match "${value}-other/..."; write "${value}/"`,
        );
      }
      return value;
    });
}

/** A duration in integer ms between `minMs` and `maxMs` (`90s`, `30m`, `6h`, `2d`; a bare number is seconds). */
export function duration(whenUnset: string, minMs: number, maxMs: number) {
  return text.transform((value, ctx): number => {
    const written = value ?? whenUnset;
    const ms = parseDurationMs(written);
    if (ms === undefined) {
      report(ctx, `"${written}" is not a duration; write e.g. 90s, 30m, 6h or 2d (a bare number is seconds)`);
      return parseDurationMs(whenUnset) ?? 0;
    }
    if (ms < minMs || ms > maxMs) {
      report(
        ctx,
        `${formatDurationMs(ms)} is out of range; use between ${formatDurationMs(minMs)} and ${formatDurationMs(maxMs)}`,
      );
    }
    return ms;
  });
}

/** A whole number from 1 to `max`. */
export function count(whenUnset: string, max: number) {
  return text.transform((value, ctx): number => {
    const written = value ?? whenUnset;
    const parsed = Number(written);
    if (!/^\d+$/.test(written) || parsed < 1 || parsed > max) {
      report(ctx, `"${written}" is not a count; use a whole number from 1 to ${max}`);
    }
    return parsed;
  });
}

/**
 * A secret, judged without ever being shown: only judgements about it enter a message. `unset` is the
 * message for a missing required secret; `advice` ends the message for a weak one.
 */
export function secret(advice: string, unset?: string) {
  return text.transform((value, ctx) => {
    if (value === undefined) {
      if (unset !== undefined) report(ctx, `is not set; ${unset}`);
      return undefined;
    }
    const weakness = secretWeakness(value);
    if (weakness) report(ctx, `${weakness}; ${advice}`);
    return new SecretValue(value);
  });
}

/** The callback route's URL as written, and parsed: a bare http(s) URL (the token is appended to it). */
export const callbackUrl = text.transform((value, ctx): { text: string; url: URL | undefined } => {
  if (value === undefined) {
    report(ctx, "is not set; set it to the callback function's URL (npm run deploy does)");
    return { text: '', url: undefined };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    report(
      ctx,
      `"${value}" is not a URL; write the callback function's URL, https://<appid>-<id>.<region>.tencentscf.com`,
    );
    return { text: value, url: undefined };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    report(ctx, `uses ${url.protocol}; Tencent only calls http(s) URLs`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    report(ctx, 'carries a query, fragment or credentials; give the bare route URL, the token is appended');
  }
  return { text: value, url };
});
