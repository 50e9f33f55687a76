/**
 * Declared charts: rows from figures, metrics and the risk register, with unit and scale from the data. The
 * sample's five charts draw the same values as the engine drew before charts were declared in content.
 */
import { describe, expect, it } from 'vitest';
import { fillSpec } from '../../src/charts/catalogue.ts';
import { chartNumbers } from '../../src/charts/numbering.ts';
import { chartContent } from '../../src/charts/rows.ts';
import { chartScale, vegaNumberLocale } from '../../src/charts/scale.ts';
import { parseBriefing } from '../../src/content/load.ts';
import { createFormatter } from '../../src/format.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import { buildView } from '../../src/html/view.ts';
import { catchBriefingError, replaceIn, sample } from './helpers.ts';

const b = parseBriefing(sample());
const m = computeMetrics(b);
const rowsOf = (id: string) => chartContent(b.charts.find((c) => c.id === id)!, b, m);
const round = (x: unknown): number => Number(Number(x).toPrecision(6));

describe('the sample’s declared charts keep their data', () => {
  it('declares five charts in the order they printed before', () => {
    expect(b.charts.map((c) => c.id)).toEqual(['valuation-ranges', 'price-to-sales', 'liquidity-scenarios', 'risk-matrix', 'revenue-mix']);
    expect([...chartNumbers(b).entries()]).toEqual([
      ['valuation-ranges', 1],
      ['price-to-sales', 2],
      ['liquidity-scenarios', 3],
      ['risk-matrix', 4],
      ['revenue-mix', 5],
    ]);
  });

  it('valuation ranges: one row per stated figure of the three issuers, in US$ trillion', () => {
    const c = rowsOf('valuation-ranges');
    expect(c.scale!.label).toBe('US$ trillion');
    const rows = c.rows.map((r) => [r.company, round(r.low), round(r.high), r.text]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['SpaceX', 1.77, 1.77, '$1.77T · target'],
        ['SpaceX', 1.75, 2, '$1.75T–$2T · estimate'],
        ['OpenAI', 1, 1, '$1T · expected'],
        ['Anthropic', 0.965, 0.965, '$965B · last round'],
        ['Anthropic', 1.2, 1.2, '>$1.2T · expected'],
      ]),
    );
    expect(rows).toHaveLength(8);
    expect(new Set(c.rows.map((r) => r.row)).size).toBe(8);
  });

  it('price-to-sales: SpaceX computed 93.6×–107× beside the multiples sources state', () => {
    const c = rowsOf('price-to-sales');
    const computed = c.rows.filter((r) => r.computed);
    expect(computed.map((r) => [r.label, round(r.low).toPrecision(3), round(r.high).toPrecision(3)])).toEqual([['SpaceX', '93.6', '107']]);
    expect(c.rows.filter((r) => !r.computed).map((r) => [r.label, r.value])).toEqual([
      ['Anthropic', 25],
      ['SpaceX', 94],
    ]);
    expect(c.formula).toBe('valuation ÷ revenue');
  });

  it('liquidity: the combined valuation times each float', () => {
    const c = rowsOf('liquidity-scenarios');
    expect(c.rows.map((r) => [r.label, round(Number(r.low) * 1e12), round(Number(r.high) * 1e12)])).toEqual([
      ['3%', 0.03 * 3.715e12, 0.03 * 4.2e12],
      ['8%', 0.08 * 3.715e12, 0.08 * 4.2e12],
      ['15%', 0.15 * 3.715e12, 0.15 * 4.2e12],
      ['25%', 0.25 * 3.715e12, 0.25 * 4.2e12],
    ].map(([k, lo, hi]) => [k, round(lo), round(hi)]));
  });

  it('risk matrix: one cell per likelihood and impact, every risk placed once', () => {
    const c = rowsOf('risk-matrix');
    expect(c.rows).toHaveLength(25);
    expect(c.rows.reduce((n, r) => n + Number(r.count), 0)).toBe(b.risks.length);
  });

  it('revenue mix: Starlink and the derived remainder, with their shares, in US$ billion', () => {
    const c = rowsOf('revenue-mix');
    expect(c.scale!.label).toBe('US$ billion');
    expect(c.rows.map((r) => [r.label, round(r.value), r.text])).toEqual([
      ['Starlink', 11.4, '~$11.4B (61%)'],
      ['Other segments (derived)', 7.3, '~$7.3B (39%)'],
    ]);
  });
});

