/**
 * Where each painting operation of a page's content paints, against the page body: the geometry half of
 * markUntaggedContent (artifacts.ts). It follows the graphics state operation by operation (the CTM, the text
 * line matrix, the path under construction and the clipping path; ISO 32000-1 §8.4, §8.5, §9.4.2) and gives each
 * painting operation a place: Header, Footer or Layout, the artifact subtype it gets when nothing marks it
 * (ISO 32000-1 Table 330; Matterhorn 18-001: running headers and footers are Pagination Header/Footer).
 *
 * The page body is the first rectangular clip set outside any marked-content sequence at the shallowest `q` depth:
 * Chromium clips the body to the page area inside the margins after drawing the CSS `@page` margin boxes. Painting
 * inside that clip, or with no body found, is Layout; outside it, Header above the body, Footer below it, and in
 * the side margins Header above the page's vertical middle, Footer below.
 */
import type { ContentOperation } from './content-stream.ts';

/** Where a painting operation paints, as bits of a mask: the running header, the running footer, or the layout. */
export const [HEADER, FOOTER, LAYOUT] = [1, 2, 4];

/** Path-construction operators (ISO 32000-1 Table 59): each starts or continues a path object. */
export const PATH_CONSTRUCTION: ReadonlySet<string> = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
/** Operators that end a path object (ISO 32000-1 Table 60): painting it, or `n`. */
export const PATH_END: ReadonlySet<string> = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);

/** Tolerance, in points, when comparing a painting position with the edges of the page body. */
const EDGE = 0.5;

/** A rectangle in default user space: left, bottom, right, top. */
interface Rect { readonly left: number; readonly bottom: number; readonly right: number; readonly top: number }

/** A clipping path set by operation `op`, and the clip it narrows (a persistent list). */
interface Clip { readonly op: number; readonly outer: Clip | null }

/** The page body: the first rectangular clip set outside any marked-content sequence at the shallowest `q` depth. */
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
 * Where each painting operation of `ops` paints, as a place bit (0 for an operation that does not paint): inside
 * the page body's clip → Layout; otherwise by its point: above the body → Header, below → Footer, beside it (a
 * side margin) → Header when above `middle`, Footer when not, within → Layout; Layout too when no body is known
 * or the operation has no point (`sh`). `middle` is the page's vertical middle in default user space (y up), by
 * default the body's.
 */
export function placesOf(ops: readonly ContentOperation[], middle?: number): Uint8Array {
  const { points, clips, body } = paintSites(ops);
  const places = new Uint8Array(ops.length);
  const half = middle ?? (body ? (body.rect.top + body.rect.bottom) / 2 : 0);
  for (let i = 0; i < ops.length; i++) {
    if (clips[i] === undefined) continue;
    let inside = false;
    for (let c: Clip | null = clips[i]!; c && body && !inside; c = c.outer) inside = c === body.clip;
    const [x, y] = [points[2 * i]!, points[2 * i + 1]!];
    if (inside || !body || Number.isNaN(x)) places[i] = LAYOUT;
    else if (y > body.rect.top + EDGE) places[i] = HEADER;
    else if (y < body.rect.bottom - EDGE) places[i] = FOOTER;
    else if (x < body.rect.left - EDGE || x > body.rect.right + EDGE) places[i] = y > half ? HEADER : FOOTER;
    else places[i] = LAYOUT;
  }
  return places;
}
