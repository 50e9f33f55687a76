/**
 * Chromium pages that can load nothing: JavaScript off, and every request other than the inline `data:` fonts
 * and images a document carries aborted. Opening one costs a renderer start (about 0.1–0.2 s on a 2-core
 * machine), so a batch opens its first page while the content is still being read and rendered
 * ({@link openSparePage}), and the first print takes it ({@link takePrintPage}).
 */
import type { Browser, Page } from 'puppeteer-core';

/** Pages opened ahead of need, at most one per browser. */
const spares = new WeakMap<Browser, Promise<Page>>();

/** Pages already given to a document (a start-up tab among them is not taken twice). */
const taken = new WeakSet<Page>();

/**
 * Browsers whose start-up tab was looked for: only the first spare page of a browser may be its start-up tab.
 * Later, an `about:blank` page may be one another document's `newPage` is still opening, not yet taken.
 */
const searched = new WeakSet<Browser>();

/**
 * A page of `browser` in print media, with JavaScript off and every request but `data:` aborted. With `blankTab` (only for a
 * browser briefing launched itself), the blank tab Chromium opened as it started, whose renderer started
 * with the browser, when no document has taken it; otherwise a new page.
 */
async function openPrintPage(browser: Browser, blankTab: boolean): Promise<Page> {
  const blank = blankTab ? (await browser.pages()).find((p) => p.url() === 'about:blank' && !taken.has(p)) : undefined;
  const page = blank ?? (await browser.newPage());
  taken.add(page);
  // Print media from the start, for the whole page's life: the layout pass and the clip of chart wrappers read
  // the styles print uses (src/pdf/layout.ts), and the setting lasts across loads and updates.
  await page.emulateMediaType('print');
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    if (request.url().startsWith('data:')) void request.continue();
    else void request.abort('blockedbyclient');
  });
  return page;
}

/**
 * Open a page of a browser briefing launched itself now, for the next {@link takePrintPage}, unless one is
 * already waiting: the first time its start-up tab, which is closed after printing (so never for a browser
 * someone else runs), later a new page. A failure is left to that call, which then opens a page of its own.
 */
export function openSparePage(browser: Browser): void {
  if (spares.has(browser)) return;
  const opening = openPrintPage(browser, !searched.has(browser));
  searched.add(browser);
  opening.catch(() => undefined);
  spares.set(browser, opening);
}

/**
 * A page of `browser` that can load nothing, for one document: the spare page when one was opened and
 * still works, otherwise a new one. The caller closes it.
 * @throws puppeteer's errors when the browser cannot open a page (it crashed or disconnected).
 */
export async function takePrintPage(browser: Browser): Promise<Page> {
  const spare = spares.get(browser);
  spares.delete(browser);
  const page = spare && (await spare.catch(() => undefined));
  return page && !page.isClosed() ? page : openPrintPage(browser, false);
}
