/**
 * Every drawing operator is tagged content or an artifact (ISO 14289-1 §7.1; Matterhorn 01-001 to 01-005;
 * ISO 32000-1 §14.8.2.2): the painting Chromium leaves outside any marked-content sequence — the CSS `@page`
 * margin boxes (running header and footer, one `Tj` per glyph) and the borders and backgrounds of elements that
 * get no tag of their own (leaders drawn by `::after`, side borders, badge backgrounds) — is wrapped in artifact
 * sequences.
 *
 * ```
 * page content (Flate) → operations (content-stream.ts) → where each paints → tree of balanced units
 *   → runs of unmarked painting units → BDC/EMC lines spliced in → Flate again
 * ```
 * Nothing is re-serialised: every original byte stays, `BDC`/`EMC` lines are inserted between operations, so
 * text and rendering are unchanged. A run is one of
 * `/Artifact <</Type /Pagination /Subtype /Header>> BDC` (it paints above the page body),
 * `… /Subtype /Footer …` (below it), `/Artifact <</Type /Pagination>> BDC` (left or right of it) or
 * `/Artifact <</Type /Layout>> BDC` (inside it, or no body known). The page body is the first rectangular clip
 * set outside marked content at the shallowest `q` depth: Chromium clips the body to the page area inside the
 * margins after drawing the margin boxes.
 */
import { inflateSync, deflateSync } from 'node:zlib';
import { PDFArray, PDFFlateStream, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument, type PDFPage } from 'pdf-lib';
import { ContentStreamError, isWhiteSpace, tokenizeContentStream, type ContentOperation } from './content-stream.ts';

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

/** What {@link markUntaggedContent} did: artifact sequences added, and the pages (1-based) it left alone. */
export interface UntaggedContentReport {
  /** Artifact sequences added, over all pages. */
  readonly artifacts: number;
  readonly skipped: readonly { readonly page: number; readonly reason: UnmarkedSkipReason }[];
}

/** Where a painting operation paints, as bits of a unit's mask. */
const [HEADER, FOOTER, MARGIN, LAYOUT] = [1, 2, 4, 8];

/** The artifact property list each place is marked with (ISO 32000-1 Table 330). */
const ARTIFACT: Readonly<Record<number, string>> = {
  [HEADER]: '/Artifact <</Type /Pagination /Subtype /Header>> BDC',
  [FOOTER]: '/Artifact <</Type /Pagination /Subtype /Footer>> BDC',
  [MARGIN]: '/Artifact <</Type /Pagination>> BDC',
  [LAYOUT]: '/Artifact <</Type /Layout>> BDC',
};

/** Path-construction operators (Table 59): each starts or continues a path object. */
const PATH_CONSTRUCTION = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
/** Operators that end a path object (Table 60): painting it, or `n`. */
const PATH_END = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);
/** Operators that open and close balanced units, by the kind of unit. */
const OPENS: ReadonlyMap<string, UnitKind> = new Map([['q', 'group'], ['BT', 'text'], ['BDC', 'marked'], ['BMC', 'marked']]);
const CLOSES: ReadonlyMap<string, UnitKind> = new Map([['Q', 'group'], ['ET', 'text'], ['EMC', 'marked']]);

/** Tolerance, in points, when comparing a painting position with the edges of the page body. */
const EDGE = 0.5;
/** The deepest nesting read, deeper is left alone: readers need follow only 28 levels of `q` (ISO 32000-1 Table C.1). */
const MAX_DEPTH = 256;

/** A rectangle in default user space: left, bottom, right, top. */
interface Rect { readonly left: number; readonly bottom: number; readonly right: number; readonly top: number }

/** A clipping path set by operation `op`, and the clip it narrows (a persistent list). */
interface Clip { readonly op: number; readonly outer: Clip | null }

/** The page body: the first rectangular clip set outside marked content at the shallowest `q` depth. */
interface Body { readonly rect: Rect; readonly clip: Clip; readonly depth: number }

