/**
 * The programmatic API of briefing (`import { build } from 'briefing'`): what the command line does, as
 * functions with typed options and results. The CLI (`src/cli/`) is a thin layer over these, so a build from
 * code writes the same files, the same `manifest.json` and the same diagnostics as `briefing build`.
 *
 * - Content errors never throw from {@link build} or {@link check}: each briefing's outcome is in the result,
 *   with diagnostics (file, line, column, code, hint). {@link renderHtml} and {@link loadBriefing} handle one
 *   briefing and throw a {@link BriefingError} carrying the diagnostics.
 * - Every function takes an `AbortSignal`; aborting rejects with the signal's reason and writes nothing more.
 * - `build` and `preview` print on a browser of their own (found as the CLI finds it), on a running one
 *   (`browserWSEndpoint`), or on the caller's puppeteer-core `Browser`, which is used as it is and left open.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import findCacheDirectory from 'find-cache-dir';
import type { BuildEffects, Format } from './build.ts';
import type { RenderContext } from './context.ts';
import { outputSetOf, type FileWrite, type OutputSet } from './effects.ts';
import type { Baseline, BatchEntry, BuildManifest, ChangesFile, EarlierBuild, Shard, ShardRecord } from './batch.ts';
import type { MergeOptions, MergeRun } from './merge.ts';
import type { Briefing, BriefingSettings } from './content/model.ts';
import { orderedStandards, PDF_STANDARDS, type PdfStandard } from './content/kinds.ts';
import { BriefingError, EXIT, type Diagnostic } from './errors.ts';
import { raceAbort } from './abort.ts';
import { strictExitCode } from './strict.ts';
import { isShard, shareOf } from './shard.ts';
import { msg } from './messages.ts';
import type { Preview, Problem, RenderReport } from './preview/server.ts';
/** What the preview reports after each render, and one problem its page lists. */
export type { Problem, RenderReport };
import type { Snapshot } from './metrics/changes.ts';

export { BriefingError, CATALOGUE, EXIT, formatDiagnostic, type Diagnostic } from './errors.ts';
import { findChromium } from './pdf/locate.ts';
import { spawnChromium, type ChromiumProcess } from './pdf/chromium.ts';
import { endpointList } from './pdf/endpoint.ts';
import { startRenderThread, type RenderThread } from './charts/render-thread.ts';
import type { BrowserOptions, SupervisorRequest } from './pdf/callers.ts';

export { findChromium };
export { createBriefing } from './preview/scaffold.ts';
export { initProject, type InitOptions, type InitReport } from './init.ts';
export { check, type CheckOptions, type CheckReport, type CheckResult, type InlineValueReport } from './check.ts';
export type { Baseline, BatchEntry, BrowserOptions, BuildManifest, ChangesFile, Format, Briefing, PdfStandard, Preview, Snapshot };
export type { MergeOptions, MergeRun, Shard, ShardRecord };
export { PDF_STANDARDS };

/**
 * Options of {@link build}. Defaults are the CLI's. The browser's (`browser`, `browserWSEndpoint`,
 * `restartAfter`, `onBrowserEvent`) and `signal` are the PDF stage's {@link SupervisorRequest}.
 */
