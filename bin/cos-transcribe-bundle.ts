/**
 * `cos-transcribe` as published (dist/cos-transcribe.cjs, built by scripts/build-cli.ts): each command
 * is a CommonJS bundle of its own (dist/commands/<name>.cjs) loaded only when named, through a V8 code
 * cache (compiled-code-cache.ts), so a start costs little more than Node's own.
 */
import path from 'node:path';
import { type Command, main } from './cli/command-table.js';
import { loadWithCodeCache } from './cli/compiled-code-cache.js';

// esbuild turns this file into CommonJS, where __dirname is dist/.
const commandsDir = path.join(__dirname, 'commands');

void main(process.argv.slice(2), async (name) =>
  loadWithCodeCache<Command>(path.join(commandsDir, `${name}.cjs`)),
).then((code) => {
  process.exitCode = code;
});
