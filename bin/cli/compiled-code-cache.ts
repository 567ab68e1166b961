/**
 * Loads a CommonJS bundle through a V8 code cache, as Node 22's module.enableCompileCache() does (not
 * available on the Node 18 and 20 this package supports). Compiling a command's bundle is most of the
 * cost of starting it (about 60 ms of 180 for `render`, measured with --cpu-prof); with the cache from
 * an earlier run, V8 skips it.
 *
 * The cache lives in the user's own cache folder (XDG_CACHE_HOME or ~/.cache, then cos-transcribe/,
 * mode 0700), never beside the package (often not writable) nor in a shared /tmp (a cache written by
 * someone else would be code run by us). Its name carries the bundle's size and time, the Node version
 * and the architecture; V8 itself refuses data made for other source or flags (cachedDataRejected), and
 * then the bundle is simply compiled. Any failure to read or write the cache only costs speed.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** Loads `file` (CommonJS) and returns its exports; refreshes its cache when the process ends. */
export function loadWithCodeCache<T>(file: string): T {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cachePath(file);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // Written at the end, so the functions the command ran are in it too.
    process.once('beforeExit', () => writeCache(cacheFile, script.createCachedData()));
  }
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports as T;
}

/** The cache file for `file` in this user's cache folder, or undefined when there is none. */
function cachePath(file: string): string | undefined {
  try {
    const home = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    const { size, mtimeMs } = statSync(file);
    const name = `${path.basename(file)}-${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.v8`;
    return path.join(home, 'cos-transcribe', name);
  } catch {
    return undefined;
  }
}

function writeCache(cacheFile: string, data: Buffer): void {
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, cacheFile);
  } catch {
    // No cache this time: the next start compiles again.
  }
}
