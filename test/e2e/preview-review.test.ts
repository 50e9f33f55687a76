/**
 * The preview as a review surface (#26), driven with a real headless Chromium: against the approved version
 * (the three-bank fixture built and approved), an edited figure, sentence, risk and source are marked
 * `data-change` and nothing else but what they feed, the list steps through them in reading order, a removed
 * paragraph stands as a struck-through placeholder; problems are marked at their element and linked to the
 * editor; a broken YAML keeps the last render, its scroll position and a banner; the print lint of `/pdf`
 * reaches the panel; the terminal prints the problems.
 */
import { spawn } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preview as startApiPreview } from '../../src/api.ts';
import { createRenderContext } from '../../src/context.ts';
import { launchBrowser } from '../../src/pdf/browser.ts';
import { startPreview, type Preview } from '../../src/preview/server.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';
import { LINT_FIXTURES, writeLintFixture } from '../helpers/lint-fixtures.ts';

const THREE_BANKS = path.join(ROOT, 'test', 'fixtures', 'three-banks');

/** A copy of the three-bank fixture. */
async function copyBanks(): Promise<string> {
  const dir = path.join(await tempDir(), 'three-banks');
  await cp(THREE_BANKS, dir, { recursive: true });
  return dir;
}

/** Replace `from` by `to` in a file of `dir` (fails when `from` is not there). */
async function edit(dir: string, rel: string, from: string | RegExp, to: string): Promise<void> {
  const file = path.join(dir, rel);
  const text = await readFile(file, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${rel}: ${String(from)}`).not.toBe(text);
  await writeFile(file, next);
}

/** The marked elements in document order: `change key`. */
const marks = (page: Page): Promise<string[]> =>
  page.$$eval('[data-change]', (els) => els.filter((e) => !e.closest('#briefing-review')).map((e) => `${e.getAttribute('data-change')} ${e.getAttribute('data-key')}`));

describe('the preview as a review surface', () => {
  let browser: Browser;
  let dir: string;
  let preview: Preview;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    dir = await copyBanks();
    // The baseline: the fixture built and approved; the preview compares with approved.json by default.
    const out = await tempDir();
    expect((await runCli(['build', dir, '--out', out, '--format', 'html'])).code).toBe(0);
    expect((await runCli(['approve', dir, '--out', out])).code).toBe(0);
    preview = await startApiPreview(dir, { port: 0 });
    page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 800 });
    await page.goto(preview.url, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
  });

  it('marks nothing before an edit, and links the page to its PDF', async () => {
    expect(await marks(page)).toEqual([]);
    expect(await page.$eval('#briefing-changes .since', (e) => e.textContent)).toMatch(/^No change since the version approved on /);
    expect(await page.$eval('#briefing-changes a', (a) => a.getAttribute('href'))).toBe('/pdf');
  });

  it('reloads its open page only when what the page shows changed', async () => {
    const own = await copyBanks();
    const quiet = await startApiPreview(own, { port: 0 });
    const reader = await browser.newPage();
    try {
      await reader.goto(quiet.url, { waitUntil: 'load' });
      let navigations = 0;
      reader.on('framenavigated', (frame) => {
        if (frame === reader.mainFrame()) navigations++;
      });
      // Renders that change nothing on the page: a refresh, a file saved as it was.
      await quiet.refresh();
      const risks = path.join(own, 'risks.yaml');
      await writeFile(risks, await readFile(risks, 'utf8'));
      await quiet.refresh();
      // Then one that does: the page reloads once, with it.
      await edit(own, 'briefing.yaml', 'title: Three Banks After the Rate Peak', 'title: Three Banks Past the Rate Peak');
      await quiet.refresh();
      await reader.waitForFunction(() => document.querySelector('h1.cover-title')?.textContent === 'Three Banks Past the Rate Peak', { timeout: 10_000 });
      expect(navigations).toBe(1);
    } finally {
      await reader.close();
      await quiet.close();
    }
  });

  it('tells a page that connects after a reload was sent (still loading, or reconnecting) to reload at once', async () => {
    const own = await copyBanks();
    const late = await startApiPreview(own, { port: 0 });
    const stop = new AbortController();
    try {
      // The page as served now names the version it shows in its events route.
      const events = /"events":"([^"]+)"/.exec(await (await fetch(late.url)).text())![1]!;
      expect(events).toMatch(/\?v=\d+$/);
      // A change renders and is announced while that page has not connected yet.
      await edit(own, 'briefing.yaml', 'title: Three Banks After the Rate Peak', 'title: Three Banks Past the Rate Peak');
      await late.refresh();
      const res = await fetch(new URL(events, late.url), { signal: stop.signal });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let received = '';
      while (!received.includes('event: reload')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value;
      }
      expect(received).toContain('event: reload');
    } finally {
      stop.abort();
      await late.close();
    }
  });

  it("names its version in the /pdf error pages too, so that such a page is not told to reload each time it connects", async () => {
    const own = await copyBanks();
    await edit(own, 'briefing.yaml', 'title: Three Banks After the Rate Peak', 'title: [Three Banks');
    const broken = await startApiPreview(own, { port: 0 });
    try {
      const res = await fetch(new URL('/pdf', broken.url));
      expect(res.status).toBe(500);
      expect(/"events":"([^"]+)"/.exec(await res.text())![1]).toMatch(/\?v=\d+$/);
    } finally {
      await broken.close();
    }
  });

  it('marks exactly an edited figure (and the metric it feeds), sentence, risk and source, and steps through them in reading order', async () => {
    await edit(dir, 'companies/rheinbank.yaml', 'value: €2.2B', 'value: €2.3B');
    await edit(dir, 'sections/summary.md', 'Fee income, cost cuts and lower loan losses', 'Fee income, deep cost cuts and fewer loan losses');
    await edit(dir, 'risks.yaml', 'likelihood: 3', 'likelihood: 4');
    await edit(dir, 'sources.yaml', 'publisher: Fixture FX Desk', 'publisher: Fixture Rates Desk');
    await preview.refresh();
    await page.waitForFunction(() => document.querySelectorAll('main [data-change]').length === 5, { timeout: 10_000 });
    // Reading order: the summary, the profiles, the metrics, the risk register, the sources.
    expect(await marks(page)).toEqual(['changed prose:summary:2', 'changed figure:rheinbank-payout', 'changed metric:payout-share', 'changed risk:r-rate-cuts', 'changed source:s-rates']);
    // The sentence word by word; the figure row says what it printed before.
    const prose = '[data-key="prose:summary:2"]';
    expect(await page.$$eval(`${prose} ins`, (xs) => xs.map((x) => x.textContent))).toEqual(['deep', 'fewer']);
    expect(await page.$$eval(`${prose} del`, (xs) => xs.map((x) => x.textContent?.trim()))).toEqual(['lower']);
    expect(await page.$eval(prose, (p) => p.textContent)).toContain('cost cuts and lower fewer loan losses');
    expect(await page.$eval('[data-key="figure:rheinbank-payout"]', (r) => r.getAttribute('title'))).toContain('€2.2');
    expect(await page.$eval('#briefing-changes .since', (e) => e.textContent)).toMatch(/^5 changes since /);
    // n steps forward, p back, the buttons too; each change is scrolled into view.
    const current = (): Promise<{ key: string | null; count: string | null; inView: boolean }> =>
      page.evaluate(() => {
        const el = document.querySelector('.briefing-current');
        const r = el?.getBoundingClientRect();
        return { key: el?.getAttribute('data-key') ?? null, count: document.getElementById('briefing-change-count')!.textContent, inView: !!r && r.top >= 0 && r.bottom <= innerHeight };
      });
    await page.keyboard.press('n');
    expect(await current()).toEqual({ key: 'prose:summary:2', count: '1 of 5', inView: true });
    for (let i = 0; i < 3; i++) await page.keyboard.press('n');
    expect(await current()).toEqual({ key: 'risk:r-rate-cuts', count: '4 of 5', inView: true });
    await page.click('#briefing-changes button[data-step="1"]');
    expect(await current()).toEqual({ key: 'source:s-rates', count: '5 of 5', inView: true });
    await page.keyboard.press('n');
    expect((await current()).count).toBe('1 of 5');
    await page.keyboard.press('p');
    expect(await current()).toEqual({ key: 'source:s-rates', count: '5 of 5', inView: true });
  });

  it('shows a removed paragraph as a struck-through placeholder where it stood', async () => {
    await edit(dir, 'sections/summary.md', /\nCapital is ample[^]*$/, '\n');
    await preview.refresh();
    await page.waitForFunction(() => !!document.querySelector('[data-change="removed"]'), { timeout: 10_000 });
    const removed = await page.$eval('[data-change="removed"]', (e) => ({ key: e.getAttribute('data-key'), text: e.querySelector('del')?.textContent ?? '', after: e.previousElementSibling?.getAttribute('data-key') }));
    expect(removed).toEqual({ key: 'prose:summary:was-3', text: expect.stringContaining('Capital is ample at all three') as string, after: 'prose:summary:2' });
    expect(await marks(page)).toHaveLength(6);
  });

  it('marks a problem at its words and its paragraph, lists it and links it to its file in the editor', async () => {
    await writeFile(path.join(dir, 'sections', 'summary.md'), `${await readFile(path.join(dir, 'sections', 'summary.md'), 'utf8')}\nRheinbank booked €9.9 billion of net interest income [@s-results].\n`);
    await preview.refresh();
    await page.waitForSelector('#briefing-preview-warnings li[data-code="BR187"]', { timeout: 10_000 });
    const item = await page.$eval('#briefing-preview-warnings li[data-code="BR187"]', (li) => ({ href: li.querySelector('a.where')?.getAttribute('href') ?? '', text: li.textContent ?? '' }));
    const summary = path.join(dir, 'sections', 'summary.md');
    expect(item.href).toMatch(new RegExp(`^vscode://file${encodeURI(summary).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+$`));
    expect(item.text).toContain('€9.9 billion');
    expect(await page.$eval('mark.briefing-warning', (m) => ({ text: m.textContent, problem: m.getAttribute('data-problem'), block: m.closest('[data-key]')?.getAttribute('data-key'), blockProblem: m.closest('[data-key]')?.getAttribute('data-problem') }))).toEqual({
      text: '€9.9 billion',
      problem: 'BR187',
      block: 'prose:summary:3',
      blockProblem: 'BR187',
    });
  });

  it('keeps the last good render, its scroll position and a banner while the YAML is broken, with HTTP 200', async () => {
    await page.evaluate(() => window.scrollTo(0, 900));
    const risks = path.join(dir, 'risks.yaml');
    const good = await readFile(risks, 'utf8');
    await writeFile(risks, good.replace('likelihood: 4', 'likelihood: [4'));
    await preview.refresh();
    await page.waitForSelector('#briefing-error-banner', { timeout: 10_000 });
    await page.waitForFunction(() => Math.abs(window.scrollY - 900) < 2, { timeout: 2000 });
    expect(await page.$eval('h1.cover-title', (h) => h.textContent)).toBe('Three Banks After the Rate Peak');
    expect(await page.$eval('#briefing-error-banner', (b) => b.textContent)).toContain(risks);
    expect(await page.$eval('#briefing-preview-warnings', (d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await page.$eval('#briefing-preview-warnings li.error a.where', (a) => a.getAttribute('href'))).toMatch(/^vscode:\/\/file\/.*risks\.yaml:\d+:\d+$/);
    // The last render's marks stay.
    expect(await marks(page)).toHaveLength(6);
    const res = await fetch(preview.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('id="briefing-error-banner"');
    await writeFile(risks, good);
    await preview.refresh();
    await page.waitForFunction(() => !document.getElementById('briefing-error-banner'), { timeout: 10_000 });
    await page.waitForFunction(() => Math.abs(window.scrollY - 900) < 2, { timeout: 2000 });
  });
});

describe('the preview\'s problems, print lint and editor links', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the print lint of /pdf in the panel, marked at its element and linked to the editor', async () => {
    const dir = path.join(await tempDir(), 'lint');
    await writeLintFixture(dir, LINT_FIXTURES.find((f) => f.rule === 'overflow')!);
    const printed: string[] = [];
    const preview = await startPreview({ dir, ctx: createRenderContext(), port: 0, onPrint: (r) => printed.push(...r.problems.map((p) => p.code)) });
    try {
      const page = await browser.newPage();
      await page.goto(preview.url, { waitUntil: 'load' });
      expect(await page.$('#briefing-preview-warnings li[data-code="BR506"]')).toBeNull();
      const pdf = await fetch(new URL('/pdf', preview.url));
      expect(pdf.status).toBe(200);
      expect(printed).toContain('BR506');
      // The open page reloads with the lint in its panel.
      await page.waitForSelector('#briefing-preview-warnings li[data-code="BR506"]', { timeout: 10_000 });
      expect(await page.$eval('#briefing-preview-warnings li[data-code="BR506"] a.where', (a) => a.getAttribute('href'))).toMatch(/^vscode:\/\/file\//);
      expect(await page.$eval('[data-problem~="BR506"]', (e) => e.textContent)).toContain('not allowed to wrap');
    } finally {
      await preview.close();
    }
  });

  it('links no problem with --editor-url none, and refuses a template that cannot open a file', async () => {
    const dir = await copyBanks();
    await writeFile(path.join(dir, 'sections', 'summary.md'), `${await readFile(path.join(dir, 'sections', 'summary.md'), 'utf8')}\nRheinbank booked €9.9 billion [@s-results].\n`);
    const preview = await startPreview({ dir, ctx: createRenderContext(), port: 0, editorUrl: 'none' });
    try {
      const html = await (await fetch(preview.url)).text();
      expect(html).toContain('data-code="BR187"');
      expect(html).not.toContain('href="vscode:');
      expect(html).toMatch(/<code class="where">[^<]*summary\.md:\d+:\d+<\/code>/);
    } finally {
      await preview.close();
    }
    await expect(startPreview({ dir, ctx: createRenderContext(), port: 0, editorUrl: 'javascript:alert({file})' })).rejects.toMatchObject({ diagnostics: [{ code: 'BR312' }] });
  });

  it('shows the error page when there has been no good render yet, legible at 390 px', async () => {
    const dir = await copyBanks();
    await edit(dir, 'risks.yaml', 'likelihood: 3', 'likelihood: [3');
    const preview = await startPreview({ dir, ctx: createRenderContext(), port: 0 });
    try {
      expect((await fetch(preview.url)).status).toBe(500);
      const page = await browser.newPage();
      await page.setViewport({ width: 390, height: 800 });
      await page.goto(preview.url, { waitUntil: 'load' });
      expect(await page.$eval('#briefing-error-overlay .where a', (a) => a.getAttribute('href'))).toMatch(/risks\.yaml:\d+:\d+$/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await preview.close();
    }
  });

  it('prints every problem in the terminal, and refuses a bad --editor-url', async () => {
    const dir = await copyBanks();
    await writeFile(path.join(dir, 'sections', 'summary.md'), `${await readFile(path.join(dir, 'sections', 'summary.md'), 'utf8')}\nRheinbank booked €9.9 billion [@s-results].\n`);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'briefing.js'), 'preview', dir, '--port', '0', '--editor-url', 'none'], { cwd: ROOT, env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => /Ctrl\+C/.test(log) && (clearInterval(timer), resolve()), 50);
        child.on('exit', () => (clearInterval(timer), reject(new Error(log))));
      });
      expect(log).toMatch(/rendered .* in \d+ ms: 1 problem/);
      expect(log).toMatch(/warning: .*summary\.md:\d+:\d+ "€9\.9 billion" matches no figure .*\[BR187\]/);
    } finally {
      child.kill('SIGTERM');
    }
    const bad = await runCli(['preview', dir, '--port', '0', '--editor-url', 'code --goto {file}']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('BR312');
  });
});
