/**
 * What changed since the last build: every build records what it printed (a {@link Snapshot}: each figure,
 * metric row, claim verdict and conflict, and, since #26, each risk, takeaway, chart, source, the sections and
 * the text of their prose: changes-items.ts), and two snapshots of one briefing compare into a
 * {@link ChangeReport}. The report prints as a section of the briefing, as `changes.json` and as Markdown
 * for a CI job summary; `briefing diff` compares two build manifests without building, and the preview marks
 * the elements {@link changeMarks} lists.
 *
 * A move reads as a desk writes it: money and other quantities by their relative change (`+4.17%`), a
 * percent quantity in percentage points (`+1.72 pp`). The earlier build is named by a date that differs from
 * this build's as-of date (see {@link sinceWords}).
 */
import type { Amount } from '../content/amount.ts';
import { figureOwners, type Briefing } from '../content/model.ts';
import { createFormatter, type Formatter } from '../format.ts';
import type { Metrics } from './compute.ts';
import { titleInSentence } from './formula-text.ts';
import { compareItems, itemCount, itemLines, recordItems, unrecordedKinds, type Change, type ItemChanges, type RecordedChart, type RecordedItems } from './changes-items.ts';

export type { Change, ChartRowDigest, ItemChange, ItemChanges, ProseItem, RecordedChart, RecordedItems, RecordedProse, RecordedRisk, RecordedSource, RecordedTakeaway, SectionItem } from './changes-items.ts';

/** One recorded value: the amount, how it printed, and its sources. */
export interface RecordedValue {
  readonly label: string;
  readonly amount: Pick<Amount, 'unit' | 'low' | 'high' | 'qualifier'>;
  readonly text: string;
  readonly sources: readonly string[];
}

/**
 * What one build of a briefing printed, keyed so that two builds line up. The kinds of {@link RecordedItems}
 * (risks, takeaways, charts, sources, prose, sections) are absent from a snapshot a version before #26
 * recorded: compared with one, each is "no record" (null in the report), not everything added.
 */
export interface Snapshot extends Partial<RecordedItems> {
  readonly id: string;
  readonly asOf: string;
  /** The locale its values are printed in (briefing.yaml's `locale`); absent from a version that did not record it. */
  readonly locale?: string;
  /** By figure id, or for a figure without one by owner, quantity, segment, period, date and sources. */
  readonly figures: Readonly<Record<string, RecordedValue>>;
  /** By metric row id (`price-to-sales.novo-nordisk`, `liquidity-drawn[25%]`). */
  readonly metrics: Readonly<Record<string, RecordedValue>>;
  readonly claims: Readonly<Record<string, { readonly statement: string; readonly verdict: string }>>;
  readonly conflicts: Readonly<Record<string, { readonly label: string; readonly verdict: string }>>;
  /**
   * When the build that recorded the snapshot ran, as an ISO 8601 instant (`2026-06-02T04:00:00Z`): the
   * `built` of the manifest it was read from. Absent from a snapshot being built and from a manifest of a
   * version that did not record it.
   */
  readonly built?: string;
  /**
   * When the snapshot was approved (`briefing approve`), an ISO 8601 instant: the `approved` of the
   * approved.json it was read from. Absent otherwise.
   */
  readonly approved?: string;
}

/** A value added or removed, with its key: the figure's id (or, for a figure without one, the key of {@link Snapshot.figures}) or the metric row's id. */
export interface KeyedValue extends RecordedValue {
  readonly key: string;
}

/**
 * A value that changed: before and after as printed; `relative`, the change of the midpoint as a fraction of
 * the earlier one (null across units or from zero); `pp`, for a percent quantity before and after, the change
 * of the midpoint in percentage points (8.25% → 8.53% is 0.28; null otherwise), which is how the move prints.
 */
export interface ValueChange {
  readonly key: string;
  readonly label: string;
  readonly before: string;
  readonly after: string;
  readonly relative: number | null;
  readonly pp: number | null;
  readonly sources: readonly string[];
}

