/**
 * briefing starts Chromium itself, before puppeteer loads (src/pdf/chromium.ts), with puppeteer's own launch
 * flags written out: this fails when an upgrade of puppeteer-core changes them, so that the list is updated.
 */
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { AUTOMATION_ARGS, CHROMIUM_ARGS } from '../../src/pdf/chromium.ts';

describe('Chromium flags', () => {
  it("are puppeteer-core's launch flags for a headless browser, with ours", () => {
    const theirs = puppeteer.defaultArgs({ headless: true }).filter((a) => a !== 'about:blank' && !a.startsWith('--user-data-dir'));
    const ours: readonly string[] = [...CHROMIUM_ARGS, ...AUTOMATION_ARGS];
    expect(theirs.filter((a) => !ours.includes(a))).toEqual([]);
    expect(AUTOMATION_ARGS.filter((a) => !theirs.includes(a))).toEqual([]);
  });
});
