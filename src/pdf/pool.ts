/**
 * Several running browsers reached by URL (`--browser-ws-endpoint` given more than once; a browserless pool
 * behind several addresses), used as one supervisor:
 *
 *     print ─▶ pick: the live endpoint with the fewest prints in flight (the first of equals)
 *               │
 *               ▼
 *            its supervisor's use() ── crash: reconnect and retry once, as with one endpoint
 *               │
 *               └─ cannot be reached (refused, or gone on the reconnect after a disconnect)
 *                    ─▶ the endpoint is dead for the rest of the run; the print goes to another live one
 *                    ─▶ none left: the document fails with BR425, naming every endpoint and why
 *
 * Only an {@link EndpointUnreachable} moves a print: a document that crashes a browser that can be reached
 * again twice fails on its second crash, as with one endpoint. The batch's concurrency bounds the prints in
 * flight; the pool adds none.
 */
import type { Browser } from 'puppeteer-core';
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

/** One endpoint of a pool: its URL, its supervisor, its prints in flight and, once dead, why. */
interface Endpoint {
  readonly url: string;
  readonly member: PoolMember;
  inFlight: number;
  dead: string | undefined;
}

/** Prints on several endpoints, one {@link PoolMember} each; see the module comment. Close it with {@link EndpointPool.close}. */
export class EndpointPool extends BrowserSupervisor {
  readonly #endpoints: readonly Endpoint[];
  readonly #onEvent: ((event: BrowserEvent, death?: EndpointDeath) => void) | undefined;

  /**
   * @param members each endpoint's URL and supervisor, in the order given (which breaks ties); at least one
   *   (without endpoints a build prints on a browser of its own: src/pdf/callers.ts).
   * @param onEvent told `endpoint-dead` once per endpoint, with its label, why and how many are left.
   */
  constructor(members: readonly { readonly url: string; readonly member: PoolMember }[], onEvent?: (event: BrowserEvent, death?: EndpointDeath) => void) {
    super();
    this.#endpoints = members.map(({ url, member }) => ({ url, member, inFlight: 0, dead: undefined }));
    this.#onEvent = onEvent;
  }

  /** The live endpoint with the fewest prints in flight, the first of equals; undefined when every one is dead. */
  #pick(): Endpoint | undefined {
    let best: Endpoint | undefined;
    for (const e of this.#endpoints) if (e.dead === undefined && (best === undefined || e.inFlight < best.inFlight)) best = e;
    return best;
  }

  /** Take an endpoint out of the run (once), and say so. Its supervisor stays open until {@link close}: prints still on it end there. */
  #markDead(endpoint: Endpoint, e: EndpointUnreachable): void {
    if (endpoint.dead !== undefined) return;
    endpoint.dead = e.reason;
    const live = this.#endpoints.filter((x) => x.dead === undefined).length;
    this.#onEvent?.('endpoint-dead', { endpoint: endpointLabel(endpoint.url), reason: e.reason, live });
  }

  /**
   * Run `work` on the live endpoint with the fewest prints in flight; when that endpoint cannot be reached,
   * it is dead for the rest of the run and `work` runs on another live one.
   * @throws BriefingError (BR425) when every endpoint is dead; whatever the endpoint's supervisor throws
   *   otherwise (the work's error after its crash retry, a time limit, the abort's reason).
   */
  override async use<T>(work: (browser: Browser) => Promise<T>, timeoutMs?: number): Promise<T> {
    for (;;) {
      const endpoint = this.#pick();
      if (endpoint === undefined) throw BriefingError.of(msg.endpointsUnreachable(this.#endpoints.map((e) => `${endpointLabel(e.url)} (${e.dead})`).join('; ')));
      endpoint.inFlight++;
      try {
        return await endpoint.member.use(work, timeoutMs);
      } catch (e) {
        if (!(e instanceof EndpointUnreachable)) throw e;
        this.#markDead(endpoint, e);
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
