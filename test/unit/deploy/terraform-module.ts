/**
 * Reads the Terraform module in deploy/terraform with HashiCorp's own HCL parser (@cdktf/hcl2json, the
 * hcl library compiled to wasm) and evaluates the few expression forms the tests need: literals,
 * templates, `var.*`, `local.*` and `each.*` references, objects, tuples, `==`/`!=`, conditionals and
 * `jsonencode`. Anything else throws,
 * so a test never reads a value this evaluator only guessed. No terraform binary is involved.
 */
import path from 'node:path';
import { convertFiles, getExpressionAst, getReferencesInExpression } from '@cdktf/hcl2json';

/** hcl2json's JSON has no schema of its own: the tests assert on its shape. */
// biome-ignore lint/suspicious/noExplicitAny: parsed HCL, shaped by the module under test
export type Json = any;

/** deploy/terraform as hcl2json's JSON: blocks by type, each a list of bodies. */
export type Module = Record<string, Json>;

const moduleDir = path.join(import.meta.dirname, '../../../deploy/terraform');

/** Parses every .tf file of the module. */
export function readModule(): Promise<Module> {
  return convertFiles(moduleDir);
}

/** The one body of `resource "<type>" "<name>"`; throws when it is missing or repeated. */
export function resource(module: Module, type: string, name: string): Record<string, Json> {
  const bodies = module.resource?.[type]?.[name];
  if (!Array.isArray(bodies) || bodies.length !== 1) throw new Error(`no single resource ${type}.${name}`);
  return bodies[0];
}

/** The names of every resource of `type`. */
export function resourceNames(module: Module, type: string): string[] {
  return Object.keys(module.resource?.[type] ?? {});
}

/** Variable defaults, overridden by `values` (what a caller's tfvars would set). */
export function variables(module: Module, values: Record<string, unknown>): Record<string, unknown> {
  const defaults = Object.fromEntries(
    Object.entries(module.variable ?? {}).map(([name, [body]]: [string, Json]) => [name, body?.default]),
  );
  return { ...defaults, ...values };
}

/** The references (`var.x`, `local.y.z`, `tencentcloud_….name`) in one hcl2json value, in order. */
export async function references(value: unknown): Promise<string[]> {
  if (typeof value === 'string') {
    if (!value.includes('${')) return [];
    return (await getReferencesInExpression('module.tf', value)).map((reference) => reference.value);
  }
  if (value !== null && typeof value === 'object') {
    return (await Promise.all(Object.values(value).map(references))).flat();
  }
  return [];
}

/** One instance of a `for_each` resource: `each.key` and `each.value`. */
export interface Each {
  readonly key: string;
  readonly value: unknown;
}

/** An evaluator over the module's locals, the given variables and, inside a `for_each`, `each`. */
export function evaluator(module: Module, vars: Record<string, unknown>, each?: Each) {
  const locals: Record<string, unknown> = Object.assign({}, ...(module.locals ?? []));

  const value = async (raw: unknown): Promise<unknown> => {
    if (typeof raw === 'string') {
      if (!raw.includes('${')) return raw;
      // "${ expr }" alone is the expression itself (newlines and all); anything else is a template.
      return expression(isWholeInterpolation(raw) ? raw.slice(2, -1) : JSON.stringify(raw));
    }
    if (Array.isArray(raw)) return Promise.all(raw.map(value));
    if (raw !== null && typeof raw === 'object') {
      const entries = await Promise.all(
        Object.entries(raw).map(async ([key, item]) => [key, await value(item)] as const),
      );
      return Object.fromEntries(entries);
    }
    return raw;
  };

  const expression = async (text: string): Promise<unknown> => {
    const ast = await getExpressionAst('module.tf', text);
    if (!ast) throw new Error(`cannot parse ${text}`);
    return node(ast);
  };

  const node = async (ast: Json): Promise<unknown> => {
    const children = (ast.children ?? []).filter((child: Json) => child.type !== '');
    switch (ast.type) {
      case 'literalValue':
        if (ast.meta.type === 'number') return Number(ast.meta.value);
        if (ast.meta.type === 'bool') return ast.meta.value === 'true';
        if (ast.meta.type === 'dynamic' && ast.meta.value === 'null') return null;
        return ast.meta.value;
      case 'templateWrap':
        return node(children[0]);
      case 'template': {
        const parts = await Promise.all(children.map(node));
        return parts.length === 1 ? parts[0] : parts.map(String).join('');
      }
      case 'scopeTraversal': {
        const [scope, name, ...rest] = ast.meta.traversal.map((step: Json) => step.segment);
        if (scope === 'each' && each && name === 'key' && rest.length === 0) return each.key;
        if (scope === 'each' && each && name === 'value' && rest.length === 0) return each.value;
        if (scope === 'each' && each && name === 'value' && rest.length === 1) {
          return (each.value as Record<string, unknown>)[rest[0]];
        }
        if (rest.length > 0) throw new Error(`unsupported traversal ${ast.meta.fullAccessor}`);
        if (scope === 'var') {
          if (vars[name] === undefined) throw new Error(`var.${name} has no value`);
          return vars[name];
        }
        if (scope === 'local' && name in locals) return value(locals[name]);
        throw new Error(`unsupported reference ${ast.meta.fullAccessor}`);
      }
      case 'object': {
        const entries = await Promise.all(
          Object.entries(ast.meta.items as Record<string, string>).map(
            async ([key, item]) => [key, await expression(item)] as const,
          ),
        );
        return Object.fromEntries(entries);
      }
      case 'binaryOp': {
        const [left, right] = await Promise.all(children.map(node));
        if (ast.meta.operator === 'equal') return left === right;
        if (ast.meta.operator === 'notEqual') return left !== right;
        throw new Error(`unsupported operator ${ast.meta.operator}`);
      }
      case 'conditional':
        return (await node(children[0])) === true ? node(children[1]) : node(children[2]);
      case 'tuple':
        return Promise.all(children.map(node));
      case 'function':
        if (ast.meta.name === 'jsonencode' && children.length === 1)
          return JSON.stringify(await node(children[0]));
        throw new Error(`unsupported function ${ast.meta.name}`);
      default:
        throw new Error(`unsupported expression ${ast.type}: ${ast.meta?.value ?? ''}`);
    }
  };

  return value;
}

/** Whether `text` is one `${...}` interpolation from its first character to its last. */
function isWholeInterpolation(text: string): boolean {
  if (!text.startsWith('${') || !text.endsWith('}')) return false;
  let depth = 0;
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return i === text.length - 1;
  }
  return false;
}
