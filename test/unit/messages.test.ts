/**
 * Every message a user can see comes from the catalogue (src/messages.ts and src/messages/): call sites pass
 * arguments only.
 * This test reads src/ with the TypeScript parser and fails on a `throw new Error(` (or any plain `…Error(`),
 * and on message text written at a call site: a string or template literal given to `BriefingError.of`,
 * `diagnostic`, a diagnostic list's `add` or a `fail` helper, set as a `message:` or `error:` (zod issues,
 * data file problems), or given to a schema rule (`.regex`, `.refine`, `.min`, `.max`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, DiagnosticList, MAX_DIAGNOSTICS, type ErrorKind } from '../../src/errors.ts';
import { MESSAGES, msg } from '../../src/messages.ts';
import { ERRORS_DOC, errorsDoc } from '../../scripts/errors-doc.ts';
import { ROOT } from '../helpers/cli.ts';
import { catchBriefingError } from './helpers.ts';

/** The catalogue itself, where message text is written: src/errors.ts, src/messages.ts and every module under src/messages/. */
function isCatalogue(file: string): boolean {
  return file === 'src/errors.ts' || file === 'src/messages.ts' || file.startsWith('src/messages/');
}

/** Every .ts file under `dir`, relative to the project root, with `/` separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return filesUnder(rel);
    return rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Calls whose first argument is a message: the error constructors and the helpers that locate a message. */
function takesMessage(call: ts.CallExpression, sf: ts.SourceFile): boolean {
  const callee = call.expression.getText(sf);
  return callee === 'BriefingError.of' || callee === 'diagnostic' || /(^|\.)diags\.add$/.test(callee) || /(^|\.)fail$/.test(callee);
}

/** Schema rules whose second argument is the message zod reports. */
const SCHEMA_RULES = new Set(['regex', 'refine', 'min', 'max']);

/** Text written out: a string literal, a template, or a concatenation or condition that yields one. */
function isInlineText(node: ts.Expression): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) return true;
  if (ts.isParenthesizedExpression(node)) return isInlineText(node.expression);
  if (ts.isConditionalExpression(node)) return isInlineText(node.whenTrue) || isInlineText(node.whenFalse);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return isInlineText(node.left) || isInlineText(node.right);
  return false;
}

