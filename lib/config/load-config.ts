/**
 * `loadConfig(process.env)` returns the exact `PipelineConfig` or throws a `ConfigError` that lists
 * every problem at once, each with the variable and the fix (STYLE §5). The checks are one zod schema
 * (environment-schema.ts); variables, defaults and meanings are in the README's configuration table.
 */
import type { z } from 'zod';
import { configDefaults } from './config-defaults.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { environmentSchema, environmentVariables } from './environment-schema.js';
import { localCloudVariable } from './local-cloud-variable.js';
import type { PipelineConfig } from './pipeline-config.js';

export { configDefaults };

/** The environment as SCF gives it (process.env or a test's plain record). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Validates `env` and returns the pipeline configuration, or throws `ConfigError` with every problem. */
export function loadConfig(env: Environment): PipelineConfig {
  // Only the schema's own variables are read: zod would also probe the object it is given (`then`).
  const values = Object.fromEntries(environmentVariables.map((name) => [name, env[name]]));
  const schema = environmentSchema(() => (env[localCloudVariable] ?? '').trim() !== '');
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw new ConfigError(problemsOf(result.error));
}

/** One problem per issue, grouped by variable in the schema's order (each issue's path is its variable). */
function problemsOf(error: z.ZodError): ConfigProblem[] {
  const problems = error.issues.map((issue) => ({ variable: String(issue.path[0]), message: issue.message }));
  const rank = (variable: string) => environmentVariables.indexOf(variable.replace(/\[.*$/, '') as never);
  // Array.prototype.sort is stable: problems of one variable keep the order they were found in.
  return problems.sort((a, b) => rank(a.variable) - rank(b.variable));
}
