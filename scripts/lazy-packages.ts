/**
 * An esbuild plugin that loads a bundled npm package when one of its exports is first used, not when
 * the bundle starts. Our code's `import { XMLParser } from 'fast-xml-parser'` is resolved to a small
 * stand-in whose exports are getters that require the real package, still inside the bundle (esbuild
 * wraps a module that is required in a function it runs once, on the first call). esbuild compiles a
 * named import of a CommonJS module to a property read at each use, so the getter runs at the first
 * use, and a command or function that never reads CI XML never evaluates the parser (`render` of a
 * JSON result: test/bench/cli-start.bench.ts).
 *
 * Only for packages whose exports are used, not read, at our modules' top level: a top-level
 * `new XMLParser()` would load the package at start again (ci-xml.ts makes its parser on first use).
 */
import { build as esbuild, type Plugin } from 'esbuild';

const NAMESPACE = 'lazy-package';

/** The plugin for the npm packages named. */
export function lazyPackages(packages: readonly string[]): Plugin {
  return {
    name: 'lazy-packages',
    setup(build) {
      const names = packages.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      const filter = new RegExp(`^(${names.join('|')})$`);
      build.onResolve({ filter }, async (args) => {
        // The stand-in's own require of the package resolves as usual.
        if (args.namespace === NAMESPACE) return undefined;
        const real = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          namespace: NAMESPACE,
        });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: args.path, namespace: NAMESPACE, pluginData: { realPath: real.path } };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const realPath = args.pluginData.realPath as string;
        const exportNames = await exportsOf(realPath);
        const getters = exportNames
          .map(
            (name) =>
              `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`,
          )
          .join('\n');
        return {
          contents: `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(realPath)}));\n${getters}\n`,
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
    throw new Error(`lazy-packages: ${entry} is not an ES module with named exports`);
  }
  return names;
}
