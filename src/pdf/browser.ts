/**
 * Finding and launching the Chromium that prints PDFs. briefing never downloads a browser: it uses one the
 * system has (see {@link findChromium} for the search order).
 */
import { accessSync, constants } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer';
import { BriefingError } from '../errors.ts';

/** Environment variables naming a Chromium executable, in the order they are read. */
export const BROWSER_ENV = ['BRIEFING_CHROMIUM', 'PUPPETEER_EXECUTABLE_PATH'] as const;

/** Where system Chromium or Chrome usually lives (Debian/Ubuntu, Fedora, snap, macOS). */
export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
] as const;

/**
 * Flags for headless printing. The background-networking flags stop Chromium from calling home
 * (ENGINEERING.md §1); `--no-sandbox` is added only when running as root, where the sandbox cannot start.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--font-render-hinting=none',
] as const;

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Path of the Chromium to use: `BRIEFING_CHROMIUM`, then `PUPPETEER_EXECUTABLE_PATH`, then
 * {@link SYSTEM_BROWSERS}, then a browser in puppeteer's cache.
 * @throws BriefingError (`browserNotFound`) naming what to install, when none is found or an env variable
 *   names a file that is not executable.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  for (const name of BROWSER_ENV) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (executable(value)) return value;
    throw BriefingError.of('browserNotFound', `${name} is set to ${value}, which is not an executable file`);
  }
  for (const p of SYSTEM_BROWSERS) if (executable(p)) return p;
  try {
    const cached = puppeteer.executablePath();
    if (cached && executable(cached)) return cached;
  } catch {
    // puppeteer has no browser in its cache
  }
  throw BriefingError.of('browserNotFound', `no Chromium found (looked at ${BROWSER_ENV.join(', ')}, ${SYSTEM_BROWSERS.slice(0, 3).join(', ')}, ... and puppeteer's cache)`);
}

/** Options for {@link launchBrowser}. */
export interface LaunchOptions {
  /** Chromium executable; found with {@link findChromium} when absent. */
  readonly executablePath?: string;
  /** Launch timeout in ms (default 30,000). */
  readonly timeoutMs?: number;
  /** Aborting it kills the browser process (and its process group) while it is still starting. */
  readonly signal?: AbortSignal;
}

/**
 * Launch headless Chromium with a fresh temporary profile.
 * @throws BriefingError (`browserNotFound`) when no browser is found; (`render`) when it fails to start.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? findChromium();
  const args: string[] = [...CHROMIUM_ARGS];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  try {
    return await puppeteer.launch({ executablePath, args, headless: true, timeout: options.timeoutMs ?? 30_000, pipe: true, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (e) {
    throw BriefingError.of('render', `Chromium at ${executablePath} failed to start: ${(e as Error).message.split('\n')[0]}`, {}, e);
  }
}
