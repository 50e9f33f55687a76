/**
 * Stage 3a: the charts a briefing declares (`charts/<id>.yaml`) → numbered figures with their SVG.
 *
 * ```
 * declaration ─► rows, words and unit axis (rows.ts, scale.ts) ─► spec checked (limits.ts) ─► `{unit}` and
 *   `{measure}` filled in ─► SVG (render.ts, through the coordinator) ─► figure numbered (numbering.ts)
 * ```
 * Strings of the spec may hold `{unit}` (the scaled unit, "US$ trillion", "DKK billion", "%") and `{measure}`
 * (what the values measure: the quantity's or metric's title), filled in from the data.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Briefing, LocatedChart } from '../content/model.ts';
import { BriefingError, diagnostic, type Diagnostic } from '../errors.ts';
import { msg } from '../messages.ts';
import type { Metrics } from '../metrics/compute.ts';
import { decluttered } from './declutter.ts';
import { checkSpecLimits } from './limits.ts';
import { chartNumbers } from './numbering.ts';
import type { ChartRequest, ChartSvg } from './render.ts';
import { chartContent, type ChartContent, type ChartRow } from './rows.ts';
import { vegaNumberLocale } from './scale.ts';

/** A chart ready for the page: number, title, caption, alt text, sources, and the SVG. */
export interface DrawnChart {
  readonly id: string;
  /** 1-based figure number in reading order. */
  readonly number: number;
  readonly title: string;
  /** What the chart shows and how to read it. */
  readonly caption: string;
  /** Alt text generated from the chart's rows. */
  readonly alt: string;
  /** Source ids behind every value drawn. */
  readonly sources: readonly string[];
  /** Formula of computed values, when the chart shows any. */
  readonly formula?: string;
  readonly svg: string;
  /** The rows drawn, as charts/rows.ts makes them (the build's snapshot records their labels and values). */
  readonly rows: readonly ChartRow[];
  /** Vega-Lite warnings met while compiling the spec. */
  readonly warnings: readonly string[];
  /**
   * What the chart would leave unsaid, as warnings at its `data:`: companies named that have nothing to draw
   * (BR253), and periods of different lengths side by side in a chart that is no time series (BR254).
   */
  readonly findings: readonly Diagnostic[];
}

/** All charts of a briefing in reading order. The seam between charts and templates. */
export type ChartSet = readonly DrawnChart[];

/** The spec with `{unit}` and `{measure}` filled in wherever a string holds them. */
export function fillSpec<T>(spec: T, words: { unit: string; measure: string }): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return node.replaceAll('{unit}', words.unit).replaceAll('{measure}', words.measure);
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return walk(spec) as T;
}

/**
 * The row fields a spec says every row must have: `usermeta: {briefing: {requires: ["time"]}}` (the template's
 * `line` and `area` draw each row at its period). Empty when the spec says nothing.
 * @throws BriefingError (`specRequiresForm`) at the spec's file when `requires` is not a list of field names.
 */
export function specRequires(spec: TopLevelSpec, file: string): string[] {
  const meta = (spec as { usermeta?: unknown }).usermeta;
  const requires = typeof meta === 'object' && meta !== null && 'briefing' in meta && typeof meta.briefing === 'object' && meta.briefing !== null && 'requires' in meta.briefing ? meta.briefing.requires : undefined;
  if (requires === undefined) return [];
  if (!Array.isArray(requires) || !requires.every((f): f is string => typeof f === 'string')) throw BriefingError.of(msg.specRequiresForm(), { file, path: 'usermeta.briefing.requires' });
  return requires;
}

/**
 * Whether a spec stacks its lines over time (`usermeta: {briefing: {stacked: true}}`, as the template's `area`
 * does): a line without a value at one of the chart's times would be drawn across it as if it had one.
 */
function stacksOverTime(spec: TopLevelSpec): boolean {
  const meta = (spec as { usermeta?: { briefing?: { stacked?: unknown } } }).usermeta;
  return meta?.briefing?.stacked === true;
}

