/**
 * What a callback body says, whichever engine sent it: each engine with callbacks reads its own
 * shape (lib/engines/<engine>, `readCallback`), and the first that recognises the body names the
 * task. Nothing in a body is trusted beyond naming the task: results are pulled from the engine.
 */

import type { CallbackClaim } from '../engines/file-engine.js';
import { fileEngines } from '../engines/file-engines.js';

/** Reads a callback body; undefined when it is none of the known shapes. */
export function readCallbackBody(body: string): CallbackClaim | undefined {
  for (const engine of Object.values(fileEngines)) {
    const claim = engine.readCallback?.(body);
    if (claim) return claim;
  }
  return undefined;
}
