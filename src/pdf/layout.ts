/**
 * Where each heading will land, from one layout pass in the page before printing.
 *
 * Chromium has no `target-counter()`, so the contents' page numbers cannot come from CSS. Printing twice
 * (print, read the outline, fill the numbers, print again) doubles the PDF stage. Instead, the loaded page is
 * laid out once more as a multi-column box whose columns are exactly the page's content box: Chromium's block
 * fragmentation breaks columns by the same rules it breaks pages (`break-*`, `orphans`/`widows`, table
 * headers repeated, `break-inside: avoid`), so the column a heading falls in is the page it will print on.
 * Forced page breaks and changes of named page (CSS `page:`) become column breaks.
 *
 * The result is an estimate: the caller prints with it and compares the printed outline (see
 * `paginate` in src/build.ts), printing again only when they differ. Pages whose content box differs from
 * the plain `@page` rule's (margins set in `@page :first` or a named page) are where it can miss.
 */
import type { Page } from 'puppeteer-core';
import type { BlockFact, BrokenWordFact, ElementRef, HeadingFact, LayoutFacts, OverflowFact, PageFact } from './lint.ts';

/** The page box read from the document's plain `@page` rule, in CSS px (96 per inch). */
export interface PageBox {
  /** Width and height of the content box: page size less the margins, px. */
  readonly width: number;
  readonly height: number;
}

/** Estimated pages: heading id → 1-based page, the page box the estimate used, and the print lint's facts. */
export interface PageEstimate {
  readonly pages: Map<string, number>;
  readonly box: PageBox;
  /** Element boxes, words and pages of the same layout, for the print lint (src/pdf/lint.ts). */
  readonly facts: LayoutFacts;
}

/**
 * Lay the page's document out as pages and return the page of every `h1`–`h6` that has an id. The page is
 * left with print media emulated and its DOM restyled: load the document again before printing it.
 * @param page a page whose document is loaded (JavaScript may be off: this runs through the DevTools protocol).
 */
export async function estimateHeadingPages(page: Page): Promise<PageEstimate> {
  await page.emulateMediaType('print');
  const { pages, box } = await page.evaluate(layOutAsColumns, PAGE_SIZES);
  // The same restyled DOM, laid out already: the lint's facts cost no second layout.
  const facts = await page.evaluate(collectLayoutFacts, box);
  return { pages: new Map(Object.entries(pages)), box, facts };
}

/** CSS page-size keywords (CSS Paged Media 3) → width and height, portrait. */
const PAGE_SIZES: Record<string, [string, string]> = {
  a3: ['297mm', '420mm'], a4: ['210mm', '297mm'], a5: ['148mm', '210mm'], b4: ['250mm', '353mm'], b5: ['176mm', '250mm'],
  jis_b4: ['257mm', '364mm'], jis_b5: ['182mm', '257mm'], letter: ['8.5in', '11in'], legal: ['8.5in', '14in'], ledger: ['11in', '17in'],
};

/**
 * Runs inside the page: restyle `<body>` as columns of the page's content box and read each heading's column.
 * Self-contained (puppeteer sends its source text); `named` is {@link PAGE_SIZES}.
 */
