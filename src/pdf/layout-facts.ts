/**
 * The print lint's facts, read inside the page after the layout pass (src/pdf/layout.ts), on the same
 * layout: per page (column) the lowest content and whether a forced break follows; headings and the page
 * their content starts on; tables and figures with their pages and introducing heading or caption; words whose
 * boxes fall on two lines; content wider than its box or the page. Plain data; the rules are in
 * src/pdf/lint.ts.
 *
 * ```
 * namer, selectors ─► describer ─► kit (geometry, elements, content leaves)
 *                         └─► pages ─► headings ─► blocks ─► overflows ─► words (each reads the kit)
 * ```
 * Every function here runs in the page: puppeteer sends source text, so each one is self-contained (no
 * module-level names) and {@link layoutFactsSource} sends them together, the phases as arguments of
 * {@link assembleFacts}.
 */
import type { BlockFact, BrokenWordFact, ElementRef, HeadingFact, LayoutFacts, OverflowFact, PageBox, PageFact } from './facts.ts';

/** A content leaf: an element with text of its own (or a row, chart, image), its index and its boxes. */
interface Leaf {
  readonly el: Element;
  readonly index: number;
  readonly rects: DOMRect[];
}

/** What every phase reads: the page box, the document's elements in order, its content leaves and helpers. */
interface Kit {
  readonly W: number;
  readonly H: number;
  readonly origin: DOMRect;
  readonly body: HTMLElement;
  readonly all: Element[];
  readonly order: Map<Element, number>;
  readonly leaves: Leaf[];
  /** 0-based column (page) of a box. */
  columnOf(r: DOMRect): number;
  /** Position in `leaves` of the first leaf whose element comes after element number `index` (binary search). */
  leafAfter(index: number): number;
  /** Number (in `all`) of the last element inside `el`, or of `el` itself when it has none; the last of all for the body. */
  lastInside(el: Element): number;
  rectsOf(el: Element | Range): DOMRect[];
  isHeading(el: Element): boolean;
  /** The element's description, selector and silenced rules (memoised). */
  ref(el: Element): ElementRef;
}

/** The phases {@link assembleFacts} runs, passed to it as functions. */
interface Phases {
  readonly namer: typeof namer;
  readonly describer: typeof describer;
  readonly selectors: typeof selectors;
  readonly kit: typeof makeKit;
  readonly pages: typeof pageFacts;
  readonly headings: typeof headingFacts;
  readonly blocks: typeof blockFacts;
  readonly overflows: typeof overflowFacts;
  readonly words: typeof brokenWordFacts;
}

/** Source text of a function `(box: PageBox) => LayoutFacts` to run in the page after the layout pass. */
export function layoutFactsSource(): string {
  const phases: Phases = { namer, describer, selectors, kit: makeKit, pages: pageFacts, headings: headingFacts, blocks: blockFacts, overflows: overflowFacts, words: brokenWordFacts };
  const parts = Object.entries(phases).map(([name, fn]) => `${name}: ${String(fn)}`);
  return `((box) => (${String(assembleFacts)})(box, {${parts.join(', ')}}))`;
}

/** The phases in order, and the template's `--lint-min-page-fill` as written. */
function assembleFacts(box: PageBox, phases: Phases): LayoutFacts {
  const kit = phases.kit(box, phases.describer(phases.namer(), phases.selectors()));
  const { pageCount, pages } = phases.pages(kit);
  const headings = phases.headings(kit);
  const blocks = phases.blocks(kit);
  const overflows = phases.overflows(kit);
  const brokenWords = phases.words(kit);
  const minFill = getComputedStyle(document.documentElement).getPropertyValue('--lint-min-page-fill');
  return { box: { width: kit.W, height: kit.H }, pageCount, minFill, pages, headings, blocks, brokenWords, overflows };
}

