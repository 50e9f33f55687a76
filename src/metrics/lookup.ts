/**
 * Figures found by what they measure: the lookups of declared metrics, claim checks and charts
 * (`{company, group, companies, quantity, period, segment}`, see `content/declarations.ts`).
 */
import { figureOwners, MARKET, marketOwner, type Briefing, type Figure, type FigureOwner, type LoadedCompany, type Located } from '../content/model.ts';
import type { Lookup } from '../content/declarations.ts';
import { isAnnual, periodKey, periodSpan } from '../content/periods.ts';
import { suggestion } from '../content/units.ts';
import { problem } from '../messages.ts';

/** A figure with the id and name of what it belongs to (a company, or the market). */
export interface OwnedFigure {
  readonly figure: Located<Figure>;
  readonly owner: string;
  readonly ownerName: string;
}


/** Every figure with an id, keyed by id. */
export function figureById(b: Briefing): Map<string, OwnedFigure> {
  const map = new Map<string, OwnedFigure>();
  for (const o of figureOwners(b)) for (const f of o.figures) if (f.id !== undefined) map.set(f.id, { figure: f, owner: o.id, ownerName: o.name });
  return map;
}

/**
 * The last day of the period of figure `f` of `owner`, read with the owner's fiscal year end (`periods.ts`):
 * `FY2026` of a company whose year ends 03-31 → `2026-03-31`; undefined for a figure without a period.
 */
export function periodEnd(owner: Pick<FigureOwner, 'fiscalYearEnd'>, f: Pick<Figure, 'period'>): string | undefined {
  return f.period === undefined ? undefined : periodSpan(f.period, owner.fiscalYearEnd)?.end;
}

/** The companies a lookup or `each` names, in reading order, or a message naming what is unknown. */
export function ownersOf(b: Briefing, sel: { company?: string | undefined; companies?: readonly string[] | undefined; group?: string | undefined }): FigureOwner[] | string {
  const market = marketOwner(b);
  const byId = (id: string): FigureOwner | undefined => (id === MARKET ? market : b.companies.find((c) => c.id === id));
  const ids = sel.company !== undefined ? [sel.company] : (sel.companies ?? []);
  const unknown = ids.find((id) => byId(id) === undefined);
  if (unknown !== undefined) return problem.unknownCompany(unknown, suggestion(unknown, [...b.companies.map((c) => c.id), MARKET]));
  if (sel.group !== undefined) {
    if (!b.vocabulary.groups.has(sel.group)) return problem.unknownGroupIn(sel.group, suggestion(sel.group, b.vocabulary.groups.keys()));
    return b.companies.filter((c) => c.group === sel.group && (ids.length === 0 || ids.includes(c.id)));
  }
  return ids.map((id) => byId(id)!);
}

/** `period:` words of a lookup that take every period of one length (a time series of quarters, halves or years). */
export const PERIODS_OF_LENGTH = { quarters: 'quarter', halves: 'half', years: 'year' } as const;

/**
 * The figures of one owner a lookup finds: the quantity, the segment (one segment by name, `all`, or without
 * `segment:` the whole-company figures, or every segment when the quantity has only segment figures), and the
 * period: a label (`FY2025` and `2025` name the same year), `quarters`, `halves` or `years` (every period of that
 * length), or `latest`, the fiscal year (FY2025 or 2025) that
 * ends last among the matching figures, read with the owner's `fiscalYearEnd`. Empty when none match.
 */
export function figuresOf(owner: FigureOwner | LoadedCompany, l: Pick<Lookup, 'quantity' | 'period' | 'segment'>): Located<Figure>[] {
  const ofQuantity = owner.figures.filter((f) => f.quantity === l.quantity);
  // Without segment:, the whole-company figures; a quantity stated only by segment (segment revenue) gives all.
  const whole = ofQuantity.some((f) => f.segment === undefined);
  let figs = ofQuantity.filter((f) => (l.segment === 'all' ? true : l.segment === undefined ? !whole || f.segment === undefined : f.segment === l.segment));
  if (l.period === 'latest') {
    // The annual figures whose year ends last (ISO dates order as text).
    const ends = figs.filter((f) => isAnnual(f.period)).map((f) => periodEnd(owner, f) ?? '');
    const last = ends.reduce((a, b) => (b > a ? b : a), '');
    figs = last === '' ? [] : figs.filter((f) => isAnnual(f.period) && periodEnd(owner, f) === last);
  } else if (l.period !== undefined && l.period in PERIODS_OF_LENGTH) {
    // Every period of one length: a time series of quarters, halves or years.
    const kind = PERIODS_OF_LENGTH[l.period as keyof typeof PERIODS_OF_LENGTH];
    figs = figs.filter((f) => f.period !== undefined && periodSpan(f.period)?.kind === kind);
  } else if (l.period !== undefined) {
    const key = periodKey(l.period);
    figs = figs.filter((f) => f.period !== undefined && periodKey(f.period) === key);
  }
  return figs;
}
