/**
 * Lazy start: the CLI loads puppeteer, Vega, Handlebars and the font tools only in the commands that use
 * them. A module hook (test/helpers/heavy-modules.mjs) reports every heavy package a run resolved.
 */
import { spawnSync } from 'node:child_process';
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
  it('--help, --version and schema load none of the heavy packages', () => {
    expect(heavyModules(['--help'])).toEqual([]);
    expect(heavyModules(['--version'])).toEqual([]);
    expect(heavyModules(['schema', 'briefing'])).toEqual([]);
  });

  it('new and init write their files without them', async () => {
    expect(heavyModules(['new', path.join(await tempDir(), 'fresh')])).toEqual([]);
    expect(heavyModules(['init', path.join(await tempDir(), 'project')])).toEqual([]);
  });

  it('check and build load what they use', () => {
    expect(heavyModules(['check', SAMPLE])).toEqual(expect.arrayContaining(['handlebars', 'vega']));
  });
});