/** What an element is, in a reader's words (`"Note" cell of a table`, `heading "…"`), and text clipped to n characters. */
function namer(): { what: (el: Element) => string; clean: (text: string | null, n: number) => string } {
  const clean = (text: string | null, n: number): string => {
    const t = (text ?? '').replace(/\s+/g, ' ').trim();
    return t.length <= n ? t : `${t.slice(0, n - 1)}…`;
  };
  const cellName = (cell: Element): string => {
    const row = cell.parentElement as HTMLTableRowElement | null;
    const index = row ? Array.from(row.cells).indexOf(cell as HTMLTableCellElement) : -1;
    const header = cell.closest('table')?.tHead?.rows[0]?.cells[index];
    const name = cell.getAttribute('data-label') ?? (header ? clean(header.textContent, 30) : `column ${index + 1}`);
    return `"${name}" cell ${cell.tagName === 'TH' ? 'in the header ' : ''}of a table`;
  };
  const named: Record<string, (el: Element) => string> = {
    table: () => 'table',
    tr: () => 'table row',
    figure: (el) => `figure "${clean(el.querySelector('figcaption')?.textContent ?? '', 60)}"`,
    svg: () => 'chart',
    figcaption: (el) => `caption "${clean(el.textContent, 60)}"`,
    caption: (el) => `caption "${clean(el.textContent, 60)}"`,
    li: (el) => `list item "${clean(el.textContent, 40)}"`,
    p: (el) => `paragraph "${clean(el.textContent, 40)}"`,
  };
  const what = (el: Element): string => {
    const cell = el.closest('td, th');
    if (cell) return cellName(cell);
    if (/^H[1-6]$/.test(el.tagName)) return `heading "${clean(el.textContent, 60)}"`;
    const tag = el.tagName.toLowerCase();
    return named[tag]?.(el) ?? `${tag}${el.classList.length > 0 ? `.${el.classList[0]}` : ''} "${clean(el.textContent, 40)}"`;
  };
  return { what, clean };
}

/**
 * Descriptions for a reader: what the element is ({@link namer}), the nearest subheading before it in its
 * section and the section's title (`"Note" cell of the table under "Acme" (section Company profiles)`), its
 * CSS-ish path, and the rules silenced on it (`data-lint-allow` on it or an ancestor, its computed `--lint-allow`).
 */
