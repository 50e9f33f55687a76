/**
 * Honest charts through the CLI (#26): the warnings of a chart that leaves out a company (BR253) or sets a
 * quarter beside a year (BR254) reach `check --json`, fail `check --strict`, print in `build` and are recorded in
 * its manifest, each at the chart's file, line and `data` field.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT, type Diagnostic } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'time-series');

let dir: string;
beforeAll(async () => {
  dir = path.join(await tempDir(), 'time-series');
  await cp(FIXTURE, dir, { recursive: true });
  // Bars of a utility's quarters beside a peer's years; a peers' chart of 2022, which Fjord Energi does not report.
  await writeFile(path.join(dir, 'charts', 'mixed.yaml'), 'title: Revenue\ncaption: Revenue as reported.\nspec: bars\ndata:\n  figures: {companies: [northgate-power, cascade-electric], quantity: revenue}\n');
  await writeFile(path.join(dir, 'charts', 'peers-2022.yaml'), 'title: Revenue 2022\ncaption: Revenue in 2022.\nspec: bars\ndata:\n  figures: {group: peer, quantity: revenue, period: FY2022}\n  convert: EUR\n');
  const fjord = path.join(dir, 'companies', 'fjord-energi.yaml');
  await writeFile(fjord, (await readFile(fjord, 'utf8')).replace(/^.*period: FY2022.*\n/m, ''));
});

/** The two warnings, as the JSON of check and the manifest give them. */
const expected = (): Partial<Diagnostic>[] => [
  { code: MESSAGES.chartMixesPeriods.code, file: path.join(dir, 'charts', 'mixed.yaml'), line: 4, column: 1, path: 'data' },
  { code: MESSAGES.chartLeavesOut.code, file: path.join(dir, 'charts', 'peers-2022.yaml'), line: 4, column: 1, path: 'data' },
];

describe('chart warnings', () => {
  it('reach check --json, and --strict fails on them', async () => {
    const r = await runCli(['check', dir, '--json']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const warnings = JSON.parse(r.stdout).warnings as Diagnostic[];
    for (const w of expected()) expect(warnings).toContainEqual(expect.objectContaining(w));
    const strict = await runCli(['check', dir, '--json', '--strict']);
    expect(strict.code).toBe(EXIT.warnings);
  });

  it('print in build, at file:line:column, and are recorded in the manifest', async () => {
    const out = await tempDir();
    const r = await runCli(['build', dir, '--out', out, '--format', 'html', '--no-cache']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stderr).toContain(`${path.join(dir, 'charts', 'mixed.yaml')}:4:1 data: chart "mixed": it sets Q4 2025 (a quarter, Northgate Power) beside FY2025 (a year, Cascade Electric)`);
    expect(r.stderr).toContain(`${path.join(dir, 'charts', 'peers-2022.yaml')}:4:1 data: chart "peers-2022": Fjord Energi has no figure for revenue FY2022`);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { briefings: { warnings: Diagnostic[] }[] };
    for (const w of expected()) expect(manifest.briefings[0]!.warnings).toContainEqual(expect.objectContaining(w));
    const strict = await runCli(['build', dir, '--out', await tempDir(), '--format', 'html', '--no-cache', '--strict']);
    expect(strict.code).toBe(EXIT.warnings);
  });
});
