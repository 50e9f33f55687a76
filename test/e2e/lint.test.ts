/**
 * Print lint end to end: the CLI builds fixture briefings that each trigger one rule on a known page, and the
 * samples, a generated 100-company briefing and a briefing with hostile lengths, which the default template
 * must print clean. Two CLI runs, several briefings each.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBriefing } from '../../bench/lib/content.ts';
import { EXIT } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { LINT_MESSAGES, type LintRule } from '../../src/pdf/lint.ts';
import { ROOT, runCli, SAMPLE, tempDir, type CliResult } from '../helpers/cli.ts';
import { companyAtFoot, LINT_FIXTURES, SILENCED_FIXTURES, TALL_CHART, writeHostileBriefing, writeLintFixture, type LintFixture } from '../helpers/lint-fixtures.ts';

interface Warning {
  readonly code: string;
  readonly message: string;
  readonly page?: number;
  readonly element?: string;
  readonly rule?: string;
}
interface Manifest {
  readonly briefings: readonly { readonly id: string; readonly ok: boolean; readonly warnings: readonly Warning[] }[];
}

const SECOND = path.join(ROOT, 'content', 'china-ai-2026');

/** The keep-with-next fixture's company in the same place, with the default template's keeps left on. */
const KEPT_COMPANY: LintFixture = { id: 'lint-kept-company', rule: 'orphan-heading', page: 2, html: companyAtFoot(true) };

async function build(dirs: readonly string[]): Promise<{ run: CliResult; manifest: Manifest }> {
  const out = await tempDir();
  const run = await runCli(['build', ...dirs, '--out', out, '--format', 'pdf', '--strict', '--concurrency', '2']);
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
  return { run, manifest };
}

describe('print lint on fixtures that trigger each rule', () => {
  let run: CliResult;
  let manifest: Manifest;
  beforeAll(async () => {
    const root = await tempDir();
    const dirs: string[] = [];
    for (const f of [...LINT_FIXTURES, ...SILENCED_FIXTURES, KEPT_COMPANY, TALL_CHART]) {
      const dir = path.join(root, f.id);
      await writeLintFixture(dir, f);
      dirs.push(dir);
    }
    ({ run, manifest } = await build(dirs));
  });

  it('fails build --strict with exit 3, printing each warning with its page and what to do', () => {
    expect(run.code, run.stderr).toBe(EXIT.warnings);
    expect(manifest.briefings.every((b) => b.ok)).toBe(true);
    expect(run.stderr).toMatch(new RegExp(`warning: .*lint-overflow page 2: .* \\[${MESSAGES.printOverflow.code}\\]\\n {2}→ `));
  });

  it.each(LINT_FIXTURES.map((f) => [f.id, f] as const))('%s: catches its rule at the right page', (_id, fixture) => {
    const warnings = manifest.briefings.find((b) => b.id === fixture.id)!.warnings;
    const code = MESSAGES[LINT_MESSAGES[fixture.rule as LintRule].kind].code;
    expect(warnings, JSON.stringify(warnings, null, 2)).toContainEqual(expect.objectContaining({ code, rule: fixture.rule, page: fixture.page }));
    // Each fixture triggers its own rule and nothing else.
    expect(warnings.filter((w) => w.rule !== fixture.rule), JSON.stringify(warnings, null, 2)).toEqual([]);
    expect(warnings.every((w) => typeof w.element === 'string' && w.element.length > 0)).toBe(true);
  });

  it('keeps a company at the foot of a page with three lines of its own, or moves it whole (default template)', () => {
    expect(manifest.briefings.find((b) => b.id === KEPT_COMPANY.id)!.warnings).toEqual([]);
  });

  it('prints a chart taller than three pages, and takes the pages its slices fill for full', () => {
    const warnings = manifest.briefings.find((b) => b.id === TALL_CHART.id)!.warnings;
    // The chart cannot break: said once, where it starts. Its slices fill pages 3 to 5 and the top of 6.
    expect(warnings.filter((w) => w.rule === 'overflow').map((w) => w.page)).toEqual([TALL_CHART.page]);
    expect(warnings.filter((w) => w.rule === 'underfilled-page' && w.page! >= TALL_CHART.page), JSON.stringify(warnings, null, 2)).toEqual([]);
  });

  it('stays quiet where the template says data-lint-allow or --lint-allow', () => {
    for (const f of SILENCED_FIXTURES) expect(manifest.briefings.find((b) => b.id === f.id)!.warnings, f.id).toEqual([]);
  });

  it('leaves print warnings out of check, which does not lay out pages', async () => {
    const dir = path.join(await tempDir(), 'overflow');
    await writeLintFixture(dir, LINT_FIXTURES.find((f) => f.rule === 'overflow')!);
    const r = await runCli(['check', dir, '--json', '--strict']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout).warnings).toEqual([]);
  });
});

describe('the default template prints clean', () => {
  it('on both samples, a 100-company briefing and a briefing with hostile lengths', async () => {
    const root = await tempDir();
    const hundred = path.join(root, 'hundred');
    const hostile = path.join(root, 'hostile');
    await generateBriefing(hundred, 100, 'hundred-companies');
    await writeHostileBriefing(hostile);
    const { run, manifest } = await build([SAMPLE, SECOND, hundred, hostile]);
    const printWarnings = manifest.briefings.flatMap((b) => b.warnings.filter((w) => w.page !== undefined).map((w) => `${b.id} page ${w.page}: ${w.message}`));
    expect(printWarnings).toEqual([]);
    // Under --strict the sample's inconsistent claim, kept on purpose, fails the run; nothing else does.
    const others = manifest.briefings.flatMap((b) => b.warnings.filter((w) => w.page === undefined).map((w) => `${b.id}: ${w.code}`));
    expect(others).toEqual([`ai-ipo-2026: ${MESSAGES.claimInconsistent.code}`]);
    expect(run.code, run.stderr).toBe(EXIT.warnings);
  });
});
