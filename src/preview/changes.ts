/**
 * What the preview marks as changed: the elements the change report lists (metrics/changes.ts `changeMarks`,
 * so that the preview, the `changes` section and changes.json agree), each with what the page needs to show
 * it, as {@link ChangeMark}s the page's script puts on the elements whose `data-key` they name
 * (`data-change="added|changed|removed"`): what it printed before, a changed prose block word by word
 * (jsdiff), and where a removed element's placeholder goes (beside its nearest neighbour the draft still has).
 *
 * The details come from the two snapshots ({@link recordMarks}): each kind compared as recorded, prose block by
 * block (the blocks line up by a diff of the section's blocks, so a new paragraph does not mark every
 * paragraph after it). A removed prose block is keyed `prose:<section>:was-<n>` (n its number in the
 * baseline), since block n of the draft is another block.
 */
import { diffArrays, diffWords } from 'diff';
import { changeMarks as reportMarks, type Change, type ChangeReport, type Snapshot } from '../metrics/changes.ts';


/** A run of words of a changed prose block: kept, added (`<ins>`) or removed (`<del>`). */
export interface WordPart {
  readonly part: 'same' | 'ins' | 'del';
  readonly text: string;
}

/** One element that differs from the baseline. */
export interface ChangeMark {
  /** The element's `data-key` (`figure:acme-revenue-2025`, `prose:summary:3`). */
  readonly key: string;
  readonly change: Change;
  /** What it printed in the baseline (changed and removed; null for added). */
  readonly before: string | null;
  /** What it prints now (added and changed; null for removed). */
  readonly after: string | null;
  /** A changed prose block, word by word; null for anything else. */
  readonly words: readonly WordPart[] | null;
  /**
   * Where a removed element's placeholder goes: after the element of key `after`, else before the element of
   * key `before` (each the nearest neighbour in the baseline the draft still has); null for others.
   */
  readonly place: { readonly after: string | null; readonly before: string | null } | null;
}

/** The snapshot's keyed kinds and the element kind each prints as (the `data-key` prefix). */
const KINDS = [
  ['figures', 'figure'],
  ['metrics', 'metric'],
  ['claims', 'claim'],
  ['conflicts', 'conflict'],
  ['risks', 'risk'],
  ['takeaways', 'takeaway'],
  ['charts', 'chart'],
  ['sources', 'source'],
] as const;

type Records = Readonly<Record<string, unknown>>;

/** A kind of the snapshot by name: its records by key (none when the snapshot does not record the kind). */
function recordsOf(s: Snapshot, field: string): Records {
  const v = (s as unknown as Readonly<Record<string, unknown>>)[field];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Records) : {};
}

/** A record as a line of text: its name (label, title, statement, takeaway) and its value (text, verdict). */
export function describeRecord(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || typeof v !== 'object') return String(v);
  const r = v as Readonly<Record<string, unknown>>;
  const first = (fields: readonly string[]): string | undefined => fields.map((f) => r[f]).find((x): x is string => typeof x === 'string' && x !== '');
  const name = first(['label', 'title', 'statement', 'takeaway', 'name', 'publisher']);
  const value = first(['text', 'verdict']);
  return [name, value].filter((x) => x !== undefined).join(': ') || JSON.stringify(v);
}

/** Same value: equal as JSON (the snapshots are plain data, read from JSON or built alike). */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The nearest keys before and after position `i` of `order` that the draft still has. */
function neighbours(order: readonly string[], i: number, kept: (key: string) => boolean, prefix: string): { after: string | null; before: string | null } {
  const back = order.slice(0, i).reverse().find(kept);
  const ahead = order.slice(i + 1).find(kept);
  return { after: back === undefined ? null : `${prefix}${back}`, before: ahead === undefined ? null : `${prefix}${ahead}` };
}

/** The marks of one keyed kind: added, changed and removed records (removed ones placed by their neighbours). */
function kindMarks(before: Records, after: Records, kind: string): ChangeMark[] {
  const prefix = `${kind}:`;
  const marks: ChangeMark[] = [];
  for (const [key, now] of Object.entries(after)) {
    const was = Object.hasOwn(before, key) ? before[key] : undefined;
    if (was === undefined) marks.push({ key: prefix + key, change: 'added', before: null, after: describeRecord(now), words: null, place: null });
    else if (!same(was, now)) marks.push({ key: prefix + key, change: 'changed', before: describeRecord(was), after: describeRecord(now), words: null, place: null });
  }
  const order = Object.keys(before);
  order.forEach((key, i) => {
    if (Object.hasOwn(after, key)) return;
    marks.push({ key: prefix + key, change: 'removed', before: describeRecord(before[key]), after: null, words: null, place: neighbours(order, i, (k) => Object.hasOwn(after, k), prefix) });
  });
  return marks;
}

/** A prose section as the snapshot records it: its title and the plain text of each top-level block, in order. */
export interface ProseRecord {
  readonly title: string;
  readonly blocks: readonly string[];
}

/** The snapshot's prose sections by id (none when it does not record prose). */
function proseOf(s: Snapshot): Map<string, ProseRecord> {
  const found = new Map<string, ProseRecord>();
  for (const [id, v] of Object.entries(recordsOf(s, 'prose'))) {
    if (v === null || typeof v !== 'object') continue;
    const r = v as Readonly<Record<string, unknown>>;
    const blocks = Array.isArray(r['blocks']) ? r['blocks'].map((b: unknown) => (typeof b === 'string' ? b : describeRecord(b))) : [];
    found.set(id, { title: typeof r['title'] === 'string' ? r['title'] : id, blocks });
  }
  return found;
}

