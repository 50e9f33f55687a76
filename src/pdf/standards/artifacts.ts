/**
 * Every drawing operator is tagged content or an artifact (ISO 14289-1 §7.1; Matterhorn 01-001 to 01-005;
 * ISO 32000-1 §14.8.2.2): the painting Chromium leaves outside any sequence that marks (marked-content.ts: an
 * `/MCID` or `/Artifact`) — the CSS `@page` margin boxes (running header and footer, one `Tj` per glyph), the
 * borders and backgrounds of elements that get no tag of their own (leaders drawn by `::after`, side borders,
 * badge backgrounds), and the right-to-left or shaped text Chromium wraps in see-through `/ReversedChars` or
 * `/Span <</ActualText …>>` sequences — is wrapped in artifact sequences.
 *
 * ```
 * page content (Flate, page-content.ts) → operations (content-stream.ts) → where each paints (paint-sites.ts)
 *   → tree of balanced units → runs of unmarked painting units → BDC/EMC lines spliced in → Flate again
 *   → self-check: painting still unmarked (marked-content.ts)
 * ```
 * Nothing is re-serialised: every original byte stays, `BDC`/`EMC` lines are inserted between operations, so
 * text and rendering are unchanged. A run is `/Artifact <</Type /Pagination /Subtype /Header>> BDC` (it paints
 * above the page body, or in a side margin above the page's middle), `… /Subtype /Footer …` (below them; Matterhorn
 * 18-001) or `/Artifact <</Type /Layout>> BDC` (inside the body, or no body found). A run never straddles a
 * `q`/`Q`, `BT`/`ET` or content-stream boundary, and never splits a see-through sequence from its `EMC`.
 */
import { PDFDict, PDFName, type PDFDocument, type PDFPage, type PDFRef } from 'pdf-lib';
import { ContentStreamError, isWhiteSpace, tokenizeContentStream, type ContentOperation } from './content-stream.ts';
import { countUnmarkedPainting, MARKS, sequenceKinds, TEXT_SHOWING, type NamedPropertiesMark } from './marked-content.ts';
import { contentRefs, joinStreams, pageStreams, spliceInsertions, writeBack, type Insertion } from './page-content.ts';
import { FOOTER, HEADER, LAYOUT, PATH_CONSTRUCTION, PATH_END, placesOf } from './paint-sites.ts';

/** Why a page's content was left as it was. */
export type UnmarkedSkipReason =
  /** a content stream has a filter other than FlateDecode (or decode parameters), or its data does not inflate */
  | 'filter'
  /** the content breaks the content-stream grammar (content-stream.ts) */
  | 'syntax'
  /** unbalanced `q`/`Q`, `BT`/`ET` or `BDC`/`EMC`, or a nesting operator inside a path object */
  | 'nesting'
  /** `/Contents` holds something other than references to streams */
  | 'contents';

/**
 * What {@link markUntaggedContent} did and what it left: artifact sequences added, the pages (1-based) it left
 * alone, the self-check's count of painting still unmarked, and the pages where body text became an artifact.
 */
export interface UntaggedContentReport {
  /** Artifact sequences added, over all pages. */
  readonly artifacts: number;
  readonly skipped: readonly { readonly page: number; readonly reason: UnmarkedSkipReason }[];
  /**
   * The self-check, per page with any: painting operators (text showing, path painting, `Do`, `sh`, inline
   * images) outside every tagged (`/MCID`) or `/Artifact` sequence after marking, read again from the written
   * content with the same tokenizer. Pages skipped for `syntax`, `filter` or `contents` cannot be read and are
   * not counted here.
   */
  readonly unmarked: readonly { readonly page: number; readonly operators: number }[];
  /**
   * Pages where a text-showing operator became a Layout artifact, inside the page body (or on a page with no
   * body found): CSS generated content or a fixed-position element outside the structure. Screen readers skip it.
   */
  readonly bodyText: readonly number[];
}

