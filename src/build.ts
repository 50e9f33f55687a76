/**
 * The pipeline coordinator: one briefing folder → HTML and PDF, each stage one call.
 *
 * ```
 * ContentFiles ─1─► Briefing ─2─► Metrics ─3─► ChartSet ─4─► View ─5─► HtmlDocument ─6─► PdfFile
 *  (content/     (content/     (metrics/     (charts/      (html/     (html/render.ts)  (pdf/print-draft.ts)
 *   read.ts)      load.ts)      compute.ts)   catalogue.ts) view.ts)
 * ```
 * What rendering keeps between briefings (fonts, template sets, charts, the on-disk cache) is the render
 * context (src/context.ts). Nothing is written until every stage has succeeded; writes go through
 * {@link BuildEffects}: a run's files are staged beside their targets and put in place with its manifest as
 * one set (src/effects.ts), so a failed or killed build leaves the previous files and a manifest that
 * describes them. Preview and build share {@link renderDraft}; `batch.ts` runs many builds on one browser.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { renderCharts, type ChartSet } from './charts/catalogue.ts';
import type { ChartRequest, ChartSvg } from './charts/render.ts';
import { assertDataOnly, parseChartSpec } from './charts/limits.ts';
import type { TopLevelSpec } from 'vega-lite';
import { parseBriefing } from './content/load.ts';
import type { Briefing, BriefingSettings } from './content/model.ts';
import type { PdfStandard } from './content/kinds.ts';
import { contentDigest, readContentFiles } from './content/read.ts';
import { placesOfCharacters } from './content/find-text.ts';
import { BriefingError, diagnostic, type Diagnostic, type Place } from './errors.ts';
import { msg } from './messages.ts';
import { cachedChart, isShipped, templateSetOf, type RenderContext } from './context.ts';
import { createFormatter } from './format.ts';
import { assertPrintable, compileTemplates, renderHtml, type HtmlDocument, type TemplateSet } from './html/render.ts';
import { citationNumbers } from './html/markdown.ts';
import { resolveInlineValues, type InlineValues } from './html/inline.ts';
import { buildView, sectionHeadingId, withPageNumbers } from './html/view.ts';
import { noteAnchorProblems } from './html/note-anchors.ts';
import { compareSnapshots, snapshotOf, type ChangeReport, type ChartRowDigest, type RecordedChart, type Snapshot } from './metrics/changes.ts';
import type { ChartRow } from './charts/rows.ts';
import { readApproved } from './approve.ts';
import { computeMetrics, type Metrics } from './metrics/compute.ts';
import { checkProseNumbers } from './metrics/prose-check.ts';
import { printDraft, type PrintableDraft, type WithBrowser } from './pdf/print-draft.ts';
import type { PdfFile } from './pdf/print.ts';
import { diskEffects, withWriteError, type BuildEffects, type OutputSet } from './effects.ts';
import { GENERATOR } from './version.ts';

/** The disk effects and the generator's name live in light modules; the CLI's light commands import those. */
export { diskEffects, GENERATOR, type BuildEffects, type OutputSet };

/** Output formats of a build. */
export type Format = 'pdf' | 'html';

/** Settings of briefing.yaml a command line may override, and what an earlier build printed (for `--since`). */
export interface Overrides {
  readonly pageSize?: BriefingSettings['pageSize'];
  /** The standards the PDF claims instead of briefing.yaml's `pdfStandard` (`--pdf-standard`); empty: none. */
  readonly pdfStandard?: BriefingSettings['pdfStandard'];
  /** The earlier build's snapshots by briefing id; the `changes` section and report compare with them. */
  readonly previous?: ReadonlyMap<string, Snapshot>;
  /**
   * Without `previous`, compare with the briefing's approved version (`<dir>/approved.json`, src/approve.ts)
   * when it has one: what `build` does unless `--since` is given.
   */
  readonly approved?: boolean;
}

/** Milliseconds each stage took (reported in logs and the build manifest; never asserted in tests). */
export type StageTimings = Record<'load' | 'metrics' | 'charts' | 'html' | 'pdf' | 'write', number>;

