/**
 * An esbuild plugin that loads a module a bundle imports when one of its exports is first used, not
 * when the bundle starts: a bundled npm package (an ES module), or a Node built-in a bundled package
 * requires at its top level but uses only on some paths. Each import of a named module is resolved
 * to a small stand-in whose exports are getters that require the real module (esbuild wraps a bundled
 * module that is required in a function it runs once, on the first call; a built-in is required from
 * Node). esbuild compiles a named import of a CommonJS module to a property read at each use, so the
 * getter runs at the first use: a command or function that never reads CI XML never evaluates the
 * XML parser, and one that never receives a gzip answer never loads zlib (test/bench/cli-start.bench.ts,
 * test/bench/cold-start.bench.ts). The stand-in of a built-in can also be called, for one that is
 * a function (`assert(...)`).
 *
 * Only for modules whose exports are used, not read, at the importer's top level: a top-level
 * `new XMLParser()` would load the package at start again (ci-xml.ts makes its parser on first use).
 */
import { builtinModules, createRequire } from 'node:module';
import { build as esbuild, type Plugin } from 'esbuild';

const NAMESPACE = 'lazy-module';
const requireHere = createRequire(import.meta.url);

/** The plugin for the npm packages and Node built-ins named. */
export function lazyModules(names: readonly string[]): Plugin {
  return {
    name: 'lazy-modules',
    setup(build) {
      const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      const filter = new RegExp(`^(node:)?(${escaped.join('|')})$`);
      build.onResolve({ filter }, async (args) => {
        // The stand-in's own require of the module resolves as usual.
        if (args.namespace === NAMESPACE) return undefined;
        const name = args.path.replace(/^node:/, '');
        if (builtinModules.includes(name)) {
          return { path: name, namespace: NAMESPACE, pluginData: { builtin: true } };
        }
        const real = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          namespace: NAMESPACE,
        });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: args.path, namespace: NAMESPACE, pluginData: { realPath: real.path } };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const { builtin, realPath } = args.pluginData as { builtin?: boolean; realPath?: string };
        const target = builtin ? `node:${args.path}` : (realPath as string);
        // A built-in's names are read by requiring it here, which has no effect beyond this process.
        const exportNames = builtin ? Object.keys(requireHere(target)) : await exportsOf(target);
        // The getters sit on the stand-in's prototype, not on the stand-in: esbuild gives every
        // importing module its own copy of a CommonJS module's own properties (__toESM), which for
        // node:crypto's ~70 names in 9 modules was hundreds of accessors made at each start; the
        // copy is created with the module's prototype, so it inherits the getters instead.
        const getters = exportNames
          .map((name) => `${JSON.stringify(name)}: { get: () => load()[${JSON.stringify(name)}] },`)
          .join('\n');
        return {
          contents: `let loaded;
const load = () => (loaded ??= require(${JSON.stringify(target)}));
function standIn(...args) { return load()(...args); }
Object.setPrototypeOf(standIn, Object.create(Function.prototype, {
${getters}
}));
module.exports = standIn;
`,
          loader: 'js',
          resolveDir: process.cwd(),
        };
      });
    },
  };
}

/**
 * The names an ES module package exports, read by esbuild without running it. A CommonJS package's
 * names are known only by running it: it is refused rather than guessed.
 */
async function exportsOf(entry: string): Promise<string[]> {
  const result = await esbuild({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  const names = Object.values(result.metafile.outputs)[0]?.exports ?? [];
  if (names.length === 0 || names.includes('default')) {
    throw new Error(`lazy-modules: ${entry} is not an ES module with named exports`);
  }
  return names;
}
