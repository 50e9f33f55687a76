/**
 * What changed since the last build: every build records the values it printed (a {@link Snapshot}: each
 * figure, metric row, claim verdict and conflict), and two snapshots of one briefing compare into a
 * {@link ChangeReport}. The report prints as a section of the briefing, as `changes.json` and as Markdown
 * for a CI job summary; `briefing diff` compares two build manifests without building.
 */
import type { Amount } from '../content/amount.ts';
import { figureOwners, type Briefing } from '../content/model.ts';
import type { Formatter } from '../format.ts';
import type { Metrics } from './compute.ts';

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
}

/** A value that changed: before, after, and for numbers the relative change of the midpoint (a fraction). */
export interface ValueChange {
  readonly key: string;
  readonly label: string;
  readonly before: string;
  readonly after: string;
  readonly relative: number | null;
  readonly sources: readonly string[];
}

/** The differences between two snapshots of one briefing. */
export interface ChangeReport {
  readonly id: string;
  /** The as-of date of the earlier build. */
  readonly since: string;
  readonly figures: { readonly added: readonly RecordedValue[]; readonly removed: readonly RecordedValue[]; readonly changed: readonly ValueChange[] };
  readonly metrics: { readonly added: readonly RecordedValue[]; readonly removed: readonly RecordedValue[]; readonly changed: readonly ValueChange[] };
  readonly claims: readonly { readonly id: string; readonly statement: string; readonly before: string; readonly after: string }[];
  readonly conflicts: { readonly appeared: readonly string[]; readonly resolved: readonly string[] };
  /** Number of changes of every kind together. */
  readonly count: number;
}

/** The key of a figure: its id, or what it measures and who states it. */
function figureKey(owner: string, f: Briefing['market'][number]): string {
  return f.id ?? [owner, f.quantity, f.segment ?? '', f.period ?? '', f.asOf ?? '', f.sources.join(';')].join('|');
}

/**
 * The values a build printed, for its manifest.
 * @param fmt prints the values as the briefing does.
 */
export function snapshotOf(b: Briefing, m: Metrics, fmt: Formatter): Snapshot {
  const figures: Record<string, RecordedValue> = {};
  const title = (q: string): string => b.vocabulary.quantities.get(q)?.title ?? q;
  for (const o of figureOwners(b)) {
    for (const f of o.figures) {
      const label = [o.name, title(f.quantity).toLowerCase(), f.segment, f.period ?? f.asOf].filter((x) => x !== undefined).join(' ');
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
    conflicts: Object.fromEntries(m.conflicts.map((c) => [c.id, { label: `${c.ownerName} ${title(c.quantity).toLowerCase()}${c.period !== null ? ` ${c.period}` : ''}`, verdict: c.verdict }])),
  };
}

const midpoint = (a: RecordedValue['amount']): number => (a.low + a.high) / 2;

/** Values added, removed and changed between two keyed sets (a change is any other amount). */
function compareValues(before: Readonly<Record<string, RecordedValue>>, after: Readonly<Record<string, RecordedValue>>) {
  const added = Object.keys(after).filter((k) => !(k in before)).map((k) => after[k]!);
  const removed = Object.keys(before).filter((k) => !(k in after)).map((k) => before[k]!);
  const changed: ValueChange[] = Object.keys(after)
    .filter((k) => k in before)
    .flatMap((k) => {
      const [a, b] = [before[k]!, after[k]!];
      const same = a.amount.unit === b.amount.unit && a.amount.low === b.amount.low && a.amount.high === b.amount.high && a.amount.qualifier === b.amount.qualifier;
      if (same) return [];
      const old = midpoint(a.amount);
      const relative = a.amount.unit === b.amount.unit && old !== 0 ? (midpoint(b.amount) - old) / Math.abs(old) : null;
      return [{ key: k, label: b.label, before: a.text, after: b.text, relative, sources: b.sources }];
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
  return { id: after.id, since: before.asOf, figures, metrics, claims, conflicts, count };
}

/** A relative change with its sign: +4.17%, −2%. */
export function signedPercent(fraction: number, fmt: Pick<Formatter, 'percent'>): string {
  return `${fraction >= 0 ? '+' : ''}${fmt.percent(fraction)}`;
}

/** The report as a short Markdown summary (for a CI job summary): one heading per briefing, one line per change. */
export function changesMarkdown(report: ChangeReport, fmt: Pick<Formatter, 'percent'>): string {
  const lines = [`### ${report.id}: what changed since ${report.since}`, ''];
  if (report.count === 0) return [...lines, 'No change.', ''].join('\n');
  const move = (c: ValueChange): string => `- ${c.label}: ${c.before} → ${c.after}${c.relative === null ? '' : ` (${signedPercent(c.relative, fmt)})`}`;
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