async function layOutAsColumns(named: Record<string, [string, string]>): Promise<{ pages: Record<string, number>; box: PageBox }> {
  await document.fonts.ready;
  // 1. The page box from the plain @page rule: `size` (a name, two lengths, and/or an orientation) and margins.
  let size = '';
  const margin = ['0', '0', '0', '0'];
  const sides = ['top', 'right', 'bottom', 'left'];
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of Array.from(sheet.cssRules)) {
      if (!(rule instanceof CSSPageRule) || rule.selectorText !== '') continue;
      size = rule.style.getPropertyValue('size') || size;
      sides.forEach((side, i) => (margin[i] = rule.style.getPropertyValue(`margin-${side}`) || margin[i]!));
    }
  }
  const words = size.trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
  const lengths = words.filter((w) => !(w in named) && w !== 'portrait' && w !== 'landscape');
  let [w, h] = words.map((x) => named[x]).find((x) => x !== undefined) ?? (lengths.length > 0 ? [lengths[0]!, lengths[1] ?? lengths[0]!] : named['letter']!);
  if (words.includes('landscape')) [w, h] = [h, w];
  const probe = document.createElement('div');
  document.documentElement.appendChild(probe);
  const px = (length: string): number => {
    probe.style.cssText = `position:absolute;visibility:hidden;width:${length}`;
    return probe.getBoundingClientRect().width;
  };
  const [mt, mr, mb, ml] = margin.map(px) as [number, number, number, number];
  const box = { width: px(w) - ml - mr, height: px(h) - mt - mb };
  probe.remove();

  // 2. Page breaks become column breaks: forced breaks, avoid-page, and each change of used named page.
  const forced = new Set(['page', 'left', 'right', 'recto', 'verso', 'always']);
  const body = document.body;
  const usedPage = new Map<Element, string>();
  let previous = 'auto';
  const restyle: Array<() => void> = [];
  for (const el of Array.from(body.querySelectorAll('*'))) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || !(el instanceof HTMLElement || el instanceof SVGElement)) continue;
    const target = el.style;
    const name = style.page !== 'auto' ? style.page : (usedPage.get(el.parentElement!) ?? 'auto');
    usedPage.set(el, name);
    if (forced.has(style.breakBefore) || name !== previous) restyle.push(() => (target.breakBefore = 'column'));
    if (forced.has(style.breakAfter)) restyle.push(() => (target.breakAfter = 'column'));
    if (style.breakInside === 'avoid-page') restyle.push(() => (target.breakInside = 'avoid-column'));
    previous = name;
  }
  // Read every computed style before writing any, so the loop above lays out once.
  for (const apply of restyle) apply();
  body.style.cssText += `;columns:${box.width}px;column-gap:0;column-fill:auto;width:${box.width}px;height:${box.height}px;margin:0;padding:0;border:0`;

  // 3. Each heading's column is its page.
  const left = body.getBoundingClientRect().left;
  const pages: Record<string, number> = {};
  for (const heading of Array.from(body.querySelectorAll('h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]'))) {
    const rect = heading.getClientRects()[0];
    if (rect) pages[heading.id] = Math.floor((rect.left - left + 0.5) / box.width) + 1;
  }
  return { pages, box };
}

/**
 * Runs inside the page after {@link layOutAsColumns}, on the same layout: per page (column) the lowest content
 * and whether a forced break follows; headings and the page their content starts on; tables and figures with
 * their pages and introducing heading or caption; words whose boxes fall on two lines; content wider than its
 * box or the page. Plain data; the rules are in src/pdf/lint.ts. Self-contained (puppeteer sends its source).
 */
