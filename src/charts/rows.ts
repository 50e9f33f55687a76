/**
 * The rows of one chart: a chart declaration (`charts/<id>.yaml`) → rows with documented fields, the words
 * around them (alt text, what they measure, their sources, the formula of computed values) and the unit axis.
 *
 * ```
 * declaration ─► rows (figures by lookup, declared metrics, or the risk register; money converted through
 *   fx: when `convert` asks) ─► scale and unit from the data (scale.ts) ─► alt text from the rows
 * ```
 * Rows have documented fields ({@link ChartRow}), so a spec binds fields by name.
 */
import type { Amount } from '../content/amount.ts';
import { figureOwners, type Briefing, type FigureOwner, type LocatedChart } from '../content/model.ts';
import { isCurrency, normaliseUnit } from '../content/units.ts';
import { citationNumbers } from '../content/citations.ts';
import { BriefingError, diagnostic, type Diagnostic, type Message } from '../errors.ts';
import { msg } from '../messages.ts';
import { createFormatter, type Formatter } from '../format.ts';
import { unique } from '../lists.ts';
import type { Metrics } from '../metrics/compute.ts';
import { printFormula } from '../metrics/formula.ts';
import { thingText } from '../metrics/formula-text.ts';
import { fxTable } from '../metrics/fx.ts';
import { figuresOf, ownersOf } from '../metrics/lookup.ts';
import { chartScale, type ChartScale } from './scale.ts';
import { linesApart, SPAN_ORDER, spanWords, timeLabels, timeOrders, timeSpan, type TimeSpan } from './time.ts';

/**
 * One row of chart data. Value rows (figures, metrics) fill `label` … `share`; risk rows fill `likelihood` …
 * `count`. Values are divided by the chart's scale (`low` 1.75 for $1.75T on a "US$ trillion" axis;
 * percentages ×100). `part` is the segment, or the label of a row without one (the parts of a stacked bar).
 * For time series, value rows carry `time` (the period or as-of date; a metric row's
 * label), `timeOrder` (0 for the chart's earliest time, 1 for the next, …: see time.ts) and `line` (the
 * company, segment or metric the row is a point of).
 */
export interface ChartRow {
  [field: string]: string | number | boolean | null;
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
  /** The line a time-series chart draws the row in: the label before a period joins it; a metric's label. */
  readonly line: string;
  /** The days the period or as-of date covers (time.ts); undefined for metrics. */
  readonly span: TimeSpan | undefined;
  readonly amount: Amount;
  readonly basis: string | null;
  readonly sources: readonly string[];
  readonly metric: string | null;
}

/** What a chart declaration gives for one briefing: rows, the words around them, and the unit axis (null for the risk matrix). */
export interface ChartContent {
  readonly rows: ChartRow[];
  readonly alt: string;
  readonly sources: readonly string[];
  readonly formula?: string;
  readonly measure: string;
  readonly scale: ChartScale | null;
  /** What the rows leave unsaid, as warnings at the chart's `data:`: companies named that have nothing to draw (BR253). */
  readonly warnings: readonly Diagnostic[];
  /**
   * The shortest and the longest period of the figure rows when their lengths differ (`Q1 2026 (a quarter,
   * Acme)`, `FY2025 (a year, Globex)`); null when every period is as long. A chart that is no time series warns
   * of it (catalogue.ts).
   */
  readonly periodMix: readonly [shorter: string, longer: string] | null;
}

/**
 * Build the rows of one chart.
 *
 * ```
 * figures + metrics ─1─► RawRow[] ─2─► labels told apart ─3─► one unit (fx) ─4─► scaled ChartRow[] ─5─► alt text
 * ```
 * @throws BriefingError (`chart`, `unknownReference`, `exchangeRate`) at the chart's `data:`.
 */