/**
 * The part of the graphics state that says where things paint, followed operation by operation: the CTM
 * through `q`/`Q`/`cm` (ISO 32000-1 §8.4.4), the text line matrix through `BT`/`Tm`/`Td`/`TD`/`T*`/`'`/`"`
 * (§9.4.2; the text matrix equals it at the start of each show, which is all that is read), the path under
 * construction and the clipping path (§8.5.4). Matrices are `[a b c d e f]`. It writes where each painting
 * operation paints into `points` and the clip in force into `clips`.
 */
class Painter {
  ctm = Float64Array.of(1, 0, 0, 1, 0, 0);
  clip: Clip | null = null;
  readonly saved: { ctm: Float64Array; clip: Clip | null }[] = [];
  readonly line = Float64Array.of(1, 0, 0, 1, 0, 0);
  leading = 0;
  marked = 0;
  body: Body | undefined;
  /** The path under construction: its first point, its rectangle (x y w h) while it is a single `re`. */
  path: { x: number; y: number; rect: Float64Array | null; clip: boolean } | null = null;
  /** Numeric operands of the current operation. */
  readonly v = new Float64Array(6);
  /** x, y of each operation in default user space; NaN when it does not paint, or paints nowhere in particular (`sh`). */
  readonly points: Float64Array;
  /** The clip in force at each painting operation; undefined for the others. */
  readonly clips: (Clip | null | undefined)[];

  constructor(count: number) {
    this.points = new Float64Array(count * 2).fill(Number.NaN);
    this.clips = new Array<Clip | null | undefined>(count).fill(undefined);
  }

  /** Read exactly `n` numeric operands of `op` into `v`; false when it has another count or a non-number. */
  read(op: ContentOperation, n: number): boolean {
    return op.numbers(this.v) === n;
  }

  /** `cm`: CTM ← v × CTM. */
  concat(): void {
    const [a, b, c, d, e, f] = this.v as unknown as [number, number, number, number, number, number];
    const m = this.ctm;
    this.ctm = Float64Array.of(a * m[0]! + b * m[2]!, a * m[1]! + b * m[3]!, c * m[0]! + d * m[2]!, c * m[1]! + d * m[3]!,
      e * m[0]! + f * m[2]! + m[4]!, e * m[1]! + f * m[3]! + m[5]!);
  }

  /** Move the text line by (tx, ty) in text space (`Td`). */
  moveLine(tx: number, ty: number): void {
    const l = this.line;
    l[4] = tx * l[0]! + ty * l[2]! + l[4]!;
    l[5] = tx * l[1]! + ty * l[3]! + l[5]!;
  }

  /** Add a path-construction operator to the path: its first point, and its rectangle while it is one `re`. */
  extendPath(op: ContentOperation): void {
    const re = op.operator === 're' && this.read(op, 4);
    if (!this.path) {
      const start = re || (op.operator === 'm' && this.read(op, 2));
      this.path = { x: start ? this.v[0]! : 0, y: start ? this.v[1]! : 0, rect: re ? this.v.slice(0, 4) : null, clip: false };
    } else if (op.operator !== 'h') this.path.rect = null;
  }

  /** Operation `i` ends the path: set the clip it makes (the page body if it is the first rectangle at the shallowest depth), note where it paints. */
  endPath(i: number, paints: boolean): void {
    const path = this.path;
    this.path = null;
    if (!path) return;
    if (path.clip) {
      this.clip = { op: i, outer: this.clip };
      const depth = this.saved.length;
      if (path.rect && this.marked === 0 && (!this.body || depth < this.body.depth)) this.body = { rect: this.rectToPage(path.rect), clip: this.clip, depth };
    }
    if (paints) this.paintsAt(i, path.x, path.y);
  }

  /** Operation `i` shows text: its first glyph's origin is the text line's. */
  showText(i: number): void {
    this.paintsAt(i, this.line[4]!, this.line[5]!);
    this.clips[i] = this.clip;
  }

  /** Operation `i` paints at (x, y) of user space. */
  paintsAt(i: number, x: number, y: number): void {
    const m = this.ctm;
    this.points[2 * i] = m[0]! * x + m[2]! * y + m[4]!;
    this.points[2 * i + 1] = m[1]! * x + m[3]! * y + m[5]!;
  }

