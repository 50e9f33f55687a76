/**
 * briefing starts Chromium itself, before puppeteer loads (src/pdf/chromium.ts), with puppeteer's own launch
 * flags written out: this fails when an upgrade of puppeteer-core changes them, so that the list is updated.
 * A browser that exits before it answers is reported at once, not at the launch time limit.
 */
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { BriefingError } from '../../src/errors.ts';
import { launchBrowser } from '../../src/pdf/browser.ts';
import { AUTOMATION_ARGS, CHROMIUM_ARGS, spawnChromium } from '../../src/pdf/chromium.ts';

describe('Chromium flags', () => {
  it("are puppeteer-core's launch flags for a headless browser, with ours", () => {
    const theirs = puppeteer.defaultArgs({ headless: true }).filter((a) => a !== 'about:blank' && !a.startsWith('--user-data-dir'));
    const ours: readonly string[] = [...CHROMIUM_ARGS, ...AUTOMATION_ARGS];
    expect(theirs.filter((a) => !ours.includes(a))).toEqual([]);
    expect(AUTOMATION_ARGS.filter((a) => !theirs.includes(a))).toEqual([]);
  });
});

describe('a browser that cannot start', () => {
  it('fails at once, saying it exited, when started earlier and already dead, or when there is no such file', async () => {
    const dead = spawnChromium('/bin/false');
    await dead.exited;
    const early = await launchBrowser({ chromium: dead, timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(BriefingError);
    expect((early as BriefingError).message).toMatch(/failed to start: it exited \(1\) before it answered/);
    const missing = await launchBrowser({ executablePath: '/nonexistent/chromium', timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BriefingError);
    expect((missing as BriefingError).message).toMatch(/failed to start/);
  });
});
