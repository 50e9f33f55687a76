/**
 * Inline values printed: each `{figure:ID}` and `{metric:ID:ROW}` of the prose (checked and placed by the
 * content stage, src/content/inline.ts) resolved against the figures, the computed metrics and the earlier
 * build's snapshot, and written as HTML.
 *
 * ```
 * Briefing.inlineValues ─► resolveInlineValues(b, metrics, earlier, fmt) ─► InlineValues (token → text, anchor, title, sources)
 *   ├─ Markdown (markdown.ts): a link to the row, its sources cited or merged into the next [@…]
 *   └─ plain-text fields (takeaways, chart captions, section headings): inlineHtml / inlineText
 * ```
 * A value prints as its table prints it (the same {@link Formatter}); `|change` prints its move since the
 * earlier build: "up 1.2% from $87.1B", a percent quantity in percentage points ("up 0.28 pp from 8.25%"),
 * "unchanged" or "new", and without an earlier build the value alone.
 */
import { hasInlineSyntax, inlineTokens, type InlineRef, type InlineUse } from '../content/inline.ts';
import type { Briefing } from '../content/model.ts';
import { BriefingError, diagnostic, type Diagnostic, type Place } from '../errors.ts';
import type { Formatter } from '../format.ts';
import { msg } from '../messages.ts';
import type { RecordedValue, Snapshot } from '../metrics/changes.ts';
import type { Metrics, MetricRow } from '../metrics/compute.ts';
import { figureById } from '../metrics/lookup.ts';
import { escapeHtml } from '../text.ts';

/** What one inline value prints: its text, the anchor of the row that defines it, a title (the formula) and its sources. */
export interface ResolvedValue {
  readonly ref: InlineRef;
  readonly text: string;
  readonly anchor: string;
  readonly title: string;
  readonly sources: readonly string[];
}

/** The inline values of a briefing, resolved. */
export interface InlineValues {
  /** The value a token prints (`ref.token`, `{metric:x:20%}`); undefined for one the content did not check. */
  readonly get: (token: string) => ResolvedValue | undefined;
  /** Anchors of the figure and metric rows the values link to (those rows print with an `id`). */
  readonly anchors: ReadonlySet<string>;
  /** Every value of the prose with what it resolved to and where it is written, in reading order. */
  readonly uses: readonly (ResolvedValue & { readonly at: Place })[];
}

/** No inline values (a document without them, or a template test). */
export const NO_INLINE_VALUES: InlineValues = { get: () => undefined, anchors: new Set(), uses: [] };

/** Anchor of a stated figure's table row: `figure-row-<id>`. */
export const figureAnchor = (id: string): string => `figure-row-${id}`;

