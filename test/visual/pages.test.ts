/**
 * Visual check: chosen pages of the sample PDF, rendered to PNG with poppler, against committed baselines.
 * A page passes when at most 0.1% of its pixels differ (pixelmatch, anti-aliasing ignored). Baselines change
 * only on purpose: `npm run test:update` rewrites them; with CI set a missing baseline fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, SAMPLE, tempDir } from '../helpers/cli.ts';

const BASELINE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'baseline');
const DPI = 40;
const MAX_DIFF = 0.001;

/** Render one page of a PDF to a PNG file with pdftoppm and return its decoded image. */
function renderPage(pdf: string, page: number, outPrefix: string): PNG {
  execFileSync('pdftoppm', ['-png', '-r', String(DPI), '-f', String(page), '-l', String(page), '-singlefile', pdf, outPrefix]);
  return PNG.sync.read(readFileSync(`${outPrefix}.png`));
}

describe('pages look as they did', () => {
  let pdf: string;
  let dir: string;
  let chartsPage: number;

  beforeAll(async () => {
    dir = await tempDir();
    const r = await runCli(['build', SAMPLE, '--out', dir, '--format', 'pdf']);
    expect(r.code, r.stderr).toBe(0);
    pdf = path.join(dir, 'ai-ipo-2026.pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
    chartsPage = text.findIndex((p) => /Figure 1\./.test(p)) + 1;
    expect(chartsPage).toBeGreaterThan(1);
  });

  for (const name of ['cover', 'charts'] as const) {
    it(`${name} page matches test/visual/baseline/${name}.png`, async () => {
      const page = name === 'cover' ? 1 : chartsPage;
      const actual = renderPage(pdf, page, path.join(dir, name));
      const baselineFile = path.join(BASELINE, `${name}.png`);
      const changedFile = path.join(BASELINE, `${name}-changed.png`);
      if (process.env['UPDATE_GOLDEN'] === '1' || (!existsSync(baselineFile) && !process.env['CI'])) {
        await writeFile(baselineFile, PNG.sync.write(actual));
      }
      const expected = PNG.sync.read(await readFile(baselineFile));
      expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
      const diff = pixelmatch(actual.data, expected.data, undefined, actual.width, actual.height, { threshold: 0.1 });
      const share = diff / (actual.width * actual.height);
      if (share > MAX_DIFF) await writeFile(changedFile, PNG.sync.write(actual));
      else await rm(changedFile, { force: true });
      expect(share, `${(share * 100).toFixed(2)}% of pixels differ; see ${changedFile}`).toBeLessThanOrEqual(MAX_DIFF);
    });
  }
});
