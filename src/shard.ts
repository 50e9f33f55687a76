/**
 * The share rule of `build --shard k/n` (as Playwright's and Jest's `--shard`), in one place and free of
 * dependencies, so that a build loads it before Chromium starts: the folders sorted by their normalised paths
 * (by UTF-16 code units, never by locale; ties, one folder written twice, by the path as given), and the i-th
 * (from 0) going to shard i % n + 1 as its (i / n)-th folder. The share is stable from night to night while the
 * list is unchanged, whatever order the shell passes it in, and balanced to within one folder.
 *
 * Used by the build (src/api.ts) to choose a shard's folders, and by `briefing merge` (src/merge.ts) to check
 * a shard's briefings and put the shards' briefings back in the list's order.
 */
import path from 'node:path';

/** Shard `index` of `total` (both from 1, `index` ≤ `total`): `build --shard 2/3` is `{index: 2, total: 3}`. */
export interface Shard {
  readonly index: number;
  readonly total: number;
}

/** True when `shard` is whole numbers with 1 ≤ index ≤ total. */
export function isShard(shard: Shard): boolean {
  const { index, total } = shard;
  return Number.isSafeInteger(index) && Number.isSafeInteger(total) && index >= 1 && index <= total;
}

/** A folder's path as given, normalised: `./a//b/` and `a/b` are one folder, `a/b`. */
export function normaliseDir(dir: string): string {
  let normal = path.normalize(dir);
  while (normal.length > 1 && normal.endsWith(path.sep)) normal = normal.slice(0, -1);
  return normal;
}

/** Compare strings by UTF-16 code units (as `Array.prototype.sort` does), never by locale. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Where the i-th folder (from 0) of the sorted list goes when it is split in `total` shards: the shard's
 * index (from 1) and the folder's place (from 0) in that shard's share. The one statement of the rule.
 */
export function slotOf(i: number, total: number): { readonly index: number; readonly at: number } {
  return { index: (i % total) + 1, at: Math.floor(i / total) };
}

/** A shard's folders and the whole list, as {@link shareOf} gives them. */
export interface ShardShare {
  /** The shard's folders as given, in the list's sorted order. */
  readonly dirs: readonly string[];
  /** Every folder of the list, normalised, in the sorted order the shares are taken from. */
  readonly all: readonly string[];
}

/**
 * Shard `shard` of the list `dirs` (see the module's rule); a shard past the list's length is empty. `shard`
 * is taken as it is: check it with {@link isShard} first.
 */
export function shareOf(dirs: readonly string[], shard: Shard): ShardShare {
  const sorted = dirs.map((given) => ({ given, normal: normaliseDir(given) })).sort((a, b) => byCodeUnits(a.normal, b.normal) || byCodeUnits(a.given, b.given));
  return {
    dirs: sorted.filter((_, i) => slotOf(i, shard.total).index === shard.index).map((d) => d.given),
    all: sorted.map((d) => d.normal),
  };
}
