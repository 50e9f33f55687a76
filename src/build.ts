/**
 * The pipeline coordinator: one briefing folder → HTML and PDF.
 *
 * ```
 * ContentFiles ─1─► Briefing ─2─► Metrics ─3─► ChartSet ─4─► View ─5─► HtmlDocument ─6─► PdfFile
 *  (read)        (load.ts)     (compute.ts)  (charts/)     (view.ts)  (html/render.ts)  (pdf/print.ts)
 * ```
 * Nothing is written until every stage has succeeded; writes go through {@link BuildEffects} (atomic on
 * disk: temp file in the same folder, then rename), so a failed or killed build leaves the previous files.
 * Preview and build share {@link renderDraft}; `batch.ts` runs many builds on one browser.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { parseChartSpec, renderCharts, type ChartSet } from './charts/catalogue.ts';
import { renderChart, TextMeasurer, type ChartRequest, type ChartSvg } from './charts/render.ts';
import { parseBriefing, readContentFiles, type Briefing } from './content/load.ts';
import type { Manifest } from './content/model.ts';
import { BriefingError, diagnostic, type Diagnostic } from './errors.ts';
import { FontSet } from './fonts.ts';
import { createFormatter } from './format.ts';
import { compileTemplates, loadTemplateSet, renderHtml, type HtmlDocument, type TemplateSet } from './html/render.ts';
import { citationNumbers } from './html/markdown.ts';
import { buildView, withPageNumbers } from './html/view.ts';
import { compareSnapshots, snapshotOf, type ChangeReport, type Snapshot } from './metrics/changes.ts';
import { computeMetrics, type Metrics } from './metrics/compute.ts';
import { printPdf, type PdfFile, type PdfMetadata } from './pdf/print.ts';
import { diskEffects, type BuildEffects } from './effects.ts';
import { GENERATOR } from './version.ts';

/** The disk effects and the generator's name live in light modules; the CLI's light commands import those. */
export { diskEffects, GENERATOR, type BuildEffects };

/** The project's `templates/` folder. */
export const TEMPLATES_ROOT = fileURLToPath(new URL('../templates/', import.meta.url));

/** Output formats of a build. */
export type Format = 'pdf' | 'html';

/**
 * What rendering needs beyond the content: fonts (loaded once, subsets cached), the chart text measurer, and
 * the template sets read so far. Create one per process or preview session with {@link createRenderContext}.
 */
export interface RenderContext {
  readonly templatesRoot: string;
  readonly fonts: FontSet;
  /** Template sets by name; clear it when template files change. */
  readonly templates: Map<string, Promise<TemplateSet>>;
  /** Rendered charts keyed by spec, rows and words (see {@link chartKey}); bounded to {@link CHART_CACHE_SIZE}. */
  readonly charts: Map<string, Promise<ChartSvg>>;
}

/** Most charts a {@link RenderContext} keeps rendered. */
export const CHART_CACHE_SIZE = 200;

/** Create a {@link RenderContext} and make Vega measure chart text with the project's fonts. */
export function createRenderContext(templatesRoot: string = TEMPLATES_ROOT): RenderContext {
  templatesRoot = path.resolve(templatesRoot);
  const fonts = new FontSet();
  new TextMeasurer(fonts.faces).install();
  return { templatesRoot, fonts, templates: new Map(), charts: new Map() };
}

/** Cache key of a chart render: a hash of everything that decides its SVG. */
function chartKey(req: ChartRequest): string {
  return createHash('sha256').update(JSON.stringify([req.id, req.spec, req.rows, req.title, req.description])).digest('hex');
}