export interface BuildOptions extends SupervisorRequest {
  /** Output folder (default `output`). */
  readonly outDir?: string;
  /** Formats to write (default `['pdf', 'html']`). */
  readonly formats?: readonly Format[];
  readonly pageSize?: BriefingSettings['pageSize'];
  /**
   * The standards every PDF claims and meets, over each briefing.yaml's `pdfStandard` (default: each
   * briefing's, which defaults to `['ua-1', 'a-2b']`); `[]` prints Chromium's PDF as it is. manifest.json
   * records each PDF's claim.
   */
  readonly pdfStandard?: readonly PdfStandard[];
  /** An earlier build (its manifest.json or output folder): writes changes.json and changes.md. Default: each briefing's approved.json. */
  readonly since?: string;
  /**
   * Build only shard `index` of `total` of the folders (`build --shard k/n`): the folders sorted by their
   * normalised paths, the i-th (from 0) with i % total == index - 1 (src/shard.ts `shareOf`). manifest.json
   * records `shard` ({@link ShardRecord}), and is written even when the shard builds nothing, for {@link merge}.
   */
  readonly shard?: Shard;
  /** Briefings printed at the same time, while as many more are rendered and finished (default: the number of cores). */
  readonly concurrency?: number;
  /**
   * Time limit of loading and of printing a briefing, in ms per MiB of its HTML and never less
   * (src/pdf/print-draft.ts `printLimit`; default 60,000); the whole print, layout pass included, has it four
   * times over.
   */
  readonly timeoutMs?: number;
  /** Folder of template sets (default: the templates that ship with briefing). */
  readonly templates?: string;
  /**
   * Folder of the on-disk cache of font subsets and charts (src/cache.ts); `null` keeps none. Default:
   * `node_modules/.cache/briefing` of the project the process runs in (or `$CACHE_DIR/briefing`), none outside one.
   */
  readonly cacheDir?: string | null;
  /**
   * Exit code 3 when none failed and a briefing built with a warning (default false): the content warnings that
   * fail `check --strict` (inconsistent claims, stale prose numbers, …) and the print lint's (src/strict.ts).
   */
  readonly strict?: boolean;
  /**
   * Print drafts: every page of each PDF carries a "Draft" mark (a watermark artifact), and manifest.json says
   * `draft: true` (default false: no mark, and the same bytes as a build before the mark existed).
   */
  readonly draft?: boolean;
  /**
   * Where files are written (default: the disk, the run's files put in place as one set with its manifest;
   * see src/effects.ts). Effects without `openOutputSet` get every file of the run in one `writeFiles` call.
   */
  readonly effects?: BuildEffects;
  readonly onStart?: (dir: string) => void;
  readonly onDone?: (entry: BatchEntry) => void;
}

/** What {@link build} did. */
export interface BuildRun {
  /** True when every briefing built. */
  readonly ok: boolean;
  /** The CLI's exit code for this run: 0, 1 (content) or 2 (system), the worst of the briefings'; 3 for warnings under `strict`. */
  readonly exitCode: number;
  /** One entry per briefing folder, in the order given. */
  readonly entries: readonly BatchEntry[];
  /** The run's manifest, failures included: what manifest.json holds. */
  readonly manifest: BuildManifest;
  /** Where manifest.json was written; null when no briefing built (then no file at all is written) and the build is no shard. */
  readonly manifestFile: string | null;
  /** The change reports against `since`, or against the approved versions; null when nothing was compared or nothing built. */
  readonly changes: ChangesFile | null;
  /** Why there was nothing to compare with (no earlier manifest), when `since` was given. */
  readonly sinceNote: string | null;
}

/** An output set that refuses to stage or commit once the signal has aborted. */
function abortableSet(output: OutputSet, signal: AbortSignal | undefined): OutputSet {
  if (!signal) return output;
  return {
    dir: output.dir,
    stage: async (files) => (signal?.throwIfAborted(), output.stage(files)),
    commit: async (index) => (signal?.throwIfAborted(), output.commit(index)),
    discard: () => output.discard(),
  };
}

const list = (dirs: string | readonly string[]): readonly string[] => (typeof dirs === 'string' ? [dirs] : dirs);

/**
 * Build briefing folders into PDF and HTML, like `briefing build`: every briefing is built even when another
 * fails; `<outDir>/manifest.json` describes the run when at least one briefing built. The run's files go in
 * place at its end as one set with the manifest, under the output folder's lock (src/effects.ts), so the
 * manifest always describes the files beside it, even after a kill or next to another build. A run where every
 * briefing failed writes no file at all (the previous outputs stay).
 * @throws the signal's reason when aborted; BriefingError (`usage`) for contradictory options.
 */
