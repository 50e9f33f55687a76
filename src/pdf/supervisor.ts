/**
 * One browser shared by every briefing of a run: launched (or connected to) on first use, relaunched after a
 * crash with one retry of the work that was on it, and replaced after a set number of documents so that a
 * long batch does not grow a browser's memory without end.
 */
import puppeteer, { type Browser } from 'puppeteer-core';
import { raceAbort, withDeadline } from '../abort.ts';
import { BriefingError, diagnostic, firstLine } from '../errors.ts';
import { msg } from '../messages.ts';
import { chromiumOf, launchBrowser } from './browser.ts';
import type { ChromiumProcess } from './chromium.ts';
import { endpointLabel } from './endpoint.ts';
import { openSparePage } from './page.ts';

export { WS_ENDPOINT_ENV } from './endpoint.ts';

/**
 * What happened to a run's browsers, for logs: one launched or connected to, one that crashed or
 * disconnected, one replaced after `restartAfter` documents, and an endpoint of several that cannot be
 * reached and is out of the run (src/pdf/pool.ts).
 */
export type BrowserEvent = 'launch' | 'connect' | 'crash' | 'restart' | 'endpoint-dead';

/** What an `endpoint-dead` event tells: which endpoint (as src/pdf/endpoint.ts `endpointLabel` shows it), why, and how many are left. */
export interface EndpointDeath {
  readonly endpoint: string;
  readonly reason: string;
  /** Endpoints still live after this one. */
  readonly live: number;
}

/**
 * An HTTP status on the WebSocket upgrade that means "busy, come back later" rather than "not here": 429 (too
 * many requests) and 503 (unavailable), which is how browserless answers when its queue is full. puppeteer-core
 * passes on the `ws` package's `Unexpected server response: 429`.
 */
const BUSY_REPLY = /Unexpected server response: (?:429|503)\b/;

/**
 * The browser at a DevTools WebSocket URL could not be reached: the connection was refused, failed, found the
 * service busy or got no answer within its deadline, also when it was made again after a disconnect. Its
 * diagnostic is {@link msg.cannotConnect} (BR413); a pool of endpoints (src/pdf/pool.ts) takes it as the
 * endpoint's death, or, when {@link EndpointUnreachable.busy}, as a reason to print elsewhere or later.
 */
export class EndpointUnreachable extends BriefingError {
  /** The URL as given. */
  readonly endpoint: string;
  /** Why, in one line (`connect ECONNREFUSED 127.0.0.1:9222`). */
  readonly reason: string;
  /** The service answered busy (HTTP 429 or 503 on the upgrade): it is there, but full for now. */
  readonly busy: boolean;

  constructor(endpoint: string, reason: string, cause?: unknown) {
    super([diagnostic(msg.cannotConnect(endpointLabel(endpoint), reason))], cause === undefined ? undefined : { cause });
    this.endpoint = endpoint;
    this.reason = reason;
    this.busy = BUSY_REPLY.test(reason);
  }
}

/** How the supervisor gets its browser and when it replaces it. */
export interface SupervisorOptions {
  /** Connect to this running browser (`ws://…`) instead of launching one. */
  readonly wsEndpoint?: string;
  /** Replace the browser after this many documents (default 50; 0 never). */
  readonly restartAfter?: number;
  /** A Chromium started earlier (a build starts it first thing): the first launch connects to it. */
  readonly chromium?: ChromiumProcess;
  /**
   * With `wsEndpoint`: how long a connection may take before it counts as unreachable (default 10 000 ms; a
   * print waits at most its own time limit if shorter). An endpoint that drops connections silently is then
   * left like a refusing one, instead of holding the print until its time limit.
   */
  readonly connectTimeoutMs?: number;
  /** With `wsEndpoint`: how to connect (default puppeteer-core's `connect`); tests pass fakes. */
  readonly connect?: (endpoint: string) => Promise<Browser>;
  /** Called when a browser is (re)started, for logs. */
  readonly onEvent?: (event: BrowserEvent, death?: EndpointDeath) => void;
}

interface Slot {
  readonly browser: Promise<Browser>;
  /** Kills a launch that has not finished (a browser that hangs while starting). */
  readonly abort: AbortController;
  uses: number;
  active: number;
  retired: boolean;
}

/**
 * Why a connection failed, in one line. puppeteer-core rejects a refused connection with the WebSocket's
 * `ErrorEvent`, which is no Error but has a `message` (`connect ECONNREFUSED 127.0.0.1:9222`).
 */
