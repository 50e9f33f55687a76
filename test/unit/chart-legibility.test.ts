/**
 * Charts read well at any number of rows and series: no legend for one series (src/charts/declutter.ts), no
 * half-empty bands, long labels cut with an ellipsis (the measurer of src/charts/render.ts), thin columns with
 * turned labels, and a range whose ends meet still drawn as a dot. Every shipped spec is checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { fillSpec } from '../../src/charts/catalogue.ts';
import { decluttered } from '../../src/charts/declutter.ts';
import { renderChart, TextMeasurer } from '../../src/charts/render.ts';
import type { ChartRow } from '../../src/charts/rows.ts';
import { FontSet } from '../../src/fonts.ts';
import { ROOT } from '../helpers/cli.ts';

const SPECS = path.join(ROOT, 'templates', 'default', 'charts');
const VALUE_SPECS = readdirSync(SPECS)
  .filter((f) => f.endsWith('.vl.json') && f !== 'risk-matrix.vl.json')
  .map((f) => f.replace(/\.vl\.json$/, ''));
const specOf = (name: string): TopLevelSpec => fillSpec(JSON.parse(readFileSync(path.join(SPECS, `${name}.vl.json`), 'utf8')) as TopLevelSpec, { unit: '€ billion', measure: 'Revenue' });
const measurer = new TextMeasurer(new FontSet().faces);

/** Value rows as rows.ts makes them: `n` companies × `series` series × `times` years. */
function rows(n: number, series: readonly string[] = ['Revenue'], times: readonly string[] = ['FY2024'], name = (i: number) => `Company ${i + 1}`): ChartRow[] {
  const out: ChartRow[] = [];
  for (let i = 0; i < n; i++)
    for (const [s, serie] of series.entries())
      for (const [t, time] of times.entries()) {
        const value = 1 + i + s / 2 + t / 4;
        const label = times.length > 1 ? `${name(i)} ${time}` : name(i);
        out.push({ order: out.length, row: `${label} [1]`, label, company: name(i), group: null, segment: null, part: label, period: time, time, timeOrder: t, line: series.length > 1 ? serie : name(i), series: serie, low: value, high: value, value, unit: '€ billion', text: `€${value}B`, share: null, basis: null, source: 'Desk', sourceNumbers: '[1]', computed: false });
      }
  return out;
}

const legends = (spec: TopLevelSpec, data: readonly ChartRow[]): number => (compile({ ...decluttered(spec, data), data: { values: data } } as TopLevelSpec).spec.legends ?? []).length;
const draw = async (spec: TopLevelSpec, data: readonly ChartRow[]): Promise<string> =>
  (await renderChart({ id: 'c', spec: decluttered(spec, data), rows: data, title: 'T', description: 'D', file: 'spec.vl.json' }, measurer)).svg;
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('encodings that say nothing are left out', () => {
  const spec = { mark: 'bar', encoding: { y: { field: 'label', type: 'nominal' }, yOffset: { field: 'series' }, color: { field: 'series', type: 'nominal', legend: { orient: 'bottom' } } } };

  it('drops the legend of a colour with one value and keeps it for two', () => {
    expect(decluttered(spec, rows(3)).encoding.color.legend).toBeNull();
    expect(decluttered(spec, rows(3, ['Stated', 'Computed'])).encoding.color.legend).toEqual({ orient: 'bottom' });
  });

  it('leaves alone a quantitative colour, a colour with its own domain, and a field the spec computes', () => {
    const quantitative = { encoding: { color: { field: 'value', type: 'quantitative' } } };
    expect(decluttered(quantitative, rows(1))).toEqual(quantitative);
    const domain = { encoding: { color: { field: 'series', type: 'nominal', scale: { domain: ['a', 'b'] } } } };
    expect(decluttered(domain, rows(1))).toEqual(domain);
    const computed = { layer: [{ encoding: { color: { field: 'made-by-a-transform', type: 'nominal' } } }] };
    expect(decluttered(computed, rows(1))).toEqual(computed);
  });

  it('drops an offset that never splits a band, so a bar fills its band', () => {
    expect(decluttered(spec, rows(3)).encoding).not.toHaveProperty('yOffset');
    // Two series, but each label has one of them (a segment and a derived remainder): nothing to split.
    const apart = [...rows(1, ['Segment revenue']), ...rows(1, ['Other'], ['FY2024'], () => 'Rest')];
    expect(decluttered(spec, apart).encoding).not.toHaveProperty('yOffset');
    expect(decluttered(spec, rows(3, ['Stated', 'Computed'])).encoding).toHaveProperty('yOffset');
  });

  it('does not change the spec it is given', () => {
    const before = JSON.stringify(spec);
    decluttered(spec, rows(3));
    expect(JSON.stringify(spec)).toBe(before);
  });
});

