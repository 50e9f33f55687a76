/**
 * Time-series charts: rows placed in time (src/charts/time.ts, rows.ts) and the template's `line` and `area`
 * specs drawn from them, on the time-series fixture (a utility's quarters, two peers' years in two currencies).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillSpec, renderCharts, specRequires } from '../../src/charts/catalogue.ts';
import { renderChart, type ChartRequest } from '../../src/charts/render.ts';
import { chartContent, type ChartRow } from '../../src/charts/rows.ts';
import { linesApart, timeLabels, timeOrders, timeSpan } from '../../src/charts/time.ts';
import { parseBriefing } from '../../src/content/load.ts';
import type { Briefing } from '../../src/content/model.ts';
import { readContentFiles } from '../../src/content/read.ts';
import { BriefingError } from '../../src/errors.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import { figuresOf } from '../../src/metrics/lookup.ts';
import { ROOT } from '../helpers/cli.ts';
import { catchBriefingError } from './helpers.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'time-series');
const SPECS = path.join(ROOT, 'templates', 'default', 'charts');

let files: Map<string, string>;
let b: Briefing;
beforeAll(async () => {
  files = new Map((await readContentFiles(FIXTURE)).files);
  b = parseBriefing({ dir: 'ts', files });
});

const withFiles = (mutate: (f: Map<string, string>) => void): Briefing => {
  const copy = new Map(files);
  mutate(copy);
  return parseBriefing({ dir: 'ts', files: copy });
};
const rowsOf = (briefing: Briefing, id: string): ChartRow[] => chartContent(briefing.charts.find((c) => c.id === id)!, briefing, computeMetrics(briefing)).rows;
const byTime = (rows: readonly ChartRow[]): ChartRow[] => [...rows].sort((x, y) => Number(x.timeOrder) - Number(y.timeOrder));
const loadSpec = async (name: string): Promise<{ spec: TopLevelSpec; file: string }> => {
  const file = path.join(SPECS, `${name}.vl.json`);
  return { spec: JSON.parse(await readFile(file, 'utf8')) as TopLevelSpec, file };
};

/** The requests renderCharts makes, each drawn for real, by chart id. */
async function drawn(briefing: Briefing): Promise<Map<string, { req: ChartRequest; svg: string }>> {
  const out = new Map<string, { req: ChartRequest; svg: string }>();
  await renderCharts(briefing, computeMetrics(briefing), loadSpec, async (req) => {
    const svg = await renderChart(req);
    out.set(req.id.replace(/^fig-/, ''), { req, svg: svg.svg });
    return svg;
  });
  return out;
}

/** Axis and legend texts of an SVG, in document order. */
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('the time axis', () => {
  it('orders periods by the day they end: years after their quarters, halves between', () => {
    const rows = ['FY2025', 'Q3 2025', 'H1 2025', 'FY2024', 'Q4 2025', '2025-02-28'].map((time) => ({ time, span: timeSpan(time), line: 'Acme' }));
    const order = timeOrders(rows);
    const sorted = rows.map((r, i) => [order[i]!, r.time] as const).sort((a, b) => a[0] - b[0]).map(([, t]) => t);
    expect(sorted).toEqual(['FY2024', '2025-02-28', 'H1 2025', 'Q3 2025', 'Q4 2025', 'FY2025']);
  });

  it('reads a period with the owner’s fiscal year end: a March year ends before a calendar third quarter', () => {
    expect(timeSpan('FY2025', '03-31')).toEqual({ kind: 'year', start: '2024-04-01', end: '2025-03-31' });
    const rows = [
      { time: 'Q3 2025', span: timeSpan('Q3 2025'), line: 'Calendar Co' },
      { time: 'FY2025', span: timeSpan('FY2025', '03-31'), line: 'March Co' },
    ];
    expect(timeOrders(rows)).toEqual([1, 0]);
  });

  it('tells one label apart by its end day when companies’ years end on different days, and never runs back in time', () => {
    const rows = [
      ...['Q3 2025', 'Q4 2025', 'Q1 2026'].map((time) => ({ time, span: timeSpan(time), line: 'Calendar Co' })),
      ...['Q1 2026', 'Q2 2026'].map((time) => ({ time, span: timeSpan(time, '03-31'), line: 'March Co' })),
    ];
    const labelled = timeLabels(rows, (iso) => iso).map((time, i) => ({ ...rows[i]!, time }));
    expect(labelled.map((r) => r.time)).toEqual(['Q3 2025', 'Q4 2025', 'Q1 2026 (to 2026-03-31)', 'Q1 2026 (to 2025-06-30)', 'Q2 2026']);
    const order = timeOrders(labelled);
    // Each company's line runs forward: its times' places rise with their end days.
    for (const line of ['Calendar Co', 'March Co']) {
      const own = labelled.map((r, i) => ({ end: r.span!.end, at: order[i]! })).filter((_, i) => labelled[i]!.line === line);
      expect(own.map((o) => o.at)).toEqual([...own].sort((a, b) => (a.end < b.end ? -1 : 1)).map((o) => o.at));
    }
    expect(order).toEqual([2, 3, 4, 0, 1]); // Q2 2026 of March Co and Q3 2025 end on one day: by their text
  });

  it('puts metric rows’ labels after the periods, in the order they come, and gives a row without a time none', () => {
    const rows = [
      { time: 'shock 20%', span: undefined, line: 'Loss' },
      { time: 'FY2024', span: timeSpan('FY2024'), line: 'Acme' },
      { time: 'shock 10%', span: undefined, line: 'Loss' },
      { time: null, span: undefined, line: 'Acme' },
    ];
    expect(timeOrders(rows)).toEqual([1, 0, 2, null]);
  });

  it('tells apart a company’s quarters and years, which a line must not join', () => {
    const rows = ['Q1 2025', 'FY2025', 'FY2024'].map((time) => ({ time, span: timeSpan(time), line: 'Acme' }));
    expect(linesApart([...rows, { time: 'FY2025', span: timeSpan('FY2025'), line: 'Beta' }])).toEqual(['Acme (quarters)', 'Acme (years)', 'Acme (years)', 'Beta']);
  });
});

