/**
 * The view model the templates see: the briefing, its metrics and charts arranged in section order, with
 * every optional field present (as `null` when absent) so that Handlebars' strict mode can tell a missing
 * field (a template or content error) from an empty one.
 */
import type { Amount } from '../content/amount.ts';
import type { Briefing } from '../content/load.ts';
import { COMPANY_GROUPS, type Figure, type Quantity } from '../content/model.ts';
import type { ChartFigure, ChartSet } from '../charts/catalogue.ts';
import { formatDate } from '../format.ts';
import type { ClaimCheck, Metric, Metrics } from '../metrics/compute.ts';
import type { Conflict } from '../metrics/conflicts.ts';
import { citationNumbers, sourceAnchor } from './markdown.ts';

/** Headings of the built-in sections. */
export const BUILT_IN_TITLES: Record<string, string> = {
  companies: 'Company profiles',
  metrics: 'Key metrics',
  charts: 'Charts',
  risks: 'Risk register',
  takeaways: 'Takeaways by stakeholder',
  claims: 'Figure checks',
  sources: 'Sources',
};

const QUANTITY_LABELS: Record<Quantity, string> = {
  valuation: 'Valuation',
  'market-value': 'Market value',
  revenue: 'Revenue',
  'segment-revenue': 'Segment revenue',
  backlog: 'Contract backlog',
  'net-loss': 'Net loss',
  'operating-profit': 'Operating profit',
  'cash-flow': 'Cash flow',
  'cash-profit': 'Cash profit',
  'new-orders': 'New orders',
  'ipo-proceeds': 'IPO proceeds',
  'offer-price': 'Offer price per share',
  investment: 'Investment',
  'capital-spending': 'Capital spending',
  'revenue-growth': 'Revenue growth (y/y)',
  'market-share': 'Share',
  'float-percentage': 'Float percentage',
  'loss-per-revenue-dollar': 'Loss per dollar of revenue',
  'price-to-sales': 'Price-to-sales (stated)',
  'price-to-earnings': 'Price-to-earnings',
  'listing-count': 'Listings',
  'compute-commitment': 'Compute commitments',
};

const GROUP_LABELS: Record<(typeof COMPANY_GROUPS)[number], string> = {
  'ipo-candidate': 'IPO candidates',
  incumbent: 'Incumbents',
  supplier: 'Suppliers',
  other: 'Acquisitions and targets',
  china: 'Chinese companies',
};

/** One figure as a table row. */
export interface FigureView {
  readonly label: string;
  readonly amount: Amount;
  /** Period or as-of date, formatted; null when the source gives neither. */
  readonly when: string | null;
  readonly basis: string | null;
  readonly note: string | null;
  readonly sources: readonly string[];
}

/** One section in reading order: its anchor, heading, the partial that renders it and that partial's data. */
export interface SectionView {
  readonly id: string;
  readonly anchor: string;
  readonly title: string;
  readonly partial: string;
  readonly data: unknown;
  /** Page the section's heading prints on, once a first print has shown it (null before). */
  readonly page: number | null;
}

/** Everything the layout template receives. */
export interface View {
  readonly briefing: {
    readonly id: string;
    readonly title: string;
    readonly subtitle: string | null;
    readonly asOf: string;
    readonly authors: readonly string[];
    readonly audience: string;
    readonly pageSize: string;
    readonly margins: { readonly top: string; readonly right: string; readonly bottom: string; readonly left: string };
  };
  readonly generator: string;
  readonly sections: readonly SectionView[];
  /** Raw CSS of the template (trusted: it ships with the project). */
  readonly css: string;
  /** `@font-face` rules (filled in after the body is known). */
  readonly fontFaces: string;
}

function figureView(f: Figure): FigureView {
  const when = f.period ?? (f.asOf !== undefined ? `as of ${formatDate(f.asOf)}` : null);
  return {
    label: f.segment !== undefined ? `${QUANTITY_LABELS[f.quantity]}: ${f.segment}` : QUANTITY_LABELS[f.quantity],
    amount: f.amount,
    when,
    basis: f.basis ?? null,
    note: f.note ?? null,
    sources: f.sources,
  };
}

/** A disagreement as the "Where sources disagree" box shows it. */
export interface ConflictView {
  readonly label: string;
  readonly values: readonly { readonly amount: Amount; readonly basis: string | null; readonly sources: readonly string[] }[];
  readonly difference: Amount | null;
  readonly relative: number | null;
  readonly incomparable: boolean;
}

function conflictViews(conflicts: readonly Conflict[]): ConflictView[] {
  return conflicts.map((c) => ({
    label: `${c.ownerName === 'Market' ? '' : `${c.ownerName} `}${(c.segment !== null ? `${c.segment} ` : '') + QUANTITY_LABELS[c.quantity].toLowerCase()}${c.period !== null ? `, ${c.period}` : ''}`,
    values: c.values.map((v) => ({ amount: v.amount, basis: v.basis, sources: v.sources })),
    difference: c.difference,
    relative: c.relative,
    incomparable: c.verdict === 'incomparable',
  }));
}

function metricRows(metrics: readonly (Metric | undefined)[]): Metric[] {
  return metrics.filter((m): m is Metric => m !== undefined);
}