describe('every shipped spec', () => {
  it.each(VALUE_SPECS)('%s: no legend for one series', (name) => {
    const spec = specOf(name);
    const colour = /"color":\{"field":"([^"]+)"/.exec(JSON.stringify(spec))?.[1];
    // Four companies over two years, all of one series as the spec's colour reads series.
    const one = rows(4, ['Revenue'], ['FY2023', 'FY2024']).map((r) => (colour === undefined ? r : { ...r, [colour]: 'Revenue' }));
    expect(legends(spec, one)).toBe(0);
    expect(legends(spec, rows(1))).toBe(0);
  });

  it.each(VALUE_SPECS)('%s: a legend exactly when its colour tells series apart', (name) => {
    const spec = specOf(name);
    const data = rows(3, ['Stated', 'Computed'], ['FY2023', 'FY2024']);
    const coloured = JSON.stringify(spec).includes('"color":{"field"');
    const keyed = JSON.stringify(spec).match(/"color":\{"field":"[^"]+"[^}]*"legend":null/) === null;
    expect(legends(spec, data)).toBe(coloured && keyed ? 1 : 0);
  });

  it.each(VALUE_SPECS)('%s: renders many rows with long names', async (name) => {
    const data = rows(16, ['Revenue'], ['FY2023', 'FY2024'], (i) => `Northcliff Nuclear Generation and Transmission Holdings ${i + 1}`);
    const svg = await draw(specOf(name), data);
    // No wider than a Letter or A4 text column (about 660 px) by much: long names are cut, keys wrap in columns.
    const width = Number(/^<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);
    expect(width).toBeLessThanOrEqual(700);
  });
});

describe('long labels and thin columns', () => {
  it('cuts a label longer than its limit with an ellipsis, measured in the font it prints in', async () => {
    const long = 'Northcliff Nuclear Generation and Transmission Holdings';
    const svg = await draw(specOf('bars'), rows(3, ['Revenue'], ['FY2024'], (i) => `${long} ${i + 1}`));
    const labels = texts(svg).filter((t) => t.startsWith('Northcliff'));
    expect(labels).toHaveLength(3);
    for (const l of labels) expect(l).toMatch(/…$/);
    // A short label is left whole.
    expect(texts(await draw(specOf('bars'), rows(2)))).toContain('Company 1');
  });

  it('turns the labels of thin columns and keeps them level when there is room', async () => {
    const turned = (svg: string): number => (svg.match(/<text[^>]*rotate\(-40\)[^>]*>Company/g) ?? []).length;
    expect(turned(await draw(specOf('columns'), rows(16)))).toBe(16);
    expect(turned(await draw(specOf('columns'), rows(4)))).toBe(0);
    // The values above thin columns stand upright (turned a quarter) instead of running into each other.
    expect(await draw(specOf('columns'), rows(16))).toMatch(/rotate\(270\)[^>]*>€/);
  });

  it('draws a range whose ends meet as a dot, and a narrow one as a bar with two dots', async () => {
    const data = rows(2);
    data[1] = { ...data[1]!, low: 2, high: 2.001, value: 2.0005 };
    const svg = await draw(specOf('ranges'), data);
    // Two dots per row (low and high), each with area.
    const dots = [...svg.matchAll(/aria-roledescription="point"[^>]*d="M([\d.]+),/g)].map((m) => Number(m[1]));
    expect(dots).toHaveLength(4);
    for (const r of dots) expect(r).toBeGreaterThan(2.5);
  });
});
