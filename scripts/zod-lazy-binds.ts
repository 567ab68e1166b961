/**
 * An esbuild plugin for zod 3's classic API (node_modules/zod/v3/types.js): each schema binds its
 * public methods when first read instead of when it is made.
 *
 * Why: ZodType's constructor binds 24 methods to every instance it makes (`this.parse =
 * this.parse.bind(this)`, ...), so that `const { parse } = schema` works detached. A schema is a
 * handful of instances (`z.string().nullish()` is three), a function bundle makes ~150 of them while
 * it loads and its first invocation (config, job records), and the binding with the garbage it
 * leaves was the largest part of a cold start after the code itself (issue 16: in a CPU profile of
 * the callback bundle's require, ZodType's constructor was the top function, ~4 ms of ~12). Every
 * invocation that builds a schema pays it, so this is work removed, not moved.
 *
 * How: the plugin deletes those 25 statements (the 24 binds and the `spa` alias) from the
 * constructor and installs, once, a getter per name on ZodType.prototype that binds the method to
 * the instance on first read and keeps the bound function as the instance's own property, as the
 * constructor did. Reading, calling and destructuring behave as before; assigning replaces the
 * instance's own property, as before. No subclass of ZodType defines these names (checked here: the
 * build fails if the constructor no longer matches, e.g. after a zod upgrade).
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** The names ZodType's constructor binds, in its order; `spa` is its alias of safeParseAsync. */
const BOUND = [
  'parse',
  'safeParse',
  'parseAsync',
  'safeParseAsync',
  'spa',
  'refine',
  'refinement',
  'superRefine',
  'optional',
  'nullable',
  'nullish',
  'array',
  'promise',
  'or',
  'and',
  'transform',
  'brand',
  'default',
  'catch',
  'describe',
  'pipe',
  'readonly',
  'isNullable',
  'isOptional',
] as const;

// Appended to types.js: the getters, installed on the prototype once when zod is evaluated.
const LAZY_BINDS = `
for (const [name, method] of ${JSON.stringify(BOUND)}.map((name) => [
  name,
  ZodType.prototype[name === 'spa' ? 'safeParseAsync' : name],
])) {
  Object.defineProperty(ZodType.prototype, name, {
    configurable: true,
    get() {
      const bound = method.bind(this);
      Object.defineProperty(this, name, { value: bound, writable: true, enumerable: true, configurable: true });
      return bound;
    },
    set(value) {
      Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
    },
  });
}
`;

/** Rewrites zod 3's types.js as described above; throws when its constructor is not the one expected. */
export function rewriteZodTypes(source: string): string {
  let removed = 0;
  const rewritten = source.replace(
    /^ *this\.(\w+) = this\.(\w+)(?:\.bind\(this\))?;\n/gm,
    (statement, target: string, method: string) => {
      const alias = target === 'spa' && method === 'safeParseAsync';
      if (!alias && !(target === method && (BOUND as readonly string[]).includes(target))) return statement;
      removed++;
      return '';
    },
  );
  // 24 binds plus the alias line that precedes spa's bind.
  if (removed !== BOUND.length + 1 || !/^export class ZodType \{/m.test(source)) {
    throw new Error(
      `zod-lazy-binds: zod's ZodType constructor is not the one this plugin rewrites (${removed} of ${BOUND.length + 1} statements found); check scripts/zod-lazy-binds.ts against the installed zod`,
    );
  }
  return `${rewritten}${LAZY_BINDS}`;
}

/** The plugin: applies {@link rewriteZodTypes} to zod's v3/types.js. */
export function zodLazyBinds(): Plugin {
  return {
    name: 'zod-lazy-binds',
    setup(build) {
      build.onLoad({ filter: /[\\/]zod[\\/]v3[\\/]types\.js$/ }, async (args) => ({
        contents: rewriteZodTypes(await readFile(args.path, 'utf8')),
        loader: 'js',
      }));
    },
  };
}
