/**
 * The endpoint pool (src/pdf/pool.ts) with fake supervisors: which endpoint each print goes to, a print moved
 * off an endpoint that cannot be reached, a document's own failure not moved, and every endpoint dead. Also
 * how the endpoints are read (src/pdf/endpoint.ts) and which supervisor a request gets (src/pdf/callers.ts).
 */
import type { Browser } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { BriefingError } from '../../src/errors.ts';
import { MESSAGES, msg } from '../../src/messages.ts';
import { AbortableSupervisor, supervisorFor } from '../../src/pdf/callers.ts';
import { endpointLabel, endpointList, splitEndpoints } from '../../src/pdf/endpoint.ts';
import { EndpointPool, type PoolMember } from '../../src/pdf/pool.ts';
import { EndpointUnreachable, type BrowserEvent, type EndpointDeath } from '../../src/pdf/supervisor.ts';

/** A print a fake endpoint holds until the test ends it. */
interface HeldPrint {
  readonly endpoint: string;
  resolve(value: string): void;
  reject(e: unknown): void;
}

/** A fake endpoint's supervisor: each use is held (in `held`) until the test settles it; warm and close are counted. */
function fakeMember(url: string, held: HeldPrint[], counts = { warm: 0, close: 0 }): { url: string; member: PoolMember; counts: typeof counts } {
  const member: PoolMember = {
    use: <T>(): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        held.push({ endpoint: url, resolve: (v) => resolve(v as T), reject });
      }),
    warm: () => void counts.warm++,
    close: async () => void counts.close++,
  };
  return { url, member, counts };
}

/** A pool of fake endpoints `a`, `b`, … with the prints they hold and the events it reported. */
function fakePool(n: number): { pool: EndpointPool; held: HeldPrint[]; events: [BrowserEvent, EndpointDeath | undefined][]; members: ReturnType<typeof fakeMember>[] } {
  const held: HeldPrint[] = [];
  const events: [BrowserEvent, EndpointDeath | undefined][] = [];
  const members = Array.from({ length: n }, (_, i) => fakeMember(`ws://${String.fromCharCode(97 + i)}:3000/?token=secret`, held));
  return { pool: new EndpointPool(members, (event, death) => events.push([event, death])), held, events, members };
}

