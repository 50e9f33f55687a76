/**
 * Whether a computed value combines years that do not line up: the annual figures a metric or claim check
 * rests on, each with the last day of its fiscal year (read with its company's `fiscalYearEnd`, see
 * `content/periods.ts`), and the pair of companies whose years end more than six months apart.
 *
 * Which pairs count: figures of two different companies found by one input (a group's revenue, the rows of
 * an `each` metric), and figures of two different companies found by two inputs when their labels name the
 * same fiscal year (`FY2025` of a company whose year ends in March beside `2025` of a calendar-year one). Years
 * of one company are never compared (revenue growth sets two of its years side by side on purpose), nor two
 * companies' different years from two inputs (this year's sum over last year's). Figures that came through
 * `{metric: id}` were compared where that metric is declared, and are compared here only with the others.
 */
import { moreThanMonthsApart, monthsApart } from '../content/periods.ts';

/** How far apart two years may end before a value combining them is warned about, in months. */
export const YEARS_APART_MONTHS = 6;

/** One annual figure a computed value rests on. */
export interface YearUse {
  /** Id of the figure's owner (a company, or the market). */
  readonly owner: string;
  /** The figure in words, as formula lines name it: `Acme revenue FY2025`. */
  readonly label: string;
  /** The fiscal year its label names (2025 for `FY2025`). */
  readonly fiscalYear: number;
  /** Last day of its year, `YYYY-MM-DD`. */
  readonly end: string;
  /** The input that found it. */
  readonly input: string;
  /** True when it came through a `{metric: id}` input. */
  readonly viaMetric: boolean;
}

/** Two years a value combines that end more than {@link YEARS_APART_MONTHS} apart: `early` ends first. */
export interface YearsApart {
  readonly early: YearUse;
  readonly late: YearUse;
  /** Whole months between their ends, rounded. */
  readonly months: number;
}

const time = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const byEnd = (a: YearUse, b: YearUse): number => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0);
const span = (p: readonly [YearUse, YearUse]): number => time(p[1].end) - time(p[0].end);
/** The pair of `pairs` that lies furthest apart (the first of equals), or undefined for none. */
const widest = (pairs: readonly (readonly [YearUse, YearUse] | undefined)[]): [YearUse, YearUse] | undefined =>
  pairs.reduce<[YearUse, YearUse] | undefined>((best, p) => (p !== undefined && (best === undefined || span(p) > span(best)) ? [p[0], p[1]] : best), undefined);

/**
 * The pair of an `early` use from `left` and a `late` one from `right` (each sorted by end), of different
 * owners, whose ends lie furthest apart with the early one first; undefined when there is none. The best pair holds the earliest of
 * `left` or the latest of `right`, unless those two are themselves a pair.
 */
function furthest(left: readonly YearUse[], right: readonly YearUse[]): [YearUse, YearUse] | undefined {
  const first = left[0];
  const last = right.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const late = right.findLast((y) => y.owner !== first.owner);
  const early = left.find((x) => x.owner !== last.owner);
  const best = widest([late === undefined ? undefined : [first, late], early === undefined ? undefined : [early, last]]);
  return best !== undefined && span(best) >= 0 ? best : undefined;
}

/**
 * The pair of `uses` whose years end furthest apart, when that is more than {@link YEARS_APART_MONTHS}
 * months; undefined when every pair compared (see the module comment) lines up. Linear in the uses for each
 * input and each two inputs.
 */
export function yearsApart(uses: readonly YearUse[]): YearsApart | undefined {
  const inputs = new Map<string, YearUse[]>();
  for (const u of [...uses].sort(byEnd)) {
    const list = inputs.get(u.input);
    if (list === undefined) inputs.set(u.input, [u]);
    else list.push(u);
  }
  const candidates: ([YearUse, YearUse] | undefined)[] = [];
  const lists = [...inputs.values()];
  for (const [i, a] of lists.entries()) {
    // One input: any two companies; figures through {metric: id} were compared where that metric is declared.
    if (!a.every((u) => u.viaMetric)) candidates.push(furthest(a, a));
    for (const b of lists.slice(i + 1)) {
      // Two inputs: two companies' figures labelled with the same fiscal year.
      for (const year of new Set(a.map((u) => u.fiscalYear))) {
        const [x, y] = [a.filter((u) => u.fiscalYear === year), b.filter((u) => u.fiscalYear === year)];
        candidates.push(furthest(x, y), furthest(y, x));
      }
    }
  }
  const worst = widest(candidates.filter((p) => p !== undefined && moreThanMonthsApart(p[0].end, p[1].end, YEARS_APART_MONTHS)));
  return worst === undefined ? undefined : { early: worst[0], late: worst[1], months: monthsApart(worst[0].end, worst[1].end) };
}
