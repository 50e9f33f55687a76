/**
 * Both samples' HTML, as `build` writes it, opened in real Chromium at a viewport: for the tests that read the
 * HTML on screen (test/e2e/screen.test.ts: layout; test/e2e/axe.test.ts: accessibility).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from '../../src/pdf/browser.ts';
import { ROOT, runCli, SAMPLE, tempDir } from './cli.ts';

/** The two samples: id and folder. */
export const SAMPLES = [
  { id: 'ai-ipo-2026', dir: SAMPLE },
  { id: 'china-ai-2026', dir: path.join(ROOT, 'content', 'china-ai-2026') },
] as const;

/** The samples' HTML on one browser; `open` gives a fresh page, `close` ends the browser. */
export interface SamplePages {
  /** A sample's HTML in a fresh page at `width` × `height` CSS px, set as content (the document fetches nothing). */
  open(id: string, width: number, height: number): Promise<Page>;
  close(): Promise<void>;
}

/** Build both samples' HTML with the CLI into a temp folder and launch a browser to read them. */
export async function sampleHtmlPages(): Promise<SamplePages> {
  const out = await tempDir('briefing-html-');
  const run = await runCli(['build', ...SAMPLES.map((s) => s.dir), '--out', out, '--format', 'html']);
  expect(run.code, run.stderr).toBe(0);
  const html = new Map<string, string>();
  for (const s of SAMPLES) html.set(s.id, await readFile(path.join(out, `${s.id}.html`), 'utf8'));
  const browser: Browser = await launchBrowser();
  return {
    open: async (id, width, height) => {
      const page = await browser.newPage();
      await page.setViewport({ width, height });
      await page.setContent(html.get(id)!, { waitUntil: 'load' });
      return page;
    },
    close: () => browser.close(),
  };
}

/**
 * In a `describe`: build the samples' HTML and launch a browser before its tests ({@link sampleHtmlPages}),
 * close it after them; returns the `open` its tests call.
 */
export function useSampleHtmlPages(): SamplePages['open'] {
  let pages: SamplePages | undefined;
  beforeAll(async () => {
    pages = await sampleHtmlPages();
  });
  afterAll(async () => {
    await pages?.close();
  });
  return (id, width, height) => pages!.open(id, width, height);
}