export function chartContent(chart: LocatedChart, b: Briefing, m: Metrics): ChartContent {
  if (chart.data.risks !== undefined) return riskContent(b);
  const run = chartRun(chart, b);
  const measures: string[] = [];
  const formulas: string[] = [];
  const raw = [...figureRows(run, measures), ...metricRows(run, m, measures, formulas)]; // 1. rows
  if (raw.length === 0) return run.fail(msg.chartEmpty());
  leftOut(run, raw);
  distinguishLabels(run, raw); // 2. labels
  const rows = inOneUnit(run, raw); // 3. one unit
  const scale = chartScale(rows[0]!.amount.unit, Math.max(...rows.map((r) => Math.max(Math.abs(r.amount.low), Math.abs(r.amount.high)))), run.fmt);
  const out = scaledRows(run, rows, scale); // 4. scaled rows
  const measure = chart.axis ?? unique(measures).join(', ');
  const alt = altText(run, rows, measure, scale); // 5. alt text
  const content: ChartContent = { rows: out, alt, sources: unique(rows.flatMap((r) => r.sources)), measure, scale, warnings: run.warnings, periodMix: periodMix(raw) };
  return formulas.length === 0 ? content : { ...content, formula: unique(formulas).join('; ') };
}

/** What the phases of {@link chartContent} share: the chart, the briefing, and how they print and fail. */
interface ChartRun {
  readonly chart: LocatedChart;
  readonly b: Briefing;
  readonly fmt: Formatter;
  /** Throw a BriefingError with a catalogue message about this chart, at its `data` field. */
  readonly fail: (message: Message) => never;
  /** Warn with a catalogue message about this chart, at its `data` field (into {@link warnings}). */
  readonly warn: (message: Message) => void;
  readonly warnings: Diagnostic[];
  /** Companies the data names that have nothing to draw for a lookup or metric (`what`), as phase 1 finds them. */
  readonly lacking: { readonly name: string; readonly what: string }[];
  /** `[1,3]`: the citation numbers of sources. */
  readonly refs: (ids: readonly string[]) => string;
  /** The publishers of sources, once each, joined by `; `. */
  readonly publishers: (ids: readonly string[]) => string;
}

function chartRun(chart: LocatedChart, b: Briefing): ChartRun {
  const numbers = citationNumbers(b);
  const warnings: Diagnostic[] = [];
  return {
    chart,
    b,
    fmt: createFormatter(b.settings.locale),
    fail: (message) => {
      throw BriefingError.of(msg.about(msg.chartPrefix(chart.id), message), chart.dataAt);
    },
    warn: (message) => warnings.push(diagnostic(msg.about(msg.chartPrefix(chart.id), message), chart.dataAt)),
    warnings,
    lacking: [],
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
  const owners = all ? figureOwners(b) : ownersOf(b, l);
  if (typeof owners === 'string') return fail(msg.chartOwners(owners));
  // A company the lookup names that has no such figure may be left out (leftOut decides; a lookup of all names none).
  const what = `figure for ${thingText(q!.title, l.segment === 'all' ? undefined : l.segment, l.period)}`;
  if (!all) for (const o of owners) if (figuresOf(o, l).length === 0) run.lacking.push({ name: o.name, what });
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
        line: f.segment ?? o.name,
        span: timeOf(f.period ?? f.asOf, o.fiscalYearEnd),
        amount: f.amount,
        basis: f.basis === undefined ? null : (b.vocabulary.bases.get(f.basis)?.title ?? f.basis),
        sources: f.sources,
        metric: null,
      });
    }
  }
  return raw;
}

/** The days a figure's period or as-of date covers, read with its owner's fiscal year end. */
const timeOf = (time: string | undefined, fiscalYearEnd: string | undefined): TimeSpan | undefined => (time === undefined ? undefined : timeSpan(time, fiscalYearEnd));

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
    // The metric's table says whom it leaves out for want of figures; a chart of it must say so too (leftOut).
    for (const name of metric.missing) run.lacking.push({ name, what: `figures for metric "${metric.id}"` });
    const companyOf = (key: string | null): FigureOwner | undefined => (metric.kind === 'each' && key !== null ? b.companies.find((c) => c.id === key) : undefined);
    for (const r of metric.rows) {
      const company = companyOf(r.key);
      raw.push({
        period: null,
        label: metric.kind === 'single' ? metric.label : r.key !== null && metric.kind === 'scenarios' ? r.key : r.label,
        company: company?.name ?? null,
        group: company && 'group' in company && typeof company.group === 'string' ? (b.vocabulary.groups.get(company.group)?.title ?? null) : null,
        segment: null,
        series: metric.label,
        line: metric.label,
        span: undefined,
        amount: r,
        basis: null,
        sources: r.sources,
        metric: metric.id,
      });
    }
  }
  return raw;
}

