/**
 * The on-disk cache of font subsets and chart SVGs (src/cache.ts; `build --cache-dir`, by default
 * node_modules/.cache/briefing of the project): a second build of unchanged content
 * subsets no font and renders no chart, and the bytes never depend on whether the cache was used.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, SAMPLE, tempDir } from '../helpers/cli.ts';

const SECOND = path.join(ROOT, 'content', 'china-ai-2026');

interface Lookups {
  readonly dir: string | null;
  readonly lookups: Record<string, { hits: number; misses: number }>;
}

async function build(args: readonly string[], out: string, cacheDir?: string): Promise<{ cache: Lookups; html: Buffer; pdf: Buffer; prints: number; warnings: unknown[] }> {
  const run = await runCli(['build', ...args, '--out', out, ...(cacheDir === undefined ? [] : ['--cache-dir', cacheDir])]);
  expect(run.code, run.stderr).toBe(0);
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { cache: Lookups; briefings: { id: string; prints: number; warnings: unknown[] }[] };
  const sample = manifest.briefings.find((b) => b.id === 'ai-ipo-2026')!;
  return {
    cache: manifest.cache,
    prints: sample.prints,
    warnings: sample.warnings,
    html: await readFile(path.join(out, 'ai-ipo-2026.html')),
    pdf: await readFile(path.join(out, 'ai-ipo-2026.pdf')),
  };
}

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('the build cache', () => {
  let out: string;
  let cacheDir: string;
  let first: Awaited<ReturnType<typeof build>>;
  let second: Awaited<ReturnType<typeof build>>;

  beforeAll(async () => {
    out = await tempDir();
    cacheDir = path.join(await tempDir(), 'cache');
    first = await build([SAMPLE], out, cacheDir);
    second = await build([SAMPLE], out, cacheDir);
  });

  it('fills on the first build and is named in the manifest', () => {
    expect(path.resolve(out, first.cache.dir!)).toBe(cacheDir);
    expect(first.cache.lookups['font']!.misses).toBeGreaterThan(0);
    expect(first.cache.lookups['chart']!.misses).toBeGreaterThan(0);
  });

  it('serves every font subset and chart of an unchanged second build', () => {
    expect(second.cache.lookups['font']).toEqual({ hits: first.cache.lookups['font']!.misses, misses: 0 });
    expect(second.cache.lookups['chart']).toEqual({ hits: first.cache.lookups['chart']!.misses, misses: 0 });
  });

  it("takes an unchanged second build's contents numbers and print lint from the first: one load, one print, the same warnings", () => {
    expect(first.cache.lookups['print']).toEqual({ hits: 0, misses: 1 });
    expect(second.cache.lookups['print']).toEqual({ hits: 1, misses: 0 });
    expect(second.prints).toBe(1);
    expect(second.warnings).toEqual(first.warnings);
  });

  it('gives the same bytes as a build without it, even one that drew other charts first', async () => {
    expect(second.html.equals(first.html)).toBe(true);
    expect(second.pdf.equals(first.pdf)).toBe(true);
    const fresh = await build([SECOND, SAMPLE, '--no-cache', '-j', '1'], await tempDir());
    expect(fresh.cache).toEqual({ dir: null, lookups: {} });
    expect(fresh.html.equals(first.html)).toBe(true);
    expect(fresh.pdf.equals(first.pdf)).toBe(true);
  });

  it('treats a damaged entry as a miss and still builds the same bytes', async () => {
    const content = (await filesUnder(cacheDir)).filter((f) => f.includes(`${path.sep}content-v2${path.sep}`));
    expect(content.length).toBeGreaterThan(0);
    for (const file of content) await writeFile(file, 'damaged');
    const third = await build([SAMPLE], out, cacheDir);
    expect(third.cache.lookups['font']!.misses).toBeGreaterThan(0);
    expect(third.html.equals(first.html)).toBe(true);
    expect(third.pdf.equals(first.pdf)).toBe(true);
  });
});