  /** The bounding box in default user space of rectangle `[x y w h]` of user space. */
  rectToPage(r: Float64Array): Rect {
    const [x, y, w, h] = r as unknown as [number, number, number, number];
    const m = this.ctm;
    const xs = [x, x + w].flatMap((px) => [y, y + h].map((py) => m[0]! * px + m[2]! * py + m[4]!));
    const ys = [x, x + w].flatMap((px) => [y, y + h].map((py) => m[1]! * px + m[3]! * py + m[5]!));
    return { left: Math.min(...xs), bottom: Math.min(...ys), right: Math.max(...xs), top: Math.max(...ys) };
  }
}

/**
 * Follow the graphics state through the operations ({@link Painter}) and note where each painting operation
 * (ISO 32000-1 Tables 60, 107, 77, 92) paints: a text operation (`Tj TJ ' "`) at its first glyph's origin, a
 * path (`S s f F f* B B* b b*`) at its first point, an image or form (`Do`, inline `BI`) at its origin, a
 * shading (`sh`) nowhere in particular; and which clip is the page body.
 */
function paintSites(ops: readonly ContentOperation[]): Painter {
  const p = new Painter(ops.length);
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    switch (op.operator) {
      case 'Td': case 'TD':
        if (!p.read(op, 2)) break;
        if (op.operator === 'TD') p.leading = -p.v[1]!;
        p.moveLine(p.v[0]!, p.v[1]!);
        break;
      case "'": case '"':
        p.moveLine(0, -p.leading);
        p.showText(i);
        break;
      case 'Tj': case 'TJ': p.showText(i); break;
      case 'Tm': if (p.read(op, 6)) p.line.set(p.v); break;
      case 'BT': p.line.set([1, 0, 0, 1, 0, 0]); break;
      case 'TL': if (p.read(op, 1)) p.leading = p.v[0]!; break;
      case 'T*': p.moveLine(0, -p.leading); break;
      case 'q': p.saved.push({ ctm: p.ctm, clip: p.clip }); break;
      case 'Q': Object.assign(p, p.saved.pop() ?? {}); break;
      case 'cm': if (p.read(op, 6)) p.concat(); break;
      case 'BDC': case 'BMC': p.marked++; break;
      case 'EMC': p.marked--; break;
      case 'W': case 'W*': if (p.path) p.path.clip = true; break;
      case 'Do': case 'BI': case 'sh':
        if (op.operator !== 'sh') p.paintsAt(i, 0, 0);
        p.clips[i] = p.clip;
        break;
      default:
        if (PATH_CONSTRUCTION.has(op.operator)) p.extendPath(op);
        else if (PATH_END.has(op.operator)) {
          if (op.operator !== 'n') p.clips[i] = p.clip;
          p.endPath(i, op.operator !== 'n');
        }
    }
  }
  return p;
}

/**
 * Where each painting operation paints, as a place bit (0 for an operation that does not paint): inside the
 * page body's clip → Layout; otherwise by its point: above the body → Header, below → Footer, beside → Margin,
 * within → Layout; Layout too when no body is known or the operation has no point (`sh`).
 */
function placesOf(ops: readonly ContentOperation[]): Uint8Array {
  const { points, clips, body } = paintSites(ops);
  const places = new Uint8Array(ops.length);
  for (let i = 0; i < ops.length; i++) {
    if (clips[i] === undefined) continue;
    let inside = false;
    for (let c: Clip | null = clips[i]!; c && body && !inside; c = c.outer) inside = c === body.clip;
    const [x, y] = [points[2 * i]!, points[2 * i + 1]!];
    if (inside || !body || Number.isNaN(x)) places[i] = LAYOUT;
    else if (y > body.rect.top + EDGE) places[i] = HEADER;
    else if (y < body.rect.bottom - EDGE) places[i] = FOOTER;
    else if (x < body.rect.left - EDGE || x > body.rect.right + EDGE) places[i] = MARGIN;
    else places[i] = LAYOUT;
  }
  return places;
}

/** The kinds of balanced unit a stream is made of. */
type UnitKind = 'root' | 'group' | 'text' | 'marked' | 'path' | 'op';

