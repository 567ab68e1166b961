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

// Summaries are repeated here so that `cos-transcribe --help` loads no command module (the emulator's is heavy).
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  transcribe: {
    summary: 'upload files, wait for their transcripts, download the outputs',
    load: () => import('./commands/transcribe.js'),
  },
  status: { summary: 'show the status of inputs and jobs', load: () => import('./commands/status.js') },
  replay: {
    summary: 're-render a job from its stored result, or resubmit it',
    load: () => import('./commands/replay.js'),
  },
  render: {
    summary: 'render any engine result or canonical JSON to srt/vtt/ass/txt/json',
    load: () => import('./commands/render.js'),
  },
  live: {
    summary: 'start or stop live captions of a stream (RTMP, RTSP, HTTP-FLV)',
    load: () => import('./commands/live.js'),
  },
  emulator: {
    summary: 'run the local Tencent cloud (COS, CI, ASR, MPS, STS, SCF triggers)',
    load: () => import('./commands/emulator.js'),
  },
};

function usage(): string {
  return [
    'usage: cos-transcribe <command> [options]',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(12)} ${summary}`),
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
  const entry = commands[name];
  if (!entry) {
    console.error(`cos-transcribe: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
  return command.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
