/**
 * No function in src/ is longer than {@link LIMIT} lines: a longer one hides its phases. Functions are found
 * with the TypeScript compiler's parser (declarations, methods, function expressions and arrow functions,
 * nested ones too); a function's length runs from its first token to its closing brace, inner closures
 * included, comments before it excluded.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

const LIMIT = 60;

/**
 * Functions allowed to be longer, by `file:name`. Each entry says why; shrink the list when you can. A test
 * below fails when an entry is no longer needed.
 */
const ALLOWED = new Set([
  // Flat tables: one entry per line, nothing to split into phases.
  'src/preview/scaffold.ts:scaffoldFiles', // the files of `briefing new`, one template string each
]);

/** Every .ts file under `dir`, relative to the project root. */
function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return filesUnder(rel);
    return rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? [rel] : [];
  });
}

/** The name a function is known by: its own, its variable's or its property's; `<anonymous>` otherwise. */
function nameOf(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return `${(node.parent as ts.ClassDeclaration).name?.text ?? '<class>'}.constructor`;
  if (node.name) {
    const own = node.name.getText(sf);
    return ts.isMethodDeclaration(node) && ts.isClassLike(node.parent) ? `${node.parent.name?.text ?? '<class>'}.${own}` : own;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(sf);
  if (ts.isCallExpression(parent)) return `${enclosingName(parent, sf)} › ${calleeName(parent.expression, sf)}`;
  return `${enclosingName(parent, sf)} › <anonymous>`;
}

/** The name of the function around `node`, or `<module>`. */
function enclosingName(node: ts.Node, sf: ts.SourceFile): string {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (ts.isFunctionLike(n) && 'body' in n) return nameOf(n as ts.FunctionLikeDeclaration, sf);
  }
  return '<module>';
}

/**
 * A callback's callee, named by its method and, in a chain like `program.command('build')….action(fn)`, the
 * first call of the chain with a string argument: `command('build').action`.
 */
function calleeName(callee: ts.Expression, sf: ts.SourceFile): string {
  if (!ts.isPropertyAccessExpression(callee)) return `${callee.getText(sf).slice(0, 40)}()`;
  let root: string | undefined;
  for (let e: ts.Expression = callee.expression; ts.isCallExpression(e) || ts.isPropertyAccessExpression(e); e = ts.isCallExpression(e) ? e.expression : e.expression) {
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.arguments[0] !== undefined && ts.isStringLiteral(e.arguments[0])) {
      root = `${e.expression.name.text}('${e.arguments[0].text}')`;
    }
  }
  return root === undefined ? callee.name.text : `${root}.${callee.name.text}`;
}

/** `{id: 'file:name', lines}` for every function in `file`. */
export function functionLengths(file: string): { id: string; lines: number }[] {
  const sf = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { id: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const fn = node as ts.FunctionLikeDeclaration;
      const first = sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(fn.getEnd()).line;
      out.push({ id: `${file.split(path.sep).join('/')}:${nameOf(fn, sf)}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('function length', () => {
  const all = filesUnder('src').flatMap(functionLengths);

  it('finds the functions of src/', () => {
    expect(all.some((f) => f.id === 'src/content/load.ts:parseBriefing')).toBe(true);
    expect(all.length).toBeGreaterThan(200);
  });

  it(`finds no function in src/ longer than ${LIMIT} lines outside the allow-list`, () => {
    const long = all.filter((f) => f.lines > LIMIT && !ALLOWED.has(f.id)).map((f) => `${f.id} (${f.lines} lines)`);
    expect(long).toEqual([]);
  });

  it('keeps no stale entry in the allow-list', () => {
    const stale = [...ALLOWED].filter((id) => !all.some((f) => f.id === id && f.lines > LIMIT));
    expect(stale).toEqual([]);
  });
});
