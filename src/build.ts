/**
 * The pipeline coordinator: one briefing folder → HTML and PDF.
 *
 * ```
 * ContentFiles ─1─► Briefing ─2─► Metrics ─3─► ChartSet ─4─► View ─5─► HtmlDocument ─6─► PdfFile
 *  (read)        (load.ts)     (compute.ts)  (charts/)     (view.ts)  (html/render.ts)  (pdf/print.ts)
 * ```
 * Nothing is written until every stage has succeeded; writes go through {@link BuildEffects}: a run's files
 * are staged beside their targets and put in place with its manifest as one set (src/effects.ts), so a
 * failed or killed build leaves the previous files and a manifest that describes them.
 * Preview and build share {@link renderDraft}; `batch.ts` runs many builds on one browser.
 */
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { assertDataOnly, parseChartSpec, renderCharts, type ChartSet } from './charts/catalogue.ts';
import type { ChartRequest, ChartSvg } from './charts/render.ts';
import type { ChartLimits } from './charts/limits.ts';
import { chartDrawer } from './charts/sandbox.ts';
import type { TopLevelSpec } from 'vega-lite';
import { ParseCache, parseBriefing, readContentFiles, type Briefing } from './content/load.ts';
import type { Manifest } from './content/model.ts';
import { BriefingError, diagnostic, type Diagnostic } from './errors.ts';
import { msg } from './messages.ts';
import { isInside } from './files.ts';
import { cached, cacheKey, diskCache, NO_CACHE, recipe, type Cache } from './cache.ts';
import { FONT_FACES, FontSet } from './fonts.ts';
import { createFormatter } from './format.ts';
import { assertPrintable, compileTemplates, loadTemplateSet, renderHtml, type HtmlDocument, type TemplateSet } from './html/render.ts';
import { citationNumbers } from './html/markdown.ts';
import { buildView, sectionHeadingId, withPageNumbers } from './html/view.ts';
import { compareSnapshots, snapshotOf, type ChangeReport, type Snapshot } from './metrics/changes.ts';
import { computeMetrics, type Metrics } from './metrics/compute.ts';
import { lintDiagnostics, lintLayout, parseMinFill } from './pdf/lint.ts';
import type { PageEstimate } from './pdf/layout.ts';
import type { PdfFile, PdfMetadata, PrintPage } from './pdf/print.ts';
import { asWriteError, diskEffects, type BuildEffects, type OutputSet } from './effects.ts';
import { GENERATOR } from './version.ts';

/** The disk effects and the generator's name live in light modules; the CLI's light commands import those. */
export { diskEffects, GENERATOR, type BuildEffects, type OutputSet };

/** The project's `templates/` folder. */
export const TEMPLATES_ROOT = fileURLToPath(new URL('../templates/', import.meta.url));

/** Output formats of a build. */
export type Format = 'pdf' | 'html';

/**
 * What rendering needs beyond the content: fonts (loaded once, subsets cached), the chart text measurer, the
 * template sets read so far, and the on-disk cache. Create one per process or preview session with
 * {@link createRenderContext}.
 */
export interface RenderContext {
  readonly templatesRoot: string;
  readonly fonts: FontSet;
  /** Template sets by name; clear it when template files change. */
  readonly templates: Map<string, Promise<TemplateSet>>;
  /** Rendered charts keyed by spec, rows and words (see {@link chartKey}); bounded to {@link CHART_CACHE_SIZE}. */
  readonly charts: Map<string, Promise<ChartSvg>>;
  /**
   * Draws one chart (src/charts/render.ts's `renderChart`, measuring text with the project's fonts). Vega,
   * Vega-Lite and the canvas load on the first chart drawn, so commands that draw none never load them.
   */
  readonly drawChart: (req: ChartRequest) => Promise<ChartSvg>;
  /** End what the context keeps running (the worker that draws a briefing's own chart specs); call it last. */
  readonly close: () => Promise<void>;
  /** Font subsets and chart SVGs kept between runs ({@link NO_CACHE} without a cache folder). */
  readonly cache: Cache;
  /** Content files parsed in earlier renders: the preview re-parses only the files that changed. */
  readonly parsed: ParseCache;
}

