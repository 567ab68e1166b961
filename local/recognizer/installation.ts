/**
 * Finds the programs and model the recognizer needs (Debian's ffmpeg and pocketsphinx) and, when
 * something is missing, says exactly which apt-get command installs it.
 */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Where the pieces live; Debian's package layout by default, overridable for other systems. */
export interface RecognizerInstallation {
  readonly ffmpeg: string;
  /** Ships with ffmpeg; only needed to tell stereo from mono. */
  readonly ffprobe: string;
  readonly pocketsphinx: string;
  /** Acoustic model directory (`-hmm`). */
  readonly acousticModel: string;
  /** Language model (`-lm`). */
  readonly languageModel: string;
  /** Pronunciation dictionary (`-dict`). */
  readonly dictionary: string;
}

/** The result of checking an installation: either ready, or what is missing and how to install it. */
export type InstallationCheck =
  | { readonly ok: true; readonly installation: RecognizerInstallation }
  | { readonly ok: false; readonly missing: readonly string[]; readonly installCommand: string };

// Debian's pocketsphinx-en-us package puts the US English model here (`dpkg -L pocketsphinx-en-us`).
const DEBIAN_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/** The Debian layout, with `POCKETSPHINX_MODEL_DIR` honoured for a model kept elsewhere. */
export function defaultInstallation(env: NodeJS.ProcessEnv = process.env): RecognizerInstallation {
  const modelDir = env.POCKETSPHINX_MODEL_DIR ?? DEBIAN_MODEL_DIR;
  return {
    ffmpeg: 'ffmpeg',
    ffprobe: 'ffprobe',
    pocketsphinx: 'pocketsphinx_continuous',
    acousticModel: join(modelDir, 'en-us'),
    languageModel: join(modelDir, 'en-us.lm.bin'),
    dictionary: join(modelDir, 'cmudict-en-us.dict'),
  };
}

/**
 * Checks that every program is on PATH and every model file exists. Pure file-system probes, no
 * child process, so it is cheap enough to run when the emulator starts.
 */
export async function checkInstallation(
  installation: RecognizerInstallation = defaultInstallation(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<InstallationCheck> {
  const packages = new Set<string>();
  const missing: string[] = [];
  if (!(await onPath(installation.ffmpeg, env))) {
    missing.push(`${installation.ffmpeg} (audio decoder)`);
    packages.add('ffmpeg');
  }
  if (!(await onPath(installation.pocketsphinx, env))) {
    missing.push(`${installation.pocketsphinx} (speech recogniser)`);
    packages.add('pocketsphinx');
  }
  for (const file of [installation.acousticModel, installation.languageModel, installation.dictionary]) {
    if (!(await exists(file))) {
      missing.push(`${file} (US English model)`);
      packages.add('pocketsphinx-en-us');
    }
  }
  if (missing.length === 0) return { ok: true, installation };
  return {
    ok: false,
    missing,
    installCommand: `sudo apt-get install -y ${[...packages].join(' ')}`,
  };
}

/** One line for logs and errors: what is missing and the command that installs it. */
export function describeMissing(check: Extract<InstallationCheck, { ok: false }>): string {
  return `offline recognizer not installed: missing ${check.missing.join(', ')}; install with: ${check.installCommand}`;
}

async function onPath(program: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (program.includes('/')) return isExecutable(program);
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && (await isExecutable(join(dir, program)))) return true;
  }
  return false;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
