/**
 * `npm start`: the whole pipeline offline. Checks the system packages, starts the dev stack in the
 * current directory (inbox/, outbox/, .local-cloud/), and stops it cleanly on Ctrl-C.
 * `--port P` (or LOCAL_CLOUD_PORT) fixes the local cloud's port; the default picks a free one.
 * `--live-demo` also serves a LibriVox reading as a live stream and captions it (README "Live streams").
 */
import { writeSync } from 'node:fs';
import path from 'node:path';
import { startDevStack } from './dev-stack/start-dev-stack.js';
import { checkSystem } from './dev-stack/system-check.js';

// Our own console lines go straight to fd 1: process.stdout.write is diverted to the function log.
const print = (line: string) => {
  writeSync(1, `${line}\n`);
};

const portFlag = process.argv.indexOf('--port');
const portText =
  (portFlag >= 0 ? process.argv[portFlag + 1] : undefined) ?? process.env.LOCAL_CLOUD_PORT ?? '0';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  print(`dev stack: --port "${portText}" is not a port number (0-65535)`);
  process.exit(2);
}

const system = await checkSystem();
for (const warning of system.warnings) print(`warning: ${warning}`);
if (system.fatal.length > 0) {
  for (const problem of system.fatal) print(`cannot start: ${problem}`);
  print('or run the set-up command: bash scripts/setup.sh');
  process.exit(1);
}

const stack = await startDevStack({
  workDir: process.cwd(),
  serverlessFile: path.resolve(import.meta.dirname, '..', 'serverless.yml'),
  port,
  env: process.env,
  sample: system.sampleAvailable,
  liveDemo: process.argv.includes('--live-demo'),
  print,
});

let stopping = false;
const stop = async (signal: string) => {
  // A second Ctrl-C does not wait for running functions.
  if (stopping) {
    print(`${signal} again: exiting without waiting`);
    process.exit(130);
  }
  stopping = true;
  print(`\n${signal}: stopping (waiting for running functions)...`);
  await stack.close();
  print('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
