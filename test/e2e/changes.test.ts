/**
 * Nightly reports: figures fed from a data file, and what changed since the last build (`build --since`,
 * `changes.json`, `changes.md`, the changes section, `briefing diff`). The CLI runs as a subprocess.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'pharma-fx');
const HEADER = 'company,id,quantity,value,period,segment,basis,sources,note';

/** The GLP-1 fixture with a data file, a metric over one of its figures, and the changes section. */
async function nightly(): Promise<string> {
  const dir = path.join(await tempDir(), 'nightly');
  await cp(FIXTURE, dir, { recursive: true });
  await mkdir(path.join(dir, 'data'));
  await writeFile(
    path.join(dir, 'data', 'figures.csv'),
    [HEADER, 'novo-nordisk,novo-ozempic-2024,segment-revenue,DKK 120B,FY2024,Ozempic,reported,s-wire,', 'roche,roche-diagnostics-2024,segment-revenue,CHF 14.3B,FY2024,Diagnostics,reported,s-wire,', ''].join('\n'),
  );
  const metrics = path.join(dir, 'metrics.yaml');
  await writeFile(metrics, `${await readFile(metrics, 'utf8')}- id: ozempic-share\n  label: Ozempic share of Novo Nordisk sales\n  unit: percent\n  inputs: {ozempic: novo-ozempic-2024, sales: novo-revenue-2024}\n  formula: ozempic / sales\n`);
  const manifest = path.join(dir, 'briefing.yaml');
  await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('claims, sources]', 'claims, sources, changes]'));
  return dir;
}

