/**
 * Before anything starts: are the Debian packages the local cloud needs installed? Missing ones are
 * reported with the exact command that installs them, instead of a failure deep inside a job.
 */
import { access } from 'node:fs/promises';
import { checkInstallation, defaultInstallation } from '../recognizer/installation.js';

/** The LibriVox clip transcribed on first start (Debian's pocketsphinx-testdata). */
export const sampleClip =
  '/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav';

/** What the stack can do on this machine. */
export interface SystemCheck {
  /** Problems that stop the stack (no recognizer), each with its install command. */
  readonly fatal: readonly string[];
  /** Problems that only disable something (the sample), each with its install command. */
  readonly warnings: readonly string[];
  readonly sampleAvailable: boolean;
}

/** Checks the recognizer's programs and model, and the sample clip. */
export async function checkSystem(env: NodeJS.ProcessEnv = process.env): Promise<SystemCheck> {
  const fatal: string[] = [];
  const warnings: string[] = [];
  const recognizer = await checkInstallation(defaultInstallation(env), env);
  if (!recognizer.ok) {
    fatal.push(`missing ${recognizer.missing.join(', ')}; install with: ${recognizer.installCommand}`);
  }
  const sampleAvailable = await access(sampleClip).then(
    () => true,
    () => false,
  );
  if (!sampleAvailable) {
    warnings.push(
      `no sample clip (${sampleClip}); install with: sudo apt-get install -y pocketsphinx-testdata`,
    );
  }
  return { fatal, warnings, sampleAvailable };
}
