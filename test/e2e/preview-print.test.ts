/**
 * The preview's `/pdf` prints without the print lint (it shows none), which halves the layout pass: the same
 * PDF and true contents numbers as the build's print, no warnings, and nothing kept in the build cache.
 */
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderContext, printDraft, renderDraft } from '../../src/build.ts';
import { diskCache } from '../../src/cache.ts';
import { launchBrowser } from '../../src/pdf/browser.ts';
import { tempDir } from '../helpers/cli.ts';
import { LINT_FIXTURES, writeLintFixture } from '../helpers/lint-fixtures.ts';

describe('printing without the print lint', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('gives the same PDF as with it, no warnings, and keeps nothing in the cache', async () => {
    const dir = path.join(await tempDir(), 'fixture');
    await writeLintFixture(dir, LINT_FIXTURES.find((f) => f.rule === 'orphan-heading')!);
    const draft = await renderDraft(dir, createRenderContext());
    const cacheDir = await tempDir();
    const withLint = await printDraft(draft, (work) => work(browser));
    const without = await printDraft(draft, (work) => work(browser), { lint: false, cache: diskCache(cacheDir) });
    expect(withLint.lint.map((d) => d.code).length).toBeGreaterThan(0);
    expect(without.lint).toEqual([]);
    expect(without.prints).toBe(1);
    expect(Buffer.from(without.pdf.bytes).equals(Buffer.from(withLint.pdf.bytes))).toBe(true);
    expect(without.html.html).toBe(withLint.html.html);
    // A print without its lint would hand a later build an empty lint: it is not kept.
    const again = await printDraft(draft, (work) => work(browser), { cache: diskCache(cacheDir) });
    expect(again.lint).toEqual(withLint.lint);
  });
});
