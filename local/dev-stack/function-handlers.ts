/**
 * The SCF handlers a local cloud binds, by the module name serverless.yml's `handler` gives
 * (`upload.main` -> module `upload`, export `main`). The imports are written out, not built from the
 * name, so a bundler sees them: the bundled CLI starts the same functions as the sources do.
 * Each is imported only when asked for, because the functions build their clients from process.env
 * on first use.
 */
import type { ScfHandler } from '../scf/scf-context.js';

const modules: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
  upload: () => import('../../functions/upload.js'),
  callback: () => import('../../functions/callback.js'),
  reconcile: () => import('../../functions/reconcile.js'),
};

/** Imports functions/<module>.ts and returns its `exportName` handler; throws naming what is missing. */
export async function loadHandler(module: string, exportName: string): Promise<ScfHandler> {
  const load = modules[module];
  if (!load) throw new Error(`serverless.yml names a handler in '${module}', which is not in functions/`);
  const handler = (await load())[exportName];
  if (typeof handler !== 'function') throw new Error(`functions/${module}.ts does not export ${exportName}`);
  return handler as ScfHandler;
}
