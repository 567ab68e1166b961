/**
 * Reads an action's parameters from the request (JSON body for POST application/json, the form or
 * query string for x-www-form-urlencoded and GET) and validates them with the action's zod schema,
 * turning zod's findings into Tencent's codes: an absent required field is MissingParameter, a field
 * the action does not define is UnknownParameter, a value of the wrong JSON type is InvalidParameter,
 * a value outside what is allowed is InvalidParameterValue.
 */
import { z } from 'zod';
import type { EmulatorRequest } from '../service.js';
import { Api3Error } from './api3-error.js';
import { type LosslessJson, parseLosslessJson } from './lossless-json.js';

/** Parameters as sent, before validation. `form` ones are all strings (GET and form posts carry text only). */
export interface RawParams {
  readonly source: 'json' | 'form';
  readonly values: Record<string, unknown>;
}

/** Extracts the raw parameters, or throws Api3Error when the body cannot be read at all. */
export function readParams(request: EmulatorRequest): RawParams {
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  if (request.method === 'GET')
    return { source: 'form', values: unflatten(new URLSearchParams(request.rawQuery)) };
  if (request.method !== 'POST') {
    throw new Api3Error(
      'UnsupportedProtocol',
      `HTTP method ${request.method} is not supported; use POST or GET.`,
    );
  }
  if (contentType.startsWith('application/json')) {
    let parsed: LosslessJson;
    try {
      parsed = request.body.length === 0 ? {} : parseLosslessJson(request.body.toString('utf8'));
    } catch (error) {
      throw new Api3Error(
        'InvalidParameter',
        `The request body is not valid JSON (${(error as Error).message}).`,
      );
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Api3Error('InvalidParameter', 'The request body must be a JSON object.');
    }
    return { source: 'json', values: parsed };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return { source: 'form', values: unflatten(new URLSearchParams(request.body.toString('utf8'))) };
  }
  throw new Api3Error(
    'InvalidParameter',
    `Content-Type '${contentType}' is not supported; use application/json (or x-www-form-urlencoded).`,
  );
}

/**
 * Validates raw parameters against a strict zod object schema. Form values are text, so digit strings
 * are turned into numbers first for the fields the schema declares as numbers.
 */
export function validateParams<T extends z.ZodRawShape>(
  schema: z.ZodObject<T>,
  raw: RawParams,
): z.infer<z.ZodObject<T>> {
  const values = raw.source === 'form' ? coerceFormNumbers(schema, raw.values) : raw.values;
  const unknown = Object.keys(values).filter((key) => !(key in schema.shape));
  if (unknown.length > 0) {
    throw new Api3Error('UnknownParameter', `The parameter \`${unknown[0]}\` is not recognized.`);
  }
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw toApi3Error(result.error, values);
}

/** Maps the first zod issue onto a Tencent code with a message naming the parameter. */
export function toApi3Error(error: z.ZodError, values: Record<string, unknown>): Api3Error {
  const issue = error.issues[0];
  const name = issue?.path.join('.') ?? '';
  if (!issue) return new Api3Error('InvalidParameter', 'Invalid parameters.');
  // Any issue on an absent top-level field (invalid_type, or invalid_union for number|bigint) means it is missing.
  if (issue.path.length === 1 && values[String(issue.path[0])] === undefined) {
    return new Api3Error('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
  }
  if (issue.code === 'invalid_type') {
    return new Api3Error(
      'InvalidParameter',
      `The parameter \`${name}\` must be of type ${issue.expected}, not ${issue.received}.`,
    );
  }
  return new Api3Error(
    'InvalidParameterValue',
    `The value of parameter \`${name}\` is invalid: ${issue.message}`,
  );
}

function coerceFormNumbers(
  schema: z.ZodObject<z.ZodRawShape>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...values };
  for (const [key, value] of Object.entries(values)) {
    const field = schema.shape[key];
    if (field && isNumberSchema(field) && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) {
      const number = Number(value);
      // A uint64 TaskId past 2^53 must stay exact, as it does in a JSON body.
      result[key] = /^-?\d+$/.test(value) && !Number.isSafeInteger(number) ? BigInt(value) : number;
    }
  }
  return result;
}

function isNumberSchema(schema: z.ZodTypeAny): boolean {
  if (schema instanceof z.ZodNumber) return true;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return isNumberSchema(schema._def.innerType);
  }
  if (schema instanceof z.ZodEffects) return isNumberSchema(schema._def.schema);
  if (schema instanceof z.ZodUnion) return (schema._def.options as z.ZodTypeAny[]).some(isNumberSchema);
  if (schema instanceof z.ZodBigInt) return true;
  return false;
}

/** API 3.0 flattens lists and objects in forms as `Name.0`, `Name.0.Field` (the SDK's mergeData). */
function unflatten(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version' || key === 'Region' || key === 'Timestamp') continue;
    const parts = key.split('.');
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        Object.defineProperty(node, part, { value, enumerable: true, writable: true, configurable: true });
        return;
      }
      const next = node[part];
      if (next === null || typeof next !== 'object') {
        const child: Record<string, unknown> = {};
        Object.defineProperty(node, part, {
          value: child,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        node = child;
      } else node = next as Record<string, unknown>;
    });
  }
  return arrayify(root) as Record<string, unknown>;
}

function arrayify(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, arrayify(v)] as const);
  if (entries.length > 0 && entries.every(([k], i) => k === String(i))) return entries.map(([, v]) => v);
  return Object.fromEntries(entries);
}
