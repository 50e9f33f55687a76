/**
 * Many briefings in one run: a concurrency limit, one shared browser (see {@link BrowserSupervisor}), every
 * briefing built even when another fails, and a build manifest (`<out>/manifest.json`) describing the run.
 * Each briefing's files are staged into the run's output set (`options.output`) as it finishes, and
 * {@link commitRun} puts them in place with the manifest as one set.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { APPROVED_FILE, peekBriefingId, readApproved } from './approve.ts';
import { buildBriefing, type BuildOptions, type BuildResult } from './build.ts';
import { GENERATOR, sourceDateEpoch } from './version.ts';
import type { RenderContext } from './context.ts';
import { manifestFileOf, MANIFEST_FILE, withWriteError, type FileWrite, type OutputSet } from './effects.ts';
import { asFailure, BriefingError, EXIT, traceOf, type Diagnostic } from './errors.ts';
import { msg } from './messages.ts';
import type { BrowserSupervisor } from './pdf/supervisor.ts';
import { NO_CACHE, type Cache, type CacheStats } from './cache.ts';
import { changesMarkdown, compareSnapshots, type ChangeReport, type Snapshot } from './metrics/changes.ts';
import type { Shard } from './shard.ts';

/** The outcome of one briefing of a batch. */
export type BatchEntry =
  | { readonly dir: string; readonly ok: true; readonly result: BuildResult; readonly exitCode: 0 }
  | {
      readonly dir: string;
      readonly ok: false;
      readonly errors: readonly Diagnostic[];
      readonly exitCode: number;
      /** The stack trace behind the failure, when there is one ({@link traceOf}): `--debug` prints it; the manifest never holds it. */
      readonly trace?: string;
    };

/** Options of {@link buildMany}. */
export interface BatchOptions extends Omit<BuildOptions, 'withBrowser'> {
  /**
   * Briefings printed at the same time (default: the number of cores); as many more are read, rendered and
   * finished meanwhile.
   */
  readonly concurrency: number;
  readonly supervisor: BrowserSupervisor;
  readonly onStart?: (dir: string) => void;
  readonly onDone?: (entry: BatchEntry) => void;
  /** Briefings not yet started when it aborts are not built (their entries carry the abort). */
  readonly signal?: AbortSignal;
}

/**
 * Build every briefing folder, printing at most `concurrency` at a time, on the supervisor's browser. Never throws
 * for a briefing's failure: each entry says how its briefing ended, in the order of `dirs`.
 */
export async function buildMany(dirs: readonly string[], ctx: RenderContext, options: BatchOptions): Promise<BatchEntry[]> {
  // `concurrency` documents print at a time; as many more are read and rendered meanwhile, and finished (the
  // pdf-lib and standards passes, after the page closes), so that Chromium does not wait for Node between prints.
  const printing = pLimit(Math.max(1, options.concurrency));
  const limit = pLimit(Math.max(1, options.concurrency) * 2);
  const withBrowser: BuildOptions['withBrowser'] = (work, timeoutMs) => printing(() => options.supervisor.use(work, timeoutMs));
  const counter = pageAhead(dirs.length, options.concurrency, options.supervisor);
  const { supervisor, onStart, onDone, concurrency: _c, ...buildOptions } = options;
  // Chromium starts while the first briefings are read and rendered, not after.
  if (buildOptions.formats.includes('pdf') && dirs.length > 0) supervisor.warm();
  // Which folder builds an id is decided by the order of `dirs`, not by which render finishes first.
  const owner = new Map<string, number>();
  (await Promise.all(dirs.map(peekBriefingId))).forEach((id, i) => {
    if (id !== undefined && !owner.has(id)) owner.set(id, i);
  });
  const claimId = (index: number, dir: string) => (id: string): void => {
    const first = owner.get(id) ?? index;
    owner.set(id, first);
    if (first !== index) {
      throw BriefingError.of(msg.duplicateBriefingId(id, dirs[first]!), {
        file: path.join(dir, 'briefing.yaml'),
        path: 'id',
      });
    }
  };
  return Promise.all(
    dirs.map((dir, index) =>
      limit(async (): Promise<BatchEntry> => {
        if (options.signal?.aborted) return { dir, ok: false, ...asFailure(options.signal.reason) };
        onStart?.(dir);
        let entry: BatchEntry;
        const { loaded, ended } = counter();
        try {
          const result = await buildBriefing(dir, ctx, { ...buildOptions, claimId: claimId(index, dir), withBrowser, loaded });
          entry = { dir, ok: true, result, exitCode: EXIT.ok };
        } catch (e) {
          const trace = traceOf(e);
          entry = { dir, ok: false, ...asFailure(e), ...(trace === undefined ? {} : { trace }) };
        }
        ended();
        onDone?.(entry);
        return entry;
      }),
    ),
  );
}

