/**
 * Briefings for the print lint tests, written from copies of test/fixtures/pharma-fx: a hostile one (a
 * 60-character word in a note, a 300-character company name, a table of 200 figures) that the default template
 * must print clean, and one per lint rule, each triggering its rule on a known page through a partial of its own.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './cli.ts';

/** The small multi-currency fixture briefing every lint fixture starts from. */
export const PHARMA = path.join(ROOT, 'test', 'fixtures', 'pharma-fx');

/** A word of 60 letters with no break point. */
export const LONG_WORD = 'Pseudohypoparathyroidismantidisestablishmentarianismsupercal';

/** A company name of 300 characters, words of ordinary length. */
export const LONG_NAME = (() => {
  const words = 'Aurora Consolidated Metabolic Therapeutics International Holdings and Research Partnership for Oral Peptide Medicines'.split(' ');
  let name = '';
  for (let i = 0; name.length < 300; i++) name += `${name === '' ? '' : ' '}${words[i % words.length]}`;
  return name.slice(0, 300).trimEnd().padEnd(300, 'x');
})();

/** Copy pharma-fx to `dir` with manifest id `id`. */
async function copyPharma(dir: string, id: string): Promise<void> {
  await cp(PHARMA, dir, { recursive: true });
  const manifest = path.join(dir, 'briefing.yaml');
  await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(/^id: .*$/m, `id: ${id}`));
}

/**
 * The hostile briefing: Aurora Metabolics renamed to a 300-character name, with a 60-letter word in a figure's
 * note and 200 figures (weekly prescriptions by clinic).
 */
export async function writeHostileBriefing(dir: string): Promise<void> {
  await copyPharma(dir, 'hostile-lengths');
  const figures = Array.from({ length: 200 }, (_, k) =>
    [
      `  - id: aurora-clinic-${k + 1}`,
      '    quantity: weekly-prescriptions',
      `    segment: Clinic ${String(k + 1).padStart(3, '0')}`,
      `    value: ${1000 + k * 7}`,
      '    period: 2024',
      '    basis: reported',
      '    sources: [s-wire]',
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'companies', 'aurora-metabolics.yaml'),
    [
      'id: aurora-metabolics',
      `name: "${LONG_NAME}"`,
      'group: challenger',
      'country: Germany',
      'profile: >-',
      '  A fictional biotech with an oral GLP-1 candidate in phase 2 trials and a long legal name [@s-wire].',
      'figures:',
      '  - id: aurora-revenue-2024',
      '    quantity: revenue',
      '    value: €12M',
      '    period: FY2024',
      '    basis: reported',
      `    note: The filing calls this line ${LONG_WORD} in its glossary.`,
      '    sources: [s-wire]',
      ...figures,
      '',
    ].join('\n'),
  );
}

/** What a lint fixture expects: the rule and the page it fires on. */
export interface LintFixture {
  readonly id: string;
  readonly rule: string;
  readonly page: number;
  /** HTML put at the top of the first section (page 2 starts with the summary's heading). */
  readonly html: string;
}

/** Height that fills page 2 from under the section heading to about `mm` above the bottom of A4's content box (253 mm). */
const spacer = (mm: number): string => `<div style="height:${253 - 16 - mm}mm"></div>`;

/**
 * A company as the default companies partial prints it (name, meta line, a profile of a one-line and a long
 * paragraph) starting 16 mm above the foot of page 2; with `keeps` false, inline styles switch off the
 * template's keep-with-next rules, as a template without them would print it.
 */
export function companyAtFoot(keeps: boolean): string {
  const off = (style: string): string => (keeps ? '' : ` style="${style}"`);
  const long = 'It sells cars, vans and trucks in most markets of the world, builds its own batteries and software, and reports in euros. '.repeat(4);
  return (
    `${spacer(16)}<article class="company"><h4 class="company-name"${off('break-after:auto')}>Volkswagen Group</h4>` +
    `<p class="company-meta"${off('break-after:auto')}>Germany · Listed</p><div class="company-profile">` +
    `<p${off('break-after:auto')}>A carmaker with <strong>ten brands</strong> <sup class="cite">[<a href="#source-s-wire">1</a>]</sup>.</p><p${off('orphans:1;widows:1')}>${long}</p></div></article>`
  );
}

