#!/usr/bin/env node
// The package's entry. Installed from npm it runs the bundle `npm run build` wrote to dist/ (plain
// JavaScript, no TypeScript loader, no runtime dependency). In a source checkout, where
// bin/cos-transcribe.ts sits beside this file, it runs the sources instead, so what a developer runs
// is never an older build (the bundle runs with `node dist/cos-transcribe.cjs`).
//
// CommonJS, not an ES module: Node starts its ES module loader only when asked, and that alone made
// `--help` 1.85x a bare `node -e 0` instead of 1.25x (test/bench/cli-start.bench.ts).
//
// Sources run with tsx as a loader (`node --import`), not through tsx's own CLI: that adds a parent
// which, when a busy machine delays the child's answer to a Ctrl-C by 60 ms, SIGKILLs it before its
// clean-up. The child gets the terminal's signals itself (same process group); this wrapper only waits
// for it and passes its exit code on, so Ctrl-C ends with the command's own clean-up and exit code (130).
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const source = path.join(__dirname, 'cos-transcribe.ts');
if (!existsSync(source)) {
  require('../dist/cos-transcribe.cjs');
} else {
  const { spawn } = require('node:child_process');
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsxLoader, source, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
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
