/**
 * The preview's `/pdf` prints without the print lint (it shows none), which halves the layout pass: the same
 * PDF and true contents numbers as the build's print, no warnings, and nothing kept in the build cache. It
 * tries the contents numbers of its previous print first: one print when they hold, and true numbers (one
 * more print) when they do not.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDraft } from '../../src/build.ts';
import { createRenderContext } from '../../src/context.ts';
import { printDraft } from '../../src/pdf/print-draft.ts';
import { diskCache } from '../../src/cache.ts';
import { launchBrowser } from '../../src/pdf/browser.ts';
import { copySample, tempDir } from '../helpers/cli.ts';
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

  it('prints once with the previous numbers after an edit, and twice, still true, when they moved', async () => {
    const dir = await copySample();
    const ctx = createRenderContext();
    const first = await printDraft(await renderDraft(dir, ctx), (work) => work(browser), { lint: false });
    expect(first.pages.size).toBeGreaterThan(3);
    const manifest = path.join(dir, 'briefing.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(/^title: .*$/m, 'title: An edited title'));
    const edited = await renderDraft(dir, ctx);
    const plain = await printDraft(edited, (work) => work(browser), { lint: false });
    const guessed = await printDraft(edited, (work) => work(browser), { lint: false, guess: first.pages });
    expect(guessed.prints).toBe(1);
    expect(guessed.pages).toEqual(plain.pages);
    expect(Buffer.from(guessed.pdf.bytes).equals(Buffer.from(plain.pdf.bytes))).toBe(true);
    const moved = new Map([...first.pages].map(([id, page]) => [id, page + 1]));
    const missed = await printDraft(edited, (work) => work(browser), { lint: false, guess: moved });
    expect(missed.prints).toBe(2);
    expect(missed.pages).toEqual(plain.pages);
    expect(Buffer.from(missed.pdf.bytes).equals(Buffer.from(plain.pdf.bytes))).toBe(true);
  });
});