/** {@link renderChart} through the context's cache: a chart whose spec and data did not change is not redrawn. */
function cachedChart(ctx: RenderContext, req: ChartRequest): Promise<ChartSvg> {
  const key = chartKey(req);
  let svg = ctx.charts.get(key);
  if (!svg) {
    if (ctx.charts.size >= CHART_CACHE_SIZE) ctx.charts.delete(ctx.charts.keys().next().value!);
    svg = renderChart(req);
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

/**
 * Stages 1–5: a briefing folder → HTML. Used by `build`, `check` and the preview alike.
 * @throws BriefingError from any stage, with every diagnostic the stage found.
 */
export async function renderDraft(dir: string, ctx: RenderContext, overrides: Overrides = {}): Promise<Draft> {
  const timings: Partial<StageTimings> = {};
  const loaded = await timed(timings, 'load', async () => parseBriefing(await readContentFiles(dir)));
  const briefing: Briefing = overrides.pageSize ? { ...loaded, manifest: { ...loaded.manifest, pageSize: overrides.pageSize } } : loaded;
  const metrics = await timed(timings, 'metrics', () => computeMetrics(briefing));
  const snapshot = snapshotOf(briefing, metrics, createFormatter(briefing.manifest.locale));
  const earlier = overrides.previous?.get(briefing.manifest.id);
  const changes = earlier === undefined ? null : compareSnapshots(earlier, snapshot);
  const templateName = briefing.manifest.template;
  // A briefing's own templates/ folder overrides the template by file name; such a set is read each time
  // (the preview watches the briefing folder), the shared ones once per context.
  const own = path.join(dir, 'templates');
  const hasOwn = await stat(own).then((s) => s.isDirectory(), () => false);
  let templates = hasOwn ? undefined : ctx.templates.get(templateName);
  if (!templates) {
    templates = loadTemplateSet(ctx.templatesRoot, templateName, hasOwn ? own : undefined);
    if (!hasOwn) {
      ctx.templates.set(templateName, templates);
      templates.catch(() => ctx.templates.delete(templateName));
    }
  }
  const t = await templates;
  const charts = await timed(timings, 'charts', () =>
    renderCharts(
      briefing,
      metrics,
      async (name) => {
        if (name.endsWith('.vl.json')) {
          const text = briefing.chartSpecs.get(name);
          const file = path.join(dir, 'charts', name);
          if (text === undefined) throw BriefingError.of('missingFile', `the briefing has no chart spec charts/${name}`, { file });
          return { spec: parseChartSpec(text, file), file };
        }
        const spec = t.charts.get(`${name}.vl.json`);
        const file = path.join(t.dir, 'charts', `${name}.vl.json`);
        if (!spec) throw BriefingError.of('missingFile', `template "${t.name}" has no chart spec ${name}.vl.json; its specs are ${[...t.charts.keys()].map((f) => f.replace(/\.vl\.json$/, '')).join(', ')}`, { file });
        return { spec, file };
      },
      (req) => cachedChart(ctx, req),
    ),
  );
  const render = compileTemplates(t, citationNumbers(briefing), createFormatter(briefing.manifest.locale), charts);
  const view = buildView(briefing, metrics, charts, t.css, GENERATOR, changes);
  const html = await timed(timings, 'html', () => renderHtml(render, view, ctx.fonts));
  const paginate = (pages: ReadonlyMap<string, number>): Promise<HtmlDocument> => renderHtml(render, withPageNumbers(view, pages), ctx.fonts);
  const chartWarnings = charts.flatMap((c) => c.warnings.map((w) => diagnostic('chart', `chart "${c.id}": ${w}`, { file: path.join(t.dir, 'charts') })));
  const glyphWarnings = html.missingCharacters.length === 0 ? [] : [diagnostic('missingGlyphs', `the fonts have no glyph for ${html.missingCharacters.map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ')}`, { file: dir })];
  return { briefing, metrics, charts, html, snapshot, changes, warnings: [...briefing.warnings, ...chartWarnings, ...glyphWarnings], timings, paginate };
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

/** Most prints spent on making the contents' page numbers true: the second nearly always settles. */
const MAX_PRINTS = 3;

/**
 * Print, read where each heading landed from the PDF's outline, put those page numbers into the contents,
 * and print again until the numbers printed are the pages the headings are on (Chromium has no
 * `target-counter`). Returns the final HTML and PDF.
 * @throws BriefingError (`render`) when the numbers have not settled after {@link MAX_PRINTS} prints.
 */
async function paginate(draft: Draft, print: (doc: HtmlDocument) => Promise<PdfFile>): Promise<{ html: HtmlDocument; pdf: PdfFile }> {
  let html = draft.html;
  let printed = new Map<string, number>();
  for (let n = 1; ; n++) {
    const pdf = await print(html);
    const landed = headingPages(html, pdf);
    if (n > 1 && [...landed].every(([id, page]) => printed.get(id) === page)) return { html, pdf };
    if (n === MAX_PRINTS) throw BriefingError.of('render', `the contents' page numbers did not settle after ${MAX_PRINTS} prints`);
    printed = landed;
    html = await draft.paginate(landed);
  }
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
 * Stage 6 for a rendered draft: print it with true contents page numbers (see {@link paginate}).
 * Used by `build` and by the preview's `/pdf`.
 * @throws BriefingError (`render`, `browserNotFound`) when printing fails.
 */
export function printDraft(
  draft: Draft,
  withBrowser: BuildOptions['withBrowser'],
  timeoutMs?: number,
): Promise<{ html: HtmlDocument; pdf: PdfFile }> {
  const printOptions = timeoutMs === undefined ? {} : { timeoutMs };
  const meta = pdfMetadata(draft.briefing);
  // The limit covers every print of the document (contents page numbers take two).
  const overall = timeoutMs === undefined ? undefined : timeoutMs * MAX_PRINTS;
  return withBrowser((browser) => paginate(draft, (doc) => printPdf(browser, doc.html, { ...meta, headings: doc.headings.map((h) => h.text) }, printOptions)), overall);
}

/** Options of {@link buildBriefing}. */
export interface BuildOptions {
  readonly outDir: string;
  readonly formats: readonly Format[];
  readonly overrides?: Overrides;
  /** Runs printing work on a browser (a {@link BrowserSupervisor}'s `use`: shared, relaunched after a crash). */
  readonly withBrowser: <T>(work: (browser: Browser) => Promise<T>, timeoutMs?: number) => Promise<T>;
  readonly effects?: BuildEffects;
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
  readonly warnings: readonly Diagnostic[];
  readonly timings: Partial<StageTimings>;
}

/**
 * Build one briefing: render every requested format in memory, then write them atomically.
 * @throws BriefingError from any stage; nothing is written then.
 */
export async function buildBriefing(dir: string, ctx: RenderContext, options: BuildOptions): Promise<BuildResult> {
  const draft = await renderDraft(dir, ctx, options.overrides);
  const { briefing, timings, warnings } = draft;
  options.claimId?.(briefing.manifest.id);
  let html = draft.html;
  let pdf: PdfFile | undefined;
  if (options.formats.includes('pdf')) {
    ({ html, pdf } = await timed(timings, 'pdf', () => printDraft(draft, options.withBrowser, options.timeoutMs)));
  }
  const effects = options.effects ?? diskEffects;
  const outputs = options.formats.map((format) => ({ format, path: path.join(options.outDir, `${briefing.manifest.id}.${format}`), data: format === 'pdf' ? pdf!.bytes : html.html }));
  await timed(timings, 'write', async () => {
    try {
      await effects.writeFiles(outputs);
    } catch (e) {
      throw BriefingError.of('write', `could not write ${outputs.map((o) => o.path).join(' and ')}: ${(e as Error).message}`, { file: options.outDir }, e);
    }
  });
  const files: OutputFile[] = outputs.map(({ format, path: file, data }) => ({
    format,
    path: file,
    bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
    sha256: createHash('sha256').update(data).digest('hex'),
  }));
  const result: BuildResult = { id: briefing.manifest.id, dir, files, warnings, timings, snapshot: draft.snapshot, changes: draft.changes };
  return pdf ? { ...result, pages: pdf.pages } : result;
}
