/**
 * The validated content model: the {@link Briefing} the content stage hands to the later stages, and what it is
 * made of. Every reference in it resolves and every figure is parsed and placed in its file.
 *
 * The input schemas (what a writer may write, `input.ts`) infer the types of single items (a figure, a source,
 * a risk); they are re-exported here, so that a later stage imports the model from this module only.
 */
import type { Diagnostic, Place } from '../errors.ts';
import type { ChartDeclaration, MetricDeclaration } from './declarations.ts';
import type { InlineUse } from './inline.ts';
import type { ClaimInput, Company, Figure, BriefingSettings, Risk, Source, Takeaway } from './input.ts';
import type { Vocabulary } from './vocabulary.ts';
import type { PlacedNote } from './review.ts';

export type { ClaimInput, Figure, FxRate, BriefingSettings, Quantity, Risk, Source, Takeaway } from './input.ts';

/** A value together with where it was written. */
export type Located<T> = T & { readonly at: Place };

/**
 * A metric of `metrics.yaml` with where it was written: the entry (`at`), its formula (`formulaAt`) and each
 * input by name (`inputAt`); errors and warnings about them point there.
 */
export type LocatedMetric = Located<MetricDeclaration & { readonly formulaAt: Place; readonly inputAt: Readonly<Record<string, Place>> }>;

/**
 * A chart of `charts/<id>.yaml`: its declaration, its id (the file's name), where the file starts (`at`), and
 * where its `data:` field is (`dataAt`: errors and warnings about what the chart draws point there), and its
 * `spec:` field (`specAt`: a spec it names that does not exist is reported there).
 */
export type LocatedChart = Located<ChartDeclaration & { readonly id: string; readonly dataAt: Place; readonly specAt: Place }>;

/** A prose section: id (file stem), heading taken from its first `# ` line, Markdown body after it. */
export interface ProseSection {
  readonly id: string;
  readonly title: string;
  readonly markdown: string;
  readonly file: string;
  /** 1-based line of the first body line in `file` (for citation errors). */
  readonly bodyLine: number;
}

/** A company with located figures. */
export type LoadedCompany = Omit<Company, 'figures'> & { readonly figures: readonly Located<Figure>[]; readonly at: Place };

/** A validated briefing: every reference resolves, every figure parsed. The seam between stages 1 and 2. */
export interface Briefing {
  readonly dir: string;
  readonly settings: BriefingSettings;
  /** Quantities, groups, risk categories and bases: built-in ones merged with briefing.yaml's. */
  readonly vocabulary: Vocabulary;
  readonly sources: readonly Source[];
  /**
   * Companies in reading order: by declared group (ungrouped last), then as the group's `companies:` lists them,
   * then by name. Every list of companies in print (profiles, `each` rows, group lookups, charts) keeps it.
   */
  readonly companies: readonly LoadedCompany[];
  /** Market-wide figures (`market.yaml`). */
  readonly market: readonly Located<Figure>[];
  readonly risks: readonly Risk[];
  readonly takeaways: readonly Takeaway[];
  readonly claims: readonly Located<ClaimInput>[];
  /** Metrics of `metrics.yaml`, in declaration order. */
  readonly metrics: readonly LocatedMetric[];
  /** Charts of `charts/<id>.yaml`, in print order (`order:`, then id). */
  readonly charts: readonly LocatedChart[];
  /** Chart specs the briefing carries itself (`charts/<name>.vl.json`), by file name, as text. */
  readonly chartSpecs: ReadonlyMap<string, string>;
  /** Prose sections by id. */
  readonly prose: ReadonlyMap<string, ProseSection>;
  /** Every inline value of the prose (`{figure:ID}`, `{metric:ID:ROW}`), checked and placed, in reading order. */
  readonly inlineValues: readonly InlineUse[];
  /** Non-fatal findings (a section file briefing.yaml does not list, an open review note, ...). */
  readonly warnings: readonly Diagnostic[];
  /** The review notes of `review.yaml` (review.ts), open and resolved, in file order; never printed. */
  readonly notes: readonly PlacedNote[];
}

/**
 * Owner id of market-wide figures: what `company:` names in data files, lookups and charts for `market.yaml`,
 * and the owner of the market's figures and conflicts.
 */
export const MARKET = 'market';

/** The name market-wide figures are owned by where an owner's name is shown (a change's or conflict's label). */
export const MARKET_NAME = 'Market';

/** An owner of figures: a company, or the market ({@link MARKET}). */
export interface FigureOwner {
  readonly id: string;
  readonly name: string;
  readonly figures: readonly Located<Figure>[];
  /** The day its fiscal year ends, `MM-DD`, when it states one (a company's `fiscalYearEnd:`; see `periods.ts`). */
  readonly fiscalYearEnd?: string | undefined;
}

/** The market as an owner of figures: id {@link MARKET}, name {@link MARKET_NAME}, the figures of `market.yaml`. */
export function marketOwner(b: Pick<Briefing, 'market'>): FigureOwner {
  return { id: MARKET, name: MARKET_NAME, figures: b.market };
}

/** Every owner of figures in reading order: the companies (the model's own objects), then the market. */
export function figureOwners(b: Pick<Briefing, 'companies' | 'market'>): FigureOwner[] {
  return [...b.companies, marketOwner(b)];
}
