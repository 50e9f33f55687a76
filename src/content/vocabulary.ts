/**
 * The words a briefing describes the world with: quantities its figures measure, the groups its companies
 * fall into, risk categories and figure bases. Each is open to the briefing (`quantities:`, `groups:`,
 * `riskCategories:` and `bases:` in briefing.yaml); the engine ships only defaults common to company
 * reporting and knows no story's groups. Lists the toolkit's behaviour depends on (unit kinds, stances, page
 * sizes, section kinds) stay fixed in `input.ts` and `units.ts`.
 */
import { PHYSICAL_UNITS, UNIT_KINDS, isCurrency, unitKind, type Unit, type UnitKind } from './units.ts';

/** A named entry of a list the briefing can extend: id (as content writes it) and title (as print shows it). */
export interface Term {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

/**
 * What a quantity is measured in: a {@link UnitKind} (`money` is any currency) or one physical unit symbol
 * (`GW`), which then is the only unit the quantity accepts.
 */
export type QuantityKind = UnitKind | keyof typeof PHYSICAL_UNITS;

/** Every word a quantity's kind may be written as. */
export const QUANTITY_KINDS: readonly string[] = [...UNIT_KINDS, ...Object.keys(PHYSICAL_UNITS)];

/** A quantity figures can measure: its id, kind and printed title. */
export interface QuantityTerm extends Term {
  readonly kind: QuantityKind;
}

/**
 * Quantities common to company reporting, known to every briefing. Titles are what figure tables print.
 * A briefing adds its own with `quantities:` (and may retitle one of these, keeping its kind).
 */
export const BUILT_IN_QUANTITIES: readonly QuantityTerm[] = [
  { id: 'valuation', kind: 'money', title: 'Valuation' },
  { id: 'market-value', kind: 'money', title: 'Market value' },
  { id: 'revenue', kind: 'money', title: 'Revenue' },
  { id: 'segment-revenue', kind: 'money', title: 'Segment revenue' },
  { id: 'backlog', kind: 'money', title: 'Contract backlog' },
  { id: 'new-orders', kind: 'money', title: 'New orders' },
  { id: 'operating-profit', kind: 'money', title: 'Operating profit' },
  { id: 'ebitda', kind: 'money', title: 'EBITDA' },
  { id: 'net-income', kind: 'money', title: 'Net income' },
  { id: 'net-loss', kind: 'money', title: 'Net loss' },
  { id: 'cash-flow', kind: 'money', title: 'Cash flow' },
  { id: 'free-cash-flow', kind: 'money', title: 'Free cash flow' },
  { id: 'cash-profit', kind: 'money', title: 'Cash profit' },
  { id: 'investment', kind: 'money', title: 'Investment' },
  { id: 'capital-spending', kind: 'money', title: 'Capital spending' },
  { id: 'revenue-growth', kind: 'percent', title: 'Revenue growth (y/y)' },
  { id: 'market-share', kind: 'percent', title: 'Share' },
  { id: 'price-to-sales', kind: 'multiple', title: 'Price-to-sales (stated)' },
  { id: 'price-to-earnings', kind: 'multiple', title: 'Price-to-earnings' },
  { id: 'employees', kind: 'count', title: 'Employees' },
];

/** How a source can present a figure, known to every briefing; `bases:` adds more. */
export const BUILT_IN_BASES: readonly Term[] = [
  { id: 'reported', title: 'reported' },
  { id: 'filed', title: 'filed' },
  { id: 'target', title: 'target' },
  { id: 'expected', title: 'expected' },
  { id: 'estimate', title: 'estimate' },
  { id: 'last-round', title: 'last round' },
  { id: 'projection', title: 'projection' },
];

/** Risk categories known to every briefing; `riskCategories:` adds more. */
export const BUILT_IN_RISK_CATEGORIES: readonly Term[] = [
  'valuation',
  'liquidity',
  'profitability',
  'execution',
  'governance',
  'counterparty',
  'regulatory',
  'technology',
  'concentration',
  'geopolitical',
].map((id) => ({ id, title: id }));

/** A briefing's vocabulary: built-in terms merged with the declared ones, each map in display order. */
export interface Vocabulary {
  readonly quantities: ReadonlyMap<string, QuantityTerm>;
  /** Only the groups the briefing declares; there are no built-in groups. */
  readonly groups: ReadonlyMap<string, Term>;
  readonly riskCategories: ReadonlyMap<string, Term>;
  readonly bases: ReadonlyMap<string, Term>;
}

/** "operating-margin" → "Operating margin": the title of a quantity declared without one. */
export function titleFromId(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What `quantities:` in briefing.yaml maps a name to: a kind, or a kind with a title. */
export type QuantityDeclaration = QuantityKind | { readonly kind: QuantityKind; readonly title?: string | undefined; readonly description?: string | undefined };

/** The briefing.yaml fields a {@link Vocabulary} is made from. */
export interface VocabularyDeclarations {
  readonly quantities: Readonly<Record<string, QuantityDeclaration>>;
  readonly groups: readonly Term[];
  readonly riskCategories: readonly Term[];
  readonly bases: readonly Term[];
}

const byId = <T extends Term>(terms: readonly T[]): Map<string, T> => new Map(terms.map((t) => [t.id, t]));

/**
 * Merge the built-in terms with briefing.yaml's declarations. Declared terms come after the built-in ones and
 * replace a built-in of the same id (a quantity keeps its place). Clashes (a built-in quantity redeclared
 * with another kind, an id declared twice) are the loader's to report; here the last one wins.
 */
export function vocabularyOf(d: VocabularyDeclarations): Vocabulary {
  const quantities = byId(BUILT_IN_QUANTITIES);
  for (const [id, decl] of Object.entries(d.quantities)) {
    const { kind, title, description } = typeof decl === 'string' ? { kind: decl, title: undefined, description: undefined } : decl;
    const term: QuantityTerm = { id, kind, title: title ?? quantities.get(id)?.title ?? titleFromId(id), ...(description === undefined ? {} : { description }) };
    quantities.set(id, term);
  }
  return {
    quantities,
    groups: byId(d.groups),
    riskCategories: new Map([...byId(BUILT_IN_RISK_CATEGORIES), ...byId(d.riskCategories)]),
    bases: new Map([...byId(BUILT_IN_BASES), ...byId(d.bases)]),
  };
}

/** True when a quantity of `kind` may be stated in `unit` (any currency for money; the symbol itself for a physical unit). */
export function acceptsUnit(kind: QuantityKind, unit: Unit): boolean {
  if (kind === 'money') return isCurrency(unit);
  if (Object.hasOwn(PHYSICAL_UNITS, kind)) return unit === kind;
  return unitKind(unit) === kind;
}
