/** Regression tests for faults a review found: each case failed before its fix. */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskEffects } from '../../src/build.ts';
import { parseAmount } from '../../src/content/amount.ts';
import { parseBriefing, readContentFiles } from '../../src/content/load.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import { chartContent } from '../../src/charts/catalogue.ts';
import { FontSet } from '../../src/fonts.ts';
import { copySample, tempDir } from '../helpers/cli.ts';
import { catchBriefingError, replaceIn, sample } from './helpers.ts';

describe('review fixes', () => {
  it('does not read a sections/ folder that is a symbolic link out of the briefing', async () => {
    const dir = await copySample();
    const outside = await tempDir();
    await writeFile(path.join(outside, 'secret.md'), '# Secret\n\nAWS_SECRET_KEY=hunter2\n');
    await mkdir(path.join(dir, 'moved'));
    const { rename } = await import('node:fs/promises');
    await rename(path.join(dir, 'sections'), path.join(dir, 'moved', 'sections'));
    await symlink(outside, path.join(dir, 'sections'));
    const err = await readContentFiles(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    expect(String((err as Error).message)).toContain('sections/ is a symbolic link');
    expect(String((err as Error).message)).not.toContain('hunter2');
  });

  it('refuses scale words that are Object.prototype names, and infinite amounts', () => {
    expect(parseAmount('$24.4 valueOf')).toBe('unknown suffix "valueOf" in "$24.4 valueOf"');
    expect(parseAmount('$2 toString')).toBe('unknown suffix "toString" in "$2 toString"');
    expect(parseAmount('5 constructor')).toBe('unknown suffix "constructor" in "5 constructor"');
    expect(parseAmount(`$${'9'.repeat(400)}`)).toMatch(/not a finite amount/);
  });

  it('reports a division by a zero revenue at the metric that divides, not as an internal error', () => {
    const b = parseBriefing(sample((f) => replaceIn(f, 'companies/spacex.yaml', 'value: "~$18.7B"', 'value: "$0"')));
    const err = catchBriefingError(() => computeMetrics(b));
    const d = err.diagnostics[0]!;
    expect(d.kind).toBe('metric');
    expect(d.file).toBe('fx/metrics.yaml');
    expect(d.message).toMatch(/metric "price-to-sales": .*divides by a value that is zero or spans zero/);
  });

  it('draws both sources of one segment in the revenue mix', () => {
    const b = parseBriefing(
      sample((f) =>
        replaceIn(
          f,
          'companies/spacex.yaml',
          '  - id: spacex-starlink-revenue-fy2025\n',
          '  - id: spacex-starlink-revenue-other\n    quantity: segment-revenue\n    segment: Starlink\n    value: "~$11.8B"\n    period: FY2025\n    sources: [s-ai-empire]\n  - id: spacex-starlink-revenue-fy2025\n',
        ),
      ),
    );
    const chart = b.charts.find((c) => c.id === 'revenue-mix')!;
    const rows = chartContent(chart, b, computeMetrics(b)).rows;
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ['Starlink [3]', 11.8],
      ['Starlink [1]', 11.4],
      ['Other segments (derived)', 7.3],
    ]);
  });

  it('refuses a manifest field of the old engine, naming what replaces it', () => {
    const err = catchBriefingError(() => parseBriefing(sample((f) => replaceIn(f, 'briefing.yaml', 'keywords:', 'cohort: [spacex]\nkeywords:'))));
    expect(err.diagnostics[0]!.message).toMatch(/unknown field "cohort".*groups its companies with groups: .* metrics\.yaml/);
  });

  it('replaces no file when one of a pair cannot be written', async () => {
    const out = await tempDir();
    const first = path.join(out, 'a.pdf');
    await writeFile(first, 'old');
    await writeFile(path.join(out, 'blocker'), 'a file where a folder should be');
    const err = await diskEffects
      .writeFiles([
        { path: first, data: 'new' },
        { path: path.join(out, 'blocker', 'b.html'), data: 'new' },
      ])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeDefined();
    expect(await readFile(first, 'utf8')).toBe('old');
  });

  it('finds characters the shipped fonts cannot draw', () => {
    const fonts = new FontSet();
    expect(fonts.missingCharacters('SpaceX 摩尔线程 − – ×')).toEqual([]);
    expect(fonts.missingCharacters('Example 한국 Co ⚡')).toEqual(['한', '국', '⚡']);
  });
});
