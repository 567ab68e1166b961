/**
 * The configuration refused at cold start. It lists every problem at once (STYLE §5) so one deploy
 * fixes them all, each naming the variable and how to fix it. Secret values never enter a problem:
 * problems are built from names and shapes, never from the raw value of a secret variable.
 */

/** One thing wrong with one variable. */
export interface ConfigProblem {
  /** The environment variable (or `PROFILES[<prefix>].<field>`) at fault. */
  readonly variable: string;
  /** What is wrong and how to fix it, as one sentence a person can act on. */
  readonly message: string;
}

/** Thrown by `loadConfig` when the environment cannot make a working pipeline. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${p.variable}: ${p.message}`);
    super(
      `configuration refused (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.problems = problems;
  }
}
