/**
 * The time axis of a chart: where each row sits in time, and which line of a time-series chart it belongs to.
 *
 * ```
 * rows (period read with the owner's fiscal year end, or as-of date; a metric row's label) ─► span in days
 *   (timeSpan: the one place that reads times for charts) ─► dense order 0, 1, 2 … over the chart's distinct
 *   times, by end day ─► lines told apart when one company's rows mix quarters, halves, years and dates
 * ```
 * Periods are read by src/content/periods.ts: `FY2025` of a company whose year ends 03-31 ends on 2025-03-31,
 * before `Q3 2025` of a calendar-year company (2025-09-30).
 */
import { periodSpan } from '../content/periods.ts';

/** The fields of a row that place it in time: its time label, the days it covers, and the line it is drawn in. */
export interface TimedRow {
  /** Period (`Q3 2025`) or as-of date (`2025-09-30`) of a figure row; a metric row's label; null without either. */
  readonly time: string | null;
  /** The days `time` covers ({@link timeSpan}); undefined for a metric row's label. */
  readonly span: TimeSpan | undefined;
  /** The series a time-series chart draws the row in (company, `Company: segment`, or a metric's label). */
  readonly line: string;
}

/** The days a row's time covers, as ISO dates, and how long a period it is. */
export interface TimeSpan {
  readonly kind: 'quarter' | 'half' | 'year' | 'date';
  readonly start: string;
  readonly end: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The days a period label or an as-of date covers: `Q3 2025` → 2025-07-01 to 2025-09-30 (read with the
 * owner's `fiscalYearEnd`, MM-DD, when it states one), `2025-03-31` → that day. Undefined for any other text.
 */
export function timeSpan(time: string, fiscalYearEnd?: string): TimeSpan | undefined {
  if (ISO_DATE.test(time)) return { kind: 'date', start: time, end: time };
  const span = periodSpan(time, fiscalYearEnd);
  return span === undefined ? undefined : { kind: span.kind, start: span.start, end: span.end };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The time axis label of each row: its time, or, when rows of the chart give one label different end days
 * (`Q1 2026` of a company whose year ends in March ends 30 June 2025, a calendar-year company's 31 March 2026), the label with the day its
 * period ends, `Q1 2026 (to 30 Jun 2025)`, so that each place on the axis is one stretch of time.
 * @param day prints an ISO date as the briefing does (Formatter.shortDate).
 */
export function timeLabels(rows: readonly TimedRow[], day: (iso: string) => string): (string | null)[] {
  const ends = new Map<string, Set<string>>();
  for (const r of rows) if (r.time !== null && r.span !== undefined) ends.set(r.time, (ends.get(r.time) ?? new Set()).add(r.span.end));
  return rows.map((r) => (r.time !== null && r.span !== undefined && ends.get(r.time)!.size > 1 ? `${r.time} (to ${day(r.span.end)})` : r.time));
}

/**
 * Each row's place on the time axis: 0 for the earliest time of the chart, 1 for the next, … A time (a label
 * of {@link timeLabels}: one label, one end day) is placed by the day it ends; times ending on one day go
 * shorter first (`Q4 2025`, then `FY2025`), then by their text. Times without a span (metric rows' labels)
 * follow in the order they first appear; a row without a time gets null.
 */
export function timeOrders(rows: readonly TimedRow[]): (number | null)[] {
  const spans = new Map<string, { start: string; end: string } | undefined>();
  for (const r of rows) if (r.time !== null && !spans.has(r.time)) spans.set(r.time, r.span);
  const timed = [...spans].filter((e): e is [string, { start: string; end: string }] => e[1] !== undefined);
  timed.sort(([a, x], [b, y]) => compare(x.end, y.end) || compare(y.start, x.start) || compare(a, b));
  const untimed = [...spans].filter(([, s]) => s === undefined).map(([t]) => t);
  const order = new Map([...timed.map(([t]) => t), ...untimed].map((t, i) => [t, i]));
  return rows.map((r) => (r.time === null ? null : order.get(r.time)!));
}

const KIND_WORDS: Record<TimeSpan['kind'], string> = { quarter: 'quarters', half: 'half-years', year: 'years', date: 'dates' };

/** Lengths of time, shortest first: a date is a day, then a quarter, a half-year, a year. */
export const SPAN_ORDER: Readonly<Record<TimeSpan['kind'], number>> = { date: 0, quarter: 1, half: 2, year: 3 };

/** How long a span is, in words for a message: `a quarter`, `a half-year`, `a year`, `a date`. */
export function spanWords(kind: TimeSpan['kind']): string {
  return `a ${KIND_WORDS[kind].replace(/s$/, '')}`;
}

/**
 * The line names of rows, with the length of period added (`Acme Power (quarters)`) to the lines whose
 * rows mix quarters, halves, years or dates: a line through a quarter and then a year would join values of
 * different spans.
 */
export function linesApart(rows: readonly TimedRow[]): string[] {
  const kinds = new Map<string, Set<TimeSpan['kind']>>();
  for (const r of rows) if (r.span !== undefined) kinds.set(r.line, (kinds.get(r.line) ?? new Set()).add(r.span.kind));
  return rows.map((r) => (r.span !== undefined && kinds.get(r.line)!.size > 1 ? `${r.line} (${KIND_WORDS[r.span.kind]})` : r.line));
}
