/** Reads a recorded Tencent payload from test/fixtures/tencent (its README says where each came from). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Absolute path of a file in the recorded Tencent fixtures. */
export function fixturePath(name: string): string {
  return path.resolve(here, '../../fixtures/tencent', name);
}

/** The fixture's text. */
export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** Runs `act` and returns what it threw (fails the test when it did not throw). */
export function thrownBy(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('expected an error, but nothing was thrown');
}