/**
 * For each document of a batch of `total` (a call per document), its `loaded` (src/pdf/print-draft.ts) and
 * `ended` (call when its build ends). One document at a time (`concurrency` 1): once one has loaded, the page of
 * the next opens while it prints (a launched browser's only: see `prepareNext`); not sooner, nor beside other
 * documents' loads. Each document counts once: when it has loaded (once, also when printed again after a
 * browser crash), or when it ends without loading (it failed), which opens no page; after the last, none opens.
 */
function pageAhead(total: number, concurrency: number, supervisor: BrowserSupervisor): () => { loaded: () => void; ended: () => void } {
  let toPrint = total;
  return () => {
    let counted = false;
    const count = (): boolean => {
      if (counted) return false;
      counted = true;
      toPrint--;
      return true;
    };
    return {
      loaded: () => {
        if (count() && toPrint > 0 && concurrency === 1) supervisor.prepareNext();
      },
      ended: () => void count(),
    };
  };
}

/** `manifest.json`: what a build run produced, for CI to read. Paths are relative to the manifest's folder. */
export interface BuildManifest {
  readonly generator: string;
  /** When the run was made, an ISO 8601 instant to the second ({@link runDate}); `--since` names an earlier build by it. */
  readonly built: string;
  /** Present (true) only when the run printed drafts (`build --draft`): every page of its PDFs says "Draft". */
  readonly draft?: true;
  readonly ok: boolean;
  /** The on-disk cache of font subsets and charts: its folder (relative, null without one) and lookups by kind. */
  readonly cache: { readonly dir: string | null; readonly lookups: CacheStats };
  readonly briefings: readonly {
    readonly dir: string;
    readonly id: string | null;
    readonly ok: boolean;
    readonly files: readonly { readonly format: string; readonly path: string; readonly bytes: number; readonly sha256: string }[];
    readonly pages: number | null;
    /** Prints the PDF took: 1 when the contents' estimated page numbers held, more when they had to be corrected. */
    readonly prints: number | null;
    /** The standards the PDF claims and meets (`ua-1`: PDF/UA-1, `a-2b`: PDF/A-2b); `[]` for none; null without a PDF. */
    readonly pdfStandard: readonly string[] | null;
    readonly warnings: readonly Diagnostic[];
    readonly errors: readonly Diagnostic[];
    /** Milliseconds per stage: load, metrics, charts, html, pdf, write. */
    readonly timings: Readonly<Record<string, number>>;
    /**
     * What the build printed (what `--since` and `approve` compare): every figure, metric row, claim verdict and
     * conflict, and each risk, takeaway, chart, source, section and prose block (src/metrics/changes.ts `Snapshot`).
     */
    readonly values: Snapshot | null;
    /** The SHA-256 of the content the build read (src/content/read.ts `contentDigest`): `approve` refuses a build whose content changed since. */
    readonly contentSha256: string | null;
  }[];
  /** Present only in the manifest of a build of one shard of a list (`build --shard k/n`): see {@link ShardRecord}. */
  readonly shard?: ShardRecord;
}

export type { Shard };

/**
 * The options of a shard's build that change its output, as its manifest records them, for `briefing merge` to
 * refuse shards built differently: the formats (in the order given), the `pageSize` and `pdfStandard` overrides
 * (null: each briefing's own), the templates folder as given (null: the shipped templates) and `strict`. The
 * Chromium version is not recorded: a build learns it only from the browser it prints on.
 */
export interface ShardOptions {
  readonly formats: readonly string[];
  readonly pageSize: string | null;
  readonly pdfStandard: readonly string[] | null;
  readonly templates: string | null;
  readonly strict: boolean;
}

/**
 * What the manifest of a shard's build records, for `briefing merge` (src/merge.ts) to check that it joins every
 * shard of one list built alike: the shard, every folder of the whole list (normalised, in the sorted order the
 * shares are taken from, src/shard.ts), the options that change the output, and the exit code of the shard's build.
 */
export interface ShardRecord extends Shard {
  readonly dirs: readonly string[];
  readonly options: ShardOptions;
  readonly exitCode: number;
}