/**
 * A balanced unit: operations `first`…`last` (indices, inclusive). `mask` holds the place bits of the painting
 * operations in it that are outside marked content; `marked` says whether it is or holds marked content.
 */
interface Unit {
  readonly kind: UnitKind;
  readonly first: number;
  last: number;
  mask: number;
  marked: boolean;
  /** The units inside a group, text object or sequence; null for a path object or an operation. */
  readonly children: Unit[] | null;
}

/** Add `child` to `parent`, carrying up what it paints unmarked and whether it holds marked content. */
function adopt(parent: Unit, child: Unit): void {
  parent.children!.push(child);
  if (child.kind === 'marked') parent.marked = true;
  else (parent.mask |= child.mask), (parent.marked ||= child.marked);
}

/**
 * The stream as a tree of balanced units: `q…Q` groups, `BT…ET` text objects, `BDC`/`BMC…EMC` sequences,
 * path objects (construction operators up to the operator that paints or ends them) and single operations.
 *
 * Chromium ends a page inside its last marked-content sequence: `BDC BT ET Q Q EMC`. A sequence still open when
 * its `q` group or text object closes therefore ends there in the tree, and what follows up to its `EMC` counts
 * as marked content (never wrapped). Undefined when the nesting is broken (ISO 32000-1 §8.4.2, §9.4, §14.6):
 * a `Q`, `ET` or `EMC` with nothing to close, an opener left open at the end, a text object inside another, a
 * nesting operator inside a path object; or deeper than {@link MAX_DEPTH}.
 */
function unitsOf(ops: readonly ContentOperation[], places: Uint8Array): Unit | undefined {
  const stack: Unit[] = [{ kind: 'root', first: 0, last: ops.length - 1, mask: 0, marked: false, children: [] }];
  let dangling = 0;
  let open = 0; // marked-content sequences on the stack: what they hold is never wrapped, and needs no units
  const unit = (kind: UnitKind, first: number, last: number, mask: number, children: Unit[] | null): Unit =>
    ({ kind, first, last, mask: dangling > 0 ? 0 : mask, marked: dangling > 0, children });
  // A path or operation that paints nothing, outside marked content, never bounds a run: it gets no unit.
  const leaf = (parent: Unit, kind: UnitKind, first: number, last: number, mask: number): void => {
    if (open === 0 && (mask !== 0 || dangling > 0)) adopt(parent, unit(kind, first, last, mask, null));
  };
  for (let i = 0; i < ops.length; i++) {
    const { operator } = ops[i]!;
    const opens = OPENS.get(operator);
    const closes = CLOSES.get(operator);
    let top = stack[stack.length - 1]!;
    if (opens) {
      if (stack.length > MAX_DEPTH || (opens === 'text' && stack.some((u) => u.kind === 'text'))) return undefined;
      stack.push(unit(opens, i, i, 0, []));
      if (opens === 'marked') open++;
    } else if (closes === 'marked' && top.kind !== 'marked') {
      if (dangling === 0) return undefined;
      leaf(top, 'op', i, i, 0);
      dangling--;
    } else if (closes) {
      for (; closes !== 'marked' && top.kind === 'marked'; top = stack[stack.length - 1]!) {
        stack.pop();
        top.last = i - 1;
        adopt(stack[stack.length - 1]!, top);
        dangling++;
        open--;
      }
      if (top.kind !== closes) return undefined;
      if (closes === 'marked') open--;
      stack.pop();
      top.last = i;
      adopt(stack[stack.length - 1]!, top);
    } else if (PATH_CONSTRUCTION.has(operator)) {
      const end = pathEnd(ops, i);
      if (end < 0) return undefined;
      let mask = 0;
      for (let j = i; j <= end; j++) mask |= places[j]!;
      leaf(top, 'path', i, end, mask);
      i = end;
    } else leaf(top, 'op', i, i, places[i]!);
  }
  return stack.length === 1 && dangling === 0 ? stack[0] : undefined;
}