/** The artifact property list each place is marked with (ISO 32000-1 Table 330). */
const ARTIFACT: Readonly<Record<number, string>> = {
  [HEADER]: '/Artifact <</Type /Pagination /Subtype /Header>> BDC',
  [FOOTER]: '/Artifact <</Type /Pagination /Subtype /Footer>> BDC',
  [LAYOUT]: '/Artifact <</Type /Layout>> BDC',
};

/** Operators that open or close a balanced unit; none may sit inside a path object. */
const NESTING = new Set(['q', 'Q', 'BT', 'ET', 'BDC', 'BMC', 'EMC', 'BI']);

/** The deepest nesting read, deeper is left alone: readers need follow only 28 levels of `q` (ISO 32000-1 Table C.1). */
const MAX_DEPTH = 256;

/**
 * The kinds of balanced unit a stream is made of: `marked` is a sequence that marks (tagged or artifact),
 * `see-through` one that does not (marked-content.ts).
 */
type UnitKind = 'root' | 'group' | 'text' | 'marked' | 'see-through' | 'path' | 'op';

/**
 * A balanced unit: operations `first`…`last` (indices, inclusive). `mask` holds the place bits of the painting
 * operations in it that nothing marks; `pinned` says it can never be inside a run whole: it is or holds marked
 * content, or a sequence that does not end inside it.
 */
interface Unit {
  readonly kind: UnitKind;
  readonly first: number;
  last: number;
  mask: number;
  pinned: boolean;
  /** The units inside a group, text object or sequence; null for a path object or an operation. */
  readonly children: Unit[] | null;
}

/** Add `child` to `parent`, carrying up what it paints unmarked and whether it is pinned. */
function adopt(parent: Unit, child: Unit): void {
  parent.children!.push(child);
  if (child.kind === 'marked') parent.pinned = true;
  else (parent.mask |= child.mask), (parent.pinned ||= child.pinned);
}

/** Whether a unit kind is a marked-content sequence. */
const isSequence = (kind: UnitKind): boolean => kind === 'marked' || kind === 'see-through';

/**
 * The unit tree of {@link unitsOf}, built one operation at a time. Chromium ends a page inside its last
 * marked-content sequence: `BDC BT ET Q Q EMC`. A sequence still open when its `q` group or text object closes
 * ends there in the tree, pinned, and waits in `dangling` for the `EMC` that closes it. While a sequence that
 * marks dangles, what is read is marked content (never wrapped); while only see-through ones dangle, it is read
 * as usual, and their `EMC` pins its parent so no run crosses it.
 */
class UnitTree {
  readonly stack: Unit[];
  /** Sequences closed out of order, innermost last. */
  readonly dangling: Unit[] = [];
  /** Sequences that mark among {@link dangling}. */
  danglingMarks = 0;
  /** Sequences that mark on the stack: what they hold is never wrapped, and needs no units. */
  openMarks = 0;

  constructor(count: number) {
    this.stack = [{ kind: 'root', first: 0, last: count - 1, mask: 0, pinned: false, children: [] }];
  }

  /** The innermost open unit. */
  get top(): Unit {
    return this.stack[this.stack.length - 1]!;
  }

  /** A new unit; while a sequence that marks dangles, it is marked content: pinned, painting nothing unmarked. */
  unit(kind: UnitKind, first: number, last: number, mask: number, children: Unit[] | null): Unit {
    const marked = this.danglingMarks > 0;
    return { kind, first, last, mask: marked ? 0 : mask, pinned: marked, children };
  }

  /** A path object or operation `first`…`last`; one that paints nothing, outside marked content, never bounds a run: it gets no unit. */
  leaf(kind: UnitKind, first: number, last: number, mask: number): void {
    if (this.openMarks === 0 && (mask !== 0 || this.danglingMarks > 0)) adopt(this.top, this.unit(kind, first, last, mask, null));
  }

