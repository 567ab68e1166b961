#!/usr/bin/env node
// Runs the TypeScript command line with tsx as a loader (`node --import`), so it works right after
// `npm ci` with no build step. Not through tsx's own CLI: that adds a parent which, when a busy
// machine delays the child's answer to a Ctrl-C by 60 ms, SIGKILLs it before its clean-up.
// The child gets the terminal's signals itself (same process group); this wrapper only waits for it and
// passes its exit code on, so Ctrl-C ends with the command's own clean-up and exit code (130).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsxLoader = import.meta.resolve('tsx');
const child = spawn(
  process.execPath,
  ['--import', tsxLoader, path.join(here, 'cos-transcribe.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // A signal sent to this process alone (kill PID) is handed on; a terminal's Ctrl-C reaches both.
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === 'SIGINT' ? 130 : 1));
});
