/**
 * Where sources disagree: figures of one company (or the market) for the same quantity, segment, period and
 * as-of date whose values do not overlap within the briefing's tolerance. Every value is kept with its
 * source; the finding says by how much they differ. Values in different currencies are compared through a
 * rate the briefing states (`fx:`), in the currency that needs the fewest conversions; without a rate they
 * are reported as not comparable.
 */
import type { Amount, Unit } from '../content/amount.ts';
import { figureOwners, type Briefing, type Figure, type Located, type Quantity } from '../content/model.ts';
import { fxTable, type AppliedRate, type FxTable } from './fx.ts';
import type { Interval } from './interval.ts';
import { unique } from '../lists.ts';

/** One stated value of a disagreement. */
export interface ConflictValue {
  readonly figureId: string | null;
  readonly amount: Amount;
  /** The value in the conflict's currency when it was converted through a stated rate; null otherwise. */
  readonly converted: Amount | null;
  readonly basis: string | null;
  readonly sources: readonly string[];
  readonly file: string | null;
  readonly line: number | null;
}

/**
 * A disagreement between figures for the same thing.
 * `difference` is the span from the lowest stated value to the highest, as an amount in the conflict's unit
 * (the currency the values are compared in), and `relative` is that span divided by the lowest value (a fraction: 9 means the
 * highest is ten times the lowest); both are null when the values are `incomparable` (different currencies
 * or units, no rate stated). `rates` lists the exchange rates the comparison used.
 */
export interface Conflict {
  /** `<owner>.<quantity>[.<segment>][.<period>]`, stable across runs. */
  readonly id: string;
  readonly owner: string;
  readonly ownerName: string;
  readonly quantity: Quantity;
  readonly segment: string | null;
  readonly period: string | null;
  readonly values: readonly ConflictValue[];
  readonly verdict: 'disagree' | 'incomparable';
  readonly difference: Amount | null;
  readonly relative: number | null;
  readonly tolerance: number;
  readonly rates: readonly AppliedRate[];
}

/** The values an amount allows: a bound (`>$1.2T`, `<5%`) is open on its far side. */
function allowed(a: Amount, value: Interval = a): Interval {
  return { low: a.qualifier === 'at-most' ? -Infinity : value.low, high: a.qualifier === 'at-least' ? Infinity : value.high };
}

/**
 * True when two intervals lie apart by more than `tolerance` (a fraction of the larger of the two ends that
 * face each other). Overlapping intervals never disagree: $1.77T lies inside $1.75T–$2T.
 */
export function apart(a: Interval, b: Interval, tolerance: number): boolean {
  const [lower, upper] = a.high < b.low ? [a, b] : [b, a];
  const gap = upper.low - lower.high;
  if (gap <= 0) return false;
  return gap > tolerance * Math.max(Math.abs(lower.high), Math.abs(upper.low));
}

/**
 * The figures of a group in one unit, or undefined when some cannot be converted through a stated rate. The
 * unit is the one that needs the fewest conversions, then the fewest inverted rates (rates are usually
 * stated into the currency a reader compares in), then the first stated; a currency none of them is in
 * serves when each has a rate to it.
 */
function inOneUnit(group: readonly Located<Figure>[], fx: FxTable): { unit: Unit; values: Interval[]; rates: AppliedRate[] } | undefined {
  // Candidates: the group's own units, then any currency the rates name (CHF and DKK meet in USD).
  const own = unique(group.map((f) => f.amount.unit));
  const candidates = own.length > 1 ? unique([...own, ...fx.currencies]) : own;
  const attempts = candidates.flatMap((unit) => {
    const rates: AppliedRate[] = [];
    const values: Interval[] = [];
    for (const f of group) {
      if (f.amount.unit === unit) {
        values.push(f.amount);
        continue;
      }
      const c = fx.convert(f.amount, f.amount.unit, unit);
      if (c === undefined) return [];
      values.push(c.value);
      rates.push(c.rate);
    }
    const cost = [rates.length, rates.filter((r) => r.inverted).length];
    return [{ unit, values, rates: rates.filter((r, i) => rates.findIndex((x) => x.stated === r.stated) === i), cost }];
  });
  attempts.sort((a, b) => a.cost[0]! - b.cost[0]! || a.cost[1]! - b.cost[1]!);
  return attempts[0];
}

/** A converted value as an amount; a bound (`>`, `<`) stays a bound, while "about" goes without saying. */
function converted(original: Amount, value: Interval, unit: Unit): Amount {
  const amount: Amount = { unit, low: value.low, high: value.high };
  return original.qualifier === undefined || original.qualifier === 'about' ? amount : { ...amount, qualifier: original.qualifier };
}

function conflictsOf(owner: string, ownerName: string, figures: readonly Located<Figure>[], tolerance: number, fx: FxTable): Conflict[] {
  const groups = new Map<string, Located<Figure>[]>();
  for (const f of figures) {
    const key = [f.quantity, f.segment ?? '', f.period ?? '', f.asOf ?? ''].join('\u0000');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [f]);
    else group.push(f);
  }
  const out: Conflict[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const first = group[0]!;
    const common = inOneUnit(group, fx);
    const windows = common?.values.map((v, i) => allowed(group[i]!.amount, v));
    const disagree = windows !== undefined && windows.some((a, i) => windows.some((b, j) => i < j && apart(a, b, tolerance)));
    if (common !== undefined && !disagree) continue;
    const low = common === undefined ? 0 : Math.min(...common.values.map((v) => v.low));
    const high = common === undefined ? 0 : Math.max(...common.values.map((v) => v.high));
    out.push({
      id: [owner, first.quantity, first.segment, first.period].filter((x) => x !== undefined).join('.'),
      owner,
      ownerName,
      quantity: first.quantity,
      segment: first.segment ?? null,
      period: first.period ?? null,
      values: group.map((f, i) => ({
        figureId: f.id ?? null,
        amount: f.amount,
        converted: common !== undefined && f.amount.unit !== common.unit ? converted(f.amount, common.values[i]!, common.unit) : null,
        basis: f.basis ?? null,
        sources: f.sources,
        file: f.at.file ?? null,
        line: f.at.line ?? null,
      })),
      verdict: common === undefined ? 'incomparable' : 'disagree',
      difference: common === undefined ? null : { unit: common.unit, low: high - low, high: high - low },
      relative: common === undefined || low === 0 ? null : (high - low) / Math.abs(low),
      tolerance,
      rates: common?.rates ?? [],
    });
  }
  return out;
}

/**
 * Every disagreement in a briefing, companies in reading order, then the market.
 * The tolerance is briefing.yaml's `conflictTolerance` (a fraction; 0.05 unless the content sets it); values in
 * different currencies are compared through briefing.yaml's `fx:` rates.
 */
export function findConflicts(b: Briefing): Conflict[] {
  const tolerance = b.settings.conflictTolerance;
  const fx = fxTable(b.settings.fx);
  return figureOwners(b).flatMap((o) => conflictsOf(o.id, o.name, o.figures, tolerance, fx));
}
