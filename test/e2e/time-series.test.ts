/**
 * Time-series charts end to end: the time-series fixture (a utility's quarterly revenue as a line, two peers'
 * annual revenue in euros and kroner as a stacked area) built through the CLI into a PDF, read as a reader's
 * software reads it.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { ROOT, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { readPdf } from '../helpers/pdf.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'time-series');

/** The text of `all` from `start` up to `end` (both must be there, in that order). */
function between(all: string, start: string, end: string): string {
  const from = all.indexOf(start);
  const to = all.indexOf(end, from);
  expect(from, `"${start}" in the PDF`).toBeGreaterThanOrEqual(0);
  expect(to, `"${end}" after "${start}"`).toBeGreaterThan(from);
  return all.slice(from + start.length, to);
}

/** True when `words` occur in `text` in this order. */
const inOrder = (text: string, words: readonly string[]): boolean => {
  let at = -1;
  for (const w of words) {
    at = text.indexOf(w, at + 1);
    if (at === -1) return false;
  }
  return true;
};

describe('line and area charts of the time-series fixture', () => {
  let run: CliResult;
  let text = '';

  beforeAll(async () => {
    const out = await tempDir();
    run = await runCli(['build', FIXTURE, '--out', out, '--format', 'pdf']);
    if (run.code === 0) text = (await readPdf(path.join(out, 'time-series-fixture.pdf'))).pages.join('\n');
  });

  it('builds without a warning', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('draws the quarters along the x axis in time order, though the file lists Q4 2025 first', () => {
    const line = between(text, 'Figure 1. Northgate Power\'s revenue by quarter', 'Revenue as reported each quarter');
    const quarters = line.match(/Q[1-4] \d{4}/g);
    expect(quarters).toEqual(['Q1 2024', 'Q2 2024', 'Q3 2024', 'Q4 2024', 'Q1 2025', 'Q2 2025', 'Q3 2025', 'Q4 2025']);
    expect(line).toContain('Revenue (€ billion)');
    // One series: no legend naming it.
    expect(line).not.toContain('Northgate Power');
  });

  it('stacks the peers’ years in euros, with a legend for the two companies', () => {
    const area = between(text, 'Figure 2. The peers\' annual revenue, stacked', 'Annual revenue of the two peers');
    expect(area.match(/FY\d{4}/g)).toEqual(['FY2022', 'FY2023', 'FY2024', 'FY2025']);
    expect(area).toContain('Revenue (€ billion)');
    expect(inOrder(area, ['Cascade Electric', 'Fjord Energi']) || inOrder(area, ['Fjord Energi', 'Cascade Electric'])).toBe(true);
    // Stacked: the axis reaches past either company's revenue alone (€3.3B at most) to their sum (€5.5B).
    expect(area).toMatch(/\b6\b/);
  });
});

describe('spec names', () => {
  it('refuses a spec name the template does not have at the chart\'s spec: field, listing the ones it has, line and area among them', async () => {
    const dir = path.join(await tempDir(), 'time-series');
    await cp(FIXTURE, dir, { recursive: true });
    const chart = path.join(dir, 'charts', 'peer-revenue.yaml');
    await writeFile(chart, (await readFile(chart, 'utf8')).replace('spec: area', 'spec: lines'));
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toMatch(/template "default" has no chart spec lines\.vl\.json; its specs are .*\barea\b.*\bline\b.* \[BR175\]/);
    // At the briefing's chart file, its spec: field (#26), not the template's folder.
    expect(r.stderr).toContain(`error: ${chart}:`);
    expect(r.stderr).toMatch(/peer-revenue\.yaml:\d+:\d+ spec: template "default"/);
  });
});