/**
 * The differences between two snapshots of one briefing. The kinds of {@link ItemChanges} (risks, takeaways,
 * charts, sources, sections, prose) are lists of changes in reading order, or null when the earlier build
 * recorded nothing of the kind.
 */
export interface ChangeReport extends ItemChanges {
  readonly id: string;
  /** The as-of date of the earlier build. */
  readonly since: string;
  /** When the earlier build ran (ISO 8601 instant, its manifest's `built`); null when its manifest does not say. */
  readonly sinceBuilt: string | null;
  /** When the earlier build was approved (ISO 8601 instant, approved.json's `approved`); null when it is no approved version. */
  readonly sinceApproved: string | null;
  /** The as-of date of this build. */
  readonly asOf: string;
  /** The locale this build's values are printed in, which the summary prints their moves in too; null when its snapshot does not record it (English then). */
  readonly locale: string | null;
  readonly figures: { readonly added: readonly KeyedValue[]; readonly removed: readonly KeyedValue[]; readonly changed: readonly ValueChange[] };
  readonly metrics: { readonly added: readonly KeyedValue[]; readonly removed: readonly KeyedValue[]; readonly changed: readonly ValueChange[] };
  readonly claims: readonly { readonly id: string; readonly statement: string; readonly before: string; readonly after: string }[];
  /** Labels of the disagreements that appeared and were resolved; `appearedKeys`, `resolvedKeys` their ids, in the same order. */
  readonly conflicts: { readonly appeared: readonly string[]; readonly resolved: readonly string[]; readonly appearedKeys: readonly string[]; readonly resolvedKeys: readonly string[] };
  /** The section ids of this build in print order: the reading order of {@link changeMarks}. */
  readonly sectionOrder: readonly string[];
  /** Number of changes of every kind together. */
  readonly count: number;
}

/**
 * The key of a figure: its id, or what it measures and who states it (`<owner>|<quantity>|<segment>|<period>|<as-of>|<sources;>`).
 * The key of {@link Snapshot.figures}, and of the figure rows' `data-key="figure:<key>"` in the HTML.
 * @param owner the id of the company (or the market) that states the figure.
 */
export function figureKey(owner: string, f: Pick<Briefing['market'][number], 'id' | 'quantity' | 'segment' | 'period' | 'asOf' | 'sources'>): string {
  return f.id ?? [owner, f.quantity, f.segment ?? '', f.period ?? '', f.asOf ?? '', f.sources.join(';')].join('|');
}

/**
 * What a build printed, for its manifest: values, and the records of changes-items.ts.
 * @param fmt prints the values as the briefing does.
 * @param charts each chart's title and rows as printed, by chart id (made by the coordinator from the chart
 *   rows, which this stage cannot read).
 */
export function snapshotOf(b: Briefing, m: Metrics, fmt: Formatter, charts: Readonly<Record<string, RecordedChart>>): Snapshot {
  const figures: Record<string, RecordedValue> = {};
  // A quantity's title as it reads in a sentence: "revenue", but "IPO proceeds" kept.
  const title = (q: string): string => titleInSentence(b.vocabulary.quantities.get(q)?.title ?? q);
  for (const o of figureOwners(b)) {
    for (const f of o.figures) {
      const label = [o.name, title(f.quantity), f.segment, f.period ?? f.asOf].filter((x) => x !== undefined).join(' ');
      figures[figureKey(o.id, f)] = { label, amount: f.amount, text: fmt.amount(f.amount), sources: f.sources };
    }
  }
  const metrics: Record<string, RecordedValue> = {};
  for (const d of m.declared) {
    for (const r of d.rows) {
      const amount = { unit: r.unit, low: r.low, high: r.high, ...(r.qualifier ? { qualifier: r.qualifier } : {}) };
      metrics[r.id] = { label: d.kind === 'single' ? d.label : `${d.label}: ${r.label}`, amount, text: fmt.amount(amount), sources: r.sources };
    }
  }
  return {
    id: b.settings.id,
    asOf: b.settings.asOf,
    locale: b.settings.locale,
    figures,
    metrics,
    claims: Object.fromEntries(m.claims.map((c) => [c.id, { statement: c.statement, verdict: c.verdict }])),
    conflicts: Object.fromEntries(m.conflicts.map((c) => [c.id, { label: `${c.ownerName} ${title(c.quantity)}${c.period !== null ? ` ${c.period}` : ''}`, verdict: c.verdict }])),
    ...recordItems(b, charts),
  };
}

