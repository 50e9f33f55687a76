/**
 * Chart text is measured with the fonts it prints in, and Vega's process-wide text-width function is patched
 * only while a render runs (src/charts/render.ts, TextMeasurer).
 */
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { renderChart, TextMeasurer, type ChartRequest } from '../../src/charts/render.ts';
import { FontSet } from '../../src/fonts.ts';

type Width = (item: unknown, text: unknown) => number;
const metrics = (vega as unknown as { textMetrics: { width: Width; estimateWidth: Width } }).textMetrics;
const measurer = new TextMeasurer(new FontSet().faces);

const bars = (id: string, labels: readonly string[]): ChartRequest => ({
  id,
  spec: {
    mark: 'bar',
    encoding: { y: { field: 'label', type: 'nominal' }, x: { field: 'value', type: 'quantitative' } },
    width: 200,
  } as TopLevelSpec,
  rows: labels.map((label, i) => ({ label, value: i + 1 })),
  title: 'Bars',
  description: 'Bars by label',
  file: 'test.vl.json',
});

describe('chart text measurement', () => {
  it('measures with the real font instead of Vega’s 0.8 × size × characters estimate', () => {
    const width = measurer.width({ font: "'Noto Sans', 'Noto Sans SC'", fontSize: 10 }, 'Illinois');
    // The estimate would be 0.8 × 10 × 8 = 64 px; narrow letters in Noto Sans make it far less.
    expect(width).toBeGreaterThan(25);
    expect(width).toBeLessThan(45);
  });

  it('honours label limits by truncating with an ellipsis', () => {
    const full = measurer.width({ font: 'Noto Sans', fontSize: 10 }, 'A long axis label that will not fit');
    const limited = measurer.width({ font: 'Noto Sans', fontSize: 10, limit: 60 }, 'A long axis label that will not fit');
    expect(full).toBeGreaterThan(100);
    expect(limited).toBeLessThanOrEqual(60);
  });
});

describe('the patch to Vega’s text width is scoped to a render', () => {
  it('leaves Vega’s own function in place before and after a render, and uses the measurer during it', async () => {
    const original = metrics.width;
    expect(original).toBe(metrics.estimateWidth);
    const measured = await renderChart(bars('m', ['Illinois', 'Wisconsin']), measurer);
    expect(metrics.width).toBe(original);
    const estimated = await renderChart(bars('m', ['Illinois', 'Wisconsin']));
    // Real widths of the labels move the plot: the SVGs differ only because of the measurer.
    expect(measured.svg).not.toBe(estimated.svg);
    expect(metrics.width).toBe(original);
  });

  it('is active inside the scope and restored after overlapping renders, even when one fails', async () => {
    const original = metrics.width;
    const seen = await measurer.scoped(async () => metrics.width);
    expect(seen).toBe(measurer.width);
    const broken = { ...bars('x', ['a']), spec: { mark: 'bar', encoding: { x: { field: 'value', type: 'nonsense' } } } as unknown as TopLevelSpec };
    const results = await Promise.allSettled([
      renderChart(bars('a', ['One', 'Two']), measurer),
      renderChart(broken, measurer),
      measurer.scoped(async () => {
        await new Promise((r) => setTimeout(r, 5));
        return metrics.width;
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseFulfilledResult<unknown>).value).toBe(measurer.width);
    expect(metrics.width).toBe(original);
  });

  it('renders the same SVG alone and among concurrent renders', async () => {
    const alone = await renderChart(bars('c', ['Alpha', 'Beta', 'Gamma']), measurer);
    const together = await Promise.all([0, 1, 2].map(() => renderChart(bars('c', ['Alpha', 'Beta', 'Gamma']), measurer)));
    for (const r of together) expect(r.svg).toBe(alone.svg);
  });
});
