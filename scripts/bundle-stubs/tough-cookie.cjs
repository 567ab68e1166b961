// Bundle-time stand-in for tough-cookie, pulled in by cos-nodejs-sdk-v5 → cos-request in the CLI
// bundles (scripts/bundle-aliases.ts). The SDK never passes a cookie jar (cos-request then disables
// cookies), but tough-cookie and its public-suffix list (psl) cost ~180 KB and tens of ms of every
// command's start. Any real use fails loudly.
'use strict';
function unsupported() {
  throw new Error(
    'cookies are not supported in the cos-transcribe command-line bundles (tough-cookie is stubbed)',
  );
}
class CookieJar {
  setCookieSync() {
    unsupported();
  }
  getCookieStringSync() {
    return '';
  }
  getCookiesSync() {
    return [];
  }
}
module.exports = { CookieJar, Cookie: { parse: unsupported } };
