/**
 * Launching the Chromium that prints PDFs. briefing never downloads a browser: it drives one the system has
 * (puppeteer-core, which has no browser of its own; see {@link findChromium} in `locate.ts` for the search).
 */
import puppeteer, { type Browser } from 'puppeteer-core';
import { withDeadline } from '../abort.ts';
import { BriefingError } from '../errors.ts';
import { msg } from '../messages.ts';
import { findChromium } from './locate.ts';

export { BROWSER_ENV, findChromium } from './locate.ts';

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
  // A browser that hangs while starting (over a pipe, puppeteer waits for it without a limit) is killed with its
  // process group when the time limit passes, so that nothing waits for it forever.
  const limit = options.timeoutMs ?? 30_000;
  const stop = new AbortController();
  options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const launching = puppeteer.launch({ executablePath, args, headless: true, timeout: limit, pipe: true, signal: stop.signal });
  try {
    return await withDeadline(launching, limit, () => {
      stop.abort();
      return BriefingError.of(msg.browserSlowStart(executablePath, limit));
    });
  } catch (e) {
    if (e instanceof BriefingError) {
      void launching.then((b) => b.close(), () => undefined);
      throw e;
    }
    throw BriefingError.of(msg.browserFailedStart(executablePath, (e as Error).message.split('\n')[0]!), {}, e);
  }
}
