/**
 * The claim lease must outlast every moment the claimer could still create an engine task (issue 12
 * item 5). The claimer's submit retries until `submitDeadlineMs`; SCF ends the upload function at its
 * timeout in serverless.yml; the lease must run past both, and all three come from one constant.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { claimLeaseMs, submitOverheadMs } from '../../../lib/pipeline/claim-lease.js';
import { submitDeadlineMs, submitRetryOptions } from '../../../lib/tencent/submit-retry.js';

const root = path.resolve(import.meta.dirname, '../../..');
const service = parse(readFileSync(path.join(root, 'serverless.yml'), 'utf8')) as {
  functions: Record<string, { timeout: number }>;
};

describe('the claim lease', () => {
  it('is what the submit retries use as their deadline, plus room', () => {
    // Assess
    expect(submitRetryOptions().deadlineMs).toBe(submitDeadlineMs);
    expect(claimLeaseMs).toBeGreaterThan(submitDeadlineMs + submitOverheadMs);
  });

  it('outlasts the upload function, which SCF ends at its timeout', () => {
    // Prepare
    const uploadTimeoutMs = (service.functions.upload?.timeout ?? 0) * 1000;

    // Assess
    expect(uploadTimeoutMs).toBe(submitDeadlineMs + submitOverheadMs);
    expect(claimLeaseMs).toBeGreaterThan(uploadTimeoutMs);
  });
});
