// Bundle-time stand-in for mime-types, pulled in by cos-nodejs-sdk-v5 (sdk/base.js) and cos-request.
// Both ask it only for a file ReadStream body sent without a Content-Type; every put of ours sends a
// Buffer or string with an explicit ContentType (PutBody.contentType is required), so the lookup never
// runs. The real module carries mime-db (~134 KB minified), parsed and indexed on every cold start:
// ~18 ms per function. `false` is mime-types' own answer for an unknown extension, on which the SDK
// falls back to application/octet-stream.
'use strict';
function unknown() {
  return false;
}
module.exports = { lookup: unknown, contentType: unknown, extension: unknown, charset: unknown };
