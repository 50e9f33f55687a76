/**
 * The declared metrics engine (src/metrics/declared.ts, compute.ts) on the sample and on small briefings
 * parsed in memory by the real loader; conflicts between sources (conflicts.ts). The formula language itself
 * is tested in formula.test.ts.
 */
import { describe, it, expect } from 'vitest';
import { parseBriefing } from '../../src/content/load.ts';
import type { Briefing } from '../../src/content/model.ts';
import { readContentFiles, type ContentFiles } from '../../src/content/read.ts';
import { CATALOGUE, type Diagnostic } from '../../src/errors.ts';
import { MESSAGES, type MessageName } from '../../src/messages.ts';
import { apart } from '../../src/metrics/conflicts.ts';
import { checkClaim, computeMetrics, metricContext, type ClaimCheck, type DeclaredMetric, type Metric, type MetricRow, type Metrics } from '../../src/metrics/compute.ts';
import { claimResolver, computeDeclaredMetrics } from '../../src/metrics/declared.ts';
import { changesMarkdown, compareSnapshots, moveText, sinceWords, type RecordedValue, type Snapshot } from '../../src/metrics/changes.ts';
import { createFormatter } from '../../src/format.ts';
import { metricTables } from '../../src/html/view.ts';
import { runDate } from '../../src/batch.ts';
import { catchBriefingError, positionOf, replaceIn, sample, SAMPLE_DIR } from './helpers.ts';

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** Relative closeness: |actual / expected − 1| < 1e-9 (amounts in trillions need a relative test). */
function expectRel(actual: number | undefined, expected: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! / expected - 1)).toBeLessThan(1e-9);
}

function expectRange(m: Pick<Metric, 'low' | 'high'> | undefined, low: number, high: number): void {
  expect(m).toBeDefined();
  expectRel(m!.low, low);
  expectRel(m!.high, high);
}

function metric(m: Pick<Metrics, 'declared'>, id: string): DeclaredMetric {
  const d = m.declared.find((x) => x.id === id);
  if (d === undefined) throw new Error(`no metric "${id}" among ${m.declared.map((x) => x.id).join(', ')}`);
  return d;
}

function row(m: Pick<Metrics, 'declared'>, id: string, key: string | null = null): MetricRow {
  const d = metric(m, id);
  const r = d.rows.find((x) => x.key === key);
  if (r === undefined) throw new Error(`metric "${id}" has no row ${String(key)} (rows: ${d.rows.map((x) => x.key).join(', ')})`);
  return r;
}

