/**
 * Scale-out over several jobs: a build's share of a list of briefing folders (`build --shard k/n`, as Playwright's
 * and Jest's `--shard`), and the merge of the shards' outputs into one output folder (`briefing merge`) that looks
 * like the output of one build of the whole list.
 *
 * ```
 * build --shard k/n   folders ─► normalised, sorted ─► the i-th with i % n == k-1 ─► buildMany ─► manifest.json
 *                     (src/shard.ts)      (with shard: {index, total, dirs: the whole sorted list, options, exitCode};
 *                                          written even when empty)
 * merge               manifests ─► read (zod) ─► one list, every k once, built alike, no id twice
 *                     ─► briefings in the list's sorted order ─► their files read, checked against size and SHA-256
 *                     ─► output set (src/effects.ts): files staged; changes files and manifest.json committed
 * ```
 *
 * The share rule (stable from night to night while the list is unchanged, whatever order the shell passes it in)
 * is src/shard.ts's, which the build loads without this module.
 *
 * The merged manifest is what one build of the list, given in that sorted order, records, apart from what
 * belongs to each shard's process: `timings` (each briefing's own, as its shard measured them), `built` (the
 * latest shard's), `cache.lookups` (summed over the shards) and `cache.dir` (the shards' when they all record the
 * same, relative to their own output folders; else null). It has no `shard`. Its exit code is the one build's:
 * the worst error (2 system, then 1 content) of any shard, else 3 when a shard's --strict failed on warnings. Its changes.json joins the shards'
 * (a briefing of a shard that wrote none is said to be compared with nothing, as one build says it), and its
 * changes.md is written from it by the one writer of both (src/batch.ts `changesFiles`).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BuildManifest, ChangesFile, Shard, ShardRecord } from './batch.ts';
import { diskEffects, manifestFileOf, outputSetOf, withWriteError, type BuildEffects, type FileWrite } from './effects.ts';
import { BriefingError, DiagnosticList, EXIT, firstLine } from './errors.ts';
import { msg, problem } from './messages.ts';
import { normaliseDir, shareOf, slotOf } from './shard.ts';

const count = z.number().int().min(0);
/** What merge reads of a manifest; the rest of each briefing's entry (and of the manifest) is copied as it is. */
const manifestSchema = z.looseObject({
  generator: z.string(),
  built: z.string(),
  draft: z.literal(true).optional(),
  ok: z.boolean(),
  cache: z.object({ dir: z.string().nullable(), lookups: z.record(z.string(), z.object({ hits: count, misses: count })) }),
  briefings: z.array(
    z.looseObject({
      dir: z.string(),
      id: z.string().nullable(),
      ok: z.boolean(),
      files: z.array(z.object({ format: z.string(), path: z.string(), bytes: count, sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
    }),
  ),
  shard: z
    .object({
      index: z.number().int().min(1),
      total: z.number().int().min(1),
      dirs: z.array(z.string()),
      options: z.object({ formats: z.array(z.string()), pageSize: z.string().nullable(), pdfStandard: z.array(z.string()).nullable(), templates: z.string().nullable(), strict: z.boolean() }),
      exitCode: count,
    })
    .optional(),
});
/** What merge reads of a changes.json; each briefing's entry is copied as it is. */
const changesSchema = z.looseObject({ since: z.string(), briefings: z.array(z.looseObject({ id: z.string() })) });

type ManifestRead = z.output<typeof manifestSchema>;
type BriefingRead = ManifestRead['briefings'][number];

/** A build's output folder as merge reads it: its manifest, the folder, and the changes.json beside it (null: none). */
interface ShardRead {
  readonly file: string;
  readonly dir: string;
  readonly manifest: ManifestRead;
  readonly changes: { readonly file: string; readonly data: z.output<typeof changesSchema> } | null;
}

/** A shard's build: a {@link ShardRead} whose manifest records its shard. */
interface ShardBuild extends ShardRead {
  readonly manifest: ManifestRead & { readonly shard: ShardRecord };
}

/** Options of {@link mergeShards}. */
export interface MergeOptions {
  /** Output folder (default `output`). */
  readonly outDir?: string;
  /** Where files are written (default: the disk, as one set with the manifest; see src/effects.ts). */
  readonly effects?: BuildEffects;
  /** Aborting stops the merge before it stages or commits; nothing is written then. */
  readonly signal?: AbortSignal;
}

/** What {@link mergeShards} did. */
export interface MergeRun {
  /** True when the exit code is 0. */
  readonly ok: boolean;
  /** The exit code one build of the whole list gives, from the shards' as their manifests record them ({@link mergedExitCode}). */
  readonly exitCode: number;
  /** The number of shards merged. */
  readonly shards: number;
  /** The merged manifest: what manifest.json holds. */
  readonly manifest: BuildManifest;
  /** Where manifest.json was written; null when no briefing built in any shard (then nothing is written). */
  readonly manifestFile: string | null;
  /** The joined change reports; null when no shard wrote any. */
  readonly changes: ChangesFile | null;
}

/**
 * Join the outputs of `build --shard k/n`, one per k, into `outDir`: their files copied, and one manifest.json
 * (with changes.json and changes.md when the shards wrote change reports), in place as one set (src/effects.ts).
 * `sources` are the shards' manifest.json files or output folders, in any order.
 * @throws BriefingError, nothing written: BR321–BR329 (`usage`) when the sources are not every shard of one list
 *   built alike, once each, with every file they list; BR430 (`write`) when a file cannot be read; BR403 and the
 *   others of src/effects.ts when the output cannot be written. The signal's reason when aborted.
 */
export async function mergeShards(sources: readonly string[], options: MergeOptions = {}): Promise<MergeRun> {
  const outDir = options.outDir ?? 'output';
  // The engine's batch module loads here, not with this module, which `build --shard` loads before Chromium starts.
  const [batch, read] = await Promise.all([import('./batch.ts'), Promise.all(sources.map(readShard))]);
  const slots = checkShards(read);
  const briefings = mergedBriefings(slots);
  const files = await readOutputs(briefings, outDir);
  const changes = mergedChanges(slots, briefings.map((b) => b.entry), batch.uncompared);
  const manifest = mergedManifest(slots, briefings.map((b) => b.entry));
  const exitCode = mergedExitCode(slots.map((s) => s.manifest.shard.exitCode));
  let manifestFile: string | null = null;
  if (briefings.some((b) => b.entry.ok)) {
    options.signal?.throwIfAborted();
    const output = outputSetOf(options.effects ?? diskEffects, outDir);
    try {
      await withWriteError(files.map((f) => f.path), { file: outDir }, () => output.stage(files));
      options.signal?.throwIfAborted();
      manifestFile = await batch.commitRun(output, manifest, changes === null ? [] : batch.changesFiles(outDir, changes));
    } finally {
      await output.discard();
    }
  }
  return { ok: exitCode === EXIT.ok, exitCode, shards: slots.length, manifest, manifestFile, changes };
}

/**
 * The exit code of one build of the whole list, from its shards' (each 0, 1, 2 or 3): as src/strict.ts
 * `strictExitCode` decides one build's, the worst error (2 system, then 1 content) stands, and 3 (--strict
 * warnings) only when no shard had an error; else 0.
 */
export function mergedExitCode(codes: readonly number[]): number {
  const worstError = Math.max(EXIT.ok, ...codes.filter((c) => c !== EXIT.warnings));
  return worstError !== EXIT.ok ? worstError : codes.includes(EXIT.warnings) ? EXIT.warnings : EXIT.ok;
}

/** One shard's manifest (`source` is it, or the folder that holds it) and the changes.json beside it, when there is one. */
async function readShard(source: string): Promise<ShardRead> {
  const file = manifestFileOf(source);
  const dir = path.dirname(file);
  const manifest = (await readJson(file, manifestSchema))!;
  const changesFile = path.join(dir, 'changes.json');
  const changes = await readJson(changesFile, changesSchema, true);
  return { file, dir, manifest, changes: changes === undefined ? null : { file: changesFile, data: changes } };
}

/**
 * The JSON file `file` read and checked against `schema`; undefined when it does not exist and is `optional`.
 * @throws BriefingError ({@link msg.unreadableShard}) at the file, and the field that is wrong, otherwise.
 */
async function readJson<S extends z.ZodType>(file: string, schema: S, optional = false): Promise<z.output<S> | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (optional && err.code === 'ENOENT') return undefined;
    throw BriefingError.of(msg.unreadableShard(file, err.code === undefined ? firstLine(e) : problem.fileSystem(err.code, err.message)), { file }, e);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw BriefingError.of(msg.unreadableShard(file, issue.message), { file, path: issue.path.map(String).join('.') });
}

/**
 * The shards in their order (slot k-1 holds shard k), once each checked to be every shard of one list, built
 * alike, each holding its share, with no briefing id in two.
 * @throws BriefingError with every reason they are not (BR321–BR327).
 */
function checkShards(read: readonly ShardRead[]): ShardBuild[] {
  const diags = new DiagnosticList();
  if (read.length === 0) diags.add(msg.shardsMissing([], 0));
  const shards: ShardBuild[] = [];
  for (const s of read) {
    const shard = s.manifest.shard;
    if (shard === undefined) diags.add(msg.notAShard(s.file), { file: s.file });
    else if (shard.index > shard.total) diags.add(msg.unreadableShard(s.file, problem.shardForm(`${shard.index}/${shard.total}`)), { file: s.file, path: 'shard.index' });
    else if (shards[0] !== undefined && !sameList(shards[0].manifest.shard, shard)) diags.add(msg.shardsOfOtherLists(s.file, shards[0].file), { file: s.file, path: 'shard.dirs' });
    else shards.push({ ...s, manifest: { ...s.manifest, shard } });
  }
  diags.throwIfAny();
  const slots = shardSlots(shards, diags);
  checkAlike(shards, diags);
  checkShares(shards, diags);
  // A shard given twice holds the same ids: only the shards kept in their slots are compared.
  checkIds(slots.filter((s) => s !== undefined), diags);
  diags.throwIfAny();
  return slots as ShardBuild[];
}

/** True when two shards' records are of one list split in one number of shards. */
function sameList(a: ShardRecord, b: ShardRecord): boolean {
  return a.total === b.total && a.dirs.length === b.dirs.length && a.dirs.every((d, i) => d === b.dirs[i]);
}

/** The shards by index (slot k-1 for shard k); a shard given twice or missing is added to `diags`. */
function shardSlots(shards: readonly ShardBuild[], diags: DiagnosticList): (ShardBuild | undefined)[] {
  const total = shards[0]!.manifest.shard.total;
  const slots: (ShardBuild | undefined)[] = Array.from({ length: total }, () => undefined);
  for (const s of shards) {
    const { index } = s.manifest.shard;
    const other = slots[index - 1];
    if (other !== undefined) diags.add(msg.shardTwice(index, total, other.file), { file: s.file, path: 'shard.index' });
    else slots[index - 1] = s;
  }
  const missing = slots.flatMap((s, i) => (s === undefined ? [i + 1] : []));
  if (missing.length > 0) diags.add(msg.shardsMissing(missing, total), { file: shards[0]!.file, path: 'shard.total' });
  return slots;
}

/**
 * Shards built by another version of briefing, with and without --draft, with other options that change the
 * output (batch.ts `ShardOptions`: formats, page size, PDF standards, templates, strict), or compared with
 * different builds, added to `diags` (BR327).
 */
function checkAlike(shards: readonly ShardBuild[], diags: DiagnosticList): void {
  const first = shards[0]!;
  const compared = shards.find((s) => s.changes !== null);
  for (const s of shards) {
    const differs = (how: string, place: { file: string; path: string }): void => diags.add(msg.shardsBuiltDifferently(s.file, first.file, how), place);
    if (s.manifest.generator !== first.manifest.generator) differs(problem.shardGenerators(s.manifest.generator, first.manifest.generator), { file: s.file, path: 'generator' });
    if ((s.manifest.draft === true) !== (first.manifest.draft === true)) differs(problem.shardDraft(), { file: s.file, path: 'draft' });
    for (const [name, value] of Object.entries(s.manifest.shard.options)) {
      const other = JSON.stringify(first.manifest.shard.options[name as keyof ShardRecord['options']]);
      if (JSON.stringify(value) !== other) differs(problem.shardOption(name, JSON.stringify(value), other), { file: s.file, path: `shard.options.${name}` });
    }
    if (s.changes !== null && compared !== undefined && s.changes.data.since !== compared.changes!.data.since) {
      diags.add(msg.shardsBuiltDifferently(s.changes.file, compared.changes!.file, problem.shardBaselines(s.changes.data.since, compared.changes!.data.since)), { file: s.changes.file, path: 'since' });
    }
  }
}

/** A shard whose briefings are not its share of the list, or that lists a file outside its folder, added to `diags`. */
function checkShares(shards: readonly ShardBuild[], diags: DiagnosticList): void {
  for (const s of shards) {
    const { index, total, dirs } = s.manifest.shard;
    const share = shareOf(dirs, { index, total }).dirs;
    const { briefings } = s.manifest;
    if (briefings.length !== share.length || briefings.some((b, j) => normaliseDir(b.dir) !== share[j])) {
      diags.add(msg.unreadableShard(s.file, problem.notShardShare(index, total)), { file: s.file, path: 'briefings' });
    }
    briefings.forEach((b, j) =>
      b.files.forEach((f, m) => {
        // A build writes each file straight into its output folder: a path that names another place is refused.
        if (f.path !== path.basename(f.path) || f.path === '..' || f.path === '.') diags.add(msg.unreadableShard(s.file, problem.notInFolder(f.path)), { file: s.file, path: `briefings.${j}.files.${m}.path` });
      }),
    );
  }
}

/** A briefing id built in two shards, added to `diags` at the later one. */
function checkIds(shards: readonly ShardBuild[], diags: DiagnosticList): void {
  const owner = new Map<string, string>();
  for (const s of shards) {
    s.manifest.briefings.forEach((b, j) => {
      if (b.id === null) return;
      const other = owner.get(b.id);
      if (other !== undefined) diags.add(msg.briefingInTwoShards(b.id, other), { file: s.file, path: `briefings.${j}.id` });
      else owner.set(b.id, s.file);
    });
  }
}

/** A briefing of the merged manifest: its entry, the shard it comes from and its place in that shard's manifest. */
interface MergedBriefing {
  readonly entry: BriefingRead;
  readonly shard: ShardBuild;
  readonly at: number;
}

/** The shards' briefings in the list's sorted order: the i-th (from 0) is where src/shard.ts `slotOf` puts it. */
function mergedBriefings(slots: readonly ShardBuild[]): MergedBriefing[] {
  const length = slots[0]!.manifest.shard.dirs.length;
  return Array.from({ length }, (_, i) => {
    const { index, at } = slotOf(i, slots.length);
    const shard = slots[index - 1]!;
    return { entry: shard.manifest.briefings[at]!, shard, at };
  });
}

/**
 * Every file the built briefings list, read from its shard's folder and checked against its size and SHA-256,
 * as a write into `outDir`.
 * @throws BriefingError with every file that is missing or changed (BR328, BR329) or cannot be read (BR430).
 */
async function readOutputs(briefings: readonly MergedBriefing[], outDir: string): Promise<FileWrite[]> {
  const diags = new DiagnosticList();
  const writes = await Promise.all(
    briefings.flatMap(({ entry, shard, at }) =>
      entry.files.map(async (f, m): Promise<FileWrite[]> => {
        const source = path.join(shard.dir, f.path);
        const place = { file: shard.file, path: `briefings.${at}.files.${m}.path` };
        let data: Buffer;
        try {
          data = await readFile(source);
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          diags.add(err.code === 'ENOENT' ? msg.shardFileMissing(source) : msg.cannotReadShardFile(source, problem.fileSystem(err.code, err.message)), place);
          return [];
        }
        if (data.length !== f.bytes || createHash('sha256').update(data).digest('hex') !== f.sha256) diags.add(msg.shardFileChanged(source), place);
        return [{ path: path.join(outDir, f.path), data }];
      }),
    ),
  );
  diags.throwIfAny();
  return writes.flat();
}

/**
 * The shards' change reports joined, one entry per built briefing in the merged order (as one build's
 * `changesOf` lists them), `uncompared` (src/batch.ts) for a briefing of a shard that wrote none; null when no
 * shard wrote any.
 */
function mergedChanges(slots: readonly ShardBuild[], briefings: readonly BriefingRead[], uncompared: typeof import('./batch.ts').uncompared): ChangesFile | null {
  const reports = slots.flatMap((s) => (s.changes === null ? [] : [s.changes.data]));
  if (reports.length === 0) return null;
  const since = reports[0]!.since;
  const byId = new Map(reports.flatMap((r) => r.briefings.map((b) => [b.id, b] as const)));
  return {
    since,
    briefings: briefings.flatMap((b) => (!b.ok || b.id === null ? [] : [(byId.get(b.id) as ChangesFile['briefings'][number] | undefined) ?? uncompared(since, b.id, b.dir)])),
  };
}

/** The merged manifest: the first shard's, without `shard`, with every shard's briefings, the latest `built` and the cache lookups summed. */
function mergedManifest(slots: readonly ShardBuild[], briefings: readonly BriefingRead[]): BuildManifest {
  const { shard: _shard, ...first } = slots[0]!.manifest;
  const lookups: Record<string, { hits: number; misses: number }> = {};
  for (const s of slots) {
    for (const [kind, { hits, misses }] of Object.entries(s.manifest.cache.lookups)) {
      const sum = (lookups[kind] ??= { hits: 0, misses: 0 });
      sum.hits += hits;
      sum.misses += misses;
    }
  }
  const dirs = new Set(slots.map((s) => s.manifest.cache.dir));
  // Each entry is copied as its shard's build wrote it (a BuildManifest's); merge read only the fields it checks.
  const entries = briefings as readonly unknown[] as BuildManifest['briefings'];
  return {
    ...first,
    built: slots.map((s) => s.manifest.built).reduce((a, b) => (b > a ? b : a)),
    ok: briefings.every((b) => b.ok),
    cache: { dir: dirs.size === 1 ? [...dirs][0]! : null, lookups },
    briefings: entries,
  };
}