describe('what changed since the last build', () => {
  it('reports exactly the figures changed, added and removed in the data file, and the metric that moved', async () => {
    const dir = await nightly();
    const first = await tempDir();
    // Last night's run, made reproducible: its manifest records SOURCE_DATE_EPOCH (16 January 2025, 06:00 UTC) as when it ran.
    expect((await runCli(['build', dir, '--out', first, '--format', 'html'], { env: { SOURCE_DATE_EPOCH: '1737007200' } })).code).toBe(EXIT.ok);
    const firstManifest = JSON.parse(await readFile(path.join(first, 'manifest.json'), 'utf8'));
    expect(firstManifest.built).toBe('2025-01-16T06:00:00Z');
    const recorded = firstManifest.briefings[0].values;
    // Without --since the changes section is left out, with its contents entry and any word about the CLI.
    const alone = await readFile(path.join(first, 'pharma-fx-fixture.html'), 'utf8');
    expect(alone).not.toContain('sec-changes');
    expect(alone).not.toContain('--since');
    expect(recorded.figures['novo-ozempic-2024']).toMatchObject({ text: 'DKK\u00a0120B', sources: ['s-wire'] });
    expect(recorded.metrics['ozempic-share'].amount.low).toBeCloseTo(120 / 290.4, 9);

    // Tonight: Ozempic revised up, Rybelsus added, Diagnostics gone.
    await writeFile(
      path.join(dir, 'data', 'figures.csv'),
      [
        HEADER,
        'novo-nordisk,novo-ozempic-2024,segment-revenue,DKK 125B,FY2024,Ozempic,reported,s-wire,',
        'novo-nordisk,novo-rybelsus-2024,segment-revenue,DKK 23B,FY2024,Rybelsus,reported,s-wire,"=cmd|\' /C calc\'!A0 <script>alert(1)</script>"',
        '',
      ].join('\n'),
    );
    const second = await tempDir();
    const r = await runCli(['build', dir, '--out', second, '--format', 'html', '--since', first]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    // Three figures, the metric over one, and the chart that draws them (#26: charts are recorded too).
    expect(r.stderr).toContain(`pharma-fx-fixture: 5 changes since the build of 2025-01-16 (baseline ${path.join(first, 'manifest.json')}; `);
    const changes = JSON.parse(await readFile(path.join(second, 'changes.json'), 'utf8'));
    const report = changes.briefings[0].changes;
    expect(report.figures.changed.map((c: { key: string; before: string; after: string }) => [c.key, c.before, c.after])).toEqual([['novo-ozempic-2024', 'DKK\u00a0120B', 'DKK\u00a0125B']]);
    expect(report.figures.added.map((v: { key: string; label: string }) => [v.key, v.label])).toEqual([['novo-rybelsus-2024', 'Novo Nordisk segment revenue Rybelsus FY2024']]);
    expect(report.figures.removed.map((v: { key: string; label: string }) => [v.key, v.label])).toEqual([['roche-diagnostics-2024', 'Roche segment revenue Diagnostics FY2024']]);
    // The metric over the revised figure moved: 120/290.4 → 125/290.4, +4.17%, which for a share is 1.72 percentage points.
    expect(report.metrics.changed.map((c: { key: string; relative: number }) => [c.key, Number(c.relative.toFixed(4))])).toEqual([['ozempic-share', 0.0417]]);
    expect(report.metrics.changed[0].pp).toBeCloseTo((100 * 5) / 290.4, 9);
    expect(report.figures.changed[0].pp).toBeNull();
    // Both builds are as of 15 January 2025: the earlier one is named by when it ran.
    expect([report.since, report.sinceBuilt, report.asOf]).toEqual(['2025-01-15', '2025-01-16T06:00:00Z', '2025-01-15']);
    expect(report.claims).toEqual([]);
    expect(report.conflicts).toEqual({ appeared: [], resolved: [], appearedKeys: [], resolvedKeys: [] });
    expect(report.charts.map((c: { key: string; change: string }) => [c.key, c.change])).toEqual([['segment-sales', 'changed']]);
    expect([report.risks, report.takeaways, report.sources, report.sections, report.prose]).toEqual([[], [], [], [], []]);
    const md = await readFile(path.join(second, 'changes.md'), 'utf8');
    expect(md).toContain('### pharma-fx-fixture: what changed since the build of 2025-01-16');
    expect(md).toContain('- Novo Nordisk segment revenue Ozempic FY2024: DKK\u00a0120B → DKK\u00a0125B (+4.17%)');
    expect(md).toContain('- Ozempic share of Novo Nordisk sales: 41.3% → 43% (+1.72\u00a0pp)');
    const html = await readFile(path.join(second, 'pharma-fx-fixture.html'), 'utf8');
    expect(html).toContain('What changed since the build of 16 January 2025');
    expect(html).toContain('Figures that changed');
    expect(html).toContain('<td data-label="Change" class="num">+1.72\u00a0pp</td>');
    // A hostile cell prints as inert text.
    expect(html).toMatch(/=cmd\|.{1,12} \/C calc.{1,12}!A0 &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    expect(html).not.toContain('<script>alert(1)');

    // briefing diff prints the same report from the two manifests, without building.
    const diff = await runCli(['diff', first, second, '--json']);
    expect(diff.code).toBe(EXIT.ok);
    expect(JSON.parse(diff.stdout).briefings[0].changes).toEqual(report);

    // An unchanged rebuild reports no change.
    const third = await tempDir();
    const again = await runCli(['build', dir, '--out', third, '--format', 'html', '--since', second]);
    expect(again.stderr).toContain('0 changes since');
    expect(JSON.parse(await readFile(path.join(third, 'changes.json'), 'utf8')).briefings[0].changes.count).toBe(0);
    expect(await readFile(path.join(third, 'pharma-fx-fixture.html'), 'utf8')).toContain('Nothing this briefing prints has changed');
  });

  it('says so, and does not fail, without an earlier build or with one of another briefing', async () => {
    const dir = await nightly();
    const out = await tempDir();
    const none = await runCli(['build', dir, '--out', out, '--format', 'html', '--since', path.join(out, 'nowhere')]);
    expect(none.code).toBe(EXIT.ok);
    expect(none.stderr).toContain('note: no earlier build at');
    const other = await tempDir();
    expect((await runCli(['build', path.join(ROOT, 'content', 'china-ai-2026'), '--out', other, '--format', 'html'])).code).toBe(EXIT.ok);
    const mismatch = await runCli(['build', dir, '--out', out, '--format', 'html', '--since', other]);
    expect(mismatch.code).toBe(EXIT.ok);
    expect(mismatch.stderr).toContain('note: no earlier build of pharma-fx-fixture');
    // Nothing to compare with: the changes section is left out, as without --since.
    expect(await readFile(path.join(out, 'pharma-fx-fixture.html'), 'utf8')).not.toContain('sec-changes');
  });

  it('fails a malformed data file at its row and column', async () => {
    const dir = await nightly();
    await writeFile(path.join(dir, 'data', 'figures.csv'), [HEADER, 'novo-nordisk,,segment-revenue,DKK 12.0.1B,FY2024,Ozempic,reported,s-wire,', ''].join('\n'));
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${path.join(dir, 'data', 'figures.csv')}:2:4 value:`);
  });
});
