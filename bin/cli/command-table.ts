/**
 * The command table and the top-level argument handling of `cos-transcribe <command> [options]`,
 * shared by the two entries: bin/cos-transcribe.ts (the sources) and bin/cos-transcribe-bundle.ts
 * (the published bundle). They differ only in how a command's module is loaded.
 *
 * Exit codes: 0 success, 1 the work failed (a job failed, a server could not start), 2 bad usage or
 * unreadable input (with a one-line reason on stderr).
 */

/** What each bin/commands/<name>.ts exports. */
export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

/**
 * The commands with their one-line summaries, repeated here so that `cos-transcribe --help` loads no
 * command module (the emulator's is heavy).
 */
export const commandSummaries = {
  transcribe: 'upload files, wait for their transcripts, download the outputs',
  status: 'show the status of inputs and jobs',
  replay: 're-render a job from its stored result, or resubmit it',
  render: 'render any engine result or canonical JSON to srt/vtt/ass/txt/json',
  live: 'start or stop live captions of a stream (RTMP, RTSP, HTTP-FLV)',
  emulator: 'run the local Tencent cloud (COS, CI, ASR, MPS, STS, SCF triggers)',
} as const;

/** A command's name. */
export type CommandName = keyof typeof commandSummaries;

function usage(): string {
  return [
    'usage: cos-transcribe <command> [options]',
    '',
    'commands:',
    ...Object.entries(commandSummaries).map(([name, summary]) => `  ${name.padEnd(12)} ${summary}`),
    '',
    "run 'cos-transcribe <command> --help' for a command's options",
  ].join('\n');
}

/** Runs `argv` (without node and the script), loading the named command with `load`; returns the exit code. */
export async function main(argv: string[], load: (name: CommandName) => Promise<Command>): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(commandSummaries, name)) {
    console.error(`cos-transcribe: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const command = await load(name as CommandName);
  return command.run(rest);
}
