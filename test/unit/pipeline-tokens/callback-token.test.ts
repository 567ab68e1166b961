import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretValue } from '../../../lib/config/secret-value.js';
import { signedCallbackUrl, verifyCallbackToken } from '../../../lib/pipeline/callback-token.js';

const secret = new SecretValue('current-secret-0123456789abcdef0123456789');
const previous = new SecretValue('previous-secret-0123456789abcdef012345678');
const jobId = '0123456789abcdef0123456789abcdef';
const otherJob = 'fedcba9876543210fedcba9876543210';
const now = 1_800_000_000_000;

function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

describe('signed callback URL', () => {
  it('carries job, exp in whole seconds and the documented HMAC', () => {
    // Act
    const url = signedCallbackUrl('https://gw.example.com/release/callback', jobId, now + 3_600_500, secret);

    // Assess: recompute the HMAC independently from the documented recipe
    const { job, exp, sig } = queryOf(url);
    expect(url.startsWith('https://gw.example.com/release/callback?job=')).toBe(true);
    expect([job, exp]).toEqual([jobId, '1800003601']);
    expect(sig).toBe(createHmac('sha256', secret.reveal()).update(`${jobId}.1800003601`).digest('hex'));
  });

  it('verifies its own token and reports the job and expiry', () => {
    // Prepare
    const url = signedCallbackUrl('https://gw.example.com/cb', jobId, now + 60_000, secret);

    // Act
    const verdict = verifyCallbackToken(queryOf(url), { secrets: [secret], nowMs: now });

    // Assess
    expect(verdict).toEqual({ ok: true, jobId, expiresAtMs: now + 60_000 });
  });

  it('accepts a token signed with the previous secret during a rotation', () => {
    // Prepare
    const url = signedCallbackUrl('https://gw.example.com/cb', jobId, now + 60_000, previous);

    // Act
    const verdict = verifyCallbackToken(queryOf(url), { secrets: [secret, previous], nowMs: now });

    // Assess
    expect(verdict.ok).toBe(true);
  });

  it.each([
    ['an expired token', { exp: 'valid-expired' }, 'expired'],
    ['a signature made with another secret', { secret: 'other' }, 'forged'],
    ['a job id swapped into a genuine token', { job: otherJob }, 'forged'],
    ['an extended expiry', { exp: '9999999999' }, 'forged'],
    ['a missing signature', { sig: undefined }, 'malformed'],
    ['an upper-case signature', { sig: 'upper' }, 'malformed'],
    ['a truncated signature', { sig: 'short' }, 'malformed'],
    ['a job id that could walk a storage path', { job: '../../status/x' }, 'malformed'],
    ['a repeated parameter', { sig: 'array' }, 'malformed'],
    ['a bare key without a value', { exp: true }, 'malformed'],
  ] as const)('rejects %s', (_, change, reason) => {
    // Prepare
    const signer = 'secret' in change ? new SecretValue('another-secret-0123456789abcdef01234567') : secret;
    const expiresAt = 'exp' in change && change.exp === 'valid-expired' ? now - 1_000 : now + 60_000;
    const query: Record<string, unknown> = queryOf(
      signedCallbackUrl('https://gw.example.com/cb', jobId, expiresAt, signer),
    );
    if ('job' in change) query.job = change.job;
    if ('exp' in change && change.exp !== 'valid-expired') query.exp = change.exp;
    if ('sig' in change) {
      const sig = String(query.sig);
      query.sig =
        change.sig === undefined
          ? undefined
          : change.sig === 'upper'
            ? sig.toUpperCase()
            : change.sig === 'short'
              ? sig.slice(0, 40)
              : [sig, sig];
    }

    // Act
    const verdict = verifyCallbackToken(query, { secrets: [secret], nowMs: now });

    // Assess
    expect(verdict).toEqual({ ok: false, reason });
  });

  it('never accepts a token whose signature differs in any way (property)', () => {
    // Prepare
    const url = signedCallbackUrl('https://gw.example.com/cb', jobId, now + 60_000, secret);
    const genuine = queryOf(url);

    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), (sig) => {
        fc.pre(sig !== genuine.sig);
        // Act
        const verdict = verifyCallbackToken({ ...genuine, sig }, { secrets: [secret], nowMs: now });
        // Assess
        return !verdict.ok && verdict.reason === 'forged';
      }),
      { numRuns: 200 },
    );
  });
});

describe('issueCallbackUrl', () => {
  it('issues a token that verifies until the hard limit and not after', async () => {
    // Prepare
    const { loadConfig } = await import('../../../lib/config/load-config.js');
    const { acceptedSecrets, issueCallbackUrl } = await import('../../../lib/pipeline/callback-token.js');
    const config = loadConfig({
      REGION: 'ap-guangzhou',
      INPUT_BUCKET: 'media-1250000000',
      CALLBACK_BASE_URL: 'https://gw.example.com/release/callback',
      CALLBACK_SECRET: secret.reveal(),
      CALLBACK_SECRET_PREVIOUS: previous.reveal(),
      RECONCILE_HARD_LIMIT: '2h',
    });

    // Act
    const issued = issueCallbackUrl(config, jobId, now);
    const verify = (at: number) =>
      verifyCallbackToken(queryOf(issued.url), { secrets: acceptedSecrets(config), nowMs: at });

    // Assess
    expect(issued.expiresAtMs).toBe(now + 7_200_000);
    expect(verify(now + 7_199_999).ok).toBe(true);
    expect(verify(now + 7_200_000)).toEqual({ ok: false, reason: 'expired' });
    expect(acceptedSecrets(config)).toHaveLength(2);
  });
});
