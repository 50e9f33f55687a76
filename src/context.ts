/**
 * The render context: what rendering keeps from one briefing or render to the next in a process or preview
 * session. Fonts (loaded once, subsets cached), the chart drawer, the template sets read so far, charts
 * drawn, content files parsed, and the on-disk cache (src/cache.ts). A coordinator's module: `build.ts`
 * renders through it; the API and the preview create and close it.
 *
 * ```
 * chart request ─► memory (LRU, CHART_CACHE_SIZE) ─► disk cache ─► drawChart (this thread, or a worker for a briefing's own spec)
 * template name ─► memory (per context)           ─► loadTemplateSet (a briefing's own templates/: read each time)
 * ```
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LRUCache } from 'lru-cache';
import type { ChartLimits } from './charts/limits.ts';
import type { ChartRequest, ChartSvg } from './charts/render.ts';
import type { RenderThread } from './charts/render-thread.ts';
import { chartDrawer } from './charts/sandbox.ts';
import { ParseCache } from './content/validate.ts';
import { KnownFiles } from './content/read.ts';
import { BriefingError } from './errors.ts';
import { msg } from './messages.ts';
import { isInside } from './files.ts';
import { cached, cacheKey, diskCache, memoized, NO_CACHE, recipe, type Cache } from './cache.ts';
import { FONT_FACES, FontSet } from './fonts.ts';
import { loadTemplateSet, type TemplateSet } from './html/render.ts';

/** The project's `templates/` folder. */
export const TEMPLATES_ROOT = fileURLToPath(new URL('../templates/', import.meta.url));

/**
 * What rendering needs beyond the content: fonts (loaded once, subsets cached), the chart text measurer, the
 * template sets read so far, and the on-disk cache. Create one per process or preview session with
 * {@link createRenderContext}.
 */
export interface RenderContext {
  readonly templatesRoot: string;
  readonly fonts: FontSet;
  /** Template sets by name; clear it when template files change. A set that failed to load is not kept. */
  readonly templates: Map<string, Promise<TemplateSet>>;
  /**
   * Rendered charts keyed by spec, rows and words (see {@link chartKey}), the {@link CHART_CACHE_SIZE} used
   * last; a render that failed is not kept.
   */
  readonly charts: LRUCache<string, Promise<ChartSvg>>;
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
  /** Content files read in earlier renders: the preview opens only the files whose status changed. */
  readonly known: KnownFiles;
}

/** Most charts a {@link RenderContext} keeps rendered in memory (the least recently used go first). */
export const CHART_CACHE_SIZE = 200;

/** Options of {@link createRenderContext}. */
export interface RenderContextOptions {
  /** Folder of the on-disk cache of font subsets and chart SVGs (see src/cache.ts); none when absent. */
  readonly cacheDir?: string;
  /** Deadline and memory limit of charts whose spec the briefing supplies (defaults: charts/limits.ts `CHART_LIMITS`). */
  readonly chartLimits?: Partial<ChartLimits>;
  /**
   * A render worker started earlier (src/charts/render-thread.ts): the shipped charts are drawn and the fonts
   * subset there, and {@link RenderContext.close} ends it. Without one, both happen on this thread.
   */
  readonly thread?: RenderThread;
}

/** Create a {@link RenderContext}, with a text measurer that makes its chart renders measure with the project's fonts. */
export function createRenderContext(templatesRoot: string = TEMPLATES_ROOT, options: RenderContextOptions = {}): RenderContext {
  templatesRoot = path.resolve(templatesRoot);
  const cache = options.cacheDir === undefined ? NO_CACHE : diskCache(options.cacheDir);
  const { thread } = options;
  const fonts = new FontSet(FONT_FACES, cache, thread);
  thread?.configure(fonts.faces);
  // Specs shipped with briefing render in this thread (or the render worker); a briefing's own, bounded, in a child process (charts/sandbox.ts).
  const drawer = chartDrawer(fonts.faces, { trusted: isShipped, ...(options.chartLimits ? { limits: options.chartLimits } : {}), ...(thread ? { local: thread.draw } : {}) });
  const charts = new LRUCache<string, Promise<ChartSvg>>({ max: CHART_CACHE_SIZE });
  const close = async (): Promise<void> => void (await Promise.all([drawer.close(), thread?.close()]));
  return { templatesRoot, fonts, templates: new Map(), charts, drawChart: drawer.draw, close, cache, parsed: new ParseCache(), known: new KnownFiles() };
}

/** True for a spec file that ships with briefing (its own templates/ folder): tested here, so `check` need not draw it. */
export function isShipped(file: string): boolean {
  return isInside(TEMPLATES_ROOT, path.resolve(file));
}

/** The chart renderer's module (`.ts` here, `.js` when compiled), whose source is part of every chart's cache key. */
const CHART_RENDERER = new URL(`./charts/render${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;

/** Cache key of a chart render: a hash of everything that decides its SVG, including the renderer and Vega's versions. */
function chartKey(req: ChartRequest): string {
  return cacheKey('chart', [recipe(CHART_RENDERER, ['vega', 'vega-lite', '@napi-rs/canvas']), req.id, req.spec, req.rows, req.title, req.description]);
}

/**
 * `ctx.drawChart` through the context's caches, in memory and on disk: a chart whose spec and data did not
 * change is not drawn again.
 * @throws what drawing the chart throws (a BriefingError for a spec or a render that fails).
 */
export function cachedChart(ctx: RenderContext, req: ChartRequest): Promise<ChartSvg> {
  const key = chartKey(req);
  return memoized(ctx.charts, key, () => cached(ctx.cache, key, () => ctx.drawChart(req), (c) => JSON.stringify(c), (b) => JSON.parse(b.toString('utf8')) as ChartSvg));
}

/**
 * The template set a briefing in `dir` prints with, and whether it is the briefing's own. A briefing's own
 * templates/ folder overrides the template by file name; such a set is read each time (the preview watches
 * the briefing folder), the shared ones once per context.
 * @throws BriefingError ({@link msg.symlinkedFolder}) when the briefing's templates/ is a link; what
 *   `loadTemplateSet` throws for a template that is missing or broken.
 */
export async function templateSetOf(dir: string, ctx: RenderContext, name: string): Promise<{ set: TemplateSet; own: boolean }> {
  const folder = path.join(dir, 'templates');
  const info = await lstat(folder).catch(() => undefined);
  // A templates/ folder that is a link could lead anywhere on the host: it is refused, not read.
  if (info?.isSymbolicLink()) throw BriefingError.of(msg.symlinkedFolder('templates'), { file: folder });
  const own = info?.isDirectory() ?? false;
  const set = own ? loadTemplateSet(ctx.templatesRoot, name, folder) : memoized(ctx.templates, name, () => loadTemplateSet(ctx.templatesRoot, name));
  return { set: await set, own };
}
