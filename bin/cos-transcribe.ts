/**
 * `cos-transcribe` from the sources (run with tsx by bin/cos-transcribe.cjs in a checkout): each
 * command lives in bin/commands/<name>.ts and is imported only when named.
 */
import { type Command, type CommandName, main } from './cli/command-table.js';

const sources: Record<CommandName, () => Promise<Command>> = {
  transcribe: () => import('./commands/transcribe.js'),
  status: () => import('./commands/status.js'),
  replay: () => import('./commands/replay.js'),
  render: () => import('./commands/render.js'),
  live: () => import('./commands/live.js'),
  emulator: () => import('./commands/emulator.js'),
};

process.exitCode = await main(process.argv.slice(2), (name) => sources[name]());
