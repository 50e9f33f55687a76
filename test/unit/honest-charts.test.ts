/**
 * Honest charts (#26): a chart that leaves out a company for want of a figure, or that sets periods of different
 * lengths side by side, warns at its `data:` field (BR253, BR254); a time series, which draws each value at its
 * period and gives quarters and years lines of their own, does not warn of lengths. On the time-series fixture.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCharts } from '../../src/charts/catalogue.ts';
import { parseBriefing } from '../../src/content/load.ts';
import type { Briefing } from '../../src/content/model.ts';
import { readContentFiles } from '../../src/content/read.ts';
import type { Diagnostic } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import { ROOT } from '../helpers/cli.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'time-series');
const SPECS = path.join(ROOT, 'templates', 'default', 'charts');
const LEAVES_OUT = MESSAGES.chartLeavesOut.code;
const MIXES = MESSAGES.chartMixesPeriods.code;

let files: Map<string, string>;
beforeAll(async () => {
  files = new Map((await readContentFiles(FIXTURE)).files);
});

/** The fixture with `mutate` applied to a copy of its files. */
const withFiles = (mutate: (f: Map<string, string>) => void): Briefing => {
  const copy = new Map(files);
  mutate(copy);
  return parseBriefing({ dir: 'ts', files: copy });
};

/** A chart file: title, caption, spec, then `data:` on line 4 (where its warnings point). */
const chartFile = (spec: string, data: string, caption = 'Revenue.'): string => `title: T\ncaption: ${caption}\nspec: ${spec}\ndata:\n  ${data}\n`;

/** Every chart's findings (the warnings the build reports), drawn with no SVG. */
async function findings(b: Briefing): Promise<Diagnostic[]> {
  const loadSpec = async (name: string): Promise<{ spec: TopLevelSpec; file: string }> => {
    const file = path.join(SPECS, `${name}.vl.json`);
    return { spec: JSON.parse(await readFile(file, 'utf8')) as TopLevelSpec, file };
  };
  const charts = await renderCharts(b, computeMetrics(b), loadSpec, async (req) => ({ id: req.id, svg: '', warnings: [] }));
  return charts.flatMap((c) => c.findings);
}

/** Fjord Energi without its FY2022 revenue. */
const withoutFjord2022 = (f: Map<string, string>): void => {
  f.set('companies/fjord-energi.yaml', f.get('companies/fjord-energi.yaml')!.replace(/^.*period: FY2022.*\n/m, ''));
};

describe('a chart that leaves out a company', () => {
  it('warns at the chart’s data: when its group lookup finds no figure for a company (BR253)', async () => {
    const b = withFiles((f) => {
      withoutFjord2022(f);
      f.set('charts/peers-2022.yaml', chartFile('bars', '{figures: {group: peer, quantity: revenue, period: FY2022}, convert: EUR}'));
    });
    const found = (await findings(b)).filter((d) => d.code === LEAVES_OUT);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'chart', file: 'ts/charts/peers-2022.yaml', line: 4, column: 1, path: 'data', hint: MESSAGES.chartLeavesOut.hint });
    expect(found[0]!.message).toBe('chart "peers-2022": Fjord Energi has no figure for revenue FY2022, so the chart leaves it out and says nothing of it');
  });

  it('warns of the companies a drawn metric leaves out for want of figures', async () => {
    const b = withFiles((f) => {
      withoutFjord2022(f);
      f.set('metrics.yaml', '- {id: revenue-2022, label: Revenue 2022, unit: EUR, each: {group: peer}, inputs: {revenue: {quantity: revenue, period: FY2022}}, formula: revenue}\n');
      f.set('charts/metric-2022.yaml', chartFile('bars', 'metrics: [revenue-2022]'));
    });
    const found = (await findings(b)).filter((d) => d.code === LEAVES_OUT);
    expect(found.map((d) => [d.file, d.message])).toEqual([['ts/charts/metric-2022.yaml', 'chart "metric-2022": Fjord Energi has no figures for metric "revenue-2022", so the chart leaves it out and says nothing of it']]);
  });

  it('says nothing when the company is drawn from other data of the chart, or the caption names it', async () => {
    const drawnElsewhere = withFiles((f) => {
      withoutFjord2022(f);
      f.set('charts/peers-2022.yaml', chartFile('bars', '{figures: {group: peer, quantity: revenue, period: FY2022}, metrics: [fjord-2023], convert: EUR}'));
      f.set('metrics.yaml', '- {id: fjord-2023, label: Fjord 2023, unit: EUR, each: {companies: [fjord-energi]}, inputs: {revenue: {quantity: revenue, period: FY2023}}, formula: revenue}\n');
    });
    expect((await findings(drawnElsewhere)).filter((d) => d.code === LEAVES_OUT)).toEqual([]);
    const told = withFiles((f) => {
      withoutFjord2022(f);
      f.set('charts/peers-2022.yaml', chartFile('bars', '{figures: {group: peer, quantity: revenue, period: FY2022}, convert: EUR}', 'Fjord Energi reported no 2022 revenue.'));
    });
    // (The fixture's stacked area now has a gap at FY2022 too: that is its own warning, BR246.)
    expect((await findings(told)).filter((d) => d.code !== 'BR246')).toEqual([]);
  });

  it('says nothing for a lookup that names no company (every company with the figure is drawn)', async () => {
    const b = withFiles((f) => f.set('charts/all-2025.yaml', chartFile('bars', '{figures: {quantity: revenue, period: FY2025}, convert: EUR}')));
    expect(await findings(b)).toEqual([]);
  });
});

describe('a chart that mixes periods of different lengths', () => {
  const mixed = (spec: string): Briefing =>
    withFiles((f) => f.set('charts/mixed.yaml', chartFile(spec, '{figures: {companies: [northgate-power, cascade-electric], quantity: revenue}}')));

  it('warns at the chart’s data: when bars set a quarter beside a year (BR254)', async () => {
    const found = (await findings(mixed('bars'))).filter((d) => d.code === MIXES);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'chart', file: 'ts/charts/mixed.yaml', line: 4, column: 1, path: 'data', hint: MESSAGES.chartMixesPeriods.hint });
    expect(found[0]!.message).toBe('chart "mixed": it sets Q4 2025 (a quarter, Northgate Power) beside FY2025 (a year, Cascade Electric): values over periods of different lengths do not compare');
  });

  it('says nothing for a time series (line, area): each value sits at its period, and no line joins a quarter to a year', async () => {
    for (const spec of ['line', 'area']) expect((await findings(mixed(spec))).filter((d) => d.code === MIXES), spec).toEqual([]);
    // Stacked, a company of quarters beside one of years leaves gaps in both lines: the area says so (BR246).
    expect((await findings(mixed('area'))).map((d) => d.code)).toEqual(['BR246']);
    // The fixture's own charts: quarters on one line, years stacked.
    expect(await findings(withFiles(() => undefined))).toEqual([]);
  });

  it('says nothing when the lookup narrows every company to one length with period:', async () => {
    const b = withFiles((f) => f.set('charts/mixed.yaml', chartFile('bars', '{figures: {companies: [fjord-energi, cascade-electric], quantity: revenue, period: FY2025}, convert: EUR}')));
    expect(await findings(b)).toEqual([]);
  });
});
