/**
 * What a briefing declares in its own folder, end to end through the CLI: its own templates over the
 * default ones, its own chart spec, and the second sample (yuan, its own groups, metrics and charts, a chart
 * placed in prose).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { copySample, ROOT, runCli, tempDir } from '../helpers/cli.ts';
import { readPdf } from '../helpers/pdf.ts';

const CHINA = path.join(ROOT, 'content', 'china-ai-2026');

describe('templates per briefing', () => {
  it('uses the briefing’s own partial and chart spec by name, and the default template for the rest', async () => {
    const dir = await copySample();
    await mkdir(path.join(dir, 'templates', 'partials'), { recursive: true });
    await mkdir(path.join(dir, 'templates', 'charts'), { recursive: true });
    const cover = await readFile(path.join(ROOT, 'templates', 'default', 'partials', 'cover.hbs'), 'utf8');
    await writeFile(path.join(dir, 'templates', 'partials', 'cover.hbs'), `<p class="desk-mark">Desk edition</p>\n${cover}`);
    const bars = JSON.parse(await readFile(path.join(ROOT, 'templates', 'default', 'charts', 'bars.vl.json'), 'utf8'));
    bars.layer[0].encoding.x.title = 'Desk axis: {measure} in {unit}';
    await writeFile(path.join(dir, 'templates', 'charts', 'bars.vl.json'), JSON.stringify(bars));
    const out = await tempDir();
    const r = await runCli(['build', dir, '--out', out, '--format', 'html']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const html = await readFile(path.join(out, 'ai-ipo-2026.html'), 'utf8');
    expect(html).toContain('<p class="desk-mark">Desk edition</p>');
    expect(html).toContain('Desk axis: Price-to-sales multiple in ×');
    expect(html).toContain('Desk axis: Revenue in US$ billion');
    // Everything not overridden comes from the default template.
    expect(html).toContain('class="chart-caption"');
    expect(html).toContain('Where sources disagree');
  });

  it('draws a chart with a spec the briefing carries itself, and refuses one that reaches for a URL', async () => {
    const dir = await copySample();
    const own = JSON.parse(await readFile(path.join(ROOT, 'templates', 'default', 'charts', 'columns.vl.json'), 'utf8'));
    await writeFile(path.join(dir, 'charts', 'own.vl.json'), JSON.stringify({ ...own, description: 'own spec of the desk' }));
    const chart = path.join(dir, 'charts', 'liquidity-scenarios.yaml');
    await writeFile(chart, (await readFile(chart, 'utf8')).replace('spec: columns', 'spec: own.vl.json'));
    const out = await tempDir();
    const ok = await runCli(['build', dir, '--out', out, '--format', 'html']);
    expect(ok.code, ok.stderr).toBe(EXIT.ok);
    expect(await readFile(path.join(out, 'ai-ipo-2026.html'), 'utf8')).toContain('id="figure-liquidity-scenarios"');
    await writeFile(path.join(dir, 'charts', 'own.vl.json'), JSON.stringify({ ...own, data: { url: 'file:///etc/passwd' } }));
    const bad = await runCli(['check', dir]);
    expect(bad.code).toBe(EXIT.content);
    expect(bad.stderr).toContain(`${path.join(dir, 'charts', 'own.vl.json')} data.url: "url" is not allowed in a chart spec`);
  });
});

describe('images a template names', () => {
  it('are inlined from the template folder: the HTML stays one file and the PDF shows the image as a Figure with its alt text', async () => {
    const dir = await copySample();
    await mkdir(path.join(dir, 'templates', 'partials'), { recursive: true });
    await mkdir(path.join(dir, 'templates', 'assets'), { recursive: true });
    // A 1×1 PNG, the desk's logo.
    await writeFile(path.join(dir, 'templates', 'assets', 'logo.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'));
    const cover = await readFile(path.join(ROOT, 'templates', 'default', 'partials', 'cover.hbs'), 'utf8');
    const partial = path.join(dir, 'templates', 'partials', 'cover.hbs');
    await writeFile(partial, `<img class="desk-logo" src="assets/logo.png" alt="Desk logo" style="width: 20mm; height: 20mm">\n${cover}`);
    const out = await tempDir();
    const r = await runCli(['build', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const html = await readFile(path.join(out, 'ai-ipo-2026.html'), 'utf8');
    expect(html).toContain('<img class="desk-logo" src="data:image/png;base64,iVBORw0KGgo');
    expect(html).not.toContain('assets/logo.png');
    expect((await readPdf(path.join(out, 'ai-ipo-2026.pdf'))).figureAlts).toContain('Desk logo');
    const images = execFileSync('pdfimages', ['-list', '-f', '1', '-l', '1', path.join(out, 'ai-ipo-2026.pdf')], { encoding: 'utf8' });
    expect(images.trim().split('\n').length, images).toBe(3);
    // One from the network is refused where it is written.
    await writeFile(partial, `\n<img src="https://example.com/logo.png" alt="Desk logo">\n${cover}`);
    const bad = await runCli(['check', dir]);
    expect(bad.code).toBe(EXIT.content);
    expect(bad.stderr).toContain(`${partial}:2:11 image "https://example.com/logo.png" would be fetched from the network`);
    expect(bad.stderr).toContain('[BR249]');
  });
});

describe('the second sample, in yuan', () => {
  it('builds with its own groups, metrics and charts, a chart placed in its prose numbered first', async () => {
    const out = await tempDir();
    const r = await runCli(['build', CHINA, '--out', out, '--format', 'pdf']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const pdf = await readPdf(path.join(out, 'china-ai-2026.pdf'));
    const text = pdf.pages.join('\n').replace(/\s+/g, ' ');
    for (const group of ['Internet platforms', 'Domestic chip designers', 'Dividend-paying banks', 'Foreign benchmark']) expect(text).toContain(group);
    // The summary (page 2) places the earnings chart, so it is Figure 1 there and again in the charts section.
    expect(pdf.pages[1]).toMatch(/Figure 1\. Earnings multiples of the domestic designers and NVIDIA/);
    expect(text).toMatch(/Figure 2\. Tencent's valuation as the source gives it, in yuan/);
    // Metrics in yuan and dollars through the assumed rate: $53.5B × 7.1 = CN¥380B; CN¥5T ÷ 7.1 = $704B.
    expect(text).toContain('CN¥380B');
    expect(text).toContain('~$704B');
    expect(text).toMatch(/Market value \(CN¥ trillion\)/);
    expect(text).toContain('1.75×');
  });
});