/** Anchor of a metric row (`price-to-sales.roche`, `at-risk[20%]`): `metric-row-` and the id, other characters as `_<hex>`. */
export const metricAnchor = (rowId: string): string => `metric-row-${rowId.replace(/[^a-z0-9-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`)}`;

/** The words a move prints with (document text, in the briefing's language: English). */
const MOVE = { up: 'up', down: 'down', unchanged: 'unchanged', new: 'new', changed: 'changed from', from: 'from', points: 'pp' } as const;

/**
 * Resolve every inline value of a briefing.
 * @param earlier the snapshot of the build given with `--since` (undefined without one: `|change` prints the value).
 * @throws BriefingError (`inlineRowLeftOut`) at each value naming a metric row that was not computed.
 */
export function resolveInlineValues(b: Briefing, m: Metrics, earlier: Snapshot | undefined, fmt: Formatter): InlineValues {
  const figures = figureById(b);
  const title = (q: string): string => (b.vocabulary.quantities.get(q)?.title ?? q).toLowerCase();
  const byToken = new Map<string, ResolvedValue>();
  const problems: Diagnostic[] = [];
  const uses = b.inlineValues.flatMap((use): (ResolvedValue & { at: Place })[] => {
    const known = byToken.get(use.token);
    if (known) return [{ ...known, at: use.at }];
    let value: ResolvedValue;
    if (use.kind === 'figure') {
      const { figure: f, ownerName } = figures.get(use.id)!;
      const label = [ownerName, title(f.quantity), f.segment, f.period ?? (f.asOf === undefined ? undefined : `as of ${fmt.date(f.asOf)}`)].filter((x) => x !== undefined).join(' ');
      const text = use.change ? move(f.amount, fmt.amount(f.amount), earlier, earlier?.figures[use.id], fmt) : fmt.amount(f.amount);
      value = { ref: refOf(use), text, anchor: figureAnchor(use.id), title: label, sources: f.sources };
    } else {
      const row = metricRow(m, use);
      if (row === undefined) {
        const d = m.declared.find((x) => x.id === use.id);
        problems.push(diagnostic(msg.inlineRowLeftOut(use.token, d?.rows.map((r) => r.key) ?? []), use.at));
        return [];
      }
      const text = use.change ? move(row, fmt.amount(row), earlier, earlier?.metrics[row.id], fmt) : fmt.amount(row);
      value = { ref: refOf(use), text, anchor: metricAnchor(row.id), title: row.formula, sources: row.sources };
    }
    byToken.set(use.token, value);
    return [{ ...value, at: use.at }];
  });
  if (problems.length > 0) throw new BriefingError(problems);
  return { get: (token) => byToken.get(token), anchors: new Set(uses.map((u) => u.anchor)), uses };
}

/** The reference of a use, without its place. */
function refOf(use: InlineUse): InlineRef {
  return { kind: use.kind, id: use.id, row: use.row, change: use.change, token: use.token };
}

/** The row of a metric an inline value names: its only row, or the row whose key is `use.row`. */
function metricRow(m: Metrics, use: InlineUse): MetricRow | undefined {
  const d = m.declared.find((x) => x.id === use.id);
  if (d === undefined) return undefined;
  return use.row === null ? (d.rows.length === 1 ? d.rows[0] : undefined) : d.rows.find((r) => r.key === use.row);
}

type Value = Pick<RecordedValue['amount'], 'unit' | 'low' | 'high' | 'qualifier'>;

/**
 * How a value moved since the earlier build: "up 1.2% from $87.1B", a percent in percentage points ("down
 * 0.28 pp from 8.25%"), "changed from …" when the unit changed, "unchanged", "new"; `text` (the value) without
 * an earlier build.
 */
export function move(now: Value, text: string, earlier: Snapshot | undefined, before: RecordedValue | undefined, fmt: Formatter): string {
  if (earlier === undefined) return text;
  if (before === undefined) return MOVE.new;
  const was = before.amount;
  if (was.unit === now.unit && was.low === now.low && was.high === now.high && was.qualifier === now.qualifier) return MOVE.unchanged;
  const [a, b] = [(was.low + was.high) / 2, (now.low + now.high) / 2];
  if (was.unit !== now.unit || a === b || (now.unit !== 'percent' && a === 0)) return `${MOVE.changed} ${before.text}`;
  const direction = b > a ? MOVE.up : MOVE.down;
  const size = now.unit === 'percent' ? `${fmt.number(Math.abs(b - a) * 100)} ${MOVE.points}` : fmt.percent(Math.abs((b - a) / a));
  return `${direction} ${size} ${MOVE.from} ${before.text}`;
}

/** HTML of one value: a link to its row, the formula as its title (its citation is the caller's). */
export function valueHtml(v: ResolvedValue): string {
  return `<a class="inline-value" href="#${v.anchor}" title="${escapeHtml(v.title)}">${escapeHtml(v.text)}</a>`;
}

/**
 * HTML of a plain-text field (a takeaway, a chart caption) with its inline values: the text escaped by
 * `escape` (Handlebars' own, so that a field without values prints as before), each value linked and cited
 * with `cite`, `\{` printed as `{`. A token the content did not check prints as written.
 */
export function inlineHtml(text: string, values: InlineValues, escape: (s: string) => string, cite: (ids: readonly string[]) => string): string {
  let out = '';
  let at = 0;
  for (const t of inlineTokens(text)) {
    const v = t.ref === undefined ? undefined : values.get(t.ref.token);
    if (v === undefined) continue;
    out += escape(unescapeBraces(text.slice(at, t.index))) + valueHtml(v) + (v.sources.length === 0 ? '' : cite(v.sources));
    at = t.index + t.token.length;
  }
  return out + escape(unescapeBraces(text.slice(at)));
}

/** A plain-text field (a section's heading) with its inline values as their text, `\{` as `{`; the text unchanged without any. */
export function inlineText(text: string, values: InlineValues): string {
  if (!hasInlineSyntax(text)) return text;
  let out = '';
  let at = 0;
  for (const t of inlineTokens(text)) {
    const v = t.ref === undefined ? undefined : values.get(t.ref.token);
    if (v === undefined) continue;
    out += unescapeBraces(text.slice(at, t.index)) + v.text;
    at = t.index + t.token.length;
  }
  return out + unescapeBraces(text.slice(at));
}

/** `\{` as `{`. */
const unescapeBraces = (s: string): string => s.replaceAll('\\{', '{');