/** Let the pool's awaits run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const work = async (): Promise<string> => 'printed';
const hostOf = (p: HeldPrint): string => new URL(p.endpoint).hostname;

describe('the endpoint pool', () => {
  it('gives each print to the endpoint with the fewest prints in flight, the first of equals', async () => {
    const { pool, held } = fakePool(3);
    const prints = [pool.use(work), pool.use(work), pool.use(work), pool.use(work)];
    await settle();
    expect(held.map(hostOf)).toEqual(['a', 'b', 'c', 'a']);
    // b finishes: it has the fewest in flight now.
    held[1]!.resolve('b');
    await prints[1];
    void pool.use(work);
    await settle();
    expect(hostOf(held[4]!)).toBe('b');
    for (const p of held) p.resolve('done');
  });

  it('moves a print off an endpoint that cannot be reached, which stays out of the run, and says so once', async () => {
    const { pool, held, events } = fakePool(2);
    const first = pool.use(work);
    const second = pool.use(work);
    await settle();
    expect(held.map(hostOf)).toEqual(['a', 'b']);
    held[0]!.reject(new EndpointUnreachable(held[0]!.endpoint, 'connect ECONNREFUSED 10.0.0.1:3000'));
    await settle();
    // The print that was on a goes to b, though b is busy: a is dead.
    expect(held.map(hostOf)).toEqual(['a', 'b', 'b']);
    expect(events).toEqual([['endpoint-dead', { endpoint: 'ws://a:3000/?…', reason: 'connect ECONNREFUSED 10.0.0.1:3000', live: 1 }]]);
    held[1]!.resolve('second');
    held[2]!.resolve('first');
    await expect(first).resolves.toBe('first');
    await expect(second).resolves.toBe('second');
    // Every later print goes to b, the only one left.
    void pool.use(work);
    void pool.use(work);
    await settle();
    expect(held.slice(3).map(hostOf)).toEqual(['b', 'b']);
  });

  it("does not move a document's own failure (its crash retry is the endpoint's): the error is the document's, the endpoint stays", async () => {
    const { pool, held, events } = fakePool(2);
    const printing = pool.use(work);
    await settle();
    const crash = BriefingError.of(msg.printFailed('Protocol error (Page.printToPDF): Target closed'));
    held[0]!.reject(crash);
    await expect(printing).rejects.toBe(crash);
    expect(held).toHaveLength(1);
    expect(events).toEqual([]);
    void pool.use(work);
    await settle();
    expect(hostOf(held[1]!)).toBe('a');
  });

  it('fails a document with BR425 naming every endpoint and why, once none can be reached, without their tokens', async () => {
    const { pool, held, events } = fakePool(2);
    const printing = pool.use(work);
    await settle();
    held[0]!.reject(new EndpointUnreachable(held[0]!.endpoint, 'connect ECONNREFUSED 10.0.0.1:3000'));
    await settle();
    held[1]!.reject(new EndpointUnreachable(held[1]!.endpoint, 'connect ECONNREFUSED 10.0.0.2:3000'));
    const expected = msg.endpointsUnreachable('ws://a:3000/?… (connect ECONNREFUSED 10.0.0.1:3000); ws://b:3000/?… (connect ECONNREFUSED 10.0.0.2:3000)');
    const error = await printing.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BriefingError);
    expect((error as BriefingError).diagnostics).toEqual([{ kind: 'render', code: MESSAGES.endpointsUnreachable.code, message: expected.text, hint: expected.hint }]);
    expect((error as BriefingError).message).not.toContain('secret');
    expect(events.map(([e, d]) => [e, d?.live])).toEqual([
      ['endpoint-dead', 1],
      ['endpoint-dead', 0],
    ]);
    // A later document fails at once, with the same error.
    await expect(pool.use(work)).rejects.toThrow(expected.text);
    expect(held).toHaveLength(2);
  });

  it('warms and closes every endpoint', async () => {
    const { pool, members } = fakePool(3);
    pool.warm();
    await pool.close();
    expect(members.map((m) => m.counts)).toEqual([
      { warm: 1, close: 1 },
      { warm: 1, close: 1 },
      { warm: 1, close: 1 },
    ]);
  });
});

describe('endpoints as given', () => {
  it('splits the environment variable at commas and whitespace, but not at a comma inside a URL', () => {
    expect(splitEndpoints('ws://a:1/x,ws://b:2/y')).toEqual(['ws://a:1/x', 'ws://b:2/y']);
    expect(splitEndpoints(' ws://a:1/x ,\n wss://b:2/y , ')).toEqual(['ws://a:1/x', 'wss://b:2/y']);
    const browserless = 'ws://pool:3000?token=t&launch={"args":["--a","--b"]}';
    expect(splitEndpoints(`${browserless},${browserless.replace('pool', 'pool2')}`)).toEqual([browserless, browserless.replace('pool', 'pool2')]);
    expect(splitEndpoints('')).toEqual([]);
    expect(splitEndpoints(undefined)).toEqual([]);
  });

  it('takes one URL or several, each once, none for an empty one', () => {
    expect(endpointList('ws://a')).toEqual(['ws://a']);
    expect(endpointList(['ws://a', 'ws://b', 'ws://a', ''])).toEqual(['ws://a', 'ws://b']);
    expect(endpointList('')).toEqual([]);
    expect(endpointList(undefined)).toEqual([]);
  });

  it('names an endpoint without its password or query', () => {
    expect(endpointLabel('wss://user:pw@pool.example:3000/chromium?token=abc')).toBe('wss://pool.example:3000/chromium?…');
    expect(endpointLabel('ws://127.0.0.1:9222/devtools/browser/1')).toBe('ws://127.0.0.1:9222/devtools/browser/1');
  });
});

describe('the supervisor of a request', () => {
  it('is a pool for several endpoints, a single supervisor for one, and refuses a browser with an endpoint', async () => {
    const one = supervisorFor({ browserWSEndpoint: ['ws://127.0.0.1:1/a'] });
    expect(one).toBeInstanceOf(AbortableSupervisor);
    expect(one).not.toBeInstanceOf(EndpointPool);
    const several = supervisorFor({ browserWSEndpoint: ['ws://127.0.0.1:1/a', 'ws://127.0.0.1:1/a', 'ws://127.0.0.1:1/b'] });
    expect(several).toBeInstanceOf(EndpointPool);
    expect(() => supervisorFor({ browser: {} as Browser, browserWSEndpoint: ['ws://127.0.0.1:1/a'] })).toThrow(msg.browserAndEndpoint().text);
    await Promise.all([one.close(), several.close()]);
  });

  it('fails every print with BR425 when no endpoint answers, after one event per endpoint, and never starts a browser', async () => {
    const events: BrowserEvent[] = [];
    // Port 1 on the loopback refuses at once.
    const pool = supervisorFor({ browserWSEndpoint: ['ws://127.0.0.1:1/devtools/browser/a', 'ws://127.0.0.1:1/devtools/browser/b'], onBrowserEvent: (e) => events.push(e) });
    try {
      const prints = await Promise.allSettled([pool.use(work), pool.use(work), pool.use(work)]);
      for (const p of prints) {
        expect(p.status).toBe('rejected');
        const e = (p as PromiseRejectedResult).reason as BriefingError;
        expect(e.diagnostics.map((d) => d.code)).toEqual([MESSAGES.endpointsUnreachable.code]);
        expect(e.diagnostics[0]!.message).toMatch(/ws:\/\/127\.0\.0\.1:1\/devtools\/browser\/a \(.*ECONNREFUSED.*\); ws:\/\/127\.0\.0\.1:1\/devtools\/browser\/b \(/);
      }
      expect(events.filter((e) => e === 'endpoint-dead')).toHaveLength(2);
      expect(events).not.toContain('launch');
    } finally {
      await pool.close();
    }
  });
});
