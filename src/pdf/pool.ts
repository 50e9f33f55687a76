/**
 * Several running browsers reached by URL (`--browser-ws-endpoint` given more than once; a browserless pool
 * behind several addresses), used as one supervisor:
 *
 *     print ─▶ pick: the live endpoint with the fewest prints in flight (the first of equals)
 *               │
 *               ▼
 *            its supervisor's use() ── crash: reconnect and retry once, as with one endpoint
 *               │
 *               ├─ busy (HTTP 429 or 503 on connecting: browserless's queue is full)
 *               │    ─▶ the print goes to another live endpoint that has not answered busy; all have:
 *               │       back off (500 ms, doubling) and ask them again; still busy after 5 waits: BR427
 *               └─ cannot be reached (refused, no answer within the connect deadline, or gone on the
 *                  reconnect after a disconnect)
 *                    ─▶ the endpoint is dead for the rest of the run; the print goes to another live one
 *                    ─▶ none left: after a short cool-down the dead are tried once more for this document;
 *                       still none: the document fails with BR425, naming every endpoint and why
 *
 * Only an {@link EndpointUnreachable} moves a print: a document that crashes a browser that can be reached
 * again twice fails on its second crash, as with one endpoint. The batch's concurrency bounds the prints in
 * flight; the pool adds none.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'puppeteer-core';
import { raceAbort } from '../abort.ts';
import { BriefingError } from '../errors.ts';
import { msg } from '../messages.ts';
import { endpointLabel } from './endpoint.ts';
import { BrowserSupervisor, EndpointUnreachable, type BrowserEvent, type EndpointDeath } from './supervisor.ts';

/** What the pool needs of one endpoint's supervisor (a {@link BrowserSupervisor} is one; tests pass fakes). */
export interface PoolMember {
  use<T>(work: (browser: Browser) => Promise<T>, timeoutMs?: number): Promise<T>;
  warm(): void;
  close(): Promise<void>;
}

/** How a pool waits and how long; every field has a default, tests shorten them. */
export interface PoolOptions {
  /** Told `endpoint-dead` once per endpoint, with its label, why and how many are left. */
  readonly onEvent?: (event: BrowserEvent, death?: EndpointDeath) => void;
  /** Aborting it ends a wait (a back-off or the cool-down) with its reason. */
  readonly signal?: AbortSignal;
  /** Waits `ms` milliseconds (default a timer); tests pass one that waits less. */
  readonly delay?: (ms: number) => Promise<void>;
  /** The first wait when every live endpoint answered busy, doubled after each (default 500 ms). */
  readonly busyBackoffMs?: number;
  /** How many such waits a print makes before it fails with BR427 (default 5: about 15 s in all). */
  readonly busyRetries?: number;
  /** The wait before a print whose endpoints are all dead tries them once more (default 1 000 ms). */
  readonly coolDownMs?: number;
}

/** One endpoint of a pool: its URL, its supervisor, its prints in flight and, once dead, why. */
interface Endpoint {
  readonly url: string;
  readonly member: PoolMember;
  inFlight: number;
  dead: string | undefined;
  /** Its death was told (once per run: a second death after the cool-down is not). */
  told: boolean;
}

/** A print's view of the pool: the endpoints that answered it busy since its last wait, how many waits it made, whether it had its cool-down. */
interface Tries {
  readonly busy: Map<Endpoint, string>;
  waits: number;
  cooled: boolean;
}

/** Prints on several endpoints, one {@link PoolMember} each; see the module comment. Close it with {@link EndpointPool.close}. */
export class EndpointPool extends BrowserSupervisor {
  readonly #endpoints: readonly Endpoint[];
  readonly #options: PoolOptions;
  /** The cool-down under way, shared by the prints that wait for it; it brings every dead endpoint back. */
  #coolDown: Promise<void> | undefined;

  /**
   * @param members each endpoint's URL and supervisor, in the order given (which breaks ties); at least one
   *   (without endpoints a build prints on a browser of its own: src/pdf/callers.ts).
   */
  constructor(members: readonly { readonly url: string; readonly member: PoolMember }[], options: PoolOptions = {}) {
    super();
    this.#endpoints = members.map(({ url, member }) => ({ url, member, inFlight: 0, dead: undefined, told: false }));
    this.#options = options;
  }

