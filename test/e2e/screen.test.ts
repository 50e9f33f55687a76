/**
 * The HTML on screens: both samples built once, opened in real Chromium on a phone (390×844) and a desktop
 * (1280×800) viewport. The page never scrolls sideways, a table either fits or scrolls inside its own box (on
 * the phone it reflows into cards), no word in a table cell is split across lines, summary cards are whole,
 * and chart labels render at 9 px or more (charts scroll in their box rather than shrink). The print layout is
 * left as it was: the table wrapper vanishes under print media.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { SAMPLES, useSampleHtmlPages } from '../helpers/sample-pages.ts';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;
/** Smallest on-screen size of chart text, in CSS px. */
const MIN_CHART_TEXT_PX = 9;

/** What one page measures; every list names the offenders and is empty when the page reads well. */
interface ScreenReport {
  viewportWidth: number;
  scrollWidth: number;
  tables: number;
  tablesOverflowing: string[];
  scrollersOverflowing: string[];
  brokenWords: string[];
  chartTexts: number;
  smallChartTexts: string[];
  chartsOverflowing: string[];
  cutKeyFigures: string[];
}

/** Measure the open page in the browser (the function runs in the page; keep it self-contained). */
function measure(page: Page, minChartText: number): Promise<ScreenReport> {
  return page.evaluate((minText) => {
    const vw = document.documentElement.clientWidth;
    const short = (el: Element): string => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className.toString().split(' ')[0] ?? ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    /** The nearest ancestor that scrolls sideways, if any. */
    const scroller = (el: Element): Element | null => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return p;
      }
      return null;
    };
    /** An element fits when it ends inside the viewport, or sits in a sideways scroller that does. */
    const fitsOrScrolls = (el: Element, problems: string[], scrollers: string[]): void => {
      const box = scroller(el);
      if (box) {
        if (box.getBoundingClientRect().right > vw + 0.5) scrollers.push(short(box));
      } else if (el.getBoundingClientRect().right > vw + 0.5 || el.getBoundingClientRect().left < -0.5) {
        problems.push(short(el));
      }
    };

    const tablesOverflowing: string[] = [];
    const scrollersOverflowing: string[] = [];
    const tables = Array.from(document.querySelectorAll('table'));
    for (const t of tables) fitsOrScrolls(t, tablesOverflowing, scrollersOverflowing);

    // A word (split at spaces, hyphens, dashes and slashes, where a line may break) must lie on one line.
    const brokenWords: string[] = [];
    for (const cell of Array.from(document.querySelectorAll('td, th'))) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/[^\s\-‐‑–—/]+/gu)) {
          if (/\p{Script=Han}/u.test(m[0])) continue; // Chinese breaks between characters by design
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) brokenWords.push(`${m[0]} in ${short(cell)}`);
        }
      }
    }

    // Chart text: computed font size times the scale the SVG is drawn at (rotation-proof).
    const smallChartTexts: string[] = [];
    let chartTexts = 0;
    for (const t of Array.from(document.querySelectorAll<SVGTextElement>('figure svg text'))) {
      if (!(t.textContent ?? '').trim() || t.getClientRects().length === 0) continue;
      const ctm = t.getScreenCTM();
      if (!ctm) continue;
      chartTexts++;
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
      if (px < minText - 0.01) smallChartTexts.push(`${px.toFixed(1)} px "${t.textContent}"`);
    }
    const chartsOverflowing: string[] = [];
    for (const svg of Array.from(document.querySelectorAll('figure svg'))) fitsOrScrolls(svg, chartsOverflowing, scrollersOverflowing);

    const cutKeyFigures: string[] = [];
    for (const card of Array.from(document.querySelectorAll('.key-figure'))) {
      const cut = card.getBoundingClientRect().right > vw + 0.5 || Array.from(card.children).some((c) => c.scrollWidth > c.clientWidth + 0.5);
      if (cut) cutKeyFigures.push(short(card));
    }

    return {
      viewportWidth: vw,
      scrollWidth: document.documentElement.scrollWidth,
      tables: tables.length,
      tablesOverflowing,
      scrollersOverflowing,
      brokenWords,
      chartTexts,
      smallChartTexts,
      chartsOverflowing,
      cutKeyFigures,
    };
  }, minChartText);
}

describe('the HTML reads on a phone and on a desktop', () => {
  const open = useSampleHtmlPages();

  for (const sample of SAMPLES) {
    for (const vp of VIEWPORTS) {
      it(`${sample.id} at ${vp.width} px (${vp.name}): no sideways page scroll, tables fit or scroll, whole words, charts ≥ ${MIN_CHART_TEXT_PX} px`, async () => {
        const page = await open(sample.id, vp.width, vp.height);
        try {
          const r = await measure(page, MIN_CHART_TEXT_PX);
          expect(r.viewportWidth).toBe(vp.width);
          expect(r.scrollWidth).toBeLessThanOrEqual(vp.width);
          expect(r.tables).toBeGreaterThan(3);
          expect(r.tablesOverflowing).toEqual([]);
          expect(r.scrollersOverflowing).toEqual([]);
          expect(r.brokenWords).toEqual([]);
          expect(r.chartTexts).toBeGreaterThan(20);
          expect(r.smallChartTexts).toEqual([]);
          expect(r.chartsOverflowing).toEqual([]);
          expect(r.cutKeyFigures).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  }

  it('reflows table rows into labelled cards on the phone and keeps tables on the desktop', async () => {
    const layout = async (width: number, height: number): Promise<{ display: string; label: string; headVisible: boolean }> => {
      const page = await open('ai-ipo-2026', width, height);
      try {
        return await page.$eval('table.figures', (t) => ({
          display: getComputedStyle(t).display,
          label: getComputedStyle(t.querySelector('td.num')!, '::before').content,
          headVisible: getComputedStyle(t.querySelector('thead')!).display !== 'none',
        }));
      } finally {
        await page.close();
      }
    };
    expect(await layout(390, 844)).toEqual({ display: 'block', label: '"Value"', headVisible: false });
    expect(await layout(1280, 800)).toEqual({ display: 'table', label: 'none', headVisible: true });
  });

  it('leaves the print layout alone: under print media the wrapper vanishes and tables stay tables', async () => {
    const page = await open('ai-ipo-2026', 390, 844);
    try {
      await page.emulateMediaType('print');
      const r = await page.$eval('.table-scroll', (box) => ({
        box: getComputedStyle(box).display,
        table: getComputedStyle(box.querySelector('table')!).display,
        label: getComputedStyle(box.querySelector('td.num')!, '::before').content,
        chartMaxWidth: getComputedStyle(document.querySelector('.chart-body svg')!).maxWidth,
      }));
      expect(r).toEqual({ box: 'contents', table: 'table', label: 'none', chartMaxWidth: '100%' });
    } finally {
      await page.close();
    }
  });
});
