/**
 * What a build records of a briefing besides its values (#26), and how two records compare: the risks,
 * takeaways, charts (title and rows as printed), sources, the order of the sections and the plain text of each
 * top-level block of the prose sections. src/metrics/changes.ts puts these into the {@link Snapshot} and the
 * change report.
 *
 * A change of each kind is one {@link ItemChange}: its key (the element key without the kind: `r-rate-cuts`,
 * `summary:2` for the second block of `sections/summary.md`), added, changed or removed, the record before and
 * after, and which fields differ. The changes of a kind are listed in reading order: the later build's order,
 * a removed item after the item it followed. A kind the earlier build did not record (a manifest of a version
 * before #26) compares as `null`, "no record", never as everything added.
 */
import { diffArrays } from 'diff';
import { proseBlocks } from '../content/blocks.ts';
import type { Briefing } from '../content/model.ts';

/** A risk as the register prints it. */
export interface RecordedRisk {
  readonly title: string;
  readonly likelihood: number;
  readonly impact: number;
  readonly description: string;
}

/** A takeaway: its stakeholder group, its text as written and its stance. */
export interface RecordedTakeaway {
  readonly stakeholder: string;
  readonly text: string;
  readonly stance: string;
}

/** One row a chart draws: its label (without source numbers) and its value as the chart prints it. */
export interface ChartRowDigest {
  readonly label: string;
  readonly value: string;
}

/** A chart: its title and its rows, in order. */
export interface RecordedChart {
  readonly title: string;
  readonly rows: readonly ChartRowDigest[];
}

/** A source as the sources list prints it (null where it gives no date or URL). */
export interface RecordedSource {
  readonly publisher: string;
  readonly title: string;
  readonly date: string | null;
  readonly url: string | null;
}

/** A prose section: its title and the plain text of each top-level block (content/blocks.ts), block 1 first. */
export interface RecordedProse {
  readonly title: string;
  readonly blocks: readonly string[];
}

/** What a build records besides values, each kind keyed by id (prose by section id). */
export interface RecordedItems {
  readonly risks: Readonly<Record<string, RecordedRisk>>;
  readonly takeaways: Readonly<Record<string, RecordedTakeaway>>;
  readonly charts: Readonly<Record<string, RecordedChart>>;
  readonly sources: Readonly<Record<string, RecordedSource>>;
  readonly prose: Readonly<Record<string, RecordedProse>>;
  /** The ids of briefing.yaml's `sections:`, in print order. */
  readonly sections: readonly string[];
}

/**
 * The records of a briefing's risks, takeaways, sources, sections and prose, with its charts' digests
 * (`charts`, made by the coordinator from the chart rows: this stage cannot read them).
 */
export function recordItems(b: Briefing, charts: Readonly<Record<string, RecordedChart>>): RecordedItems {
  const sections = b.settings.sections.map((s) => s.id);
  return {
    risks: Object.fromEntries(b.risks.map((r) => [r.id, { title: r.title, likelihood: r.likelihood, impact: r.impact, description: r.description }])),
    takeaways: Object.fromEntries(b.takeaways.map((t) => [t.id, { stakeholder: t.stakeholder, text: t.takeaway, stance: t.stance }])),
    charts,
    sources: Object.fromEntries(b.sources.map((s) => [s.id, { publisher: s.publisher, title: s.title, date: s.date ?? null, url: s.url ?? null }])),
    prose: Object.fromEntries(sections.flatMap((id) => {
      const p = b.prose.get(id);
      return p === undefined ? [] : [[id, { title: p.title, blocks: proseBlocks(p.markdown).map((x) => x.text) }]];
    })),
    sections,
  };
}

/** How an element differs from the earlier build. */
export type Change = 'added' | 'changed' | 'removed';

/**
 * One item that differs: `before` is null when added, `after` when removed; `fields` names the fields that
 * differ when changed (empty otherwise). A removed item's key is its key in the earlier build.
 */
export interface ItemChange<T> {
  readonly key: string;
  readonly change: Change;
  readonly before: T | null;
  readonly after: T | null;
  readonly fields: readonly string[];
}