/** The first line of a stacked time series without a value at one of the chart's times, and that time; null when none. */
function gapInStack(rows: readonly ChartRow[]): { line: string; time: string } | null {
  const times = [...new Set(rows.map((r) => r.time).filter((t): t is string => typeof t === 'string'))];
  const byLine = new Map<string, Set<unknown>>();
  for (const r of rows) byLine.set(String(r.line), (byLine.get(String(r.line)) ?? new Set()).add(r.time));
  for (const [line, has] of byLine) {
    const time = times.find((t) => !has.has(t));
    if (time !== undefined) return { line, time };
  }
  return null;
}

/** Refuse a chart whose rows lack a field its spec requires (`requires`, from {@link specRequires}), at the chart's `data`. */
function checkRowsNeeds(chart: LocatedChart, requires: readonly string[], rows: readonly ChartRow[]): void {
  for (const field of requires) {
    const lacking = rows.find((r) => r[field] === null || r[field] === undefined);
    if (lacking !== undefined) throw BriefingError.of(msg.about(msg.chartPrefix(chart.id), msg.chartRowLacksField(chart.spec, field, `"${String(lacking.row ?? lacking.label)}"`)), chart.dataAt);
  }
}

/**
 * The warnings of a chart ({@link DrawnChart.findings}): its rows' (companies left out), a stacked time series
 * with a line missing at one of its times ({@link stacksOverTime}), and periods of different
 * lengths side by side unless the spec draws each row at its time (`requires: ["time"]`, as line and area do):
 * a time series sets each value at its period on the time axis, and time.ts gives a company's quarters and its
 * years lines of their own, so no line joins a quarter to a year.
 */
function findingsOf(chart: LocatedChart, requires: readonly string[], content: ChartContent, stacked: boolean): Diagnostic[] {
  const found = [...content.warnings];
  const mix = content.periodMix;
  if (mix !== null && !requires.includes('time')) found.push(diagnostic(msg.about(msg.chartPrefix(chart.id), msg.chartMixesPeriods(mix[0], mix[1])), chart.dataAt));
  const gap = stacked ? gapInStack(content.rows) : null;
  if (gap !== null) found.push(diagnostic(msg.about(msg.chartPrefix(chart.id), msg.chartStackGap(gap.line, gap.time)), chart.dataAt));
  return found;
}

/**
 * Build and render every declared chart, numbering them in reading order (`order` gives the declared
 * charts' order; the coordinator places inline ones).
 * @param loadSpec returns the spec a declaration names (`bars` or `own.vl.json`) and the file it came from.
 * @param render draws one chart (the coordinator passes src/charts/render.ts's `renderChart` through its caches).
 * @throws BriefingError from {@link chartContent} and from `render`.
 */
export async function renderCharts(
  b: Briefing,
  m: Metrics,
  loadSpec: (name: string) => Promise<{ spec: TopLevelSpec; file: string }>,
  render: (req: ChartRequest) => Promise<ChartSvg>,
): Promise<ChartSet> {
  const numbers = chartNumbers(b);
  const charts = await Promise.all(
    b.charts.map(async (chart) => {
      const content = chartContent(chart, b, m);
      const { spec, file } = await loadSpec(chart.spec);
      checkSpecLimits(spec, file); // before anything walks it: depth and sizes
      const requires = specRequires(spec, file);
      checkRowsNeeds(chart, requires, content.rows);
      // A legend of one key or an offset of one bar per band says nothing: left out (declutter.ts).
      const words = decluttered(fillSpec(spec, { unit: content.scale?.label ?? '', measure: content.measure }), content.rows);
      // Axis numbers in the briefing's locale, as every other number is.
      const filled = { ...words, config: { ...(words.config ?? {}), locale: { number: vegaNumberLocale(b.settings.locale) } } } as TopLevelSpec;
      const { svg, warnings } = await render({ id: `fig-${chart.id}`, spec: filled, rows: content.rows, title: chart.title, description: content.alt, file });
      const findings = findingsOf(chart, requires, content, stacksOverTime(spec));
      const figure: DrawnChart = { id: chart.id, number: numbers.get(chart.id)!, title: chart.title, caption: chart.caption, alt: content.alt, sources: content.sources, svg, rows: content.rows, warnings, findings };
      return content.formula === undefined ? figure : { ...figure, formula: content.formula };
    }),
  );
  return charts.sort((a, b) => a.number - b.number);
}
