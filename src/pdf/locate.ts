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
 */
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { Browser, Cache, ChromeReleaseChannel, computeSystemExecutablePath, detectBrowserPlatform } from '@puppeteer/browsers';
import { Launcher } from 'chrome-launcher';
import { BriefingError } from '../errors.ts';
import { msg } from '../messages.ts';

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

/** Browser kinds in puppeteer's cache, best first: the headless shell is made for printing. */
const CACHED_KINDS: readonly string[] = [Browser.CHROMEHEADLESSSHELL, Browser.CHROME, Browser.CHROMIUM];

/** The newest usable browser in puppeteer's cache, or undefined. */
export function cachedBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
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

/**
 * Path of the browser to print with (see the module comment for the order).
 * @throws BriefingError (`browserNotFound`) when none is found, or when an env variable names a file that is
 *   not executable.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  for (const name of BROWSER_ENV) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (executable(value)) return value;
    throw BriefingError.of(msg.browserEnvNotExecutable(name, value));
  }
  // The system search runs commands and reads desktop entries: once per process and environment, not per launch.
  const memo = `${env['CHROME_PATH'] ?? ''}\n${env['PATH'] ?? ''}\n${env['PUPPETEER_CACHE_DIR'] ?? ''}\n${env['HOME'] ?? ''}`;
  let found = searched.get(memo);
  if (found === undefined || !executable(found)) {
    found =
      [attempt(() => computeSystemExecutablePath({ browser: Browser.CHROME, channel: ChromeReleaseChannel.STABLE }))].find(executable) ??
      attempt(() => Launcher.getInstallations().find(executable)) ??
      cachedBrowser(env);
    if (found) searched.set(memo, found);
  }
  if (found) return found;
  throw BriefingError.of(msg.noBrowser(SEARCH_ORDER));
}

/** Browsers found by the system search, by the environment it searched with. */
const searched = new Map<string, string>();