export async function build(dirs: string | readonly string[], options: BuildOptions = {}): Promise<BuildRun> {
  const { signal } = options;
  signal?.throwIfAborted();
  const outDir = options.outDir ?? 'output';
  const formats = options.formats ?? ['pdf', 'html'];
  const cacheDir = options.cacheDir === undefined ? findCacheDirectory({ name: 'briefing' }) : options.cacheDir;
  // Chromium starts first, so that its start overlaps loading the engine and the content (src/pdf/chromium.ts).
  // build --shard: this run's share of the list, and what its manifest records of the whole (src/shard.ts).
  const shard = options.shard === undefined ? undefined : shardRun(list(dirs), options.shard, { ...options, formats });
  const share = shard?.dirs ?? list(dirs);
  // With no cache to draw from, the charts and fonts are made in a worker thread that loads their libraries now.
  const thread = share.length > 0 && formats.length > 0 && (cacheDir == null || !existsSync(cacheDir)) ? startRenderThread() : undefined;
  const chromium = formats.includes('pdf') && share.length > 0 ? startChromiumEarly(options, cacheDir ?? undefined) : undefined;
  let loaded;
  try {
    // The engine loads here, not with this module, and the browser modules only for a build.
    loaded = await Promise.all([import('./pdf/callers.ts'), import('./context.ts'), import('./build.ts'), import('./batch.ts')]);
  } catch (e) {
    chromium?.kill();
    await thread?.close();
    throw e;
  }
  const [{ supervisorFor }, { createRenderContext }, { diskEffects }, batch] = loaded;
  let supervisor;
  try {
    supervisor = supervisorFor(options, chromium);
  } catch (e) {
    // Options that cannot go together (a browser and an endpoint): nothing started is left running.
    chromium?.kill();
    await thread?.close();
    throw e;
  }
  const output = abortableSet(outputSetOf(options.effects ?? diskEffects, outDir), signal);
  try {
    const run = await buildAll(share, { batch, supervisor, createRenderContext, cacheDir, outDir, output, thread }, options);
    signal?.throwIfAborted();
    return await finishRun(batch, run, outDir, output, options, shard?.record);
  } finally {
    // Files staged by a run that did not commit (aborted, nothing built, a failed commit) are removed.
    await output.discard();
  }
}

/**
 * Shard `shard` of the build of `dirs` (src/shard.ts `shareOf`): its folders, and what its manifest records of
 * the list and of the options that change the output (batch.ts {@link ShardRecord} but the exit code).
 * @throws BriefingError ({@link msg.badShard}, `usage`) when `shard` is not whole numbers with 1 ≤ index ≤ total.
 */
function shardRun(dirs: readonly string[], shard: Shard, options: BuildOptions & { readonly formats: readonly string[] }): { dirs: readonly string[]; record: Omit<ShardRecord, 'exitCode'> } {
  const { index, total } = shard;
  if (!isShard(shard)) throw BriefingError.of(msg.badShard(index, total));
  const { dirs: taken, all } = shareOf(dirs, shard);
  const recorded = {
    formats: [...options.formats],
    pageSize: options.pageSize ?? null,
    pdfStandard: options.pdfStandard ? orderedStandards(options.pdfStandard) : null,
    templates: options.templates ?? null,
    strict: options.strict === true,
  };
  return { dirs: taken, record: { index, total, dirs: all, options: recorded } };
}

/** What {@link buildAll} builds with: the engine's modules, the browser, the cache folder and the output set. */
interface BuildSetting {
  readonly batch: typeof import('./batch.ts');
  readonly supervisor: ReturnType<typeof import('./pdf/callers.ts').supervisorFor>;
  readonly createRenderContext: typeof import('./context.ts').createRenderContext;
  readonly cacheDir: string | null | undefined;
  /** The render worker started with the build, when nothing could come from a cache; the render context ends it. */
  readonly thread: RenderThread | undefined;
  readonly outDir: string;
  readonly output: OutputSet;
}

/** The briefings of a {@link build}, staged into the output set on the supervisor's browser, which is closed after. */
async function buildAll(dirs: readonly string[], { batch, supervisor, createRenderContext, cacheDir, outDir, output, thread }: BuildSetting, options: BuildOptions): Promise<BatchRun> {
  const { signal } = options;
  const ctx = createRenderContext(options.templates, { ...(cacheDir == null ? {} : { cacheDir }), ...(thread ? { thread } : {}) });
  try {
    // Read the earlier build first: the earlier manifest may be the one this build replaces.
    const since = options.since === undefined ? undefined : await batch.readSnapshots(options.since);
    const entries = await batch.buildMany(dirs, ctx, {
      outDir,
      formats: options.formats ?? ['pdf', 'html'],
      // Without --since, each briefing is compared with its approved version when it has one.
      overrides: { ...(options.pageSize ? { pageSize: options.pageSize } : {}), ...(options.pdfStandard ? { pdfStandard: orderedStandards(options.pdfStandard) } : {}), ...(since ? { previous: since.snapshots } : { approved: true }) },
      timeoutMs: options.timeoutMs ?? 60_000,
      concurrency: options.concurrency ?? availableParallelism(),
      ...(options.draft === true ? { draft: true } : {}),
      supervisor,
      output,
      ...(signal ? { signal } : {}),
      ...(options.onStart ? { onStart: options.onStart } : {}),
      ...(options.onDone ? { onDone: options.onDone } : {}),
    });
    return { entries, ctx, since };
  } finally {
    await Promise.all([supervisor.close(), ctx.close()]);
  }
}

