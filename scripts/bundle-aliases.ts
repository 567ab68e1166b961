/**
 * The esbuild `alias` map of the command-line bundles (scripts/build-cli.ts): two dependencies of
 * cos-nodejs-sdk-v5's `request` fork (cos-request) that no command ever exercises, replaced at bundle
 * time by the small stand-ins in scripts/bundle-stubs/. Each stub says why it is safe and what it
 * saves; a real use fails loudly.
 *
 * The function bundles need none: they no longer contain the SDK (lib/tencent/cos/cos-transport.ts,
 * issue 16). The CLI keeps the SDK for `transcribe`'s multipart uploads (uploadFile), which do use the
 * rest of cos-request (mime-types for a file's Content-Type, qs, form-data...), so only these two go.
 */
import path from 'node:path';

/** Module name to the absolute path of its stand-in. */
export function bundleAliases(root: string): Record<string, string> {
  const stub = (name: string) => path.join(root, 'scripts', 'bundle-stubs', `${name}.cjs`);
  return {
    'tough-cookie': stub('tough-cookie'),
    'http-signature': stub('http-signature'),
  };
}