/** Most charts a {@link RenderContext} keeps rendered in memory. */
export const CHART_CACHE_SIZE = 200;

/** Options of {@link createRenderContext}. */
export interface RenderContextOptions {
  /** Folder of the on-disk cache of font subsets and chart SVGs (see src/cache.ts); none when absent. */
  readonly cacheDir?: string;
  /** Deadline and memory limit of charts whose spec the briefing supplies (defaults: charts/limits.ts `CHART_LIMITS`). */
  readonly chartLimits?: Partial<ChartLimits>;
}

/** Create a {@link RenderContext}, with a text measurer that makes its chart renders measure with the project's fonts. */
export function createRenderContext(templatesRoot: string = TEMPLATES_ROOT, options: RenderContextOptions = {}): RenderContext {
  templatesRoot = path.resolve(templatesRoot);
  const cache = options.cacheDir === undefined ? NO_CACHE : diskCache(options.cacheDir);
  const fonts = new FontSet(FONT_FACES, cache);
  // Specs shipped with briefing render in this thread; a briefing's own, bounded, in a worker (charts/sandbox.ts).
  const drawer = chartDrawer(fonts.faces, { trusted: isShipped, ...(options.chartLimits ? { limits: options.chartLimits } : {}) });
  return { templatesRoot, fonts, templates: new Map(), charts: new Map(), drawChart: drawer.draw, close: drawer.close, cache, parsed: new ParseCache() };
}

