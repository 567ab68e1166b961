// The SCF entry file of one function (`<name>.js`, handler `<name>.main`), copied next to each bundle
// by scripts/build.ts. It runs the esbuild bundle `<name>.bundle.js` exactly as Node's CommonJS loader
// would, except that V8 is handed the code cache scripts/code-cache.ts wrote at build time for this
// Node version and architecture: parsing and compiling the bundle is most of a cold start, and the
// cache (bytecode of every function the bundle ran while loading) replaces it.
//
// V8 accepts a cache only from the same V8 version and the same V8 flags (any flag, even
// --max-old-space-size, changes its flag hash); otherwise it sets `cachedDataRejected` and compiles
// from source, which is what happens anyway without a cache. So a missing, stale or foreign cache costs
// one file read and nothing else. Whether the cache was used is recorded on the exports under
// Symbol.for('cos-transcribe.code-cache') ('accepted', 'rejected' or 'absent'), for tests and the
// cold-start benchmark; SCF only looks up `main`.
'use strict';
const { readFileSync } = require('node:fs');
const { wrap } = require('node:module');
const path = require('node:path');
const { Script } = require('node:vm');

const name = path.basename(__filename, '.js');
const file = path.join(__dirname, `${name}.bundle.js`);
let cachedData;
try {
  cachedData = readFileSync(path.join(__dirname, `${name}.${process.version}-${process.arch}.code-cache`));
} catch {
  // No cache for this Node: compile from source.
}
// The same wrapper and file name as scripts/code-cache.ts used to make the cache.
// latin1: the build makes the bundle pure ASCII (scripts/ascii-bundle.ts), and a one-byte read is
// about twice as fast as decoding UTF-8.
const script = new Script(wrap(readFileSync(file, 'latin1')), { filename: file, cachedData });
script.runInThisContext()(module.exports, require, module, file, __dirname);
Object.defineProperty(module.exports, Symbol.for('cos-transcribe.code-cache'), {
  value: cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted',
});
