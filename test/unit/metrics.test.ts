import { describe, it, expect } from 'vitest';
import { parseAmount, type Amount } from '../../src/content/amount.ts';
import { parseBriefing, readContentFiles, type ContentFiles, type LoadedCompany, type Located } from '../../src/content/load.ts';
import type { ClaimInput, Figure, FxRate, Quantity } from '../../src/content/model.ts';
import { CATALOGUE } from '../../src/errors.ts';
import { createFormatter } from '../../src/format.ts';
import { apart } from '../../src/metrics/conflicts.ts';
import { fxTable } from '../../src/metrics/fx.ts';
import {
  checkClaim,
  companyMetrics,
  computeMetrics,
  fiscalYear,
  latestRevenueYear,
  revenueMix,
  valuationRange,
  yearOnYearGrowth,
  type Metric,
  type OwnedFigure,
} from '../../src/metrics/compute.ts';
import { catchBriefingError, sample, SAMPLE_DIR } from './helpers.ts';

// ---------------------------------------------------------------------------------------------------------
// Builders

function amount(text: string): Amount {
  const a = parseAmount(text);
  if (typeof a === 'string') throw new Error(a);
  return a;
}

type FigureExtra = Partial<Omit<Figure, 'quantity' | 'value' | 'amount'>>;

function fig(quantity: Quantity, value: string, extra: FigureExtra = {}): Located<Figure> {
  return { quantity, value, amount: amount(value), sources: ['s-a'], ...extra, at: { file: 'fx/companies/x.yaml', line: 1 } };
}

function company(id: string, figures: Located<Figure>[]): LoadedCompany {
  return { id, name: id.toUpperCase(), group: 'ipo-candidate', country: 'United States', profile: 'A company.', figures, at: { file: `fx/companies/${id}.yaml`, line: 1 } };
}

function claim(id: string, stated: string, formula: ClaimInput['check']['formula'], inputs: string[], tolerance = 0.05): Located<ClaimInput> {
  return { id, statement: `claim ${id}`, stated: amount(stated), sources: ['s-a'], check: { formula, inputs, tolerance }, at: { file: 'fx/claims.yaml', line: 7, column: 3 } };
}

/** Relative closeness: |actual / expected − 1| < 1e-9 (amounts in trillions need a relative test). */
function expectRel(actual: number | undefined, expected: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! / expected - 1)).toBeLessThan(1e-9);
}

function expectRange(m: Metric | undefined, low: number, high: number): void {
  expect(m).toBeDefined();
  expectRel(m!.low, low);
  expectRel(m!.high, high);
}

// ---------------------------------------------------------------------------------------------------------
// A small briefing in memory, parsed by the real loader.