/** A block of prose in a change: the title of its section and its plain text. */
export interface ProseItem {
  readonly section: string;
  readonly text: string;
}

/** A section in a change: its title (a prose section's heading; a built-in section's id). */
export interface SectionItem {
  readonly title: string;
}

/** The changes of the kinds of {@link RecordedItems}, each in reading order; null where the earlier build has no record. */
export interface ItemChanges {
  readonly risks: readonly ItemChange<RecordedRisk>[] | null;
  readonly takeaways: readonly ItemChange<RecordedTakeaway>[] | null;
  readonly charts: readonly ItemChange<RecordedChart>[] | null;
  readonly sources: readonly ItemChange<RecordedSource>[] | null;
  /** Sections added to or removed from `sections:`, and prose sections retitled. */
  readonly sections: readonly ItemChange<SectionItem>[] | null;
  /** Blocks of the prose sections both builds print, keyed `<section id>:<n>`. */
  readonly prose: readonly ItemChange<ProseItem>[] | null;
}

/** The fields of two records that differ (compared as JSON). */
function differingFields(a: object, b: object): string[] {
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  return Object.keys({ ...x, ...y }).filter((f) => JSON.stringify(x[f]) !== JSON.stringify(y[f]));
}

/** Two keyed records compared, in the later build's order, each removed item after the one it followed. */
function compareKeyed<T extends object>(before: Readonly<Record<string, T>> | undefined, after: Readonly<Record<string, T>> | undefined): ItemChange<T>[] | null {
  if (before === undefined || after === undefined) return null;
  const out: ItemChange<T>[] = [];
  const earlier = Object.keys(before);
  const position = new Map(earlier.map((k, i) => [k, i]));
  let next = 0;
  const removedUpTo = (end: number): void => {
    for (; next < end; next++) {
      const k = earlier[next]!;
      if (!Object.hasOwn(after, k)) out.push({ key: k, change: 'removed', before: before[k]!, after: null, fields: [] });
    }
  };
  for (const [k, now] of Object.entries(after)) {
    const at = position.get(k);
    if (at === undefined) {
      out.push({ key: k, change: 'added', before: null, after: now, fields: [] });
      continue;
    }
    removedUpTo(Math.max(next, at));
    const fields = differingFields(before[k]!, now);
    if (fields.length > 0) out.push({ key: k, change: 'changed', before: before[k]!, after: now, fields });
  }
  removedUpTo(earlier.length);
  return out;
}

/**
 * The blocks of one prose section that differ, aligned by a diff of the two lists (jsdiff `diffArrays`): a run
 * of blocks removed next to a run added pairs off as blocks changed, the rest stay added or removed. Keys are
 * `<section>:<n>`, n in the later build (the earlier one for a removed block).
 */
function compareBlocks(section: string, before: RecordedProse, after: RecordedProse): ItemChange<ProseItem>[] {
  const out: ItemChange<ProseItem>[] = [];
  const item = (p: RecordedProse, text: string): ProseItem => ({ section: p.title, text });
  let [b, a] = [0, 0];
  let removed: number[] = [];
  let added: number[] = [];
  const flush = (): void => {
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++) out.push({ key: `${section}:${added[i]! + 1}`, change: 'changed', before: item(before, before.blocks[removed[i]!]!), after: item(after, after.blocks[added[i]!]!), fields: ['text'] });
    for (const n of added.slice(pairs)) out.push({ key: `${section}:${n + 1}`, change: 'added', before: null, after: item(after, after.blocks[n]!), fields: [] });
    for (const n of removed.slice(pairs)) out.push({ key: `${section}:${n + 1}`, change: 'removed', before: item(before, before.blocks[n]!), after: null, fields: [] });
    [removed, added] = [[], []];
  };
  for (const part of diffArrays([...before.blocks], [...after.blocks])) {
    const run = Array.from({ length: part.count }, (_, i) => i);
    if (part.removed) removed.push(...run.map((i) => b + i));
    else if (part.added) added.push(...run.map((i) => a + i));
    else flush();
    if (!part.added) b += part.count;
    if (!part.removed) a += part.count;
  }
  flush();
  return out;
}