/** The chart renderer's module (`.ts` here, `.js` when compiled), whose source is part of every chart's cache key. */
const CHART_RENDERER = new URL(`./charts/render${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;

/** Cache key of a chart render: a hash of everything that decides its SVG, including the renderer and Vega's versions. */
function chartKey(req: ChartRequest): string {
  return cacheKey('chart', [recipe(CHART_RENDERER, ['vega', 'vega-lite', '@napi-rs/canvas']), req.id, req.spec, req.rows, req.title, req.description]);
}

/**
 * {@link renderChart} through the context's caches, in memory and on disk: a chart whose spec and data did
 * not change is not drawn again.
 */
function cachedChart(ctx: RenderContext, req: ChartRequest): Promise<ChartSvg> {
  const key = chartKey(req);
  let svg = ctx.charts.get(key);
  if (!svg) {
    if (ctx.charts.size >= CHART_CACHE_SIZE) ctx.charts.delete(ctx.charts.keys().next().value!);
    svg = cached(ctx.cache, key, () => ctx.drawChart(req), (c) => JSON.stringify(c), (b) => JSON.parse(b.toString('utf8')) as ChartSvg);
    ctx.charts.set(key, svg);
    svg.catch(() => ctx.charts.delete(key));
  }
  return svg;
}

/** Manifest settings a command line may override, and what an earlier build printed (for `--since`). */
export interface Overrides {
  readonly pageSize?: Manifest['pageSize'];
  /** The earlier build's snapshots by briefing id; the `changes` section and report compare with them. */
  readonly previous?: ReadonlyMap<string, Snapshot>;
}

/** Milliseconds each stage took (reported in logs and the build manifest; never asserted in tests). */
export type StageTimings = Record<'load' | 'metrics' | 'charts' | 'html' | 'pdf' | 'write', number>;

/** A rendered draft: every stage's result up to the HTML. */
export interface Draft {
  readonly briefing: Briefing;
  readonly metrics: Metrics;
  readonly charts: ChartSet;
  readonly html: HtmlDocument;
  /** The loader's warnings and the chart compiler's. */
  readonly warnings: readonly Diagnostic[];
  readonly timings: Partial<StageTimings>;
  /** The values this draft prints, for the build manifest. */
  readonly snapshot: Snapshot;
  /** What changed since the earlier build of this briefing; null without one. */
  readonly changes: ChangeReport | null;
  /** Ids of the headings whose pages the contents prints (one per section), in order. */
  readonly contentsIds: readonly string[];
  /** The briefing folder as given (print lint warnings name it). */
  readonly dir: string;
  /** The template's styles file, or the briefing's own override (errors in template settings name it). */
  readonly templateFile: string;
  /** Render the HTML again with the contents' page numbers (heading id → page), reusing every other stage. */
  readonly paginate: (pages: ReadonlyMap<string, number>) => Promise<HtmlDocument>;
}

async function timed<T>(timings: Partial<StageTimings>, stage: keyof StageTimings, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings[stage] = Math.round((performance.now() - start) * 10) / 10;
  }
}

/** How far {@link renderDraft} goes. */
export interface DraftOptions {
  /**
   * Draw the charts and inline the fonts (default true). `check` passes false: it shows nothing, so only
   * charts whose spec does not ship with briefing are drawn (to find their errors), and no font is subset.
   */
  readonly draw?: boolean;
}

/**
 * Stages 1–5: a briefing folder → HTML. Used by `build`, `check` and the preview alike.
 * @throws BriefingError from any stage, with every diagnostic the stage found.
 */
export async function renderDraft(dir: string, ctx: RenderContext, overrides: Overrides = {}, options: DraftOptions = {}): Promise<Draft> {
  const draw = options.draw !== false;
  const timings: Partial<StageTimings> = {};
  const loaded = await timed(timings, 'load', async () => parseBriefing(await readContentFiles(dir), ctx.parsed));
  const briefing: Briefing = overrides.pageSize ? { ...loaded, manifest: { ...loaded.manifest, pageSize: overrides.pageSize } } : loaded;
  const metrics = await timed(timings, 'metrics', () => computeMetrics(briefing));
  const snapshot = snapshotOf(briefing, metrics, createFormatter(briefing.manifest.locale));
  const earlier = overrides.previous?.get(briefing.manifest.id);
  const changes = earlier === undefined ? null : compareSnapshots(earlier, snapshot);
  const { set: t, own } = await templateSetOf(dir, ctx, briefing.manifest.template);
  const drawer = (req: ChartRequest): Promise<ChartSvg> => (draw || own || !isShipped(req.file) ? cachedChart(ctx, req) : checkedOnly(req));
  const charts = await timed(timings, 'charts', () => renderCharts(briefing, metrics, chartSpecLoader(dir, briefing, t), drawer));
  const render = compileTemplates(t, citationNumbers(briefing), createFormatter(briefing.manifest.locale), charts);
  const view = buildView(briefing, metrics, charts, t.css, GENERATOR, changes);
  const html = await timed(timings, 'html', () => renderHtml(render, view, ctx.fonts, { inlineFonts: draw }));
  assertPrintable(html.html, dir);
  const paginate = (pages: ReadonlyMap<string, number>): Promise<HtmlDocument> => renderHtml(render, withPageNumbers(view, pages), ctx.fonts, { inlineFonts: draw });
  const chartWarnings = charts.flatMap((c) => c.warnings.map((w) => diagnostic(msg.chartLogged(c.id, [w]), { file: path.join(t.dir, 'charts') })));
  const glyphWarnings = html.missingCharacters.length === 0 ? [] : [diagnostic(msg.missingGlyphs(html.missingCharacters), { file: dir })];
  const contentsIds = view.sections.map(sectionHeadingId);
  const templateFile = path.join(t.dir, 'styles.css');
  return { briefing, metrics, charts, html, snapshot, changes, warnings: [...briefing.warnings, ...chartWarnings, ...glyphWarnings], timings, contentsIds, paginate, dir, templateFile };
}

/**
 * The template set a briefing prints with. A briefing's own templates/ folder overrides the template by file
 * name; such a set is read each time (the preview watches the briefing folder), the shared ones once per context.
 */
async function templateSetOf(dir: string, ctx: RenderContext, name: string): Promise<{ set: TemplateSet; own: boolean }> {
  const folder = path.join(dir, 'templates');
  const info = await lstat(folder).catch(() => undefined);
  // A templates/ folder that is a link could lead anywhere on the host: it is refused, not read.
  if (info?.isSymbolicLink()) throw BriefingError.of(msg.symlinkedFolder('templates'), { file: folder });
  const own = info?.isDirectory() ?? false;
  let templates = own ? undefined : ctx.templates.get(name);
  if (!templates) {
    templates = loadTemplateSet(ctx.templatesRoot, name, own ? folder : undefined);
    if (!own) {
      ctx.templates.set(name, templates);
      templates.catch(() => ctx.templates.delete(name));
    }
  }
  return { set: await templates, own };
}

/** The spec a chart declaration names: the briefing's own `charts/<name>.vl.json`, or the template's `<name>.vl.json`. */
function chartSpecLoader(dir: string, briefing: Briefing, t: TemplateSet): (name: string) => Promise<{ spec: TopLevelSpec; file: string }> {
  return async (name) => {
    if (name.endsWith('.vl.json')) {
      const text = briefing.chartSpecs.get(name);
      const file = path.join(dir, 'charts', name);
      if (text === undefined) throw BriefingError.of(msg.noOwnChartSpec(name), { file });
      return { spec: parseChartSpec(text, file), file };
    }
    // The file it was read from: a briefing's own templates/charts/ copy is drawn bounded, as its own spec.
    const found = t.charts.get(`${name}.vl.json`);
    if (!found) throw BriefingError.of(msg.noTemplateChartSpec(t.name, name, [...t.charts.keys()].map((f) => f.replace(/\.vl\.json$/, ''))), { file: path.join(t.dir, 'charts', `${name}.vl.json`) });
    return found;
  };
}

/** True for a spec file that ships with briefing (its own templates/ folder): tested here, so `check` need not draw it. */
function isShipped(file: string): boolean {
  return isInside(TEMPLATES_ROOT, path.resolve(file));
}

/** A chart `check` does not draw: its spec is still refused if it could reach outside the document. */
async function checkedOnly(req: ChartRequest): Promise<ChartSvg> {
  assertDataOnly(req.spec, req.file);
  return { id: req.id, svg: '', warnings: [] };
}

/**
 * The PDF's metadata for a briefing: title, authors, subject (subtitle), keywords (`keywords:`, else the company names), creator,
 * and the date: `SOURCE_DATE_EPOCH` (seconds) when set, else the as-of date at 00:00 UTC.
 */
export function pdfMetadata(b: Briefing, env: NodeJS.ProcessEnv = process.env): Omit<PdfMetadata, 'headings'> {
  const epoch = env['SOURCE_DATE_EPOCH'];
  const date = epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date(`${b.manifest.asOf}T00:00:00Z`);
  return {
    title: b.manifest.title,
    author: b.manifest.authors.join(', '),
    subject: b.manifest.subtitle ?? b.manifest.title,
    keywords: b.manifest.keywords ?? b.companies.map((c) => c.name),
    creator: GENERATOR,
    date,
  };
}

/** Most prints spent on making the contents' page numbers true: the estimate nearly always holds. */
const MAX_PRINTS = 3;

/**
 * The PDF stage on one page, printing once in the usual case (Chromium has no `target-counter`):
 * ```
 * load draft ─1─► lay out as pages ─2─► load numbered HTML ─3─► print ─4─► check against the outline
 *  (one layout pass, src/pdf/layout.ts:     (draft.paginate)                └─ differs: number from the
 *   heading pages and print lint facts)                                        outline, print again
 * ─5─► print lint (src/pdf/lint.ts) on the layout pass's facts
 * ```
 * Only the headings the contents numbers are compared. `spent`: prints already made for this draft.
 * @throws BriefingError (`render`) when the numbers have not settled after {@link MAX_PRINTS} prints;
 *   (`template`) when the template's `--lint-min-page-fill` is not a share of the page.
 */
async function paginate(draft: Draft, page: PrintPage, meta: Omit<PdfMetadata, 'headings'>, spent: number, lint: boolean): Promise<PrintedDraft> {
  const numbered = draft.contentsIds;
  let html = draft.html;
  await page.load(html.html);
  // 1. One layout pass: where the headings land, and the facts the print lint reads.
  const estimate = await page.estimate(lint);
  let expected = pick(estimate.pages, numbered);
  html = numbered.length > 0 ? await draft.paginate(expected) : html;
  await page.load(html.html);
  for (let n = 1; ; n++) {
    const pdf = await page.print({ ...meta, headings: html.headings.map((h) => h.text) });
    const landed = headingPages(html, pdf);
    if (numbered.every((id) => landed.get(id) === expected.get(id))) return { html, pdf, prints: spent + n, lint: lintOf(draft, estimate, landed), pages: pick(landed, numbered) };
    if (n === MAX_PRINTS) throw BriefingError.of(msg.contentsUnsettled(MAX_PRINTS));
    expected = landed;
    html = await draft.paginate(landed);
    await page.load(html.html);
  }
}

/** What an earlier build of the same document by the same Chromium found: contents numbers and print lint. */
interface KnownPrint {
  readonly pages: ReadonlyMap<string, number>;
  readonly lint: readonly Diagnostic[];
}

/**
 * The PDF stage for a draft printed before (a nightly build of unchanged content): its contents numbers and
 * its print lint are known, so the numbered HTML loads once and prints, with no layout pass. Undefined when
 * the printed outline disagrees with the known numbers (one print spent).
 */
async function printKnown(draft: Draft, page: PrintPage, meta: Omit<PdfMetadata, 'headings'>, known: KnownPrint): Promise<PrintedDraft | undefined> {
  const html = await draft.paginate(known.pages);
  await page.load(html.html);
  const pdf = await page.print({ ...meta, headings: html.headings.map((h) => h.text) });
  const landed = headingPages(html, pdf);
  if (!draft.contentsIds.every((id) => landed.get(id) === known.pages.get(id))) return undefined;
  // The lint is the document's; the folder it names is this build's.
  return { html, pdf, prints: 1, lint: known.lint.map((d) => ({ ...d, file: draft.dir })), pages: pick(landed, draft.contentsIds) };
}

/** A {@link KnownPrint} from the build cache; undefined on a miss or an entry of another shape. */
async function knownPrint(cache: Cache, key: string): Promise<KnownPrint | undefined> {
  const hit = await cache.get(key);
  if (hit === undefined) return undefined;
  try {
    const entry = JSON.parse(hit.toString('utf8')) as { pages?: unknown; lint?: unknown };
    const pages = Object.entries(entry.pages as Record<string, unknown>);
    if (!Array.isArray(entry.lint) || !pages.every(([, p]) => Number.isInteger(p))) return undefined;
    return { pages: new Map(pages as [string, number][]), lint: entry.lint as Diagnostic[] };
  } catch {
    return undefined;
  }
}

/**
 * The print lint's warnings from a layout pass. When the printed outline differs from the layout pass, the
 * pages are shifted by the difference at the nearest numbered heading before them and the warnings say the
 * page is approximate (a second layout pass would repeat the miss: it comes from page boxes the layout pass
 * does not model, such as `@page :first` margins).
 */
function lintOf(draft: Draft, estimate: PageEstimate, landed: ReadonlyMap<string, number>): Diagnostic[] {
  if (estimate.facts === null) return [];
  const numbered = draft.contentsIds;
  const estimated = pick(estimate.pages, numbered);
  const findings = lintLayout(estimate.facts, parseMinFill(estimate.facts.minFill, draft.templateFile));
  const missed = numbered.some((id) => landed.get(id) !== estimated.get(id));
  const shifted = missed ? findings.map((f) => ({ ...f, page: shiftPage(f.page, numbered, estimated, landed) })) : findings;
  return lintDiagnostics(shifted, draft.dir, missed);
}

/** The entries of `pages` for `ids` that it has. */
function pick(pages: ReadonlyMap<string, number>, ids: readonly string[]): Map<string, number> {
  return new Map(ids.flatMap((id) => (pages.has(id) ? [[id, pages.get(id)!] as const] : [])));
}

/** A page of the layout pass moved as the nearest numbered heading at or before it moved in print. */
function shiftPage(page: number, ids: readonly string[], estimated: ReadonlyMap<string, number>, landed: ReadonlyMap<string, number>): number {
  let shift = 0;
  for (const id of ids) {
    const e = estimated.get(id);
    const l = landed.get(id);
    if (e !== undefined && l !== undefined && e <= page) shift = l - e;
  }
  return Math.max(1, page + shift);
}

/** Heading id → page, pairing the document's headings with the outline entries Chromium made from them. */
function headingPages(html: HtmlDocument, pdf: PdfFile): Map<string, number> {
  const pages = new Map<string, number>();
  let next = 0;
  for (const h of html.headings) {
    // Outline entries follow the headings in order; skip any heading Chromium left out of the outline.
    const at = pdf.outline.findIndex((o, i) => i >= next && o.title === h.text);
    if (at === -1) continue;
    next = at + 1;
    if (h.id !== null) pages.set(h.id, pdf.outline[at]!.page);
  }
  return pages;
}

/**
 * A printed draft: the final HTML (contents numbered), its PDF, how many prints that took (1 when the estimate
 * held), and the print lint's warnings (each with its page; see src/pdf/lint.ts).
 */
export interface PrintedDraft {
  readonly html: HtmlDocument;
  readonly pdf: PdfFile;
  readonly prints: number;
  readonly lint: readonly Diagnostic[];
  /** Page (1-based) each heading the contents number printed on, by heading id. */
  readonly pages: ReadonlyMap<string, number>;
}

/** Options of {@link printDraft}. */
export interface PrintDraftOptions {
  /** Time limit of each step (load, layout pass, print), in ms; none when absent. */
  readonly timeoutMs?: number;
  /** Contents numbers and print lint of documents printed before (see {@link printDraft}); default none. */
  readonly cache?: Cache;
  /**
   * Read the print lint (default true). The preview's `/pdf` shows none and passes false, which halves the
   * layout pass; such a print is not kept in the cache, whose entries carry the lint.
   */
  readonly lint?: boolean;
  /**
   * Without the lint only: contents numbers to try first, heading id → 1-based page (the preview passes those
   * of its previous print). When the printed outline confirms them the draft loads once and prints once, with
   * no layout pass; otherwise that print is spent and the layout pass numbers it.
   */
  readonly guess?: ReadonlyMap<string, number>;
}

/**
 * Stage 6 for a rendered draft: print it with true contents page numbers (see {@link paginate}). With a
 * `cache` that holds the numbers and print lint of this very document from an earlier build, it loads once
 * and prints once, with no layout pass ({@link printKnown}), so cached and fresh builds report alike. Used by
 * `build` and by the preview's `/pdf`. pdf-lib and the page code load here, not with this module.
 * @throws BriefingError (`render`, `browserNotFound`) when printing fails.
 */
export function printDraft(draft: Draft, withBrowser: BuildOptions['withBrowser'], options: PrintDraftOptions = {}): Promise<PrintedDraft> {
  const { timeoutMs, cache = NO_CACHE, lint = true } = options;
  const guess = lint ? undefined : options.guess;
  const printOptions = timeoutMs === undefined ? {} : { timeoutMs };
  const meta = pdfMetadata(draft.briefing);
  // Each step has the limit; the whole stage has it once per possible print (and one spent on stale numbers).
  const overall = timeoutMs === undefined ? undefined : timeoutMs * (MAX_PRINTS + 1);
  return withBrowser(
    async (browser) =>
      (await import('./pdf/print.ts')).withPrintPage(
        browser,
        async (page) => {
          // The contents' numbers and print lint of the same document printed by the same Chromium, from an
          // earlier build (the key also names this module's source, which decides the entry's shape).
          const key = cacheKey('print', [recipe(import.meta.url, []), await browser.version(), createHash('sha256').update(draft.html.html).digest('hex')]);
          const cached = await knownPrint(cache, key);
          // Without the lint, a cached entry gives its numbers only.
          const known = cached ? { pages: cached.pages, lint: lint ? cached.lint : [] } : guess && { pages: guess, lint: [] };
          const printed = (known && (await printKnown(draft, page, meta, known))) ?? (await paginate(draft, page, meta, known ? 1 : 0, lint));
          if (lint && (known === undefined || printed.prints > 1)) await cache.put(key, JSON.stringify({ pages: Object.fromEntries(printed.pages), lint: printed.lint }));
          return printed;
        },
        printOptions,
      ),
    overall,
  );
}

/** Options of {@link buildBriefing}. */
export interface BuildOptions {
  readonly outDir: string;
  readonly formats: readonly Format[];
  readonly overrides?: Overrides;
  /** Runs printing work on a browser (a {@link BrowserSupervisor}'s `use`: shared, relaunched after a crash). */
  readonly withBrowser: <T>(work: (browser: Browser) => Promise<T>, timeoutMs?: number) => Promise<T>;
  /** Where files are written when no {@link output} set is given (default: the disk, atomically). */
  readonly effects?: BuildEffects;
  /**
   * The run's output set (src/effects.ts): the files are staged into it, and put in place with the run's
   * manifest when the run commits it. Without one, they are written at once with `effects.writeFiles`.
   */
  readonly output?: OutputSet;
  readonly timeoutMs?: number;
  /** Called with the briefing id once it is known, before printing; throws to refuse it (a batch's duplicate ids). */
  readonly claimId?: (id: string) => void;
}

/** One output file of a build: format, path, size in bytes and SHA-256 (hex) of its content. */
export interface OutputFile {
  readonly format: Format;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** What a build produced: files, page count, warnings and stage timings. */
export interface BuildResult {
  readonly id: string;
  readonly dir: string;
  /** The values the build printed (recorded in manifest.json). */
  readonly snapshot: Snapshot;
  /** What changed since the earlier build given with `--since`; null without one. */
  readonly changes: ChangeReport | null;
  readonly files: readonly OutputFile[];
  readonly pages?: number;
  /** How many times Chromium printed the PDF: 1 when the layout estimate of the contents held. */
  readonly prints?: number;
  readonly warnings: readonly Diagnostic[];
  readonly timings: Partial<StageTimings>;
}

/**
 * Build one briefing: render every requested format in memory, then stage them into `options.output` (or,
 * without one, write them atomically).
 * @throws BriefingError from any stage; nothing is written then. (`write`) when a file cannot be staged.
 */
export async function buildBriefing(dir: string, ctx: RenderContext, options: BuildOptions): Promise<BuildResult> {
  const draft = await renderDraft(dir, ctx, options.overrides);
  const { briefing, timings, warnings } = draft;
  options.claimId?.(briefing.manifest.id);
  let html = draft.html;
  let pdf: PdfFile | undefined;
  let prints = 0;
  let lint: readonly Diagnostic[] = [];
  // The written HTML carries WOFF2 subsets: they are made here, on this thread, while Chromium prints.
  const compacting = options.formats.includes('html') ? draft.html.compact() : undefined;
  compacting?.catch(() => undefined);
  if (options.formats.includes('pdf')) {
    ({ html, pdf, prints, lint } = await timed(timings, 'pdf', () => printDraft(draft, options.withBrowser, { ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), cache: ctx.cache })));
  }
  const file = compacting === undefined ? undefined : html === draft.html ? await compacting : await html.compact();
  const outputs = options.formats.map((format) => ({ format, path: path.join(options.outDir, `${briefing.manifest.id}.${format}`), data: format === 'pdf' ? pdf!.bytes : file! }));
  // Staged into the run's output set (put in place with its manifest), or written at once without one.
  await timed(timings, 'write', async () => {
    try {
      await (options.output ? options.output.stage(outputs) : (options.effects ?? diskEffects).writeFiles(outputs));
    } catch (e) {
      throw asWriteError(e, outputs.map((o) => o.path), { file: options.outDir });
    }
  });
  const files: OutputFile[] = outputs.map(({ format, path: file, data }) => ({
    format,
    path: file,
    bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
    sha256: createHash('sha256').update(data).digest('hex'),
  }));
  const result: BuildResult = { id: briefing.manifest.id, dir, files, warnings: [...warnings, ...lint], timings, snapshot: draft.snapshot, changes: draft.changes };
  return pdf ? { ...result, pages: pdf.pages, prints } : result;
}
