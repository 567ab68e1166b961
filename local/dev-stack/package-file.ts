/**
 * A file shipped at the package root (serverless.yml), found from the calling module's URL by walking
 * up the folders: the sources sit two levels below the root (bin/cli/), the CLI bundle's chunks
 * another depth (dist/chunks/), and an installed package lives wherever npm put it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The absolute path of `name` in the nearest folder above `moduleUrl` that holds it. */
export function packageFile(name: string, moduleUrl: string): string {
  const start = path.dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not in ${start} or any folder above it`);
  }
}