/**
 * When a run was made, as its manifest records it: `SOURCE_DATE_EPOCH` (whole seconds since 1970) when set
 * to a writable date (src/version.ts `sourceDateEpoch`),
 * as for the PDF's date (src/pdf/print-draft.ts `pdfMetadata`), so that a reproducible build records a
 * reproducible date; else the clock. An ISO 8601 instant to the second: `2026-06-02T04:00:00Z`.
 */
export function runDate(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  const date = sourceDateEpoch(env) ?? now();
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Build the manifest of a batch; `cache` is the render context's, whose lookups it records.
 * @param built when the run was made (default {@link runDate}).
 * @param draft true when the run printed drafts: the manifest says `draft: true`.
 */
export function buildManifest(entries: readonly BatchEntry[], outDir: string, cache: Cache = NO_CACHE, built: string = runDate(), draft = false): BuildManifest {
  return {
    generator: GENERATOR,
    built,
    ...(draft ? { draft: true as const } : {}),
    ok: entries.every((e) => e.ok),
    cache: { dir: cache.dir === null ? null : path.relative(outDir, cache.dir), lookups: cache.stats() },
    briefings: entries.map((e) =>
      e.ok
        ? {
            dir: e.dir,
            id: e.result.id,
            ok: true,
            files: e.result.files.map((f) => ({ format: f.format, path: path.relative(outDir, f.path), bytes: f.bytes, sha256: f.sha256 })),
            pages: e.result.pages ?? null,
            prints: e.result.prints ?? null,
            pdfStandard: e.result.pdfStandard ?? null,
            warnings: e.result.warnings,
            errors: [],
            timings: e.result.timings as Record<string, number>,
            values: e.result.snapshot,
            contentSha256: e.result.contentSha256,
          }
        : { dir: e.dir, id: null, ok: false, files: [], pages: null, prints: null, pdfStandard: null, warnings: [], errors: e.errors, timings: {}, values: null, contentSha256: null },
    ),
  };
}

/**
 * Commit a run's output set: every briefing's staged files, then `extra` (the changes files) and
 * `<dir>/manifest.json` last, in place as one set (the protocol is in src/effects.ts). Returns the
 * manifest's path.
 * @throws BriefingError (`write`) when the set cannot be put in place; nothing is replaced then, except as
 *   {@link msg.commitIncomplete} says.
 */
export async function commitRun(output: OutputSet, manifest: BuildManifest, extra: readonly FileWrite[] = []): Promise<string> {
  const file = path.join(output.dir, MANIFEST_FILE);
  const index = [...extra, { path: file, data: `${JSON.stringify(manifest, null, 2)}\n` }];
  await withWriteError(index.map((f) => f.path), { file: output.dir }, () => output.commit(index));
  return file;
}

/** What an earlier build recorded: its snapshots by briefing id, the manifest read, and why it has none. */
export interface EarlierBuild {
  readonly snapshots: Map<string, Snapshot>;
  readonly file: string;
  readonly note: string | null;
}

/**
 * The snapshots an earlier build recorded, by briefing id, from its manifest.json (or the output folder that
 * holds it), each with the manifest's `built` (when the earlier run was made) when it records one as an ISO
 * instant. A missing or unreadable manifest is not an error: `note` says why there is nothing to compare.
 */
export async function readSnapshots(since: string): Promise<EarlierBuild> {
  const file = manifestFileOf(since);
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return { snapshots: new Map(), file, note: `no earlier build at ${file}; nothing to compare with` };
  }
  const { briefings, built } = (manifest ?? {}) as Partial<BuildManifest>;
  const when = typeof built === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(built) && !Number.isNaN(Date.parse(built)) ? { built } : {};
  const snapshots = new Map<string, Snapshot>();
  for (const b of Array.isArray(briefings) ? briefings : []) if (b?.values && typeof b.values.id === 'string') snapshots.set(b.values.id, { ...b.values, ...when });
  return { snapshots, file, note: snapshots.size === 0 ? `${file} records no values of an earlier build; nothing to compare with` : null };
}

/** The snapshot a draft of one briefing is compared with ({@link readBaseline}), where it comes from, and why there is none. */
export interface Baseline {
  readonly snapshot: Snapshot | null;
  /** The manifest or approved.json it was read from; null when there is none. */
  readonly file: string | null;
  /** True when it is the briefing's approved version. */
  readonly approved: boolean;
  /** Why there is none, when `since` named a build without this briefing. */
  readonly note: string | null;
}

