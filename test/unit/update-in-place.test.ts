/**
 * src/pdf/update.ts in real Chromium: a document whose next version differs only in text and attribute values
 * is edited in place into exactly what loading that version gives; any other difference changes nothing and
 * says so, and the caller loads.
 */
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/pdf/browser.ts';
import { updateInPlace } from '../../src/pdf/update.ts';

const page = (toc: string, extra = ''): string =>
  `<!doctype html><html lang="en"><head><title>T</title><style>h1{color:#123}</style></head><body><nav><ol>${toc}</ol></nav>${extra}<h1 id="a">A</h1><svg viewBox="0 0 1 1"><use href="#x"/></svg></body></html>`;
const entry = (n: string, label = 'page'): string => `<li><a href="#a" aria-label="A, ${label} ${n}">A</a><span class="toc-page">${n}</span></li>`;

describe('updateInPlace', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Load `from`, update it to `to`: what update said, the markup before and after, and `to`'s markup when loaded. */
  const run = async (from: string, to: string) => {
    const p = await browser.newPage();
    try {
      await p.setJavaScriptEnabled(false);
      const markup = (): Promise<string> => p.evaluate(() => document.documentElement.outerHTML);
      await p.setContent(to);
      const loaded = await markup();
      await p.setContent(from);
      const before = await markup();
      const updated = await updateInPlace(p, to);
      return { updated, after: await markup(), before, loaded };
    } finally {
      await p.close();
    }
  };

  it('edits changed text and attribute values in, giving the document that loading it gives', async () => {
    const r = await run(page(entry('1')), page(entry('12', 'on page')));
    expect(r.updated).toBe(true);
    expect(r.after).toBe(r.loaded);
    expect(r.after).toContain('>12</span>');
    expect(r.after).toContain('aria-label="A, on page 12"');
  });

  it('removes and adds plain attributes', async () => {
    const r = await run(page(entry('1')).replace('<nav>', '<nav class="x">'), page(entry('1')).replace('<nav>', '<nav id="contents">'));
    expect(r.updated).toBe(true);
    expect(r.after).toBe(r.loaded);
  });

  it('changes nothing and says so when the shape differs: an added element, a changed tag, a prefixed attribute', async () => {
    for (const to of [page(entry('1') + entry('2')), page(entry('1')).replace('<nav>', '<div>').replace('</nav>', '</div>'), page(entry('1')).replace('href="#x"', 'xlink:href="#x"')]) {
      const r = await run(page(entry('1')), to);
      expect(r.updated).toBe(false);
      expect(r.after).toBe(r.before);
    }
  });
});
