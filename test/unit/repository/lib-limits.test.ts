/**
 * Issue 14's limits for `lib/`, held by a test so they stay held: no file over 300 lines and no
 * function of 80 lines or more. Function length is measured with the TypeScript compiler's own parse
 * (first to last line of the declaration, comments inside included), so arrow functions, methods and
 * nested functions all count, each on its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const libDir = join(root, 'lib');
const maxFileLines = 300;
const maxFunctionLines = 79;

/** Every TypeScript source under `dir`, as absolute paths. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name))
    .sort();
}

/** Line count as an editor shows it (a final newline does not start a line). */
function lineCount(text: string): number {
  return text.replace(/\n$/, '').split('\n').length;
}

/** The name a function goes by: its own, or the variable or property it is assigned to. */
function nameOf(node: ts.SignatureDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) {
    return parent.name.getText();
  }
  return '<anonymous>';
}

/** `{ id: 'lib/x.ts#name', lines }` for every function-like node longer than `limit` lines. */
function longFunctions(path: string, text: string, limit: number): { id: string; lines: number }[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: { id: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > limit) found.push({ id: `${relative(root, path)}#${nameOf(node)}`, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('lib/ limits (issue 14)', () => {
  it(`has no file over ${maxFileLines} lines`, () => {
    // Prepare
    const files = sourcesUnder(libDir);

    // Act
    const tooLong = files
      .filter((path) => lineCount(readFileSync(path, 'utf8')) > maxFileLines)
      .map((path) => relative(root, path));

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(tooLong).toEqual([]);
  });

  it(`has no function of ${maxFunctionLines + 1} lines or more`, () => {
    // Prepare
    const files = sourcesUnder(libDir);

    // Act
    const tooLong = files.flatMap((path) =>
      longFunctions(path, readFileSync(path, 'utf8'), maxFunctionLines).map(({ id }) => id),
    );

    // Assess
    expect(tooLong).toEqual([]);
  });

  it('finds a long function by the name it is assigned to, so the check above can fail', () => {
    // Prepare
    const body = Array.from({ length: 85 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = `export const long = () => {\n${body}\n};\nexport function short() {\n  return 1;\n}\n`;

    // Act
    const found = longFunctions(join(libDir, 'example.ts'), text, maxFunctionLines);

    // Assess
    expect(found).toEqual([{ id: 'lib/example.ts#long', lines: 87 }]);
  });
});