/** One fixture per rule; a silenced copy of two of them (attribute and CSS property) must stay quiet. */
export const LINT_FIXTURES: readonly LintFixture[] = [
  { id: 'lint-broken-word', rule: 'broken-word', page: 2, html: '<table><tbody><tr><td style="overflow-wrap:anywhere;width:1%">concentration</td><td>A cell that takes the rest of the width, as a wide note column did when the narrow columns were sized by their letters instead of their words.</td></tr></tbody></table>' },
  { id: 'lint-long-token', rule: 'long-token', page: 2, html: `<p style="overflow-wrap:anywhere">${'x'.repeat(40)}${LONG_WORD.repeat(3)}</p>` },
  { id: 'lint-orphan-heading', rule: 'orphan-heading', page: 2, html: `${spacer(12)}<h3 style="break-after:auto">Alone at the foot</h3><p>First paragraph under the heading, long enough to need three lines of text in the column so that it cannot start in the space left at the foot of the page under its heading; it goes to the next page as a whole.</p>` },
  { id: 'lint-detached-table', rule: 'detached-table', page: 3, html: `<h3>Table heading</h3><p>A line that introduces the table.</p><table style="break-before:page"><thead><tr><th>Figure</th><th>Value</th></tr></thead><tbody><tr><td>Revenue</td><td>1</td></tr></tbody></table>` },
  { id: 'lint-split-figure', rule: 'split-figure', page: 2, html: `<div style="height:120mm"></div><figure style="break-inside:auto" aria-label="A drawing too tall for the page"><figcaption>Figure 9. Too tall</figcaption><div style="height:200mm;background:#eee"></div><p>after the drawing</p></figure>` },
  { id: 'lint-overflow', rule: 'overflow', page: 2, html: '<p style="width:30mm;white-space:nowrap">a line of text that is not allowed to wrap in its box</p>' },
  // Keep-with-next, as a new user's briefing printed it: a company's name, its meta line and one line of its
  // profile at the foot of a page, the rest overleaf (the template's keeps switched off to show it).
  { id: 'lint-keep-with-next', rule: 'orphan-heading', page: 2, html: companyAtFoot(false) },
  { id: 'lint-underfilled-page', rule: 'underfilled-page', page: 2, html: '<p>A short paragraph.</p><div style="height:240mm;break-inside:avoid;background:#eee">a block that cannot break</div>' },
];

/**
 * A chart taller than three pages (3,000 px against 956 px of page), then a paragraph: print slices it across
 * pages 3–6, and the layout pass's spacer stands for the slices (no page of its own content there).
 */
export const TALL_CHART: LintFixture = {
  id: 'lint-tall-chart',
  rule: 'overflow',
  page: 3,
  html: '<div class="chart"><svg xmlns="http://www.w3.org/2000/svg" width="300" height="3000" viewBox="0 0 300 3000" role="img" aria-label="A chart taller than three pages"><rect width="300" height="3000" fill="#ccd"/></svg></div><p>The paragraph after the chart.</p>',
};

/** Silenced copies: the attribute on an ancestor, and the CSS custom property. */
export const SILENCED_FIXTURES: readonly LintFixture[] = [
  { id: 'lint-allowed-attribute', rule: 'underfilled-page', page: 2, html: `<div data-lint-allow="underfilled-page orphan-heading">${LINT_FIXTURES.find((f) => f.id === 'lint-underfilled-page')!.html}</div>` },
  { id: 'lint-allowed-css', rule: 'broken-word', page: 2, html: `<div style="--lint-allow: broken-word">${LINT_FIXTURES[0]!.html}</div>` },
];

/** Write a fixture briefing: pharma-fx with an `executive-summary.hbs` of its own that puts `fixture.html` at the top of its first section. */
export async function writeLintFixture(dir: string, fixture: LintFixture): Promise<void> {
  await copyPharma(dir, fixture.id);
  const prose = await readFile(path.join(ROOT, 'templates', 'default', 'partials', 'executive-summary.hbs'), 'utf8');
  await mkdir(path.join(dir, 'templates', 'partials'), { recursive: true });
  await writeFile(path.join(dir, 'templates', 'partials', 'executive-summary.hbs'), `${fixture.html}\n${prose}`);
}
