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
 * `printMeasured` in src/pdf/print-draft.ts), printing again only when they differ. Pages whose content box differs from
 * the plain `@page` rule's (margins set in `@page :first` or a named page) are where it can miss.
 */
import type { Page } from 'puppeteer-core';
import { layoutFactsSource } from './layout-facts.ts';
import type { LayoutFacts, PageBox } from './facts.ts';

/** Estimated pages: heading id → 1-based page, the page box the estimate used, and the print lint's facts. */
export interface PageEstimate {
  readonly pages: Map<string, number>;
  readonly box: PageBox;
  /** Element boxes, words and pages of the same layout, for the print lint (src/pdf/lint.ts); null when not asked for. */
  readonly facts: LayoutFacts | null;
}

/**
 * Lay the page's document out as pages and return the page of every `h1`–`h6` that has an id. The document
 * is left as it was loaded (every style the pass set is put back), so it can be printed without loading it again.
 * @param page a page in print media (emulated, as every print page is: src/pdf/page.ts) whose document is
 *   loaded (JavaScript may be off: this runs through the DevTools protocol).
 * @param facts also read the print lint's facts (about half the pass's time); false leaves `facts` null.
 */
export async function estimateHeadingPages(page: Page, facts = true): Promise<PageEstimate> {
  // The page is in print media already (src/pdf/page.ts). The lint's facts are read from the same restyled
  // DOM, laid out already: they cost no second layout.
  const script = `(async () => {
    await document.fonts.ready;
    const spaceTall = (body, height) => (${String(spaceTallContent)})(body, height, ${String(holdersOf)});
    const laid = (${String(layOutAsColumns)})((${String(pageBoxOf)})(${JSON.stringify(PAGE_DIMENSIONS)}), spaceTall);
    try {
      return { pages: laid.pages, box: laid.box, facts: ${facts ? `${layoutFactsSource()}(laid.box)` : 'null'} };
    } finally {
      laid.restore();
    }
  })()`;
  const laid = (await page.evaluate(script)) as { pages: Record<string, number>; box: PageBox; facts: LayoutFacts | null };
  return { pages: new Map(Object.entries(laid.pages)), box: laid.box, facts: laid.facts };
}

/** CSS page-size keywords (CSS Paged Media 3) → width and height, portrait. */
const PAGE_DIMENSIONS: Record<string, [string, string]> = {
  a3: ['297mm', '420mm'], a4: ['210mm', '297mm'], a5: ['148mm', '210mm'], b4: ['250mm', '353mm'], b5: ['176mm', '250mm'],
  jis_b4: ['257mm', '364mm'], jis_b5: ['182mm', '257mm'], letter: ['8.5in', '11in'], legal: ['8.5in', '14in'], ledger: ['11in', '17in'],
};

/**
 * Runs inside the page: the content box of a page, in whole px as print lays it out, from the plain `@page`
 * rule's `size` (a name, two lengths, and/or an orientation; Letter when none) and margins. Self-contained (puppeteer sends its source
 * text); `named` is {@link PAGE_DIMENSIONS}.
 */
function pageBoxOf(named: Record<string, [string, string]>): PageBox {
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
  // Print lays a page's content out in a box of whole px, rounded up: 956.23 px of A4 less 20 and 24 mm holds
  // a line ending at 957 (measured by bisection, Chromium 156; lengths come in 1/64 px, hence the 1/128).
  const whole = (length: number): number => Math.ceil(length - 1 / 128);
  const box = { width: whole(px(w) - ml - mr), height: whole(px(h) - mt - mb) };
  probe.remove();
  return box;
}

/**
 * Runs inside the page: restyle `<body>` as columns of the page's content `box` and read each heading's column;
 * `restore` puts back every style it set. Self-contained, as {@link pageBoxOf}.
 */