/** The sections of a record, each with its title (a prose section's heading, else its id). */
function sectionRecord(items: Pick<RecordedItems, 'sections' | 'prose'>): Record<string, SectionItem> {
  return Object.fromEntries(items.sections.map((id) => [id, { title: items.prose[id]?.title ?? id }]));
}

/**
 * Compare what an earlier build recorded besides values with what a later one records. A kind either build
 * lacks (a snapshot of a version before #26) is null.
 */
export function compareItems(before: Partial<RecordedItems>, after: Partial<RecordedItems>): ItemChanges {
  const recorded = (s: Partial<RecordedItems>): Pick<RecordedItems, 'prose' | 'sections'> | undefined => (s.prose !== undefined && s.sections !== undefined ? { prose: s.prose, sections: s.sections } : undefined);
  const [was, is] = [recorded(before), recorded(after)];
  const prose =
    was === undefined || is === undefined
      ? null
      : is.sections.flatMap((id) => {
          const [then, now] = [was.prose[id], is.prose[id]];
          return then === undefined || now === undefined ? [] : compareBlocks(id, then, now);
        });
  return {
    risks: compareKeyed(before.risks, after.risks),
    takeaways: compareKeyed(before.takeaways, after.takeaways),
    charts: compareKeyed(before.charts, after.charts),
    sources: compareKeyed(before.sources, after.sources),
    sections: was === undefined || is === undefined ? null : compareKeyed(sectionRecord(was), sectionRecord(is)),
    prose,
  };
}

/** The kinds of {@link ItemChanges} in the order the report lists them, with the element kind of each. */
export const ITEM_KINDS = [
  ['sections', 'section'],
  ['prose', 'prose'],
  ['risks', 'risk'],
  ['takeaways', 'takeaway'],
  ['charts', 'chart'],
  ['sources', 'source'],
] as const satisfies readonly (readonly [keyof ItemChanges, string])[];

/** The number of changes in {@link ItemChanges}. */
export function itemCount(changes: ItemChanges): number {
  return ITEM_KINDS.reduce((n, [name]) => n + (changes[name]?.length ?? 0), 0);
}

/** The kinds the earlier build did not record (`risks`, `prose`, ...): nothing of them was compared. */
export function unrecordedKinds(changes: ItemChanges): string[] {
  return ITEM_KINDS.filter(([name]) => changes[name] === null).map(([name]) => name);
}

/** One change as the report says it: the element kind and key, how it changed, and a line of text. */
export interface ChangeLine {
  readonly kind: string;
  readonly key: string;
  readonly change: Change;
  readonly text: string;
}

/** Longest quotation of a prose block or takeaway in a change line, in characters. */
const QUOTE_CHARS = 160;

/** Text quoted in a change line: on one line, cut at {@link QUOTE_CHARS} with an ellipsis. */
export function quoted(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS - 1).trimEnd()}…` : flat}”`;
}

/** Words of context kept on each side of an edit in {@link editedWords}. */
const CONTEXT_WORDS = 5;

/**
 * Where two versions of a text differ, as a change line says it: the words from the first that differs to the
 * last, with a few words around, in each version (`…now guides to lower margins for…`). Words are runs without
 * white space, compared from both ends.
 */
export function editedWords(before: string, after: string): { readonly before: string; readonly after: string } {
  const [b, a] = [before.split(/\s+/).filter(Boolean), after.split(/\s+/).filter(Boolean)];
  let head = 0;
  while (head < b.length && head < a.length && b[head] === a[head]) head++;
  let tail = 0;
  while (tail < b.length - head && tail < a.length - head && b[b.length - 1 - tail] === a[a.length - 1 - tail]) tail++;
  const excerpt = (words: readonly string[]): string => {
    const [from, to] = [Math.max(0, head - CONTEXT_WORDS), Math.min(words.length, words.length - tail + CONTEXT_WORDS)];
    return `${from > 0 ? '…' : ''}${words.slice(from, to).join(' ')}${to < words.length ? '…' : ''}`;
  };
  return { before: excerpt(b), after: excerpt(a) };
}

