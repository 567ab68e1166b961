/**
 * Preloaded into serverless@3 (`NODE_OPTIONS=--require scripts/sls-offline-shim.cjs`) so that
 * `serverless package` and `print` work offline. serverless-tencent-scf's provider constructor always
 * fires a telemetry POST (serverless-tencent-tools DataReport) with no error handler; without a
 * network its DNS failure surfaces as an uncaught exception and kills the command
 * (docs/tooling.md §1.1). Here the report becomes a no-op. Deploys are unaffected except
 * that they no longer phone home.
 */
const Module = require('node:module');

const target = /serverless-tencent-tools[\\/]sdk[\\/]others[\\/]dataReport\.js$/;
const silence = (exported) => {
  if (exported?.DataReport?.prototype) exported.DataReport.prototype.report = async () => true;
  return exported;
};

// Patch on load rather than by resolving one path up front: npm may hoist the package or nest it
// under the plugin, and either copy must be silenced.
const load = Module._load;
Module._load = function patchedLoad(request, parent, isMain) {
  const exported = load.apply(this, [request, parent, isMain]);
  try {
    const resolved = Module._resolveFilename(request, parent, isMain);
    if (target.test(resolved)) return silence(exported);
  } catch {
    // Not resolvable from here: not the module we patch.
  }
  return exported;
};