/**
 * Warn of the companies phase 1 found lacking ({@link ChartRun.lacking}) that the chart draws in no row and its
 * caption does not name (a caption that names them tells the reader), one warning per lookup or metric.
 */
function leftOut(run: ChartRun, raw: readonly RawRow[]): void {
  const drawn = new Set(raw.map((r) => r.company));
  const unsaid = run.lacking.filter((l) => !drawn.has(l.name) && !run.chart.caption.includes(l.name));
  for (const what of unique(unsaid.map((l) => l.what))) run.warn(msg.chartLeavesOut(unique(unsaid.filter((l) => l.what === what).map((l) => l.name)), what));
}

/**
 * The shortest and the longest period of the figure rows, as `Q1 2026 (a quarter, Acme)`, when their lengths
 * differ (time.ts reads them); null when all are as long. As-of dates are points in time, not periods: left aside.
 */
function periodMix(raw: readonly RawRow[]): ChartContent['periodMix'] {
  const periods = raw.filter((r) => r.span !== undefined && r.span.kind !== 'date');
  if (periods.length === 0) return null;
  const byLength = [...periods].sort((x, y) => SPAN_ORDER[x.span!.kind] - SPAN_ORDER[y.span!.kind]);
  const [shortest, longest] = [byLength[0]!, byLength.at(-1)!];
  if (shortest.span!.kind === longest.span!.kind) return null;
  const said = (r: RawRow): string => `${r.period} (${spanWords(r.span!.kind)}${r.company === null ? '' : `, ${r.company}`})`;
  return [said(shortest), said(longest)];
}

/** Phase 2: labels that would coincide get the company, the period or the source numbers (in place). */
function distinguishLabels(run: ChartRun, raw: RawRow[]): void {
  // Segments of several companies: the company joins the label ("Roche: Pharmaceuticals").
  if (new Set(raw.filter((r) => r.segment !== null).map((r) => r.company)).size > 1) {
    for (const [i, r] of raw.entries()) if (r.segment !== null) raw[i] = { ...r, label: `${r.company}: ${r.segment}`, line: `${r.company}: ${r.segment}` };
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
  const fx = fxTable(run.b.settings.fx);
  const target = d.convert === undefined ? raw[0]!.amount.unit : (normaliseUnit(d.convert) ?? fail(msg.chartBadCurrency(d.convert)));
  return raw.map((r) => {
    if (r.amount.unit === target) return r;
    if (!isCurrency(r.amount.unit) || !isCurrency(target)) return fail(msg.chartMixesUnits(r.amount.unit, target));
    const c = fx.convert(r.amount, r.amount.unit, target);
    if (c === undefined) return fail(msg.chartNoRate(r.amount.unit, target));
    return { ...r, amount: { ...r.amount, ...c.value, unit: target }, sources: unique([...r.sources, ...c.rate.stated.sources]) };
  });
}

/**
 * Phase 4: rows in the scale's unit, with their printed text, share, sources, a unique row key, and their
 * place in time (time.ts: the period or as-of date, or a metric row's label; its order; the line).
 */
function scaledRows(run: ChartRun, rows: readonly RawRow[], scale: ChartScale): ChartRow[] {
  const { fmt, refs } = run;
  const total = rows.reduce((s, r) => s + (r.amount.low + r.amount.high) / 2, 0);
  const seen = new Map<string, number>();
  const labelled = rows.map((r) => ({ time: r.period ?? (r.metric === null ? null : r.label), span: r.span, line: r.line }));
  const timed = timeLabels(labelled, (iso) => fmt.shortDate(iso)).map((time, i) => ({ ...labelled[i]!, time }));
  const times = timeOrders(timed);
  const lines = linesApart(timed);
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
      part: r.segment ?? r.label,
      period: r.period,
      time: timed[i]!.time,
      timeOrder: times[i]!,
      line: lines[i]!,
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
    warnings: [],
    periodMix: null,
  };
}