/**
 * What a draft of the briefing in `dir` is compared with: its snapshot in the build `since` names (a
 * manifest.json or output folder), or, without `since`, its approved version (`<dir>/approved.json`) when it
 * has one of this briefing's id.
 * @throws BriefingError (BR196) when approved.json is not an approved version.
 */
export async function readBaseline(dir: string, since?: string): Promise<Baseline> {
  const id = await peekBriefingId(dir);
  if (since === undefined) {
    const approved = await readApproved(dir);
    return approved !== undefined && approved.snapshot.id === id ? { snapshot: approved.snapshot, file: approved.file, approved: true, note: null } : { snapshot: null, file: null, approved: false, note: null };
  }
  const earlier = await readSnapshots(since);
  const snapshot = id === undefined ? undefined : earlier.snapshots.get(id);
  if (snapshot !== undefined) return { snapshot, file: earlier.file, approved: false, note: null };
  return { snapshot: null, file: null, approved: false, note: earlier.note ?? noEarlierBuild(id ?? dir, earlier.file) };
}

/**
 * `changes.json`: what changed in each briefing of a run since the earlier build, or why nothing was compared.
 * `since` is the manifest given with `--since`, or `approved` when each briefing was compared with its approved
 * version; each briefing's `baseline` is the file it was compared with (null when none).
 */
export interface ChangesFile {
  readonly since: string;
  readonly briefings: readonly { readonly id: string; readonly baseline: string | null; readonly changes: ChangeReport | null; readonly note: string | null }[];
}

/** `since` of a {@link ChangesFile} whose briefings were compared with their approved versions. */
export const APPROVED_BASELINE = 'approved';

const noEarlierBuild = (id: string, file: string): string => `no earlier build of ${id} in ${file}`;
const noApprovedVersion = (id: string, dir: string): string => `no approved version of ${id} (${path.join(dir, APPROVED_FILE)}): briefing approve ${dir} records one`;

/**
 * The change reports of a batch (each computed while its briefing rendered) against an earlier build, or, with
 * `since` undefined, each against its approved version.
 */
export function changesOf(entries: readonly BatchEntry[], since: { file: string } | undefined): ChangesFile {
  return {
    since: since?.file ?? APPROVED_BASELINE,
    briefings: entries.flatMap((e) => {
      if (!e.ok) return [];
      const { id, changes } = e.result;
      return [changes === null ? uncompared(since?.file ?? APPROVED_BASELINE, id, e.dir) : { id, baseline: since?.file ?? e.result.approvedFile, changes, note: null }];
    }),
  };
}

/** The change reports between two builds' recorded snapshots (`briefing diff`). */
export function changesBetween(before: { file: string; snapshots: ReadonlyMap<string, Snapshot> }, after: Iterable<Snapshot>): ChangesFile {
  return {
    since: before.file,
    briefings: [...after].map((s) => {
      const earlier = before.snapshots.get(s.id);
      return earlier === undefined ? uncompared(before.file, s.id, '') : { id: s.id, baseline: before.file, changes: compareSnapshots(earlier, s), note: null };
    }),
  };
}

/**
 * The entry of changes.json for a briefing compared with nothing: why, for a run compared with `since` (a
 * {@link ChangesFile}'s `since`: the earlier manifest, or {@link APPROVED_BASELINE}). `briefing merge` fills with
 * it the briefings of a shard that wrote no changes.json.
 */
export function uncompared(since: string, id: string, dir: string): ChangesFile['briefings'][number] {
  return { id, baseline: null, changes: null, note: since === APPROVED_BASELINE ? noApprovedVersion(id, dir) : noEarlierBuild(id, since) };
}

/** `<outDir>/changes.json` and `<outDir>/changes.md` of a run's change reports: their one writer (build and merge). */
export function changesFiles(outDir: string, changes: ChangesFile): FileWrite[] {
  return [
    { path: path.join(outDir, 'changes.json'), data: `${JSON.stringify(changes, null, 2)}\n` },
    { path: path.join(outDir, 'changes.md'), data: changesSummary(changes) },
  ];
}

/** The Markdown summary of a changes file (for a CI job summary). */
export function changesSummary(changes: ChangesFile): string {
  return changes.briefings.map((b) => (b.changes === null ? `### ${b.id}\n\n${b.note}\n` : changesMarkdown(b.changes))).join('\n');
}

/** The exit code of a batch: the worst of its briefings'. */
export function batchExitCode(entries: readonly BatchEntry[]): number {
  return entries.reduce((worst, e) => Math.max(worst, e.exitCode), EXIT.ok as number);
}
