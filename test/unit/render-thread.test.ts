/**
 * The render worker (src/charts/render-thread.ts): charts, font subsets and glyph lookups made off the calling
 * thread are the bytes the calling thread makes, its errors arrive as the calling thread's would, and it
 * neither outlives nor holds open the process that started it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { renderChart, TextMeasurer, type ChartRequest } from '../../src/charts/render.ts';
import { startRenderThread } from '../../src/charts/render-thread.ts';
import { BriefingError } from '../../src/errors.ts';
import { FONT_FACES, FontSet, LocalFontWork } from '../../src/fonts.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BARS = path.join(ROOT, 'templates', 'default', 'charts', 'bars.vl.json');

const request = (id: string, labels: readonly string[]): ChartRequest => ({
  id,
  spec: JSON.parse(readFileSync(BARS, 'utf8')) as TopLevelSpec,
  rows: labels.map((label, i) => ({ label, series: 'FY2025', value: (i + 1) * 1.5, low: i + 1, high: (i + 1) * 2, text: `${i + 1}–${(i + 1) * 2}` })),
  title: 'Revenue by company',
  description: 'Bars of revenue by company',
  file: BARS,
});

const thread = startRenderThread();
thread.configure(FONT_FACES);
afterAll(() => thread.close());

describe('the render worker', () => {
  it('draws a shipped spec to the same SVG as the calling thread, labels measured in the same fonts', async () => {
    const req = request('revenue', ['Anthropic', 'OpenAI, Inc.', 'Mistral AI SAS', 'Zhipu 智谱', 'Ωmega']);
    const here = await renderChart(req, new TextMeasurer(FONT_FACES));
    const there = await thread.draw(req);
    expect(there.svg).toContain('<svg');
    expect(there).toEqual(here);
  });

  it('makes the same subsets and finds the same missing glyphs as LocalFontWork', async () => {
    const local = new LocalFontWork();
    const file = FONT_FACES[0]!.file;
    const text = 'Briefing – €1.2bn ≈ 3×';
    for (const format of ['truetype', 'woff2', 'woff'] as const) {
      expect(Buffer.compare(await thread.subset(file, text, format), await local.subset(file, text, format)), format).toBe(0);
    }
    const chars = ['a', '≈', '中', '😀', 'ש'];
    expect(await thread.lacking([file], chars)).toEqual(await local.lacking([file], chars));
    expect(await thread.lacking([file], chars)).toContain('😀');
  });

  it('gives a FontSet the same stylesheets as one that works on its own thread', async () => {
    const text = 'Revenue grew 12 % — 中文 and עברית, ≈ €3bn';
    const [theirs, ours] = [new FontSet(FONT_FACES, undefined, thread), new FontSet()];
    for (const format of ['truetype', 'woff2'] as const) expect(await theirs.fontFaceCss(text, format), format).toBe(await ours.fontFaceCss(text, format));
    expect(await theirs.missingCharacters('a 😀 b')).toEqual(await ours.missingCharacters('a 😀 b'));
  });

  it('fails a chart the way the calling thread does: a BriefingError with the same diagnostics', async () => {
    const bad: ChartRequest = { ...request('bad', ['a']), spec: { mark: 'bar', encoding: { x: { field: 'value', type: 'nonsense' } } } as unknown as TopLevelSpec };
    const here = await renderChart(bad, new TextMeasurer(FONT_FACES)).catch((e: unknown) => e);
    const there = await thread.draw(bad).catch((e: unknown) => e);
    expect(here).toBeInstanceOf(BriefingError);
    expect(there).toBeInstanceOf(BriefingError);
    expect((there as BriefingError).diagnostics).toEqual((here as BriefingError).diagnostics);
  });

  it('rejects a missing font file with the reason, and keeps serving', async () => {
    await expect(thread.subset(path.join(ROOT, 'no-such-font.ttf'), 'a', 'truetype')).rejects.toThrow(/ENOENT/);
    expect((await thread.subset(FONT_FACES[0]!.file, 'a', 'truetype')).byteLength).toBeGreaterThan(0);
  });

  it("lowers only its own thread's priority, never the process's", async () => {
    const before = getPriority(0);
    await thread.subset(FONT_FACES[0]!.file, 'b', 'truetype');
    expect(getPriority(0)).toBe(before);
    expect(getPriority(process.pid)).toBe(before);
  });

  it('fails every later job once closed', async () => {
    const closing = startRenderThread();
    await closing.close();
    await expect(closing.subset(FONT_FACES[0]!.file, 'a', 'truetype')).rejects.toThrow(/closed/);
  });

  it('does not keep a process alive once its jobs are done, nor when it was never used', () => {
    const script = [
      `import { startRenderThread } from ${JSON.stringify(path.join(ROOT, 'src', 'charts', 'render-thread.ts'))};`,
      `import { FONT_FACES } from ${JSON.stringify(path.join(ROOT, 'src', 'fonts.ts'))};`,
      'const used = startRenderThread(); startRenderThread();',
      "const bytes = await used.subset(FONT_FACES[0].file, 'abc', 'truetype');",
      "process.stdout.write(String(bytes.byteLength > 0));",
    ].join('\n');
    // Bounded by a trial: a worker that held the process open would run into the bound and be killed.
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('true');
  });
});
