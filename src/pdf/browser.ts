/**
 * Launching the Chromium that prints PDFs. briefing never downloads a browser: it drives one the system has
 * (puppeteer-core, which has no browser of its own; see {@link findChromium} in `locate.ts` for the search).
 */
import puppeteer, { type Browser, type ConnectionTransport } from 'puppeteer-core';
import { withDeadline } from '../abort.ts';
import { BriefingError } from '../errors.ts';
import { msg } from '../messages.ts';
import { spawnChromium, type ChromiumProcess } from './chromium.ts';
import { findChromium } from './locate.ts';

export { AUTOMATION_ARGS, CHROMIUM_ARGS, spawnChromium, type ChromiumProcess } from './chromium.ts';
export { BROWSER_ENV, findChromium } from './locate.ts';

/** Options for {@link launchBrowser}. */
export interface LaunchOptions {
  /** Chromium executable; found with {@link findChromium} when absent. */
  readonly executablePath?: string;
  /** A Chromium started earlier with {@link spawnChromium} (a build starts it first thing): connect to it. */
  readonly chromium?: ChromiumProcess;
  /** Launch timeout in ms (default 30,000). */
  readonly timeoutMs?: number;
  /** Aborting it kills the browser process (and its process group) while it is still starting. */
  readonly signal?: AbortSignal;
}

/** The process behind each browser {@link launchBrowser} started. */
const processes = new WeakMap<Browser, ChromiumProcess>();

/**
 * The Chromium process of a browser {@link launchBrowser} started; undefined for one connected to by URL or
 * passed in by a caller.
 */
export function chromiumOf(browser: Browser): ChromiumProcess | undefined {
  return processes.get(browser);
}

/**
 * puppeteer's side of Chromium's DevTools pipe (`--remote-debugging-pipe`): JSON messages, each ended by a NUL
 * byte, written to fd 3 and read from fd 4.
 */
function pipeTransport(chromium: ChromiumProcess): ConnectionTransport {
  let pending: Buffer[] = [];
  const transport: ConnectionTransport = {
    send: (message) => {
      if (chromium.input.writable) chromium.input.write(`${message}\0`);
    },
    close: () => chromium.input.end(),
  };
  chromium.output.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      const part = chunk.subarray(start, end);
      const message: Buffer = pending.length > 0 ? Buffer.concat([...pending, part]) : part;
      pending = [];
      transport.onmessage?.(message.toString('utf8'));
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
  chromium.output.once('close', () => transport.onclose?.());
  chromium.input.on('error', () => undefined);
  chromium.output.on('error', () => undefined);
  return transport;
}

/**
 * Launch headless Chromium with a fresh temporary profile (or take `options.chromium`, already started) and
 * connect puppeteer to it over its DevTools pipe. Closing the browser, or its disconnecting, kills the
 * process group and deletes the profile.
 * @throws BriefingError (`browserNotFound`) when no browser is found; (`render`) when it fails to start or
 *   does not answer within the time limit (it is then killed).
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const chromium = options.chromium ?? spawnChromium(options.executablePath ?? findChromium());
  const { executablePath } = chromium;
  const limit = options.timeoutMs ?? 30_000;
  const onAbort = (): void => chromium.kill();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // The first DevTools replies tell that the browser is up; one that never answers is killed at the limit.
  // No default viewport: printing takes its size from `@page`, and setting one costs each new page a layout.
  const connecting = puppeteer.connect({ transport: pipeTransport(chromium), defaultViewport: null });
  try {
    const browser = await withDeadline(connecting, limit, () => {
      chromium.kill();
      return BriefingError.of(msg.browserSlowStart(executablePath, limit));
    });
    processes.set(browser, chromium);
    browser.once('disconnected', () => chromium.kill());
    return browser;
  } catch (e) {
    chromium.kill();
    if (e instanceof BriefingError) throw e;
    if (options.signal?.aborted) throw options.signal.reason;
    const said = chromium.stderrTail().split('\n').at(-1);
    throw BriefingError.of(msg.browserFailedStart(executablePath, `${(e as Error).message.split('\n')[0]!}${said ? `; it said: ${said}` : ''}`), {}, e);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
