/**
 * Figures found by what they measure: the lookups of declared metrics, claim checks and charts
 * (`{company, group, companies, quantity, period, segment}`, see `content/declarations.ts`).
 */
import { figureOwners, MARKET, marketOwner, type Briefing, type Figure, type FigureOwner, type LoadedCompany, type Located } from '../content/model.ts';
import type { Lookup } from '../content/declarations.ts';
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
 * Order of a period for `latest`: `FY2025`/`2025` → 2025.9, `H1 2026` → 2026.4, `Q3 2026` → 2026.7;
 * undefined for a figure without a period.
 */
export function periodRank(period: string | undefined): number | undefined {
  if (period === undefined) return undefined;
  const year = /^(?:FY)?(\d{4})$/.exec(period);
  if (year) return Number(year[1]) + 0.9;
  const part = /^([QH])([1-4]) (\d{4})$/.exec(period);
  if (!part) return undefined;
  const [, kind, n, y] = part;
  return Number(y) + (kind === 'H' ? Number(n) * 0.5 - 0.1 : Number(n) * 0.25 - 0.05);
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

/**
 * The figures of one owner a lookup finds: the quantity, the segment (one segment by name, `all`, or without
 * `segment:` the whole-company figures, or every segment when the quantity has only segment figures), and the period (a label, or `latest`: the latest fiscal
 * year, FY2025 or 2025, any matching figure covers; quarters and halves are picked by their label). Empty
 * when none match.
 */
export function figuresOf(owner: FigureOwner | LoadedCompany, l: Pick<Lookup, 'quantity' | 'period' | 'segment'>): Located<Figure>[] {
  const ofQuantity = owner.figures.filter((f) => f.quantity === l.quantity);
  // Without segment:, the whole-company figures; a quantity stated only by segment (segment revenue) gives all.
  const whole = ofQuantity.some((f) => f.segment === undefined);
  let figs = ofQuantity.filter((f) => (l.segment === 'all' ? true : l.segment === undefined ? !whole || f.segment === undefined : f.segment === l.segment));
  if (l.period === 'latest') {
    const annual = (f: Figure): boolean => f.period !== undefined && /^(?:FY)?\d{4}$/.test(f.period);
    const ranks = figs.filter(annual).map((f) => periodRank(f.period)).filter((r): r is number => r !== undefined);
    if (ranks.length === 0) return [];
    const top = Math.max(...ranks);
    figs = figs.filter((f) => annual(f) && periodRank(f.period) === top);
  } else if (l.period !== undefined) {
    figs = figs.filter((f) => f.period === l.period);
  }
  return figs;
}