  /** Open a group, text object or sequence at operation `i`; false when too deep or a text object inside another. */
  open(kind: UnitKind, i: number): boolean {
    if (this.stack.length > MAX_DEPTH || (kind === 'text' && this.stack.some((u) => u.kind === 'text'))) return false;
    this.stack.push(this.unit(kind, i, i, 0, []));
    if (kind === 'marked') this.openMarks++;
    return true;
  }

  /** Pop the top unit, ending at operation `last`, into its parent. */
  pop(last: number): Unit {
    const top = this.stack.pop()!;
    top.last = last;
    if (top.kind === 'marked') this.openMarks--;
    adopt(this.top, top);
    return top;
  }

  /** `Q` or `ET` at operation `i`: sequences still open in it dangle; false when it closes nothing of its kind. */
  close(kind: 'group' | 'text', i: number): boolean {
    const popped: Unit[] = [];
    while (isSequence(this.top.kind)) {
      this.top.pinned = true;
      popped.push(this.pop(i - 1));
    }
    for (const sequence of popped.reverse()) this.dangling.push(sequence), (this.danglingMarks += sequence.kind === 'marked' ? 1 : 0);
    if (this.top.kind !== kind) return false;
    this.pop(i);
    return true;
  }

  /** `EMC` at operation `i`: it closes the innermost open sequence, on the stack or dangling; false when none is open or it straddles a group. */
  closeSequence(i: number): boolean {
    const dangling = this.dangling[this.dangling.length - 1];
    if (isSequence(this.top.kind) && (!dangling || this.top.first > dangling.first)) return this.pop(i), true;
    if (!dangling || this.stack.some((u) => isSequence(u.kind) && u.first > dangling.first)) return false;
    this.dangling.pop();
    if (dangling.kind === 'marked') this.danglingMarks--;
    if (this.openMarks === 0) adopt(this.top, { kind: 'op', first: i, last: i, mask: 0, pinned: true, children: null });
    return true;
  }
}

/**
 * The stream as a tree of balanced units: `q…Q` groups, `BT…ET` text objects, `BDC`/`BMC…EMC` sequences (that
 * mark or see-through, per `kinds` from marked-content.ts), path objects (construction operators up to the
 * operator that paints or ends them) and single operations; see {@link UnitTree} for sequences that close after
 * their group. Undefined when the nesting is broken (ISO 32000-1 §8.4.2, §9.4, §14.6): a `Q`, `ET` or `EMC` with
 * nothing to close, an `EMC` that would close a sequence across a `q`, an opener left open at the end, a text
 * object inside another, a nesting operator inside a path object; or deeper than {@link MAX_DEPTH}.
 */
function unitsOf(ops: readonly ContentOperation[], places: Uint8Array, kinds: Uint8Array): Unit | undefined {
  const tree = new UnitTree(ops.length);
  for (let i = 0; i < ops.length; i++) {
    const { operator } = ops[i]!;
    let ok = true;
    if (kinds[i]) ok = tree.open(kinds[i] === MARKS ? 'marked' : 'see-through', i);
    else if (operator === 'q' || operator === 'BT') ok = tree.open(operator === 'q' ? 'group' : 'text', i);
    else if (operator === 'Q' || operator === 'ET') ok = tree.close(operator === 'Q' ? 'group' : 'text', i);
    else if (operator === 'EMC') ok = tree.closeSequence(i);
    else if (PATH_CONSTRUCTION.has(operator)) {
      const end = pathEnd(ops, i);
      if (end < 0) return undefined;
      let mask = 0;
      for (let j = i; j <= end; j++) mask |= places[j]!;
      tree.leaf('path', i, end, mask);
      i = end;
    } else tree.leaf('op', i, i, places[i]!);
    if (!ok) return undefined;
  }
  return tree.stack.length === 1 && tree.dangling.length === 0 ? tree.stack[0] : undefined;
}

