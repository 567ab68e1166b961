/**
 * Each function file makes its handler from the dependencies it is given (`createHandler(deps)`,
 * issue 14 item 3), so a use case runs over an in-memory store in milliseconds with no environment;
 * `main` is the same handler wired from the environment once.
 */
import { describe, expect, it } from 'vitest';
import { createHandler as createCallbackHandler } from '../../../functions/callback.js';
import { createHandler as createReconcileHandler } from '../../../functions/reconcile.js';
import { createHandler as createUploadHandler } from '../../../functions/upload.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { createLogger } from '../../../lib/log/logger.js';
import type { PipelineDeps } from '../../../lib/pipeline/pipeline-deps.js';
import { cosEvent } from '../../integration/pipeline/pipeline-kit.js';
import { MemoryStorage } from '../jobs/memory-storage.js';
import { memoryConfig } from '../pipeline/memory-config.js';

const now = 1_800_000_000_000;

/** In-memory ports and the log lines the use cases wrote. */
function memoryDeps() {
  const config = memoryConfig;
  const storage = new MemoryStorage(() => now);
  const steps: string[] = [];
  const logger = createLogger({ sink: (line: string) => steps.push(String(JSON.parse(line).step)) });
  const ledger = new JobLedger({ storage, place: config.ledger, now: () => now });
  const deps = { config, storage, ledger, logger, now: () => now } as unknown as PipelineDeps;
  return { deps, steps };
}

describe('a handler made from its dependencies', () => {
  it('of the upload function reports an object gone before it looked, from an in-memory store', async () => {
    // Prepare
    const { deps, steps } = memoryDeps();
    const handler = createUploadHandler(deps);

    // Act
    const answer = await handler(cosEvent('input/talk.wav', 10));

    // Assess
    expect(answer.objects).toEqual([{ key: 'input/talk.wav', outcome: 'gone' }]);
    expect(steps).toContain('object.gone');
  });

  it('of the callback function refuses a GET, logging it through the given logger', async () => {
    // Prepare
    const { deps, steps } = memoryDeps();
    const handler = createCallbackHandler(deps);

    // Act
    const answer = await handler({ httpMethod: 'GET', queryString: {}, headers: {}, body: '' });

    // Assess
    expect(answer.statusCode).toBe(405);
    expect(steps).toEqual(['callback.refused']);
  });

  it('of the reconcile function runs a pass over an empty ledger', async () => {
    // Prepare
    const { deps } = memoryDeps();
    const handler = createReconcileHandler({ ...deps, live: {} } as PipelineDeps);

    // Act
    const summary = await handler({});

    // Assess
    expect(summary).toMatchObject({ polled: 0, completed: 0, recovered: 0, errors: 0 });
  });
});