/** A rendered draft: every stage's result up to the HTML, and what the PDF stage prints it with. */
export interface Draft extends PrintableDraft {
  readonly metrics: Metrics;
  readonly charts: ChartSet;
  /**
   * The loader's warnings, the metrics' (years ending far apart, metrics/years.ts), amounts in prose that match no
   * cited figure (metrics/prose-check.ts), the charts' (companies left out, periods of different lengths side by
   * side: charts/catalogue.ts) and the chart compiler's.
   */
  readonly warnings: readonly Diagnostic[];
  readonly timings: Partial<StageTimings>;
  /** The values this draft prints, for the build manifest. */
  readonly snapshot: Snapshot;
  /** What changed since the earlier build of this briefing; null without one. */
  readonly changes: ChangeReport | null;
  /** The approved.json compared with (`Overrides.approved`); null when compared with `previous` or nothing. */
  readonly approvedFile: string | null;
  /** The earlier snapshot `changes` compares with (the approved version's, or `previous`'s); null without one. */
  readonly baseline: Snapshot | null;
  /** The content hash of what was read ({@link contentDigest}), recorded in the build manifest for `approve`. */
  readonly contentSha256: string;
  /** The inline values of the prose (`{figure:ID}`, `{metric:ID:ROW}`), resolved, with their places. */
  readonly inlineValues: InlineValues;
}

/** `work`, its time in ms (one decimal) recorded as `stage` in `timings` whether it succeeds or throws. */
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
  // 1. Content, with the command line's overrides.
  const { content, loaded } = await timed(timings, 'load', async () => {
    const files = await readContentFiles(dir, ctx.known);
    return { content: files, loaded: parseBriefing(files, ctx.parsed) };
  });
  const { pageSize = loaded.settings.pageSize, pdfStandard = loaded.settings.pdfStandard } = overrides;
  const overridden = overrides.pageSize !== undefined || overrides.pdfStandard !== undefined;
  const briefing: Briefing = overridden ? { ...loaded, settings: { ...loaded.settings, pageSize, pdfStandard } } : loaded;
  // 2. Metrics, and what changed since the earlier build.
  const metrics = await timed(timings, 'metrics', () => computeMetrics(briefing));
  // Open review notes anchored to something this draft does not print are warnings at their anchors (#26):
  // the analyst may have removed what the note asked about, and the draft must still render.
  const anchorProblems = noteAnchorProblems(briefing, metrics, content);
  const staleNumbers = checkProseNumbers(briefing, metrics, content);
  const found = await baselineOf(dir, briefing.settings.id, overrides);
  const baseline = found !== undefined && 'snapshot' in found ? found : undefined;
  const baselineWarnings = found !== undefined && 'other' in found ? [found.other] : [];
  const earlier = baseline?.snapshot;
  // 3. Charts: a chart `check` does not show is only checked, unless its spec is the briefing's own.
  const { set: t, own } = await templateSetOf(dir, ctx, briefing.settings.template);
  const drawer = (req: ChartRequest): Promise<ChartSvg> => (draw || own || !isShipped(req.file) ? cachedChart(ctx, req) : checkedOnly(req));
  const charts = await timed(timings, 'charts', () => renderCharts(briefing, metrics, chartSpecLoader(dir, briefing, t), drawer));
  const snapshot = snapshotOf(briefing, metrics, createFormatter(briefing.settings.locale), chartDigests(briefing, charts));
  const changes = earlier === undefined ? null : compareSnapshots(earlier, snapshot);
  // 4–5. The view model and its HTML; `numbered` renders it again once the PDF stage knows the contents' pages.
  const values = resolveInlineValues(briefing, metrics, earlier, createFormatter(briefing.settings.locale));
  const render = compileTemplates(t, citationNumbers(briefing), createFormatter(briefing.settings.locale), charts, values);
  const view = buildView(briefing, metrics, charts, t.css, GENERATOR, changes, values);
  const html = await timed(timings, 'html', () => renderHtml(render, view, ctx.fonts, { inlineFonts: draw }));
  assertPrintable(html.html, dir);
  const numbered = (pages: ReadonlyMap<string, number>): Promise<HtmlDocument> => renderHtml(render, withPageNumbers(view, pages), ctx.fonts, { inlineFonts: draw });
  // What a chart leaves unsaid (companies left out, periods of different lengths), then Vega-Lite's own warnings.
  const chartWarnings = charts.flatMap((c) => [...c.findings, ...c.warnings.map((w) => diagnostic(msg.chartLogged(c.id, [w]), { file: path.join(t.dir, 'charts') }))]);
  // Each character the fonts cannot draw, at the first place the briefing writes it (the folder when none does).
  const glyphWarnings = placesOfCharacters(content, html.missingCharacters).map((g) => diagnostic(msg.missingGlyphs(g.chars), g.place ?? { file: dir }));
  const contentsIds = view.sections.map(sectionHeadingId);
  const templateFile = path.join(t.dir, 'styles.css');
  const compared = { snapshot, changes, approvedFile: baseline?.approvedFile ?? null, baseline: baseline?.snapshot ?? null, contentSha256: contentDigest(content) };
  return { briefing, metrics, charts, html, ...compared, inlineValues: values, warnings: [...briefing.warnings, ...anchorProblems, ...baselineWarnings, ...metrics.warnings, ...staleNumbers, ...chartWarnings, ...glyphWarnings], timings, contentsIds, numbered, dir, templateFile };
}