/** `file:line: text` for each message written outside the catalogue in `source`. */
export function inlineMessages(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const hits: string[] = [];
  const hit = (node: ts.Node): void => {
    hits.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${node.getText(sf).slice(0, 100)}`);
  };
  const visit = (node: ts.Node): void => {
    // commander's InvalidArgumentError is how an option parser refuses a value; its text must come from the catalogue.
    const fromCatalogue = (n: ts.NewExpression): boolean => n.arguments?.length === 1 && /^(msg|problem)\./.test(n.arguments[0]!.getText(sf));
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && /^[A-Za-z]*Error$/.test(node.expression.text) && node.expression.text !== 'BriefingError') {
      if (!(node.expression.text === 'InvalidArgumentError' && fromCatalogue(node))) hit(node);
    }
    if (ts.isCallExpression(node) && takesMessage(node, sf)) {
      // The older form passes a kind (a string) first and the text second: it is flagged whatever the text.
      if (node.arguments.slice(0, 2).some(isInlineText)) hit(node);
    }
    if (ts.isPropertyAssignment(node) && ['message', 'error'].includes(node.name.getText(sf)) && isInlineText(node.initializer)) hit(node);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SCHEMA_RULES.has(node.expression.name.text) && node.arguments[1] !== undefined && isInlineText(node.arguments[1])) hit(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return hits;
}

describe('messages come from the catalogue', () => {
  const files = filesUnder('src').filter((f) => !isCatalogue(f));

  it('scans the stages, the preview and the formatter', () => {
    for (const f of ['src/content/load.ts', 'src/metrics/declared.ts', 'src/charts/catalogue.ts', 'src/html/helpers.ts', 'src/format.ts', 'src/preview/server.ts']) expect(files).toContain(f);
  });

  it('finds no plain Error and no message text written at a call site in src/ outside the catalogue', () => {
    expect(files.flatMap((f) => inlineMessages(f, readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('would notice either', () => {
    const source = [
      "throw new Error('boom');",
      "Promise.reject(new RangeError(`bad ${x}`));",
      "throw BriefingError.of('chart', `chart ${id} failed`, place);",
      "diags.add('schema', 'a ' + what, place);",
      "run.diags.add('schema', ok ? 'a' : b, place);",
      "warnings.push(diagnostic('missingFile', text, place));",
      "fail(`unknown quantity ${q}`);",
      "ctx.addIssue({ code: 'custom', message: `bad ${v}` });",
      "z.string().regex(/^a$/, 'write a');",
      // Catalogue calls pass:
      'throw BriefingError.of(msg.specImageMark(), place);',
      'diags.add(msg.duplicateId(what, id), place);',
      'run.fail(msg.chartEmpty());',
      'seen.add(`${a}:${b}`);',
      'throw new BriefingError(problems);',
      "ctx.addIssue({ code: 'custom', message: problem.segmentNeeded() });",
      "z.number().min(1, problem.scoreRange()).max(5);",
    ].join('\n');
    expect(inlineMessages('x.ts', source).map((h) => h.split(':')[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });
});

describe('the catalogue', () => {
  const records = Object.entries(MESSAGES);

  it('gives each message the code and hint of its own record, and the kind of its category', () => {
    const samples = [
      [msg.noFile('risks.yaml'), MESSAGES.noFile],
      [msg.unknownCitation('s-x'), MESSAGES.unknownCitation],
      [msg.noRate('revenue', 'DKK', 'USD'), MESSAGES.noRate],
      [msg.specImageMark(), MESSAGES.specImageMark],
      [msg.helperNoValue('money', ''), MESSAGES.helperNoValue],
      [msg.portInUse(4321, '127.0.0.1'), MESSAGES.portInUse],
      [msg.schemaIssue('figureValue', 'x'), MESSAGES.figureValueRule],
      [msg.printFinding('printOverflow', 'x', false), MESSAGES.printOverflow],
    ] as const;
    for (const [m, record] of samples) expect(m).toMatchObject({ kind: record.kind, code: record.code, hint: record.hint });
  });

  it('tells apart the cases that shared a code: every record has its own code, title and hint', () => {
    expect(msg.unknownField('x', '', false).code).not.toBe(msg.missingField('x', 'string').code);
    expect(msg.unknownCitation('s-x').code).not.toBe(msg.unknownId('figure', 'x').code);
    for (const field of ['code', 'title'] as const) expect(new Set(records.map(([, r]) => r[field])).size, field).toBe(records.length);
    for (const [name, r] of records) {
      expect(r.code, name).toMatch(/^BR[1-5]\d\d$/);
      expect(r.title.length, name).toBeGreaterThan(0);
      expect(r.hint.length, name).toBeGreaterThan(0);
    }
  });

  it('keeps each released code on its category’s representative message, and the others in the same hundred', () => {
    for (const [kind, entry] of Object.entries(CATALOGUE) as [ErrorKind, (typeof CATALOGUE)[ErrorKind]][]) {
      const bearers = records.filter(([, r]) => r.code === entry.code);
      expect(bearers.map(([, r]) => [r.kind, r.hint]), kind).toEqual([[kind, entry.hint]]);
    }
    for (const [name, r] of records) expect(r.code.slice(0, 3), name).toBe(CATALOGUE[r.kind].code.slice(0, 3));
  });

  it('says the count of the problems a full list did not keep with a message of its own', () => {
    const list = new DiagnosticList();
    for (let i = 0; i <= MAX_DIAGNOSTICS; i++) list.add(msg.repeatedRow(), { file: 'a.csv', line: i + 1 });
    const last = catchBriefingError(() => list.throwIfAny()).diagnostics.at(-1)!;
    expect(last).toMatchObject({ code: MESSAGES.moreProblems.code, message: msg.moreProblems(1, MAX_DIAGNOSTICS).text, file: 'a.csv' });
  });

  it(`is described by ${ERRORS_DOC}, generated from it (npm run docs:errors)`, () => {
    const doc = readFileSync(path.join(ROOT, ERRORS_DOC), 'utf8');
    expect(doc, `${ERRORS_DOC} is stale: run \`npm run docs:errors\` and commit the result`).toBe(errorsDoc());
    for (const [, r] of records) expect(doc).toContain(`### ${r.code}: ${r.title}`);
  });

  it('is a leaf: src/messages.ts and src/messages/ import only src/errors.ts and each other, and src/errors.ts imports nothing', () => {
    const importsOf = (file: string): string[] => {
      const sf = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
      return sf.statements.flatMap((st) => (ts.isImportDeclaration(st) || (ts.isExportDeclaration(st) && st.moduleSpecifier) ? [(st.moduleSpecifier as ts.StringLiteral).text] : []));
    };
    expect(importsOf('src/messages.ts')).toContain('./errors.ts');
    for (const spec of importsOf('src/messages.ts')) expect(spec).toMatch(/^\.\/(errors\.ts$|messages\/[^/]+\.ts$)/);
    const modules = filesUnder('src/messages');
    expect(modules.length).toBeGreaterThan(0);
    for (const file of modules) for (const spec of importsOf(file)) expect(spec, file).toMatch(/^(\.\.\/errors\.ts|\.\/[^/]+\.ts)$/);
    expect(importsOf('src/errors.ts')).toEqual([]);
  });

  it('says a repeated phrase with one function', () => {
    expect(msg.unknownCitation('s-x').text).toBe('citation [@s-x] names no source in sources.yaml');
    expect(msg.undefinedSource('figure', 's-x').text).toBe('figure cites source "s-x", which sources.yaml does not define');
    expect(msg.undefinedSource('rate', 's-x').text).toBe('rate cites source "s-x", which sources.yaml does not define');
    expect(msg.noRate('valuation', 'DKK', 'USD')).toMatchObject({ kind: 'exchangeRate', text: 'valuation mixes DKK and USD with no stated rate; add the rate to fx: in briefing.yaml' });
  });

  it('puts a metric’s or a chart’s name before a message about it, keeping its kind', () => {
    const m = msg.about(msg.metricPrefix('p-s'), msg.dividesByZero('valuation / revenue'));
    expect(m).toMatchObject({ kind: 'metric', text: 'metric "p-s": "valuation / revenue" divides by a value that is zero or spans zero' });
    expect(msg.about(msg.chartPrefix('mix'), msg.chartNoRate('DKK', 'USD')).kind).toBe('exchangeRate');
  });
});
