/**
 * The programmatic API (src/api.ts): the same results as the CLI, abort signals, a caller's browser that
 * stays open, and a run's files (no manifest when nothing built; a partly failed batch's manifest lists the
 * failures).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, BriefingError, check, loadBriefing, preview, renderHtml } from '../../src/api.ts';
import { findChromium, launchBrowser } from '../../src/pdf/browser.ts';
import { CHROMIUM_ARGS } from '../../src/pdf/chromium.ts';
import { copySample, runCli, SAMPLE, tempDir } from '../helpers/cli.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('build()', () => {
  it("prints on the caller's browser and leaves it open, with its tabs", async () => {
    const out = await tempDir();
    const tabs = await browser.pages();
    const run = await build([SAMPLE], { outDir: out, formats: ['pdf'], browser });
    expect(run.ok).toBe(true);
    expect(run.exitCode).toBe(0);
    expect(run.manifestFile).toBe(path.join(out, 'manifest.json'));
    expect((await readdir(out)).sort()).toEqual(['ai-ipo-2026.pdf', 'manifest.json']);
    expect(JSON.parse(await readFile(run.manifestFile!, 'utf8'))).toEqual(JSON.parse(JSON.stringify(run.manifest)));
    expect(browser.connected).toBe(true);
    expect(tabs.length).toBeGreaterThan(0);
    expect(tabs.filter((t) => t.isClosed())).toEqual([]);
    expect(await browser.pages()).toEqual(tabs);
    const page = await browser.newPage();
    await page.close();
  });

  it('rejects at once with the reason of an aborted signal, and writes nothing', async () => {
    const out = path.join(await tempDir(), 'out');
    const reason = new Error('stopped by the caller');
    await expect(build([SAMPLE], { outDir: out, signal: AbortSignal.abort(reason), browser })).rejects.toBe(reason);
    expect(existsSync(out)).toBe(false);
  });

  it('stops a run aborted while it builds: no more briefings, no manifest, and the browser stays open', async () => {
    const out = path.join(await tempDir(), 'out');
    const controller = new AbortController();
    const started: string[] = [];
    const run = build([SAMPLE, await copySample()], {
      outDir: out,
      formats: ['pdf'],
      concurrency: 1,
      browser,
      signal: controller.signal,
      onStart: (dir) => {
        started.push(dir);
        controller.abort();
      },
    });
    expect(await run.catch((e: unknown) => (e as Error).name)).toBe('AbortError');
    expect(started).toEqual([SAMPLE]);
    expect(existsSync(out)).toBe(false);
    expect(browser.connected).toBe(true);
  });

  it('writes no file at all when no briefing builds (the CLI neither)', async () => {
    const out = path.join(await tempDir(), 'x');
    const run = await build(['/nonexistent'], { outDir: out, browser });
    expect(run).toMatchObject({ ok: false, exitCode: 1, manifestFile: null });
    expect(run.manifest.briefings[0]).toMatchObject({ dir: '/nonexistent', ok: false });
    expect(existsSync(out)).toBe(false);
    const cli = await runCli(['build', '/nonexistent', '--out', out]);
    expect(cli.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it('leaves a browser reached by its DevTools URL with the tabs it had, whether or not anything printed', async () => {
    const profile = await tempDir();
    const remote = spawn(findChromium(), [...CHROMIUM_ARGS, '--no-sandbox', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let said = '';
      const endpoint = await new Promise<string>((resolve, reject) => {
        remote.stderr!.on('data', (d: Buffer) => {
          said += d.toString();
          const m = /DevTools listening on (ws:\S+)/.exec(said);
          if (m) resolve(m[1]!);
        });
        remote.once('exit', () => reject(new Error(`Chromium exited: ${said}`)));
      });
      const observer = await puppeteer.connect({ browserWSEndpoint: endpoint });
      const tabs = (await observer.pages()).length;
      const failed = await build(['/nonexistent'], { outDir: path.join(await tempDir(), 'x'), browserWSEndpoint: endpoint });
      expect(failed.ok).toBe(false);
      expect((await observer.pages()).length).toBe(tabs);
      const printed = await build([SAMPLE], { outDir: await tempDir(), formats: ['pdf'], browserWSEndpoint: endpoint });
      expect(printed.ok).toBe(true);
      expect((await observer.pages()).length).toBe(tabs);
      await observer.disconnect();
    } finally {
      remote.kill('SIGKILL');
    }
  });

  it("lists a partly failed batch's failures in its manifest", async () => {
    const out = await tempDir();
    const broken = await copySample();
    await writeFile(path.join(broken, 'sources.yaml'), 'not: [valid');
    const run = await build([SAMPLE, broken], { outDir: out, formats: ['html'] });
    expect(run.exitCode).toBe(1);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.ok).toBe(false);
    expect(manifest.briefings.map((b: { ok: boolean }) => b.ok)).toEqual([true, false]);
    expect(manifest.briefings[1].errors[0].file).toBe(path.join(broken, 'sources.yaml'));
  });
});

describe('check(), renderHtml(), loadBriefing(), preview()', () => {
  it('check() gives the document `briefing check --json` prints', async () => {
    const [report, cli] = await Promise.all([check([SAMPLE]), runCli(['check', SAMPLE, '--json'])]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(JSON.parse(cli.stdout));
    expect((await check([SAMPLE], { strict: true })).exitCode).toBe(3);
  });

  it('renderHtml() renders without a browser; loadBriefing() gives the content model', async () => {
    const { id, html, warnings } = await renderHtml(SAMPLE);
    expect(id).toBe('ai-ipo-2026');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(Array.isArray(warnings)).toBe(true);
    const briefing = await loadBriefing(SAMPLE);
    expect(briefing.settings.id).toBe('ai-ipo-2026');
    expect(briefing.companies.length).toBeGreaterThan(5);
  });

  it('throws a BriefingError with every diagnostic for broken content', async () => {
    const broken = await copySample();
    await writeFile(path.join(broken, 'sources.yaml'), 'not: [valid');
    const error = await loadBriefing(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BriefingError);
    expect((error as BriefingError).diagnostics[0]!.file).toBe(path.join(broken, 'sources.yaml'));
    expect(await renderHtml(SAMPLE, { signal: AbortSignal.abort() }).catch((e: unknown) => (e as Error).name)).toBe('AbortError');
  });

  it('preview() serves the draft and stops when its signal aborts', async () => {
    const controller = new AbortController();
    const running = await preview(SAMPLE, { port: 0, browser, signal: controller.signal });
    const page = await fetch(running.url);
    expect(page.status).toBe(200);
    controller.abort();
    await running.close();
    await expect(fetch(running.url)).rejects.toThrow();
    expect(browser.connected).toBe(true);
  });
});