function sectionData(kind: string, b: Briefing, m: Metrics, charts: ChartSet, numbers: ReadonlyMap<string, number>): unknown {
  const nameOf = (id: string): string => b.companies.find((c) => c.id === id)?.name ?? id;
  switch (kind) {
    case 'companies':
      return {
        groups: COMPANY_GROUPS.map((g) => ({
          label: GROUP_LABELS[g],
          companies: b.companies
            .filter((c) => c.group === g)
            .map((c) => ({
              id: c.id,
              anchor: `company-${c.id}`,
              name: c.name,
              localName: c.localName ?? null,
              country: c.country,
              ipoStatus: c.ipoStatus ?? null,
              profile: c.profile,
              figures: c.figures.map(figureView),
              conflicts: conflictViews(m.conflicts.filter((x) => x.owner === c.id)),
            })),
        })).filter((g) => g.companies.length > 0),
        market: b.market.map(figureView),
        marketConflicts: conflictViews(m.conflicts.filter((x) => x.owner === 'market')),
      };
    case 'metrics':
      return {
        companies: m.companies
          .map((c) => ({
            name: c.name,
            rows: metricRows([c.valuation, c.revenue, c.priceToSales, c.ipoProceeds, c.impliedFloat, c.netMargin, c.revenueGrowth, c.impliedPriorRevenue]),
          }))
          .filter((c) => c.rows.length > 0),
        cohort: metricRows([m.cohort.valuation, m.cohort.proceeds]),
        proceedsMissing: m.cohort.proceedsMissing.map(nameOf),
        liquidity: m.liquidity,
        deals: m.deals.map((d) => ({ title: d.title, rows: [d.revenue, d.cashProfit, d.margin] })),
      };
    case 'charts':
      return { charts: charts satisfies readonly ChartFigure[] };
    case 'risks':
      return {
        risks: b.risks.map((r, i) => ({
          ...r,
          number: `R${i + 1}`,
          score: r.likelihood * r.impact,
          companyNames: r.companies.map(nameOf),
        })),
      };
    case 'takeaways': {
      const groups = [...new Set(b.takeaways.map((t) => t.stakeholder))];
      return { groups: groups.map((g) => ({ stakeholder: g, items: b.takeaways.filter((t) => t.stakeholder === g) })) };
    }
    case 'claims':
      return {
        conflicts: conflictViews(m.conflicts),
        claims: m.claims.map((c: ClaimCheck) => ({ ...c, consistent: c.verdict === 'consistent', note: b.claims.find((x) => x.id === c.id)?.note ?? null })),
        counts: { consistent: m.claims.filter((c) => c.verdict === 'consistent').length, total: m.claims.length },
      };
    case 'sources':
      return {
        sources: b.sources.map((s) => ({
          number: numbers.get(s.id)!,
          anchor: sourceAnchor(s.id),
          title: s.title,
          publisher: s.publisher,
          date: s.date ?? null,
          url: s.url ?? null,
          sentiment: s.sentiment ? { label: s.sentiment.label, score: s.sentiment.score ?? null } : null,
        })),
      };
    default:
      throw new RangeError(`no built-in section "${kind}"`);
  }
}

/**
 * The headline numbers shown above the executive summary: the cohort's combined valuation, each cohort
 * company's valuation range and price-to-sales, and the liquidity drawn at the highest float scenario.
 */
export function keyFigures(m: Metrics): Metric[] {
  const cohort = m.companies.filter((c) => m.cohort.companies.includes(c.company));
  const out: (Metric | undefined)[] = [m.cohort.valuation, m.liquidity.at(-1)?.drawn];
  for (const c of cohort) out.push(c.valuation);
  for (const c of cohort) out.push(c.priceToSales);
  return metricRows(out).slice(0, 6);
}

/**
 * Arrange briefing, metrics and charts into the {@link View} the layout renders.
 * @param generator "briefing 0.1.0", printed in the colophon and PDF metadata.
 */
export function buildView(b: Briefing, m: Metrics, charts: ChartSet, css: string, generator: string): View {
  const numbers = citationNumbers(b);
  const sections = b.manifest.sections.map((id): SectionView => {
    const prose = b.prose.get(id);
    if (prose && id === 'executive-summary') {
      return { id, anchor: `sec-${id}`, title: prose.title, partial: 'executive-summary', data: { markdown: prose.markdown, keyFigures: keyFigures(m) }, page: null };
    }
    if (prose) return { id, anchor: `sec-${id}`, title: prose.title, partial: 'prose', data: { markdown: prose.markdown }, page: null };
    return { id, anchor: `sec-${id}`, title: BUILT_IN_TITLES[id] ?? id, partial: id, data: sectionData(id, b, m, charts, numbers), page: null };
  });
  const man = b.manifest;
  return {
    briefing: {
      id: man.id,
      title: man.title,
      subtitle: man.subtitle ?? null,
      asOf: man.asOf,
      authors: man.authors,
      audience: man.audience,
      pageSize: man.pageSize,
      margins: man.margins,
    },
    generator,
    sections,
    css,
    fontFaces: '',
  };
}

/** Id of a section's heading element (`<h2 id="sec-risks-h">`), where the outline and contents point. */
export const sectionHeadingId = (s: Pick<SectionView, 'anchor'>): string => `${s.anchor}-h`;

/**
 * The view with contents page numbers filled in.
 * @param pages heading id → 1-based page, from a printed PDF's outline.
 */
export function withPageNumbers(view: View, pages: ReadonlyMap<string, number>): View {
  return { ...view, sections: view.sections.map((s) => ({ ...s, page: pages.get(sectionHeadingId(s)) ?? null })) };
}
