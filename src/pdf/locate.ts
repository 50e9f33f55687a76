/**
 * Finding the Chromium or Chrome that prints PDFs. briefing never downloads a browser; it asks maintained
 * locators where one is installed instead of keeping its own list of paths:
 *
 * 1. `BRIEFING_CHROMIUM`, then `PUPPETEER_EXECUTABLE_PATH` (an error when set to something not executable);
 * 2. Google Chrome (stable) where Google installs it on Linux, macOS and Windows (`@puppeteer/browsers`);
 * 3. chrome-launcher's search: `CHROME_PATH`, then Chrome or Chromium on `PATH` and in the desktop entries on
 *    Linux (`google-chrome-stable`, `chromium-browser`, `chromium`, so Debian's and Ubuntu's packages and snap),
 *    the registered Chrome apps on macOS, Chrome under Program Files on Windows;
 * 4. a browser in puppeteer's cache (`PUPPETEER_CACHE_DIR`, default `~/.cache/puppeteer`), put there by
 *    `npx @puppeteer/browsers install chrome-headless-shell@stable` or by another project's puppeteer.
 *
 * The locators load on the first search, not with this module (about 35 ms), and the search runs commands
 * (about 20 ms): a build, which starts Chromium first thing, may keep what the search found in its build
 * cache folder for {@link BROWSER_MEMO_MS} ({@link findChromium}'s `memoDir`). The memo is a small JSON file
 * read synchronously rather than an entry of src/cache.ts, whose cacache takes ~35 ms to load: the time the
 * memo is there to save before Chromium is spawned.
 */
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { BriefingError } from '../errors.ts';
import { msg } from '../messages.ts';

const require = createRequire(import.meta.url);

/** The maintained locators, loaded on first use. */
let locators: { browsers: typeof import('@puppeteer/browsers'); launcher: typeof import('chrome-launcher') } | undefined;
function loadLocators(): NonNullable<typeof locators> {
  return (locators ??= { browsers: require('@puppeteer/browsers'), launcher: require('chrome-launcher') });
}

/** Environment variables naming a Chromium executable, in the order they are read. */
export const BROWSER_ENV = ['BRIEFING_CHROMIUM', 'PUPPETEER_EXECUTABLE_PATH'] as const;

/** What {@link locateBrowsers} tries, in order, for messages and docs. */
export const SEARCH_ORDER = `${BROWSER_ENV.join(', ')}, Google Chrome's install location, CHROME_PATH, chromium or google-chrome on PATH, puppeteer's cache`;

function executable(p: string | undefined): p is string {
  if (!p) return false;
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Swallow a locator's "not found" (they throw rather than return nothing). */
function attempt(find: () => string | undefined): string | undefined {
  try {
    return find();
  } catch {
    return undefined;
  }
}

/** The newest usable browser in puppeteer's cache, or undefined. */
export function cachedBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { Browser, Cache, detectBrowserPlatform } = loadLocators().browsers;
  // Browser kinds, best first: the headless shell is made for printing.
  const CACHED_KINDS: readonly string[] = [Browser.CHROMEHEADLESSSHELL, Browser.CHROME, Browser.CHROMIUM];
  const dir = env['PUPPETEER_CACHE_DIR'] || path.join(homedir(), '.cache', 'puppeteer');
  const platform = detectBrowserPlatform();
  let browsers;
  try {
    browsers = new Cache(dir).getInstalledBrowsers();
  } catch {
    return undefined;
  }
  const usable = browsers
    .filter((b) => CACHED_KINDS.includes(b.browser) && b.platform === platform)
    .sort((a, b) => CACHED_KINDS.indexOf(a.browser) - CACHED_KINDS.indexOf(b.browser) || b.buildId.localeCompare(a.buildId, 'en', { numeric: true }));
  return usable.map((b) => b.executablePath).find(executable);
}

/** How long a build trusts what an earlier search found (ms): a browser installed since is found after it. */
export const BROWSER_MEMO_MS = 10 * 60_000;

/**
 * Path of the browser to print with (see the module comment for the order). With `memoDir`, what a search
 * found less than {@link BROWSER_MEMO_MS} ago with the same environment, and still executable, is taken from
 * `<memoDir>/browser.json` without searching, and a search's result is kept there (best effort).
 * @throws BriefingError (`browserNotFound`) when none is found, or when an env variable names a file that is
 *   not executable.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, memoDir?: string): string {
  for (const name of BROWSER_ENV) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (executable(value)) return value;
    throw BriefingError.of(msg.browserEnvNotExecutable(name, value));
  }
  // The system search runs commands and reads desktop entries: once per process and environment, not per launch.
  const memo = memoKey(env);
  let found = searched.get(memo) ?? (memoDir === undefined ? undefined : remembered(memoDir, memo));
  if (found === undefined || !executable(found)) {
    found = search(env);
    if (found && memoDir !== undefined) remember(memoDir, memo, found);
  }
  if (found) searched.set(memo, found);
  if (found) return found;
  throw BriefingError.of(msg.noBrowser(SEARCH_ORDER));
}

/** Steps 2–4 of the search; undefined when none finds a browser. */
function search(env: NodeJS.ProcessEnv): string | undefined {
  const { browsers, launcher } = loadLocators();
  return (
    [attempt(() => browsers.computeSystemExecutablePath({ browser: browsers.Browser.CHROME, channel: browsers.ChromeReleaseChannel.STABLE }))].find(executable) ??
    attempt(() => launcher.Launcher.getInstallations().find(executable)) ??
    cachedBrowser(env)
  );
}

/** Browsers found by the system search, by the environment it searched with. */
const searched = new Map<string, string>();

/** The key of an environment's search result: a hash of the platform and the variables the search reads. */
export function memoKey(env: NodeJS.ProcessEnv): string {
  const read = [process.platform, env['CHROME_PATH'], env['PATH'], env['PUPPETEER_CACHE_DIR'], env['HOME']].map((v) => v ?? '').join('\n');
  return createHash('sha256').update(read).digest('hex').slice(0, 32);
}

/** Entries of `browser.json`: environment → what the search found and when (ms since the epoch). */
type Memo = Record<string, { path: string; at: number }>;

function readMemo(dir: string): Memo {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'browser.json'), 'utf8')) as Memo;
  } catch {
    return {};
  }
}

/** What a search found for this environment, if it is recent enough. */
function remembered(dir: string, key: string): string | undefined {
  const entry = readMemo(dir)[key];
  return entry && typeof entry.path === 'string' && Date.now() - entry.at < BROWSER_MEMO_MS ? entry.path : undefined;
}

/** Keep what a search found; a folder that cannot be written only costs the next run a search. */
function remember(dir: string, key: string, found: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'browser.json'), `${JSON.stringify({ ...readMemo(dir), [key]: { path: found, at: Date.now() } })}\n`);
  } catch {
    // not kept
  }
}
