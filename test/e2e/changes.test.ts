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
    expect((await runCli(['build', dir, '--out', first, '--format', 'html'])).code).toBe(EXIT.ok);
    const recorded = JSON.parse(await readFile(path.join(first, 'manifest.json'), 'utf8')).briefings[0].values;
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
    expect(r.stderr).toContain('pharma-fx-fixture: 4 changes since 2025-01-15');
    const changes = JSON.parse(await readFile(path.join(second, 'changes.json'), 'utf8'));
    const report = changes.briefings[0].changes;
    expect(report.figures.changed.map((c: { key: string; before: string; after: string }) => [c.key, c.before, c.after])).toEqual([['novo-ozempic-2024', 'DKK\u00a0120B', 'DKK\u00a0125B']]);
    expect(report.figures.added.map((v: { label: string }) => v.label)).toEqual(['Novo Nordisk segment revenue Rybelsus FY2024']);
    expect(report.figures.removed.map((v: { label: string }) => v.label)).toEqual(['Roche segment revenue Diagnostics FY2024']);
    // The metric over the revised figure moved: 120/290.4 → 125/290.4, +4.17%.
    expect(report.metrics.changed.map((c: { key: string; relative: number }) => [c.key, Number(c.relative.toFixed(4))])).toEqual([['ozempic-share', 0.0417]]);
    expect(report.claims).toEqual([]);
    expect(report.conflicts).toEqual({ appeared: [], resolved: [] });
    expect(await readFile(path.join(second, 'changes.md'), 'utf8')).toContain('- Novo Nordisk segment revenue Ozempic FY2024: DKK\u00a0120B → DKK\u00a0125B (+4.17%)');
    const html = await readFile(path.join(second, 'pharma-fx-fixture.html'), 'utf8');
    expect(html).toContain('What changed since 15 January 2025');
    expect(html).toContain('Figures that changed');
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
    expect(await readFile(path.join(out, 'pharma-fx-fixture.html'), 'utf8')).toContain('no earlier build of this briefing');
  });

  it('fails a malformed data file at its row and column', async () => {
    const dir = await nightly();
    await writeFile(path.join(dir, 'data', 'figures.csv'), [HEADER, 'novo-nordisk,,segment-revenue,DKK 12.0.1B,FY2024,Ozempic,reported,s-wire,', ''].join('\n'));
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${path.join(dir, 'data', 'figures.csv')}:2:4 value:`);
  });
});
