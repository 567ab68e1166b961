/**
 * The esbuild `alias` map of the function bundles: dependencies of the COS SDK (through cos-request)
 * that no function ever exercises, replaced at bundle time by the small stand-ins in
 * scripts/bundle-stubs/. Each stub says why it is safe and what it saves; a real use fails loudly or
 * answers as the real module does for input it does not know.
 *
 * For the function bundles only: the CLI's `transcribe` uploads files with the SDK's uploadFile, which
 * does look a file's Content-Type up by its extension (mime-types), so the CLI bundle keeps the real one.
 */
import path from 'node:path';

/** Module name to the absolute path of its stand-in. */
export function bundleAliases(root: string): Record<string, string> {
  const stub = (name: string) => path.join(root, 'scripts', 'bundle-stubs', `${name}.cjs`);
  return {
    'tough-cookie': stub('tough-cookie'),
    'http-signature': stub('http-signature'),
    'mime-types': stub('mime-types'),
    aws4: stub('aws4'),
    'aws-sign2': stub('aws-sign2'),
    'oauth-sign': stub('oauth-sign'),
    'form-data': stub('form-data'),
    qs: stub('qs'),
    'performance-now': stub('performance-now'),
  };
}