/** The index of the operation that ends the path object starting at `first`, or -1 if a nesting operator comes first. */
function pathEnd(ops: readonly ContentOperation[], first: number): number {
  for (let j = first; j < ops.length; j++) {
    const { operator } = ops[j]!;
    if (PATH_END.has(operator)) return j;
    if (NESTING.has(operator)) return -1;
  }
  return ops.length - 1;
}

/** A run of sibling units to wrap in one artifact sequence: operations `first`…`last`, painting at `place`. */
interface Run { readonly first: number; last: number; readonly place: number }

/**
 * The runs to wrap among `units` (siblings), in stream order: maximal runs of units that paint at one place, are
 * not pinned and lie in one content stream (`sameStream(first, last)`: whether operations `first` to `last` do),
 * with the units that paint nothing (state operators) trimmed off both ends. Any other unit ends a run, and its
 * own units are searched in turn.
 */
function runsOf(units: readonly Unit[], sameStream: (first: number, last: number) => boolean, runs: Run[]): Run[] {
  let run: Run | undefined;
  for (const unit of units) {
    const single = unit.mask !== 0 && (unit.mask & (unit.mask - 1)) === 0;
    if (unit.kind === 'marked' || unit.pinned || (unit.mask !== 0 && !single) || (single && !sameStream(unit.first, unit.last))) {
      run = undefined;
      if (unit.kind !== 'marked' && unit.mask !== 0 && unit.children) runsOf(unit.children, sameStream, runs);
    } else if (unit.mask === 0) continue;
    else if (run && run.place === unit.mask && sameStream(run.first, unit.last)) run.last = unit.last;
    else runs.push((run = { first: unit.first, last: unit.last, place: unit.mask }));
  }
  return runs;
}

/** The `BDC` and `EMC` lines that wrap each run, in stream order. */
function insertionsFor(bytes: Uint8Array, ops: readonly ContentOperation[], runs: readonly Run[]): Insertion[] {
  const out: Insertion[] = [];
  for (const run of runs) {
    const start = ops[run.first]!.start;
    const end = ops[run.last]!.end;
    const before = start > 0 && !isWhiteSpace(bytes[start - 1]!) ? '\n' : '';
    const after = end < bytes.length && !isWhiteSpace(bytes[end]!) ? '\n' : '';
    out.push({ offset: start, text: `${before}${ARTIFACT[run.place]!}\n` }, { offset: end, text: `\nEMC${after}` });
  }
  return out;
}

/** What {@link markContent} found for a page: the insertions, and whether a Layout run shows text. */
interface PageMarking { readonly insertions: Insertion[]; readonly bodyText: boolean }

/**
 * The insertions that mark every unmarked painting operation of a page's content `bytes` (its streams joined by
 * a line feed, stream `k` starting at `starts[k]`), or the reason to leave it alone. `middle` is the page's
 * vertical middle (paint-sites.ts), `named` resolves property lists the content names (marked-content.ts).
 */
function markContent(bytes: Uint8Array, starts: readonly number[], middle: number | undefined, named: NamedPropertiesMark): PageMarking | UnmarkedSkipReason {
  let ops: ContentOperation[];
  try {
    ops = tokenizeContentStream(bytes);
  } catch (error) {
    if (error instanceof ContentStreamError) return 'syntax';
    throw error;
  }
  const root = unitsOf(ops, placesOf(ops, middle), sequenceKinds(bytes, ops, named));
  if (!root) return 'nesting';
  const streamOf = (offset: number): number => {
    let k = starts.length - 1;
    while (k > 0 && starts[k]! > offset) k--;
    return k;
  };
  const sameStream = (first: number, last: number): boolean => starts.length === 1 || streamOf(ops[first]!.start) === streamOf(ops[last]!.end - 1);
  const runs = runsOf(root.children!, sameStream, []);
  const bodyText = runs.some((run) => run.place === LAYOUT && ops.slice(run.first, run.last + 1).some((op) => TEXT_SHOWING.has(op.operator)));
  return { insertions: insertionsFor(bytes, ops, runs), bodyText };
}