/** The moves between two charts' rows, matched by label: `Rheinbank €8.4B → €8.6B`, `Solar €2B added`, `Nord removed`. */
export function rowMoves(before: readonly ChartRowDigest[], after: readonly ChartRowDigest[]): string[] {
  const [was, is] = [new Map(before.map((r) => [r.label, r.value])), new Map(after.map((r) => [r.label, r.value]))];
  const moves = after.flatMap((r) => {
    const old = was.get(r.label);
    if (old === undefined) return [`${r.label} ${r.value} added`];
    return old === r.value ? [] : [`${r.label} ${old} → ${r.value}`];
  });
  return [...moves, ...before.filter((r) => !is.has(r.label)).map((r) => `${r.label} removed`)];
}

/** What changed in a changed item, field by field (`likelihood 3 → 4`, `description edited`). */
function fieldMoves(c: ItemChange<object>, edited: readonly string[]): string {
  const [b, a] = [c.before as Record<string, unknown>, c.after as Record<string, unknown>];
  const shown = (v: unknown): string => (v === null || v === undefined ? '–' : String(v));
  return c.fields.map((f) => (edited.includes(f) ? `${f} edited` : `${f} ${shown(b[f])} → ${shown(a[f])}`)).join('; ');
}

/** The line of one change of a kind of {@link ItemChanges}. */
function itemText(kind: string, c: ItemChange<object>): string {
  const item = (c.after ?? c.before) as Record<string, unknown> & { title: string };
  const verb = c.change === 'changed' ? 'changed' : c.change;
  switch (kind) {
    case 'risk':
      return c.change === 'added' ? `Risk added: ${item.title} (likelihood ${String(item['likelihood'])}, impact ${String(item['impact'])})` : `Risk ${verb}: ${item.title}${c.change === 'changed' ? `: ${fieldMoves(c, ['description', 'title'])}` : ''}`;
    case 'takeaway':
      return `Takeaway ${verb} for ${String(item['stakeholder'])}: ${c.change === 'changed' ? `${fieldMoves(c, ['text'])}; now ${quoted(String(item['text']))}` : quoted(String(item['text']))}`;
    case 'chart':
      return `Chart ${verb}: ${item.title}${c.change === 'changed' ? `: ${[...(c.fields.includes('title') ? [`title was ${quoted(String((c.before as RecordedChart).title))}`] : []), ...rowMoves((c.before as RecordedChart).rows, (c.after as RecordedChart).rows)].join('; ')}` : ''}`;
    case 'source':
      return `Source ${verb}: ${String(item['publisher'])}, ${item.title}${c.change === 'changed' ? `: ${fieldMoves(c, [])}` : item['date'] ? ` (${String(item['date'])})` : ''}`;
    case 'section':
      return c.change === 'changed' ? `Section retitled: ${(c.before as SectionItem).title} → ${item.title}` : `Section ${verb}: ${item.title}`;
    default: {
      const p = item as unknown as ProseItem;
      const n = c.key.slice(c.key.lastIndexOf(':') + 1);
      if (c.change !== 'changed') return `${p.section}, paragraph ${n} ${verb}: ${quoted(p.text)}`;
      const edit = editedWords((c.before as ProseItem).text, p.text);
      return `${p.section}, paragraph ${n} edited: ${quoted(edit.after)} (was ${quoted(edit.before)})`;
    }
  }
}

/** Every change of {@link ItemChanges} as a line, kind by kind ({@link ITEM_KINDS}), each kind in reading order. */
export function itemLines(changes: ItemChanges): ChangeLine[] {
  return ITEM_KINDS.flatMap(([name, kind]) => (changes[name] ?? []).map((c) => ({ kind, key: c.key, change: c.change, text: itemText(kind, c as ItemChange<object>) })));
}