const midpoint = (a: RecordedValue['amount']): number => (a.low + a.high) / 2;

/** A computed move rid of binary noise (0.28000000000000025 → 0.28): twelve significant digits. */
const tidy = (x: number): number => Number(x.toPrecision(12));

/** Values added, removed and changed between two keyed sets (a change is any other amount). */
function compareValues(before: Readonly<Record<string, RecordedValue>>, after: Readonly<Record<string, RecordedValue>>) {
  const keyed = (set: Readonly<Record<string, RecordedValue>>, k: string): KeyedValue => ({ key: k, ...set[k]! });
  const added = Object.keys(after).filter((k) => !Object.hasOwn(before, k)).map((k) => keyed(after, k));
  const removed = Object.keys(before).filter((k) => !Object.hasOwn(after, k)).map((k) => keyed(before, k));
  const changed: ValueChange[] = Object.keys(after)
    .filter((k) => Object.hasOwn(before, k))
    .flatMap((k) => {
      const [a, b] = [before[k]!, after[k]!];
      const same = a.amount.unit === b.amount.unit && a.amount.low === b.amount.low && a.amount.high === b.amount.high && a.amount.qualifier === b.amount.qualifier;
      if (same) return [];
      const old = midpoint(a.amount);
      const relative = a.amount.unit === b.amount.unit && old !== 0 ? (midpoint(b.amount) - old) / Math.abs(old) : null;
      const pp = a.amount.unit === 'percent' && b.amount.unit === 'percent' ? tidy((midpoint(b.amount) - old) * 100) : null;
      return [{ key: k, label: b.label, before: a.text, after: b.text, relative, pp, sources: b.sources }];
    });
  return { added, removed, changed };
}

/** Compare an earlier build's snapshot of a briefing with this one's. */
export function compareSnapshots(before: Snapshot, after: Snapshot): ChangeReport {
  const figures = compareValues(before.figures, after.figures);
  const metrics = compareValues(before.metrics, after.metrics);
  const claims = Object.entries(after.claims)
    .filter(([id, c]) => before.claims[id] !== undefined && before.claims[id]!.verdict !== c.verdict)
    .map(([id, c]) => ({ id, statement: c.statement, before: before.claims[id]!.verdict, after: c.verdict }));
  const disagreeing = (s: Snapshot): Set<string> => new Set(Object.entries(s.conflicts).map(([id]) => id));
  const [was, is] = [disagreeing(before), disagreeing(after)];
  const [appearedKeys, resolvedKeys] = [[...is].filter((id) => !was.has(id)), [...was].filter((id) => !is.has(id))];
  const conflicts = {
    appeared: appearedKeys.map((id) => after.conflicts[id]!.label),
    resolved: resolvedKeys.map((id) => before.conflicts[id]!.label),
    appearedKeys,
    resolvedKeys,
  };
  const items = compareItems(before, after);
  const count =
    figures.added.length + figures.removed.length + figures.changed.length + metrics.added.length + metrics.removed.length + metrics.changed.length + claims.length + conflicts.appeared.length + conflicts.resolved.length + itemCount(items);
  const since = { since: before.asOf, sinceBuilt: before.built ?? null, sinceApproved: before.approved ?? null };
  return { id: after.id, ...since, asOf: after.asOf, locale: after.locale ?? null, figures, metrics, claims, conflicts, ...items, sectionOrder: after.sections ?? [], count };
}

/** A relative change with its sign: +4.17%, −2%. */
export function signedPercent(fraction: number, fmt: Pick<Formatter, 'percent'>): string {
  return `${fraction >= 0 ? '+' : ''}${fmt.percent(fraction)}`;
}

