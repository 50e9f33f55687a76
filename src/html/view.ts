/**
 * The view model the templates see: the briefing, its metrics and charts arranged in section order, with
 * every optional field present (as `null` when absent) so that Handlebars' strict mode can tell a missing
 * field (a template or content error) from an empty one.
 */
import type { Amount } from '../content/amount.ts';
import { MARKET, type Briefing, type Figure } from '../content/model.ts';
import type { SectionEntry } from '../content/input.ts';
import type { Vocabulary } from '../content/vocabulary.ts';
import type { DrawnChart, ChartSet } from '../charts/catalogue.ts';
import { createFormatter, type Formatter } from '../format.ts';
import { describeRate } from '../metrics/fx.ts';
import type { ClaimCheck, DeclaredMetric, Metric, Metrics } from '../metrics/compute.ts';
import { figureKey, moveText, sinceWords, unrecordedNote, type ChangeReport } from '../metrics/changes.ts';
import { ITEM_KINDS, itemLines, unrecordedKinds, type ChangeLine } from '../metrics/changes-items.ts';
import { BriefingError } from '../errors.ts';
import { errorOf, msg } from '../messages.ts';
import { suggestion } from '../content/units.ts';
import path from 'node:path';
import type { Conflict } from '../metrics/conflicts.ts';
import Handlebars from 'handlebars';
import { hasInlineSyntax } from '../content/inline.ts';
import { figureAnchor, inlineHtml, inlineText, metricAnchor, NO_INLINE_VALUES, type InlineValues } from './inline.ts';
import { citationHtml, citationNumbers, sourceAnchor, type CitationNumbers } from './markdown.ts';
import { unique } from '../lists.ts';
import { CALENDAR_YEAR_END, periodSpan } from '../content/periods.ts';
import { placedCharts } from '../content/prose.ts';

/** Headings of the built-in sections. */
export const BUILT_IN_TITLES: Record<string, string> = {
  companies: 'Company profiles',
  metrics: 'Key metrics',
  charts: 'Charts',
  risks: 'Risk register',
  takeaways: 'Takeaways by stakeholder',
  claims: 'Figure checks',
  sources: 'Sources',
  changes: 'What changed',
};

/** One figure as a table row. */
export interface FigureRow {
  /** The figure's key, as the snapshot records it ({@link figureKey}): the row's `data-key="figure:<key>"`. */
  readonly key: string;
  /** The row's `id` when an inline value links to it ({@link figureAnchor}); null otherwise. */
  readonly anchor: string | null;
  readonly label: string;
  readonly amount: Amount;
  /** Period (with the day it ends where the owner's year does not end on 31 December) or as-of date, formatted; null when the source gives neither. */
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
  /** True when briefing.yaml asks for the section to start a new page (`{id, newPage: true}`); sections otherwise flow on. */
  readonly newPage: boolean;
  /**
   * The CSS named page the section prints on: the anchor of the section that began its run of pages (the last
   * one asked to start a new page, this one included), whose title the running header shows; null before the
   * first such section. A change of named page forces a page break, so only new-page sections change it.
   */
  readonly pageName: string | null;
}

/** A section before its page run is known (see `withPageRuns`). */
type ArrangedSection = Omit<SectionView, 'newPage' | 'pageName'>;

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

/** The printed title of a term of the vocabulary (the id when the term is unknown, which the loader refuses). */
const titleOf = (terms: ReadonlyMap<string, { readonly title: string }>, id: string): string => terms.get(id)?.title ?? id;

/**
 * A figure's period as its row prints it: the label, and where the owner's year does not end on 31 December the
 * day the period ends (`FY2026 (to 31 Mar 2026)`, `Q1 2026 (to 30 Jun 2025)`: content/periods.ts); or the
 * as-of date; null without either.
 */
