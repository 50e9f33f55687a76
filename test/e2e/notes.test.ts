/**
 * Review notes in the preview (#26), driven with a real headless Chromium: a note is added from the page (with
 * the session's token), a write without the token or from a foreign Host is refused and leaves review.yaml as
 * it was, the note shows after a reload in the margin with data-note at its anchor; `check` lists it, `build
 * --strict` fails until it is resolved from the page, and neither the PDF nor the built HTML carries it.
 */
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/pdf/browser.ts';
import { MESSAGES } from '../../src/messages.ts';
import { NOTE_TOKEN_HEADER, NOTES_ROUTE } from '../../src/preview/notes.ts';
import { readPdf } from '../helpers/pdf.ts';
import { ROOT, runCli, startPreview, tempDir, type PreviewProcess } from '../helpers/cli.ts';

const BANKS = path.join(ROOT, 'test', 'fixtures', 'three-banks');
const FIGURE = 'figure:rheinbank-nii-2024';
const NOTE_TEXT = 'Is this the reported figure or the restated one?';

/** A raw POST to the notes route with chosen headers. */
function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: NOTES_ROUTE, method: 'POST', headers: { Host: u.host, 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('review notes in the preview', () => {
  let dir: string;
  let review: string;
  let server: ChildProcess;
  let url: string;
  let browser: Browser;
  let page: Page;
  let preview: PreviewProcess;

  beforeAll(async () => {
    dir = path.join(await tempDir(), 'three-banks');
    await cp(BANKS, dir, { recursive: true });
    review = path.join(dir, 'review.yaml');
    await writeFile(review, '# Notes for the analyst: keep this comment\n');
    preview = await startPreview(dir);
    ({ server, url } = preview);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(url, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('adds a note from the page, on the element hovered, with the session token', async () => {
    const row = await page.waitForSelector(`[data-key="${FIGURE}"]`);
    await row!.hover();
    await page.waitForSelector('#briefing-note-add:not([hidden])');
    await page.click('#briefing-note-add');
    await page.type('#briefing-note-form input[name=author]', 'Maria Jensen');
    await page.type('#briefing-note-form textarea[name=text]', NOTE_TEXT);
    await page.click('#briefing-note-form button[type=submit]');
    // The watcher renders again and the page reloads with the note in the margin beside the row.
    await page.waitForSelector('.briefing-note[data-note="n-1"]', { timeout: 10_000 });
    const written = await readFile(review, 'utf8');
    expect(written).toContain('# Notes for the analyst: keep this comment');
    expect(parse(written)).toEqual([{ id: 'n-1', author: 'Maria Jensen', text: NOTE_TEXT, status: 'open', anchor: { figure: 'rheinbank-nii-2024' }, created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }]);
  });

  it('refuses a write without the token, with a wrong one, from another Host or too large, and leaves review.yaml as it was', async () => {
    const before = await readFile(review, 'utf8');
    const body = JSON.stringify({ action: 'add', key: FIGURE, author: 'Mallory', text: 'injected' });
    expect((await post(url, body, {})).status).toBe(403);
    expect((await post(url, body, { [NOTE_TOKEN_HEADER]: 'x'.repeat(43) })).status).toBe(403);
    expect((await post(url, body, { Host: 'evil.example' })).status).toBe(403);
    // The page itself, without the header: its fetch is refused the same way.
    const fromPage = await page.evaluate(async (route, b) => (await fetch(route, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: b })).status, NOTES_ROUTE, body);
    expect(fromPage).toBe(403);
    // With the page's token, a body over the limit or a key no note can name.
    const token = await page.evaluate(() => /"token":"([^"]+)"/.exec(Array.from(document.querySelectorAll('script'), (s) => s.textContent).join(''))?.[1] ?? '');
    expect(token.length).toBeGreaterThan(40);
    // Even with the token, a request another page sends (its Origin another site) is refused.
    expect((await post(url, body, { [NOTE_TOKEN_HEADER]: token, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(url, JSON.stringify({ action: 'add', key: FIGURE, author: 'A', text: 'x'.repeat(20_000) }), { [NOTE_TOKEN_HEADER]: token })).status).toBe(413);
    expect((await post(url, JSON.stringify({ action: 'add', key: 'figure:no-such-figure', author: 'A', text: 'x' }), { [NOTE_TOKEN_HEADER]: token })).status).toBe(400);
    expect((await post(url, JSON.stringify({ action: 'delete', id: 'n-1' }), { [NOTE_TOKEN_HEADER]: token })).status).toBe(400);
    expect(await readFile(review, 'utf8')).toBe(before);
  });

  it('shows the note after a reload, in the margin, with data-note at its anchor', async () => {
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.briefing-note[data-note="n-1"]');
    expect(await page.$eval(`[data-key="${FIGURE}"]`, (e) => e.getAttribute('data-note'))).toBe('n-1');
    const note = await page.$eval('.briefing-note[data-note="n-1"]', (e) => ({ text: e.textContent ?? '', left: e.getBoundingClientRect().left, top: e.getBoundingClientRect().top }));
    expect(note.text).toContain(NOTE_TEXT);
    expect(note.text).toContain('Maria Jensen');
    const row = await page.$eval(`[data-key="${FIGURE}"]`, (e) => ({ top: e.getBoundingClientRect().top, right: document.body.getBoundingClientRect().right }));
    // Beside the row: right of the text column, level with the row.
    expect(note.left).toBeGreaterThanOrEqual(row.right);
    expect(Math.abs(note.top - row.top)).toBeLessThan(40);
  });

  it('is listed by check, fails build --strict until resolved from the page, and never prints', async () => {
    const checked = await runCli(['check', dir]);
    expect(checked.code, checked.stderr).toBe(0);
    const line = (await readFile(review, 'utf8')).split('\n').indexOf('- id: n-1') + 1;
    expect(checked.stderr).toContain(`${review}:${line}:3`);
    expect(checked.stderr).toContain(`${MESSAGES.openNote.message('n-1', 'Maria Jensen', NOTE_TEXT)} [${MESSAGES.openNote.code}]`);
    const out = await tempDir();
    const strict = await runCli(['build', dir, '--out', out, '--strict']);
    expect(strict.code, strict.stderr).toBe(3);
    const printed = async (): Promise<string> => (await readPdf(path.join(out, 'three-banks.pdf'))).pages.join(' ');
    expect(await printed()).not.toContain('restated');
    expect(await readFile(path.join(out, 'three-banks.html'), 'utf8')).not.toContain('restated');

    await page.click('.briefing-note[data-note="n-1"] button.resolve');
    await page.waitForFunction(() => !document.querySelector('.briefing-note') && !document.querySelector('[data-note]'), { timeout: 10_000 });
    expect(parse(await readFile(review, 'utf8'))[0]).toMatchObject({ id: 'n-1', status: 'resolved' });
    const quiet = await runCli(['check', dir]);
    expect(quiet.stderr).not.toContain(MESSAGES.openNote.code);
    const built = await runCli(['build', dir, '--out', out, '--strict']);
    expect(built.code, built.stderr).toBe(0);
    expect(await printed()).not.toContain('restated');
    expect(preview.log()).not.toMatch(/\n\s+at /);
  });
});
