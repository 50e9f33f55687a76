/**
 * One meaning for `--strict` (issue #28): `check --strict` and `build --strict` fail (exit 3) on the same content
 * warnings, an inconsistent claim and a stale prose number among them, and `build --strict` adds the print
 * lint, which only a print sees. The CLI runs as a subprocess on copies of test/fixtures/three-banks (HTML
 * only: no browser) and on a print lint fixture (a PDF, since the lint reads the printed pages).
 */
import { appendFile, cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, EXIT, type Diagnostic, type ErrorKind } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { failsStrict, strictExitCode, warningScope } from '../../src/strict.ts';
import { ROOT, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { LINT_FIXTURES, writeLintFixture } from '../helpers/lint-fixtures.ts';

const BANKS = path.join(ROOT, 'test', 'fixtures', 'three-banks');

/** A claim that Banco Solar's net interest income grew 1.5 times in 2024: its figures give €13.6B ÷ €12.1B ≈ 1.12×. */
const WRONG_CLAIM = [
  '- id: banco-solar-growth',
  '  statement: Banco Solar grew its net interest income one and a half times in 2024.',
  '  stated: 1.5x',
  '  sources: [s-results]',
  '  check: {inputs: {now: banco-solar-nii-2024, before: banco-solar-nii-2023}, formula: now / before}',
  '',
].join('\n');

/** A sentence whose typed amount its cited source does not state (Banco Solar booked €13.6B). */
const STALE_SENTENCE = '\nBanco Solar booked €15.1 billion of net interest income in 2024 [@s-results].\n';

/** What one command said: its exit code, output, and the warnings' codes (check's JSON report or build's manifest). */
interface Ran {
  readonly run: CliResult;
  readonly codes: readonly string[];
}

/** `briefing check <dir> --json` (with `--strict` when asked): the exit code and the warnings' codes. */
async function check(dir: string, strict: boolean): Promise<Ran> {
  const run = await runCli(['check', dir, '--json', ...(strict ? ['--strict'] : [])]);
  const report = JSON.parse(run.stdout) as { warnings: Diagnostic[] };
  return { run, codes: report.warnings.map((w) => w.code) };
}

/** `briefing build <dir>` into a fresh folder in `format` (with `--strict` when asked): the exit code and the manifest's warnings' codes. */
async function build(dir: string, format: 'html' | 'pdf', strict: boolean): Promise<Ran> {
  const out = await tempDir();
  const run = await runCli(['build', dir, '--out', out, '--format', format, ...(strict ? ['--strict'] : [])]);
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { briefings: { warnings: Diagnostic[] }[] };
  return { run, codes: manifest.briefings.flatMap((b) => b.warnings.map((w) => w.code)) };
}

/** A copy of three-banks, changed by `edit` (given the copy's folder). */
async function banks(edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(await tempDir(), 'three-banks');
  await cp(BANKS, dir, { recursive: true });
  await edit(dir);
  return dir;
}

/** Both commands, each with and without `--strict` (build as HTML). */
async function allFour(dir: string): Promise<{ check: Ran; checkStrict: Ran; build: Ran; buildStrict: Ran }> {
  const [plain, strict, built, builtStrict] = await Promise.all([check(dir, false), check(dir, true), build(dir, 'html', false), build(dir, 'html', true)]);
  return { check: plain, checkStrict: strict, build: built, buildStrict: builtStrict };
}

describe('the same content warnings fail check --strict and build --strict', () => {
  it('passes the unchanged fixture under --strict in both commands', async () => {
    const dir = await banks(async () => undefined);
    const ran = await allFour(dir);
    for (const r of Object.values(ran)) expect(r.run.code, r.run.stderr).toBe(EXIT.ok);
    expect(ran.buildStrict.codes).toEqual([]);
  });

  it('an inconsistent claim: a warning in both (the manifest lists it), exit 3 under --strict, 0 without', async () => {
    const dir = await banks((d) => writeFile(path.join(d, 'claims.yaml'), WRONG_CLAIM));
    const ran = await allFour(dir);
    const code = MESSAGES.claimInconsistent.code;
    expect(ran.check.run.code, ran.check.run.stderr).toBe(EXIT.ok);
    expect(ran.build.run.code, ran.build.run.stderr).toBe(EXIT.ok);
    expect(ran.checkStrict.run.code, ran.checkStrict.run.stderr).toBe(EXIT.warnings);
    expect(ran.buildStrict.run.code, ran.buildStrict.run.stderr).toBe(EXIT.warnings);
    for (const r of Object.values(ran)) expect(r.codes).toEqual([code]);
    // Located at the claim's stated value in claims.yaml, as the build prints it.
    const report = JSON.parse(ran.checkStrict.run.stdout) as { warnings: Diagnostic[]; results: { claims: { id: string; verdict: string }[] }[] };
    expect(report.results[0]!.claims).toEqual([expect.objectContaining({ id: 'banco-solar-growth', verdict: 'inconsistent' })]);
    expect(report.warnings[0]).toMatchObject({ file: path.join(dir, 'claims.yaml'), line: 1, path: 'stated' });
    expect(ran.buildStrict.run.stderr).toContain(`claims.yaml:1:3 stated: `);
    expect(ran.buildStrict.run.stderr).toContain(`[${code}]`);
  });

  it('a stale prose number: exit 3 under --strict in both, 0 without', async () => {
    const dir = await banks((d) => appendFile(path.join(d, 'sections', 'summary.md'), STALE_SENTENCE));
    const ran = await allFour(dir);
    expect(ran.check.run.code, ran.check.run.stderr).toBe(EXIT.ok);
    expect(ran.build.run.code, ran.build.run.stderr).toBe(EXIT.ok);
    expect(ran.checkStrict.run.code, ran.checkStrict.run.stderr).toBe(EXIT.warnings);
    expect(ran.buildStrict.run.code, ran.buildStrict.run.stderr).toBe(EXIT.warnings);
    for (const r of Object.values(ran)) expect(r.codes).toEqual([MESSAGES.staleProseFigure.code]);
  });
});

describe('build --strict adds the print lint', () => {
  it('a page warning only a print sees: check --strict 0, build --strict 3, build 0', async () => {
    const fixture = LINT_FIXTURES.find((f) => f.rule === 'overflow')!;
    const dir = path.join(await tempDir(), fixture.id);
    await writeLintFixture(dir, fixture);
    const [checked, built, builtStrict] = await Promise.all([check(dir, true), build(dir, 'pdf', false), build(dir, 'pdf', true)]);
    expect(checked.run.code, checked.run.stderr).toBe(EXIT.ok);
    expect(checked.codes).toEqual([]);
    expect(built.run.code, built.run.stderr).toBe(EXIT.ok);
    expect(builtStrict.run.code, builtStrict.run.stderr).toBe(EXIT.warnings);
    expect(builtStrict.codes).toEqual([MESSAGES.printOverflow.code]);
  });
});

describe('the rule, by catalogue category', () => {
  const kinds = Object.keys(CATALOGUE) as ErrorKind[];

  it('the print lint and text outside the structure are print warnings; the content warnings are content', () => {
    for (const m of [MESSAGES.printOverflow, MESSAGES.printBrokenWord, MESSAGES.printUnderfilledPage, MESSAGES.hiddenText]) expect(warningScope({ kind: m.kind }), m.code).toBe('print');
    expect(warningScope({ kind: 'chart' }), 'BR231').toBe('content');
    expect(warningScope({ kind: 'schema' })).toBe('content');
    expect(warningScope({ kind: MESSAGES.claimInconsistent.kind })).toBe('content');
    expect(warningScope({ kind: MESSAGES.staleProseFigure.kind })).toBe('content');
  });

  it('content fails both commands, print only build', () => {
    for (const kind of kinds) {
      expect(failsStrict({ kind }, 'build'), kind).toBe(true);
      expect(failsStrict({ kind }, 'check'), kind).toBe(warningScope({ kind }) === 'content');
    }
  });

  it('keeps an error exit code, and changes nothing without --strict', () => {
    const print = [{ kind: MESSAGES.printOverflow.kind }];
    expect(strictExitCode(EXIT.content, print, 'build', true)).toBe(EXIT.content);
    expect(strictExitCode(EXIT.ok, print, 'build', false)).toBe(EXIT.ok);
    expect(strictExitCode(EXIT.ok, print, 'build', true)).toBe(EXIT.warnings);
    expect(strictExitCode(EXIT.ok, print, 'check', true)).toBe(EXIT.ok);
    expect(strictExitCode(EXIT.ok, [], 'check', true)).toBe(EXIT.ok);
  });
});
