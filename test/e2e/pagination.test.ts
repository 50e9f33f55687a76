/**
 * The contents' page numbers come from one layout pass before printing (src/pdf/layout.ts) and are checked
 * against the printed outline: true page numbers, printed once when the estimate holds, twice when it does not.
 * With the build cache, a document printed before is numbered from its earlier print (test/e2e/cache.test.ts);
 * these builds use none, so that they test the estimate.
 */
import { cp, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBriefing } from '../../bench/lib/content.ts';
import { ROOT, runCli, SAMPLE, tempDir, type CliResult } from '../helpers/cli.ts';
import { readPdf, type OutlineEntry } from '../helpers/pdf.ts';

const SECOND = path.join(ROOT, 'content', 'china-ai-2026');
const PHARMA = path.join(ROOT, 'test', 'fixtures', 'pharma-fx');

interface ManifestEntry {
  readonly id: string;
  readonly ok: boolean;
  readonly pages: number;
  readonly prints: number;
}

/** The contents entries (title, page) of a built HTML file, as the default cover partial prints them. */
function contentsOf(html: string): { title: string; page: number }[] {
  return [...html.matchAll(/<span class="toc-title">([^<]+)<\/span><span class="toc-page">(\d+)<\/span>/g)].map((m) => ({
    title: m[1]!.replace(/&amp;/g, '&').replace(/&#x27;/g, "'"),
    page: Number(m[2]),
  }));
}

/** Outline titles → page, depth first. */
function outlinePages(outline: readonly OutlineEntry[]): Map<string, number> {
  const pages = new Map<string, number>();
  const walk = (entries: readonly OutlineEntry[]): void => {
    for (const e of entries) {
      if (!pages.has(e.title)) pages.set(e.title, e.page);
      walk(e.children);
    }
  };
  walk(outline);
  return pages;
}

/** Every contents entry names the page its heading's outline entry points at. */
async function expectTrueContents(out: string, id: string): Promise<void> {
  const html = await readFile(path.join(out, `${id}.html`), 'utf8');
  const pdf = await readPdf(path.join(out, `${id}.pdf`));
  const contents = contentsOf(html);
  expect(contents.length, `${id} has a numbered contents`).toBeGreaterThan(2);
  const landed = outlinePages(pdf.outline);
  for (const { title, page } of contents) {
    expect(landed.get(title), `${id}: contents says "${title}" is on page ${page}`).toBe(page);
    expect(pdf.pages[page - 1]).toContain(title);
  }
}

describe('contents page numbers from one layout pass', () => {
  let out: string;
  let run: CliResult;
  let manifest: { briefings: ManifestEntry[] };

  beforeAll(async () => {
    out = await tempDir();
    const generated = path.join(await tempDir(), 'hundred');
    await generateBriefing(generated, 100, 'hundred-companies');
    run = await runCli(['build', SAMPLE, SECOND, PHARMA, generated, '--out', out, '--concurrency', '1', '--no-cache']);
    manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { briefings: ManifestEntry[] };
  });

  it('prints each briefing once, since the estimate matches where the headings land', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(manifest.briefings.map((b) => [b.id, b.prints])).toEqual([
      ['ai-ipo-2026', 1],
      ['china-ai-2026', 1],
      ['pharma-fx-fixture', 1],
      ['hundred-companies', 1],
    ]);
  });

  it('numbers every contents entry with the page its heading is on', async () => {
    for (const b of manifest.briefings) await expectTrueContents(out, b.id);
  });
});

describe('contents page numbers when the estimate misses', () => {
  let out: string;
  let run: CliResult;
  let manifest: { briefings: ManifestEntry[] };

  beforeAll(async () => {
    // A template whose first page has a deeper top margin than the @page rule the estimate reads: the cover
    // runs onto a second page, every section moves one page on, and only the printed outline knows it.
    const dir = path.join(await tempDir(), 'deep-cover');
    await cp(PHARMA, dir, { recursive: true });
    const cover = await readFile(path.join(ROOT, 'templates', 'default', 'partials', 'cover.hbs'), 'utf8');
    await mkdir(path.join(dir, 'templates', 'partials'), { recursive: true });
    await writeFile(path.join(dir, 'templates', 'partials', 'cover.hbs'), `<style>@page :first { margin-top: 150mm; }</style>\n${cover}`);
    out = await tempDir();
    run = await runCli(['build', dir, '--out', out, '--no-cache']);
    manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { briefings: ManifestEntry[] };
  });

  it('prints again with the numbers from the outline, and they are true', async () => {
    expect(run.code, run.stderr).toBe(0);
    expect(manifest.briefings[0]!.prints).toBe(2);
    await expectTrueContents(out, manifest.briefings[0]!.id);
  });
});