/**
 * The {@link NamedPropertiesMark} of a page: a name marks when the page's resources (inherited ones included)
 * hold a property list of that name with an `/MCID` (ISO 32000-1 §14.6.2).
 */
function namedPropertiesOf(page: PDFPage): NamedPropertiesMark {
  return (name) => {
    try {
      const properties = page.node.Resources()?.lookup(PDFName.of('Properties'));
      const list = properties instanceof PDFDict ? properties.lookup(PDFName.of(name)) : undefined;
      return list instanceof PDFDict && list.has(PDFName.of('MCID'));
    } catch {
      return false; // /Resources is not a dictionary: the name resolves to nothing
    }
  };
}

/** The vertical middle of a page's crop box (its media box when it has none), or undefined when it has neither. */
function pageMiddle(page: PDFPage): number | undefined {
  try {
    const box = page.getCropBox();
    return box.y + box.height / 2;
  } catch {
    return undefined;
  }
}

/** What marking one page gave: the reason it was skipped, artifacts added, body text made an artifact, painting still unmarked. */
interface PageResult { readonly skipped?: UnmarkedSkipReason; readonly artifacts: number; readonly bodyText: boolean; readonly unmarked: number }

/** Mark page `page` of `doc` (see {@link markUntaggedContent}); `shared` says whether a stream is shown more than once. */
function markPage(doc: PDFDocument, page: PDFPage, shared: (ref: PDFRef) => boolean): PageResult {
  const streams = pageStreams(doc, page);
  if (typeof streams === 'string') return { skipped: streams, artifacts: 0, bodyText: false, unmarked: 0 };
  const { bytes, starts } = joinStreams(streams);
  const named = namedPropertiesOf(page);
  const marking = markContent(bytes, starts, pageMiddle(page), named);
  if (marking === 'syntax') return { skipped: marking, artifacts: 0, bodyText: false, unmarked: 0 };
  if (typeof marking === 'string') return { skipped: marking, artifacts: 0, bodyText: false, unmarked: countUnmarkedPainting(bytes, named) };
  writeBack(doc, page, streams, starts, marking.insertions, shared);
  const unmarked = countUnmarkedPainting(spliceInsertions(bytes, marking.insertions), named);
  return { artifacts: marking.insertions.length / 2, bodyText: marking.bodyText, unmarked };
}

/**
 * Wrap every painting operation of every page that nothing marks in an artifact sequence (Pagination
 * Header/Footer or Layout; see the module comment), keeping every original byte of the content streams, then
 * count, on the content written, the painting still unmarked (the self-check). Content in a sequence that marks
 * (tagged with an MCID, or an artifact such as the draft mark) is left as it is; see-through sequences are looked
 * into. A page whose content cannot be read or is not well nested is left unchanged and named in `skipped`.
 */
export function markUntaggedContent(doc: PDFDocument): UntaggedContentReport {
  const pages = doc.getPages();
  const uses = new Map<string, number>();
  for (const page of pages) for (const ref of contentRefs(page) ?? []) uses.set(ref.toString(), (uses.get(ref.toString()) ?? 0) + 1);
  const shared = (ref: PDFRef): boolean => uses.get(ref.toString())! > 1;
  const skipped: { page: number; reason: UnmarkedSkipReason }[] = [];
  const unmarked: { page: number; operators: number }[] = [];
  const bodyText: number[] = [];
  let artifacts = 0;
  pages.forEach((page, index) => {
    const result = markPage(doc, page, shared);
    if (result.skipped) skipped.push({ page: index + 1, reason: result.skipped });
    if (result.unmarked > 0) unmarked.push({ page: index + 1, operators: result.unmarked });
    if (result.bodyText) bodyText.push(index + 1);
    artifacts += result.artifacts;
  });
  return { artifacts, skipped, unmarked, bodyText };
}
