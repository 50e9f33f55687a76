/**
 * Words bound to data (issue 24): a briefing fed from data/figures.csv writes its numbers as inline values;
 * built, its CSV changed and rebuilt with `--since`, the words follow the data and `|change` says how they
 * moved. The CLI runs as a subprocess; the PDF is read as a reader's software reads it.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';
import { readPdf } from '../helpers/pdf.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'inline');

/** A copy of the inline fixture to change. */
async function copy(): Promise<string> {
  const dir = path.join(await tempDir(), 'inline');
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

/** The HTML's text, without its styles and tags, runs of spaces and line breaks as one space (no-break spaces kept). */
const textOf = (html: string): string =>
  html
    .replace(/<style>[^]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/[ \t\n]+/g, ' ');

describe('inline values', () => {
  it('print as the tables print them, follow the data, and say how they moved since the earlier build', async () => {
    const dir = await copy();
    const first = await tempDir();
    const r1 = await runCli(['build', dir, '--out', first]);
    expect(r1.code, r1.stderr).toBe(EXIT.ok);
    const html1 = await readFile(path.join(first, 'inline-fixture.html'), 'utf8');
    // The value links to its row, which carries the id, with the formula as its title.
    expect(html1).toContain('<a class="inline-value" href="#figure-row-lilly-revenue-2024" title="Eli Lilly revenue FY2024">$50B</a><sup class="cite">[<a href="#source-s-wire" title="GLP-1 makers close the year (fictional test source)">1</a>]</sup> of revenue');
    expect(html1).toMatch(/<tr id="figure-row-lilly-revenue-2024"[ >]/);
    expect(/<a class="inline-value" href="#metric-row-ozempic-share" title="ozempic ÷ sales; where [^"]+">41.3%<\/a>/.test(html1), String(/<a class="inline-value" href="#metric-row-ozempic-share" title="ozempic ÷ sales; where [^"]+">41.3%<\/a>/)).toBe(true);
    expect(html1).toMatch(/<tr id="metric-row-ozempic-share"[ >]/);
    // Without an earlier build, |change prints the value alone.
    expect(textOf(html1)).toContain('Eli Lilly booked $50B[1] of revenue in 2024 ($50B[1]) at an operating margin of 8.25%[1] (8.25%[1])');
    // An each row, a scenario row, a range as its table prints it.
    expect(textOf(html1)).toContain('Novo Nordisk trades at 6.27×–9.39×[1,2,3] its sales; a 20% price cut would cost the incumbents $21.7B[1,3] a year');
    // The value's sources merge with the citation beside it: $300B is s-ledger's, the marker s-wire's.
    expect(html1).toContain('>$300B</a> <sup class="cite">[<a href="#source-s-wire" title="GLP-1 makers close the year (fictional test source)">1</a>,<wbr><a href="#source-s-ledger" title="Drug-maker market values (fictional test source)">2</a>]</sup>');
    // An escaped brace, a table cell, headings, a takeaway, a chart caption, a risk and a metric note.
    const text1 = textOf(html1);
    expect(text1).toContain('A brace escaped prints as written: {figure:lilly-revenue-2024}.');
    expect(/<td>[^<]*<a class="inline-value" href="#figure-row-roche-revenue-2024"[^>]*>CHF\u00a060.5B<\/a>/.test(html1), String(/<td>[^<]*<a class="inline-value" href="#figure-row-roche-revenue-2024"[^>]*>CHF\u00a060.5B<\/a>/)).toBe(true);
    expect(html1).toContain('<h2 id="sec-summary-h">Summary: $109B for the incumbents</h2>');
    expect(/<h3[^>]*>Ozempic at <a class="inline-value" href="#figure-row-novo-ozempic-2024"[^>]*>DKK\u00a0120B<\/a><\/h3>/.test(html1), String(/<h3[^>]*>Ozempic at <a class="inline-value" href="#figure-row-novo-ozempic-2024"[^>]*>DKK\u00a0120B<\/a><\/h3>/)).toBe(true);
    expect(text1).toContain('Eli Lilly&#x27;s margin is 8.25%[1].');
    expect(text1).toContain('Ozempic booked DKK\u00a0120B[1].');
    expect(text1).toContain('a 10% cut costs the incumbents $10.9B[1,3]');
    expect(text1).toContain('Ozempic alone booked DKK\u00a0120B[1].');

    // Tonight's export: Lilly's revenue and margin and Novo Nordisk's Ozempic sales moved.
    const csv = path.join(dir, 'data', 'figures.csv');
    await writeFile(csv, (await readFile(csv, 'utf8')).replace('$50B', '$50.6B').replace('8.25%', '8.53%').replace('DKK 120B', 'DKK 125B'));
    const second = await tempDir();
    const r2 = await runCli(['build', dir, '--out', second, '--since', first]);
    expect(r2.code, r2.stderr).toBe(EXIT.ok);
    const text2 = textOf(await readFile(path.join(second, 'inline-fixture.html'), 'utf8'));
    expect(text2).toContain('Eli Lilly booked $50.6B[1] of revenue in 2024 (up 1.2% from $50B[1]) at an operating margin of 8.53%[1] (up 0.28 pp from 8.25%[1])');
    expect(text2).toContain("Ozempic made 43%[1] of Novo Nordisk’s sales (up 1.72 pp from 41.3%[1]), Wegovy 22.4%[1].");
    expect(text2).toContain('Ozempic at DKK\u00a0125B');

    // The PDF says the same, and each value is a link to its row.
    const pdf = await readPdf(path.join(second, 'inline-fixture.pdf'));
    const all = pdf.pages.join(' ').replace(/ ?\[ ([\d ,]+) \] ?/g, (_m, n: string) => `[${n.replace(/ /g, '')}]`);
    expect(all).toContain('up 1.2% from $50B');
    expect(all).toContain('up 0.28 pp from 8.25%');
    expect(all).toContain('Summary: $109B for the incumbents');
    const dests = new Set(pdf.links.map((l) => l.dest));
    for (const d of ['figure-row-lilly-revenue-2024', 'figure-row-lilly-operating-margin-2024', 'metric-row-ozempic-share', 'metric-row-price-to-sales_2enovo-nordisk']) expect(dests).toContain(d);
  });

  it('check --json lists every inline value with what it resolved to', async () => {
    const r = await runCli(['check', FIXTURE, '--json']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const values = JSON.parse(r.stdout).results[0].inlineValues as { token: string; text: string; file: string; line: number; column: number; row: string | null }[];
    expect(values).toHaveLength(21);
    expect(values.find((v) => v.token === '{metric:sales-at-risk:20%}')).toMatchObject({ id: 'sales-at-risk', row: '20%', text: '$21.7B', file: path.join(FIXTURE, 'sections', 'summary.md'), line: 8, column: 16 });
    expect(values.find((v) => v.token === '{figure:lilly-operating-margin-2024}' && v.file.endsWith('takeaways.yaml'))).toMatchObject({ text: '8.25%', line: 3, column: 90 });
  });

  it('an unknown id or row is an error at its line and column, with a did-you-mean', async () => {
    const dir = await copy();
    const summary = path.join(dir, 'sections', 'summary.md');
    await writeFile(summary, `${await readFile(summary, 'utf8')}\nBad: {figure:lilly-revenue-2042} and {metric:sales-at-risk:25%}.\n`);
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${summary}:25:6 {figure:lilly-revenue-2042} names no figure`);
    expect(r.stderr).toContain('(did you mean "lilly-revenue-2024"?)');
    expect(r.stderr).toContain(`${summary}:25:38 {metric:sales-at-risk:25%}: there is no row "25%"`);
    expect(r.stderr).toContain(`[${MESSAGES.unknownInlineValue.code}]`);
    expect(r.stderr).toContain(`[${MESSAGES.unknownInlineRow.code}]`);
  });
});
