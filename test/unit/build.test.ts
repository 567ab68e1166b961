import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('npm run build', () => {
  it('produces one CommonJS bundle per function entry, each exporting main', () => {
    const buildDir = mkdtempSync(path.join(tmpdir(), 'cos-transcribe-build-'));
    execFileSync('npx', ['tsx', 'scripts/build.ts', '--out', buildDir], { cwd: root, stdio: 'pipe' });
    const functions = readdirSync(path.join(root, 'functions')).filter((name) => name.endsWith('.ts'));
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const name of functions) {
      const bundle = path.join(buildDir, 'bundle', name.replace(/\.ts$/, '.js'));
      expect(existsSync(bundle)).toBe(true);
      const output = execFileSync(process.execPath, [
        '-e',
        `process.stdout.write(typeof require(${JSON.stringify(bundle)}).main)`,
      ]);
      expect(output.toString()).toBe('function');
    }
    expect(existsSync(path.join(buildDir, 'cos-transcribe.zip'))).toBe(true);
  }, 60_000);
});
