/**
 * Stage 3a: the charts a briefing declares (`charts/<id>.yaml`) → rows, words and SVG.
 *
 * ```
 * declaration ─► rows (figures by lookup, declared metrics, or the risk register; money converted through
 *   fx: when `convert` asks) ─► scale and unit from the data ─► alt text from the rows ─► spec + rows ─► SVG
 * ```
 * Rows have documented fields ({@link ChartRow}), so a spec binds fields by name. Strings of the spec may
 * hold `{unit}` (the scaled unit, "US$ trillion", "DKK billion", "%") and `{measure}` (what the values
 * measure: the quantity's or metric's title), filled in from the data.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Amount } from '../content/amount.ts';
import type { ChartDeclaration } from '../content/declarations.ts';
import { chartDirectives, type Briefing, type Located } from '../content/load.ts';
import { isCurrency, isDimensionless, normaliseUnit, type Unit } from '../content/units.ts';
import { BriefingError, type Message } from '../errors.ts';
import { msg } from '../messages.ts';
import { createFormatter, type Formatter } from '../format.ts';
import { citationNumbers } from '../content/citations.ts';
import type { Metrics } from '../metrics/compute.ts';
import { printFormula } from '../metrics/formula.ts';
import { fxTable } from '../metrics/fx.ts';
import { figuresOf, ownersOf, MARKET, type Owner } from '../metrics/lookup.ts';
import type { ChartRequest, ChartSvg } from './render.ts';
import { checkSpecLimits, walkSpec } from './limits.ts';

/** A chart ready for the page: number, title, caption, alt text, sources, and the SVG. */
export interface ChartFigure {
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
  /** Vega-Lite warnings met while compiling the spec. */
  readonly warnings: readonly string[];
}

/** All charts of a briefing in reading order. The seam between charts and templates. */
export type ChartSet = readonly ChartFigure[];

/**
 * One row of chart data. Value rows (figures, metrics) fill `label` … `share`; risk rows fill `likelihood` …
 * `count`. Values are divided by the chart's scale (`low` 1.75 for $1.75T on a "US$ trillion" axis;
 * percentages ×100).
 */
export interface ChartRow {
  [field: string]: string | number | boolean | null;
}

/** The words of a chart's unit axis: `US$ trillion`, `DKK billion`, `%`, `×`, `GW`, and the divisor. */
export interface ChartScale {
  readonly unit: Unit;
  readonly divisor: number;
  readonly label: string;
}

const SCALES: readonly number[] = [1e12, 1e9, 1e6, 1e3];

/** The locale's word for a scale: `trillion` (en), `Billion` (de), `兆` (ja); `10億` where 1e9 has no word of its own. */
function scaleWord(divisor: number, locale: string): string {
  const parts = new Intl.NumberFormat(locale, { notation: 'compact', compactDisplay: 'long' }).formatToParts(divisor);
  const number = parts.filter((p) => p.type === 'integer').map((p) => p.value).join('');
  const word = parts.filter((p) => p.type === 'compact').map((p) => p.value).join('');
  return number === '1' ? word : `${number}${word}`;
}

/** Vega's number locale for a BCP 47 locale: its decimal mark and thousands separator, so axes read as the text does. */
export function vegaNumberLocale(locale: string): { decimal: string; thousands: string; grouping: number[]; currency: [string, string] } {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    thousands: parts.find((p) => p.type === 'group')?.value ?? ',',
    grouping: [3],
    currency: ['', ''],
  };
}

/**
 * The scale of values in `unit` whose largest magnitude is `max`: money in the short scale of its largest
 * value (`US$ trillion`: "$" alone is spelt US$ on an axis), percentages in %, multiples in ×.
 */
