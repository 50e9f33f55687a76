/**
 * Launching the Chromium that prints PDFs. briefing never downloads a browser: it drives one the system has
 * (puppeteer-core, which has no browser of its own; see {@link findChromium} in `locate.ts` for the search).
 */
import puppeteer, { type Browser, type ConnectionTransport } from 'puppeteer-core';
import { withDeadline } from '../abort.ts';
import { BriefingError, firstLine } from '../errors.ts';
import { msg, problem } from '../messages.ts';
import { spawnChromium, type ChromiumProcess } from './chromium.ts';
import { findChromium } from './locate.ts';

export { BROWSER_ENV, findChromium } from './locate.ts';

/** Options for {@link launchBrowser}. */
export interface LaunchOptions {
  /** Chromium executable; found with {@link findChromium} when absent. */
  readonly executablePath?: string;
  /**
   * A Chromium started earlier with `spawnChromium` (a build starts it first thing): connect to it instead of
   * starting one (`executablePath` is then not used). It is launchBrowser's from then on: killed when it fails
   * to answer, when the signal aborts, or when the browser disconnects.
   */
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
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    transport.onclose?.();
  };
  const transport: ConnectionTransport = {
    // A browser that has gone cannot answer: say the connection closed rather than wait for a reply.
    send: (message) => (chromium.input.writable ? void chromium.input.write(`${message}\0`) : setImmediate(close)),
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
  chromium.output.once('close', close);
  chromium.input.on('error', () => undefined);
  chromium.output.on('error', () => undefined);
  return transport;
}

/**
 * Launch headless Chromium with a fresh temporary profile (or take `options.chromium`, already started) and
 * connect puppeteer to it over its DevTools pipe. `browser.close()` (or its disconnecting) kills the process
 * group; the profile is deleted once the process has exited (`chromiumOf(browser).exited`).
 * @throws BriefingError (`browserNotFound`) when no browser is found; (`render`) when it cannot be started,
 *   exits before it answers or does not answer within the time limit (it is then killed); the signal's
 *   reason when it aborts first.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = options.chromium?.executablePath ?? options.executablePath ?? findChromium();
  let chromium: ChromiumProcess;
  try {
    chromium = options.chromium ?? spawnChromium(executablePath);
  } catch (e) {
    throw BriefingError.of(msg.browserFailedStart(executablePath, firstLine(e)), {}, e);
  }
  const limit = options.timeoutMs ?? 30_000;
  const onAbort = (): void => chromium.kill();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Why it failed to start, with the last line Chromium wrote to stderr.
  const failed = (cause: string, e?: unknown): BriefingError => {
    const said = chromium.stderrTail().split('\n').at(-1);
    return BriefingError.of(msg.browserFailedStart(executablePath, `${cause}${said ? `; it said: ${said}` : ''}`), {}, e);
  };
  try {
    options.signal?.throwIfAborted();
    // The first DevTools replies tell that the browser is up; one that never answers is killed at the limit,
    // and one that exits first (a browser that cannot start, or one started earlier that has died) says so.
    // No default viewport: printing takes its size from `@page`, and setting one costs each new page a layout.
    const exitedFirst = chromium.exited.then(() => {
      throw failed(problem.browserExited(String(chromium.child.exitCode ?? chromium.child.signalCode ?? 'not started')));
    });
    const connecting = Promise.race([puppeteer.connect({ transport: pipeTransport(chromium), defaultViewport: null }), exitedFirst]);
    exitedFirst.catch(() => undefined);
    const browser = await withDeadline(connecting, limit, () => {
      chromium.kill();
      return BriefingError.of(msg.browserSlowStart(executablePath, limit));
    });
    processes.set(browser, chromium);
    browser.once('disconnected', () => chromium.kill());
    return browser;
  } catch (e) {
    chromium.kill();
    if (options.signal?.aborted) throw options.signal.reason;
    if (e instanceof BriefingError) throw e;
    throw failed(firstLine(e), e);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
