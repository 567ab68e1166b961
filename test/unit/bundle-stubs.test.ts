import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundleAliases } from '../../scripts/bundle-aliases.js';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const stub = (name: string) => require(bundleAliases(root)[name] as string);

interface Qs {
  stringify(record: object): string;
  parse(query: string): Record<string, unknown>;
}
const realQs = require('qs') as Qs;
const standInQs = stub('qs') as Qs;

// What the COS SDK hands cos-request as `qs`: flat, after util.clearKey dropped undefined and null.
const sdkValue = fc.oneof(fc.string({ unit: 'grapheme' }), fc.integer(), fc.boolean());
const sdkQuery = fc.dictionary(fc.string({ unit: 'grapheme', minLength: 1 }), sdkValue);

describe('the qs stand-in of the function bundles', () => {
  it('writes what qs writes for any flat record of strings, numbers and booleans', () => {
    fc.assert(
      fc.property(sdkQuery, (record) => {
        expect(standInQs.stringify(record)).toBe(realQs.stringify(record));
      }),
    );
  });

  it('reads back what it wrote, as qs does, so a URL that already has a query keeps it', () => {
    // Names as an SDK URL has them (action words, flat keys): qs reads `a[b]=` as nesting and drops
    // names of Object.prototype ('valueOf'), where the stand-in keeps the name as sent.
    const flatQuery = fc.dictionary(
      fc.string({ unit: 'grapheme', minLength: 1 }).filter((name) => !/[[\]]/.test(name) && !(name in {})),
      sdkValue,
    );
    fc.assert(
      fc.property(flatQuery, (record) => {
        const query = realQs.stringify(record);
        expect(standInQs.parse(query)).toEqual(realQs.parse(query));
      }),
    );
  });

  it.each([
    ['acl', { acl: '' }],
    ['uploads', { uploads: '' }],
    ['prefix=a%2Fb&marker=', { prefix: 'a/b', marker: '' }],
  ])('reads the query %s of an SDK URL as qs does', (query, expected) => {
    expect(standInQs.parse(query)).toEqual(expected);
    expect(realQs.parse(query)).toEqual(expected);
  });

  it('leaves out undefined values and writes null as an empty value, as qs does', () => {
    const record = { a: undefined, b: null, c: 'x' };

    expect(standInQs.stringify(record)).toBe('b=&c=x');
    expect(realQs.stringify(record)).toBe('b=&c=x');
  });

  it('refuses a nested value, which qs would expand into bracketed keys, instead of writing it differently', () => {
    expect(() => standInQs.stringify({ tags: { a: '1' } })).toThrowErrorMatchingInlineSnapshot(
      `[Error: qs is left out of the function bundles: cannot put the nested value of tags in a URL]`,
    );
  });
});

describe('the other stand-ins', () => {
  it('performance-now answers what the package answers on Node: performance.now()', () => {
    const before = performance.now();
    const value = stub('performance-now')() as number;

    expect(value).toBeGreaterThanOrEqual(before);
    expect(value).toBeLessThanOrEqual(performance.now());
  });

  it('mime-types knows no type, as mime-types answers for an unknown extension', () => {
    expect(stub('mime-types').lookup('/tmp/a.srt')).toBe(false);
  });

  it.each(['aws4', 'aws-sign2', 'oauth-sign', 'form-data'])(
    '%s fails loudly, naming itself, on any use',
    (name) => {
      const module = stub(name);

      expect(() => module.sign()).toThrow(`${name} is left out of the cos-transcribe function bundles`);
      expect(() => new module()).toThrow(`${name} is left out of the cos-transcribe function bundles`);
    },
  );
});
