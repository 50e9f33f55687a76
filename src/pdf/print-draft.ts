/**
 * Stage 6 for a rendered draft, the one entry a coordinator calls ({@link printDraft}): print it with true
 * contents page numbers (Chromium has no `target-counter`), and read the print lint's facts on the way.
 *
 * ```
 * known numbers (cache, guess) ─► printKnown: load numbered HTML ─► print ─► outline agrees? ─► done
 *                                                                              └─ no: one print spent, and the
 *                                                                                 page keeps that document
 * printMeasured: load numbered(first guess) ─1─► layout pass ─2─► edit the numbers in ─3─► print ─4─► outline
 *                (or the document printKnown    (src/pdf/layout.ts:   (src/pdf/update.ts; a      agrees? ─► done
 *                 left loaded)                   heading pages, lint   load when the shape      └─ no: number from
 *                                                facts)                differs)                    the outline, again
 *                ─5─► print lint (src/pdf/lint.ts) on the layout pass's facts
 * ```
 * pdf-lib and the page code (src/pdf/print.ts, src/pdf/draft-mark.ts) load when the first draft prints, not with
 * this module.
 */
import { createHash } from 'node:crypto';
import type { Browser } from 'puppeteer-core';
import { cacheKey, NO_CACHE, recipe, type Cache } from '../cache.ts';
import type { Briefing } from '../content/model.ts';
import { BriefingError, diagnostic, firstLine, type Diagnostic } from '../errors.ts';
import type { HtmlDocument } from '../html/render.ts';
import { msg } from '../messages.ts';
import { FONT_FACES, FontSet } from '../fonts.ts';
import { GENERATOR, sourceDateEpoch } from '../version.ts';
import type { PageEstimate } from './layout.ts';
import { lintDiagnostics, lintLayout, parseMinFill } from './lint.ts';
import type { PdfFile, PdfMetadata, Print, PrintPage } from './print.ts';

/** What the PDF stage prints: a draft rendered up to its HTML (src/build.ts's `Draft` is one). */
export interface PrintableDraft {
  /** The content; the PDF's metadata comes from it ({@link pdfMetadata}). */
  readonly briefing: Briefing;
  /** The HTML without contents page numbers. */
  readonly html: HtmlDocument;
  /** Ids of the headings whose pages the contents prints (one per section), in order. */
  readonly contentsIds: readonly string[];
  /** The briefing folder as given (print lint warnings name it). */
  readonly dir: string;
  /** The template's styles file, or the briefing's own override (errors in template settings name it). */
  readonly templateFile: string;
  /** Render the HTML again with the contents' page numbers (heading id → 1-based page), reusing every other stage. */
  readonly numbered: (pages: ReadonlyMap<string, number>) => Promise<HtmlDocument>;
}

/**
 * Runs printing work on a browser, with a time limit in ms for the whole of it (a `BrowserSupervisor`'s
 * `use`: shared, relaunched after a crash).
 */
export type WithBrowser = <T>(work: (browser: Browser) => Promise<T>, timeoutMs?: number) => Promise<T>;

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
  /**
   * Time limit of loading and of printing, in ms, for a document of up to {@link LIMIT_BYTES} of HTML (a larger
   * one gets proportionally more, {@link printLimit}); the whole stage on the browser has it once per possible
   * print and once more, which also bounds the layout pass. None when absent.
   */
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
  /**
   * Mark every page "Draft" (src/pdf/draft-mark.ts): `build --draft` and the preview's `/pdf`. Default false: a
   * build without it prints the same bytes as before the mark existed.
   */
  readonly draftMark?: boolean;
  /** The render context's fonts, which set the draft mark (its subset then comes from their memo); default: a set of its own. */
  readonly fonts?: FontSet;
  /**
   * Called once the document has loaded in its page: a batch opens the next document's page then (its renderer
   * takes 0.1–0.2 s to start), while this one is laid out and printed. Not before the load, to keep the
   * browser's work for the document in one run (a page opened meanwhile used to cost a right-to-left running
   * header its margin boxes; the cause was a font face still loading, src/pdf/print.ts `loadFontFaces`).
   */
  readonly loaded?: () => void;
}

