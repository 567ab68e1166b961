/**
 * `cos-transcribe <command> [options]`: one entry point; each command lives in bin/commands/<name>.ts
 * and exports `run(argv): Promise<number>` (the exit code) and a one-line `summary`.
 *
 * Exit codes: 0 success, 1 the work failed (a job failed, a server could not start), 2 bad usage or
 * unreadable input (with a one-line reason on stderr).
 */
export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

// Add a command here as `name: () => import('./commands/name.js'),`.
const commands: Record<string, () => Promise<Command>> = {
  emulator: () => import('./commands/emulator.js'),
  render: () => import('./commands/render.js'),
  transcribe: () => import('./commands/transcribe.js'),
  status: () => import('./commands/status.js'),
  replay: () => import('./commands/replay.js'),
};

function usage(): string {
  return [
    'usage: cos-transcribe <command> [options]',
    '',
    'commands:',
    ...Object.keys(commands).map((name) => `  ${name}`),
    '',
    "run 'cos-transcribe <command> --help' for a command's options",
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    console.error(`cos-transcribe: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