function periodText(f: Figure, fmt: Formatter, fiscalYearEnd: string | undefined): string | null {
  if (f.period === undefined) return f.asOf !== undefined ? `as of ${fmt.date(f.asOf)}` : null;
  const end = fiscalYearEnd === undefined || fiscalYearEnd === CALENDAR_YEAR_END ? undefined : periodSpan(f.period, fiscalYearEnd)?.end;
  // The date holds together when the cell wraps: `FY2026` over `(to 31 Mar 2026)`.
  return end === undefined ? f.period : `${f.period} (to\u00a0${fmt.shortDate(end).replace(/ /g, '\u00a0')})`;
}

function figureRow(owner: string, f: Figure, v: Vocabulary, fmt: Formatter, anchors: ReadonlySet<string>, fiscalYearEnd?: string): FigureRow {
  const when = periodText(f, fmt, fiscalYearEnd);
  const quantity = titleOf(v.quantities, f.quantity);
  return {
    key: figureKey(owner, f),
    anchor: f.id !== undefined && anchors.has(figureAnchor(f.id)) ? figureAnchor(f.id) : null,
    label: f.segment !== undefined ? `${quantity}: ${f.segment}` : quantity,
    amount: f.amount,
    when,
    basis: f.basis === undefined ? null : titleOf(v.bases, f.basis),
    note: f.note ?? null,
    sources: f.sources,
  };
}

/**
 * A disagreement as the "Where sources disagree" box shows it. `converted` is a value in the comparison's
 * currency when it was stated in another; `rates` the exchange rates used, as formula text, with the rates'
 * sources in `rateSources`.
 */
export interface ConflictView {
  /** The conflict's id (`<owner>.<quantity>[.<segment>][.<period>]`): the box's or row's `data-key="conflict:<id>"`. */
  readonly id: string;
  readonly label: string;
  readonly values: readonly { readonly amount: Amount; readonly converted: Amount | null; readonly basis: string | null; readonly sources: readonly string[] }[];
  readonly difference: Amount | null;
  readonly relative: number | null;
  /** Highest ÷ lowest value when the highest is at least twice the lowest (a gap of that size reads better as a multiple); null otherwise. */
  readonly ratio: number | null;
  readonly incomparable: boolean;
  readonly rates: readonly string[];
  readonly rateSources: readonly string[];
}

function conflictViews(conflicts: readonly Conflict[], v: Vocabulary, fmt: Formatter): ConflictView[] {
  return conflicts.map((c) => ({
    id: c.id,
    label: `${c.owner === MARKET ? '' : `${c.ownerName} `}${(c.segment !== null ? `${c.segment} ` : '') + titleOf(v.quantities, c.quantity).toLowerCase()}${c.period !== null ? `, ${c.period}` : ''}`,
    values: c.values.map((x) => ({ amount: x.amount, converted: x.converted, basis: x.basis === null ? null : titleOf(v.bases, x.basis), sources: x.sources })),
    difference: c.difference,
    relative: c.relative,
    ratio: c.relative !== null && c.relative >= 1 ? c.relative + 1 : null,
    incomparable: c.verdict === 'incomparable',
    rates: c.rates.map((r) => describeRate(r, fmt)),
    rateSources: unique(c.rates.flatMap((r) => r.stated.sources)),
  }));
}

