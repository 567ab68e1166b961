// Bundle-time stand-in for qs, which cos-request uses (lib/querystring.js) to merge the COS SDK's
// query parameters into the request URL: `parse` on the query the URL already has ('acl', 'uploads',
// 'prefix=a'), `stringify` on the merged flat record. For flat records of strings, numbers and booleans
// (all the SDK sends: util.clearKey drops undefined and null) this gives qs's output: RFC 3986
// percent-encoding (every character but A-Z a-z 0-9 - . _ ~), `key=` for an empty value, undefined
// values left out (test/unit/bundle-stubs.test.ts compares the two). qs itself brings
// side-channel, get-intrinsic and object-inspect, ~100 KB of source initialised on every cold start.
// A nested value or an array, which qs would expand into `a[b]=` keys, fails loudly instead.
'use strict';
const querystring = require('node:querystring');

function stringify(record) {
  const pairs = [];
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined) continue;
    if (value !== null && typeof value === 'object') {
      throw new Error(
        `qs is left out of the function bundles: cannot put the nested value of ${key} in a URL`,
      );
    }
    pairs.push(`${encode(key)}=${value === null ? '' : encode(String(value))}`);
  }
  return pairs.join('&');
}

function encode(text) {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function parse(query) {
  // A plain object like qs's (querystring's has a null prototype), keeping the last of repeated keys'
  // values as a list, as qs does.
  return { ...querystring.parse(query) };
}

module.exports = { parse, stringify };