/**
 * The snapshot a draft compares with: the earlier build's (`previous`), or, when asked and there is one of this
 * briefing, its approved version (with the approved.json's path); `other`, a warning (BR315), when the approved
 * version found is another briefing's (a copied folder).
 * @throws BriefingError (BR196) from {@link readApproved} when approved.json is not an approved version.
 */
async function baselineOf(dir: string, id: string, overrides: Overrides): Promise<{ snapshot: Snapshot; approvedFile: string | null } | { other: Diagnostic } | undefined> {
  if (overrides.previous !== undefined) {
    const snapshot = overrides.previous.get(id);
    return snapshot === undefined ? undefined : { snapshot, approvedFile: null };
  }
  if (overrides.approved !== true) return undefined;
  const approved = await readApproved(dir);
  if (approved === undefined) return undefined;
  // An approved.json copied from another briefing is no baseline of this one: said, not silently dropped.
  if (approved.snapshot.id !== id) return { other: diagnostic(msg.approvedOfOther(approved.snapshot.id, id), { file: approved.file, path: 'snapshot.id' }) };
  return { snapshot: approved.snapshot, approvedFile: approved.file };
}

/** A chart row as the snapshot records it: value rows by label (without source numbers) and printed value; risk-matrix cells that hold risks by their risks and place. */
function rowDigest(r: ChartRow): ChartRowDigest[] {
  if (typeof r['text'] === 'string') return [{ label: String(r['label']).replace(/ \[[\d,]+\]$/, ''), value: r['text'] }];
  return Number(r['count']) > 0 ? [{ label: String(r['label']), value: `likelihood ${String(r['likelihood'])}, impact ${String(r['impact'])}` }] : [];
}

/** Each declared chart's title and rows as printed, by chart id (for the snapshot; charts/rows.ts makes the rows). */
function chartDigests(b: Briefing, charts: ChartSet): Record<string, RecordedChart> {
  const drawn = new Map(charts.map((c) => [c.id, c]));
  return Object.fromEntries(b.charts.map((c) => [c.id, { title: c.title, rows: drawn.get(c.id)!.rows.flatMap(rowDigest) }]));
}

/**
 * The spec a chart declaration names: the briefing's own `charts/<name>.vl.json`, or the template's `<name>.vl.json`.
 * A name that is neither is reported at the `spec:` field of the first chart that names it (`charts/<id>.yaml`).
 */
