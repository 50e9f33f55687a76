/**
 * Period labels read with a company's fiscal year: `FY2026`, `2026`, `H1 2026`, `Q3 2026` → the days they
 * cover. A company states the day its year ends as `fiscalYearEnd: MM-DD` (default `12-31`, the calendar year).
 *
 * The convention most filers use (Japanese companies whose year ends in March, US retailers whose year ends
 * in January): a fiscal year is named by the calendar year it ends in. For a year ending `03-31`, `FY2026` and
 * `2026` are 1 April 2025 to 31 March 2026; `Q1 2026` is its first quarter (1 April to 30 June 2025), `Q4 2026`
 * its last (to 31 March 2026), `H1 2026` its first half (to 30 September 2025). A quarter ends three months
 * after the one before it, a half six; a year end on the last day of its month (`02-28`, `06-30`) keeps every
 * period end on the last day of its month (29 February in a leap year). Dates are ISO text `YYYY-MM-DD`; the
 * arithmetic is on calendar days, with no time zone.
 */

/** The year end of a company that states none: 31 December, the calendar year. */
export const CALENDAR_YEAR_END = '12-31';

/** What a period label names: a whole fiscal year, a half or a quarter of one. */
export type PeriodKind = 'year' | 'half' | 'quarter';

/** The days a period label covers for one company. */
export interface PeriodSpan {
  readonly kind: PeriodKind;
  /** The fiscal year the period belongs to: the calendar year that fiscal year ends in (2026 for `Q1 2026`). */
  readonly fiscalYear: number;
  /** First day of the period, `YYYY-MM-DD`. */
  readonly start: string;
  /** Last day of the period, `YYYY-MM-DD`. */
  readonly end: string;
}

/** A calendar day; `m` is 1–12. */
interface Day {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

const LABEL = /^(?:(?:FY)?(\d{4})|([QH])([1-4]) (\d{4}))$/;
const HALF_OR_QUARTER = /^(?:Q[1-4]|H[12]) /;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** Days in month `m` (1–12) of year `y`. */
const daysIn = (y: number, m: number): number => (m === 2 ? (leap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
const iso = (x: Day): string => `${String(x.y).padStart(4, '0')}-${String(x.m).padStart(2, '0')}-${String(x.d).padStart(2, '0')}`;

/** `day` moved by `months` (negative: back); `monthEnd` keeps it on the last day of its month, else the day is clamped to the month. */
function shift(day: Day, months: number, monthEnd: boolean): Day {
  const index = day.y * 12 + (day.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return { y, m, d: monthEnd ? daysIn(y, m) : Math.min(day.d, daysIn(y, m)) };
}

function nextDay(x: Day): Day {
  if (x.d < daysIn(x.y, x.m)) return { ...x, d: x.d + 1 };
  return x.m === 12 ? { y: x.y + 1, m: 1, d: 1 } : { y: x.y, m: x.m + 1, d: 1 };
}

function dayOf(isoDate: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : undefined;
}

/**
 * A fiscal year end `MM-DD` read as month and day, or undefined when it is not one: the month 01–12 and the day
 * one that month has in every year (`02-29` is not: write `02-28`, which reads as the month's last day).
 */
export function parseYearEnd(monthDay: string): { readonly month: number; readonly day: number; readonly monthEnd: boolean } | undefined {
  const m = MONTH_DAY.exec(monthDay);
  if (!m) return undefined;
  const [month, day] = [Number(m[1]), Number(m[2])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(2001, month)) return undefined;
  return { month, day, monthEnd: day === daysIn(2001, month) };
}

/** The fiscal year an annual label names (`FY2026` and `2026` → 2026); undefined for any other label. */
export function annualYear(label: string | undefined): number | undefined {
  const m = label === undefined ? null : /^(?:FY)?(\d{4})$/.exec(label);
  return m ? Number(m[1]) : undefined;
}

/** True when `label` names a whole fiscal year (`FY2026`, `2026`). */
export function isAnnual(label: string | undefined): boolean {
  return annualYear(label) !== undefined;
}

/**
 * One spelling per period, to compare labels by what they name: `2026` and `FY2026` both read `FY2026`; any
 * other label as written.
 */
export function periodKey(label: string): string {
  const year = annualYear(label);
  return year === undefined ? label : `FY${year}`;
}

/**
 * The days a period label covers for a company whose fiscal year ends on `fiscalYearEnd` (`MM-DD`, default
 * {@link CALENDAR_YEAR_END}), by the convention of the module comment: `('FY2026', '03-31')` → 2025-04-01 to
 * 2026-03-31; `('Q1 2026', '03-31')` → 2025-04-01 to 2025-06-30; `('H2 2025')` → 2025-07-01 to 2025-12-31.
 * @returns undefined for a label that is not a period label or a year end that is not `MM-DD` (the loader
 *   refuses both before).
 */
export function periodSpan(label: string, fiscalYearEnd: string = CALENDAR_YEAR_END): PeriodSpan | undefined {
  const m = LABEL.exec(label);
  const end = parseYearEnd(fiscalYearEnd);
  if (!m || end === undefined || (m[2] !== undefined && !HALF_OR_QUARTER.test(label))) return undefined;
  const fiscalYear = Number(m[1] ?? m[4]);
  const yearEnd: Day = { y: fiscalYear, m: end.month, d: end.monthEnd ? daysIn(fiscalYear, end.month) : end.day };
  const kind: PeriodKind = m[2] === undefined ? 'year' : m[2] === 'H' ? 'half' : 'quarter';
  const months = kind === 'year' ? 12 : kind === 'half' ? 6 : 3;
  const parts = 12 / months;
  // Months from the period's end to the year's; both ends are counted from the year end, so a day clamped
  // in a short month (30 August → 28 February) does not shift the next period's start.
  const back = (parts - (kind === 'year' ? 1 : Number(m[3]))) * months;
  const last = shift(yearEnd, -back, end.monthEnd);
  return { kind, fiscalYear, start: iso(nextDay(shift(yearEnd, -back - months, end.monthEnd))), end: iso(last) };
}

/**
 * Months from ISO date `a` to ISO date `b`, rounded to the nearest whole month of 30.44 days (31 March 2025 to
 * 31 December 2025 is 9); 0 when `b` is not later or either is not a date.
 */
export function monthsApart(a: string, b: string): number {
  const [x, y] = [dayOf(a), dayOf(b)];
  if (x === undefined || y === undefined || b <= a) return 0;
  return Math.round((time(y) - time(x)) / 86_400_000 / 30.44);
}

/** Milliseconds of midnight UTC of `x` (years below 100 as written, not 19xx). */
function time(x: Day): number {
  const date = new Date(0);
  date.setUTCFullYear(x.y, x.m - 1, x.d);
  return date.getTime();
}

/**
 * True when ISO dates `a` and `b` lie more than `months` calendar months apart, in either order: the later is
 * after the earlier moved on by `months` (a month end moves to a month end, so 30 June and 31 December are six
 * months apart, not more).
 */
export function moreThanMonthsApart(a: string, b: string, months: number): boolean {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  const x = dayOf(lo);
  if (x === undefined) return false;
  return iso(shift(x, months, x.d === daysIn(x.y, x.m))) < hi;
}