  /** The live endpoint with the fewest prints in flight, the first of equals, that has not answered busy; undefined when none. */
  #pick(busy: ReadonlyMap<Endpoint, string>): Endpoint | undefined {
    let best: Endpoint | undefined;
    for (const e of this.#endpoints) if (e.dead === undefined && !busy.has(e) && (best === undefined || e.inFlight < best.inFlight)) best = e;
    return best;
  }

  /** Take an endpoint out of the run (told once). Its supervisor stays open until {@link close}: prints still on it end there. */
  #markDead(endpoint: Endpoint, e: EndpointUnreachable): void {
    if (endpoint.dead !== undefined) return;
    endpoint.dead = e.reason;
    if (endpoint.told) return;
    endpoint.told = true;
    const live = this.#endpoints.filter((x) => x.dead === undefined).length;
    this.#options.onEvent?.('endpoint-dead', { endpoint: endpointLabel(endpoint.url), reason: e.reason, live });
  }

  /** Wait `ms`, or until the signal aborts (then rejects with its reason). */
  #wait(ms: number): Promise<void> {
    const delay = this.#options.delay ?? ((t: number) => sleep(t));
    return raceAbort(delay(ms), this.#options.signal);
  }

  /**
   * When no endpoint can take the print: wait and go on (true), or throw. Every live one answered busy: back
   * off and ask again. Every one dead: once per print, after a cool-down shared by the prints waiting, the dead
   * come back for one more try.
   * @throws BriefingError BR427 (still busy after the last back-off), BR425 (all dead after the cool-down).
   */
  async #waitForOne(tries: Tries): Promise<void> {
    const label = (e: Endpoint, why: string | undefined): string => `${endpointLabel(e.url)} (${why})`;
    if (tries.busy.size > 0) {
      const waits = this.#options.busyRetries ?? 5;
      if (tries.waits >= waits) throw BriefingError.of(msg.endpointsBusy(waits, [...tries.busy].map(([e, why]) => label(e, why)).join('; ')));
      await this.#wait((this.#options.busyBackoffMs ?? 500) * 2 ** tries.waits++);
      tries.busy.clear();
      return;
    }
    if (tries.cooled) throw BriefingError.of(msg.endpointsUnreachable(this.#endpoints.map((e) => label(e, e.dead)).join('; ')));
    tries.cooled = true;
    this.#coolDown ??= this.#wait(this.#options.coolDownMs ?? 1_000).finally(() => {
      this.#coolDown = undefined;
      for (const e of this.#endpoints) e.dead = undefined;
    });
    await this.#coolDown;
  }

  /**
   * Run `work` on the live endpoint with the fewest prints in flight. One that cannot be reached is dead for
   * the rest of the run and `work` runs on another; one that answers busy is left for this try only. See
   * {@link PoolOptions} for the waits when none is left.
   * @throws BriefingError BR425 when every endpoint is dead, also after the cool-down; BR427 when the live
   *   ones stay busy; whatever the endpoint's supervisor throws otherwise (the work's error after its crash
   *   retry, a time limit, the abort's reason).
   */
  override async use<T>(work: (browser: Browser) => Promise<T>, timeoutMs?: number): Promise<T> {
    const tries: Tries = { busy: new Map(), waits: 0, cooled: false };
    for (;;) {
      const endpoint = this.#pick(tries.busy);
      if (endpoint === undefined) {
        await this.#waitForOne(tries);
        continue;
      }
      endpoint.inFlight++;
      try {
        return await endpoint.member.use(work, timeoutMs);
      } catch (e) {
        if (!(e instanceof EndpointUnreachable)) throw e;
        if (e.busy) tries.busy.set(endpoint, e.reason);
        else this.#markDead(endpoint, e);
      } finally {
        endpoint.inFlight--;
      }
    }
  }

  /** Connect to every endpoint now, so that the connections overlap reading and rendering the content. */
  override warm(): void {
    for (const e of this.#endpoints) e.member.warm();
  }

  /** Close every endpoint's supervisor (each disconnects from its browser); resolves once all have. */
  override async close(): Promise<void> {
    await Promise.all(this.#endpoints.map((e) => e.member.close()));
  }
}
