/**
 * Stage 3b: a Vega-Lite spec plus rows → inline SVG, in Node, with no JavaScript in the output.
 *
 * ```
 * spec (templates/charts/*.vl.json) + rows ─► assertDataOnly ─► vega-lite compile ─► vega View
 *   (renderer none, loader that refuses, logger that collects) ─► toSVG ─► scoped ids, <title>/<desc>
 * ```
 * Text is measured with the font it prints in (@napi-rs/canvas with the project's font files) instead of
 * Vega's 0.8 × size × characters estimate (ENGINEERING.md §2).
 */
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { BriefingError } from '../errors.ts';
import { errorOf, msg } from '../messages.ts';
import { FONT_STACK, type FontFace } from '../fonts.ts';
import { escapeHtml } from '../text.ts';
import { assertDataOnly, checkExpressions, checkSpecLimits, type ExpressionNode } from './limits.ts';

/** Rendered chart: SVG markup safe to inline (ids prefixed, no scripts, no external references). */
export interface ChartSvg {
  readonly id: string;
  readonly svg: string;
  /** Vega-Lite compiler warnings (the chart still rendered). */
  readonly warnings: readonly string[];
}

/** What a chart render needs besides the spec: the unique id prefix, the alt text and the rows. */
export interface ChartRequest {
  /** Unique within the document; prefixes the SVG's clip and gradient ids. */
  readonly id: string;
  readonly spec: TopLevelSpec;
  /** Rows bound to the spec's data (replacing any `data` the spec has). */
  readonly rows: readonly Record<string, unknown>[];
  /** Short title and long description, written into the SVG's `<title>` and `<desc>`. */
  readonly title: string;
  readonly description: string;
  /** File the spec came from, for error messages. */
  readonly file: string;
}

/**
 * Text measurement with real fonts. The font files are registered with @napi-rs/canvas (its font registry is
 * process-wide); Vega's text-width function is replaced only while a render runs inside {@link scoped}, and
 * the replacement honours `item.limit` (label truncation) the way Vega's own canvas measurement does.
 */
export class TextMeasurer {
  private readonly context: SKRSContext2D;
  private readonly cache = new Map<string, number>();

  constructor(faces: readonly FontFace[]) {
    for (const f of faces) GlobalFonts.registerFromPath(f.file, f.family);
    this.context = createCanvas(8, 8).getContext('2d');
  }

