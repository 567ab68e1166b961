/**
 * `npm run deploy`: creates or updates the three functions, their COS trigger, reconcile timer and the
 * callback's function URL from serverless.yml (deploy/README.md). `npm run deploy -- --remove` deletes
 * them. Exit code 0 when done, 1 with one line naming the fix when the deploy cannot go on, 2 for bad usage.
 *
 *   tsx scripts/deploy.ts [--remove] [--stage STAGE] [--artifact ZIP]
 */
import { parseArgs } from 'node:util';
import { DeployError } from '../deploy/deploy-error.js';
import { runDeploy } from '../deploy/run-deploy.js';

let values: { remove?: boolean; stage?: string; artifact?: string };
try {
  ({ values } = parseArgs({
    options: { remove: { type: 'boolean' }, stage: { type: 'string' }, artifact: { type: 'string' } },
  }));
} catch (error) {
  console.error(
    `deploy: ${(error as Error).message}\nusage: npm run deploy -- [--remove] [--stage STAGE] [--artifact ZIP]`,
  );
  process.exit(2);
}
try {
  await runDeploy({
    env: process.env,
    remove: values.remove ?? false,
    ...(values.stage ? { stage: values.stage } : {}),
    ...(values.artifact ? { artifact: values.artifact } : {}),
    say: (line) => console.log(line),
  });
} catch (error) {
  if (!(error instanceof DeployError)) throw error;
  console.error(`deploy: ${error.message}`);
  process.exit(1);
}