function connectFailure(e: unknown): string {
  const message = typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string' ? e.message : undefined;
  return message === undefined ? firstLine(e) : message.split('\n')[0]!;
}

/** puppeteer-core's connection to the browser at `endpoint`, the page size left to each print. */
const connectPuppeteer = (endpoint: string): Promise<Browser> => puppeteer.connect({ browserWSEndpoint: endpoint, defaultViewport: null });

/**
 * The browser at `endpoint`, or {@link EndpointUnreachable} when `connect` fails or `ms` pass first; a
 * connection that is made after its deadline is closed at once.
 */
function connectWithin(endpoint: string, connect: (endpoint: string) => Promise<Browser>, ms: number): Promise<Browser> {
  let late = false;
  const connecting = connect(endpoint);
  connecting.then((b) => (late ? void b.disconnect().catch(() => undefined) : undefined), () => undefined);
  const failing = connecting.catch((e: unknown) => {
    throw new EndpointUnreachable(endpoint, connectFailure(e), e);
  });
  return withDeadline(failing, ms, () => {
    late = true;
    return new EndpointUnreachable(endpoint, problemNoAnswer(ms));
  });
}

/** The reason of a connection that got no answer within `ms`. */
const problemNoAnswer = (ms: number): string => `no answer within ${ms} ms`;

/** Default of {@link SupervisorOptions.connectTimeoutMs}. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * `work` on `browser`, or a rejection (BR426) as soon as the browser disconnects, which counts as the browser
 * gone: when a connection drops, puppeteer-core leaves some calls pending for ever (`page.close()` awaits a
 * target-destroyed event that never comes), and the work would hang until its time limit.
 */
async function untilDisconnected<T>(browser: Browser, work: (browser: Browser) => Promise<T>): Promise<T> {
  if (!browser.connected) throw BriefingError.of(msg.browserDisconnected());
  const gone = new AbortController();
  const onGone = (): void => gone.abort(BriefingError.of(msg.browserDisconnected()));
  browser.once('disconnected', onGone);
  try {
    return await raceAbort(work(browser), gone.signal);
  } finally {
    browser.off('disconnected', onGone);
  }
}

/** True when an error means the browser (not the document) went away. */
function isBrowserGone(e: unknown, browser: Browser | undefined): boolean {
  if (browser && !browser.connected) return true;
  const message = e instanceof Error ? e.message : String(e);
  return /Target closed|Session closed|Connection closed|Protocol error|browser has disconnected|detached/i.test(message);
}

/** Runs work on a shared browser; see the module comment. Close it with {@link BrowserSupervisor.close}. */
export class BrowserSupervisor {
  private readonly options: SupervisorOptions;
  private slot: Slot | undefined;
  private readonly all = new Set<Slot>();
  /** Set by {@link close}: no browser is started or restarted after it. */
  private closed = false;
  /** {@link SupervisorOptions.chromium} until the first launch takes it. */
  private early: ChromiumProcess | undefined;

  constructor(options: SupervisorOptions = {}) {
    this.options = options;
    this.early = options.chromium;
  }

  private start(): Slot {
    const { wsEndpoint } = this.options;
    this.options.onEvent?.(wsEndpoint ? 'connect' : 'launch');
    const abort = new AbortController();
    const browser = wsEndpoint
      ? connectWithin(wsEndpoint, this.options.connect ?? connectPuppeteer, this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS)
      : launchBrowser({ signal: abort.signal, ...(this.early ? { chromium: this.early } : {}) });
    this.early = undefined;
    const slot: Slot = { browser, abort, uses: 0, active: 0, retired: false };
    browser.catch(() => this.retire(slot));
    this.all.add(slot);
    return slot;
  }

  private current(): Slot {
    if (this.closed) throw BriefingError.of(msg.supervisorClosed());
    const limit = this.options.restartAfter ?? 50;
    if (this.slot && limit > 0 && this.slot.uses >= limit) {
      this.options.onEvent?.('restart');
      this.retire(this.slot);
    }
    if (!this.slot || this.slot.retired) this.slot = this.start();
    return this.slot;
  }

  private retire(slot: Slot): void {
    slot.retired = true;
    if (this.slot === slot) this.slot = undefined;
    if (slot.active === 0) void this.dispose(slot);
  }

