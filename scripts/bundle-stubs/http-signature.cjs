// Bundle-time stand-in for http-signature, pulled in by cos-nodejs-sdk-v5 → cos-request for its
// `httpSignature` option, which the SDK never sets. With it go sshpk, tweetnacl, jsbn and friends
// (~200 KB of every CLI bundle that carries the SDK). Any real use fails loudly.
'use strict';
module.exports = {
  signRequest() {
    throw new Error(
      'HTTP signatures are not supported in the cos-transcribe command-line bundles (http-signature is stubbed)',
    );
  },
};
