/**
 * The endpoint pool (src/pdf/pool.ts) with fake supervisors and fake waits: which endpoint each print goes to,
 * a print moved off an endpoint that cannot be reached or is busy, the back-off when all are busy, a
 * document's own failure not moved, every endpoint dead (after one cool-down). A supervisor's connection
 * deadline with a fake connect that never answers (src/pdf/supervisor.ts). Also
 * how the endpoints are read (src/pdf/endpoint.ts) and which supervisor a request gets (src/pdf/callers.ts).
 */
import type { Browser } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { BriefingError } from '../../src/errors.ts';
import { MESSAGES, msg } from '../../src/messages.ts';
import { AbortableSupervisor, supervisorFor } from '../../src/pdf/callers.ts';
import { endpointLabel, endpointList, splitEndpoints } from '../../src/pdf/endpoint.ts';
import { EndpointPool, type PoolMember } from '../../src/pdf/pool.ts';
import { BrowserSupervisor, EndpointUnreachable, type BrowserEvent, type EndpointDeath } from '../../src/pdf/supervisor.ts';

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

/**
 * A pool of fake endpoints `a`, `b`, … with the prints they hold, the events it reported and the waits it asked
 * for (in ms; each wait ends at once, so no test sleeps).
 */
function fakePool(n: number): { pool: EndpointPool; held: HeldPrint[]; events: [BrowserEvent, EndpointDeath | undefined][]; members: ReturnType<typeof fakeMember>[]; waits: number[] } {
  const held: HeldPrint[] = [];
  const events: [BrowserEvent, EndpointDeath | undefined][] = [];
  const waits: number[] = [];
  const members = Array.from({ length: n }, (_, i) => fakeMember(`ws://${String.fromCharCode(97 + i)}:3000/?token=secret`, held));
  const delay = async (ms: number): Promise<void> => void waits.push(ms);
  return { pool: new EndpointPool(members, { onEvent: (event, death) => events.push([event, death]), delay }), held, events, members, waits };
}

/** A browser that stays connected and does nothing, for a supervisor's fake connect. */
const fakeBrowser = (): Browser => ({ connected: true, once() {}, off() {}, disconnect: async () => undefined }) as unknown as Browser;
const busy = (p: HeldPrint, status = 429): EndpointUnreachable => new EndpointUnreachable(p.endpoint, `Unexpected server response: ${status}`);

