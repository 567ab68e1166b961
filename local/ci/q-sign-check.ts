/**
 * CI authenticates exactly like COS (doc 1045/49546: "Authorization: Auth String, see Request Signature"),
 * so this reuses the emulator's COS verifier (local/cos/cos-auth.ts) with the CI token header
 * (`x-ci-security-token`, which cos-nodejs-sdk-v5 sends for `*.ci.*` hosts) and turns its outcome
 * into CI's error answer. CI has no anonymous access: an unsigned request is AccessDenied.
 */

import type { Accounts } from '../context.js';
import { verifyCosSignature } from '../cos/cos-auth.js';
import { COS_ERROR_STATUS } from '../cos/cos-errors.js';
import { parseQuery } from '../cos/query.js';
import type { EmulatorRequest } from '../service.js';
import { CiError } from './ci-error.js';

/** Verifies the q-sign signature, window and token; throws CiError with COS's codes when it fails. */
export function verifyCiSignature(request: EmulatorRequest, accounts: Accounts): { secretId: string } {
  const query = parseQuery(request.rawQuery);
  if (!query) throw new CiError(400, 'InvalidArgument', 'The query string is not valid percent-encoding.');
  const outcome = verifyCosSignature(
    { method: request.method, rawPath: request.rawPath, query, headers: request.headers, ciHost: true },
    accounts,
    request.receivedAt,
  );
  if (!outcome.ok) throw new CiError(COS_ERROR_STATUS[outcome.code], outcome.code, outcome.message);
  if (outcome.anonymous) throw new CiError(403, 'AccessDenied', 'Access Denied. CI requests must be signed.');
  return { secretId: outcome.secretId };
}

/** Query parameters by lower-cased name (CI's list parameters are camelCase: queueId, nextToken). */
export function ciQuery(rawQuery: string): Map<string, string> {
  const pairs = parseQuery(rawQuery);
  if (!pairs) throw new CiError(400, 'InvalidArgument', 'The query string is not valid percent-encoding.');
  return new Map(pairs.map(([name, value]) => [name.toLowerCase(), value] as const));
}
