/**
 * What the published package promises: compiled code with types behind `exports`, a command that runs it, the
 * Node versions it supports, puppeteer-core (never a browser download), and a browser found by the maintained
 * locators in the documented order (a build may take a recent search result from its cache folder).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Browser, computeExecutablePath, detectBrowserPlatform } from '@puppeteer/browsers';
import { describe, expect, it } from 'vitest';
import { BriefingError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { BROWSER_MEMO_MS, cachedBrowser, findChromium, memoKey } from '../../src/pdf/locate.ts';
import { ROOT, tempDir } from '../helpers/cli.ts';
import { thrown } from './helpers.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Every .ts file under src/, relative to the repository. */
function sources(dir = path.join(ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('package.json', () => {
  it('exports the compiled API with its types and runs the compiled command when installed', () => {
    expect(pkg.exports['.']).toEqual({ types: './dist/api.d.ts', default: './dist/api.js' });
    expect(pkg.bin).toEqual({ briefing: 'bin/briefing.js' });
    expect(readFileSync(path.join(ROOT, 'bin', 'briefing.js'), 'utf8')).toContain("'../dist/cli/main.js'");
    expect(pkg.files).toEqual(expect.arrayContaining(['bin/', 'dist/', 'templates/', 'schema/', 'README.md', 'LICENSE']));
    expect(pkg.scripts.package).toBe('node scripts/pack.ts');
    expect(JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')).compilerOptions).toMatchObject({ rewriteRelativeImportExtensions: true, outDir: 'dist', rootDir: 'src', declaration: true });
    expect(pkg.engines.node).toBe('>=22.13');
    expect(existsSync(path.join(ROOT, 'LICENSE'))).toBe(true);
  });

  it('depends on puppeteer-core and never downloads a browser', () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    expect(all['puppeteer']).toBeUndefined();
    expect(pkg.dependencies['puppeteer-core']).toBeDefined();
    expect(pkg.allowScripts?.['puppeteer']).toBeUndefined();
    expect(existsSync(path.join(ROOT, '.puppeteerrc.cjs'))).toBe(false);
    for (const file of sources()) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from 'puppeteer'/);
      expect(text, file).not.toMatch(/\binstall\b[^;]*from '@puppeteer\/browsers'/);
    }
  });
});

/** Write a stand-in executable at `file` (a shell script that does nothing); returns its path. */
async function fakeExecutable(file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, '#!/bin/sh\n');
  await chmod(file, 0o755);
  return file;
}

describe('finding the browser', () => {
  it('takes BRIEFING_CHROMIUM first, then PUPPETEER_EXECUTABLE_PATH, and refuses one that is not executable', async () => {
    const dir = await tempDir();
    const fake = await fakeExecutable(path.join(dir, 'my-chromium'));
    expect(findChromium({ BRIEFING_CHROMIUM: fake, PUPPETEER_EXECUTABLE_PATH: '/nonexistent' })).toBe(fake);
    expect(findChromium({ BRIEFING_CHROMIUM: '', PUPPETEER_EXECUTABLE_PATH: fake })).toBe(fake);
    const error = thrown(() => findChromium({ BRIEFING_CHROMIUM: path.join(dir, 'nothing') }), BriefingError);
    expect(error.diagnostics[0]!.code).toBe(MESSAGES.browserEnvNotExecutable.code);
    expect(error.diagnostics[0]!.message).toContain('BRIEFING_CHROMIUM');
  });

  it("finds the newest browser in puppeteer's cache, the headless shell first", async () => {
    const cacheDir = await tempDir();
    const platform = detectBrowserPlatform()!;
    const install = (browser: Browser, buildId: string): Promise<string> => fakeExecutable(computeExecutablePath({ cacheDir, browser, buildId, platform }));
    expect(cachedBrowser({ PUPPETEER_CACHE_DIR: cacheDir })).toBeUndefined();
    const chrome = await install(Browser.CHROME, '140.0.7339.82');
    expect(cachedBrowser({ PUPPETEER_CACHE_DIR: cacheDir })).toBe(chrome);
    await install(Browser.CHROMEHEADLESSSHELL, '9.0.1');
    const newest = await install(Browser.CHROMEHEADLESSSHELL, '10.0.1');
    expect(cachedBrowser({ PUPPETEER_CACHE_DIR: cacheDir })).toBe(newest);
  });
});

describe('the browser search memo of a build', () => {
  it('takes a recent, still executable result of the same environment, and searches again otherwise', async () => {
    const memoDir = await tempDir();
    const fake = await fakeExecutable(path.join(memoDir, 'fake-chromium'));
    // A HOME of its own, so that this process's own memo of earlier searches does not answer.
    const envFor = async (): Promise<NodeJS.ProcessEnv> => ({ ...process.env, BRIEFING_CHROMIUM: '', PUPPETEER_EXECUTABLE_PATH: '', HOME: await tempDir() });
    const write = (env: NodeJS.ProcessEnv, entry: { path: string; at: number }) => writeFile(path.join(memoDir, 'browser.json'), JSON.stringify({ [memoKey(env)]: entry }));
    const recent = await envFor();
    await write(recent, { path: fake, at: Date.now() });
    expect(findChromium(recent, memoDir)).toBe(fake);
    const stale = await envFor();
    await write(stale, { path: fake, at: Date.now() - BROWSER_MEMO_MS - 1000 });
    const searched = findChromium(stale, memoDir);
    expect(searched).not.toBe(fake);
    // The search's result is kept for the next build.
    expect(JSON.parse(await readFile(path.join(memoDir, 'browser.json'), 'utf8'))[memoKey(stale)].path).toBe(searched);
    const gone = await envFor();
    await write(gone, { path: path.join(memoDir, 'no-such-browser'), at: Date.now() });
    expect(findChromium(gone, memoDir)).toBe(searched);
  });
});
