/**
 * Chromium pages that can load nothing: JavaScript off, and every request other than the inline `data:` fonts
 * and images a document carries aborted. Opening one costs a renderer start (about 0.1–0.2 s on a 2-core
 * machine), so a batch opens its first page while the content is still being read and rendered
 * ({@link openSparePage}), and the first print takes it ({@link takePrintPage}).
 *
 * Every page but the start-up tab opens in a browser context of its own, so that it has a renderer of its own:
 * two documents printing at once in one renderer (Chromium 156) lost one's page margin boxes, its running
 * header and footer, when the header was set right to left. A context and its page take ~0.15 s to open
 * against ~0.09 s for a page alone; a batch opens the next one while a document prints.
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
 * A page of `browser` with JavaScript off and every request but `data:` aborted. With `blankTab` (only for a
 * browser briefing launched itself), the blank tab Chromium opened as it started, whose renderer started
 * with the browser, when no document has taken it; otherwise a new page.
 */
async function openPrintPage(browser: Browser, blankTab: boolean): Promise<Page> {
  const blank = blankTab ? (await browser.pages()).find((p) => p.url() === 'about:blank' && !taken.has(p)) : undefined;
  const page = blank ?? (await isolatedPage(browser));
  taken.add(page);
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    if (request.url().startsWith('data:')) void request.continue();
    else void request.abort('blockedbyclient');
  });
  return page;
}

/** A new page in a browser context of its own (a browser that refuses contexts: in its default one). */
async function isolatedPage(browser: Browser): Promise<Page> {
  const context = await browser.createBrowserContext().catch(() => undefined);
  if (context === undefined) return browser.newPage();
  try {
    return await context.newPage();
  } catch (e) {
    await context.close().catch(() => undefined);
    throw e;
  }
}

/**
 * Close a page {@link takePrintPage} gave, with the browser context opened for it.
 * @throws puppeteer's errors when the browser is gone.
 */
export async function closePrintPage(page: Page): Promise<void> {
  const context = page.browserContext();
  await page.close();
  if (context !== page.browser().defaultBrowserContext()) await context.close();
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
 * still works, otherwise a new one. The caller closes it with {@link closePrintPage}.
 * @throws puppeteer's errors when the browser cannot open a page (it crashed or disconnected).
 */
export async function takePrintPage(browser: Browser): Promise<Page> {
  const spare = spares.get(browser);
  spares.delete(browser);
  const page = spare && (await spare.catch(() => undefined));
  return page && !page.isClosed() ? page : openPrintPage(browser, false);
}
