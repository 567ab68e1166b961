import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { bundleAliases } from '../../scripts/bundle-aliases.js';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const stub = (name: string) => require(bundleAliases(root)[name] as string);

describe('the stand-ins of the command-line bundles', () => {
  it('are the two parts of cos-request that the SDK never uses, and nothing else', () => {
    expect(Object.keys(bundleAliases(root)).sort()).toEqual(['http-signature', 'tough-cookie']);
  });

  it('tough-cookie: a jar holds no cookies, and setting one fails loudly, naming the stub', () => {
    const { CookieJar, Cookie } = stub('tough-cookie');
    const jar = new CookieJar();

    expect(jar.getCookieStringSync('https://example.com/')).toBe('');
    expect(jar.getCookiesSync('https://example.com/')).toEqual([]);
    expect(() => jar.setCookieSync('a=b', 'https://example.com/')).toThrow('tough-cookie is stubbed');
    expect(() => Cookie.parse('a=b')).toThrow('tough-cookie is stubbed');
  });

  it('http-signature: signing fails loudly, naming the stub', () => {
    expect(() => stub('http-signature').signRequest()).toThrow('http-signature is stubbed');
  });
});
