/**
 * Stale numbers (issue 24): a number typed by hand in prose matches its cited figure before tonight's CSV
 * export and is warned at its line after it; `check --strict` and `build --strict` then exit 3. The CLI runs
 * as a subprocess on a copy of the inline fixture.
 */
import { appendFile, cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRenderContext } from '../../src/context.ts';
import { EXIT } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { startPreview } from '../../src/preview/server.ts';
import { launchBrowser } from '../../src/pdf/browser.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'inline');

describe('stale numbers', () => {
  it('a typed number that matched is warned at its line once the data moves, and --strict fails', async () => {
    const dir = path.join(await tempDir(), 'inline');
    await cp(FIXTURE, dir, { recursive: true });
    const summary = path.join(dir, 'sections', 'summary.md');
    const lines = (await readFile(summary, 'utf8')).split('\n').length;
    await appendFile(summary, '\nLilly\'s revenue rose to $50 billion in 2024 [@s-wire].\n');
    const before = await runCli(['check', dir, '--strict']);
    expect(before.code, before.stderr).toBe(EXIT.ok);
    expect(before.stderr).not.toContain(MESSAGES.staleProseFigure.code);

    const csv = path.join(dir, 'data', 'figures.csv');
    await writeFile(csv, (await readFile(csv, 'utf8')).replace('$50B', '$51.2B'));
    const after = await runCli(['check', dir, '--strict']);
    expect(after.code).toBe(EXIT.warnings);
    expect(after.stderr).toContain(`${summary}:${lines + 1}:25 "$50 billion" matches no figure of s-wire`);
    expect(after.stderr).toContain('lilly-revenue-2024 ($51.2B)');
    expect(after.stderr).toContain(`write {figure:lilly-revenue-2024} [${MESSAGES.staleProseFigure.code}]`);
    const plain = await runCli(['check', dir]);
    expect(plain.code).toBe(EXIT.ok);
    const built = await runCli(['build', dir, '--strict', '--format', 'html', '--out', await tempDir()]);
    expect(built.code).toBe(EXIT.warnings);
    expect(built.stderr).toContain(MESSAGES.staleProseFigure.code);
  });

  it('the preview marks the typed number in its sentence and lists the warning; the built HTML does neither', async () => {
    const dir = path.join(await tempDir(), 'inline');
    await cp(FIXTURE, dir, { recursive: true });
    await appendFile(path.join(dir, 'sections', 'summary.md'), '\nLilly booked $52 billion in 2024 [@s-wire].\n');
    const preview = await startPreview({ dir, ctx: createRenderContext(), port: 0 });
    try {
      const html = await (await fetch(preview.url)).text();
      expect(html).toContain('<details id="briefing-preview-warnings"');
      expect(html).toContain('&quot;$52 billion&quot; matches no figure of s-wire');
      // In a browser, the typed amount itself is marked in the sentence, the warning as its title.
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.goto(preview.url, { waitUntil: 'load' });
        const mark = await page.$eval('p mark.briefing-warning', (m) => ({ text: m.textContent, title: m.getAttribute('title'), sentence: m.closest('p')?.textContent ?? '' }));
        expect(mark.text).toBe('$52 billion');
        expect(mark.title).toContain(`matches no figure of s-wire`);
        expect(mark.sentence).toContain('Lilly booked $52 billion in 2024');
      } finally {
        await browser.close();
      }
    } finally {
      await preview.close();
    }
    const out = await tempDir();
    expect((await runCli(['build', dir, '--format', 'html', '--out', out])).code).toBe(EXIT.ok);
    expect(await readFile(path.join(out, 'inline-fixture.html'), 'utf8')).not.toContain('briefing-preview-warnings');
  });
});