function layOutAsColumns(box: PageBox, spaceTall: (body: HTMLElement, pageHeight: number) => HTMLElement[]): { pages: Record<string, number>; box: PageBox; restore: () => void } {
  // 1. Page breaks become column breaks: forced breaks, avoid-page, and each change of used named page.
  const forced = new Set(['page', 'left', 'right', 'recto', 'verso', 'always']);
  const body = document.body;
  const usedPage = new Map<Element, string>();
  let previous = 'auto';
  const restyle: Array<[HTMLElement | SVGElement, () => void]> = [];
  for (const el of Array.from(body.querySelectorAll('*'))) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || !(el instanceof HTMLElement || el instanceof SVGElement)) continue;
    const target = el.style;
    const name = style.page !== 'auto' ? style.page : (usedPage.get(el.parentElement!) ?? 'auto');
    usedPage.set(el, name);
    if (forced.has(style.breakBefore) || name !== previous) restyle.push([el, () => (target.breakBefore = 'column')]);
    if (forced.has(style.breakAfter)) restyle.push([el, () => (target.breakAfter = 'column')]);
    if (style.breakInside === 'avoid-page') restyle.push([el, () => (target.breakInside = 'avoid-column')]);
    previous = name;
  }
  // Each restyled element's style attribute as loaded (null: it had none), put back by `restore`.
  const loaded = new Map<HTMLElement | SVGElement, string | null>();
  // Read every computed style before writing any, so the loop above lays out once.
  for (const [el, apply] of restyle) {
    if (!loaded.has(el)) loaded.set(el, el.getAttribute('style'));
    apply();
  }
  if (!loaded.has(body)) loaded.set(body, body.getAttribute('style'));
  body.style.cssText += `;columns:${box.width}px;column-gap:0;column-fill:auto;width:${box.width}px;height:${box.height}px;margin:0;padding:0;border:0`;
  const spacers = spaceTall(body, box.height);

  // 2. Each heading's column is its page.
  const left = body.getBoundingClientRect().left;
  const pages: Record<string, number> = {};
  for (const heading of Array.from(body.querySelectorAll('h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]'))) {
    const rect = heading.getClientRects()[0];
    if (rect) pages[heading.id] = Math.floor((rect.left - left + 0.5) / box.width) + 1;
  }
  const restore = (): void => {
    for (const spacer of spacers) spacer.remove();
    for (const [el, attribute] of loaded) {
      if (attribute === null) el.removeAttribute('style');
      else el.setAttribute('style', attribute);
    }
  };
  return { pages, box, restore };
}

/**
 * Make print lay out what follows a chart or image taller than a page as a column does, so that the layout
 * pass's estimate holds: run on every document loaded for print, before any layout pass. When such a chart sits
 * in a wrapper (a figure's `div` around its `svg`) and the wrapper's box goes on after the chart (the figure's
 * caption and source list) onto the page after the chart's last slice, print (Chromium 156) leaves a blank at
 * the top of that page, growing with how low the last slice ends (120 px to 840 px of a 957 px page,
 * measured in docs/performance.md, "The blank print left under a tall chart"). A wrapper with `overflow: clip` does not: so
 * each wrapper that holds nothing but a chart or image, of any size, is given it, with a clip margin far beyond
 * any page (`overflow-clip-margin`), so that nothing it paints is cut (a chart taller or wider than its
 * wrapper still shows whole); the clip needs no layout. A wrapper that clips already or could show an ellipsis
 * (computed `overflow` other than `visible`, paint containment, `text-overflow` other than `clip`) is left
 * alone, so that a crop a template made stays a crop. The styles read are print's: the page is to be in print
 * media (emulated) when this runs, as every print page is (src/pdf/page.ts; a wrapper that scrolls on screen,
 * the default template's `.chart-body`, is clipped). A chart with no wrapper of its own, inline and alone on
 * its line in a block that holds more (a figure's caption and notes around it), has its line for a wrapper,
 * which no style reaches: when it is taller than a page (as laid out at load, or scaled to the page's width:
 * the larger) it is made a block (`display: block`; the line's few px below the chart go), which prints as the
 * estimate lays it out. Layout is read only when such a chart exists, once, before anything is written.
 * @param page a page whose document is loaded (JavaScript may be off: this runs through the DevTools protocol).
 */
export async function clipChartHolders(page: Page): Promise<void> {
  const pageBox = `() => (${String(pageBoxOf)})(${JSON.stringify(PAGE_DIMENSIONS)})`;
  await page.evaluate(`(${String(clipHolders)})(document.body, ${String(holdersOf)}, ${pageBox})`);
}

/**
 * Runs inside the page: clip each wrapper {@link holdersOf} finds, and make a block of each chart alone on its
 * line that is taller than the page's content box (`pageBox()`, px), as {@link clipChartHolders} says.
 * Self-contained, as {@link pageBoxOf}.
 */
