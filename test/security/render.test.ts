/**
 * Hostile content cannot reach out and cannot run. One briefing full of hostile inputs is built to HTML and
 * PDF with the CLI while a listener on 127.0.0.1 records every request it gets, and a secret file sits
 * outside the briefing. Each case names one hostile input and the safe result it must get.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySample, runCli, tempDir, type CliResult } from '../helpers/cli.ts';

const SECRET = 'TOP-SECRET-7f3a9c';

describe('hostile content in a briefing', () => {
  const requests: string[] = [];
  let listener: Server;
  let origin: string;
  let secretFile: string;
  let html: string;
  let pdfText: string;
  let run: CliResult;

  beforeAll(async () => {
    listener = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.end('gotcha');
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    const secretDir = await mkdtemp(path.join(tmpdir(), 'briefing-secret-'));
    secretFile = path.join(secretDir, 'secret.txt');
    await writeFile(secretFile, `${SECRET}\n`);

    const dir = await copySample();
    const section = path.join(dir, 'sections', 'outlook.md');
    const hostileProse = [
      `Image: ![tracking pixel](${origin}/md-image) [@s-gogoai]`,
      `Reference image: ![ref pixel][px] [@s-gogoai]\n\n[px]: ${origin}/ref-image`,
      `Data image: ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) [@s-gogoai]`,
      `Raw image: <img src="${origin}/raw-img"> [@s-gogoai]`,
      `Frame: <iframe src="file://${secretFile}"></iframe> [@s-gogoai]`,
      `Stylesheet: <link rel="stylesheet" href="${origin}/link-css"> [@s-gogoai]`,
      `Import: <style>@import url(${origin}/import-css);</style> [@s-gogoai]`,
      `Script: <script>fetch('${origin}/script')</script> [@s-gogoai]`,
      `Object: <object data="${origin}/object"></object> [@s-gogoai]`,
      `Refresh: <meta http-equiv="refresh" content="0;url=${origin}/refresh"> [@s-gogoai]`,
      `SVG: <svg><image href="${origin}/svg-image"/></svg> [@s-gogoai]`,
      `Links: [js](javascript:fetch('${origin}/js-link')) [vb](vbscript:msgbox) [file](file://${secretFile}) [data](data:text/html,<script>alert(1)</script>) [@s-gogoai]`,
      `Web link: [a page](${origin}/plain-link) and <${origin}/autolink> [@s-gogoai]`,
      `Template: {{#each this}}loop{{/each}} {{constructor.constructor}} {{> cover}} [@s-gogoai]`,
    ].join('\n\n');
    await writeFile(section, `${await readFile(section, 'utf8')}\n\n${hostileProse}\n`);

    const spacex = path.join(dir, 'companies', 'spacex.yaml');
    let company = await readFile(spacex, 'utf8');
    company = company.replace(/^name: .*$/m, `name: 'SpaceX <img src="${origin}/name-img" onerror="fetch(1)">'`);
    company = company.replace(/^country: .*$/m, `country: '</style><style>body{background:url(${origin}/css-breakout)}</style>'`);
    await writeFile(spacex, company);

    const manifest = path.join(dir, 'briefing.yaml');
    await writeFile(
      manifest,
      (await readFile(manifest, 'utf8')).replace(/^title: .*$/m, `title: 'Listings"; } body { background: url(${origin}/page-css) } x { content: "'`),
    );
    const sources = path.join(dir, 'sources.yaml');
    await writeFile(sources, (await readFile(sources, 'utf8')).replace('https://www.gogoai.xin/article/ai-boom-trillions-spent-ipos-loom', 'http://169.254.169.254/latest/meta-data/'));

    const out = await tempDir();
    run = await runCli(['build', dir, '--out', out]);
    html = await readFile(path.join(out, 'ai-ipo-2026.html'), 'utf8').catch(() => '');
    pdfText = execFileSync('pdftotext', [path.join(out, 'ai-ipo-2026.pdf'), '-'], { encoding: 'utf8' });
  });

  afterAll(() => new Promise<void>((r) => listener.close(() => r())));

  it('builds, and no request reached the listener from the HTML or the PDF render', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(html.length).toBeGreaterThan(10_000);
    expect(requests).toEqual([]);
  });

  it('never puts the secret file beside the briefing into any output', () => {
    expect(html).not.toContain(SECRET);
    expect(pdfText).not.toContain(SECRET);
  });

  it('prints a Markdown image as its alt text, with no <img>', () => {
    expect(html).toContain('<span class="image-alt">tracking pixel</span>');
    expect(html).not.toMatch(/<img\b/i);
  });

  it('does not load reference-style or data: images either', () => {
    expect(html).toContain('<span class="image-alt">ref pixel</span>');
    expect(html).not.toContain(`${origin}/ref-image`);
    // markdown-it refuses an SVG data: image outright; it stays inert text.
    expect(html).not.toMatch(/src="data:image\/svg/);
  });

  it('escapes raw HTML <img> in Markdown', () => {
    expect(html).toMatch(/Raw image: &lt;img src=.http:\/\/127\.0\.0\.1:\d+\/raw-img.&gt;/);
  });

  it('escapes an <iframe> pointing at a host file', () => {
    expect(html).toContain('Frame: &lt;iframe src=');
    expect(html).not.toMatch(/<iframe/i);
  });

  it('escapes <link rel=stylesheet> in prose', () => {
    expect(html).not.toMatch(/<link\b/i);
  });

  it('escapes <style>@import in prose', () => {
    expect(html).toContain('Import: &lt;style&gt;@import url(');
    const styles = html.match(/<style>[\s\S]*?<\/style>/g) ?? [];
    expect(styles).toHaveLength(1);
    expect(styles[0]).not.toContain('import-css');
  });

  it('escapes <script> in prose, and the document carries no script at all', () => {
    expect(html).toContain('Script: &lt;script&gt;');
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes <object> and <meta http-equiv=refresh>', () => {
    expect(html).not.toMatch(/<object\b/i);
    expect(html.match(/<meta http-equiv=/g)).toHaveLength(1); // only the document's own CSP
  });

  it('escapes inline <svg><image href> in prose', () => {
    expect(html).toContain('SVG: &lt;svg&gt;&lt;image href=');
  });

  it('leaves javascript:, vbscript:, file: and data:text/html links as inert text', () => {
    expect(html).not.toMatch(/href="(javascript|vbscript|file|data):/i);
    const links = html.slice(html.indexOf('Links: '), html.indexOf('</p>', html.indexOf('Links: ')));
    expect(links).toContain('[js](javascript:fetch(');
    expect(links).not.toMatch(/<a href="(?!#source-)/);
  });

  it('keeps web links as links, which open only when a reader clicks them', () => {
    expect(html).toContain(`<a href="${origin}/plain-link">a page</a>`);
    expect(requests.filter((r) => r.includes('link'))).toEqual([]);
  });

  it('prints Handlebars expressions in content as text, never compiling them', () => {
    expect(html).toContain('Template: {{#each this}}loop{{/each}} {{constructor.constructor}} {{&gt; cover}}');
    expect(pdfText).toContain('{{#each this}}loop{{/each}}');
  });

  it('escapes HTML in YAML fields (a company name with an <img onerror>)', () => {
    expect(html).toContain('SpaceX &lt;img src&#x3D;&quot;');
    // No element carries the handler; in chart text the markup is character data (&lt;img ...&gt;).
    expect(html).not.toMatch(/<img\b|<[a-z][^>]*\son[a-z]+=["']/i);
  });

  it('cannot close the stylesheet from a YAML field', () => {
    expect(html).toContain('&lt;/style&gt;&lt;style&gt;body{background:url(');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });

  it('keeps a title inside its CSS string in the running header', () => {
    // The quote is escaped (\22), so the injected rule stays text inside content: "...".
    expect(html).toMatch(/@top-left \{ content: "Listings\\22 ; \} body \{ background: url\(http:\/\/127\.0\.0\.1:\d+\/page-css\) \} x \{ content: \\22 "; \}/);
  });

  it('allows a cloud metadata address only as a link in the sources list, never as a resource', () => {
    expect(html).toMatch(/<a href="http:\/\/169\.254\.169\.254\/latest\/meta-data\/"[^>]*>/);
    expect(html).not.toMatch(/(src|url\()="?http:\/\/169\.254/);
  });

  it('blocks any request even if a document tried: CSP forbids every fetch', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">`);
  });
});
