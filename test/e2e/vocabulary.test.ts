/**
 * The open vocabulary end to end, on a briefing from another industry and in other currencies: the GLP-1
 * fixture (`test/fixtures/pharma-fx`) declares its own groups, quantities, risk category and basis, states
 * DKK, CHF and USD exchange rates, and writes figures in DKK, CHF, USD and EUR. The CLI runs as a
 * subprocess: `check --json` converts a claim and a conflict through the stated rates, `build` prints the
 * declared titles and every currency, and broken copies of the fixture fail with the file and line of the
 * mistake and a hint (no rate, an ambiguous sign, a code that is not ISO 4217, a typo in a group or quantity).
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';
import { readPdf } from '../helpers/pdf.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'pharma-fx');

/** Copy the fixture into a new temporary folder and return the copy's path. */
async function copyFixture(): Promise<string> {
  const dir = path.join(await tempDir(), 'pharma-fx');
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

/**
 * In a copy of the fixture, replace `from` by `to` in `file` (relative to the fixture) and return the copy,
 * the file's absolute path and the 1-based line `from` stood on.
 */
async function copyWith(file: string, from: string | RegExp, to: string): Promise<{ dir: string; file: string; line: number }> {
  const dir = await copyFixture();
  const full = path.join(dir, file);
  const text = await readFile(full, 'utf8');
  const changed = text.replace(from, to);
  expect(changed, `${file} does not contain ${String(from)}`).not.toBe(text);
  await writeFile(full, changed);
  const index = typeof from === 'string' ? text.indexOf(from) : text.search(from);
  return { dir, file: full, line: text.slice(0, index).split('\n').length };
}

describe('check --json on a briefing in several currencies', () => {
  it('checks the DKK + CHF claim against its USD value and compares DKK with USD figures, through the stated rates', async () => {
    const r = await runCli(['check', FIXTURE, '--json']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const result = JSON.parse(r.stdout).results[0];
    expect(result.ok).toBe(true);

    // DKK 290.4B × 0.145 + CHF 60.5B at the stated rates ≈ $108.66B, within 5% of the stated ~$109B.
    expect(result.claims).toHaveLength(1);
    const [claim] = result.claims;
    expect(claim.id).toBe('claim-combined-revenue');
    expect(claim.verdict).toBe('consistent');
    expect(claim.stated).toEqual({ unit: 'USD', low: 109e9, high: 109e9, qualifier: 'about' });
    expect(claim.computed.unit).toBe('USD');
    expect(claim.computed.low).toBeGreaterThan(108.6e9);
    expect(claim.computed.high).toBeLessThan(108.7e9);
    expect(Math.abs(claim.deviation)).toBeLessThan(0.005);
    expect(claim.computed.formula).toMatch(/^novo \+ roche; where novo = Novo Nordisk revenue FY2024 \(DKK\s290B\); roche = Roche revenue FY2024 \(CHF\s60\.5B\); at /);
    expect(claim.computed.formula).toContain('1 DKK = 0.145 USD (rate of 2 January 2025)');
    expect(claim.computed.formula).toContain('1 CHF = 1.1 USD (rate of 2 January 2025)');

    // DKK 3.1T × 0.145 = $449.5B against $300B: apart by far more than the 5% tolerance, compared in USD.
    expect(result.conflicts.map((c: { id: string }) => c.id)).toEqual(['novo-nordisk.market-value']);
    const [conflict] = result.conflicts;
    expect(conflict.verdict).toBe('disagree');
    expect(conflict.values.map((v: { figureId: string; amount: { unit: string }; converted: { unit: string; low: number } | null }) => [v.figureId, v.amount.unit, v.converted?.unit ?? null])).toEqual([
      ['novo-market-value-dkk', 'DKK', 'USD'],
      ['novo-market-value-usd', 'USD', null],
    ]);
    expect(conflict.values[0].converted.low).toBeCloseTo(449.5e9, -3);
    expect(conflict.difference.unit).toBe('USD');
    expect(conflict.difference.low).toBeCloseTo(149.5e9, -3);
    expect(conflict.relative).toBeCloseTo(149.5 / 300, 9);
    expect(conflict.rates.length).toBeGreaterThan(0);
    expect(conflict.rates).toEqual([{ from: 'DKK', to: 'USD', factor: 0.145, inverted: false, basis: 'stated', asOf: '2025-01-02', sources: ['s-fx'] }]);
  });
});

describe('build prints the declared vocabulary and every currency', () => {
  it('writes a PDF with the group titles in order, DKK, CHF and EUR amounts, and the declared titles', async () => {
    const out = await tempDir();
    const r = await runCli(['build', FIXTURE, '--out', out, '--format', 'pdf']);
    expect(r.code, r.stderr).toBe(0);
    const { pages } = await readPdf(path.join(out, 'pharma-fx-fixture.pdf'));
    const text = pages.join('\n');

    // Groups in declared order, each company under its group, the description printed under its title.
    // The profiles run from their heading (after the cover's contents) to the next section's.
    const body = pages.slice(1).join('\n');
    const profiles = body.slice(body.indexOf('Company profiles'), body.indexOf('Key metrics'));
    const at = (s: string): number => {
      const i = profiles.indexOf(s);
      expect(i, `"${s}" is not in the company profiles`).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(at('Incumbents')).toBeLessThan(at('Novo Nordisk Denmark'));
    expect(at('Novo Nordisk Denmark')).toBeLessThan(at('Roche Switzerland'));
    expect(at('Roche Switzerland')).toBeLessThan(at('Challengers'));
    expect(at('Challengers')).toBeLessThan(at('Newer entrants with a GLP-1 drug on the market or in trials.'));
    expect(at('Challengers')).toBeLessThan(at('Eli Lilly United States'));
    expect(at('Challengers')).toBeLessThan(at('Aurora Metabolics Germany'));

    // Amounts in their own currencies, printed through Intl (three significant digits).
    expect(text).toMatch(/Revenue DKK 290B FY2024 reported/);
    expect(text).toMatch(/Segment revenue: Wegovy DKK 65B FY2024/);
    expect(text).toMatch(/Revenue CHF 60\.5B FY2024/);
    expect(text).toMatch(/Operating profit CHF 19\.6B FY2024/); // written "19.6B CHF"
    expect(text).toMatch(/Revenue €12M FY2024/);
    expect(text).toMatch(/Market value \$700B/); // written "US$ 700 billion"
    expect(text).toContain('DKK 3.1T');
    expect(text).toMatch(/1,200,000/); // a declared count quantity, written "1.2M" with unit: count

    // Declared quantity, basis and risk category titles; numbers YAML gave where text is expected.
    expect(text).toMatch(/Operating margin 44% FY2024 reported/);
    expect(text).toMatch(/Weekly prescriptions: Zepbound/);
    expect(text).toMatch(/Revenue DKK 330B FY2025 company guidance/);
    const risks = pages.find((p) => /Risk register/.test(p) && /R1 /.test(p));
    expect(risks).toBeDefined();
    expect(risks).toMatch(/R1 Phase 2 readout misses its endpoint .*Affects: Aurora Metabolics Clinical 3 4 12 2025 \[/);

    // The conversions are shown with their rates.
    expect(text).toMatch(/DKK 3\.1T \( ?≈ \$4[45]\dB\)/);
    expect(text).toMatch(/1 DKK = 0\.145 USD/);
    expect(text).toMatch(/consistent/);
  });
});

describe('mistakes in the vocabulary are errors at their file and line', () => {
  it('refuses a claim that mixes CHF with the other currencies when no CHF rate is stated', async () => {
    const dir = await copyFixture();
    const manifest = path.join(dir, 'briefing.yaml');
    const text = await readFile(manifest, 'utf8');
    const withoutChf = text.replace(/^ {2}- \{from: CHF, .*\n/gm, '');
    expect(withoutChf).not.toMatch(/from: CHF/);
    expect(withoutChf).toMatch(/from: DKK, to: USD/);
    await writeFile(manifest, withoutChf);
    const claims = path.join(dir, 'claims.yaml');
    const line = (await readFile(claims, 'utf8')).split('\n').findIndex((l) => l.includes('id: claim-combined-revenue')) + 1;
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${claims}:${line}:`);
    expect(r.stderr).toMatch(/claim "claim-combined-revenue": "novo \+ roche" mixes CHF and DKK with no stated rate/);
    expect(r.stderr).toContain(`[${MESSAGES.noRate.code}]`);
    expect(r.stderr).toMatch(/with no stated rate; add the rate to fx: in briefing\.yaml/);
  });

  it('refuses ¥ alone: it can mean CNY or JPY', async () => {
    const { dir, file, line } = await copyWith('companies/novo-nordisk.yaml', 'value: DKK 3.1T', 'value: "¥5T"');
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${file}:${line}:`);
    expect(r.stderr).toMatch(/"¥" in "¥5T" can mean CNY or JPY; write the currency code instead/);
  });

  it('refuses a three-letter code that is not an ISO 4217 currency', async () => {
    const { dir, file, line } = await copyWith('companies/roche.yaml', 'value: CHF 60.5B', 'value: XYZ 5B');
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${file}:${line}:`);
    expect(r.stderr).toMatch(/"XYZ" in "XYZ 5B" is not an ISO 4217 currency code/);
  });

  it('refuses a group the briefing does not declare, suggesting the declared one', async () => {
    const { dir, file, line } = await copyWith('companies/eli-lilly.yaml', 'group: challenger', 'group: challengr');
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${file}:${line}:`);
    expect(r.stderr).toMatch(/unknown group "challengr"/);
    expect(r.stderr).toMatch(/did you mean "challenger"/);
  });

  it('refuses a quantity the briefing does not declare, suggesting the declared one', async () => {
    const { dir, file, line } = await copyWith('companies/novo-nordisk.yaml', 'quantity: operating-margin', 'quantity: operating-marign');
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${file}:${line}:`);
    expect(r.stderr).toMatch(/unknown quantity "operating-marign"/);
    expect(r.stderr).toMatch(/did you mean "operating-margin"/);
  });
});

describe('the contract forms of metrics.yaml and charts/<id>.yaml, in three currencies', () => {
  it('computes the issue’s example metrics and draws its example chart', async () => {
    const r = await runCli(['check', FIXTURE, '--json']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const out = await tempDir();
    const built = await runCli(['build', FIXTURE, '--out', out, '--format', 'html']);
    expect(built.code, built.stderr).toBe(EXIT.ok);
    const html = (await readFile(path.join(out, 'pharma-fx-fixture.html'), 'utf8')).replace(/\s+/g, ' ');
    // 65 / 290.4 = 22.4%; 290.4B × 0.145 + 60.5B × 1.1 = $108.7B; Novo's market value over FY2025 revenue.
    expect(html).toMatch(/Wegovy share of Novo Nordisk sales, FY2024<\/td> <td[^>]*class="num">22\.4%/);
    expect(html).toMatch(/Combined FY2024 revenue of the incumbents<\/td> <td[^>]*class="num">\$109B/);
    expect(html).toContain('Left out for want of figures: Roche.');
    expect(html).toMatch(/cut 20%<\/td> <td[^>]*class="num">\$21\.7B/);
    // The chart converts DKK and CHF segment revenue to dollars and says so on its axis.
    expect(html).toContain('GLP-1 sales by product, FY2024');
    expect(html).toContain('Segment revenue (US$ billion)');
    expect(html).toContain('Novo Nordisk: Wegovy');
    expect(html).toContain('Roche: Pharmaceuticals');
  });
});
