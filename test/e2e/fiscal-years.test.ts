/**
 * Fiscal years and company order end to end (#25), on the carmaker fixture (`test/fixtures/fiscal-years`):
 * Toyota's year ends on 31 March (`fiscalYearEnd: 03-31`), Volkswagen's, Tesla's and BYD's on 31 December, in
 * JPY, EUR, USD and CNY with stated rates; the electric-car group lists `companies: [tesla, byd]`. The CLI runs
 * as a subprocess: the PDF names the day Toyota's periods end and its year end, `latest` takes Toyota's FY2026
 * beside the others' 2025, a sum over "2025" warns at its input's file and line (BR248), and Tesla prints
 * before BYD everywhere. A broken copy of the order is an error at its line.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';
import { readPdf } from '../helpers/pdf.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'fiscal-years');
const METRICS = path.join(FIXTURE, 'metrics.yaml');

/** 1-based line of the first line of `file` that contains `needle`. */
async function lineOf(file: string, needle: string): Promise<number> {
  const line = (await readFile(file, 'utf8')).split('\n').findIndex((l) => l.includes(needle)) + 1;
  expect(line, `${file} has no "${needle}"`).toBeGreaterThan(0);
  return line;
}

describe('build on a briefing that mixes March and December year ends', () => {
  it('prints where Toyota’s periods end, takes its latest year by its end, warns at the mixed sum, and keeps the group’s order', async () => {
    const out = await tempDir();
    const r = await runCli(['build', FIXTURE, '--out', out, '--format', 'pdf']);
    expect(r.code, r.stderr).toBe(EXIT.ok);

    // The warning: at metrics.yaml's line of the input that found the year ending first, with its code; built all the same.
    const line = await lineOf(METRICS, 'period: 2025}');
    expect(r.stderr).toContain(`${METRICS}:${line}:`);
    expect(r.stderr).toMatch(/metric "revenue-2025": combines years that end 9 months apart: Toyota revenue FY2025 \(year to 31 March 2025\) and \w+ revenue 2025 \(year to 31 December 2025\) \[BR248\]/);
    expect(r.stderr.match(/BR248/g)).toHaveLength(1); // latest-revenue and ev-revenue line up

    const { pages } = await readPdf(path.join(out, 'fiscal-years-fixture.pdf'));
    const text = pages.join('\n').replace(/\s+/g, ' ');
    // The company line and each period of Toyota's table name the year end; calendar years print as written.
    expect(text).toContain('Japan · Fiscal year ends 31 March');
    expect(text).toMatch(/Revenue ¥48T FY2025 \(to 31 Mar 2025\) reported/);
    expect(text).toMatch(/Revenue ¥49T FY2026 \(to 31 Mar 2026\) reported/);
    expect(text).toMatch(/Revenue ¥12T Q1 2026 \(to 30 Jun 2025\) reported/);
    expect(text).toMatch(/Revenue €325B 2025 reported/);
    expect(text).not.toMatch(/Germany · Fiscal year/);
    // latest: Toyota's FY2026 beside the others' 2025, and the formula line says which year it found.
    expect(text).toContain('Toyota revenue FY2026 (¥49T)');
    expect(text).toContain('Tesla revenue 2025 ($95B)');

    // Tesla before BYD in the profiles, the metric rows, the group sum's formula line and the chart.
    const profiles = text.slice(text.indexOf('Company profiles', text.indexOf('Contents') + 200));
    expect(profiles.indexOf('Tesla United States')).toBeGreaterThan(0);
    expect(profiles.indexOf('Tesla United States')).toBeLessThan(profiles.indexOf('BYD China'));
    expect(text).toMatch(/Tesla \$95B Tesla revenue 2025 .*BYD \$112B BYD revenue 2025/);
    expect(text).toMatch(/Electric-car makers: Tesla 2025 \$95B, BYD 2025 CN¥800B/);
    const chart = text.slice(text.indexOf('Figure 1. Revenue of the latest fiscal year'));
    expect(chart.indexOf('Tesla')).toBeLessThan(chart.indexOf('BYD'));
  });

  it('lists the warning in check --json with its place', async () => {
    const r = await runCli(['check', FIXTURE, '--json']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const [w, ...rest] = JSON.parse(r.stdout).warnings;
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ code: 'BR248', kind: 'metric', file: METRICS, line: await lineOf(METRICS, 'period: 2025}'), path: 'inputs.revenue' });
    expect(w.hint).toMatch(/acceptMixedYears: true/);
    // --strict fails on it (exit 3).
    expect((await runCli(['check', FIXTURE, '--strict'])).code).toBe(EXIT.warnings);
  });

  it('refuses a group order that names a company of another group, at its line, with what to do', async () => {
    const dir = path.join(await tempDir(), 'fiscal-years');
    await cp(FIXTURE, dir, { recursive: true });
    const manifest = path.join(dir, 'briefing.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('companies: [tesla, byd]', 'companies: [tesla, toyota, byd]'));
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${manifest}:${await lineOf(manifest, 'companies: [tesla, toyota, byd]')}:`);
    expect(r.stderr).toMatch(/group "ev-maker" lists "toyota" in companies:, but companies\/toyota\.yaml puts it in group "incumbent" \[BR194\]/);
    expect(r.stderr).toMatch(/move the id to its group's list, or change group:/);
  });
});