/**
 * A change in percentage points with its sign and a no-break space before `pp`: three significant digits as
 * the formatter prints numbers, but two decimals at most from 0.01 to 1: +0.28 pp, −1.5 pp, +12.3 pp, +0.004 pp.
 */
export function signedPoints(pp: number, fmt: Pick<Formatter, 'number'>): string {
  const shown = Math.abs(pp) >= 0.01 && Math.abs(pp) < 1 ? Math.round(pp * 100) / 100 : pp;
  return `${pp >= 0 ? '+' : ''}${fmt.number(shown)}\u00a0pp`;
}

/** How a change moved, as the report prints it: in percentage points for a percent quantity, else relative; null when neither can be said. */
export function moveText(c: Pick<ValueChange, 'relative' | 'pp'>, fmt: Pick<Formatter, 'percent' | 'number'>): string | null {
  if (c.pp !== null) return signedPoints(c.pp, fmt);
  return c.relative === null ? null : signedPercent(c.relative, fmt);
}

/**
 * The earlier build, named by a date that differs from this build's as-of date, as the words after "what
 * changed since": its as-of date when the two differ (`15 January 2025`); else the day its manifest says it
 * ran (`the build of 16 January 2025`), with the UTC time when that day is this build's as-of date too
 * (`the build of 15 January 2025, 18:30 UTC`); else, when its manifest does not say when it ran, `the
 * earlier build`. An approved version (`briefing approve`) is named by the day it was approved: `the version
 * approved on 2 June 2026`.
 * @param date prints an ISO date (`fmt.date`, or the ISO text itself).
 */
export function sinceWords(report: Pick<ChangeReport, 'since' | 'sinceBuilt' | 'asOf'> & Partial<Pick<ChangeReport, 'sinceApproved'>>, date: (iso: string) => string): string {
  if (typeof report.sinceApproved === 'string') return `the version approved on ${date(report.sinceApproved.slice(0, 10))}`;
  if (report.since !== report.asOf) return date(report.since);
  if (report.sinceBuilt === null) return 'the earlier build';
  const [day, time] = [report.sinceBuilt.slice(0, 10), report.sinceBuilt.slice(11, 16)];
  return day === report.asOf ? `the build of ${date(day)}, ${time} UTC` : `the build of ${date(day)}`;
}

/**
 * The report as a short Markdown summary (for a CI job summary): one heading per briefing, one line per change.
 * Its words are English; a move (+4.2%, −0.3 pp) prints in the locale of the values beside it ({@link ChangeReport.locale}).
 */
export function changesMarkdown(report: ChangeReport): string {
  const fmt = formatterOf(report.locale);
  const lines = [`### ${report.id}: what changed since ${sinceWords(report, (iso) => iso)}`, ''];
  const unrecorded = unrecordedKinds(report);
  if (unrecorded.length > 0) lines.push(`${unrecordedNote(unrecorded)}`, '');
  if (report.count === 0) return [...lines, 'No change.', ''].join('\n');
  const move = (c: ValueChange): string => {
    const moved = moveText(c, fmt);
    return `- ${c.label}: ${c.before} → ${c.after}${moved === null ? '' : ` (${moved})`}`;
  };
  for (const v of report.figures.added) lines.push(`- Figure added: ${v.label} ${v.text}`);
  for (const v of report.figures.removed) lines.push(`- Figure removed: ${v.label} ${v.text}`);
  for (const c of report.figures.changed) lines.push(move(c));
  for (const c of report.metrics.changed) lines.push(move(c));
  for (const v of report.metrics.added) lines.push(`- Metric added: ${v.label} ${v.text}`);
  for (const v of report.metrics.removed) lines.push(`- Metric removed: ${v.label}`);
  for (const c of report.claims) lines.push(`- Claim ${c.id}: ${c.before} → ${c.after}`);
  for (const c of report.conflicts.appeared) lines.push(`- Sources now disagree: ${c}`);
  for (const c of report.conflicts.resolved) lines.push(`- Sources no longer disagree: ${c}`);
  for (const l of itemLines(report)) lines.push(`- ${l.text}`);
  return [...lines, ''].join('\n');
}

