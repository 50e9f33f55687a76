/**
 * An on-disk cache for work whose result depends only on its inputs: font subsets and rendered chart SVGs.
 * A nightly build of unchanged content then subsets no font and renders no chart.
 *
 * Entries are kept by cacache (npm's own content-addressed cache: atomic writes, integrity-checked reads),
 * under keys that are SHA-256 hashes of everything that decides the result: the inputs, {@link GENERATOR},
 * the source of the module that makes the value ({@link recipe}) and the versions of the libraries it calls,
 * so neither a new release nor an edited renderer reads an older one's entries. A cache never fails a build: an entry that
 * cannot be read is a miss, and one that cannot be written is skipped.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATOR, packageVersion } from './version.ts';

/** Hits and misses per kind of entry (the part of the key before `:`, e.g. `font`, `chart`). */
export type CacheStats = Record<string, { hits: number; misses: number }>;

/** A store of bytes by key. Keys are any strings; {@link cacheKey} makes one from the inputs. */
export interface Cache {
  /** The folder the entries are kept in; null for {@link NO_CACHE}. */
  readonly dir: string | null;
  /** The entry's bytes, or undefined on a miss or an unreadable entry. */
  get(key: string): Promise<Buffer | undefined>;
  /** Store an entry; never throws. */
  put(key: string, data: Buffer | string): Promise<void>;
  /** Lookups so far (recorded in the build manifest, so CI can see that its cache works). */
  stats(): CacheStats;
}

/** A cache that keeps nothing (`--no-cache`, and contexts without a cache folder). */
export const NO_CACHE: Cache = {
  dir: null,
  get: async () => undefined,
  put: async () => undefined,
  stats: () => ({}),
};

/** A {@link Cache} in the folder `dir` (created on first write). */
export function diskCache(dir: string): Cache {
  const stats: CacheStats = {};
  // cacache (~35–60 ms to load) loads on the first lookup: a build with no cache folder never loads it.
  let loading: Promise<typeof import('cacache')> | undefined;
  const cacache = (): Promise<typeof import('cacache')> => (loading ??= import('cacache'));
  const count = (key: string, outcome: 'hits' | 'misses'): void => {
    const kind = key.slice(0, Math.max(0, key.indexOf(':')));
    (stats[kind] ??= { hits: 0, misses: 0 })[outcome]++;
  };
  return {
    dir,
    stats: () => structuredClone(stats),
    get: async (key) => {
      try {
        const { data } = await (await cacache()).get(dir, key);
        count(key, 'hits');
        return data;
      } catch {
        count(key, 'misses');
        return undefined;
      }
    },
    put: async (key, data) => {
      try {
        await (await cacache()).put(dir, key, data);
      } catch {
        // A read-only or full disk costs the next build time, never this build its output.
      }
    },
  };
}

/** A cache key: `kind:` and the SHA-256 (hex) of the generator and `parts` as JSON. */
export function cacheKey(kind: string, parts: unknown): string {
  return `${kind}:${createHash('sha256').update(JSON.stringify([GENERATOR, parts])).digest('hex')}`;
}

/**
 * Look `key` up in `cache`; on a miss, `make` the value, store it, and return it.
 * @param encode value → bytes to store; @param decode stored bytes → value.
 */
export async function cached<T>(cache: Cache, key: string, make: () => Promise<T>, encode: (value: T) => Buffer | string, decode: (data: Buffer) => T): Promise<T> {
  const hit = await cache.get(key);
  if (hit !== undefined) {
    try {
      return decode(hit);
    } catch {
      // A corrupt entry is a miss.
    }
  }
  const value = await make();
  await cache.put(key, encode(value));
  return value;
}

/** Where {@link memoized} keeps promises: a `Map`, or an `LRUCache` to bound it. */
export interface PromiseMemo<V> {
  get(key: string): Promise<V> | undefined;
  set(key: string, value: Promise<V>): unknown;
  delete(key: string): unknown;
}

/**
 * The promise `memo` holds for `key`; on a miss, `make()`'s, kept there until it rejects: a load or render that
 * failed is tried again next time, not remembered (its rejection still reaches every caller that awaited it).
 */
export function memoized<V>(memo: PromiseMemo<V>, key: string, make: () => Promise<V>): Promise<V> {
  const kept = memo.get(key);
  if (kept !== undefined) return kept;
  const made = make();
  memo.set(key, made);
  made.catch(() => {
    if (memo.get(key) === made) memo.delete(key);
  });
  return made;
}

const recipes = new Map<string, string>();

/**
 * What makes a cached value besides its inputs, as one string: the SHA-256 of the module's own source file
 * (`import.meta.url` of the caller, or several modules' URLs when the value's shape is decided in more than one)
 * and the installed versions of `packages`. Read once per process.
 */
export function recipe(moduleUrl: string | readonly string[], packages: readonly string[]): string {
  const modules = typeof moduleUrl === 'string' ? [moduleUrl] : moduleUrl;
  const id = [...modules, ...packages].join('\n');
  let r = recipes.get(id);
  if (r === undefined) {
    const sources = modules.map((url) => {
      try {
        return createHash('sha256').update(readFileSync(fileURLToPath(url))).digest('hex');
      } catch {
        return url;
      }
    });
    r = [...sources, ...packages.map((p) => `${p}@${packageVersion(p)}`)].join(' ');
    recipes.set(id, r);
  }
  return r;
}