function chartSpecLoader(dir: string, briefing: Briefing, t: TemplateSet): (name: string) => Promise<{ spec: TopLevelSpec; file: string }> {
  const named = (name: string): Place => briefing.charts.find((c) => c.spec === name)?.specAt ?? { file: path.join(dir, 'charts') };
  return async (name) => {
    if (name.endsWith('.vl.json')) {
      const text = briefing.chartSpecs.get(name);
      const file = path.join(dir, 'charts', name);
      if (text === undefined) throw BriefingError.of(msg.noOwnChartSpec(name), named(name));
      return { spec: parseChartSpec(text, file), file };
    }
    // The file it was read from: a briefing's own templates/charts/ copy is drawn bounded, as its own spec.
    const found = t.charts.get(`${name}.vl.json`);
    if (!found) throw BriefingError.of(msg.noTemplateChartSpec(t.name, name, [...t.charts.keys()].map((f) => f.replace(/\.vl\.json$/, ''))), named(name));
    return found;
  };
}

/** A chart `check` does not draw: its spec is still refused if it could reach outside the document. */
async function checkedOnly(req: ChartRequest): Promise<ChartSvg> {
  assertDataOnly(req.spec, req.file);
  return { id: req.id, svg: '', warnings: [] };
}

/** Options of {@link buildBriefing}. */
export interface BuildOptions {
  readonly outDir: string;
  readonly formats: readonly Format[];
  readonly overrides?: Overrides;
  /** Runs printing work on a browser (a `BrowserSupervisor`'s `use`: shared, relaunched after a crash). */
  readonly withBrowser: WithBrowser;
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
  /** Mark every page of the PDF "Draft" (`build --draft`; src/pdf/draft-mark.ts). Default false. */
  readonly draft?: boolean;
  /** Called once the PDF's document has loaded in its page (a batch opens the next document's page then). */
  readonly loaded?: () => void;
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
  /** What changed since the earlier build given with `--since`, or since the approved version; null without one. */
  readonly changes: ChangeReport | null;
  /** The approved.json compared with; null when compared with `--since` or nothing. */
  readonly approvedFile: string | null;
  /** The content hash of what was built (src/content/read.ts `contentDigest`), recorded in the manifest. */
  readonly contentSha256: string;
  readonly files: readonly OutputFile[];
  readonly pages?: number;
  /** How many times Chromium printed the PDF: 1 when the layout estimate of the contents held. */
  readonly prints?: number;
  /** The standards the PDF claims and meets (src/pdf/standards/); absent when no PDF was printed. */
  readonly pdfStandard?: readonly PdfStandard[];
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
  options.claimId?.(briefing.settings.id);
  let html = draft.html;
  let pdf: PdfFile | undefined;
  let prints = 0;
  let lint: readonly Diagnostic[] = [];
  // The written HTML carries WOFF2 subsets: they are made here, on this thread, while Chromium prints.
  const compacting = options.formats.includes('html') ? draft.html.compact() : undefined;
  compacting?.catch(() => undefined);
  if (options.formats.includes('pdf')) {
    ({ html, pdf, prints, lint } = await timed(timings, 'pdf', () => printDraft(draft, options.withBrowser, { ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), cache: ctx.cache, ...(options.draft === true ? { draftMark: true, fonts: ctx.fonts } : {}), ...(options.loaded ? { loaded: options.loaded } : {}) })));
  }
  const file = compacting === undefined ? undefined : html === draft.html ? await compacting : await html.compact();
  const outputs = options.formats.map((format) => ({ format, path: path.join(options.outDir, `${briefing.settings.id}.${format}`), data: format === 'pdf' ? pdf!.bytes : file! }));
  // Staged into the run's output set (put in place with its manifest), or written at once without one.
  await timed(timings, 'write', () =>
    withWriteError(outputs.map((o) => o.path), { file: options.outDir }, () => (options.output ? options.output.stage(outputs) : (options.effects ?? diskEffects).writeFiles(outputs))),
  );
  const files: OutputFile[] = outputs.map(({ format, path: file, data }) => ({
    format,
    path: file,
    bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
    sha256: createHash('sha256').update(data).digest('hex'),
  }));
  const result: BuildResult = { id: briefing.settings.id, dir, files, warnings: [...warnings, ...lint], timings, snapshot: draft.snapshot, changes: draft.changes, approvedFile: draft.approvedFile, contentSha256: draft.contentSha256 };
  return pdf ? { ...result, pages: pdf.pages, prints, pdfStandard: pdf.standards } : result;
}