describe('chart mechanics', () => {
  it('takes the scale and unit words from the data', () => {
    const en = createFormatter('en');
    expect(chartScale('USD', 1.8e12, en).label).toBe('US$ trillion');
    expect(chartScale('DKK', 290e9, en)).toEqual({ unit: 'DKK', divisor: 1e9, label: 'DKK billion' });
    expect(chartScale('EUR', 12e6, en).label).toBe('€ million');
    expect(chartScale('percent', 0.3, en)).toEqual({ unit: 'percent', divisor: 0.01, label: '%' });
    expect(fillSpec({ title: '{measure} ({unit})', n: 3 }, { unit: 'DKK billion', measure: 'Revenue' })).toEqual({ title: 'Revenue (DKK billion)', n: 3 });
  });

  it('numbers a chart placed in prose before the charts section', () => {
    const moved = parseBriefing(sample((f) => replaceIn(f, 'sections/executive-summary.md', '\n', '\n::: chart revenue-mix\n')));
    expect(chartNumbers(moved).get('revenue-mix')).toBe(1);
    expect(chartNumbers(moved).get('valuation-ranges')).toBe(2);
  });

  it('numbers a chart placed in a section after the charts section after the charts that section prints', () => {
    // The outlook comes after the charts section: the chart it places is the last figure, not the first.
    const later = parseBriefing(sample((f) => replaceIn(f, 'sections/outlook.md', '\n', '\n::: chart valuation-ranges\n')));
    const numbers = chartNumbers(later);
    expect(numbers.get('valuation-ranges')).toBe(later.charts.length);
    expect(Math.min(...[...numbers.entries()].filter(([id]) => id !== 'valuation-ranges').map(([, n]) => n))).toBe(1);
  });

  it('passes a new page on from a section left out to the next one that prints', () => {
    // Every chart placed in prose leaves the charts section out; its new page goes to the section after it.
    const placeAll = (f: Map<string, string>): void => {
      const ids = b.charts.map((c) => c.id);
      replaceIn(f, 'sections/executive-summary.md', '\n', `\n${ids.map((id) => `::: chart ${id}\n:::\n`).join('\n')}\n`);
      replaceIn(f, 'briefing.yaml', '  - charts\n', '  - {id: charts, newPage: true}\n');
    };
    const all = parseBriefing(sample(placeAll));
    const view = buildView(all, computeMetrics(all), [], '', 'test');
    const ids = view.sections.map((s) => s.id);
    expect(ids).not.toContain('charts');
    const next = all.settings.sections[all.settings.sections.findIndex((s) => s.id === 'charts') + 1]!.id;
    expect(view.sections.filter((s) => s.newPage).map((s) => s.id)).toEqual([next]);
    expect(view.sections.find((s) => s.id === next)!.pageName).toBe(`sec-${next}`);
  });

  it('speaks the briefing’s locale on the axis: scale words and number marks', () => {
    expect(chartScale('CNY', 5e12, createFormatter('de')).label).toBe('CN¥ Billion');
    expect(chartScale('DKK', 290e9, createFormatter('da')).label).toBe('kr. milliard'); // as the Danish text prints it
    expect(chartScale('JPY', 290e9, createFormatter('ja')).label).toBe('￥ 10億');
    expect(vegaNumberLocale('de')).toMatchObject({ decimal: ',', thousands: '.' });
    expect(vegaNumberLocale('en')).toMatchObject({ decimal: '.', thousands: ',' });
  });

  it('spells a dollar that is not the US dollar by its code', () => {
    expect(chartScale('CAD', 5e9, createFormatter('en-CA')).label).toBe('CAD billion');
    expect(chartScale('USD', 5e9, createFormatter('en-CA')).label).toBe('US$ billion');
  });

  it('puts the period in the label when a chart draws figures of several periods', () => {
    const two = parseBriefing(
      sample((f) => {
        replaceIn(f, 'companies/spacex.yaml', 'figures:\n', 'figures:\n  - {quantity: revenue, value: "$14B", period: FY2024, sources: [s-gogoai]}\n');
        f.set('charts/spacex-revenue.yaml', 'title: T\ncaption: C\nspec: bars\ndata: {figures: {company: spacex, quantity: revenue}}\n');
      }),
    );
    const rows = chartContent(two.charts.find((c) => c.id === 'spacex-revenue')!, two, computeMetrics(two)).rows;
    expect(rows.map((r) => [r.label, r.period])).toEqual([
      ['SpaceX FY2024', 'FY2024'],
      ['SpaceX FY2025', 'FY2025'],
    ]);
  });

  it('refuses a chart placed twice in the prose', () => {
    const d = catchBriefingError(() => parseBriefing(sample((f) => replaceIn(f, 'sections/executive-summary.md', '\n', '\n::: chart revenue-mix\n\n::: chart revenue-mix\n')))).diagnostics[0]!;
    expect(d.kind).toBe('duplicateId');
    expect(d.message).toMatch(/placed in the prose twice/);
  });

  it('refuses a directive naming no chart, at its line', () => {
    const d = catchBriefingError(() => parseBriefing(sample((f) => replaceIn(f, 'sections/executive-summary.md', '\n', '\n::: chart revenue-mx\n')))).diagnostics[0]!;
    expect(d.kind).toBe('unknownReference');
    expect(d.file).toBe('fx/sections/executive-summary.md');
    expect(d.message).toMatch(/"::: chart revenue-mx" names no chart: add charts\/revenue-mx\.yaml \(did you mean "revenue-mix"\?\)/);
  });

  it('refuses rows in two currencies without a rate to convert them', () => {
    const mixed = parseBriefing(sample((f) => f.set('charts/tencent.yaml', 'title: T\ncaption: C\nspec: ranges\ndata: {figures: {company: tencent, quantity: market-value}}\n')));
    const c = chartContent(mixed.charts.find((x) => x.id === 'tencent')!, mixed, computeMetrics(mixed));
    // The sample states a CNY→USD rate, so the dollar figure is drawn in the first row's yuan.
    expect(c.scale!.unit).toBe('CNY');
    const noRate = parseBriefing(
      sample((f) => {
        f.set('charts/tencent.yaml', 'title: T\ncaption: C\nspec: ranges\ndata: {figures: {company: tencent, quantity: market-value}}\n');
        f.set('briefing.yaml', f.get('briefing.yaml')!.replace(/fx:\n(?: {2,}.*\n)+/, ''));
      }),
    );
    const err = catchBriefingError(() => chartContent(noRate.charts.find((x) => x.id === 'tencent')!, noRate, computeMetrics(noRate)));
    expect(err.diagnostics[0]!.kind).toBe('exchangeRate');
    expect(err.diagnostics[0]!.file).toBe('fx/charts/tencent.yaml');
  });

  it('draws both sources of one segment in the revenue mix', () => {
    const b = parseBriefing(
      sample((f) =>
        replaceIn(
          f,
          'companies/spacex.yaml',
          '  - id: spacex-starlink-revenue-fy2025\n',
          '  - id: spacex-starlink-revenue-other\n    quantity: segment-revenue\n    segment: Starlink\n    value: "~$11.8B"\n    period: FY2025\n    sources: [s-ai-empire]\n  - id: spacex-starlink-revenue-fy2025\n',
        ),
      ),
    );
    const chart = b.charts.find((c) => c.id === 'revenue-mix')!;
    const rows = chartContent(chart, b, computeMetrics(b)).rows;
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ['Starlink [3]', 11.8],
      ['Starlink [1]', 11.4],
      ['Other segments (derived)', 7.3],
    ]);
  });
});