const MINI: Record<string, string> = {
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
cohort: [sx, oa, an]
revenueMixOf: sx
deals:
  - id: lease
    title: Lease of a data centre
    lessor: sx
    lessee: an
    revenue: sx-lease-revenue
    cashProfit: sx-lease-profit
`,
  'sources.yaml': `- id: s-a
  title: Source A
  publisher: Publisher A
- id: s-b
  title: Source B
  publisher: Publisher B
`,
  'risks.yaml': '[]\n',
  'takeaways.yaml': '[]\n',
  'companies/sx.yaml': `id: sx
name: SX Corp
group: ipo-candidate
country: United States
profile: A launch and connectivity company [@s-a].
figures:
  - { id: sx-val-1, quantity: valuation, value: "$1.77T", sources: [s-a] }
  - { id: sx-val-2, quantity: valuation, value: "$1.75T-$2T", sources: [s-b] }
  - { id: sx-rev, quantity: revenue, value: "$18.7B", period: FY2025, sources: [s-a] }
  - { quantity: segment-revenue, segment: Starlink, value: "$11.4B", period: FY2025, sources: [s-b] }
  - { id: sx-lease-revenue, quantity: segment-revenue, segment: Lease, value: "$3B-$4B", sources: [s-a] }
  - { id: sx-lease-profit, quantity: cash-profit, segment: Lease, value: ">$2.5B", sources: [s-a] }
  - { quantity: ipo-proceeds, value: "$75B", sources: [s-a] }
`,
  'companies/oa.yaml': `id: oa
name: OA Labs
group: ipo-candidate
country: United States
profile: A model developer.
figures:
  - { id: oa-val, quantity: valuation, value: "$1T", sources: [s-b] }
`,
  'companies/an.yaml': `id: an
name: AN Systems
group: ipo-candidate
country: United States
profile: Another model developer.
figures:
  - { id: an-val-last, quantity: valuation, value: "$965B", sources: [s-a] }
  - { id: an-val-ipo, quantity: valuation, value: ">$1.2T", sources: [s-a] }
`,
  'companies/zz.yaml': `id: zz
name: ZZ Holdings
group: incumbent
country: China
profile: Not in the cohort.
figures:
  - { quantity: valuation, value: "RMB 5T", sources: [s-a] }
`,
  'claims.yaml': `- id: c-ps
  statement: SX trades at about 94 times sales.
  stated: "~94x"
  sources: [s-a]
  check: { formula: quotient, inputs: [sx-val-1, sx-rev] }
- id: c-draw
  statement: A 15-25% float draws $400-500B.
  stated: "$400B-$500B"
  sources: [s-b]
  check: { formula: product, inputs: ["$3.6T", "15%-25%"] }
- id: c-combined
  statement: The three are worth more than $3.6T together.
  stated: ">$3.6T"
  sources: [s-b]
  check: { formula: sum, inputs: [sx-val-2, oa-val, "$965B-$1.2T"] }
`,
};

function mini(mutate?: (files: Map<string, string>) => void): ContentFiles {
  const files = new Map(Object.entries(MINI));
  mutate?.(files);
  return { dir: 'fx', files };
}

// ---------------------------------------------------------------------------------------------------------

describe('fiscalYear and latestRevenueYear', () => {
  it('reads FY2025 and 2025 as 2025, quarters and halves as no year', () => {
    expect(fiscalYear('FY2025')).toBe(2025);
    expect(fiscalYear('2025')).toBe(2025);
    expect(fiscalYear('Q1 2026')).toBeUndefined();
    expect(fiscalYear('H2 2026')).toBeUndefined();
    expect(fiscalYear(undefined)).toBeUndefined();
  });
  it('takes the latest fiscal year with annual revenue, ignoring quarterly revenue', () => {
    const c = company('x', [
      fig('revenue', '$14B', { period: 'FY2024' }),
      fig('revenue', '$18.7B', { period: 'FY2025' }),
      fig('revenue', '$6B', { period: 'Q1 2026' }),
    ]);
    expect(latestRevenueYear(c)).toBe(2025);
    expect(latestRevenueYear(company('y', [fig('revenue', '$570M', { period: 'Q1 2026' })]))).toBeUndefined();
  });
});

describe('valuationRange', () => {
  it('spans the lowest low to the highest high over every source', () => {
    // figures: 1.77T, 1.75T–2T, ~1.8T → low = min(1.77, 1.75, 1.8) = 1.75T, high = max(1.77, 2, 1.8) = 2T
    const c = company('x', [
      fig('valuation', '$1.77T', { sources: ['s-a'] }),
      fig('valuation', '$1.75T-$2T', { sources: ['s-b'] }),
      fig('valuation', '~$1.8T', { sources: ['s-c'] }),
    ]);
    const v = valuationRange(c)!;
    expectRange(v, 1.75e12, 2e12);
    expectRel(v.mid, 1.875e12); // (1.75 + 2) / 2
    expect(v.unit).toBe('USD');
    expect(v.inputs).toHaveLength(3);
    expect(v.sources).toEqual(['s-a', 's-b', 's-c']);
  });
  it('ignores segment figures, and keeps a valuation stated only in RMB in CNY', () => {
    const c = company('x', [fig('valuation', 'RMB 5T'), fig('valuation', '$9T', { segment: 'A unit' })]);
    const v = valuationRange(c)!;
    expect(v.unit).toBe('CNY');
    expect(v.low).toBe(5e12);
    expect(v.high).toBe(5e12);
  });

  it('refuses valuations in two currencies: no conversion is ever assumed', () => {
    const c = company('x', [fig('valuation', '$700B'), fig('valuation', 'RMB 5T')]);
    const err = catchBriefingError(() => valuationRange(c));
    expect(err.diagnostics[0]!.kind).toBe('metric');
    expect(err.diagnostics[0]!.message).toMatch(/USD and CNY/);
  });
});

describe('companyMetrics', () => {
  it('price-to-sales of a point valuation: 1.77e12 / 18.7e9 = 94.652', () => {
    const m = companyMetrics(company('x', [fig('valuation', '$1.77T'), fig('revenue', '$18.7B', { period: 'FY2025' })]));
    expect(m.priceToSales!.unit).toBe('multiple');
    expect(m.priceToSales!.low).toBeCloseTo(94.6524, 3); // 1770 / 18.7 = 94.65240…
    expect(m.priceToSales!.high).toBeCloseTo(94.6524, 3);
    expect(m.priceToSales!.formula).toContain('FY2025');
  });

  it('price-to-sales of a range: 1.75e12..2e12 / 18.7e9 = 93.58..106.95', () => {
    const m = companyMetrics(company('x', [fig('valuation', '$1.75T-$2T'), fig('revenue', '$18.7B', { period: 'FY2025' })]));
    expect(m.priceToSales!.low).toBeCloseTo(93.5829, 3); // 1750 / 18.7 = 93.58288…
    expect(m.priceToSales!.high).toBeCloseTo(106.9519, 3); // 2000 / 18.7 = 106.95187…
    expect(m.priceToSales!.mid).toBeCloseTo(100.2674, 3); // (93.58288 + 106.95187) / 2
  });

  it('uses the latest annual revenue for price-to-sales', () => {
    const m = companyMetrics(
      company('x', [fig('valuation', '$1.77T'), fig('revenue', '$14B', { period: 'FY2024' }), fig('revenue', '$18.7B', { period: 'FY2025' })]),
    );
    expectRel(m.revenue!.low, 18.7e9);
    expect(m.priceToSales!.low).toBeCloseTo(94.6524, 3); // 1770 / 18.7, not 1770 / 14 = 126.4
  });

  it('implied float = proceeds ÷ valuation: 75e9 / 1.77e12 = 0.042373', () => {
    const m = companyMetrics(company('x', [fig('valuation', '$1.77T'), fig('ipo-proceeds', '$75B')]));
    expect(m.impliedFloat!.unit).toBe('percent');
    expect(m.impliedFloat!.low).toBeCloseTo(0.042373, 6); // 75 / 1770 = 0.0423728…
    expect(m.impliedFloat!.high).toBeCloseTo(0.042373, 6);
    expectRel(m.ipoProceeds!.low, 75e9);
  });

  it('net margin = −net loss ÷ revenue of the same year: −4.9 / 18.7 = −0.26203', () => {
    const m = companyMetrics(
      company('x', [
        fig('revenue', '$18.7B', { period: 'FY2025' }),
        fig('net-loss', '$4.9B', { period: 'FY2025' }),
        fig('net-loss', '$9B', { period: 'FY2024' }), // another year: ignored
      ]),
    );
    expect(m.netMargin!.low).toBeCloseTo(-0.26203, 5); // −4.9 / 18.7 = −0.262032…
    expect(m.netMargin!.high).toBeCloseTo(-0.26203, 5);
    expect(m.netMargin!.unit).toBe('percent');
  });

  it('year-on-year growth from two annual revenues: 18.7 / 14 − 1 = 0.33571', () => {
    const m = companyMetrics(company('x', [fig('revenue', '$14B', { period: 'FY2024' }), fig('revenue', '$18.7B', { period: 'FY2025' })]));
    expect(m.revenueGrowth!.low).toBeCloseTo(0.335714, 6); // 18.7 / 14 = 1.335714…
    expect(m.revenueGrowth!.high).toBeCloseTo(0.335714, 6);
    expect(m.impliedPriorRevenue).toBeUndefined();
  });

  it('year-on-year growth over a prior range: 18.7/15 − 1 = 0.24667 .. 18.7/14 − 1 = 0.33571', () => {
    const m = companyMetrics(company('x', [fig('revenue', '$14B-$15B', { period: 'FY2024' }), fig('revenue', '$18.7B', { period: 'FY2025' })]));
    expect(m.revenueGrowth!.low).toBeCloseTo(0.246667, 6);
    expect(m.revenueGrowth!.high).toBeCloseTo(0.335714, 6);
  });

  it('implied prior-year revenue = revenue ÷ (1 + growth): 18.7e9 / 1.33 = 14.0602e9', () => {
    const m = companyMetrics(company('x', [fig('revenue', '$18.7B', { period: 'FY2025' }), fig('revenue-growth', '33%', { period: 'FY2025' })]));
    expect(m.impliedPriorRevenue!.unit).toBe('USD');
    expect(m.impliedPriorRevenue!.low / 1e9).toBeCloseTo(14.06015, 4); // 18.7 / 1.33 = 14.060150…
    expect(m.impliedPriorRevenue!.high / 1e9).toBeCloseTo(14.06015, 4);
    expect(m.revenueGrowth).toBeUndefined();
  });

  it('leaves metrics out when their figures are missing', () => {
    const m = companyMetrics(company('x', [fig('valuation', '$1T')]));
    expect(m.company).toBe('x');
    expect(m.name).toBe('X');
    expectRel(m.valuation!.low, 1e12);
    expect(m.revenue).toBeUndefined();
    expect(m.priceToSales).toBeUndefined();
    expect(m.impliedFloat).toBeUndefined();
    expect(m.netMargin).toBeUndefined();
  });

  it('cites the union of the inputs’ sources in first-use order', () => {
    const m = companyMetrics(
      company('x', [fig('valuation', '$1.77T', { sources: ['s-b'] }), fig('revenue', '$18.7B', { period: 'FY2025', sources: ['s-a', 's-b'] })]),
    );
    expect(m.priceToSales!.sources).toEqual(['s-b', 's-a']);
  });
});

describe('yearOnYearGrowth', () => {
  it('throws RangeError when the prior year range contains zero', () => {
    expect(() => yearOnYearGrowth({ low: 1, high: 2 }, { low: 0, high: 1 })).toThrow(RangeError);
  });
});

describe('revenueMix', () => {
  it('adds the remainder 18.7 − 11.4 = 7.3B as a derived segment', () => {
    const mix = revenueMix(
      company('x', [
        fig('revenue', '$18.7B', { period: 'FY2025' }),
        fig('segment-revenue', '$11.4B', { period: 'FY2025', segment: 'Starlink' }),
        fig('segment-revenue', '$3B-$4B', { segment: 'Lease' }), // no period: not part of the FY2025 mix
      ]),
    )!;
    expect(mix.period).toBe('FY2025');
    expectRel(mix.total.low, 18.7e9);
    expect(mix.segments.map((s) => [s.segment, s.derived])).toEqual([
      ['Starlink', false],
      ['Other segments', true],
    ]);
    expect(mix.segments[1]!.value.low / 1e9).toBeCloseTo(7.3, 9); // 18.7 − 11.4
    expect(mix.segments[1]!.value.high / 1e9).toBeCloseTo(7.3, 9);
  });
  it('adds no remainder when the segments cover the total', () => {
    const mix = revenueMix(
      company('x', [fig('revenue', '$10B', { period: 'FY2025' }), fig('segment-revenue', '$10B', { period: 'FY2025', segment: 'All' })]),
    )!;
    expect(mix.segments.map((s) => s.segment)).toEqual(['All']);
  });
  it('is undefined without segments', () => {
    expect(revenueMix(company('x', [fig('revenue', '$10B', { period: 'FY2025' })]))).toBeUndefined();
  });
});

describe('checkClaim', () => {
  const owned = (figure: Located<Figure>, owner = 'X'): [string, OwnedFigure] => [figure.id!, { figure, owner }];
  const figures = new Map<string, OwnedFigure>([
    owned(fig('valuation', '$1.77T', { id: 'val' })),
    owned(fig('revenue', '$18.7B', { id: 'rev', period: 'FY2025' })),
    owned(fig('valuation', '$1.75T-$2T', { id: 'sx' })),
    owned(fig('valuation', '$1T', { id: 'oa' })),
    owned(fig('valuation', '$965B-$1.2T', { id: 'an' })),
    owned(fig('valuation', 'RMB 5T', { id: 'rmb' }), 'ZZ'),
  ]);

  it('94x vs 1.77T / 18.7B = 94.65 is consistent', () => {
    const r = checkClaim(claim('ps', '94x', 'quotient', ['val', 'rev']), figures);
    expect(r.verdict).toBe('consistent');
    expect(r.computed.unit).toBe('multiple');
    expect(r.computed.low).toBeCloseTo(94.6524, 3); // 1770 / 18.7
    expect(r.deviation).toBeCloseTo(0.006941, 5); // (94.65240 − 94) / 94
    expect(r.tolerance).toBe(0.05);
  });

  it('$400B–$500B vs $3.6T × 15%–25% = $540B–$900B is inconsistent', () => {
    // stated window with 5%: 400 × 0.95 = 380 .. 500 × 1.05 = 525; computed 3600 × 0.15 = 540 .. 3600 × 0.25 = 900
    const r = checkClaim(claim('draw', '$400B-$500B', 'product', ['$3.6T', '15%-25%']), figures);
    expect(r.verdict).toBe('inconsistent');
    expect(r.computed.unit).toBe('USD');
    expect(r.computed.low / 1e9).toBeCloseTo(540, 6);
    expect(r.computed.high / 1e9).toBeCloseTo(900, 6);
    expect(r.deviation).toBeCloseTo(0.6, 9); // (720 − 450) / 450
  });

  it('>$3.6T vs 1.75T–2T + 1T + 0.965T–1.2T = 3.715T–4.2T is consistent (open-ended above)', () => {
    const r = checkClaim(claim('sum', '>$3.6T', 'sum', ['sx', 'oa', 'an']), figures);
    expect(r.verdict).toBe('consistent');
    expect(r.computed.low / 1e12).toBeCloseTo(3.715, 9); // 1.75 + 1 + 0.965
    expect(r.computed.high / 1e12).toBeCloseTo(4.2, 9); // 2 + 1 + 1.2
    expect(r.deviation).toBeCloseTo(0.099306, 5); // (3.9575 − 3.6) / 3.6
  });

  it('the open end matters: >$3T and <$5T are consistent with 3.715T–4.2T, though $3T and $5T are not', () => {
    // plain $3T: 2.85 .. 3.15 misses 3.715; >$3T: 2.85 .. ∞ overlaps
    expect(checkClaim(claim('eq3', '$3T', 'sum', ['sx', 'oa', 'an']), figures).verdict).toBe('inconsistent');
    expect(checkClaim(claim('gt3', '>$3T', 'sum', ['sx', 'oa', 'an']), figures).verdict).toBe('consistent');
    // plain $5T: 4.75 .. 5.25 misses 4.2; <$5T: −∞ .. 5.25 overlaps
    expect(checkClaim(claim('eq5', '$5T', 'sum', ['sx', 'oa', 'an']), figures).verdict).toBe('inconsistent');
    expect(checkClaim(claim('lt5', '<$5T', 'sum', ['sx', 'oa', 'an']), figures).verdict).toBe('consistent');
  });

  it('>$5T vs 3.715T–4.2T is inconsistent (5 × 0.95 = 4.75 > 4.2)', () => {
    expect(checkClaim(claim('sum5', '>$5T', 'sum', ['sx', 'oa', 'an']), figures).verdict).toBe('inconsistent');
  });

  it('<$3.5T vs 3.715T–4.2T is inconsistent (3.5 × 1.05 = 3.675 < 3.715); <$3.6T is consistent (3.78 ≥ 3.715)', () => {
    expect(checkClaim(claim('lt35', '<$3.5T', 'sum', ['sx', 'oa', 'an']), figures).verdict).toBe('inconsistent');
    expect(checkClaim(claim('lt36', '<$3.6T', 'sum', ['sx', 'oa', 'an']), figures).verdict).toBe('consistent');
  });

  it('honours the claim tolerance: 90x vs 94.65 is inconsistent at 5%, consistent at 10%', () => {
    // 90 × 1.05 = 94.5 < 94.652; 90 × 1.10 = 99 ≥ 94.652
    expect(checkClaim(claim('t5', '90x', 'quotient', ['val', 'rev'], 0.05), figures).verdict).toBe('inconsistent');
    expect(checkClaim(claim('t10', '90x', 'quotient', ['val', 'rev'], 0.1), figures).verdict).toBe('consistent');
  });

  it('difference of two USD figures: 1.77T − 18.7B = 1.7513T', () => {
    const r = checkClaim(claim('diff', '$1.75T', 'difference', ['val', 'rev']), figures);
    expect(r.computed.low / 1e12).toBeCloseTo(1.7513, 9);
    expect(r.verdict).toBe('consistent');
  });

  it('a sum of USD and RMB without a rate throws an exchangeRate error, located at the claim', () => {
    const err = catchBriefingError(() => checkClaim(claim('mixed', '$5T', 'sum', ['val', 'rmb']), figures));
    expect(err.diagnostics).toHaveLength(1);
    const d = err.diagnostics[0]!;
    expect(d.kind).toBe('exchangeRate');
    expect(d.code).toBe(CATALOGUE.exchangeRate.code);
    expect(d.file).toBe('fx/claims.yaml');
    expect(d.line).toBe(7);
    expect(d.message).toContain('mixed');
  });

  it('a quotient of USD by RMB without a rate throws an exchangeRate error', () => {
    const err = catchBriefingError(() => checkClaim(claim('q', '1x', 'quotient', ['val', 'rmb']), figures));
    expect(err.diagnostics[0]!.kind).toBe('exchangeRate');
  });

  it('a quotient of two USD figures is dimensionless: a stated "$94" or a count of 95 does not fit it', () => {
    expect(catchBriefingError(() => checkClaim(claim('usd', '$94', 'quotient', ['val', 'rev']), figures)).diagnostics[0]!.kind).toBe('metric');
    expect(catchBriefingError(() => checkClaim(claim('cnt', '95', 'quotient', ['val', 'rev']), figures)).diagnostics[0]!.kind).toBe('metric');
  });

  it('a sum needs one unit: a percentage plus a multiple is a metric error', () => {
    const err = catchBriefingError(() => checkClaim(claim('pm', '94x', 'sum', ['33%', '94x']), figures));
    expect(err.diagnostics[0]!.kind).toBe('metric');
  });

  it('money inputs against a stated percentage throw a metric error', () => {
    const err = catchBriefingError(() => checkClaim(claim('u', '5%', 'sum', ['val', 'oa']), figures));
    expect(err.diagnostics[0]!.kind).toBe('metric');
  });

  it('an input that is neither a figure id nor an amount throws unknownReference', () => {
    const err = catchBriefingError(() => checkClaim(claim('r', '$1T', 'sum', ['val', 'no-such-figure']), figures));
    expect(err.diagnostics[0]!.kind).toBe('unknownReference');
    expect(err.diagnostics[0]!.code).toBe(CATALOGUE.unknownReference.code);
  });
});

describe('computeMetrics on a small in-memory briefing', () => {
  const b = parseBriefing(mini());
  const m = computeMetrics(b);

  it('sorts the cohort first and computes each company', () => {
    expect(b.companies.map((c) => c.id)).toEqual(['sx', 'oa', 'an', 'zz']);
    expect(m.companies.map((c) => c.company)).toEqual(['sx', 'oa', 'an', 'zz']);
    expect(m.companies[3]!.valuation!.unit).toBe('CNY'); // RMB only, kept in RMB
  });

  it('cohort combined valuation is the sum of ranges: 1.75–2 + 1 + 0.965–1.2 = 3.715T–4.2T', () => {
    expect(m.cohort.companies).toEqual(['sx', 'oa', 'an']);
    expectRange(m.cohort.valuation, 3.715e12, 4.2e12);
    expect(m.cohort.valuation!.sources).toEqual(['s-a', 's-b']);
  });

  it('cohort proceeds sum what is stated and list who is missing', () => {
    expectRange(m.cohort.proceeds, 75e9, 75e9);
    expect(m.cohort.proceedsMissing).toEqual(['oa', 'an']);
  });

  it('liquidity at 3%, 8%, 15%, 25% of the combined valuation', () => {
    expect(m.liquidity.map((l) => l.float)).toEqual([0.03, 0.08, 0.15, 0.25]);
    const [p3, p8, p15, p25] = m.liquidity;
    expectRange(p3!.drawn, 111.45e9, 126e9); // 3.715T × 0.03 .. 4.2T × 0.03
    expectRange(p8!.drawn, 297.2e9, 336e9); // 3.715T × 0.08 .. 4.2T × 0.08
    expectRange(p15!.drawn, 557.25e9, 630e9); // 3.715T × 0.15 .. 4.2T × 0.15
    expectRange(p25!.drawn, 928.75e9, 1050e9); // 3.715T × 0.25 .. 4.2T × 0.25
    expect(p25!.drawn.unit).toBe('USD');
  });

  it('deal margin = cash profit ÷ revenue: 2.5/4 = 0.625 .. 2.5/3 = 0.8333', () => {
    expect(m.deals).toHaveLength(1);
    const d = m.deals[0]!;
    expect(d.id).toBe('lease');
    expectRange(d.revenue, 3e9, 4e9);
    expectRange(d.cashProfit, 2.5e9, 2.5e9);
    expect(d.margin.unit).toBe('percent');
    expect(d.margin.low).toBeCloseTo(0.625, 9);
    expect(d.margin.high).toBeCloseTo(0.833333, 6);
  });

  it('revenue mix of the manifest company: Starlink 11.4B and derived remainder 18.7 − 11.4 = 7.3B', () => {
    const mix = m.revenueMix!;
    expect(mix.company).toBe('sx');
    expect(mix.segments.map((s) => ({ segment: s.segment, derived: s.derived }))).toEqual([
      { segment: 'Starlink', derived: false },
      { segment: 'Other segments', derived: true },
    ]);
    expectRange(mix.segments[1]!.value, 7.3e9, 7.3e9);
  });

  it('checks every claim', () => {
    expect(m.claims.map((c) => [c.id, c.verdict])).toEqual([
      ['c-ps', 'consistent'],
      ['c-draw', 'inconsistent'],
      ['c-combined', 'consistent'],
    ]);
    expect(m.claims[0]!.computed.low).toBeCloseTo(94.6524, 3); // 1770 / 18.7
  });

  it('reports every claim that cannot be computed in one BriefingError', () => {
    const bad = parseBriefing(
      mini((files) => {
        files.set('companies/zz.yaml', files.get('companies/zz.yaml')!.replace('{ quantity: valuation,', '{ id: zz-val, quantity: valuation,'));
        files.set(
          'claims.yaml',
          `- id: bad-sum
  statement: USD plus RMB.
  stated: "$5T"
  sources: [s-a]
  check: { formula: sum, inputs: [sx-val-1, zz-val] }
- id: bad-quotient
  statement: USD over RMB.
  stated: "1x"
  sources: [s-a]
  check: { formula: quotient, inputs: [sx-val-1, zz-val] }
`,
        );
      }),
    );
    const err = catchBriefingError(() => computeMetrics(bad));
    expect(err.diagnostics.map((d) => d.kind)).toEqual(['exchangeRate', 'exchangeRate']);
    expect(err.diagnostics.every((d) => d.code === CATALOGUE.exchangeRate.code)).toBe(true);
    expect(err.diagnostics[0]!.file).toBe('fx/claims.yaml');
    expect(err.diagnostics[0]!.line).toBe(1);
    expect(err.diagnostics[1]!.line).toBe(6);
    expect(err.exitCode).toBe(CATALOGUE.metric.exit);
  });
});

const sampleBriefing = parseBriefing(await readContentFiles(SAMPLE_DIR));

describe('computeMetrics on the sample briefing content/ai-ipo-2026', () => {
  const m = computeMetrics(sampleBriefing);
  const spacex = m.companies.find((c) => c.company === 'spacex')!;

  it('SpaceX price-to-sales to three significant digits', () => {
    // companies/spacex.yaml: valuations $1.77T, ~$1.77T, $1.75T-$2T, $1.75T-$2T → 1.75T..2T;
    // revenue FY2025 ~$18.7B.
    // low  = 1.75e12 / 18.7e9 = 93.58… → 93.6
    // high = 2e12    / 18.7e9 = 106.95… → 107
    expect(Number(spacex.priceToSales!.low.toPrecision(3))).toBe(93.6);
    expect(Number(spacex.priceToSales!.high.toPrecision(3))).toBe(107);
  });

  it('SpaceX implied float, net margin and implied 2024 revenue', () => {
    // ipo-proceeds $75B: 75 / 2000 = 0.0375 .. 75 / 1750 = 0.042857
    expect(spacex.impliedFloat!.low).toBeCloseTo(0.0375, 6);
    expect(spacex.impliedFloat!.high).toBeCloseTo(0.042857, 6);
    // net-loss FY2025 $4.9B: −4.9 / 18.7 = −0.26203
    expect(spacex.netMargin!.low).toBeCloseTo(-0.26203, 5);
    // revenue-growth FY2025 33%, no FY2024 revenue: 18.7 / 1.33 = 14.06B
    expect(spacex.impliedPriorRevenue!.low / 1e9).toBeCloseTo(14.06015, 4);
  });

  it('cohort valuation: SpaceX 1.75–2T + OpenAI 1T + Anthropic 0.965–1.2T = 3.715T–4.2T', () => {
    expectRange(m.cohort.valuation, 3.715e12, 4.2e12);
  });

  it('the Colossus lease margin is 2.5/4 = 0.625 .. 2.5/3 = 0.8333', () => {
    const d = m.deals.find((x) => x.id === 'colossus-1-lease')!;
    expect(d.margin.low).toBeCloseTo(0.625, 9);
    expect(d.margin.high).toBeCloseTo(0.833333, 6);
    // The source says "more than $2.5B" of cash profit, so the margin is a lower bound too.
    expect(d.cashProfit.qualifier).toBe('at-least');
    expect(d.margin.qualifier).toBe('at-least');
  });

  it('the liquidity-draw claim is inconsistent and the price-to-sales claim consistent', () => {
    const verdict = (id: string) => m.claims.find((c) => c.id === id)?.verdict;
    expect(verdict('claim-spacex-price-to-sales')).toBe('consistent');
    expect(verdict('claim-cohort-liquidity-draw')).toBe('inconsistent');
  });
});

describe('conflicts on the sample: overlap, not end points, and currencies through the stated rate', () => {
  const m = computeMetrics(sampleBriefing);
  const byId = new Map(m.conflicts.map((c) => [c.id, c]));

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
    const noRate = parseBriefing({ ...sample((f) => f.set('briefing.yaml', f.get('briefing.yaml')!.replace(/fx:\n(?: {2,}.*\n)+/, ''))) });
    expect(computeMetrics(noRate).conflicts.find((c) => c.id === 'tencent.market-value')!.verdict).toBe('incomparable');
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

describe('checkClaim through stated exchange rates', () => {
  const dkk = (id: string, value: string): [string, OwnedFigure] => [id, { figure: fig('revenue', value, { id }), owner: id }];
  const figures = new Map<string, OwnedFigure>([dkk('novo', 'DKK 290.4B'), dkk('roche', 'CHF 60.5B'), dkk('lilly', '$45.04B')]);
  const rates: FxRate[] = [
    { from: 'DKK', to: 'USD', rate: 0.145, asOf: '2025-01-02', basis: 'stated', sources: ['s-fx'] },
    { from: 'CHF', to: 'USD', rate: 1.1, basis: 'assumption', sources: [], note: 'round' },
  ];
  const ctx = { fx: fxTable(rates), fmt: createFormatter() };

  it('converts every input into the stated currency and names each rate in the formula', () => {
    // 290.4B × 0.145 = 42.108B; 60.5B × 1.1 = 66.55B; + 45.04B = 153.698B.
    const r = checkClaim(claim('sum', '~$154B', 'sum', ['lilly', 'novo', 'roche']), figures, ctx);
    expect(r.computed.unit).toBe('USD');
    expectRel(r.computed.low, 153.698e9);
    expect(r.verdict).toBe('consistent');
    expect(r.computed.formula).toContain('at 1 DKK = 0.145 USD (rate of 2 January 2025)');
    expect(r.computed.formula).toContain('at 1 CHF = 1.1 USD (assumed rate)');
    expect(r.sources).toEqual(['s-a']);
    expect(r.computed.sources).toEqual(['s-a', 's-fx']);
  });

  it('uses the inverse of a stated rate, and converts the result into the stated currency', () => {
    // DKK 290.4B ÷ USD 45.04B: the dollars become DKK 310.6B at 1/0.145, so the ratio is 0.935.
    const q = checkClaim(claim('ratio', '0.93', 'quotient', ['novo', 'lilly']), figures, ctx);
    expect(q.computed.low).toBeCloseTo(290.4 / (45.04 / 0.145), 9);
    expect(q.computed.formula).toMatch(/1 USD = 6\.89655 DKK \(rate of 2 January 2025, the inverse of 1 DKK = 0\.145 USD\)/);
    const inDkk = checkClaim(claim('dkk', 'DKK 600B', 'sum', ['lilly', 'novo']), figures, ctx);
    expect(inDkk.computed.unit).toBe('DKK');
    expectRel(inDkk.computed.low, 45.04e9 / 0.145 + 290.4e9);
  });

  it('refuses to mix currencies without a rate, saying where to add one', () => {
    const err = catchBriefingError(() => checkClaim(claim('x', 'CHF 100B', 'sum', ['roche', 'novo']), figures, { fx: fxTable([]), fmt: createFormatter() }));
    expect(err.diagnostics[0]!.message).toMatch(/claim "x": the computation mixes DKK and CHF with no stated rate; add the rate to fx: in briefing\.yaml/);
    expect(err.diagnostics[0]!.line).toBe(7);
  });
});
