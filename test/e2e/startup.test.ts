/**
 * Lazy start: the CLI loads puppeteer, Vega, Handlebars, the font tools and the content model (zod) only in
 * the commands that use them. A module hook (test/helpers/heavy-modules.mjs) reports every heavy package a run resolved.
 */
import { spawnSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SAMPLE, tempDir } from '../helpers/cli.ts';

const HOOK = path.join(ROOT, 'test', 'helpers', 'heavy-modules.mjs');

/** The heavy packages one CLI run resolved. */
function heavyModules(args: readonly string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', HOOK, path.join(ROOT, 'bin', 'briefing.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
  const line = /^HEAVY (.*)$/m.exec(r.stderr);
  expect(line, r.stderr).not.toBeNull();
  return line![1]!.split(',').filter((x) => x !== '');
}

describe('lazy start', () => {
  it('--help and --version load none of the heavy packages, not even the content model; schema only the model', () => {
    expect(heavyModules(['--help'])).toEqual([]);
    expect(heavyModules(['--version'])).toEqual([]);
    expect(heavyModules(['schema', 'briefing'])).toEqual(['zod']);
  });

  it('new and init write their files without them', async () => {
    expect(heavyModules(['new', path.join(await tempDir(), 'fresh')])).toEqual([]);
    expect(heavyModules(['init', path.join(await tempDir(), 'project')])).toEqual([]);
  });

  it("check loads the templates and the fonts' glyph tables, never the browser, Vega or the font subsetter", () => {
    expect(heavyModules(['check', SAMPLE])).toEqual(['fontkit', 'handlebars', 'zod']);
  });

  it("check draws a briefing's own chart spec, to find its errors", async () => {
    const dir = path.join(await tempDir(), 'own-spec');
    await cp(path.join(ROOT, 'test', 'fixtures', 'pharma-fx'), dir, { recursive: true });
    // Only Vega-Lite's compiler finds this one (the field type): the spec must be drawn.
    await writeFile(path.join(dir, 'charts', 'own.vl.json'), JSON.stringify({ mark: 'bar', encoding: { x: { field: 'value', type: 'nonsense' } } }));
    const spec = (await readFile(path.join(dir, 'charts', 'segment-sales.yaml'), 'utf8')).replace(/^spec: .*$/m, 'spec: own.vl.json');
    await writeFile(path.join(dir, 'charts', 'segment-sales.yaml'), spec);
    const r = spawnSync(process.execPath, ['--import', HOOK, path.join(ROOT, 'bin', 'briefing.js'), 'check', dir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/own\.vl\.json .*failed to render: Invalid field type/);
  });
});