  private async dispose(slot: Slot): Promise<void> {
    this.all.delete(slot);
    const browser = await slot.browser.catch(() => undefined);
    if (!browser) return;
    // A launched browser's profile is a throwaway: killing it is as good as closing it, and quicker.
    const chromium = chromiumOf(browser);
    if (chromium) {
      chromium.kill();
      await chromium.exited;
    } else await browser.disconnect().catch(() => undefined);
  }

  /**
   * Start the browser now, without work for it, and open its first page, so that both overlap whatever the
   * caller does before printing (reading and rendering content). A launch that fails is reported by the next
   * {@link use}. In a browser reached by `wsEndpoint` no page is opened ahead: it would stay open there when
   * nothing prints.
   */
  warm(): void {
    if (this.closed) return;
    const slot = this.current();
    if (this.options.wsEndpoint === undefined) slot.browser.then(openSparePage, () => undefined);
  }

  /**
   * Open the next document's page now, while another prints, in a browser briefing launched and already
   * started (a batch at `-j 1` calls it once each document has loaded). Unlike {@link warm} it never starts,
   * restarts or connects a browser; elsewhere it does nothing.
   */
  prepareNext(): void {
    const slot = this.slot;
    if (this.closed || this.options.wsEndpoint !== undefined || slot === undefined || slot.retired) return;
    slot.browser.then(openSparePage, () => undefined);
  }

  /**
   * Run `work` with the browser. If the browser crashes or disconnects during it, start a new one and run
   * `work` once more. When `timeoutMs` passes first (the wait for a browser still starting counts), the
   * browser is killed with its whole process tree (a hung Chromium cannot be trusted with the next document)
   * and the work fails; it is not retried.
   * @throws whatever `work` throws on its last try; BriefingError (`render`) on the time limit;
   *   BriefingError (`browserNotFound`, `render`) when no browser can be had.
   */
  async use<T>(work: (browser: Browser) => Promise<T>, timeoutMs?: number): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const slot = this.current();
      slot.uses++;
      slot.active++;
      let browser: Browser | undefined;
      let timedOut = false;
      try {
        // A connection has a deadline of its own (at most the time limit) and the time limit starts once it is
        // made; a launch's wait counts in the time limit: a browser that hangs while starting is a hung browser.
        const connected = this.options.wsEndpoint === undefined ? undefined : await this.connected(slot, this.options.wsEndpoint, timeoutMs);
        const running = (async (): Promise<T> => {
          browser = connected ?? (await slot.browser);
          return untilDisconnected(browser, work);
        })();
        return await withDeadline(running, timeoutMs, () => {
          timedOut = true;
          this.retire(slot);
          if (browser) this.kill(browser);
          else slot.abort.abort();
          return BriefingError.of(msg.printTimeout(timeoutMs!, true));
        });
      } catch (e) {
        if (timedOut || e instanceof EndpointUnreachable) throw e;
        const gone = isBrowserGone(e, browser);
        if (gone) {
          this.options.onEvent?.('crash');
          if (!slot.retired) this.retire(slot);
        }
        // A browser that died while starting is gone as well; one that timed out or was not found is not.
        if (!gone || attempt >= 2 || this.closed) throw e;
      } finally {
        slot.active--;
        if (slot.retired && slot.active === 0 && this.all.has(slot)) void this.dispose(slot);
      }
    }
  }

  /**
   * The slot's connection to `endpoint`, awaited at most min({@link SupervisorOptions.connectTimeoutMs},
   * `timeoutMs`): past that, the slot is retired and the print fails with {@link EndpointUnreachable}.
   */
  private connected(slot: Slot, endpoint: string, timeoutMs: number | undefined): Promise<Browser> {
    const ms = Math.min(this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS, timeoutMs ?? Infinity);
    return withDeadline(slot.browser, ms, () => {
      this.retire(slot);
      return new EndpointUnreachable(endpoint, problemNoAnswer(ms));
    });
  }

  /** Kill a launched browser and every process of its group at once; disconnect from any other. */
  private kill(browser: Browser): void {
    const chromium = chromiumOf(browser);
    if (chromium) chromium.kill();
    else void browser.disconnect().catch(() => undefined);
  }

  /**
   * Kill every browser this supervisor launched (a launch still under way is stopped) and disconnect from
   * one reached by `wsEndpoint`; resolves once they are gone.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.slot = undefined;
    this.early?.kill();
    this.early = undefined;
    for (const slot of this.all) slot.abort.abort();
    await Promise.all([...this.all].map((s) => this.dispose(s)));
  }
}
