#!/usr/bin/env node
// The package's entry. Installed from npm it runs the bundle `npm run build` wrote to dist/ (plain
// JavaScript, no TypeScript loader, no runtime dependency). In a source checkout, where
// bin/cos-transcribe.ts sits beside this file, it runs the sources instead, so what a developer runs
// is never an older build (the bundle runs with `node dist/cos-transcribe.cjs`).
//
// Sources run with tsx as a loader (`node --import`), not through tsx's own CLI: that adds a parent
// which, when a busy machine delays the child's answer to a Ctrl-C by 60 ms, SIGKILLs it before its
// clean-up. The child gets the terminal's signals itself (same process group); this wrapper only waits
// for it and passes its exit code on, so Ctrl-C ends with the command's own clean-up and exit code (130).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, 'cos-transcribe.ts');
if (!existsSync(source)) {
  await import('../dist/cos-transcribe.cjs');
} else {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), source, ...process.argv.slice(2)],
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
}