/** Let the pool's awaits run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const work = async (): Promise<string> => 'printed';
const hostOf = (p: HeldPrint): string => new URL(p.endpoint).hostname;
/** The address behind each fake endpoint's host, as a refused connection names it. */
const ADDRESS: Readonly<Record<string, string>> = { a: '10.0.0.1', b: '10.0.0.2' };
/** The error of a connection the endpoint of `p` refused. */
const refused = (p: HeldPrint): EndpointUnreachable => new EndpointUnreachable(p.endpoint, `connect ECONNREFUSED ${ADDRESS[hostOf(p)]}:3000`);

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
    held[0]!.reject(refused(held[0]!));
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
    const { pool, held, events, waits } = fakePool(2);
    const printing = pool.use(work);
    await settle();
    held[0]!.reject(refused(held[0]!));
    await settle();
    held[1]!.reject(refused(held[1]!));
    // Both dead: after a cool-down, each is tried once more, and refuses again.
    await settle();
    expect(held.map(hostOf)).toEqual(['a', 'b', 'a']);
    held[2]!.reject(refused(held[2]!));
    await settle();
    held[3]!.reject(refused(held[3]!));
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
    expect(waits).toEqual([1_000]);
    // A later document has its own cool-down and try of each, and fails with the same error.
    const later = pool.use(work);
    await settle();
    expect(held.slice(4).map(hostOf)).toEqual(['a']);
    held[4]!.reject(refused(held[4]!));
    await settle();
    held[5]!.reject(refused(held[5]!));
    await expect(later).rejects.toThrow(expected.text);
    expect(waits).toEqual([1_000, 1_000]);
  });

  it('tries the dead endpoints once more after a cool-down, and prints on one that is back', async () => {
    const { pool, held, events, waits } = fakePool(2);
    const printing = pool.use(work);
    await settle();
    held[0]!.reject(refused(held[0]!));
    await settle();
    held[1]!.reject(refused(held[1]!));
    await settle();
    expect(waits).toEqual([1_000]);
    expect(held.map(hostOf)).toEqual(['a', 'b', 'a']);
    held[2]!.resolve('back');
    await expect(printing).resolves.toBe('back');
    // Each death was told once.
    expect(events.map(([e, d]) => [e, d?.endpoint])).toEqual([
      ['endpoint-dead', 'ws://a:3000/?…'],
      ['endpoint-dead', 'ws://b:3000/?…'],
    ]);
  });

  it('moves a print off an endpoint that answers busy (429 or 503) without taking it out of the run', async () => {
    const { pool, held, events, waits } = fakePool(2);
    const first = pool.use(work);
    const second = pool.use(work);
    await settle();
    held[0]!.reject(busy(held[0]!, 503));
    await settle();
    expect(held.map(hostOf)).toEqual(['a', 'b', 'b']);
    held[1]!.resolve('second');
    held[2]!.resolve('first');
    await expect(first).resolves.toBe('first');
    await expect(second).resolves.toBe('second');
    expect(events).toEqual([]);
    expect(waits).toEqual([]);
    // a is still in the run: the next print goes there.
    void pool.use(work);
    await settle();
    expect(hostOf(held[3]!)).toBe('a');
  });

  it('backs off and asks again when every live endpoint is busy, doubling the wait, and gives up with BR427', async () => {
    const { pool, held, events, waits } = fakePool(2);
    const patient = pool.use(work);
    await settle();
    held[0]!.reject(busy(held[0]!));
    await settle();
    held[1]!.reject(busy(held[1]!));
    await settle();
    // One wait, then both are asked again; a has room now.
    expect(waits).toEqual([500]);
    expect(held.map(hostOf)).toEqual(['a', 'b', 'a']);
    held[2]!.resolve('printed late');
    await expect(patient).resolves.toBe('printed late');

    const hopeless = pool.use(work);
    for (let i = 3; i < 3 + 12; i++) {
      await settle();
      held[i]!.reject(busy(held[i]!));
    }
    const error = (await hopeless.then(
      () => undefined,
      (e: unknown) => e,
    )) as BriefingError;
    expect(error.diagnostics.map((d) => d.code)).toEqual([MESSAGES.endpointsBusy.code]);
    expect(error.message).toContain(msg.endpointsBusy(5, 'ws://a:3000/?… (Unexpected server response: 429); ws://b:3000/?… (Unexpected server response: 429)').text);
    expect(waits).toEqual([500, 500, 1_000, 2_000, 4_000, 8_000]);
    expect(held).toHaveLength(15);
    expect(events).toEqual([]);
  });

  it('backs off on the one endpoint left when the others are dead and it is busy', async () => {
    const { pool, held, events, waits } = fakePool(2);
    const printing = pool.use(work);
    await settle();
    held[0]!.reject(refused(held[0]!));
    await settle();
    held[1]!.reject(busy(held[1]!));
    await settle();
    expect(waits).toEqual([500]);
    expect(held.map(hostOf)).toEqual(['a', 'b', 'b']);
    held[2]!.resolve('printed');
    await expect(printing).resolves.toBe('printed');
    expect(events.map(([, d]) => d?.endpoint)).toEqual(['ws://a:3000/?…']);
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

describe('connecting to an endpoint', () => {
  it('tells a busy answer (HTTP 429 or 503 on the upgrade) from an endpoint that is not there', () => {
    expect(new EndpointUnreachable('ws://a', 'Unexpected server response: 429').busy).toBe(true);
    expect(new EndpointUnreachable('ws://a', 'Unexpected server response: 503').busy).toBe(true);
    expect(new EndpointUnreachable('ws://a', 'Unexpected server response: 404').busy).toBe(false);
    expect(new EndpointUnreachable('ws://a', 'connect ECONNREFUSED 127.0.0.1:1').busy).toBe(false);
  });

  it('names a single endpoint (BR413) without its token', () => {
    const e = new EndpointUnreachable('wss://pool.example:3000/?token=secret', 'connect ECONNREFUSED 10.0.0.1:3000');
    expect(e.diagnostics[0]!.message).toBe(msg.cannotConnect('wss://pool.example:3000/?…', 'connect ECONNREFUSED 10.0.0.1:3000').text);
    expect(e.message).not.toContain('secret');
    expect(e.endpoint).toBe('wss://pool.example:3000/?token=secret');
  });

  it('gives up a connection that never answers after its own deadline, at most the print time limit, and takes the next one up', async () => {
    let calls = 0;
    const never = async (): Promise<Browser> => {
      calls++;
      return new Promise<Browser>(() => {});
    };
    const supervisor = new BrowserSupervisor({ wsEndpoint: 'ws://silent:3000/?token=secret', connect: never, connectTimeoutMs: 20 });
    try {
      const slow = await supervisor.use(work).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(slow).toBeInstanceOf(EndpointUnreachable);
      expect((slow as EndpointUnreachable).reason).toBe('no answer within 20 ms');
      expect((slow as EndpointUnreachable).busy).toBe(false);
      // A print with a shorter time limit waits that long, and still learns the endpoint is unreachable.
      await expect(supervisor.use(work, 5)).rejects.toThrow(/: no answer within 5 ms/);
      expect(calls).toBe(2);
    } finally {
      await supervisor.close();
    }
  });

  it('moves a print off an endpoint whose connection hangs to one that answers', async () => {
    const events: BrowserEvent[] = [];
    const silent = new BrowserSupervisor({ wsEndpoint: 'ws://silent:3000/', connect: () => new Promise<Browser>(() => {}), connectTimeoutMs: 20 });
    const answering = new BrowserSupervisor({ wsEndpoint: 'ws://answering:3000/', connect: async () => fakeBrowser(), connectTimeoutMs: 20 });
    const pool = new EndpointPool(
      [
        { url: 'ws://silent:3000/', member: silent },
        { url: 'ws://answering:3000/', member: answering },
      ],
      { onEvent: (e) => events.push(e), delay: async () => undefined },
    );
    try {
      await expect(pool.use(async () => 'printed', 60_000)).resolves.toBe('printed');
      expect(events).toEqual(['endpoint-dead']);
    } finally {
      await pool.close();
    }
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
    const pool = supervisorFor({ browserWSEndpoint: ['ws://127.0.0.1:1/devtools/browser/a', 'ws://127.0.0.1:1/devtools/browser/b'], onBrowserEvent: (e) => events.push(e) }, undefined, { coolDownMs: 10 });
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