/** The index of the operation that ends the path object starting at `first`, or -1 if a nesting operator comes first. */
function pathEnd(ops: readonly ContentOperation[], first: number): number {
  for (let j = first; j < ops.length; j++) {
    const { operator } = ops[j]!;
    if (PATH_END.has(operator)) return j;
    if (OPENS.has(operator) || CLOSES.has(operator) || operator === 'BI') return -1;
  }
  return ops.length - 1;
}

/** A run of sibling units to wrap in one artifact sequence: operations `first`…`last`, painting at `place`. */
interface Run { readonly first: number; last: number; readonly place: number }

/**
 * The runs to wrap among `units` (siblings), in stream order: maximal runs of units that paint at one place and
 * hold no marked content, with the units that paint nothing (state operators) trimmed off both ends. A unit
 * that holds marked content or paints at several places ends a run, and its own units are searched in turn.
 */
function runsOf(units: readonly Unit[], runs: Run[]): Run[] {
  let run: Run | undefined;
  for (const unit of units) {
    const single = unit.mask !== 0 && (unit.mask & (unit.mask - 1)) === 0;
    if (unit.kind === 'marked' || unit.marked || (unit.mask !== 0 && !single)) {
      run = undefined;
      if (unit.kind !== 'marked' && unit.mask !== 0 && unit.children) runsOf(unit.children, runs);
    } else if (unit.mask === 0) continue;
    else if (run && run.place === unit.mask) run.last = unit.last;
    else runs.push((run = { first: unit.first, last: unit.last, place: unit.mask }));
  }
  return runs;
}

/** Text to insert into a stream at a byte offset. */
interface Insertion { readonly offset: number; readonly text: string }

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

/**
 * The insertions that mark every unmarked painting operation of a page's content (its streams joined by a
 * line feed, as ISO 32000-1 §7.8.2 reads an array of streams as one), or the reason to leave it alone.
 */
function markContent(bytes: Uint8Array): Insertion[] | UnmarkedSkipReason {
  let ops: ContentOperation[];
  try {
    ops = tokenizeContentStream(bytes);
  } catch (error) {
    if (error instanceof ContentStreamError) return 'syntax';
    throw error;
  }
  const places = placesOf(ops);
  const root = unitsOf(ops, places);
  if (!root) return 'nesting';
  return insertionsFor(bytes, ops, runsOf(root.children!, []));
}

/** A content stream of a page: its reference and decoded bytes. */
interface PageStream { readonly ref: PDFRef; readonly bytes: Uint8Array }

/** The references of a page's content streams (`/Contents`: one stream or an array of them), or undefined if one is direct. */
function contentRefs(page: PDFPage): PDFRef[] | undefined {
  const contents = page.node.get(PDFName.of('Contents'));
  if (contents === undefined) return [];
  const items = contents instanceof PDFArray ? contents.asArray() : [contents];
  return items.every((item) => item instanceof PDFRef) ? (items as PDFRef[]) : undefined;
}

/** The decoded bytes of a content stream, or undefined when its filter is not FlateDecode or none (ISO 32000-1 §7.4.4). */
function decodeStream(doc: PDFDocument, ref: PDFRef): Uint8Array | undefined {
  const stream = doc.context.lookup(ref);
  if (stream instanceof PDFFlateStream) return stream.getUnencodedContents();
  if (!(stream instanceof PDFRawStream)) return undefined;
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const names = filter instanceof PDFArray ? filter.asArray() : filter === undefined ? [] : [filter];
  const parms = stream.dict.lookup(PDFName.of('DecodeParms'));
  if (parms !== undefined && !(parms instanceof PDFArray && parms.size() === 0)) return undefined;
  if (names.length === 0) return stream.contents;
  if (names.length !== 1 || names[0] !== PDFName.of('FlateDecode')) return undefined;
  try {
    return inflateSync(stream.contents);
  } catch {
    return undefined;
  }
}

/** The content streams of a page, decoded, or the reason they cannot be marked. */
function pageStreams(doc: PDFDocument, page: PDFPage): PageStream[] | UnmarkedSkipReason {
  const refs = contentRefs(page);
  if (!refs) return 'contents';
  const streams: PageStream[] = [];
  for (const ref of refs) {
    const bytes = decodeStream(doc, ref);
    if (!bytes) return 'filter';
    streams.push({ ref, bytes });
  }
  return streams;
}