export function chartScale(unit: Unit, max: number, fmt: Formatter): ChartScale {
  if (isCurrency(unit)) {
    const sign = new Intl.NumberFormat(fmt.locale, { style: 'currency', currency: unit }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? unit;
    // "$" alone names several dollars: spell US$ for USD and the code for the others.
    const name = sign === '$' ? (unit === 'USD' ? 'US$' : unit) : sign;
    const divisor = SCALES.find((d) => max >= d * 0.9995) ?? 1;
    return { unit, divisor, label: divisor === 1 ? name : `${name} ${scaleWord(divisor, fmt.locale)}` };
  }
  if (unit === 'percent') return { unit, divisor: 0.01, label: '%' };
  if (unit === 'multiple') return { unit, divisor: 1, label: '×' };
  if (isDimensionless(unit) || unit === 'count') return { unit, divisor: 1, label: unit === 'count' ? 'count' : 'ratio' };
  return { unit, divisor: 1, label: unit };
}

/** A value row before scaling: amounts in their unit. */
interface RawRow {
  readonly label: string;
  /** Period or as-of date of a figure row; null for metrics. */
  readonly period: string | null;
  readonly company: string | null;
  readonly group: string | null;
  readonly segment: string | null;
  readonly series: string;
  readonly amount: Amount;
  readonly basis: string | null;
  readonly sources: readonly string[];
  readonly metric: string | null;
}

/** What a chart declaration gives for one briefing: rows, the words around them, and the unit axis. */
interface ChartContent {
  readonly rows: ChartRow[];
  readonly alt: string;
  readonly sources: readonly string[];
  readonly formula?: string;
  readonly measure: string;
  readonly scale: ChartScale | null;
}

const unique = <T,>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * Build the rows of one chart.
 *
 * ```
 * figures + metrics ─1─► RawRow[] ─2─► labels told apart ─3─► one unit (fx) ─4─► scaled ChartRow[] ─5─► alt text
 * ```
 * @throws BriefingError (`chart`, `unknownReference`, `exchangeRate`) at the chart's file.
 */
export function chartContent(chart: Located<ChartDeclaration & { id: string }>, b: Briefing, m: Metrics): ChartContent {
  if (chart.data.risks !== undefined) return riskContent(b);
  const run = chartRun(chart, b);
  const measures: string[] = [];
  const formulas: string[] = [];
  const raw = [...figureRows(run, measures), ...metricRows(run, m, measures, formulas)]; // 1. rows
  if (raw.length === 0) return run.fail(msg.chartEmpty());
  distinguishLabels(run, raw); // 2. labels
  const rows = inOneUnit(run, raw); // 3. one unit
  const scale = chartScale(rows[0]!.amount.unit, Math.max(...rows.map((r) => Math.max(Math.abs(r.amount.low), Math.abs(r.amount.high)))), run.fmt);
  const out = scaledRows(run, rows, scale); // 4. scaled rows
  const measure = chart.axis ?? unique(measures).join(', ');
  const content: ChartContent = { rows: out, alt: altText(run, rows, measure, scale), sources: unique(rows.flatMap((r) => r.sources)), measure, scale }; // 5. alt text
  return formulas.length === 0 ? content : { ...content, formula: unique(formulas).join('; ') };
}

/** What the phases of {@link chartContent} share: the chart, the briefing, and how they print and fail. */
interface ChartRun {
  readonly chart: Located<ChartDeclaration & { id: string }>;
  readonly b: Briefing;
  readonly fmt: Formatter;
  /** Throw a BriefingError with a catalogue message about this chart, at its `data` field. */
  readonly fail: (message: Message) => never;
  /** `[1,3]`: the citation numbers of sources. */
  readonly refs: (ids: readonly string[]) => string;
  /** The publishers of sources, once each, joined by `; `. */
  readonly publishers: (ids: readonly string[]) => string;
}

function chartRun(chart: Located<ChartDeclaration & { id: string }>, b: Briefing): ChartRun {
  const numbers = citationNumbers(b);
  return {
    chart,
    b,
    fmt: createFormatter(b.manifest.locale),
    fail: (message) => {
      throw BriefingError.of(msg.about(msg.chartPrefix(chart.id), message), { ...chart.at, path: 'data' });
    },
    refs: (ids) => `[${ids.map((s) => numbers.get(s)!).join(',')}]`,
    publishers: (ids) => unique(ids.map((id) => b.sources.find((s) => s.id === id)?.publisher ?? id)).join('; '),
  };
}

/** Phase 1a: a row per figure the chart's `figures:` lookup finds; its quantity's title joins `measures`. */
function figureRows(run: ChartRun, measures: string[]): RawRow[] {
  const { b, fail } = run;
  const l = run.chart.data.figures;
  if (l === undefined) return [];
  const raw: RawRow[] = [];
  const q = b.vocabulary.quantities.get(l.quantity);
  if (q === undefined) fail(msg.chartUnknownQuantity(l.quantity));
  measures.push(q!.title);
  const all = l.company === undefined && l.companies === undefined && l.group === undefined;
  const owners = all ? [...b.companies, { id: MARKET, name: 'Market', figures: b.market } as Owner] : ownersOf(b, l);
  if (typeof owners === 'string') return fail(msg.chartOwners(owners));
  for (const o of owners) {
    const group = 'group' in o && typeof o.group === 'string' ? (b.vocabulary.groups.get(o.group)?.title ?? null) : null;
    for (const f of figuresOf(o, l)) {
      raw.push({
        label: f.segment ?? o.name,
        period: f.period ?? f.asOf ?? null,
        company: o.name,
        group,
        segment: f.segment ?? null,
        series: q!.title,
        amount: f.amount,
        basis: f.basis === undefined ? null : (b.vocabulary.bases.get(f.basis)?.title ?? f.basis),
        sources: f.sources,
        metric: null,
      });
    }
  }
  return raw;
}

/** Phase 1b: a row per row of each metric the chart names; labels join `measures`, formulas `formulas`. */
function metricRows(run: ChartRun, m: Metrics, measures: string[], formulas: string[]): RawRow[] {
  const { b } = run;
  const raw: RawRow[] = [];
  for (const id of run.chart.data.metrics ?? []) {
    const metric = m.declared.find((x) => x.id === id);
    const decl = b.metrics.find((x) => x.id === id);
    if (metric === undefined || decl === undefined) return run.fail(msg.chartUnknownMetric(id));
    measures.push(metric.label);
    formulas.push(printFormula(decl.formula));
    const companyOf = (key: string | null): Owner | undefined => (metric.kind === 'each' && key !== null ? b.companies.find((c) => c.id === key) : undefined);
    for (const r of metric.rows) {
      const company = companyOf(r.key);
      raw.push({
        period: null,
        label: metric.kind === 'single' ? metric.label : r.key !== null && metric.kind === 'scenarios' ? r.key : r.label,
        company: company?.name ?? null,
        group: company && 'group' in company && typeof company.group === 'string' ? (b.vocabulary.groups.get(company.group)?.title ?? null) : null,
        segment: null,
        series: metric.label,
        amount: r,
        basis: null,
        sources: r.sources,
        metric: metric.id,
      });
    }
  }
  return raw;
}

/** Phase 2: labels that would coincide get the company, the period or the source numbers (in place). */
function distinguishLabels(run: ChartRun, raw: RawRow[]): void {
  // Segments of several companies: the company joins the label ("Roche: Pharmaceuticals").
  if (new Set(raw.filter((r) => r.segment !== null).map((r) => r.company)).size > 1) {
    for (const [i, r] of raw.entries()) if (r.segment !== null) raw[i] = { ...r, label: `${r.company}: ${r.segment}` };
  }
  // Figures of several periods: the period joins the label, so that a time series draws apart.
  if (new Set(raw.filter((r) => r.period !== null).map((r) => r.period)).size > 1) {
    for (const [i, r] of raw.entries()) if (r.period !== null) raw[i] = { ...r, label: `${r.label} ${r.period}` };
  }
  // Two sources' figures for one label of one series would draw on top of each other: their source numbers
  // join the label. (One series per quantity, not per source, keeps the legend and the bands small.)
  const clash = (r: RawRow): boolean => raw.filter((x) => x.metric === null && x.label === r.label && x.series === r.series).length > 1;
  const clashing = raw.map((r) => r.metric === null && clash(r));
  for (const [i, r] of raw.entries()) if (clashing[i]) raw[i] = { ...r, label: `${r.label} ${run.refs(r.sources)}` };
}

/** Phase 3: money converted into `convert:` (or the first row's currency) through the stated rates. */
function inOneUnit(run: ChartRun, raw: readonly RawRow[]): RawRow[] {
  const { fail } = run;
  const d = run.chart.data;
  const fx = fxTable(run.b.manifest.fx);
  const target = d.convert === undefined ? raw[0]!.amount.unit : (normaliseUnit(d.convert) ?? fail(msg.chartBadCurrency(d.convert)));
  return raw.map((r) => {
    if (r.amount.unit === target) return r;
    if (!isCurrency(r.amount.unit) || !isCurrency(target)) return fail(msg.chartMixesUnits(r.amount.unit, target));
    const c = fx.convert(r.amount, r.amount.unit, target);
    if (c === undefined) return fail(msg.chartNoRate(r.amount.unit, target));
    return { ...r, amount: { ...r.amount, ...c.value, unit: target }, sources: unique([...r.sources, ...c.rate.stated.sources]) };
  });
}

/** Phase 4: rows in the scale's unit, with their printed text, share, sources and a unique row key. */
function scaledRows(run: ChartRun, rows: readonly RawRow[], scale: ChartScale): ChartRow[] {
  const { fmt, refs } = run;
  const total = rows.reduce((s, r) => s + (r.amount.low + r.amount.high) / 2, 0);
  const seen = new Map<string, number>();
  return rows.map((r, i) => {
    const text = fmt.amount(r.amount);
    const share = total === 0 ? null : (r.amount.low + r.amount.high) / 2 / total;
    let row = r.metric === null && !r.label.endsWith(refs(r.sources)) ? `${r.label} ${refs(r.sources)}` : r.label;
    const n = (seen.get(row) ?? 0) + 1;
    seen.set(row, n);
    if (n > 1) row = `${row} (${n})`;
    return {
      order: i,
      row,
      label: r.label,
      company: r.company,
      group: r.group,
      segment: r.segment,
      period: r.period,
      series: r.series,
      low: r.amount.low / scale.divisor,
      high: r.amount.high / scale.divisor,
      value: (r.amount.low + r.amount.high) / 2 / scale.divisor,
      unit: scale.label,
      text: run.chart.data.share && share !== null ? `${text} (${fmt.percent(share)})` : r.basis === null ? text : `${text} · ${r.basis}`,
      share,
      basis: r.basis,
      source: run.publishers(r.sources),
      sourceNumbers: refs(r.sources),
      computed: r.metric !== null,
    };
  });
}

/** Phase 5: the alt text: what is measured, in what unit, then each row with its publishers (or "computed"). */
function altText(run: ChartRun, rows: readonly RawRow[], measure: string, scale: ChartScale): string {
  /** A label without the source numbers it carries (the alt text names the publishers instead). */
  const plain = (label: string): string => label.replace(/ \[[\d,]+\]$/, '');
  const row = (r: RawRow): string =>
    `${plain(r.label)}${r.metric === null && r.company !== null && !plain(r.label).includes(r.company) ? ` (${r.company})` : ''} ${run.fmt.amount(r.amount)}${r.metric === null ? ` (${run.publishers(r.sources)})` : ' (computed)'}`;
  return `${measure} (${scale.label}): ${rows.map(row).join('; ')}.`;
}

/** The risk register as a likelihood × impact grid: one row per cell, the risks' numbers as its label. */
function riskContent(b: Briefing): ChartContent {
  const rows: ChartRow[] = [];
  for (let likelihood = 1; likelihood <= 5; likelihood++) {
    for (let impact = 1; impact <= 5; impact++) {
      const here = b.risks.map((r, i) => ({ r, n: i + 1 })).filter(({ r }) => r.likelihood === likelihood && r.impact === impact);
      rows.push({ likelihood, impact, severity: likelihood * impact, label: here.map(({ n }) => `R${n}`).join(' '), count: here.length });
    }
  }
  return {
    rows,
    alt: `Risk matrix of ${b.risks.length} risks by likelihood and impact (1–5): ${b.risks.map((r, i) => `R${i + 1} ${r.title} (likelihood ${r.likelihood}, impact ${r.impact})`).join('; ')}.`,
    sources: unique(b.risks.flatMap((r) => r.sources)),
    measure: 'risk',
    scale: null,
  };
}

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

const FORBIDDEN_KEYS = new Set(['url', 'href', 'loader', 'signals']);

/**
 * Reject a spec that could reach outside the document: any `url` or `href` key, image marks, or
 * `javascript:` strings. Charts bind data from the briefing only. Walks without recursion (see
 * {@link walkSpec}), so a deeply nested spec is refused by its depth, not by a stack overflow.
 * @throws BriefingError (`chart`) naming the offending field path, or the depth limit.
 */
export function assertDataOnly(spec: unknown, file: string): void {
  walkSpec(spec, file, ({ value, key, path }) => {
    if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw BriefingError.of(msg.specForbiddenKey(key), { file, path });
    if ((key === 'mark' || key === 'type') && (value === 'image' || (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'image'))) {
      throw BriefingError.of(msg.specImageMark(), { file, path });
    }
    if (typeof value === 'string' && /^\s*(javascript|vbscript|data|file):/i.test(value)) throw BriefingError.of(msg.specReference(value.slice(0, 20)), { file, path });
  });
}

/**
 * Parse a chart spec file's text.
 * @throws BriefingError (`chart`) when it is not JSON.
 */
export function parseChartSpec(text: string, file: string): TopLevelSpec {
  try {
    return JSON.parse(text) as TopLevelSpec;
  } catch (e) {
    throw BriefingError.of(msg.specNotJson((e as Error).message), { file });
  }
}

/**
 * Figure numbers in reading order: sections in manifest order, a prose section's `::: chart` directives where
 * they stand, the charts section's charts in their order; charts placed nowhere come last.
 */
export function chartNumbers(b: Pick<Briefing, 'manifest' | 'prose' | 'charts'>): Map<string, number> {
  const order: string[] = [];
  for (const id of b.manifest.sections) {
    const prose = b.prose.get(id);
    if (prose) order.push(...chartDirectives(prose.markdown).map((d) => d.id));
    else if (id === 'charts') order.push(...b.charts.map((c) => c.id));
  }
  order.push(...b.charts.map((c) => c.id));
  return new Map(unique(order).map((id, i) => [id, i + 1]));
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
      const words = fillSpec(spec, { unit: content.scale?.label ?? '', measure: content.measure });
      // Axis numbers in the briefing's locale, as every other number is.
      const filled = { ...words, config: { ...(words.config ?? {}), locale: { number: vegaNumberLocale(b.manifest.locale) } } } as TopLevelSpec;
      const { svg, warnings } = await render({ id: `fig-${chart.id}`, spec: filled, rows: content.rows, title: chart.title, description: content.alt, file });
      const figure: ChartFigure = { id: chart.id, number: numbers.get(chart.id)!, title: chart.title, caption: chart.caption, alt: content.alt, sources: content.sources, svg, warnings };
      return content.formula === undefined ? figure : { ...figure, formula: content.formula };
    }),
  );
  return charts.sort((a, b) => a.number - b.number);
}
