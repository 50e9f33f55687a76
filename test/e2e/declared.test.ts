/**
 * What a briefing declares in its own folder, end to end through the CLI: its own templates over the
 * default ones, its own chart spec, and the second sample (yuan, its own groups, metrics and charts, a chart
 * placed in prose).
 */
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