/** The streams joined into one, a line feed between each two; `starts[i]` is where stream `i` begins. */
function joinStreams(streams: readonly PageStream[]): { bytes: Uint8Array; starts: number[] } {
  const starts: number[] = [];
  let length = 0;
  for (const s of streams) starts.push(length), (length += s.bytes.length + 1);
  const bytes = new Uint8Array(Math.max(0, length - 1));
  streams.forEach((s, i) => {
    bytes.set(s.bytes, starts[i]!);
    if (i + 1 < streams.length) bytes[starts[i]! + s.bytes.length] = 0x0a;
  });
  return { bytes, starts };
}

/**
 * Splice the insertions (offsets into the joined streams, in order) into each stream of `page` and write the
 * changed ones back, Flate-compressed. A stream that other pages (or this one, twice) also show is not changed:
 * the page gets a changed copy of its own. pdf-lib shares its `q` and `Q` streams among all the pages it draws on.
 */
function writeBack(doc: PDFDocument, page: PDFPage, streams: readonly PageStream[], starts: readonly number[], insertions: readonly Insertion[], shared: (ref: PDFRef) => boolean): void {
  const refs = streams.map((s) => s.ref);
  streams.forEach((stream, i) => {
    const from = starts[i]!;
    const own = insertions.filter((ins) => ins.offset >= from && ins.offset <= from + stream.bytes.length);
    if (own.length === 0) return;
    const parts: Uint8Array[] = [];
    let at = 0;
    for (const ins of own) {
      parts.push(stream.bytes.subarray(at, ins.offset - from), Buffer.from(ins.text, 'latin1'));
      at = ins.offset - from;
    }
    parts.push(stream.bytes.subarray(at));
    const data = deflateSync(Buffer.concat(parts));
    const original = (doc.context.lookup(stream.ref) as PDFRawStream | PDFFlateStream).dict;
    const dict = shared(stream.ref) ? original.clone(doc.context) : original;
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    dict.delete(PDFName.of('DecodeParms'));
    dict.set(PDFName.of('Length'), PDFNumber.of(data.length));
    if (dict === original) doc.context.assign(stream.ref, PDFRawStream.of(dict, data));
    else refs[i] = doc.context.register(PDFRawStream.of(dict, data));
  });
  if (refs.some((ref, i) => ref !== streams[i]!.ref)) {
    const contents = page.node.get(PDFName.of('Contents'));
    page.node.set(PDFName.of('Contents'), contents instanceof PDFArray ? doc.context.obj(refs) : refs[0]!);
  }
}

/**
 * Wrap every painting operation of every page that is outside marked content in an artifact sequence
 * (Pagination Header/Footer, Pagination, or Layout; see the module comment), keeping every original byte of the
 * content streams. Content already in a marked-content sequence (tagged with an MCID, or an artifact such as the
 * draft mark) is left as it is. A page whose content cannot be read or is not well nested is left unchanged and
 * named in the report; its painting stays unmarked, for the conformance check to find.
 */
export function markUntaggedContent(doc: PDFDocument): UntaggedContentReport {
  const pages = doc.getPages();
  const uses = new Map<string, number>();
  for (const page of pages) for (const ref of contentRefs(page) ?? []) uses.set(ref.toString(), (uses.get(ref.toString()) ?? 0) + 1);
  const shared = (ref: PDFRef): boolean => uses.get(ref.toString())! > 1;
  const skipped: { page: number; reason: UnmarkedSkipReason }[] = [];
  let artifacts = 0;
  pages.forEach((page, index) => {
    const streams = pageStreams(doc, page);
    if (typeof streams === 'string') return void skipped.push({ page: index + 1, reason: streams });
    const { bytes, starts } = joinStreams(streams);
    const insertions = markContent(bytes);
    if (typeof insertions === 'string') return void skipped.push({ page: index + 1, reason: insertions });
    writeBack(doc, page, streams, starts, insertions, shared);
    artifacts += insertions.length / 2;
  });
  return { artifacts, skipped };
}
