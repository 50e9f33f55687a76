/**
 * Where sources disagree: figures of one company (or the market) for the same quantity, segment, period and
 * as-of date whose values differ by more than the briefing's tolerance. Every value is kept with its source;
 * the finding says by how much they differ. Values in different currencies are reported as not comparable,
 * since no conversion is stated.
 */
import type { Amount } from '../content/amount.ts';
import type { Briefing, Located } from '../content/load.ts';
import type { Figure, Quantity } from '../content/model.ts';

/** One stated value of a disagreement. */
export interface ConflictValue {
  readonly figureId: string | null;
  readonly amount: Amount;
  readonly basis: string | null;
  readonly sources: readonly string[];
  readonly file: string | null;
  readonly line: number | null;
}

/**
 * A disagreement between figures for the same thing.
 * `difference` is the span from the lowest stated value to the highest, as an amount in the values' unit, and
 * `relative` is that span divided by the lowest value (a fraction); both are null when the values are
 * `incomparable` (different currencies or units, no conversion stated).
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
}

/** True when two amounts' ends differ by more than `tolerance` (relative to the second). */
function differ(a: Amount, b: Amount, tolerance: number): boolean {
  const off = (x: number, y: number): boolean => Math.abs(x - y) > tolerance * Math.max(Math.abs(y), Number.EPSILON);
  return off(a.low, b.low) || off(a.high, b.high);
}

function conflictsOf(owner: string, ownerName: string, figures: readonly Located<Figure>[], tolerance: number): Conflict[] {
  const groups = new Map<string, Located<Figure>[]>();
  for (const f of figures) {
    const key = [f.quantity, f.segment ?? '', f.period ?? '', f.asOf ?? ''].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: Conflict[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const first = group[0]!;
    const units = new Set(group.map((f) => f.amount.unit));
    const incomparable = units.size > 1;
    const disagree = !incomparable && group.some((a) => group.some((b) => a !== b && differ(a.amount, b.amount, tolerance)));
    if (!incomparable && !disagree) continue;
    const low = Math.min(...group.map((f) => f.amount.low));
    const high = Math.max(...group.map((f) => f.amount.high));
    out.push({
      id: [owner, first.quantity, first.segment, first.period].filter((x) => x !== undefined).join('.'),
      owner,
      ownerName,
      quantity: first.quantity,
      segment: first.segment ?? null,
      period: first.period ?? null,
      values: group.map((f) => ({
        figureId: f.id ?? null,
        amount: f.amount,
        basis: f.basis ?? null,
        sources: f.sources,
        file: f.at.file ?? null,
        line: f.at.line ?? null,
      })),
      verdict: incomparable ? 'incomparable' : 'disagree',
      difference: incomparable ? null : { unit: first.amount.unit, low: high - low, high: high - low },
      relative: incomparable || low === 0 ? null : (high - low) / Math.abs(low),
      tolerance,
    });
  }
  return out;
}

/**
 * Every disagreement in a briefing, companies in reading order, then the market.
 * The tolerance is the manifest's `conflictTolerance` (a fraction; 0.05 unless the content sets it).
 */
export function findConflicts(b: Briefing): Conflict[] {
  const tolerance = b.manifest.conflictTolerance;
  return [...b.companies.flatMap((c) => conflictsOf(c.id, c.name, c.figures, tolerance)), ...conflictsOf('market', 'Market', b.market, tolerance)];
}