/** A changed block word by word: kept, inserted and deleted runs. */
export function wordParts(before: string, after: string): WordPart[] {
  return diffWords(before, after).map((c) => ({ part: c.added ? 'ins' : c.removed ? 'del' : 'same', text: c.value }));
}

/**
 * The marks of one prose section's blocks: the two lists of blocks line up by a diff of whole blocks; a run of
 * removed blocks followed by added ones pairs up as changed blocks (compared word by word), the rest are
 * added or removed. Keys are `prose:<section>:<n>`, n the block's 1-based place in its own version.
 */
function blockMarks(section: string, before: readonly string[], after: readonly string[]): ChangeMark[] {
  const key = (n: number): string => `prose:${section}:${n}`;
  const marks: ChangeMark[] = [];
  let [i, j] = [0, 0]; // blocks of the baseline and of the draft passed so far
  const chunks = diffArrays([...before], [...after]);
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    if (!chunk.added && !chunk.removed) {
      [i, j] = [i + chunk.count, j + chunk.count];
      continue;
    }
    const removed = chunk.removed ? chunk.value : [];
    const next = chunk.removed && chunks[c + 1]?.added ? chunks[++c]!.value : [];
    const added = chunk.added ? chunk.value : next;
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < paired; k++) marks.push({ key: key(j + k + 1), change: 'changed', before: removed[k]!, after: added[k]!, words: wordParts(removed[k]!, added[k]!), place: null });
    for (let k = paired; k < added.length; k++) marks.push({ key: key(j + k + 1), change: 'added', before: null, after: added[k]!, words: null, place: null });
    for (let k = paired; k < removed.length; k++) {
      // Placed after the draft's block that stands where the removed run began (or before the first block).
      const at = j + paired;
      marks.push({ key: `prose:${section}:was-${i + k + 1}`, change: 'removed', before: removed[k]!, after: null, words: null, place: { after: at > 0 ? key(at) : null, before: at < after.length ? key(at + 1) : null } });
    }
    [i, j] = [i + removed.length, j + added.length];
  }
  return marks;
}

/** The marks of the prose: sections added or removed whole, a changed title, and each section's blocks. */
function proseMarks(before: Snapshot, after: Snapshot): ChangeMark[] {
  const [was, is] = [proseOf(before), proseOf(after)];
  const marks: ChangeMark[] = [];
  for (const [id, now] of is) {
    const old = was.get(id);
    if (old === undefined) {
      if (was.size > 0) marks.push({ key: `section:${id}`, change: 'added', before: null, after: now.title, words: null, place: null });
      continue;
    }
    if (old.title !== now.title) marks.push({ key: `section:${id}`, change: 'changed', before: old.title, after: now.title, words: wordParts(old.title, now.title), place: null });
    marks.push(...blockMarks(id, old.blocks, now.blocks));
  }
  const order = [...was.keys()];
  order.forEach((id, i) => {
    if (is.has(id)) return;
    const text = [was.get(id)!.title, ...was.get(id)!.blocks].join('\n\n');
    marks.push({ key: `section:${id}`, change: 'removed', before: text, after: null, words: null, place: is.size > 0 ? neighbours(order, i, (k) => is.has(k), 'section:') : null });
  });
  return marks;
}

/**
 * Every element of the draft whose record differs from the baseline's, with its details (see the module
 * comment). Order follows the snapshot's kinds; {@link reviewMarks} keeps those the report lists.
 */
export function recordMarks(baseline: Snapshot, draft: Snapshot): ChangeMark[] {
  const marks = KINDS.flatMap(([field, kind]) => kindMarks(recordsOf(baseline, field), recordsOf(draft, field), kind));
  return [...marks, ...proseMarks(baseline, draft)];
}

/** The plural name of an element kind in the snapshot and the report (`risk` → `risks`). */
const PLURAL: Readonly<Record<string, string>> = { figure: 'figures', metric: 'metrics', claim: 'claims', conflict: 'conflicts', risk: 'risks', takeaway: 'takeaways', chart: 'charts', source: 'sources', section: 'sections', prose: 'prose' };

/** What a report entry of an item kind printed before (a removed section's title, a risk's), for a mark {@link recordMarks} has no record of. */
function reportBefore(report: ChangeReport, kind: string, key: string): string | null {
  const list = (report as unknown as Readonly<Record<string, unknown>>)[PLURAL[kind] ?? ''];
  const entry = Array.isArray(list) ? (list as readonly { key?: unknown; before?: unknown }[]).find((e) => e.key === key) : undefined;
  return entry?.before === undefined || entry.before === null ? null : describeRecord(entry.before);
}

/**
 * The elements the change report lists, in its reading order, each with its details from the snapshots: the
 * preview's marks.
 * @param report the draft compared with the baseline (compareSnapshots(baseline, draft)).
 */
export function reviewMarks(report: ChangeReport, baseline: Snapshot, draft: Snapshot): ChangeMark[] {
  const details = new Map(recordMarks(baseline, draft).map((m) => [m.key, m]));
  return reportMarks(report).map(({ kind, key, change }) => {
    const at = key.lastIndexOf(':');
    const element = kind === 'prose' && change === 'removed' ? `prose:${key.slice(0, at)}:was-${key.slice(at + 1)}` : `${kind}:${key}`;
    const found = details.get(element);
    if (found !== undefined) return { ...found, change };
    return { key: element, change, before: reportBefore(report, kind, key), after: null, words: null, place: change === 'removed' ? { after: null, before: null } : null };
  });
}