describe('time-series rows', () => {
  it('a figures lookup without period: one point per quarter, in time order whatever the file order, on one line', () => {
    const rows = rowsOf(b, 'northgate-quarterly');
    expect(rows[0]!.time).toBe('Q4 2025'); // first in the company file
    expect(byTime(rows).map((r) => r.time)).toEqual(['Q1 2024', 'Q2 2024', 'Q3 2024', 'Q4 2024', 'Q1 2025', 'Q2 2025', 'Q3 2025', 'Q4 2025']);
    expect(byTime(rows).map((r) => r.timeOrder)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(rows.map((r) => r.line))).toEqual(new Set(['Northgate Power']));
    // The guidance range keeps its ends and its midpoint, in € billion.
    expect(rows[0]).toMatchObject({ low: 1.02, high: 1.12, unit: '€ billion' });
    expect(Number(rows[0]!.value)).toBeCloseTo(1.07, 6);
  });

  it('a group lookup: one line per company, kroner converted into euros through fx:', () => {
    const rows = rowsOf(b, 'peer-revenue');
    expect(new Set(rows.map((r) => r.line))).toEqual(new Set(['Fjord Energi', 'Cascade Electric']));
    expect([...new Set(byTime(rows).map((r) => r.time))]).toEqual(['FY2022', 'FY2023', 'FY2024', 'FY2025']);
    const fjord2024 = rows.find((r) => r.line === 'Fjord Energi' && r.time === 'FY2024')!;
    expect(Number(fjord2024.value)).toBeCloseTo(25.8 * 0.085, 6);
    expect(fjord2024.unit).toBe('€ billion');
  });

  it('takes every period of one length with period: quarters, halves or years', () => {
    const b = withFiles(() => {});
    const owner = b.companies.find((c) => c.id === 'northgate-power')!;
    const kinds = (period: string): string[] => [...new Set(figuresOf(owner, { quantity: 'revenue', period }).map((f) => timeSpan(f.period!)!.kind))];
    expect(kinds('quarters')).toEqual(['quarter']);
    expect(figuresOf(owner, { quantity: 'revenue', period: 'quarters' }).length).toBeGreaterThan(1);
    expect(figuresOf(owner, { quantity: 'revenue', period: 'halves' })).toEqual([]);
  });

  it('warns when a stacked area has a line without a value at one of its times, at the chart’s data (BR246)', async () => {
    const draw = async (briefing: Briefing) => renderCharts(briefing, computeMetrics(briefing), loadSpec, async (req) => ({ id: req.id, svg: '', warnings: [] }));
    expect((await draw(withFiles(() => {}))).flatMap((c) => c.findings)).toEqual([]);
    const gap = withFiles((f) => {
      f.set('companies/fjord-energi.yaml', f.get('companies/fjord-energi.yaml')!.replace(/^ {2}- \{quantity: revenue, value: NOK 24\.0B, period: FY2023.*\n/m, ''));
    });
    const findings = (await draw(gap)).flatMap((c) => c.findings);
    expect(findings.map((d) => [d.code, d.message])).toEqual([['BR246', expect.stringContaining('Fjord Energi has no value at FY2023')]]);
    expect(findings[0]!.file).toMatch(/charts\/[^/]+\.yaml$/);
  });

  it('refuses a time-series spec for figures without a period or date, at the chart’s data (BR251)', async () => {
    const undated = withFiles((f) => {
      f.set('companies/cascade-electric.yaml', f.get('companies/cascade-electric.yaml')!.replace('period: FY2022, ', ''));
    });
    const err = await renderCharts(undated, computeMetrics(undated), loadSpec, async (req) => ({ id: req.id, svg: '', warnings: [] })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BriefingError);
    const d = (err as BriefingError).diagnostics[0]!;
    expect(d.code).toBe('BR251');
    expect(d.file).toBe('ts/charts/peer-revenue.yaml');
    expect(d.message).toMatch(/^chart "peer-revenue": spec "area" draws each row at its period, and "Cascade Electric \[2\]" has no period or as-of date/);
  });
});

describe('line and area specs', () => {
  it('declare that every row needs a time; a malformed requires is refused (BR252)', async () => {
    for (const name of ['line', 'area']) expect(specRequires((await loadSpec(name)).spec, name)).toEqual(['time']);
    expect(specRequires((await loadSpec('bars')).spec, 'bars')).toEqual([]);
    const bad = catchBriefingError(() => specRequires({ usermeta: { briefing: { requires: 'time' } } } as unknown as TopLevelSpec, 'own.vl.json'));
    expect(bad.diagnostics[0]!.code).toBe('BR252');
  });

  it('draw the periods along the x axis in time order, one line per series, a legend only for several', async () => {
    const charts = await drawn(b);
    const line = charts.get('northgate-quarterly')!;
    const quarters = texts(line.svg).filter((t) => /^Q\d \d{4}$/.test(t));
    expect(quarters).toEqual(['Q1 2024', 'Q2 2024', 'Q3 2024', 'Q4 2024', 'Q1 2025', 'Q2 2025', 'Q3 2025', 'Q4 2025']);
    expect(texts(line.svg)).toContain('Revenue (€ billion)');
    // One series: no legend in the spec drawn, none in the compiled Vega, no key in the SVG.
    expect((line.req.spec as { encoding: { color: { legend: unknown } } }).encoding.color.legend).toBeNull();
    expect(compile(line.req.spec).spec.legends ?? []).toHaveLength(0);
    expect(texts(line.svg)).not.toContain('Northgate Power');
    // One line path through the eight points.
    expect(line.svg.match(/aria-roledescription="line mark"/g)).toHaveLength(1);

    const area = charts.get('peer-revenue')!;
    expect(texts(area.svg).filter((t) => /^FY\d{4}$/.test(t))).toEqual(['FY2022', 'FY2023', 'FY2024', 'FY2025']);
    expect(compile(area.req.spec).spec.legends).toHaveLength(1);
    expect(texts(area.svg)).toEqual(expect.arrayContaining(['Fjord Energi', 'Cascade Electric']));
    expect(area.svg.match(/aria-roledescription="area mark"/g)).toHaveLength(2);
  });

  it('stack the areas: the upper series sits on the lower one, and a range is a whisker on its own part', async () => {
    const rows = rowsOf(b, 'peer-revenue');
    const spec = fillSpec((await loadSpec('area')).spec, { unit: '€ billion', measure: 'Revenue' });
    const { svg } = await renderChart({ id: 'a', spec, rows, title: 'T', description: 'D', file: 'area.vl.json' });
    // The stacked tops at FY2022, as the aria labels of the area marks print them (for the first point of each).
    const tops = [...svg.matchAll(/Revenue \(€ billion\): ([\d.]+); base: /g)].map((m) => Number(m[1]));
    expect(tops).toHaveLength(2);
    const total2022 = rows.filter((r) => r.time === 'FY2022').reduce((s, r) => s + Number(r.value), 0);
    expect(Math.max(...tops)).toBeCloseTo(total2022, 2);
    // Cascade Electric's FY2025 guidance (€3.1B–€3.3B) is a rule from 3.1 to 3.3 on its own part of the stack.
    expect(svg).toMatch(/rangeLow: 3\.1; rangeHigh: 3\.3/);
  });

  it('draws a line chart with several series and a legend keyed by company', async () => {
    const two = withFiles((f) => f.set('charts/peer-lines.yaml', 'title: T\ncaption: C\nspec: line\ndata: {figures: {group: peer, quantity: revenue}, convert: EUR}\n'));
    const line = (await drawn(two)).get('peer-lines')!;
    expect(compile(line.req.spec).spec.legends).toHaveLength(1);
    expect(line.svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2);
  });
});