function collectLayoutFacts(box: PageBox): LayoutFacts {
  const body = document.body;
  const origin = body.getBoundingClientRect();
  const W = box.width;
  const H = box.height;
  const columnOf = (r: DOMRect): number => Math.max(0, Math.floor((r.left - origin.left + 0.5) / W));
  const rectsOf = (el: Element | Range): DOMRect[] => Array.from(el.getClientRects()).filter((r) => r.width > 0 || r.height > 0);
  const all = Array.from(body.querySelectorAll('*'));
  const order = new Map(all.map((el, i) => [el, i] as const));
  const isHeading = (el: Element): boolean => /^H[1-6]$/.test(el.tagName);
  const inSvg = (el: Element): boolean => el instanceof SVGElement && el.tagName.toLowerCase() !== 'svg';
  const clean = (text: string | null, n: number): string => {
    const t = (text ?? '').replace(/\s+/g, ' ').trim();
    return t.length <= n ? t : `${t.slice(0, n - 1)}…`;
  };

  // Descriptions: what the element is, the nearest heading before it in its section, and the section's title.
  const sectionOf = (el: Element): Element | null => el.closest('section');
  const subheadingOf = (el: Element): Element | null => {
    const section = sectionOf(el);
    let found: Element | null = null;
    for (const h of Array.from((section ?? body).querySelectorAll('h3, h4, h5, h6'))) {
      if (h === el || h.contains(el)) break;
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = h;
      else break;
    }
    return found;
  };
  const what = (el: Element): string => {
    const tag = el.tagName.toLowerCase();
    const cell = el.closest('td, th');
    if (cell) {
      const table = cell.closest('table');
      const row = cell.parentElement as HTMLTableRowElement | null;
      const index = row ? Array.from(row.cells).indexOf(cell as HTMLTableCellElement) : -1;
      const header = table?.tHead?.rows[0]?.cells[index];
      const name = cell.getAttribute('data-label') ?? (header ? clean(header.textContent, 30) : `column ${index + 1}`);
      return `"${name}" cell ${cell.tagName === 'TH' ? 'in the header ' : ''}of a table`;
    }
    if (isHeading(el)) return `heading "${clean(el.textContent, 60)}"`;
    if (tag === 'table') return 'table';
    if (tag === 'tr') return 'table row';
    if (tag === 'figure') return `figure "${clean(el.querySelector('figcaption')?.textContent ?? '', 60)}"`;
    if (tag === 'svg') return 'chart';
    if (tag === 'figcaption' || tag === 'caption') return `caption "${clean(el.textContent, 60)}"`;
    if (tag === 'li') return `list item "${clean(el.textContent, 40)}"`;
    if (tag === 'p') return `paragraph "${clean(el.textContent, 40)}"`;
    return `${tag}${el.classList.length > 0 ? `.${el.classList[0]}` : ''} "${clean(el.textContent, 40)}"`;
  };
  const describe = (el: Element): string => {
    const sub = subheadingOf(el);
    const section = sectionOf(el)?.querySelector('h2');
    const owner = el.closest('figure, table');
    let text = what(el);
    if (owner && owner !== el && !text.includes('of a table')) text += ` in ${owner.tagName === 'TABLE' ? 'a table' : what(owner)}`;
    if (sub && !isHeading(el)) text += ` under "${clean(sub.textContent, 60)}"`;
    if (section && section !== el) text += ` (section ${clean(section.textContent, 40)})`;
    return text.replace('of a table under', 'of the table under');
  };
  const selectorOf = (el: Element): string => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && e !== body; e = e.parentElement) {
      const tag = e.tagName.toLowerCase();
      if (e.id) {
        parts.unshift(`${tag}#${e.id}`);
        break;
      }
      const siblings = e.parentElement ? Array.from(e.parentElement.children).filter((s) => s.tagName === e!.tagName) : [];
      const cls = e.classList.length > 0 ? `.${e.classList[0]}` : '';
      parts.unshift(siblings.length > 1 ? `${tag}${cls}:nth-of-type(${siblings.indexOf(e) + 1})` : `${tag}${cls}`);
    }
    return parts.join(' > ');
  };
  const allowOf = (el: Element): string[] => {
    const allow = new Set<string>();
    for (let e: Element | null = el; e; e = e.parentElement) for (const w of (e.getAttribute('data-lint-allow') ?? '').split(/[\s,]+/)) if (w) allow.add(w);
    for (const w of getComputedStyle(el).getPropertyValue('--lint-allow').replace(/["']/g, '').split(/[\s,]+/)) if (w) allow.add(w);
    return [...allow];
  };
  const refs = new Map<Element, ElementRef>();
  const ref = (el: Element): ElementRef => {
    let r = refs.get(el);
    if (!r) refs.set(el, (r = { description: describe(el), selector: selectorOf(el), allow: allowOf(el) }));
    return r;
  };

  // 1. Content leaves (elements with their own text, rows, charts, images) and their boxes, in document order.
  const leaves: { el: Element; index: number; rects: DOMRect[] }[] = [];
  for (const el of all) {
    if (inSvg(el)) continue;
    const tag = el.tagName.toLowerCase();
    const own = tag === 'svg' || tag === 'img' || tag === 'tr' || tag === 'hr' || el.childElementCount === 0 || Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
    if (!own) continue;
    const rects = rectsOf(el);
    if (rects.length > 0) leaves.push({ el, index: order.get(el)!, rects });
  }

  // 2. Pages: the lowest content of each column, its first and last leaf, and where forced breaks start pages.
  let pageCount = 1;
  const bottom: number[] = [];
  const first: (Element | undefined)[] = [];
  const last: (Element | undefined)[] = [];
  for (const leaf of leaves) {
    for (const r of leaf.rects) {
      const c = columnOf(r);
      pageCount = Math.max(pageCount, c + 1);
      bottom[c] = Math.max(bottom[c] ?? 0, r.bottom - origin.top);
      first[c] ??= leaf.el;
      last[c] = leaf.el;
    }
  }
  const forcedStart = new Set<number>();
  for (const el of all) {
    if (!(el instanceof HTMLElement || el instanceof SVGElement)) continue;
    const style = el.style;
    if (style.breakBefore !== 'column' && style.breakAfter !== 'column') continue;
    const rects = rectsOf(el);
    if (rects.length === 0) continue;
    if (style.breakBefore === 'column') forcedStart.add(columnOf(rects[0]!));
    if (style.breakAfter === 'column') forcedStart.add(columnOf(rects[rects.length - 1]!) + 1);
  }
  const pages: PageFact[] = [];
  for (let c = 0; c < pageCount; c++) {
    const next = first[c + 1];
    const lastEl = last[c];
    pages.push({ page: c + 1, bottom: bottom[c] ?? 0, endsSection: c === pageCount - 1 || forcedStart.has(c + 1), next: next ? ref(next) : null, last: lastEl ? ref(lastEl) : null });
  }

  // 3. Headings and the page their content starts on (the first leaf after them that is not a heading).
  const headings: HeadingFact[] = [];
  for (const h of Array.from(body.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
    const rects = rectsOf(h);
    if (rects.length === 0) continue;
    const end = order.get(h)! + h.querySelectorAll('*').length;
    const next = leaves.find((l) => l.index > end && !isHeading(l.el) && !l.el.closest('h1, h2, h3, h4, h5, h6'));
    headings.push({ element: ref(h), firstPage: columnOf(rects[0]!) + 1, page: columnOf(rects[rects.length - 1]!) + 1, nextPage: next ? columnOf(next.rects[0]!) + 1 : null });
  }

  // 4. Tables and figures: pages, and the heading or caption that introduces them.
  const blocks: BlockFact[] = [];
  for (const el of Array.from(body.querySelectorAll('table, figure'))) {
    const rects = rectsOf(el);
    if (rects.length === 0) continue;
    const table = el instanceof HTMLTableElement ? el : null;
    const firstRow = table ? Array.from(table.tBodies).flatMap((b) => Array.from(b.rows))[0] : undefined;
    const startRects = firstRow ? rectsOf(firstRow) : rects;
    if (startRects.length === 0) continue;
    const pagesOf = [...new Set(rects.map((r) => columnOf(r) + 1))].sort((a, b) => a - b);
    let introducer: BlockFact['introducer'] = null;
    // A table's <caption>; else the nearest heading before it in its article or section, unless another table
    // or figure comes between (that one is what follows the heading). A figure with a <figcaption> carries its
    // own introduction: it can only be split (rule 4), not detached.
    const intro = table?.caption ?? (!table && el.querySelector('figcaption') ? null : (() => {
      const scope = el.closest('article, section') ?? body;
      for (let i = order.get(el)! - 1; i >= 0; i--) {
        const candidate = all[i]!;
        if (!scope.contains(candidate)) break;
        if ((candidate.tagName === 'TABLE' || candidate.tagName === 'FIGURE') && !candidate.contains(el)) return null;
        if (isHeading(candidate) && !candidate.contains(el)) return candidate;
      }
      return null;
    })());
    if (intro && !el.contains(intro)) {
      const introRects = rectsOf(intro);
      const end = order.get(intro)! + intro.querySelectorAll('*').length;
      const between = leaves.filter((l) => l.index > end && l.index < order.get(el)! && !l.el.closest('h1, h2, h3, h4, h5, h6'));
      const lastBetween = between[between.length - 1];
      if (introRects.length > 0) {
        introducer = { element: ref(intro), page: columnOf(introRects[introRects.length - 1]!) + 1, lastBetweenPage: lastBetween ? columnOf(lastBetween.rects[lastBetween.rects.length - 1]!) + 1 : null };
      }
    }
    blocks.push({ kind: table ? 'table' : 'figure', element: ref(el), firstPage: columnOf(startRects[0]!) + 1, lastPage: pagesOf[pagesOf.length - 1]!, pages: pagesOf, introducer });
  }

  // 5. Overflow: own content wider than the box, boxes past the column's right edge, unbreakable boxes taller than the page.
  const overflows: OverflowFact[] = [];
  const reported = new Set<Element>();
  for (const leaf of leaves) {
    const el = leaf.el;
    const page = columnOf(leaf.rects[0]!) + 1;
    if (el instanceof HTMLElement && getComputedStyle(el).display !== 'inline' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      overflows.push({ element: ref(el), page, where: 'box', by: el.scrollWidth - el.clientWidth });
      reported.add(el);
      continue;
    }
    for (const r of leaf.rects) {
      const edge = origin.left + (columnOf(r) + 1) * W;
      if (r.right > edge + 1 && !reported.has(el)) {
        overflows.push({ element: ref(el), page: columnOf(r) + 1, where: 'page', by: r.right - edge });
        reported.add(el);
      }
      const tag = el.tagName.toLowerCase();
      if ((tag === 'svg' || tag === 'img') && r.height > H + 1 && !reported.has(el)) {
        overflows.push({ element: ref(el), page: columnOf(r) + 1, where: 'height', by: r.height - H });
        reported.add(el);
      }
    }
  }

  // 6. Words whose boxes fall on two lines: find the break by the first character on another line.
  const brokenWords: BrokenWordFact[] = [];
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.textContent ?? '';
    if (!parent || text.trim() === '' || parent.closest('svg, style, script')) continue;
    range.selectNodeContents(node);
    const lines = rectsOf(range);
    if (lines.length < 2 || lines.every((r) => Math.abs(r.top - lines[0]!.top) < 1 && columnOf(r) === columnOf(lines[0]!))) continue;
    for (const m of text.matchAll(/\S{2,}/g)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const parts = rectsOf(range);
      if (parts.length < 2) continue;
      const top = parts[0]!;
      if (parts.every((r) => Math.abs(r.top - top.top) < 1 && columnOf(r) === columnOf(top))) continue;
      let at = 1;
      for (; at < m[0].length; at++) {
        range.setStart(node, m.index + at);
        range.setEnd(node, m.index + at + 1);
        const r = rectsOf(range)[0];
        if (r && (Math.abs(r.top - top.top) >= 1 || columnOf(r) !== columnOf(top))) break;
      }
      const holder = parent.closest('table') ?? parent.closest('p, li, div, td, th, dd, dt, figcaption, blockquote, h1, h2, h3, h4, h5, h6, section, article') ?? body;
      const cs = getComputedStyle(holder);
      const available = holder instanceof HTMLTableElement ? holder.getBoundingClientRect().width : holder.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      brokenWords.push({
        element: ref(parent),
        page: columnOf(top) + 1,
        word: m[0],
        at,
        before: m[0][at - 1] ?? '',
        after: m[0][at] ?? '',
        width: parts.reduce((sum, r) => sum + r.width, 0),
        available,
      });
    }
  }
  range.detach();

  const minFill = getComputedStyle(document.documentElement).getPropertyValue('--lint-min-page-fill');
  return { box: { width: W, height: H }, pageCount, minFill, pages, headings, blocks, brokenWords, overflows };
}