/** A build's briefings built: their entries, the render context (its cache's stats) and the earlier build. */
interface BatchRun {
  readonly entries: BatchEntry[];
  readonly ctx: RenderContext;
  readonly since: EarlierBuild | undefined;
}

/**
 * After a build's briefings: the output set committed with the manifest and the changes files (when any
 * briefing built, or the build is the shard `shard`; otherwise nothing is written), and the run's exit code.
 */
async function finishRun(
  batch: typeof import('./batch.ts'),
  { entries, ctx, since }: BatchRun,
  outDir: string,
  output: OutputSet,
  options: BuildOptions,
  shard?: Omit<ShardRecord, 'exitCode'>,
): Promise<BuildRun> {
  const manifest = batch.buildManifest(entries, outDir, ctx.cache, undefined, options.draft === true);
  const built = entries.some((e) => e.ok);
  let changes: ChangesFile | null = null;
  const extra: FileWrite[] = [];
  if (built && (since !== undefined || entries.some((e) => e.ok && e.result.approvedFile !== null))) {
    changes = batch.changesOf(entries, since);
    extra.push(...batch.changesFiles(outDir, changes));
  }
  // strict: a content or print warning fails the build once there are no errors (src/strict.ts).
  const exitCode = strictExitCode(batch.batchExitCode(entries), entries.flatMap((e) => (e.ok ? e.result.warnings : [])), 'build', options.strict === true);
  // A shard's manifest records it and its exit code, and is written even when it built nothing, for briefing merge.
  const recorded: BuildManifest = shard === undefined ? manifest : { ...manifest, shard: { ...shard, exitCode } };
  const manifestFile = built || shard !== undefined ? await batch.commitRun(output, recorded, extra) : null;
  return { ok: exitCode === EXIT.ok, exitCode, entries, manifest: recorded, manifestFile, changes, sinceNote: since?.note ?? null };
}

/**
 * Chromium started now for a build that will launch its own (no `browser` and no endpoint in `browserWSEndpoint`),
 * found through the build cache folder's memo of the browser search when there is one (src/pdf/locate.ts).
 * Undefined when it will not, or when no browser is found or it cannot be started: the launch then says why.
 */
function startChromiumEarly(options: BrowserOptions, cacheDir: string | undefined): ChromiumProcess | undefined {
  if (options.browser || endpointList(options.browserWSEndpoint).length > 0) return undefined;
  try {
    return spawnChromium(findChromium(process.env, cacheDir));
  } catch {
    return undefined;
  }
}

/**
 * Join the outputs of a sharded build (`build` with `shard`, once per shard) into one output folder, like
 * `briefing merge`: each shard's files copied, and one manifest.json (with changes.json and changes.md when the
 * shards wrote change reports), as one build of the whole list writes them (src/merge.ts says what differs).
 * `sources` are the shards' manifest.json files or output folders.
 * @throws BriefingError, nothing written, when they are not every shard of one list built alike, once each
 *   (BR321–BR329), or a file cannot be read (BR430) or written; the signal's reason when aborted.
 */
export async function merge(sources: string | readonly string[], options: MergeOptions = {}): Promise<MergeRun> {
  options.signal?.throwIfAborted();
  const { mergeShards } = await import('./merge.ts');
  return mergeShards(list(sources), options);
}

/** Options of {@link renderHtml}. */
export interface RenderOptions {
  readonly templates?: string;
  readonly pageSize?: BriefingSettings['pageSize'];
  readonly signal?: AbortSignal;
}

/** One briefing rendered to self-contained HTML (what `build --format html` writes). */
export interface RenderedHtml {
  readonly id: string;
  readonly html: string;
  readonly warnings: readonly Diagnostic[];
}

/**
 * Render one briefing folder to HTML, without a browser. The HTML's contents carry no page numbers (only a
 * print has pages).
 * @throws BriefingError with every diagnostic when the briefing has errors; the signal's reason when aborted.
 */
export async function renderHtml(dir: string, options: RenderOptions = {}): Promise<RenderedHtml> {
  options.signal?.throwIfAborted();
  const [{ createRenderContext }, { renderDraft }] = await Promise.all([import('./context.ts'), import('./build.ts')]);
  const ctx = createRenderContext(options.templates);
  try {
    const draft = await raceAbort(renderDraft(dir, ctx, options.pageSize ? { pageSize: options.pageSize } : {}), options.signal);
    return { id: draft.briefing.settings.id, html: draft.html.html, warnings: draft.warnings };
  } finally {
    await ctx.close();
  }
}