/** The companies section: declared groups in their order, then ungrouped companies; market figures; conflicts. */
function companiesData(b: Briefing, m: Metrics, fmt: Formatter, anchors: ReadonlySet<string>): unknown {
  const v = b.vocabulary;
  const conflicts = (xs: readonly Conflict[]): ConflictView[] => conflictViews(xs, v, fmt);
  return {
    // The declared groups in their order, then the companies in no group (under no heading).
    groups: [...[...v.groups.values()].map((g) => ({ id: g.id, label: g.title, description: g.description ?? null })), { id: null, label: null, description: null }]
      .map((g) => ({
        ...g,
        companies: b.companies
          .filter((c) => (c.group ?? null) === g.id)
          .map((c) => ({
          id: c.id,
          anchor: `company-${c.id}`,
          name: c.name,
          localName: c.localName ?? null,
          country: c.country,
          status: c.status ?? null,
          localLang: c.localLang ?? null,
          profile: c.profile,
          fiscalYearEnd: c.fiscalYearEnd === undefined || c.fiscalYearEnd === CALENDAR_YEAR_END ? null : fmt.dayMonth(c.fiscalYearEnd),
          figures: c.figures.map((f) => figureRow(c.id, f, v, fmt, anchors, c.fiscalYearEnd)),
          conflicts: conflicts(m.conflicts.filter((x) => x.owner === c.id)),
        })),
      }))
      .filter((g) => g.companies.length > 0),
    market: b.market.map((f) => figureRow(MARKET, f, v, fmt, anchors)),
    marketConflicts: conflicts(m.conflicts.filter((x) => x.owner === MARKET)),
  };
}

/**
 * A plain-text field (a takeaway, a chart caption) as the template prints it: the text itself when it writes
 * no inline value (Handlebars escapes it), else its HTML with the values linked and cited.
 */
export function inlineField(text: string, values: InlineValues, numbers: CitationNumbers): string | Handlebars.SafeString {
  if (!hasInlineSyntax(text)) return text;
  return new Handlebars.SafeString(inlineHtml(text, values, Handlebars.escapeExpression, (ids) => citationHtml(ids, numbers)));
}

