/**
 * The browser supervisors the API hands out: one whose work stops when the caller's signal aborts, and one
 * that prints on a browser the caller passed in and keeps (never launched, restarted, killed or closed here).
 * Loaded only by the API's commands that print, so that `check` never loads puppeteer-core.
 */
import type { Browser } from 'puppeteer-core';
import { raceAbort, withDeadline } from '../abort.ts';
import { BriefingError } from '../errors.ts';
import { msg } from '../messages.ts';
import type { ChromiumProcess } from './chromium.ts';
import { endpointList } from './endpoint.ts';
import { EndpointPool, type PoolOptions } from './pool.ts';
import { BrowserSupervisor, type BrowserEvent, type EndpointDeath, type SupervisorOptions } from './supervisor.ts';

/** How a build or preview gets a browser (at most one of `browser` and `browserWSEndpoint`); the API's options extend it. */
export interface BrowserOptions {
  /** Print on this browser; it is never closed or disconnected (the caller owns it). */
  readonly browser?: Browser;
  /**
   * Print on the running browser at this DevTools WebSocket URL (`ws://…`), or on several: each print goes to
   * the one with the fewest prints in flight, and one that cannot be reached is left for the rest of the run,
   * its prints moved to the others; one that answers busy is asked again later (src/pdf/pool.ts). No browser is started here then.
   */
  readonly browserWSEndpoint?: string | readonly string[];
}

/** What {@link supervisorFor} reads: where the browser comes from, when it is replaced, and what stops its work. */
export interface SupervisorRequest extends BrowserOptions {
  /** Start a fresh browser after this many documents (default 50; 0 never). Not used with `browser`. */
  readonly restartAfter?: number;
  /**
   * A browser was launched or connected to, crashed or disconnected (`crash`), was replaced after
   * `restartAfter` documents (`restart`), or, of several endpoints, one cannot be reached and is out of the
   * run (`endpoint-dead`, with `death`: the endpoint less any query, why, and how many are left).
   */
  readonly onBrowserEvent?: (event: BrowserEvent, death?: EndpointDeath) => void;
  /** Aborting it stops the work (a build then writes nothing more). */
  readonly signal?: AbortSignal;
}

/** A supervisor whose work stops when the signal aborts. */
export class AbortableSupervisor extends BrowserSupervisor {
  readonly #signal: AbortSignal | undefined;

  constructor(options: SupervisorOptions, signal: AbortSignal | undefined) {
    super(options);
    this.#signal = signal;
  }

  override use<T>(work: (browser: Browser) => Promise<T>, timeoutMs?: number): Promise<T> {
    this.#signal?.throwIfAborted();
    return raceAbort(super.use(work, timeoutMs), this.#signal);
  }
}

/** Runs work on the caller's browser: never launched, relaunched, killed, closed or disconnected here. */
export class CallerBrowser extends BrowserSupervisor {
  readonly #browser: Browser;
  readonly #signal: AbortSignal | undefined;

  constructor(browser: Browser, signal: AbortSignal | undefined) {
    super();
    this.#browser = browser;
    this.#signal = signal;
  }

  override async use<T>(work: (browser: Browser) => Promise<T>, timeoutMs?: number): Promise<T> {
    this.#signal?.throwIfAborted();
    if (!this.#browser.connected) throw BriefingError.of(msg.callerBrowserGone());
    return raceAbort(
      withDeadline(work(this.#browser), timeoutMs, () => BriefingError.of(msg.printTimeout(timeoutMs!, false))),
      this.#signal,
    );
  }

  /** Nothing to start: the caller's browser is already running. */
  override warm(): void {}

  override async close(): Promise<void> {}
}

/**
 * The supervisor a build or preview prints through: the caller's own `browser` (used as it is), or the
 * browser reached by `browserWSEndpoint` (several: an {@link EndpointPool} of them), or one launched here
 * (started from `chromium` when a build spawned it already); the work of any but the caller's stops when
 * `signal` aborts. `pool` shortens a pool's waits (tests).
 * @throws BriefingError (`usage`) when both `browser` and `browserWSEndpoint` are given.
 */
export function supervisorFor(options: SupervisorRequest, chromium?: ChromiumProcess, pool?: Pick<PoolOptions, 'delay' | 'coolDownMs' | 'busyBackoffMs' | 'busyRetries'>): BrowserSupervisor {
  const endpoints = endpointList(options.browserWSEndpoint);
  if (options.browser && endpoints.length > 0) throw BriefingError.of(msg.browserAndEndpoint());
  if (options.browser) return new CallerBrowser(options.browser, options.signal);
  const common: SupervisorOptions = {
    ...(options.restartAfter !== undefined ? { restartAfter: options.restartAfter } : {}),
    ...(options.onBrowserEvent ? { onEvent: options.onBrowserEvent } : {}),
  };
  if (endpoints.length > 1) {
    const members = endpoints.map((url) => ({ url, member: new AbortableSupervisor({ ...common, wsEndpoint: url }, options.signal) }));
    return new EndpointPool(members, { ...(options.onBrowserEvent ? { onEvent: options.onBrowserEvent } : {}), ...(options.signal ? { signal: options.signal } : {}), ...pool });
  }
  return new AbortableSupervisor({ ...common, ...(endpoints[0] !== undefined ? { wsEndpoint: endpoints[0] } : {}), ...(chromium ? { chromium } : {}) }, options.signal);
}
