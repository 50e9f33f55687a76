/**
 * The editor preview, driven with a real headless Chromium: live reload that keeps the scroll position, the
 * error banner over the last good render, /pdf, and the server's refusals (foreign Host, traversal, no CORS). Plus `briefing new`.
 */
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/pdf/browser.ts';
import { copySample, ROOT, runCli, startPreview, tempDir, type PreviewProcess } from '../helpers/cli.ts';

/** Raw GET with a chosen Host header and an unnormalised path. */
function get(url: string, pathname: string, host?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: pathname, headers: { Host: host ?? u.host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('latin1')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('briefing preview', () => {
  let dir: string;
  let server: ChildProcess;
  let url: string;
  let browser: Browser;
  let page: Page;
  let preview: PreviewProcess;
  let templates: string;

  beforeAll(async () => {
    dir = await copySample();
    // A copy of the templates, so that editing one does not disturb other tests building the sample.
    templates = path.join(await tempDir(), 'templates');
    await cp(path.join(ROOT, 'templates'), templates, { recursive: true });
    preview = await startPreview(dir, ['--templates', templates]);
    ({ server, url } = preview);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 800 });
    await page.goto(url, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('serves the draft as build renders it, on 127.0.0.1', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await page.title()).toBe('The Trillion-Dollar Listings');
    expect(await page.$eval('h1.cover-title', (h) => h.textContent)).toBe('The Trillion-Dollar Listings');
    expect(await page.$$eval('figure.chart svg', (s) => s.length)).toBe(5);
  });

  it('updates the open page within 2 s of a change to a YAML file, keeping the scroll position', async () => {
    await page.evaluate(() => window.scrollTo(0, 3000));
    const before = await page.evaluate(() => window.scrollY);
    expect(before).toBe(3000);
    const manifest = path.join(dir, 'briefing.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(/^title: .*$/m, 'title: Listings Under Review'));
    await page.waitForFunction(() => document.querySelector('h1.cover-title')?.textContent === 'Listings Under Review', { timeout: 2000, polling: 50 });
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, { timeout: 2000 }, before);
    expect(await page.title()).toBe('Listings Under Review');
  });

  it('shows a banner with file, line and the offending lines over the last good render while the YAML is broken, and clears it when fixed', async () => {
    const risks = path.join(dir, 'risks.yaml');
    const good = await readFile(risks, 'utf8');
    const lines = good.split('\n');
    const broken = [...lines.slice(0, 3), 'broken: [unclosed', ...lines.slice(3)].join('\n');
    await writeFile(risks, broken);
    await page.waitForSelector('#briefing-error-banner', { timeout: 5000 });
    const where = await page.$eval('#briefing-error-banner .where', (e) => e.textContent ?? '');
    expect(where).toMatch(new RegExp(`${risks.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`));
    expect(await page.$eval('#briefing-error-banner .frame', (e) => e.textContent ?? '')).toContain('broken: [unclosed');
    expect(await page.$eval('#briefing-error-banner .frame .hit', (e) => e.textContent ?? '')).toContain('broken: [unclosed');
    // While the draft is in error, GET / answers with its last good render under the banner.
    const direct = await get(url, '/');
    expect(direct.status).toBe(200);
    expect(direct.body).toContain('briefing-error-banner');
    expect(direct.body).toContain('cover-title');
    await writeFile(risks, good);
    await page.waitForFunction(() => !document.getElementById('briefing-error-banner') && !!document.querySelector('h1.cover-title'), { timeout: 5000 });
  });

  it('re-renders after a template changes', async () => {
    const partial = path.join(templates, 'default', 'partials', 'cover.hbs');
    const original = await readFile(partial, 'utf8');
    await writeFile(partial, original.replace('<p class="cover-note">', '<p class="cover-note">Draft for review. '));
    await page.waitForFunction(() => document.querySelector('.cover-note')?.textContent?.startsWith('Draft for review.'), { timeout: 5000 });
    await writeFile(partial, original);
    await page.waitForFunction(() => !document.querySelector('.cover-note')?.textContent?.startsWith('Draft for review.'), { timeout: 5000 });
  });

  it('prints the current draft at /pdf', async () => {
    const res = await get(url, '/pdf');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.body.startsWith('%PDF-')).toBe(true);
  });

  it('refuses other Hosts, serves nothing outside the draft, and sends no CORS headers', async () => {
    const foreign = await get(url, '/', 'evil.example');
    expect(foreign.status).toBe(403);
    const rebinding = await get(url, '/', `evil.example:${new URL(url).port}`);
    expect(rebinding.status).toBe(403);
    for (const p of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json', '/briefing.yaml', '/companies/spacex.yaml', '//etc/passwd']) {
      const res = await get(url, p);
      expect(res.status, p).toBe(404);
      expect(res.body).not.toMatch(/root:|"name": "briefing"|id: /);
    }
    const ok = await get(url, '/');
    expect(Object.keys(ok.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(preview.log()).not.toMatch(/\n\s+at /);
  });
});

describe('briefing new', () => {
  it('creates a briefing that checks and builds as it is', async () => {
    const dir = path.join(await tempDir(), 'my-briefing');
    const made = await runCli(['new', dir]);
    expect(made.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['briefing.yaml', 'charts', 'companies', 'data', 'metrics.yaml', 'risks.yaml', 'sections', 'sources.yaml', 'takeaways.yaml']);
    expect(await readdir(path.join(dir, 'companies'))).toEqual(['example-co.yaml']);
    expect(await readdir(path.join(dir, 'charts'))).toEqual(['price-to-sales.yaml']);
    const manifest = await readFile(path.join(dir, 'briefing.yaml'), 'utf8');
    for (const field of ['locale:', 'groups:', 'quantities:', 'riskCategories:', 'bases:', 'fx:', 'keyFigures:']) expect(manifest).toContain(field);
    const checked = await runCli(['check', dir]);
    expect(checked.code, checked.stderr).toBe(0);
    const out = await tempDir();
    const built = await runCli(['build', dir, '--out', out, '--format', 'html']);
    expect(built.code, built.stderr).toBe(0);
    const html = await readFile(path.join(out, 'my-briefing.html'), 'utf8');
    expect(html).toContain('Example Co');
    // The scaffolded metric divides a dollar valuation by euro revenue through the scaffolded rate: $10B ÷ (€900M × 1.08).
    expect(html).toContain('10.3×');
    expect(html).toContain('Figure 1.');
  });

  it('refuses a folder that is not empty', async () => {
    const dir = await copySample();
    const r = await runCli(['new', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already exists and is not empty');
  });
});