/**
 * Read and validate one briefing folder: the content model every later stage uses, with the loader's
 * warnings in `warnings`.
 * @throws BriefingError with every diagnostic when the content has errors; the signal's reason when aborted.
 */
export async function loadBriefing(dir: string, options: { readonly signal?: AbortSignal } = {}): Promise<Briefing> {
  options.signal?.throwIfAborted();
  const [{ parseBriefing }, { readContentFiles }] = await Promise.all([import('./content/load.ts'), import('./content/read.ts')]);
  const files = await raceAbort(readContentFiles(dir), options.signal);
  options.signal?.throwIfAborted();
  return parseBriefing(files);
}

/** Options of {@link preview}. */
export interface PreviewOptions extends BrowserOptions {
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 4321; 0 picks a free one). */
  readonly port?: number;
  readonly templates?: string;
  /** Stops the preview when aborted. */
  readonly signal?: AbortSignal;
  /**
   * Called after each render: whether it succeeded, the time it took in ms, the errors when it failed, every
   * problem the page lists (errors, warnings, failed claims, disagreements, print lint) and the number of
   * elements that differ from the baseline (null without one).
   */
  readonly onRender?: (result: RenderReport) => void;
  /** Called after each `/pdf` with its print lint as problems. */
  readonly onPrint?: (result: { readonly ms: number; readonly problems: readonly Problem[] }) => void;
  /**
   * The URL template of the problems' links to the editor: `{file}` (absolute path), `{line}`, `{column}`;
   * `none` for no links. Default: the environment variable BRIEFING_EDITOR_URL, else
   * `vscode://file/{file}:{line}:{column}`.
   */
  readonly editorUrl?: string;
  /**
   * What to mark changes against: an earlier build (its manifest.json or output folder), a snapshot (src/batch.ts
   * `readBaseline`), or null for nothing. Default: the briefing's approved version (approved.json) when it has one.
   */
  readonly since?: string | Snapshot | null;
}

/**
 * Serve a live HTML draft of a briefing that reloads as its files change, like `briefing preview`; `/pdf`
 * prints the current draft. Close it with `close()` or by aborting the signal.
 * @throws the signal's reason when aborted before it starts; errors of the server (a port in use).
 */
export async function preview(dir: string, options: PreviewOptions = {}): Promise<Preview> {
  options.signal?.throwIfAborted();
  const [{ createRenderContext }, { editorLinks, EDITOR_URL_ENV }] = await Promise.all([import('./context.ts'), import('./preview/editor.ts')]);
  // A template that cannot open a file is refused before anything starts.
  const editorUrl = options.editorUrl ?? process.env[EDITOR_URL_ENV];
  editorLinks(editorUrl);
  const ctx: RenderContext = createRenderContext(options.templates);
  // Aborted while the first render runs: a chart drawing in the worker ends now, so the start returns soon.
  options.signal?.addEventListener('abort', () => void ctx.close(), { once: true });
  // The preview closes a browser it launched itself; one for a caller's browser or endpoint is closed here.
  const [{ startPreview }, { supervisorFor }] = await Promise.all([import('./preview/server.ts'), import('./pdf/callers.ts')]);
  const supervisor = options.browser !== undefined || options.browserWSEndpoint !== undefined ? supervisorFor(options) : undefined;
  const since = typeof options.since === 'object' ? options.since : (await (await import('./batch.ts')).readBaseline(dir, options.since)).snapshot;
  const started = await startPreview({
    dir,
    ctx,
    since,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 4321,
    ...(options.onRender ? { onRender: options.onRender } : {}),
    ...(options.onPrint ? { onPrint: options.onPrint } : {}),
    ...(editorUrl !== undefined ? { editorUrl } : {}),
    ...(supervisor ? { supervisor } : {}),
  });
  let closing: Promise<void> | undefined;
  const running: Preview = {
    url: started.url,
    refresh: () => started.refresh(),
    close: () => (closing ??= started.close().then(() => supervisor?.close())),
  };
  if (options.signal) {
    if (options.signal.aborted) {
      await running.close();
      throw options.signal.reason;
    }
    options.signal.addEventListener('abort', () => void running.close().catch(() => undefined), { once: true });
  }
  return running;
}