/** The formatter of a report's locale: English when it records none, or one no formatter takes (a manifest edited by hand). */
function formatterOf(locale: string | null): Formatter {
  try {
    return createFormatter(locale ?? undefined);
  } catch {
    return createFormatter();
  }
}

/** The words for kinds the earlier build did not record (a build of a version before #26): `Not compared: …`. */
export function unrecordedNote(kinds: readonly string[]): string {
  return `Not compared: ${kinds.join(', ')} (the earlier build did not record them).`;
}

/** One element that differs from the earlier build: its element kind and key (`data-key="<kind>:<key>"`) and how it differs. */
export interface ChangeMark {
  readonly kind: string;
  readonly key: string;
  readonly change: Change;
}

/** The built-in section each element kind prints in (a prose block or section, in its own): reading order of the marks, and where the preview puts a removed element's placeholder. */
export const HOME_SECTION: Readonly<Record<string, string>> = { figure: 'companies', metric: 'metrics', claim: 'claims', conflict: 'claims', risk: 'risks', takeaway: 'takeaways', chart: 'charts', source: 'sources' };

/** Every change of a report as a {@link ChangeMark}, kind by kind (figures, metrics, claims, conflicts, then changes-items.ts's kinds). */
function marksOf(report: ChangeReport): ChangeMark[] {
  const keyed = (kind: string, change: Change) => (k: string): ChangeMark => ({ kind, key: k, change });
  return [
    ...report.figures.changed.map((c) => keyed('figure', 'changed')(c.key)),
    ...report.figures.added.map((v) => keyed('figure', 'added')(v.key)),
    ...report.figures.removed.map((v) => keyed('figure', 'removed')(v.key)),
    ...report.metrics.changed.map((c) => keyed('metric', 'changed')(c.key)),
    ...report.metrics.added.map((v) => keyed('metric', 'added')(v.key)),
    ...report.metrics.removed.map((v) => keyed('metric', 'removed')(v.key)),
    ...report.claims.map((c) => keyed('claim', 'changed')(c.id)),
    ...report.conflicts.appearedKeys.map(keyed('conflict', 'added')),
    ...report.conflicts.resolvedKeys.map(keyed('conflict', 'removed')),
    ...itemLines(report).map(({ kind, key, change }) => ({ kind, key, change })),
  ];
}

/**
 * The elements that differ from the earlier build, in reading order: section by section as this build prints
 * them (`sectionOrder`), and in a section its own mark (`section:<id>`), its prose blocks by number, then the
 * elements of the kinds it prints (figures in `companies`, metric rows in `metrics`, claims and disagreements
 * in `claims`, risks, takeaways, charts, sources in theirs). Marks whose section this build does not print
 * (a section removed, charts placed in prose) follow, kind by kind. In a kind, figures and metric rows go
 * changed, added, removed; the other kinds keep the report's reading order. A removed element's key is its key
 * in the earlier build: it has no element in this one. Pure: what the preview marks and steps through.
 */
export function changeMarks(report: ChangeReport): ChangeMark[] {
  const marks = marksOf(report);
  const sectionOf = (m: ChangeMark): string => (m.kind === 'section' ? m.key : m.kind === 'prose' ? m.key.slice(0, m.key.lastIndexOf(':')) : (HOME_SECTION[m.kind] ?? ''));
  const rank = new Map(report.sectionOrder.map((id, i) => [id, i]));
  const within = (m: ChangeMark): number => (m.kind === 'section' ? 0 : m.kind === 'prose' ? 1 : 2);
  const blockNumber = (m: ChangeMark): number => (m.kind === 'prose' ? Number(m.key.slice(m.key.lastIndexOf(':') + 1)) : 0);
  // A stable sort: marks of one kind in one section keep the order marksOf gives them.
  return marks
    .map((m, i) => ({ m, i }))
    .sort((a, b) => (rank.get(sectionOf(a.m)) ?? Infinity) - (rank.get(sectionOf(b.m)) ?? Infinity) || within(a.m) - within(b.m) || blockNumber(a.m) - blockNumber(b.m) || a.i - b.i)
    .map(({ m }) => m);
}