function clipHolders(body: HTMLElement, holders: typeof holdersOf, pageBox: () => { width: number; height: number }): void {
  // Whether a sibling of the chart, going one way from `from`, shares its line: visible text (a no-break space
  // counts), or an in-flow box that is not block-level. Floats and absolutely placed boxes are passed over.
  const lineMate = (from: Node | null, step: (n: Node) => Node | null): boolean => {
    for (let n = from; n !== null; n = step(n)) {
      if (n.nodeType === Node.TEXT_NODE && /[^ \t\n\r\f]/.test(n.textContent ?? '')) return true;
      if (!(n instanceof Element)) continue;
      const style = getComputedStyle(n);
      if (style.display === 'none' || style.float !== 'none' || style.position === 'absolute' || style.position === 'fixed') continue;
      return !/^(block|flow-root|list-item|table|flex|grid)$/.test(style.display);
    }
    return false;
  };
  const aloneOnItsLine = (el: Element): boolean =>
    el.parentElement !== null &&
    getComputedStyle(el).display === 'inline' &&
    /^(block|flow-root|list-item)$/.test(getComputedStyle(el.parentElement).display) &&
    !lineMate(el.previousSibling, (n) => n.previousSibling) &&
    !lineMate(el.nextSibling, (n) => n.nextSibling);
  // Every decision is read before anything is written, so that layout is read at most once.
  const clips: HTMLElement[] = [];
  const alone: Array<HTMLElement | SVGElement> = [];
  for (const [el, holder] of holders(body)) {
    if (holder === el) {
      if (aloneOnItsLine(el)) alone.push(el as HTMLElement | SVGElement);
      continue;
    }
    if (!(holder instanceof HTMLElement)) continue;
    const style = getComputedStyle(holder);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible' || /paint|strict|content/.test(style.contain) || style.textOverflow !== 'clip') continue;
    clips.push(holder);
  }
  // Taller than a page as laid out now (the window's width, not the page's), or once scaled to the page's
  // width: the larger, as a block only loses the few px under a chart's line.
  const box = alone.length > 0 ? pageBox() : undefined;
  const tall = alone.filter((el) => {
    const { width, height } = el.getBoundingClientRect();
    return Math.max(height, width > 0 ? (height * box!.width) / width : 0) > box!.height;
  });
  for (const holder of clips) {
    holder.style.overflow = 'clip';
    holder.style.overflowClipMargin = '100000px';
  }
  for (const el of tall) el.style.display = 'block';
}

/**
 * Runs inside the page: each chart or image (an `svg` not inside another, an `img`) with the box that holds it,
 * the outermost of its wrappers that hold nothing else (its own element when its parent holds more), never a
 * table's cell or what holds one (a block after a cell would be a cell). Reads no layout. Self-contained, as
 * {@link pageBoxOf}.
 */
function holdersOf(body: HTMLElement): Array<[Element, Element]> {
  const only = (e: Element): boolean => {
    const up = e.parentElement;
    return up !== null && up !== body && !/^(TD|TH|TR|THEAD|TBODY|TFOOT|TABLE|CAPTION)$/.test(up.tagName) && up.childElementCount === 1 && (up.textContent ?? '').trim() === (e.textContent ?? '').trim();
  };
  return Array.from(body.querySelectorAll('svg, img'))
    .filter((el) => !(el instanceof SVGElement && el.ownerSVGElement !== null))
    .map((el) => {
      let holder: Element = el;
      while (only(holder)) holder = holder.parentElement!;
      return [el, holder];
    });
}

/**
 * Runs inside the page, after the restyle as columns: a chart or image taller than a page cannot break, so
 * print slices it across pages, while a column lets it overflow and starts what follows in the next column.
 * After each such box (the chart's holder, {@link holdersOf}: an inline chart's line is a little taller than
 * the chart) goes an empty block of the overflow's height, which breaks across columns as the
 * slices do, so what follows lands where it prints. Every height is read before any block is added. Returns
 * the blocks, for the caller to remove. Self-contained, as {@link layOutAsColumns}.
 */
function spaceTallContent(body: HTMLElement, pageHeight: number, holders: typeof holdersOf): HTMLElement[] {
  const tall = holders(body)
    .map(([, holder]) => [holder, holder.getBoundingClientRect().height - pageHeight] as const)
    .filter(([, over]) => over > 0.5);
  return tall.map(([holder, over]) => {
    const spacer = document.createElement('div');
    // Marked, so that the print lint's facts (src/pdf/layout-facts.ts) leave it out of the document's elements.
    spacer.setAttribute('data-briefing-spacer', '');
    spacer.style.cssText = `display:block;height:${over}px;margin:0;padding:0;border:0`;
    holder.after(spacer);
    return spacer;
  });
}
