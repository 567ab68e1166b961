import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('npm run build', () => {
  it('produces one CommonJS bundle per function entry, each exporting main', () => {
    execFileSync('npx', ['tsx', 'scripts/build.ts'], { cwd: root, stdio: 'pipe' });
    const functions = readdirSync(path.join(root, 'functions')).filter((name) => name.endsWith('.ts'));
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const name of functions) {
      const bundle = path.join(root, '.build', 'bundle', name.replace(/\.ts$/, '.js'));
      expect(existsSync(bundle)).toBe(true);
      const output = execFileSync(process.execPath, [
        '-e',
        `process.stdout.write(typeof require(${JSON.stringify(bundle)}).main)`,
      ]);
      expect(output.toString()).toBe('function');
    }
    expect(existsSync(path.join(root, '.build', 'cos-transcribe.zip'))).toBe(true);
  }, 60_000);
});