function describer({ what, clean }: ReturnType<typeof namer>, selectorOf: (el: Element) => string): (el: Element) => ElementRef {
  const body = document.body;
  // The subheadings of each section (or the body), in document order, listed once: a briefing of a thousand
  // companies has a thousand in one section, and every element described looks one up.
  const subheadings = new Map<Element, Element[]>();
  /** The first of `hs` (document order) at or after which `el` no longer follows, by binary search. */
  const firstNotBefore = (hs: readonly Element[], el: Element): number => {
    let lo = 0;
    let hi = hs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hs[mid]!.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && !hs[mid]!.contains(el)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // The nearest h3–h6 before `el` in its section, stopping at one that is or holds `el`.
  const subheadingOf = (el: Element): Element | null => {
    const scope = el.closest('section') ?? body;
    let hs = subheadings.get(scope);
    if (!hs) subheadings.set(scope, (hs = Array.from(scope.querySelectorAll('h3, h4, h5, h6'))));
    // A heading holding `el` (or `el` itself) ends the search; the outermost one comes first in document order.
    let holder: Element | null = null;
    for (let e: Element | null = el; e && e !== scope; e = e.parentElement) if (/^H[3-6]$/.test(e.tagName)) holder = e;
    const stop = firstNotBefore(hs, holder ?? el);
    return stop > 0 ? hs[stop - 1]! : null;
  };
  const describe = (el: Element): string => {
    const sub = subheadingOf(el);
    const section = el.closest('section')?.querySelector('h2');
    const owner = el.closest('figure, table');
    let text = what(el);
    if (owner && owner !== el && !text.includes('of a table')) text += ` in ${owner.tagName === 'TABLE' ? 'a table' : what(owner)}`;
    if (sub && !/^H[1-6]$/.test(el.tagName)) text += ` under "${clean(sub.textContent, 60)}"`;
    if (section && section !== el) text += ` (section ${clean(section.textContent, 40)})`;
    return text.replace('of a table under', 'of the table under');
  };
  const allowOf = (el: Element): string[] => {
    const allow = new Set<string>();
    for (let e: Element | null = el; e; e = e.parentElement) for (const w of (e.getAttribute('data-lint-allow') ?? '').split(/[\s,]+/)) if (w) allow.add(w);
    for (const w of getComputedStyle(el).getPropertyValue('--lint-allow').replace(/["']/g, '').split(/[\s,]+/)) if (w) allow.add(w);
    return [...allow];
  };
  const refs = new Map<Element, ElementRef>();
  return (el) => {
    let r = refs.get(el);
    if (!r) refs.set(el, (r = { description: describe(el), selector: selectorOf(el), allow: allowOf(el) }));
    return r;
  };
}

/**
 * A CSS-ish path of an element for a reader (`section#companies > article:nth-of-type(3) > h4`), up to the
 * nearest ancestor with an id. Each element's step is made for all children of its parent at once: a section
 * of a thousand companies would otherwise count its children again for every element described in it.
 */
function selectors(): (el: Element) => string {
  const body = document.body;
  // Each element's step of a selector (`tag.class:nth-of-type(n)`), made for all children of a parent at once.
  const steps = new Map<Element, string>();
  const stepOf = (e: Element): string => {
    const known = steps.get(e);
    if (known !== undefined) return known;
    // The layout pass's spacers after charts taller than a page (src/pdf/layout.ts) are not the document's.
    const siblings = e.parentElement ? Array.from(e.parentElement.children).filter((c) => !c.hasAttribute('data-briefing-spacer')) : [e];
    const count = new Map<string, number>();
    for (const s of siblings) count.set(s.tagName, (count.get(s.tagName) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const s of siblings) {
      const nth = (seen.get(s.tagName) ?? 0) + 1;
      seen.set(s.tagName, nth);
      const base = `${s.tagName.toLowerCase()}${s.classList.length > 0 ? `.${s.classList[0]}` : ''}`;
      steps.set(s, count.get(s.tagName)! > 1 ? `${base}:nth-of-type(${nth})` : base);
    }
    return steps.get(e)!;
  };
  return (el: Element): string => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && e !== body; e = e.parentElement) {
      if (e.id) {
        parts.unshift(`${e.tagName.toLowerCase()}#${e.id}`);
        break;
      }
      parts.unshift(stepOf(e));
    }
    return parts.join(' > ');
  };
}

/** The geometry and the content leaves (elements with their own text, rows, charts, images) in document order. */
function makeKit(box: PageBox, ref: (el: Element) => ElementRef): Kit {
  const body = document.body;
  const origin = body.getBoundingClientRect();
  const columnOf = (r: DOMRect): number => Math.max(0, Math.floor((r.left - origin.left + 0.5) / box.width));
  const rectsOf = (el: Element | Range): DOMRect[] => Array.from(el.getClientRects()).filter((r) => r.width > 0 || r.height > 0);
  // Every element of the document: the layout pass's spacers (src/pdf/layout.ts) take room but are not in it.
  const all = Array.from(body.querySelectorAll('*:not([data-briefing-spacer])'));
  const leaves: Leaf[] = [];
  all.forEach((el, index) => {
    if (el instanceof SVGElement && el.tagName.toLowerCase() !== 'svg') return;
    const tag = el.tagName.toLowerCase();
    const own = tag === 'svg' || tag === 'img' || tag === 'tr' || tag === 'hr' || el.childElementCount === 0 || Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
    const rects = own ? rectsOf(el) : [];
    if (rects.length > 0) leaves.push({ el, index, rects });
  });
  const isHeading = (el: Element): boolean => /^H[1-6]$/.test(el.tagName);
  const order = new Map(all.map((el, i) => [el, i] as const));
  const leafAfter = (index: number): number => {
    let lo = 0;
    let hi = leaves.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (leaves[mid]!.index <= index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const lastInside = (el: Element): number => {
    if (el === body) return all.length - 1;
    let e = el;
    while (e.lastElementChild) e = e.lastElementChild;
    return order.get(e)!;
  };
  return { W: box.width, H: box.height, origin, body, all, order, leaves, columnOf, leafAfter, lastInside, rectsOf, isHeading, ref };
}

/**
 * Pages: the lowest content of each column (a spacer after a chart taller than a page counts, see
 * src/pdf/layout.ts), its first and last leaf, and whether a forced break starts the next.
 */
function pageFacts(kit: Kit): { pageCount: number; pages: PageFact[] } {
  let pageCount = 1;
  const bottom: number[] = [];
  const first: (Element | undefined)[] = [];
  const last: (Element | undefined)[] = [];
  for (const leaf of kit.leaves) {
    for (const r of leaf.rects) {
      const c = kit.columnOf(r);
      pageCount = Math.max(pageCount, c + 1);
      bottom[c] = Math.max(bottom[c] ?? 0, r.bottom - kit.origin.top);
      first[c] ??= leaf.el;
      last[c] = leaf.el;
    }
  }
  // A column the layout pass's spacer crosses is filled to the spacer's foot: print puts the tall chart's slice there.
  for (const spacer of Array.from(kit.body.querySelectorAll('[data-briefing-spacer]'))) {
    for (const r of kit.rectsOf(spacer)) {
      const c = kit.columnOf(r);
      pageCount = Math.max(pageCount, c + 1);
      bottom[c] = Math.max(bottom[c] ?? 0, r.bottom - kit.origin.top);
    }
  }
  const forcedStart = new Set<number>();
  for (const el of kit.all) {
    if (!(el instanceof HTMLElement || el instanceof SVGElement)) continue;
    const style = el.style;
    if (style.breakBefore !== 'column' && style.breakAfter !== 'column') continue;
    const rects = kit.rectsOf(el);
    if (rects.length === 0) continue;
    if (style.breakBefore === 'column') forcedStart.add(kit.columnOf(rects[0]!));
    if (style.breakAfter === 'column') forcedStart.add(kit.columnOf(rects[rects.length - 1]!) + 1);
  }
  const pages: PageFact[] = [];
  for (let c = 0; c < pageCount; c++) {
    const next = first[c + 1];
    const lastEl = last[c];
    pages.push({ page: c + 1, bottom: bottom[c] ?? 0, breakAfter: c === pageCount - 1 || forcedStart.has(c + 1), next: next ? kit.ref(next) : null, last: lastEl ? kit.ref(lastEl) : null });
  }
  return { pageCount, pages };
}

/** Headings: the pages of their first and last line, and the page their content starts on (the next leaf that is no heading). */
function headingFacts(kit: Kit): HeadingFact[] {
  const headings: HeadingFact[] = [];
  for (const h of Array.from(kit.body.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
    const rects = kit.rectsOf(h);
    if (rects.length === 0) continue;
    const end = kit.lastInside(h);
    let next: Leaf | undefined;
    for (let i = kit.leafAfter(end); i < kit.leaves.length && !next; i++) {
      const l = kit.leaves[i]!;
      if (!kit.isHeading(l.el) && !l.el.closest('h1, h2, h3, h4, h5, h6')) next = l;
    }
    const page = kit.columnOf(rects[rects.length - 1]!);
    headings.push({ element: kit.ref(h), firstPage: kit.columnOf(rects[0]!) + 1, page: page + 1, nextPage: next ? kit.columnOf(next.rects[0]!) + 1 : null, linesBelow: next ? linesBelow(h, next, page) : null });
  }
  return headings;

  /** Lines of `h`'s content on its page `page` (0-based), or null when its content ends there. */
  function linesBelow(h: Element, next: Leaf, page: number): number | null {
    const level = Number(h.tagName[1]);
    const scope = h.parentElement?.closest('section, article') ?? kit.body;
    // The leaves from `next` to the end of the scope (its elements are numbered consecutively), up to the next
    // heading of this level or higher.
    const content: Leaf[] = [];
    const last = kit.lastInside(scope);
    for (let i = kit.leafAfter(next.index - 1); i < kit.leaves.length && kit.leaves[i]!.index <= last; i++) {
      const l = kit.leaves[i]!;
      if (kit.isHeading(l.el) && Number(l.el.tagName[1]) <= level) break;
      if (scope.contains(l.el)) content.push(l);
    }
    if (!content.some((l) => l.rects.some((r) => kit.columnOf(r) > page))) return null;
    const lineOf = (el: Element): number => parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.2;
    let lines = 0;
    let bottom = -Infinity;
    // A leaf inside another (a citation link in a paragraph, a cell in a row) is counted with the outer one.
    const leaves = new Set(content.map((l) => l.el));
    const nested = (el: Element): boolean => {
      for (let e = el.parentElement; e && e !== scope; e = e.parentElement) if (leaves.has(e)) return true;
      return false;
    };
    for (const l of content) {
      if (nested(l.el)) continue;
      for (const r of l.rects.filter((x) => kit.columnOf(x) === page)) {
        lines += l.el.tagName.toLowerCase() === 'svg' ? 3 : Math.max(1, Math.round(r.height / lineOf(l.el)));
        bottom = Math.max(bottom, r.bottom);
      }
    }
    // Only at the foot of the page: content that stops higher up was pushed on by something else (a block
    // that cannot break, a forced break), which other rules report.
    return bottom - kit.origin.top < kit.H - 3 * lineOf(next.el) ? null : lines;
  }
}

/**
 * Tables and figures: their pages, and the heading or caption that introduces them. A table's `<caption>`;
 * else the nearest heading before it in its article or section, unless another table or figure comes between
 * (that one is what follows the heading). A figure with a `<figcaption>` carries its own introduction: it can
 * only be split, not detached.
 */
function blockFacts(kit: Kit): BlockFact[] {
  const introOf = (el: Element): Element | null => {
    const scope = el.closest('article, section') ?? kit.body;
    for (let i = kit.order.get(el)! - 1; i >= 0; i--) {
      const candidate = kit.all[i]!;
      if (!scope.contains(candidate)) break;
      if ((candidate.tagName === 'TABLE' || candidate.tagName === 'FIGURE') && !candidate.contains(el)) return null;
      if (kit.isHeading(candidate) && !candidate.contains(el)) return candidate;
    }
    return null;
  };
  const blocks: BlockFact[] = [];
  for (const el of Array.from(kit.body.querySelectorAll('table, figure'))) {
    const rects = kit.rectsOf(el);
    const table = el instanceof HTMLTableElement ? el : null;
    const firstRow = table ? Array.from(table.tBodies).flatMap((b) => Array.from(b.rows))[0] : undefined;
    const startRects = firstRow ? kit.rectsOf(firstRow) : rects;
    if (rects.length === 0 || startRects.length === 0) continue;
    const pages = [...new Set(rects.map((r) => kit.columnOf(r) + 1))].sort((a, b) => a - b);
    const intro = table?.caption ?? (!table && el.querySelector('figcaption') ? null : introOf(el));
    let introducer: BlockFact['introducer'] = null;
    const introRects = intro && !el.contains(intro) ? kit.rectsOf(intro) : [];
    if (intro && introRects.length > 0) {
      const end = kit.lastInside(intro);
      const at = kit.order.get(el)!;
      const between: Leaf[] = [];
      for (let i = kit.leafAfter(end); i < kit.leaves.length && kit.leaves[i]!.index < at; i++) if (!kit.leaves[i]!.el.closest('h1, h2, h3, h4, h5, h6')) between.push(kit.leaves[i]!);
      const lastBetween = between[between.length - 1];
      introducer = { element: kit.ref(intro), page: kit.columnOf(introRects[introRects.length - 1]!) + 1, lastBetweenPage: lastBetween ? kit.columnOf(lastBetween.rects[lastBetween.rects.length - 1]!) + 1 : null };
    }
    blocks.push({ kind: table ? 'table' : 'figure', element: kit.ref(el), firstPage: kit.columnOf(startRects[0]!) + 1, lastPage: pages[pages.length - 1]!, pages, introducer });
  }
  return blocks;
}

/** Overflow: own content wider than the box, boxes past the column's right edge, unbreakable boxes taller than the page. */
function overflowFacts(kit: Kit): OverflowFact[] {
  const overflows: OverflowFact[] = [];
  const reported = new Set<Element>();
  for (const { el, rects } of kit.leaves) {
    if (el instanceof HTMLElement && getComputedStyle(el).display !== 'inline' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      overflows.push({ element: kit.ref(el), page: kit.columnOf(rects[0]!) + 1, where: 'box', by: el.scrollWidth - el.clientWidth });
      reported.add(el);
      continue;
    }
    for (const r of rects) {
      const edge = kit.origin.left + (kit.columnOf(r) + 1) * kit.W;
      if (r.right > edge + 1 && !reported.has(el)) {
        overflows.push({ element: kit.ref(el), page: kit.columnOf(r) + 1, where: 'page', by: r.right - edge });
        reported.add(el);
      }
      const tag = el.tagName.toLowerCase();
      if ((tag === 'svg' || tag === 'img') && r.height > kit.H + 1 && !reported.has(el)) {
        overflows.push({ element: kit.ref(el), page: kit.columnOf(r) + 1, where: 'height', by: r.height - kit.H });
        reported.add(el);
      }
    }
  }
  return overflows;
}

/** Words whose boxes fall on two lines (or pages), with the break found by the first character on another line. */
function brokenWordFacts(kit: Kit): BrokenWordFact[] {
  const found: BrokenWordFact[] = [];
  const range = document.createRange();
  const apart = (r: DOMRect, top: DOMRect): boolean => Math.abs(r.top - top.top) >= 1 || kit.columnOf(r) !== kit.columnOf(top);
  const walker = document.createTreeWalker(kit.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.textContent ?? '';
    if (!parent || text.trim() === '' || parent.closest('svg, style, script')) continue;
    range.selectNodeContents(node);
    const lines = kit.rectsOf(range);
    if (lines.length < 2 || !lines.some((r) => apart(r, lines[0]!))) continue;
    for (const m of text.matchAll(/\S{2,}/g)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const parts = kit.rectsOf(range);
      const top = parts[0];
      if (!top || !parts.some((r) => apart(r, top))) continue;
      let at = 1;
      for (; at < m[0].length; at++) {
        range.setStart(node, m.index + at);
        range.setEnd(node, m.index + at + 1);
        const r = kit.rectsOf(range)[0];
        if (r && apart(r, top)) break;
      }
      const holder = parent.closest('table') ?? parent.closest('p, li, div, td, th, dd, dt, figcaption, blockquote, h1, h2, h3, h4, h5, h6, section, article') ?? kit.body;
      const cs = getComputedStyle(holder);
      const available = holder instanceof HTMLTableElement ? holder.getBoundingClientRect().width : holder.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      found.push({ element: kit.ref(parent), page: kit.columnOf(top) + 1, word: m[0], at, before: m[0][at - 1] ?? '', after: m[0][at] ?? '', width: parts.reduce((sum, r) => sum + r.width, 0), available });
    }
  }
  range.detach();
  return found;
}