/**
 * The HTML a print's time limit is given for (1 MiB; the sample briefing's is 0.4 MiB). Chromium's load,
 * layout pass and print grow with the document, so a larger one gets a proportionally larger limit: the limit
 * is there to end a hang, not a long briefing (a 1,000-company briefing's HTML is several MiB).
 */
export const LIMIT_BYTES = 1024 * 1024;

/**
 * The time limit of loading and of printing a document of `htmlBytes` bytes of HTML: `timeoutMs` (the
 * `--timeout` option, in ms) for every {@link LIMIT_BYTES} of it, and never less than `timeoutMs`.
 */
export function printLimit(timeoutMs: number, htmlBytes: number): number {
  return Math.round(timeoutMs * Math.max(1, htmlBytes / LIMIT_BYTES));
}

/** The longest delay a timer takes (2³¹ − 1 ms, about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Most prints spent on making the contents' page numbers true: the estimate nearly always holds. */
const MAX_PRINTS = 3;

/** The modules whose source decides a cached print entry: this one, the layout pass, its facts and the lint rules (same extension as this file: .ts from source, .js from dist). */
const PRINT_RECIPE = ['print-draft', 'layout', 'layout-facts', 'lint'].map((name) => new URL(`./${name}${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url).href);

/**
 * Print a rendered draft with true contents page numbers (see the module diagram). With a `cache` that holds
 * the numbers and print lint of this very document from an earlier build, it loads once and prints once, with
 * no layout pass ({@link printKnown}), so cached and fresh builds report alike. Used by `build` and by the
 * preview's `/pdf`.
 * @throws BriefingError (`render`, `browserNotFound`) when printing fails; (`render`) when the numbers have
 *   not settled after {@link MAX_PRINTS} prints; (`template`) when the template's `--lint-min-page-fill` is
 *   not a share of the page.
 */
export async function printDraft(draft: PrintableDraft, withBrowser: WithBrowser, options: PrintDraftOptions = {}): Promise<PrintedDraft> {
  const { cache = NO_CACHE, lint = true } = options;
  const timeoutMs = options.timeoutMs === undefined ? undefined : Math.min(printLimit(options.timeoutMs, Buffer.byteLength(draft.html.html)), MAX_TIMER_MS);
  const guess = lint ? undefined : options.guess;
  const printOptions = timeoutMs === undefined ? {} : { timeoutMs };
  // A draft's mark is set in Noto Sans Bold subset to its word (made once, then from the cache).
  const draftFont = options.draftMark === true ? await draftMarkFont(options.fonts ?? new FontSet(FONT_FACES, cache)) : undefined;
  const meta = { ...pdfMetadata(draft.briefing), ...(draftFont === undefined ? {} : { draftFont }) };
  // Each step has the limit; the whole stage has it once per possible print (and one spent on stale numbers).
  const overall = timeoutMs === undefined ? undefined : Math.min(timeoutMs * (MAX_PRINTS + 1), MAX_TIMER_MS);
  const kept = await withBrowser(
    async (browser) =>
      (await import('./print.ts')).withPrintPage<KeptPrint>(
        browser,
        async (printPage) => {
          const page = onFirstLoad(printPage, options.loaded);
          // The contents' numbers and print lint of the same document printed by the same Chromium, from an
          // earlier build (the key also names the sources of the modules that decide the entry: this one, the
          // layout pass, its facts and the lint's rules).
          const key = cacheKey('print', [recipe(PRINT_RECIPE, []), await browser.version(), createHash('sha256').update(draft.html.html).digest('hex')]);
          const cached = await knownPrint(cache, key);
          // Without the lint, a cached entry gives its numbers only.
          const known = cached ? { pages: cached.pages, lint: lint ? cached.lint : [] } : guess && { pages: guess, lint: [] };
          const first = known && (await printKnown(draft, page, meta, known));
          const printed = first !== undefined && 'printed' in first ? first.printed : await printMeasured(draft, page, meta, lint, first?.shown);
          if (lint && (known === undefined || printed.prints > 1)) await cache.put(key, JSON.stringify({ pages: Object.fromEntries(printed.pages), lint: printed.lint }));
          return printed;
        },
        printOptions,
      ),
    overall,
  );
  // The pdf-lib and standards passes run on every kept print, cached or not, once its page is closed and the
  // browser is free for the next document; the standards' warnings join the lint after the cache.
  const { print, ...rest } = kept;
  // The next document waiting for the browser sends its first commands before this thread is busy finishing.
  await new Promise((resolve) => setImmediate(resolve));
  const pdf = await print.finish().catch((e: unknown) => {
    throw e instanceof BriefingError ? e : BriefingError.of(msg.printFailed(firstLine(e)), {}, e);
  });
  const hidden = pdf.hiddenTextPages.map((p) => ({ ...diagnostic(msg.hiddenText(p), { file: draft.dir }), page: p }));
  return { ...rest, pdf, lint: [...rest.lint, ...hidden] };
}

/** The font a draft's mark is set in; draft-mark.ts, which loads pdf-lib, loads only for a draft. */
async function draftMarkFont(fonts: FontSet): Promise<Uint8Array> {
  const { DRAFT_FONT_WEIGHT, DRAFT_WORD } = await import('./draft-mark.ts');
  return fonts.mainFaceSubset(DRAFT_FONT_WEIGHT, DRAFT_WORD);
}

/** `page`, calling `loaded` (when given) once its first load has finished. */
function onFirstLoad(page: PrintPage, loaded: (() => void) | undefined): PrintPage {
  if (loaded === undefined) return page;
  let first = true;
  return {
    ...page,
    load: async (html) => {
      await page.load(html);
      if (first) loaded();
      first = false;
    },
  };
}

/** A print kept for the PDF, not yet finished ({@link Print.finish}), and what the PDF stage learned with it. */
interface KeptPrint extends Omit<PrintedDraft, 'pdf'> {
  readonly print: Print;
}

/** What the PDF's metadata takes from the briefing ({@link pdfMetadata}); the rest comes from each HTML printed. */
export type BriefingMetadata = Omit<PdfMetadata, 'headings' | 'linkLabels'>;

/** The whole metadata of one print of `html`: the briefing's, with the document's headings (outline titles) and link labels. */
export function documentMetadata(meta: BriefingMetadata, html: HtmlDocument): PdfMetadata {
  return { ...meta, headings: html.headings.map((h) => h.text), linkLabels: html.linkLabels };
}

/**
 * The PDF's metadata for a briefing: title, authors, subject (subtitle), keywords (`keywords:`, else the company names), creator,
 * the date (`SOURCE_DATE_EPOCH`, in seconds, when set to a writable date, else the as-of date at 00:00 UTC), and the standards the
 * PDF claims (briefing.yaml's `pdfStandard`, or the command line's).
 */
export function pdfMetadata(b: Briefing, env: NodeJS.ProcessEnv = process.env): BriefingMetadata {
  const date = sourceDateEpoch(env) ?? new Date(`${b.settings.asOf}T00:00:00Z`);
  return {
    title: b.settings.title,
    authors: b.settings.authors,
    subject: b.settings.subtitle ?? b.settings.title,
    keywords: b.settings.keywords ?? b.companies.map((c) => c.name),
    creator: GENERATOR,
    date,
    standards: b.settings.pdfStandard,
  };
}

/**
 * The PDF stage on one page whose numbers come from a layout pass, printing once in the usual case (see the
 * module diagram). Only the headings the contents numbers are compared. The page lays out the document
 * already numbered (`shown`, when {@link printKnown} left one loaded, else numbered with a first guess), so
 * that the numbers the layout pass finds are edited into it in place (src/pdf/update.ts) instead of loading
 * the document again.
 * @throws BriefingError (`render`) when the numbers have not settled after {@link MAX_PRINTS} prints;
 *   (`template`) when the template's `--lint-min-page-fill` is not a share of the page.
 */
async function printMeasured(draft: PrintableDraft, page: PrintPage, meta: BriefingMetadata, lint: boolean, shown?: Shown): Promise<KeptPrint> {
  const numbered = draft.contentsIds;
  let { html, pages } = shown ?? (await firstShown(draft));
  if (shown === undefined) await page.load(html.html);
  // 1. One layout pass: where the headings land, and the facts the print lint reads.
  const estimate = await page.estimate(lint);
  let expected = pick(estimate.pages, numbered);
  for (let n = 1; ; n++) {
    if (!sameNumbers(numbered, pages, expected)) {
      html = await draft.numbered(expected);
      pages = expected;
      if (!(await page.update(html.html))) await page.load(html.html);
    }
    const printed = await page.print(documentMetadata(meta, html));
    const landed = headingPages(html, printed);
    const spent = (shown === undefined ? 0 : 1) + n;
    // Only the print that is kept is finished (the pdf-lib and standards passes), by the caller.
    if (sameNumbers(numbered, landed, expected)) return { html, print: printed, prints: spent, lint: lintOf(draft, estimate, landed), pages: pick(landed, numbered) };
    if (n === MAX_PRINTS) throw BriefingError.of(msg.contentsUnsettled(MAX_PRINTS));
    expected = landed;
  }
}

/** A document loaded in the print page, with the contents numbers it carries (heading id → page). */
interface Shown {
  readonly html: HtmlDocument;
  readonly pages: ReadonlyMap<string, number>;
}

/**
 * The document a layout pass first lays out: the draft numbered with a first guess (section n on page n), so
 * that it has the shape of the numbered document and only the numbers change once they are known. A
 * briefing whose contents numbers nothing lays out and prints the draft as it is.
 */
async function firstShown(draft: PrintableDraft): Promise<Shown> {
  if (draft.contentsIds.length === 0) return { html: draft.html, pages: new Map() };
  const pages = new Map(draft.contentsIds.map((id, i) => [id, i + 1]));
  return { html: await draft.numbered(pages), pages };
}

/** True when `a` and `b` give every id in `ids` the same page. */
function sameNumbers(ids: readonly string[], a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  return ids.every((id) => a.get(id) === b.get(id));
}

/** What an earlier build of the same document by the same Chromium found: contents numbers and print lint. */
interface KnownPrint {
  readonly pages: ReadonlyMap<string, number>;
  readonly lint: readonly Diagnostic[];
}

/**
 * The PDF stage for a draft printed before (a nightly build of unchanged content): its contents numbers and
 * its print lint are known, so the numbered HTML loads once and prints, with no layout pass. When the printed
 * outline disagrees with the known numbers (one print spent), the document it left loaded (`shown`).
 */
async function printKnown(draft: PrintableDraft, page: PrintPage, meta: BriefingMetadata, known: KnownPrint): Promise<{ printed: KeptPrint } | { shown: Shown }> {
  const html = await draft.numbered(known.pages);
  await page.load(html.html);
  const printed = await page.print(documentMetadata(meta, html));
  const landed = headingPages(html, printed);
  if (!sameNumbers(draft.contentsIds, landed, known.pages)) return { shown: { html, pages: known.pages } };
  // The lint is the document's; the folder it names is this build's.
  return { printed: { html, print: printed, prints: 1, lint: known.lint.map((d) => ({ ...d, file: draft.dir })), pages: pick(landed, draft.contentsIds) } };
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
function lintOf(draft: PrintableDraft, estimate: PageEstimate, landed: ReadonlyMap<string, number>): Diagnostic[] {
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
function headingPages(html: HtmlDocument, pdf: Pick<PdfFile, 'outline'>): Map<string, number> {
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