  /** Width in px (to 0.01 px) of `text` set in the CSS font shorthand `font`. */
  measure(font: string, text: string): number {
    const key = `${font}\u0000${text}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      this.context.font = font;
      // Rounded to 1/100 px: far below what prints, and it keeps float noise between canvas builds out of the SVG.
      w = Math.round(this.context.measureText(text).width * 100) / 100;
      this.cache.set(key, w);
    }
    return w;
  }

  /**
   * Vega's text-width function measuring with this measurer: `(item, text) → px`, 0 for empty text or a
   * font size ≤ 0 (Vega's default size 11 when the item has none), and `item.limit` for a text as wide as its
   * limit or wider.
   *
   * Vega calls the one function for two needs: the bounds of a text (Vega's own canvas measure gives the
   * width after truncation, at most the limit) and, inside its `truncate`, whether a text fits (`width <
   * limit`, else it cuts the text and adds an ellipsis). Width capped at the limit serves both: bounds within
   * a fraction of a character of the truncated text, and a text that does not fit is cut in the SVG.
   * (Returning the truncated text's width, below the limit, made Vega's `truncate` keep every text whole.)
   */
  readonly width = (item: TextItem, text: unknown): number => {
    const size = item.fontSize == null ? 11 : Number(item.fontSize) || 0;
    const raw = text == null ? '' : String(text).trim();
    if (size <= 0 || raw === '') return 0;
    const w = this.measure(scenegraph.font(item), raw);
    const limit = Number(item.limit) || 0;
    return limit > 0 && w >= limit ? limit : w;
  };

  /**
   * Run `work` with Vega measuring text through this measurer, and give Vega its own function back when it
   * settles. Re-entrant: overlapping scopes (concurrent renders) share one patch, counted, and the original
   * returns when the last of them ends. Overlapping scopes of different measurers measure with the first one;
   * the fonts are process-wide, so both measure alike.
   * @returns what `work` returns; its rejection passes through (the patch is still removed).
   */
  async scoped<T>(work: () => Promise<T>): Promise<T> {
    enterScope(this.width);
    try {
      return await work();
    } finally {
      leaveScope();
    }
  }
}

type WidthFunction = (item: TextItem, text: unknown) => number;

/**
 * The one patch to Vega's process-wide text metrics, while any {@link TextMeasurer.scoped} work runs: how many
 * scopes are open and Vega's function to restore. Vega keeps `textMetrics` as module state and offers no
 * per-View option for it, so the scope is counted here rather than passed in.
 */
const patch: { depth: number; original: WidthFunction | null } = { depth: 0, original: null };

function enterScope(width: WidthFunction): void {
  if (patch.depth++ === 0) {
    patch.original = scenegraph.textMetrics.width;
    scenegraph.textMetrics.width = width;
  }
}

function leaveScope(): void {
  if (--patch.depth === 0) {
    scenegraph.textMetrics.width = patch.original!;
    patch.original = null;
  }
}

/** The parts of vega-scenegraph that vega re-exports but whose types it does not declare. */
const scenegraph = vega as unknown as {
  font(item: TextItem): string;
  textMetrics: { width: (item: TextItem, text: unknown) => number };
};

/** The fields of a Vega text item that measuring reads. */
export interface TextItem {
  /** CSS font family (Vega's `font` encoding); with the fields below it makes the CSS font shorthand. */
  font?: string;
  fontStyle?: string;
  fontWeight?: string | number;
  fontSize?: number | string;
  limit?: number;
}

/** A loader that refuses every load: charts never read files or fetch URLs. */
function refusingLoader(): vega.Loader {
  const refuse = (what: string) => () => Promise.reject(errorOf(msg.chartLoadRefused(what)));
  return { load: refuse('load'), sanitize: refuse('sanitize'), http: refuse('http'), file: refuse('file') } as unknown as vega.Loader;
}

/** Shared Vega-Lite config: the page's fonts, sizes and palette. */
export const CHART_CONFIG = {
  font: FONT_STACK,
  background: null,
  padding: 4,
  view: { stroke: null },
  axis: { labelFontSize: 10, titleFontSize: 10, titleFontWeight: 600, labelColor: '#33383f', titleColor: '#33383f', gridColor: '#e3e6ea', domainColor: '#9aa1a9', tickColor: '#9aa1a9' },
  // symbolLimit 0: every key shown (Vega's default of 30 drops the rest with a warning, which fails the chart).
  legend: { labelFontSize: 10, titleFontSize: 10, titleFontWeight: 600, labelColor: '#33383f', titleColor: '#33383f', symbolLimit: 0 },
  header: { labelFontSize: 10, titleFontSize: 10 },
  title: { fontSize: 12, fontWeight: 600, anchor: 'start', color: '#1b1f24' },
  text: { fontSize: 10, color: '#1b1f24' },
  range: { category: ['#1f4e79', '#c8702a', '#3a8f6b', '#8c4f9f', '#b8403a', '#6a7a89', '#c9a227', '#2f8fb3'] },
} as const;

/** Vega's expression parser, typed as far as the checks of limits.ts read its trees. */
const parseExpression = (vega as unknown as { parseExpression: (text: string) => ExpressionNode }).parseExpression;

/**
 * Refuse what the spec must not do before it is compiled: reach outside the document, size the work past
 * the limits of limits.ts, or use a regular expression. Cheap next to a render.
 * @throws BriefingError (`chart`) at `file` and the offending field.
 */
export function checkChartSpec(spec: unknown, file: string): void {
  checkSpecLimits(spec, file);
  assertDataOnly(spec, file);
  checkExpressions(spec, file, parseExpression);
}

/** The error a failed compile or render becomes: Vega-Lite's own words, or plain words for a crash inside it. */
function renderFailure(req: ChartRequest, e: unknown): BriefingError {
  if (e instanceof BriefingError) return e;
  const crashed = e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError;
  const cause = e instanceof Error ? e.message : String(e);
  return BriefingError.of(crashed ? msg.chartNotUnderstood(req.id, cause) : msg.chartFailed(req.id, cause), { file: req.file }, e);
}

/**
 * Render one chart to SVG. With a `measurer`, Vega measures text with it during this render only (see
 * {@link TextMeasurer.scoped}); without one, with Vega's own estimate. Renders in the calling thread with no
 * deadline: a spec the briefing supplies goes through sandbox.ts, which calls this in a worker.
 * @throws BriefingError (`chart`) when the spec is refused by {@link checkChartSpec}, does not compile, or
 *   Vega logs an error (a refused load is only logged by Vega, so the log decides).
 */
export async function renderChart(req: ChartRequest, measurer?: TextMeasurer): Promise<ChartSvg> {
  checkChartSpec(req.spec, req.file);
  const spec = { ...req.spec, data: { values: req.rows }, config: { ...CHART_CONFIG, ...(req.spec.config ?? {}) } } as TopLevelSpec;
  const errors: string[] = [];
  const warnings: string[] = [];
  const collect = (into: string[]) => (...args: unknown[]) => {
    into.push(args.map(String).join(' '));
  };
  const quiet = (): void => undefined;
  let svg: string;
  let view: vega.View | undefined;
  try {
    const compileLogger = { level: () => 0, error: collect(errors), warn: collect(warnings), info: quiet, debug: quiet };
    const compiled = compile(spec, { logger: compileLogger as never }).spec;
    const logger = { level: () => logger, error: collect(errors), warn: collect(errors), info: quiet, debug: quiet } as unknown as vega.LoggerInterface;
    const runtime = vega.parse(compiled);
    const draw = (): Promise<string> => {
      view = new vega.View(runtime, { renderer: 'none', loader: refusingLoader(), logger, logLevel: vega.Warn });
      return view.toSVG();
    };
    svg = await (measurer ? measurer.scoped(draw) : draw());
  } catch (e) {
    throw renderFailure(req, e);
  } finally {
    view?.finalize();
  }
  if (errors.length > 0) throw BriefingError.of(msg.chartLogged(req.id, errors), { file: req.file });
  return { id: req.id, svg: finishSvg(svg, req), warnings };
}

/**
 * Make Vega's ids (clip1, gradient_0) the chart's own: prefixed with the chart's id and numbered afresh in
 * order of first appearance, since Vega counts them process-wide (the same chart drawn after others would
 * otherwise get other ids, and other bytes). Then add `<title>`/`<desc>` for alt text.
 */
function finishSvg(svg: string, req: ChartRequest): string {
  const renamed = new Map<string, string>();
  const counts = new Map<string, number>();
  const rename = (id: string): string => {
    let name = renamed.get(id);
    if (name === undefined) {
      const stem = id.replace(/_?\d+$/, '');
      const n = (counts.get(stem) ?? 0) + 1;
      counts.set(stem, n);
      name = `${req.id}-${stem}${n}`;
      renamed.set(id, name);
    }
    return name;
  };
  const scoped = svg.replace(/\bid="([^"]+)"|url\(#([^)]+)\)/g, (_m, id: string | undefined, ref: string | undefined) =>
    id !== undefined ? `id="${rename(id)}"` : `url(#${rename(ref!)})`,
  );
  const titleId = `${req.id}-title`;
  const descId = `${req.id}-desc`;
  return scoped.replace(
    /^<svg([^>]*)>/,
    (_m, attrs: string) =>
      `<svg${attrs.replace(/\s(role|aria-[a-z]+)="[^"]*"/g, '')} role="img" aria-labelledby="${titleId} ${descId}">` +
      `<title id="${titleId}">${escapeHtml(req.title)}</title><desc id="${descId}">${escapeHtml(req.description)}</desc>`,
  );
}