/** The data a built-in section's partial gets (`kind`: companies, metrics, charts, risks, takeaways, claims, sources). */
function sectionData(kind: string, b: Briefing, m: Metrics, charts: ChartSet, numbers: CitationNumbers, fmt: Formatter, values: InlineValues = NO_INLINE_VALUES): unknown {
  const nameOf = (id: string): string => b.companies.find((c) => c.id === id)?.name ?? id;
  const v = b.vocabulary;
  const conflicts = (xs: readonly Conflict[]): ConflictView[] => conflictViews(xs, v, fmt);
  switch (kind) {
    case 'companies':
      return companiesData(b, m, fmt, values.anchors);
    case 'metrics':
      return { tables: metricTables(m.declared, values.anchors) };
    case 'charts':
      return { charts: (charts satisfies readonly DrawnChart[]).map((c) => ({ ...c, key: c.id, ...(hasInlineSyntax(c.caption) ? { caption: inlineField(c.caption, values, numbers) } : {}) })) };
    case 'risks':
      return {
        risks: b.risks.map((r, i) => ({
          ...r,
          number: `R${i + 1}`,
          categoryTitle: titleOf(v.riskCategories, r.category),
          score: r.likelihood * r.impact,
          companyNames: r.companies.map(nameOf),
        })),
      };
    case 'takeaways': {
      const groups = unique(b.takeaways.map((t) => t.stakeholder));
      const item = (t: Briefing['takeaways'][number]) => (hasInlineSyntax(t.takeaway) ? { ...t, takeaway: inlineField(t.takeaway, values, numbers) } : t);
      return { groups: groups.map((g) => ({ stakeholder: g, items: b.takeaways.filter((t) => t.stakeholder === g).map(item) })) };
    }
    case 'claims':
      return {
        conflicts: conflicts(m.conflicts),
        claims: m.claims.map((c: ClaimCheck) => ({ ...c, consistent: c.verdict === 'consistent', note: b.claims.find((x) => x.id === c.id)?.note ?? null })),
        counts: { consistent: m.claims.filter((c) => c.verdict === 'consistent').length, total: m.claims.length },
      };
    case 'sources':
      return {
        sources: b.sources.map((s) => ({
          id: s.id,
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
      throw errorOf(msg.noBuiltInSection(kind), RangeError);
  }
}

/**
 * A table of the metrics section: a heading (null for none), the name of the one metric it holds when the
 * heading is a `table:` of its own (null otherwise), its rows, and the companies left out.
 */
export interface MetricTableView {
  readonly heading: string | null;
  /** The label of a metric of several rows (each company, each scenario) alone in a `table:` named otherwise; null for any other table. */
  readonly metric: string | null;
  /** Each row with its label, and its `id` when an inline value links to it (null otherwise). */
  readonly rows: readonly (Metric & { readonly label: string; readonly anchor: string | null })[];
  readonly notes: readonly string[];
  readonly missing: readonly string[];
}

/**
 * The declared metrics as tables, in declaration order: metrics that name the same `table` print together;
 * a metric of several rows (each company, each scenario) gets a table headed by its label; single metrics
 * without a table share one table without a heading. A metric of several rows alone in a `table:` keeps its
 * label as `metric`, which prints under the table's heading, since its rows name only the companies or
 * scenarios; in a table with other metrics each row carries it (`Valuation: Acme`).
 */
export function metricTables(declared: readonly DeclaredMetric[], anchors: ReadonlySet<string> = new Set()): MetricTableView[] {
  const keyOf = (d: DeclaredMetric): string | null => d.table ?? (d.kind === 'single' ? null : d.label);
  const keys = unique(declared.map(keyOf));
  return keys.map((heading) => {
    const members = declared.filter((d) => keyOf(d) === heading);
    const alone = members.length === 1;
    const lone = alone && members[0]!.kind !== 'single' && members[0]!.label !== heading ? members[0]!.label : null;
    return {
      heading,
      metric: lone,
      rows: members.flatMap((d) =>
        d.rows.map((r) => ({ ...r, label: d.kind === 'single' ? d.label : alone ? r.label : `${d.label}: ${r.label}`, anchor: anchors.has(metricAnchor(r.id)) ? metricAnchor(r.id) : null })),
      ),
      notes: members.flatMap((d) => (d.note === null ? [] : [d.note])),
      missing: unique(members.flatMap((d) => d.missing)),
    };
  });
}

/**
 * The headline numbers shown at the top of the first prose section, as `keyFigures:` in briefing.yaml names them:
 * `metric-id` (every row) or `metric-id:key` (the row of one company or scenario).
 * @throws BriefingError (`unknownReference`) at briefing.yaml for an unknown metric or row.
 */
export function keyFigures(b: Briefing, m: Metrics): Metric[] {
  return b.settings.keyFigures.flatMap((ref, i) => {
    const [id, key] = ref.split(/:(.*)/s) as [string, string | undefined];
    const d = m.declared.find((x) => x.id === id);
    const place = { file: path.join(b.dir, 'briefing.yaml'), path: `keyFigures[${i}]` };
    if (d === undefined) throw BriefingError.of(msg.unknownKeyMetric(id, suggestion(id, m.declared.map((x) => x.id))), place);
    const rows = key === undefined ? d.rows : d.rows.filter((r) => r.key === key);
    if (rows.length === 0) throw BriefingError.of(msg.noMetricRow(id, key, d.rows.map((r) => r.key)), place);
    return rows.map((r) => ({ ...r, label: d.kind === 'single' ? d.label : d.kind === 'each' ? `${r.label}: ${d.label}` : `${d.label} at ${r.key}` }));
  });
}

/**
 * The changes section: headed by the earlier build (its as-of date, or when it ran: see `sinceWords`), each
 * changed value with `move`, its change as printed (`+4.17%`, `+0.28 pp`; null when it cannot be said);
 * `items`, the changes of risks, takeaways, charts, sources, sections and prose as lines by element kind
 * (`items.risk`, `items.prose`, ...: `{key, change, text}` in reading order); `unrecorded`, the words for the
 * kinds the earlier build did not record (null when it recorded all).
 */
function changesSection(changes: ChangeReport, fmt: Formatter): ArrangedSection {
  const moved = (c: ChangeReport['figures']['changed'][number]) => ({ ...c, move: moveText(c, fmt) });
  const report = { ...changes, figures: { ...changes.figures, changed: changes.figures.changed.map(moved) }, metrics: { ...changes.metrics, changed: changes.metrics.changed.map(moved) } };
  // Every kind present (empty when unchanged): the templates run strict.
  const items: Record<string, ChangeLine[]> = Object.fromEntries(ITEM_KINDS.map(([, kind]) => [kind, []]));
  for (const line of itemLines(changes)) items[line.kind]!.push(line);
  const unrecorded = unrecordedKinds(changes);
  const title = `What changed since ${sinceWords(changes, (iso) => fmt.date(iso))}`;
  return { id: 'changes', anchor: 'sec-changes', title, partial: 'changes', data: { report, items, unrecorded: unrecorded.length === 0 ? null : unrecordedNote(unrecorded) }, page: null };
}

/**
 * Arrange briefing, metrics and charts into the {@link View} the layout renders.
 * @param generator "briefing 0.1.0", printed in the colophon and PDF metadata.
 * @param values the briefing's inline values, resolved (src/html/inline.ts): the rows they link to get ids;
 *   takeaways, chart captions and section headings print them.
 */
export function buildView(b: Briefing, m: Metrics, charts: ChartSet, css: string, generator: string, changes: ChangeReport | null = null, values: InlineValues = NO_INLINE_VALUES): View {
  const numbers = citationNumbers(b);
  const fmt = createFormatter(b.settings.locale);
  // The headline numbers open the first prose section (the summary, whatever its id).
  const headline = keyFigures(b, m);
  const opening = b.settings.sections.find(({ id }) => b.prose.has(id))?.id;
  // A chart placed in prose with `::: chart id` prints there only: the charts section holds the rest.
  const placed = placedCharts(b.settings.sections, b.prose);
  const unplaced = charts.filter((c) => !placed.has(c.id));
  // A section with nothing to show is left out, and so from the contents: the changes without an earlier
  // build, the charts section when every chart is placed in prose.
  const arranged = b.settings.sections.flatMap(({ id }): ArrangedSection[] => {
    const prose = b.prose.get(id);
    if (prose && id === opening) {
      return [{ id, anchor: `sec-${id}`, title: inlineText(prose.title, values), partial: 'executive-summary', data: { markdown: prose.markdown, section: id, keyFigures: headline }, page: null }];
    }
    if (prose) return [{ id, anchor: `sec-${id}`, title: inlineText(prose.title, values), partial: 'prose', data: { markdown: prose.markdown, section: id }, page: null }];
    if (id === 'changes') return changes === null ? [] : [changesSection(changes, fmt)];
    if (id === 'charts' && unplaced.length === 0) return [];
    return [{ id, anchor: `sec-${id}`, title: BUILT_IN_TITLES[id] ?? id, partial: id, data: sectionData(id, b, m, unplaced, numbers, fmt, values), page: null }];
  });
  const sections = withPageRuns(arranged, b.settings.sections);
  const man = b.settings;
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

/**
 * Sections with their page runs: a section asked to start a new page begins a run (its anchor the run's named
 * page), and the sections after it flow on in that run until the next one. A section asked to start a new page
 * but left out (nothing to show) passes its new page on to the next section that prints.
 */
function withPageRuns(sections: readonly ArrangedSection[], listed: readonly SectionEntry[]): SectionView[] {
  const printed = new Set(sections.map((s) => s.id));
  const newPage = new Set<string>();
  let pending = false;
  for (const entry of listed) {
    pending ||= entry.newPage;
    if (pending && printed.has(entry.id)) {
      newPage.add(entry.id);
      pending = false;
    }
  }
  let pageName: string | null = null;
  return sections.map((s) => {
    const starts = newPage.has(s.id);
    if (starts) pageName = s.anchor;
    return { ...s, newPage: starts, pageName };
  });
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
