/**
 * How a running local cloud is found: `.local-cloud/cloud.json` in the folder it was started from,
 * written once it accepts connections and removed when it stops. `npm start` writes it; the CLI and
 * the tests read it, so `cos-transcribe status` in the same folder (or any folder below) talks to that
 * cloud with no flag. A file left behind by a cloud that was killed is ignored: its pid is dead.
 *
 * The file holds the URL, the account's app id, the process id and the functions' settings without
 * any secret (no SecretKey, no callback secret: the emulator's account is public and documented,
 * and a reader fills the secrets from the same local defaults the cloud was started with).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The file's place under the folder the cloud was started in. */
export const cloudFilePath = path.join('.local-cloud', 'cloud.json');

const cloudRecordSchema = z.object({
  version: z.literal(1),
  url: z.string().url(),
  appId: z.string(),
  pid: z.number().int().positive(),
  /** Who started it, for the line a command prints: 'npm start', a test's name. */
  startedBy: z.string(),
  startedAt: z.number().int(),
  /** The functions' environment without secrets (buckets, prefixes, callback URL, engine settings). */
  settings: z.record(z.string(), z.string()),
});
/** What `.local-cloud/cloud.json` says. */
export type CloudRecord = z.infer<typeof cloudRecordSchema>;

/** A cloud found on disk. */
export interface FoundCloud {
  readonly file: string;
  readonly record: CloudRecord;
}

// Names whose values must never be written down (the redactor's rule for logs, applied to this file).
const secretName = /SECRET|TOKEN|PASSWORD|KEY$/i;

/** The settings worth writing: every variable except those that hold a secret. */
export function publicSettings(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !secretName.test(name)));
}

/**
 * Writes `<dir>/.local-cloud/cloud.json` for this process (atomically: a reader never sees half a
 * file) and returns the function that removes it, which leaves a newer cloud's file alone.
 */
export function writeCloudFile(
  dir: string,
  cloud: Omit<CloudRecord, 'version' | 'pid' | 'startedAt' | 'settings'> & {
    readonly settings: Readonly<Record<string, string>>;
  },
): () => void {
  const file = path.join(dir, cloudFilePath);
  const record: CloudRecord = {
    version: 1,
    ...cloud,
    settings: publicSettings(cloud.settings),
    pid: process.pid,
    startedAt: Date.now(),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.part`;
  writeFileSync(partial, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(partial, file);
  return () => {
    if (readRecord(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}

/**
 * The running cloud whose file is in `from` or the nearest folder above it that has one; undefined
 * when there is none, or the nearest one was left by a process that is gone.
 */
export function findCloudFile(from: string): FoundCloud | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, cloudFilePath);
    const record = readRecord(file);
    if (record) return isAlive(record.pid) ? { file, record } : undefined;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readRecord(file: string): CloudRecord | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = cloudRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** True while a process with this id exists (signal 0 tests without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
