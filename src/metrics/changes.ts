/**
 * What changed since the last build: every build records the values it printed (a {@link Snapshot}: each
 * figure, metric row, claim verdict and conflict), and two snapshots of one briefing compare into a
 * {@link ChangeReport}. The report prints as a section of the briefing, as `changes.json` and as Markdown
 * for a CI job summary; `briefing diff` compares two build manifests without building.
 *
 * A move reads as a desk writes it: money and other quantities by their relative change (`+4.17%`), a
 * percent quantity in percentage points (`+1.72 pp`). The earlier build is named by a date that differs from
 * this build's as-of date (see {@link sinceWords}).
 */
import type { Amount } from '../content/amount.ts';
import { figureOwners, type Briefing } from '../content/model.ts';
import type { Formatter } from '../format.ts';
import type { Metrics } from './compute.ts';
import { titleInSentence } from './formula-text.ts';

/** One recorded value: the amount, how it printed, and its sources. */
export interface RecordedValue {
  readonly label: string;
  readonly amount: Pick<Amount, 'unit' | 'low' | 'high' | 'qualifier'>;
  readonly text: string;
  readonly sources: readonly string[];
}

/** The values one build of a briefing printed, keyed so that two builds line up. */
export interface Snapshot {
  readonly id: string;
  readonly asOf: string;
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

/** The differences between two snapshots of one briefing. */
export interface ChangeReport {
  readonly id: string;
  /** The as-of date of the earlier build. */
  readonly since: string;
  /** When the earlier build ran (ISO 8601 instant, its manifest's `built`); null when its manifest does not say. */
  readonly sinceBuilt: string | null;
  /** The as-of date of this build. */
  readonly asOf: string;
  readonly figures: { readonly added: readonly KeyedValue[]; readonly removed: readonly KeyedValue[]; readonly changed: readonly ValueChange[] };
  readonly metrics: { readonly added: readonly KeyedValue[]; readonly removed: readonly KeyedValue[]; readonly changed: readonly ValueChange[] };
  readonly claims: readonly { readonly id: string; readonly statement: string; readonly before: string; readonly after: string }[];
  readonly conflicts: { readonly appeared: readonly string[]; readonly resolved: readonly string[] };
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
 * The values a build printed, for its manifest.
 * @param fmt prints the values as the briefing does.
 */
export function snapshotOf(b: Briefing, m: Metrics, fmt: Formatter): Snapshot {
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
    figures,
    metrics,
    claims: Object.fromEntries(m.claims.map((c) => [c.id, { statement: c.statement, verdict: c.verdict }])),
    conflicts: Object.fromEntries(m.conflicts.map((c) => [c.id, { label: `${c.ownerName} ${title(c.quantity)}${c.period !== null ? ` ${c.period}` : ''}`, verdict: c.verdict }])),
  };
}

const midpoint = (a: RecordedValue['amount']): number => (a.low + a.high) / 2;

/** A computed move rid of binary noise (0.28000000000000025 → 0.28): twelve significant digits. */
const tidy = (x: number): number => Number(x.toPrecision(12));

/** Values added, removed and changed between two keyed sets (a change is any other amount). */
function compareValues(before: Readonly<Record<string, RecordedValue>>, after: Readonly<Record<string, RecordedValue>>) {
  const keyed = (set: Readonly<Record<string, RecordedValue>>, k: string): KeyedValue => ({ key: k, ...set[k]! });
  const added = Object.keys(after).filter((k) => !(k in before)).map((k) => keyed(after, k));
  const removed = Object.keys(before).filter((k) => !(k in after)).map((k) => keyed(before, k));
  const changed: ValueChange[] = Object.keys(after)
    .filter((k) => k in before)
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
  const conflicts = {
    appeared: [...is].filter((id) => !was.has(id)).map((id) => after.conflicts[id]!.label),
    resolved: [...was].filter((id) => !is.has(id)).map((id) => before.conflicts[id]!.label),
  };
  const count =
    figures.added.length + figures.removed.length + figures.changed.length + metrics.added.length + metrics.removed.length + metrics.changed.length + claims.length + conflicts.appeared.length + conflicts.resolved.length;
  return { id: after.id, since: before.asOf, sinceBuilt: before.built ?? null, asOf: after.asOf, figures, metrics, claims, conflicts, count };
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
 * earlier build`.
 * @param date prints an ISO date (`fmt.date`, or the ISO text itself).
 */
export function sinceWords(report: Pick<ChangeReport, 'since' | 'sinceBuilt' | 'asOf'>, date: (iso: string) => string): string {
  if (report.since !== report.asOf) return date(report.since);
  if (report.sinceBuilt === null) return 'the earlier build';
  const [day, time] = [report.sinceBuilt.slice(0, 10), report.sinceBuilt.slice(11, 16)];
  return day === report.asOf ? `the build of ${date(day)}, ${time} UTC` : `the build of ${date(day)}`;
}

/** The report as a short Markdown summary (for a CI job summary): one heading per briefing, one line per change. */
export function changesMarkdown(report: ChangeReport, fmt: Pick<Formatter, 'percent' | 'number'>): string {
  const lines = [`### ${report.id}: what changed since ${sinceWords(report, (iso) => iso)}`, ''];
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
  return [...lines, ''].join('\n');
}