function claimOf(m: Pick<Metrics, 'claims'>, id: string): ClaimCheck {
  const c = m.claims.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no claim "${id}"`);
  return c;
}

// ---------------------------------------------------------------------------------------------------------
// A small briefing in memory, parsed by the real loader. Companies read in group order, then by name:
// AN Systems, OA Labs, SX Corp (candidates), then EE Group, ZZ Holdings (incumbents).

const MINI: Readonly<Record<string, string>> = {
  'briefing.yaml': `id: unit-metrics
title: Unit metrics
asOf: 2026-06-01
authors: [Unit tests]
audience: Tests
sections: [companies, metrics]
groups:
  - { id: ipo-candidate, title: Candidates }
  - { id: incumbent, title: Incumbents }
quantities:
  ipo-proceeds: money
  float-percentage: percent
fx:
  - { from: CNY, to: USD, rate: 0.14, asOf: 2026-06-01, sources: [s-fx] }
`,
  'sources.yaml': `- { id: s-a, title: Source A, publisher: Publisher A }
- { id: s-b, title: Source B, publisher: Publisher B }
- { id: s-fx, title: Rates, publisher: A central bank }
`,
  'risks.yaml': '[]\n',
  'takeaways.yaml': '[]\n',
  'companies/sx.yaml': `id: sx
name: SX Corp
group: ipo-candidate
country: United States
profile: A launch company.
figures:
  - { id: sx-val-1, quantity: valuation, value: "$1.77T", sources: [s-a] }
  - { id: sx-val-2, quantity: valuation, value: "$1.75T-$2T", sources: [s-b] }
  - { id: sx-rev-2024, quantity: revenue, value: "$14B", period: FY2024, sources: [s-b] }
  - { id: sx-rev, quantity: revenue, value: "$18.7B", period: FY2025, sources: [s-a] }
  - { id: sx-rev-q1, quantity: revenue, value: "$6B", period: Q1 2026, sources: [s-a] }
  - { id: sx-starlink, quantity: segment-revenue, segment: Starlink, value: "$11.4B", period: FY2025, sources: [s-b] }
  - { id: sx-lease-revenue, quantity: segment-revenue, segment: Lease, value: "$3B-$4B", sources: [s-a] }
  - { id: sx-lease-profit, quantity: cash-profit, segment: Lease, value: ">$2.5B", sources: [s-a] }
  - { id: sx-proceeds, quantity: ipo-proceeds, value: "$75B", sources: [s-a] }
  - { id: sx-loss, quantity: net-loss, value: "$4.9B", period: FY2025, sources: [s-a] }
  - { id: sx-growth, quantity: revenue-growth, value: "33%", period: FY2025, sources: [s-a] }
`,
  'companies/oa.yaml': `id: oa
name: OA Labs
group: ipo-candidate
country: United States
profile: A model developer.
figures:
  - { id: oa-val, quantity: valuation, value: "$1T", sources: [s-b] }
  - { id: oa-rev-q1, quantity: revenue, value: "$570M", period: Q1 2026, sources: [s-b] }
`,
  'companies/an.yaml': `id: an
name: AN Systems
group: ipo-candidate
country: United States
profile: Another model developer.
figures:
  - { id: an-val-last, quantity: valuation, value: "$965B", sources: [s-a] }
  - { id: an-val-ipo, quantity: valuation, value: ">$1.2T", sources: [s-a] }
  - { id: an-rev, quantity: revenue, value: "$5B", period: "2025", sources: [s-b] }
`,
  'companies/zz.yaml': `id: zz
name: ZZ Holdings
group: incumbent
country: China
profile: An incumbent that reports in yuan.
figures:
  - { id: zz-val, quantity: valuation, value: "RMB 5T", sources: [s-a] }
  - { id: zz-rev, quantity: revenue, value: "RMB 500B", period: FY2025, sources: [s-b] }
`,
  'companies/ee.yaml': `id: ee
name: EE Group
group: incumbent
country: Germany
profile: An incumbent that reports in euros.
figures:
  - { id: ee-val, quantity: valuation, value: "€100B", sources: [s-b] }
`,
  'market.yaml': `figures:
  - { id: typical-float, quantity: float-percentage, value: "15%-25%", sources: [s-b] }
`,
};

/** MINI with `metrics.yaml` and `claims.yaml` as given, after `mutate`. */
function mini(files: { metrics?: string; claims?: string } = {}, mutate?: (files: Map<string, string>) => void): ContentFiles {
  const map = new Map(Object.entries(MINI));
  if (files.metrics !== undefined) map.set('metrics.yaml', files.metrics);
  if (files.claims !== undefined) map.set('claims.yaml', files.claims);
  mutate?.(map);
  return { dir: 'fx', files: map };
}

/** A metric of metrics.yaml written out (inputs as YAML flow mappings, one a line). */
function decl(id: string, unit: string, inputs: Record<string, string>, formula: string, extra = ''): string {
  const lines = Object.entries(inputs).map(([k, v]) => `    ${k}: ${v}`);
  return `- id: ${id}\n  label: ${id} label\n  unit: ${unit}\n${extra}  inputs:\n${lines.join('\n')}\n  formula: ${formula}\n`;
}

/** The diagnostics computing MINI's metrics throws, with `metrics` as metrics.yaml. */
function metricErrors(metrics: string, mutate?: (files: Map<string, string>) => void): readonly Diagnostic[] {
  const b = parseBriefing(mini({ metrics }, mutate));
  return catchBriefingError(() => computeMetrics(b)).diagnostics;
}

/** The one diagnostic of a run, of category `kind`, checked against the catalogue record it says and located at `needle` in metrics.yaml. */
function locatedAt(diags: readonly Diagnostic[], metrics: string, needle: string, kind: keyof typeof CATALOGUE, record: MessageName): Diagnostic {
  expect(diags.map((d) => `${d.kind}: ${d.message}`)).toHaveLength(1);
  const d = diags[0]!;
  expect(d.kind).toBe(kind);
  expect(d.code).toBe(MESSAGES[record].code);
  expect(d.file).toBe('fx/metrics.yaml');
  expect(d.line).toBe(positionOf(metrics, needle).line);
  return d;
}

// ---------------------------------------------------------------------------------------------------------
// The sample

const sampleBriefing = parseBriefing(await readContentFiles(SAMPLE_DIR));
const sampleMetrics = computeMetrics(sampleBriefing);

describe('the sample content/ai-ipo-2026 keeps its numbers', () => {
  const m = sampleMetrics;

  it('SpaceX price-to-sales: 1.75e12 / 18.7e9 = 93.6 … 2e12 / 18.7e9 = 107, at three significant digits', () => {
    const ps = row(m, 'price-to-sales', 'spacex');
    expect(ps.unit).toBe('multiple');
    expect(Number(ps.low.toPrecision(3))).toBe(93.6);
    expect(Number(ps.high.toPrecision(3))).toBe(107);
    expectRange(ps, 1.75e12 / 18.7e9, 2e12 / 18.7e9);
  });

  it('price-to-sales and the other revenue metrics leave out OpenAI and Anthropic, which have no annual revenue', () => {
    expect(metric(m, 'price-to-sales').rows.map((r) => r.key)).toEqual(['spacex']);
    expect(metric(m, 'price-to-sales').missing).toEqual(['Anthropic', 'OpenAI']);
    expect(metric(m, 'net-margin').missing).toEqual(['Anthropic', 'OpenAI']);
  });

  it('SpaceX implied float: 75e9 / 2e12 = 0.0375 … 75e9 / 1.75e12 = 0.042857', () => {
    const f = row(m, 'implied-float', 'spacex');
    expect(f.unit).toBe('percent');
    expect(f.low).toBeCloseTo(0.0375, 9);
    expect(f.high).toBeCloseTo(0.042857, 6);
  });

  it('SpaceX net margin: −4.9 / 18.7 = −0.26203', () => {
    const n = row(m, 'net-margin', 'spacex');
    expect(n.unit).toBe('percent');
    expect(n.low).toBeCloseTo(-0.26203, 5);
    expect(n.high).toBeCloseTo(-0.26203, 5);
  });

  it('SpaceX implied prior-year revenue: 18.7e9 / 1.33 = 14.06015e9', () => {
    const p = row(m, 'implied-prior-revenue', 'spacex');
    expect(p.unit).toBe('USD');
    expect(p.low / 1e9).toBeCloseTo(14.06015, 4);
    expect(p.high / 1e9).toBeCloseTo(14.06015, 4);
  });

  it('issuers-valuation: 1.75–2T + 1T + 0.965–1.2T = 3.715T … 4.2T', () => {
    expectRange(row(m, 'issuers-valuation'), 3.715e12, 4.2e12);
    expect(metric(m, 'issuers-valuation').missing).toEqual([]);
  });

  it('issuers-proceeds: only SpaceX states its proceeds, $75B; Anthropic and OpenAI are listed as missing', () => {
    expectRange(row(m, 'issuers-proceeds'), 75e9, 75e9);
    expect(metric(m, 'issuers-proceeds').missing).toEqual(['Anthropic', 'OpenAI']);
  });

  it('liquidity-drawn: issuers-valuation × 3%, 8%, 15%, 25%', () => {
    const d = metric(m, 'liquidity-drawn');
    expect(d.kind).toBe('scenarios');
    expect(d.rows.map((r) => r.key)).toEqual(['3%', '8%', '15%', '25%']);
    const v = row(m, 'issuers-valuation');
    for (const [key, float] of [['3%', 0.03], ['8%', 0.08], ['15%', 0.15], ['25%', 0.25]] as const) {
      const r = row(m, 'liquidity-drawn', key);
      expect(r.unit).toBe('USD');
      expectRange(r, v.low * float, v.high * float);
    }
    expectRange(row(m, 'liquidity-drawn', '25%'), 0.92875e12, 1.05e12);
    expectRange(row(m, 'liquidity-drawn', '3%'), 111.45e9, 126e9);
  });

  it('colossus-lease-margin: 2.5 / 4 = 0.625 … 2.5 / 3 = 0.8333, a lower bound since the profit is "more than"', () => {
    const r = row(m, 'colossus-lease-margin');
    expect(r.unit).toBe('percent');
    expect(r.low).toBeCloseTo(0.625, 9);
    expect(r.high).toBeCloseTo(0.833333, 6);
    expect(r.qualifier).toBe('at-least');
  });

  it('valuation-range spans every source per company: Anthropic 965B … 1.2T, OpenAI 1T, SpaceX 1.75T … 2T', () => {
    const d = metric(m, 'valuation-range');
    expect(d.kind).toBe('each');
    expect(d.rows.map((r) => r.key)).toEqual(['anthropic', 'openai', 'spacex']);
    expectRange(row(m, 'valuation-range', 'anthropic'), 965e9, 1.2e12);
    expectRange(row(m, 'valuation-range', 'openai'), 1e12, 1e12);
    expectRange(row(m, 'valuation-range', 'spacex'), 1.75e12, 2e12);
    expect(row(m, 'valuation-range', 'spacex').sources).toEqual(['s-gogoai', 's-ai-empire', 's-colossus-lease', 's-three-giants']);
  });

  it('spacex-other-segments: 18.7B − 11.4B = 7.3B', () => {
    expectRange(row(m, 'spacex-other-segments'), 7.3e9, 7.3e9);
  });

  it('claims: the price-to-sales claim is consistent (94.65), the liquidity draw inconsistent (540B … 900B)', () => {
    const ps = claimOf(m, 'claim-spacex-price-to-sales');
    expect(ps.verdict).toBe('consistent');
    expect(ps.computed.low).toBeCloseTo(94.6524, 3); // 1770 / 18.7
    expect(ps.computed.high).toBeCloseTo(94.6524, 3);
    const draw = claimOf(m, 'claim-cohort-liquidity-draw');
    expect(draw.verdict).toBe('inconsistent');
    expectRange(draw.computed, 540e9, 900e9);
    expect(draw.computed.unit).toBe('USD');
  });

  it('claims: both cohort valuation claims are consistent', () => {
    const three = claimOf(m, 'claim-cohort-valuation-three-giants');
    expect(three.verdict).toBe('consistent');
    expectRange(three.computed, 3.75e12, 4e12); // 1.75–2T + 1T + ~1T
    const empire = claimOf(m, 'claim-cohort-valuation-ai-empire');
    expect(empire.verdict).toBe('consistent');
    expectRange(empire.computed, 3.97e12, 3.97e12); // ~1.77T + 1T + >1.2T
    expect(m.claims.map((c) => c.id)).toEqual(sampleBriefing.claims.map((c) => c.id));
  });

  it('every row has sources, and every row’s formula text names its inputs', () => {
    expect(m.declared.map((d) => d.id)).toEqual(sampleBriefing.metrics.map((d) => d.id));
    for (const declaration of sampleBriefing.metrics) {
      const d = metric(m, declaration.id);
      expect(d.rows.length, declaration.id).toBeGreaterThan(0);
      const names = Object.keys(declaration.inputs);
      const lone = names.includes(declaration.formula.trim());
      for (const r of d.rows) {
        const where = `${declaration.id}[${String(r.key)}]`;
        expect(r.sources.length, where).toBeGreaterThan(0);
        expect(r.formula.length, where).toBeGreaterThan(0);
        for (const name of names) {
          const input = declaration.inputs[name]!;
          if (typeof input === 'object' && 'scenarios' in input) expect(r.formula, where).toContain(`${name} ${r.key}`);
          else if (lone) expect(r.formula.toLowerCase(), where).toContain(name.toLowerCase());
          else expect(r.formula, where).toContain(`${name} = `);
        }
      }
    }
  });

  it('computes rows with the sources of the figures they use, in first-use order', () => {
    expect(row(m, 'price-to-sales', 'spacex').sources).toEqual(['s-gogoai', 's-ai-empire', 's-colossus-lease', 's-three-giants']);
    expect(row(m, 'colossus-lease-margin').sources).toEqual(['s-colossus-lease']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Declared metrics on MINI

const BASE_METRICS = [
  decl('sx-ps', 'multiple', { valuation: 'sx-val-2', revenue: '{company: sx, quantity: revenue, period: latest}' }, 'valuation / revenue'),
  decl('cohort-valuation', 'USD', { valuation: '{group: ipo-candidate, quantity: valuation}' }, 'sum(valuation)'),
  decl('revenue-each', 'USD', { revenue: '{quantity: revenue, period: latest}' }, 'revenue', '  each: {group: ipo-candidate}\n'),
  decl('ps-each', 'multiple', { valuation: '{quantity: valuation}', revenue: '{metric: revenue-each}' }, 'valuation / revenue', '  each: {group: ipo-candidate}\n'),
  decl('float-draw', 'USD', { valuation: '{metric: cohort-valuation}', float: "{scenarios: ['3%', '25%']}" }, 'valuation * float'),
  decl('fifteen', 'USD', { valuation: '{metric: cohort-valuation}', float: '"15%"' }, 'valuation * float'),
  decl('starlink-share', 'percent', { starlink: '{company: sx, quantity: segment-revenue, segment: Starlink, period: FY2025}', revenue: 'sx-rev' }, 'starlink / revenue'),
  decl('zz-valuation-usd', 'USD', { valuation: 'zz-val' }, 'valuation'),
  decl('revenue-usd', 'USD', { revenue: '{companies: [sx, zz], quantity: revenue, period: FY2025}' }, 'sum(revenue)'),
  decl('market-float', 'percent', { float: '{company: market, quantity: float-percentage}' }, 'float'),
  decl('lease-margin', 'percent', { profit: 'sx-lease-profit', revenue: 'sx-lease-revenue' }, 'profit / revenue'),
  decl('growth', 'percent', { now: 'sx-rev', before: '{company: sx, quantity: revenue, period: FY2024}' }, 'now / before - 1'),
  decl('segments-all', 'USD', { segments: '{company: sx, quantity: segment-revenue, segment: all}' }, 'sum(segments)'),
  decl('revenue-total', 'USD', { revenue: '{metric: revenue-each}' }, 'sum(revenue)'),
].join('');

describe('declared metrics on a small briefing', () => {
  const b = parseBriefing(mini({ metrics: BASE_METRICS }));
  const m = computeMetrics(b);

  it('computes every metric, in declaration order, with its kind and unit', () => {
    expect(m.declared.map((d) => [d.id, d.kind, d.unit])).toEqual([
      ['sx-ps', 'single', 'multiple'],
      ['cohort-valuation', 'single', 'USD'],
      ['revenue-each', 'each', 'USD'],
      ['ps-each', 'each', 'multiple'],
      ['float-draw', 'scenarios', 'USD'],
      ['fifteen', 'single', 'USD'],
      ['starlink-share', 'single', 'percent'],
      ['zz-valuation-usd', 'single', 'USD'],
      ['revenue-usd', 'single', 'USD'],
      ['market-float', 'single', 'percent'],
      ['lease-margin', 'single', 'percent'],
      ['growth', 'single', 'percent'],
      ['segments-all', 'single', 'USD'],
      ['revenue-total', 'single', 'USD'],
    ]);
    expect(metric(m, 'sx-ps').at).toMatchObject({ file: 'fx/metrics.yaml', line: positionOf(BASE_METRICS, '- id: sx-ps').line });
  });

  it('a figure id and a company lookup with period: latest (FY2025, not FY2024 nor Q1 2026)', () => {
    const r = row(m, 'sx-ps');
    expectRange(r, 1.75e12 / 18.7e9, 2e12 / 18.7e9);
    expect(r.formula).toBe('valuation ÷ revenue; where valuation = SX Corp valuation ($1.75T–$2T); revenue = SX Corp revenue FY2025 ($18.7B)');
    expect(r.inputs.map((i) => i.figureId)).toEqual(['sx-val-2', 'sx-rev']);
    expect(r.sources).toEqual(['s-b', 's-a']);
  });

  it('an explicit period picks that year: 18.7 / 14 − 1 = 0.33571', () => {
    const r = row(m, 'growth');
    expect(r.low).toBeCloseTo(0.335714, 6);
    expect(r.high).toBeCloseTo(0.335714, 6);
    expect(r.inputs.map((i) => i.figureId)).toEqual(['sx-rev', 'sx-rev-2024']);
  });

  it('a group lookup gives a list: sum over the candidates, every source of every valuation', () => {
    const r = row(m, 'cohort-valuation');
    expectRange(r, 3.715e12, 4.2e12);
    expect(r.inputs.map((i) => i.figureId)).toEqual(['an-val-last', 'an-val-ipo', 'oa-val', 'sx-val-1', 'sx-val-2']);
    expect(r.sources).toEqual(['s-a', 's-b']);
    expect(r.formula).toContain('valuation of Candidates: AN Systems $965B–$1.2T, OA Labs $1T, SX Corp $1.75T–$2T');
    expect(metric(m, 'cohort-valuation').missing).toEqual([]);
  });

  it('each: one row per company of the group with the figures; a company lacking them goes into missing', () => {
    const d = metric(m, 'revenue-each');
    expect(d.rows.map((r) => [r.key, r.label, r.low])).toEqual([
      ['an', 'AN Systems', 5e9], // "2025" is a fiscal year too
      ['sx', 'SX Corp', 18.7e9],
    ]);
    expect(d.missing).toEqual(['OA Labs']); // only a Q1 2026 revenue: no latest fiscal year
    expect(row(m, 'revenue-each', 'sx').id).toBe('revenue-each.sx');
  });

  it('{metric: id} inside each takes the current company’s row; a company without one is left out', () => {
    const d = metric(m, 'ps-each');
    expect(d.rows.map((r) => r.key)).toEqual(['an', 'sx']);
    expectRange(row(m, 'ps-each', 'an'), 965e9 / 5e9, 1.2e12 / 5e9); // 193 … 240
    expectRange(row(m, 'ps-each', 'sx'), 1.75e12 / 18.7e9, 2e12 / 18.7e9);
    expect(d.missing).toEqual(['OA Labs']);
  });

  it('{metric: id} of a single metric, with scenarios: one row per scenario value', () => {
    const d = metric(m, 'float-draw');
    expect(d.rows.map((r) => [r.key, r.label])).toEqual([
      ['3%', 'float 3%'],
      ['25%', 'float 25%'],
    ]);
    expectRange(row(m, 'float-draw', '3%'), 3.715e12 * 0.03, 4.2e12 * 0.03);
    expectRange(row(m, 'float-draw', '25%'), 3.715e12 * 0.25, 4.2e12 * 0.25);
    expect(row(m, 'float-draw', '25%').formula).toMatch(/^valuation × float 25%; where valuation = cohort-valuation label \(\$3\.72T–\$4\.2T\)$/);
    expect(row(m, 'float-draw', '25%').sources).toEqual(['s-a', 's-b']);
  });

  it('a literal amount "15%" as an input', () => {
    const r = row(m, 'fifteen');
    expectRange(r, 3.715e12 * 0.15, 4.2e12 * 0.15);
    expect(r.formula).toContain('float = 15%');
  });

  it('segment: picks the segment’s figure; segment: all spans every segment; none leaves segment figures out', () => {
    const r = row(m, 'starlink-share');
    expect(r.low).toBeCloseTo(11.4 / 18.7, 12);
    expect(r.inputs[0]!.figureId).toBe('sx-starlink');
    expect(r.formula).toContain('SX Corp segment revenue (Starlink) FY2025 ($11.4B)');
    const all = row(m, 'segments-all');
    expectRange(all, 14.4e9, 15.4e9); // two segments, each its own value, summed: Lease 3–4B + Starlink 11.4B
  });

  it('a lookup of the market (company: market)', () => {
    const r = row(m, 'market-float');
    expectRange(r, 0.15, 0.25);
    expect(r.sources).toEqual(['s-b']);
  });

  it('carries a ">" bound: >2.5B ÷ 3–4B is at least 0.625 … 0.8333', () => {
    const r = row(m, 'lease-margin');
    expect(r.qualifier).toBe('at-least');
    expect(r.low).toBeCloseTo(0.625, 12);
    expect(r.high).toBeCloseTo(2.5 / 3, 12);
  });

  it('converts a yuan figure into the declared USD through the stated rate, citing the rate’s source', () => {
    const r = row(m, 'zz-valuation-usd');
    expect(r.unit).toBe('USD');
    expectRange(r, 700e9, 700e9); // RMB 5T × 0.14
    expect(r.sources).toEqual(['s-a', 's-fx']);
    expect(r.formula).toContain('at 1 CNY = 0.14 USD (rate of 1 June 2026)');
    expect(r.inputs.map((i) => i.label)).toEqual(['ZZ Holdings valuation', 'CNY→USD rate']);
  });

  it('sums dollars and yuan in the declared currency: 18.7B + 500B × 0.14 = 88.7B', () => {
    const r = row(m, 'revenue-usd');
    expectRange(r, 88.7e9, 88.7e9);
    expect(r.sources).toEqual(['s-a', 's-b', 's-fx']);
    expect(r.formula).toContain('at 1 CNY = 0.14 USD');
  });

  it('{metric: id} of an each metric outside each is a list of its rows; its missing companies stay missing', () => {
    const d = metric(m, 'revenue-total');
    expectRange(row(m, 'revenue-total'), 23.7e9, 23.7e9); // AN 5B + SX 18.7B
    // OA Labs has no latest revenue, so the total leaves it out: the total must say so, as a group lookup does.
    expect(d.missing).toEqual(['OA Labs']);
  });

  it('a metric may use one declared after it; a literal "2" is a plain number', () => {
    const metrics = decl('later-user', 'USD', { x: '{metric: later}', y: '"2"' }, 'x * y') + decl('later', 'USD', { x: 'sx-rev' }, 'x');
    const later = computeMetrics(parseBriefing(mini({ metrics })));
    expect(later.declared.map((d) => d.id)).toEqual(['later-user', 'later']);
    expectRange(row(later, 'later-user'), 37.4e9, 37.4e9);
    expect(row(later, 'later-user').formula).toBe('x × y; where x = later label ($18.7B); y = 2');
  });

  it('converts into a declared currency through the inverse of a stated rate (unit: RMB is CNY)', () => {
    const inRmb = computeMetrics(parseBriefing(mini({ metrics: decl('in-rmb', 'RMB', { x: 'sx-rev' }, 'x') })));
    const r = row(inRmb, 'in-rmb');
    expect(r.unit).toBe('CNY');
    expectRange(r, 18.7e9 / 0.14, 18.7e9 / 0.14);
    expect(r.formula).toContain('at 1 USD = 7.14286 CNY (rate of 1 June 2026, the inverse of 1 CNY = 0.14 USD)');
    expect(r.sources).toEqual(['s-a', 's-fx']);
  });

  it('each: {companies: [...]} computes one row for each company named', () => {
    const each = computeMetrics(parseBriefing(mini({ metrics: decl('each-list', 'USD', { v: '{quantity: valuation}' }, 'v', '  each: {companies: [sx, an]}\n') })));
    expect(metric(each, 'each-list').rows.map((r) => r.key).sort()).toEqual(['an', 'sx']);
    expectRange(row(each, 'each-list', 'an'), 965e9, 1.2e12);
    expect(metric(each, 'each-list').missing).toEqual([]);
  });

  it('computeDeclaredMetrics alone gives the same metrics', () => {
    const { metrics: alone, problems } = computeDeclaredMetrics(b, metricContext(b));
    expect(problems).toEqual([]);
    expect(alone.map((d) => d.rows.map((r) => [r.key, r.low, r.high]))).toEqual(m.declared.map((d) => d.rows.map((r) => [r.key, r.low, r.high])));
  });
});

describe('declared metrics: errors name fx/metrics.yaml and the metric’s line', () => {
  const ok = decl('fine', 'USD', { revenue: 'sx-rev' }, 'revenue');

  it('an unknown figure id, with did-you-mean', () => {
    const metrics = ok + decl('typo', 'USD', { revenue: 'sx-revv' }, 'revenue');
    const d = locatedAt(metricErrors(metrics), metrics, '- id: typo', 'unknownReference', 'notFigureNorAmount');
    expect(d.message).toBe('metric "typo": input revenue: "sx-revv" is neither a figure id nor an amount (did you mean "sx-rev"?)');
  });

  it('a company outside the group it is looked up in, reported at the metric rather than crashing', () => {
    const metrics = ok + decl('outside', 'USD', { v: '{company: zz, group: ipo-candidate, quantity: valuation}' }, 'v');
    const d = locatedAt(metricErrors(metrics), metrics, '- id: outside', 'unknownReference', 'noCompanyMatches');
    expect(d.message).toBe('metric "outside": input v: no company matches (zz is not in group "ipo-candidate")');
  });

  it('two years of one company stay two values: a lookup without period is a list, not a span', () => {
    const metrics = ok + decl('years', 'USD', { revenue: '{company: sx, quantity: revenue}' }, 'revenue');
    const d = locatedAt(metricErrors(metrics), metrics, '- id: years', 'metric', 'givesList');
    expect(d.message).toMatch(/gives a list .*take sum\(\), min\(\), max\(\) or mean\(\)/);
  });

  it('a lookup that finds nothing', () => {
    const metrics = ok + decl('nothing', 'USD', { loss: '{company: oa, quantity: net-loss}' }, 'loss');
    const d = locatedAt(metricErrors(metrics), metrics, '- id: nothing', 'metric', 'noFigureOf');
    expect(d.message).toBe('metric "nothing": input loss: no figure of OA Labs for net loss');
  });

  it('a group lookup where no company has the figure, and an each where none has it', () => {
    const group = decl('none', 'USD', { v: '{group: ipo-candidate, quantity: backlog}' }, 'sum(v)');
    expect(locatedAt(metricErrors(group), group, '- id: none', 'metric', 'noFigureInGroup').message).toMatch(/no company of group "ipo-candidate" has a figure for contract backlog/);
    const each = decl('none-each', 'USD', { v: '{quantity: backlog}' }, 'v', '  each: {group: ipo-candidate}\n');
    expect(locatedAt(metricErrors(each), each, '- id: none-each', 'metric', 'eachFindsNothing').message).toMatch(/no company of each: has the figures the inputs look up \(AN Systems, OA Labs, SX Corp\)/);
  });

  it('a percentage added to money', () => {
    const metrics = ok + decl('pct-money', 'USD', { revenue: 'sx-rev', growth: 'sx-growth' }, 'revenue + growth');
    const d = locatedAt(metricErrors(metrics), metrics, '- id: pct-money', 'metric', 'addsUnlike');
    expect(d.message).toBe('metric "pct-money": "revenue + growth" adds a percentage to money (USD)');
  });

  it('currencies mixed without a rate: an exchangeRate error (BR204)', () => {
    const metrics = ok + decl('no-rate', 'USD', { a: 'sx-rev', b: 'ee-val' }, 'a + b');
    const d = locatedAt(metricErrors(metrics), metrics, '- id: no-rate', 'exchangeRate', 'noRate');
    expect(d.code).toBe(MESSAGES.noRate.code);
    expect(d.message).toMatch(/mixes EUR and USD with no stated rate; add the rate to fx: in briefing\.yaml/);
  });

  it('a result in a currency with no rate into the declared one: an exchangeRate error', () => {
    const metrics = decl('eur-in-usd', 'USD', { v: 'ee-val' }, 'v');
    expect(locatedAt(metricErrors(metrics), metrics, '- id: eur-in-usd', 'exchangeRate', 'noRate').message).toMatch(/EUR and USD/);
  });

  it('the yuan metric fails once the rate is taken out', () => {
    const metrics = decl('zz-usd', 'USD', { v: 'zz-val' }, 'v');
    const diags = metricErrors(metrics, (f) => f.set('briefing.yaml', f.get('briefing.yaml')!.replace(/fx:\n.*\n/, '')));
    expect(locatedAt(diags, metrics, '- id: zz-usd', 'exchangeRate', 'noRate').message).toMatch(/CNY and USD/);
  });

  it('a division by a range that spans zero', () => {
    // lease revenue 3B–4B minus 3.5B = −0.5B … 0.5B
    const metrics = ok + decl('span-zero', 'ratio', { a: 'sx-rev', b: 'sx-lease-revenue', c: '"$3.5B"' }, 'a / (b - c)');
    const d = locatedAt(metricErrors(metrics), metrics, '- id: span-zero', 'metric', 'dividesByZero');
    expect(d.message).toMatch(/divides by a value that is zero or spans zero/);
  });

  it('a cycle between metrics: the message lists the cycle', () => {
    const metrics = ok + decl('a', 'USD', { x: '{metric: b}' }, 'x') + decl('b', 'USD', { x: '{metric: a}' }, 'x');
    const d = locatedAt(metricErrors(metrics), metrics, '- id: a', 'metric', 'metricCycle');
    expect(d.message).toBe('metrics depend on each other in a cycle: a → b → a');
    expect(d.path).toBe('inputs');
  });

  it('a metric that depends on a metric which cannot be computed is not reported as "unknown metric"', () => {
    // c and uses-bad name metrics that exist: the problems are the cycle a → b → a and the lookup of "bad".
    const metrics =
      decl('a', 'USD', { x: '{metric: b}' }, 'x') +
      decl('b', 'USD', { x: '{metric: a}' }, 'x') +
      decl('c', 'USD', { x: '{metric: a}' }, 'x') +
      decl('bad', 'USD', { x: '{company: oa, quantity: net-loss}' }, 'x') +
      decl('uses-bad', 'USD', { x: '{metric: bad}' }, 'x');
    const diags = metricErrors(metrics);
    expect(diags.some((d) => d.message.includes('cycle: a → b → a'))).toBe(true);
    expect(diags.some((d) => d.message.includes('no figure of OA Labs for net loss'))).toBe(true);
    expect(diags.map((d) => d.message).filter((msg) => /unknown metric "(a|bad)"/.test(msg))).toEqual([]);
  });

  it('a claim that uses a metric which computed is not told the metric is unknown when another metric fails', () => {
    const metrics = ok + decl('broken', 'USD', { x: 'nope-figure' }, 'x');
    const claims = '- id: c-fine\n  statement: Uses fine.\n  stated: "$18.7B"\n  sources: [s-a]\n  check: {inputs: {v: {metric: fine}}, formula: v}\n';
    const err = catchBriefingError(() => computeMetrics(parseBriefing(mini({ metrics, claims }))));
    // The one problem is the figure id of "broken"; "fine" was computed and the claim can use it.
    expect(err.diagnostics.map((d) => d.message)).toEqual(['metric "broken": input x: "nope-figure" is neither a figure id nor an amount']);
  });

  it('an unknown unit, two scenarios inputs, scenarios with each, an unreadable scenario: each at its metric', () => {
    const bogus = decl('bogus', 'dollars', { x: 'sx-rev' }, 'x');
    expect(locatedAt(metricErrors(bogus), bogus, '- id: bogus', 'schema', 'unknownUnit').message).toMatch(/unknown unit "dollars"/);
    const two = decl('two', 'USD', { x: 'sx-rev', a: "{scenarios: ['1%']}", b: "{scenarios: ['2%']}" }, 'x * a * b');
    expect(locatedAt(metricErrors(two), two, '- id: two', 'schema', 'twoScenarioInputs').message).toBe('metric "two": a metric takes at most one scenarios input');
    const both = decl('both', 'USD', { x: '{quantity: valuation}', a: "{scenarios: ['1%']}" }, 'x * a', '  each: {group: ipo-candidate}\n');
    expect(locatedAt(metricErrors(both), both, '- id: both', 'schema', 'eachAndScenarios').message).toBe('metric "both": a metric takes either each: or a scenarios input, not both');
    const unreadable = decl('unreadable', 'USD', { x: 'sx-rev', s: "{scenarios: ['lots']}" }, 'x * s');
    expect(locatedAt(metricErrors(unreadable), unreadable, '- id: unreadable', 'figureValue', 'badScenario').message).toMatch(/scenario "lots" of s/);
  });

  it('an unknown company in a lookup, with did-you-mean', () => {
    const metrics = decl('who', 'USD', { x: '{companies: [sx, oaa], quantity: valuation}' }, 'sum(x)');
    expect(locatedAt(metricErrors(metrics), metrics, '- id: who', 'unknownReference', 'inputOwners').message).toBe('metric "who": input x: unknown company "oaa" (did you mean "oa"?)');
  });

  it('an unknown metric, with did-you-mean', () => {
    const metrics = ok + decl('uses', 'USD', { x: '{metric: fin}' }, 'x');
    const d = locatedAt(metricErrors(metrics), metrics, '- id: uses', 'unknownReference', 'unknownMetricOfMetric');
    expect(d.message).toBe('metric "uses" uses unknown metric "fin" (did you mean "fine"?)');
  });

  it('a formula that uses a name that is not an input', () => {
    const metrics = ok + decl('not-input', 'USD', { a: 'sx-rev' }, 'a + b');
    const d = locatedAt(metricErrors(metrics), metrics, '- id: not-input', 'unknownReference', 'namesNotInputs');
    expect(d.message).toBe('metric "not-input": the formula uses "b", which is not among the inputs (a)');
  });

  it('a formula the parser refuses', () => {
    const metrics = ok + decl('member', 'USD', { a: 'sx-rev' }, 'a.x');
    expect(locatedAt(metricErrors(metrics), metrics, '- id: member', 'metric', 'badFormula').message).toMatch(/"MemberExpression" is not allowed/);
  });

  it('a result whose unit does not match unit:', () => {
    const money = ok + decl('wrong-unit', 'percent', { a: 'sx-rev' }, 'a');
    expect(locatedAt(metricErrors(money), money, '- id: wrong-unit', 'metric', 'unitMismatch').message).toBe('metric "wrong-unit": the formula gives money (USD), but unit says percent');
    const ratio = ok + decl('wrong-unit-2', 'USD', { a: 'sx-rev', b: 'sx-rev-2024' }, 'a / b');
    expect(locatedAt(metricErrors(ratio), ratio, '- id: wrong-unit-2', 'metric', 'unitMismatch').message).toBe('metric "wrong-unit-2": the formula gives ratio, but unit says USD');
  });

  it('a result that is a list', () => {
    const metrics = ok + decl('list', 'USD', { v: '{group: ipo-candidate, quantity: valuation}' }, 'v');
    expect(locatedAt(metricErrors(metrics), metrics, '- id: list', 'metric', 'givesList').message).toMatch(/gives a list \(one value per company\); take sum\(\)/);
  });

  it('an unknown quantity or group in a lookup, with did-you-mean', () => {
    const q = decl('q', 'USD', { v: '{group: ipo-candidate, quantity: valuations}' }, 'sum(v)');
    expect(locatedAt(metricErrors(q), q, '- id: q', 'unknownReference', 'inputUnknownQuantity').message).toMatch(/unknown quantity "valuations" \(did you mean "valuation"\?\)/);
    const g = decl('g', 'USD', { v: '{group: ipo-candidat, quantity: valuation}' }, 'sum(v)');
    expect(locatedAt(metricErrors(g), g, '- id: g', 'unknownReference', 'inputOwners').message).toMatch(/unknown group "ipo-candidat" \(did you mean "ipo-candidate"\?\)/);
  });

  it('reports every failing metric in one BriefingError, each at its own line, and keeps going past them', () => {
    const metrics = decl('first-bad', 'USD', { a: 'nope-figure' }, 'a') + ok + decl('second-bad', 'percent', { a: 'sx-rev' }, 'a');
    const diags = metricErrors(metrics);
    expect(diags.map((d) => d.line)).toEqual([positionOf(metrics, '- id: first-bad').line, positionOf(metrics, '- id: second-bad').line]);
    expect(diags.every((d) => d.file === 'fx/metrics.yaml')).toBe(true);
  });

  it('reports a division by a zero revenue at the metric that divides, not as an internal error', () => {
    const b = parseBriefing(sample((f) => replaceIn(f, 'companies/spacex.yaml', 'value: "~$18.7B"', 'value: "$0"')));
    const err = catchBriefingError(() => computeMetrics(b));
    const d = err.diagnostics[0]!;
    expect(d.kind).toBe('metric');
    expect(d.file).toBe('fx/metrics.yaml');
    // The row says which company divides by zero: the metric has one row per company of its group.
    expect(d.message).toMatch(/metric "price-to-sales", row SpaceX: .*divides by a value that is zero or spans zero/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Rows and tables named for readers; the change report as a desk writes it

describe('rows and tables named for readers', () => {
  const named =
    decl('float-named', 'USD', { valuation: '{metric: cohort-valuation}', float: "{scenarios: ['3%', '25%']}" }, 'valuation * float', '  rowLabel: "Float of {row}"\n') +
    decl('revenue-named', 'USD', { revenue: '{quantity: revenue, period: latest}' }, 'revenue', '  each: {group: ipo-candidate}\n  rowLabel: "{row}, latest year"\n  table: Revenue of the candidates\n');

  it('rowLabel: names scenario rows by the scenario as printed, and each rows by the company', () => {
    const m = computeMetrics(parseBriefing(mini({ metrics: BASE_METRICS + named })));
    expect(metric(m, 'float-named').rows.map((r) => [r.key, r.label])).toEqual([
      ['3%', 'Float of 3%'],
      ['25%', 'Float of 25%'],
    ]);
    expect(row(m, 'float-named', '25%').formula).toMatch(/^valuation × float 25%/);
    expect(metric(m, 'revenue-named').rows.map((r) => [r.key, r.label])).toEqual([
      ['an', 'AN Systems, latest year'],
      ['sx', 'SX Corp, latest year'],
    ]);
    // Without rowLabel: the input's name and the scenario, and the company's name.
    expect(metric(m, 'float-draw').rows.map((r) => r.label)).toEqual(['float 3%', 'float 25%']);
  });

  it('a table: holding one metric of several rows keeps the metric’s label under its heading', () => {
    const m = computeMetrics(parseBriefing(mini({ metrics: BASE_METRICS + named })));
    const tables = metricTables(m.declared);
    const own = tables.find((t) => t.heading === 'Revenue of the candidates')!;
    expect(own.metric).toBe('revenue-named label');
    expect(own.rows.map((r) => r.label)).toEqual(['AN Systems, latest year', 'SX Corp, latest year']);
    // A metric's own table is headed by its label already; a table of single metrics names each row.
    expect(tables.find((t) => t.heading === 'float-named label')!.metric).toBeNull();
    expect(tables.find((t) => t.heading === null)!.metric).toBeNull();
    // In a table with another metric, each row carries its metric's label.
    const shared = named + decl('sx-only', 'USD', { v: 'sx-rev' }, 'v', '  table: Revenue of the candidates\n');
    const both = metricTables(computeMetrics(parseBriefing(mini({ metrics: BASE_METRICS + shared }))).declared).find((t) => t.heading === 'Revenue of the candidates')!;
    expect(both.metric).toBeNull();
    expect(both.rows.map((r) => r.label)).toEqual(['revenue-named label: AN Systems, latest year', 'revenue-named label: SX Corp, latest year', 'sx-only label']);
  });

  it('a rowLabel without {row}, or on a metric of one row, is an error at the metric', () => {
    const same = decl('same', 'USD', { v: '{quantity: valuation}' }, 'v', '  each: {group: ipo-candidate}\n  rowLabel: Valuation\n');
    const d = locatedAt(metricErrors(same), same, '- id: same', 'schema', 'rowLabelWithoutRow');
    expect(d.message).toBe('metric "same": rowLabel "Valuation" does not say where the row\'s name goes, so every row would read the same');
    expect(d.path).toBe('rowLabel');
    const one = decl('one', 'USD', { v: 'sx-rev' }, 'v', '  rowLabel: "Row {row}"\n');
    expect(locatedAt(metricErrors(one), one, '- id: one', 'schema', 'rowLabelOnOneRow').message).toMatch(/^metric "one": rowLabel names the rows of a metric with each:/);
  });
});

describe('the change report reads like a desk writes', () => {
  const fmt = createFormatter('en');
  const value = (unit: 'percent' | 'USD', low: number, high = low): RecordedValue => ({ label: `a ${unit}`, amount: { unit, low, high }, text: fmt.amount({ unit, low, high }), sources: ['s-a'] });
  const snap = (asOf: string, figures: Record<string, RecordedValue>, metrics: Record<string, RecordedValue>, built?: string): Snapshot => ({ id: 'x', asOf, figures, metrics, claims: {}, conflicts: {}, ...(built ? { built } : {}) });

  it('a percent moves in percentage points, money by its relative change; added and removed values carry their keys', () => {
    const before = snap('2026-06-01', { rate: value('percent', 0.0825), old: value('USD', 5e9) }, { cash: value('USD', 87.1e9) });
    const after = snap('2026-06-02', { rate: value('percent', 0.0853), fresh: value('USD', 6e9) }, { cash: value('USD', 88.1e9) });
    const r = compareSnapshots(before, after);
    expect(r.figures.changed[0]!.pp).toBe(0.28);
    expect(r.figures.changed[0]!.relative).toBeCloseTo(0.28 / 8.25, 12);
    expect(moveText(r.figures.changed[0]!, fmt)).toBe('+0.28\u00a0pp');
    expect(r.metrics.changed[0]!.pp).toBeNull();
    expect(moveText(r.metrics.changed[0]!, fmt)).toBe('+1.15%');
    expect(moveText({ relative: null, pp: -1.5 }, fmt)).toBe('\u22121.5\u00a0pp');
    expect([0.267857142857, 0.004, 12.3456].map((pp) => moveText({ relative: null, pp }, fmt))).toEqual(['+0.27\u00a0pp', '+0.004\u00a0pp', '+12.3\u00a0pp']);
    expect(r.figures.added.map((v) => v.key)).toEqual(['fresh']);
    expect(r.figures.removed.map((v) => v.key)).toEqual(['old']);
    expect(changesMarkdown(r)).toContain('- a percent: 8.25% → 8.53% (+0.28\u00a0pp)');
  });

  it("prints each move in the locale of the values beside it, English when the build recorded none or one no formatter takes", () => {
    const nb = createFormatter('nb');
    const valueIn = (low: number): RecordedValue => ({ label: 'Revenue', amount: { unit: 'NOK', low, high: low }, text: nb.amount({ unit: 'NOK', low, high: low }), sources: ['s-a'] });
    const inLocale = (locale: string | undefined): string =>
      changesMarkdown(compareSnapshots({ ...snap('2026-06-01', { r: valueIn(5.1e9) }, {}), locale: 'nb' }, { ...snap('2026-06-02', { r: valueIn(5.3e9) }, {}), ...(locale ? { locale } : {}) }));
    expect(inLocale('nb')).toContain(`(+${nb.percent(0.2 / 5.1)})`);
    expect(nb.percent(0.2 / 5.1)).toContain(',');
    expect(inLocale(undefined)).toContain('(+3.92%)');
    expect(inLocale('not a locale!')).toContain('(+3.92%)');
  });

  it('names the earlier build by its as-of date, else by the day it ran, else as the earlier build', () => {
    const date = (iso: string): string => fmt.date(iso);
    const on = (beforeAsOf: string, built?: string) => compareSnapshots(snap(beforeAsOf, {}, {}, built), snap('2026-06-01', {}, {}));
    expect(sinceWords(on('2026-05-01', '2026-05-01T04:00:00Z'), date)).toBe('1 May 2026');
    expect(sinceWords(on('2026-06-01', '2026-06-02T04:00:00Z'), date)).toBe('the build of 2 June 2026');
    expect(sinceWords(on('2026-06-01', '2026-06-01T18:30:00Z'), date)).toBe('the build of 1 June 2026, 18:30 UTC');
    expect(sinceWords(on('2026-06-01'), date)).toBe('the earlier build');
    expect(on('2026-06-01', '2026-06-02T04:00:00Z').sinceBuilt).toBe('2026-06-02T04:00:00Z');
    expect(changesMarkdown(on('2026-06-01', '2026-06-02T04:00:00Z'))).toContain('### x: what changed since the build of 2026-06-02');
  });

  it('the manifest records when the run was made: SOURCE_DATE_EPOCH when set, else the clock', () => {
    expect(runDate({ SOURCE_DATE_EPOCH: '1780372800' })).toBe('2026-06-02T04:00:00Z');
    expect(runDate({}, () => new Date('2026-06-02T04:00:00.250Z'))).toBe('2026-06-02T04:00:00Z');
    expect(runDate({ SOURCE_DATE_EPOCH: 'soon' }, () => new Date('2026-06-03T00:00:00Z'))).toBe('2026-06-03T00:00:00Z');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Claims

/** A claim of claims.yaml written out. */
function claimYaml(id: string, stated: string, inputs: string, formula: string, extra = ''): string {
  return `- id: ${id}\n  statement: Claim ${id}.\n  stated: "${stated}"\n  sources: [s-a]\n  check: {inputs: ${inputs}, formula: ${formula}${extra}}\n`;
}

function claimsOf(claims: string, mutate?: (files: Map<string, string>) => void): Metrics {
  return computeMetrics(parseBriefing(mini({ metrics: BASE_METRICS, claims }, mutate)));
}

describe('claims', () => {
  const PS = '{valuation: sx-val-1, revenue: sx-rev}';
  const COHORT = '{valuation: {group: ipo-candidate, quantity: valuation}}'; // 3.715T … 4.2T

  it('recomputes a claim and compares it with the stated value: ~94x vs 1.77T / 18.7B = 94.65 is consistent', () => {
    const c = claimOf(claimsOf(claimYaml('c-ps', '~94x', PS, 'valuation / revenue')), 'c-ps');
    expect(c.verdict).toBe('consistent');
    expect(c.computed.unit).toBe('multiple');
    expect(c.computed.low).toBeCloseTo(94.6524, 3);
    expect(c.deviation).toBeCloseTo((1770 / 18.7 - 94) / 94, 9);
    expect(c.tolerance).toBe(0.05);
    expect(c.sources).toEqual(['s-a']);
    expect(c.stated).toMatchObject({ unit: 'multiple', low: 94, high: 94, qualifier: 'about' });
    expect(c.computed.formula).toBe('valuation ÷ revenue; where valuation = SX Corp valuation ($1.77T); revenue = SX Corp revenue FY2025 ($18.7B)');
  });

  it('$400B–$500B vs $3.6T × 15%–25% = $540B–$900B is inconsistent; deviation (720 − 450) / 450 = 0.6', () => {
    const c = claimOf(claimsOf(claimYaml('c-draw', '$400B-$500B', '{valuation: "$3.6T", float: "15%-25%"}', 'valuation * float')), 'c-draw');
    expect(c.verdict).toBe('inconsistent');
    expectRange(c.computed, 540e9, 900e9);
    expect(c.deviation).toBeCloseTo(0.6, 9);
  });

  it('honours the tolerance: 90x vs 94.65 is inconsistent at 5%, consistent at 10%', () => {
    // 90 × 1.05 = 94.5 < 94.652; 90 × 1.10 = 99 ≥ 94.652
    const m = claimsOf(claimYaml('t5', '90x', PS, 'valuation / revenue') + claimYaml('t10', '90x', PS, 'valuation / revenue', ', tolerance: 0.1'));
    expect(claimOf(m, 't5').verdict).toBe('inconsistent');
    expect(claimOf(m, 't10').verdict).toBe('consistent');
    expect(claimOf(m, 't10').tolerance).toBe(0.1);
  });

  it('">" and "<" stated values are open-ended: consistent with 3.715T … 4.2T where the plain value is not', () => {
    const m = claimsOf(
      [
        ['gt36', '>$3.6T'],
        ['eq3', '$3T'], // 2.85 … 3.15 misses 3.715
        ['gt3', '>$3T'], // 2.85 … ∞
        ['eq5', '$5T'], // 4.75 … 5.25 misses 4.2
        ['lt5', '<$5T'], // −∞ … 5.25
        ['gt5', '>$5T'], // 4.75 … ∞ misses 4.2
        ['lt35', '<$3.5T'], // −∞ … 3.675 misses 3.715
        ['lt36', '<$3.6T'], // −∞ … 3.78
      ]
        .map(([id, stated]) => claimYaml(id!, stated!, COHORT, 'sum(valuation)'))
        .join(''),
    );
    expect(m.claims.map((c) => [c.id, c.verdict])).toEqual([
      ['gt36', 'consistent'],
      ['eq3', 'inconsistent'],
      ['gt3', 'consistent'],
      ['eq5', 'inconsistent'],
      ['lt5', 'consistent'],
      ['gt5', 'inconsistent'],
      ['lt35', 'inconsistent'],
      ['lt36', 'consistent'],
    ]);
    expectRange(claimOf(m, 'gt36').computed, 3.715e12, 4.2e12);
  });

  it('a claim may use a declared metric', () => {
    const c = claimOf(claimsOf(claimYaml('c-metric', '~$4T', '{v: {metric: cohort-valuation}}', 'v')), 'c-metric');
    expect(c.verdict).toBe('consistent');
    expectRange(c.computed, 3.715e12, 4.2e12);
  });

  it('a claim in yuan compared with a stated dollar value converts through the rate', () => {
    const c = claimOf(claimsOf(claimYaml('c-zz', '~$700B', '{v: zz-val}', 'v')), 'c-zz');
    expect(c.verdict).toBe('consistent');
    expectRange(c.computed, 700e9, 700e9);
    expect(c.computed.sources).toEqual(['s-a', 's-fx']);
  });

  it('a ratio stated as money does not fit: a metric error at the claim', () => {
    const claims = claimYaml('ok', '~94x', PS, 'valuation / revenue') + claimYaml('usd', '$94', PS, 'valuation / revenue');
    const err = catchBriefingError(() => claimsOf(claims));
    expect(err.diagnostics).toHaveLength(1);
    const d = err.diagnostics[0]!;
    expect(d.kind).toBe('metric');
    expect(d.file).toBe('fx/claims.yaml');
    expect(d.line).toBe(positionOf(claims, '- id: usd').line);
    expect(d.message).toBe('claim "usd": the formula gives ratio, but unit says USD');
  });

  it('reports every claim that cannot be computed in one BriefingError, each at its line', () => {
    const claims = claimYaml('bad-sum', '$5T', '{a: sx-val-1, b: ee-val}', 'a + b') + claimYaml('bad-figure', '$5T', '{a: sx-val-3}', 'a');
    const err = catchBriefingError(() => claimsOf(claims));
    expect(err.diagnostics.map((d) => [d.kind, d.code, d.file, d.line])).toEqual([
      ['exchangeRate', MESSAGES.noRate.code, 'fx/claims.yaml', positionOf(claims, '- id: bad-sum').line],
      ['unknownReference', MESSAGES.notFigureNorAmount.code, 'fx/claims.yaml', positionOf(claims, '- id: bad-figure').line],
    ]);
    expect(err.diagnostics[1]!.message).toMatch(/claim "bad-figure": input a: "sx-val-3" is neither a figure id nor an amount \(did you mean "sx-val-\d"\?\)/);
    expect(err.exitCode).toBe(CATALOGUE.metric.exit);
  });

  it('checkClaim with the briefing’s resolver gives the same verdict as computeMetrics', () => {
    const b = parseBriefing(mini({ metrics: BASE_METRICS, claims: claimYaml('c-ps', '~94x', PS, 'valuation / revenue') }));
    const ctx = metricContext(b);
    const r = checkClaim(b.claims[0]!, claimResolver(b, ctx, computeDeclaredMetrics(b, ctx).metrics));
    expect(r.verdict).toBe('consistent');
    expect(r.computed.low).toBeCloseTo(94.6524, 3);
  });
});

describe('claims through stated exchange rates: DKK + CHF against a USD value', () => {
  /** MINI with two companies reporting in DKK and CHF and rates from each into USD only. */
  const withPharma = (f: Map<string, string>): void => {
    f.set(
      'briefing.yaml',
      f
        .get('briefing.yaml')!
        .replace('fx:\n', 'fx:\n  - { from: DKK, to: USD, rate: 0.145, asOf: 2025-01-02, sources: [s-fx] }\n  - { from: CHF, to: USD, rate: 1.1, basis: assumption, note: A round rate. }\n'),
    );
    f.set('companies/novo.yaml', 'id: novo\nname: Novo\ncountry: Denmark\nprofile: Drugs.\nfigures:\n  - { id: novo-rev, quantity: revenue, value: "DKK 290.4B", period: FY2024, sources: [s-a] }\n');
    f.set('companies/roche.yaml', 'id: roche\nname: Roche\ncountry: Switzerland\nprofile: Drugs.\nfigures:\n  - { id: roche-rev, quantity: revenue, value: "CHF 60.5B", period: FY2024, sources: [s-b] }\n');
  };

  it('needs only the DKK→USD and CHF→USD rates: both amounts meet in the stated currency', () => {
    // 290.4B × 0.145 + 60.5B × 1.1 = 42.108B + 66.55B = 108.658B, within 5% of ~$109B
    const c = claimOf(claimsOf(claimYaml('sum', '~$109B', '{novo: novo-rev, roche: roche-rev}', 'novo + roche'), withPharma), 'sum');
    expect(c.verdict).toBe('consistent');
    expect(c.computed.unit).toBe('USD');
    expectRange(c.computed, 108.658e9, 108.658e9);
    expect(c.computed.formula).toContain('at 1 DKK = 0.145 USD (rate of 2 January 2025)');
    expect(c.computed.formula).toContain('at 1 CHF = 1.1 USD (assumed rate)');
    expect(c.computed.inputs.filter((i) => i.label.endsWith('rate')).map((i) => i.label).sort()).toEqual(['CHF→USD rate', 'DKK→USD rate']);
    expect(c.computed.sources).toEqual(['s-a', 's-b', 's-fx']);
    expect(c.sources).toEqual(['s-a']);
  });

  it('the same sum stated in CHF needs a DKK↔CHF rate, which is not stated: exchangeRate', () => {
    const claims = claimYaml('chf', 'CHF 100B', '{novo: novo-rev, roche: roche-rev}', 'novo + roche');
    const err = catchBriefingError(() => claimsOf(claims, withPharma));
    expect(err.diagnostics.map((d) => d.kind)).toEqual(['exchangeRate']);
    expect(err.diagnostics[0]!.message).toMatch(/^claim "chf": .*mixes (DKK and CHF|CHF and DKK) with no stated rate; add the rate to fx: in briefing\.yaml$/);
  });

  it('sum() over the two currencies meets in USD too', () => {
    const c = claimOf(claimsOf(claimYaml('s', '~$109B', '{rev: {companies: [novo, roche], quantity: revenue, period: FY2024}}', 'sum(rev)'), withPharma), 's');
    expect(c.verdict).toBe('consistent');
    expectRange(c.computed, 108.658e9, 108.658e9);
  });
});

describe('the old claim form is refused by the loader', () => {
  it('check: {formula: quotient, inputs: [a, b]} gets a message that explains the new form', () => {
    const claims = `- id: c-ps
  statement: SX trades at about 94 times sales.
  stated: "~94x"
  sources: [s-a]
  check: { formula: quotient, inputs: [sx-val-1, sx-rev] }
`;
    const err = catchBriefingError(() => parseBriefing(mini({ claims })));
    expect(err.diagnostics).toHaveLength(1);
    const d = err.diagnostics[0]!;
    expect(d.kind).toBe('schema');
    expect(d.file).toBe('fx/claims.yaml');
    expect(d.line).toBe(positionOf(claims, 'check:').line);
    expect(d.message).toMatch(/named inputs and a formula/);
    expect(d.message).toMatch(/inputs: \{valuation: figure-id, revenue: figure-id\} and formula: valuation \/ revenue/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Conflicts

describe('conflicts on the sample: overlap, not end points, and currencies through the stated rate', () => {
  const byId = new Map(sampleMetrics.conflicts.map((c) => [c.id, c]));

  it('does not flag SpaceX: $1.77T lies inside $1.75T–$2T', () => {
    expect(byId.has('spacex.valuation')).toBe(false);
  });

  it('still flags Anthropic: ~$1T and >$1.2T are 20% apart', () => {
    expect(byId.get('anthropic.valuation')!.verdict).toBe('disagree');
  });

  it('compares Tencent’s RMB 5T with the source’s $70B at the assumed 0.14 rate: about 10× apart', () => {
    const c = byId.get('tencent.market-value')!;
    expect(c.verdict).toBe('disagree');
    // CNY 5T × 0.14 = $700B against $70B: compared in USD, the stated rate's direction.
    expect(c.difference!.unit).toBe('USD');
    expectRel(c.difference!.low, 630e9);
    expectRel(c.relative!, 9);
    expect(c.rates.map((r) => [r.from, r.to, r.factor, r.inverted, r.stated.basis])).toEqual([['CNY', 'USD', 0.14, false, 'assumption']]);
    expect(c.values[0]!.converted!.unit).toBe('USD');
    expectRel(c.values[0]!.converted!.low, 700e9);
    expect(c.values[1]!.converted).toBeNull();
  });

  it('without the rate, Tencent is not comparable', () => {
    const noRate: Briefing = parseBriefing(sample((f) => f.set('briefing.yaml', f.get('briefing.yaml')!.replace(/fx:\n(?: {2,}.*\n)+/, ''))));
    expect(noRate.settings.fx).toEqual([]);
    const c = computeMetrics(noRate).conflicts.find((x) => x.id === 'tencent.market-value')!;
    expect(c.verdict).toBe('incomparable');
    expect(c.difference).toBeNull();
    expect(c.relative).toBeNull();
  });
});

describe('conflicts meet in a third currency', () => {
  it('compares yuan with Hong Kong dollars in US dollars when both have a rate to it', () => {
    const b = parseBriefing(
      sample((f) => {
        replaceIn(f, 'companies/tencent.yaml', 'value: "~$70B"', 'value: "HKD 550B"');
        replaceIn(f, 'briefing.yaml', 'fx:\n', 'fx:\n  - {from: HKD, to: USD, rate: 0.128, basis: assumption, note: round}\n');
      }),
    );
    const c = computeMetrics(b).conflicts.find((x) => x.id === 'tencent.market-value')!;
    expect(c.verdict).toBe('disagree');
    expect(c.difference!.unit).toBe('USD');
    expect(c.rates.map((r) => r.from).sort()).toEqual(['CNY', 'HKD']);
    expectRel(c.difference!.low, 5e12 * 0.14 - 550e9 * 0.128);
  });
});

describe('apart', () => {
  it('needs a gap wider than the tolerance of the nearer ends', () => {
    expect(apart({ low: 1.77, high: 1.77 }, { low: 1.75, high: 2 }, 0.05)).toBe(false);
    expect(apart({ low: 965, high: 965 }, { low: 1000, high: 1000 }, 0.05)).toBe(false); // 35 ≤ 50
    expect(apart({ low: 1000, high: 1000 }, { low: 1200, high: Infinity }, 0.05)).toBe(true); // 200 > 60
    expect(apart({ low: 100, high: 100 }, { low: 130, high: 130 }, 0.1)).toBe(true);
    expect(apart({ low: 52, high: 52 }, { low: 50, high: 50 }, 0.1)).toBe(false);
  });
});
