/**
 * Stage 6: {@link HtmlDocument} → {@link PdfFile}, through a Chromium page that can load nothing.
 *
 * The HTML is set with `page.setContent` (never a `file://` URL), JavaScript is off (the page-layout estimate
 * runs through the DevTools protocol, not as page script), and every request the document makes, other than
 * the inline `data:` fonts it carries, is aborted. After printing, pdf-lib sets
 * the document metadata and fixes the creation and modification dates to the briefing's as-of date, so the
 * same input prints the same bytes; a draft gets its "Draft" mark on every page there too (draft-mark.ts).
 */
import type { Browser, Page } from 'puppeteer-core';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { BriefingError, firstLine } from '../errors.ts';
import { msg } from '../messages.ts';
import { clipChartHolders, estimateHeadingPages, type PageEstimate } from './layout.ts';
import { takePrintPage } from './page.ts';
import { updateInPlace } from './update.ts';
import { applyStandards, finishStandards, type PdfStandard } from './standards/index.ts';

/** Document metadata written into the PDF's Info dictionary. */
export interface PdfMetadata {
  readonly title: string;
  /** The authors in order (the Info dictionary's Author joins them with ", "). */
  readonly authors: readonly string[];
  readonly subject: string;
  readonly keywords: readonly string[];
  /** "briefing 0.1.0". */
  readonly creator: string;
  /** Creation and modification date: the as-of date (UTC midnight) or `SOURCE_DATE_EPOCH`. */
  readonly date: Date;
  /** Heading texts in document order; outline titles Chromium garbles are restored from them. */
  readonly headings: readonly string[];
  /**
   * A draft's: the font the "Draft" mark is set in (src/pdf/draft-mark.ts), which every page then carries.
   * Absent for any other print, which then carries no mark.
   */
  readonly draftFont?: Uint8Array;
  /** The standards the PDF claims and meets (src/pdf/standards/); empty: Chromium's print as it is. */
  readonly standards: readonly PdfStandard[];
  /** What each link goes to, in words, by target (`#id` or URL; src/html/link-labels.ts): each link annotation's /Contents. */
  readonly linkLabels: ReadonlyMap<string, string>;
}

/** One outline (bookmark) entry in document order, with the 1-based page its destination is on. */
export interface OutlineEntry {
  readonly title: string;
  readonly page: number;
}

/** A printed PDF: its bytes, page count and outline (pre-order, as the headings appear). */
export interface PdfFile {
  readonly bytes: Uint8Array;
  readonly pages: number;
  readonly outline: readonly OutlineEntry[];
  /** The standards it claims (and meets), as {@link PdfMetadata.standards}. */
  readonly standards: readonly PdfStandard[];
  /** Pages (1-based) whose text outside the structure the standards pass made artifacts (a warning, BR508). */
  readonly hiddenTextPages: readonly number[];
}

/**
 * One print read back: its page count and outline, enough to tell whether the contents' page numbers held,
 * and {@link Print.finish} to make the PDF that is kept (the pdf-lib pass and the standards pass run only then,
 * not for a print that is thrown away).
 */
export interface Print {
  readonly pages: number;
  readonly outline: readonly OutlineEntry[];
  /**
   * The finished PDF: Info dictionary, structure ids, draft mark, standards pass, saved. Call it once.
   * @throws BriefingError (`render`, BR419; `template`, BR255) when the standards asked for cannot be met.
   */
  finish(): Promise<PdfFile>;
}

/** Options of one print. */
export interface PrintOptions {
  /** Time limit for loading and printing, in ms (default 60,000). */
  readonly timeoutMs?: number;
}

/**
 * A Chromium page that can load nothing: JavaScript off, every request other than inline `data:` aborted.
 * One page serves a document's whole PDF stage: load, estimate the pages, update it to the numbered HTML, print.
 */
export interface PrintPage {
  /**
   * Load an HTML document in print media (emulated), replacing the one before; resolves once it and its fonts
   * have loaded and its charts' wrappers are clipped for print (see `clipChartHolders` in src/pdf/layout.ts; an
   * update keeps them so).
   */
  load(html: string): Promise<void>;
  /**
   * Make the loaded document `html` without loading it, when the two differ only in text and attribute values
   * (the contents' page numbers; src/pdf/update.ts). False, with nothing changed, otherwise: {@link load} it.
   */
  update(html: string): Promise<boolean>;
  /**
   * Where each heading of the loaded document will print (see src/pdf/layout.ts). Leaves the document as it
   * was loaded: it can be updated or printed next.
   */
  estimate(facts?: boolean): Promise<PageEstimate>;
  /** Print the loaded document (page size and margins from its CSS `@page` rule) and read it back ({@link Print}). */
  print(meta: PdfMetadata): Promise<Print>;
}

/**
 * Run `work` on a {@link PrintPage} of `browser` (a page opened ahead by the supervisor, or a new one; see
 * src/pdf/page.ts), closing the page afterwards whatever happens.
 * @throws BriefingError (`render`) when Chromium fails or one step passes the time limit.
 */
export async function withPrintPage<T>(browser: Browser, work: (page: PrintPage) => Promise<T>, options: PrintOptions = {}): Promise<T> {
  const timeout = options.timeoutMs ?? 60_000;
  const page = await takePrintPage(browser);
  try {
    return await work({
      load: async (html) => {
        await page.setContent(html, { waitUntil: 'load', timeout });
        await clipChartHolders(page);
      },
      update: async (html) => {
        if (!(await updateInPlace(page, html))) return false;
        // The edit copied the new document's attributes, which carry no clip.
        await clipChartHolders(page);
        return true;
      },
      estimate: (facts) => estimateHeadingPages(page, facts),
      print: async (meta) => {
        await loadFontFaces(page);
        const raw = await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, outline: true, waitForFonts: true, timeout });
        return readPrint(raw, meta);
      },
    });
  } catch (e) {
    if (e instanceof BriefingError) throw e;
    if (e instanceof Error && e.name === 'TimeoutError') throw BriefingError.of(msg.printTimeout(timeout, false), {}, e);
    throw BriefingError.of(msg.printFailed(firstLine(e)), {}, e);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * Print one HTML document to PDF on a page of its own: {@link withPrintPage}, load, print.
 * @throws BriefingError (`render`) when Chromium fails or the time limit passes.
 */
export function printPdf(browser: Browser, html: string, meta: PdfMetadata, options: PrintOptions = {}): Promise<PdfFile> {
  return withPrintPage(
    browser,
    async (page) => {
      await page.load(html);
      return (await page.print(meta)).finish();
    },
    options,
  );
}

/**
 * Load every font face of the page's document before it prints. A face only the page margin boxes use (the
 * running header's right-to-left title, in Noto Sans Arabic) may not have loaded with the page, and a print
 * that met it still loading (on a busy machine, or in a page another page had opened after) printed no margin
 * box at all: no running header and no "Page n of m" footer, on any page (Chromium 156; `waitForFonts` waits
 * only for faces the page has asked for). Measured: 18 of 20 prints whole on a loaded machine, 0 of 4 with a
 * blank page opened after it; 40 of 40 and 10 of 10 with the faces loaded (docs/performance.md, "Chromium can
 * drop a document's page margin boxes"). The faces are the document's own (`data:` URLs): nothing is fetched.
 * A face that fails to load is left to print as it would have.
 */
async function loadFontFaces(page: Page): Promise<void> {
  await page.evaluate('Promise.all(Array.from(document.fonts, (face) => face.load().catch(() => undefined)))');
}

/**
 * A print read back with pdf-lib: its outline repaired (see {@link repairOutline}) and counted, the rest of the
 * work left to {@link Print.finish}.
 */
export async function readPrint(raw: Uint8Array, meta: PdfMetadata): Promise<Print> {
  // pdf-lib yields to the event loop every 100 objects parsed and 50 written unless told otherwise, which
  // makes a 25-page briefing's round trip ten times slower; the whole document is in memory anyway.
  const doc = await PDFDocument.load(raw, { updateMetadata: false, parseSpeed: Infinity });
  const outline = repairOutline(doc, meta.headings);
  return { pages: doc.getPageCount(), outline, finish: () => finishDocument(doc, meta, outline) };
}

/**
 * After Chromium, in one go ({@link readPrint}, then finish): the kept PDF of a raw print. The same `raw` and
 * `meta` give the same bytes.
 * @throws BriefingError (`render`, BR419) when the standards asked for cannot be met.
 */
export async function finishPrint(raw: Uint8Array, meta: PdfMetadata): Promise<PdfFile> {
  return (await readPrint(raw, meta)).finish();
}

/**
 * Write the Info dictionary and the catalog's /Lang (the language Chromium gave the document element, from the
 * HTML's `lang`; `en` when it gave none), renumber the structure ids, draw a draft's mark, run the standards
 * pass (src/pdf/standards/) for `meta.standards`, and save.
 */
async function finishDocument(doc: PDFDocument, meta: PdfMetadata, outline: readonly OutlineEntry[]): Promise<PdfFile> {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.authors.join(', '));
  doc.setSubject(meta.subject);
  doc.setKeywords([...meta.keywords]);
  doc.setCreator(meta.creator);
  doc.setProducer(`${meta.creator} (Chromium, pdf-lib)`);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.setLanguage(documentLanguage(doc) ?? 'en');
  renumberStructureIds(doc);
  if (meta.draftFont !== undefined) await (await import('./draft-mark.ts')).markDraft(doc, meta.draftFont);
  const { hiddenTextPages } = applyStandards(doc, meta.standards, meta);
  const saved = await doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  return { bytes: finishStandards(saved, meta.standards), pages: doc.getPageCount(), outline, standards: meta.standards, hiddenTextPages };
}

/** The `/Lang` of the structure tree's first element (Chromium's Document, from the HTML's `lang`), if any. */
function documentLanguage(doc: PDFDocument): string | undefined {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const kids = root?.lookup(PDFName.of('K'));
  const first = kids instanceof PDFArray ? kids.lookup(0) : kids;
  return first instanceof PDFDict ? first.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString)?.decodeText() : undefined;
}

/**
 * Chromium's outline titles sometimes drop the space at a line wrap or repeat the heading's text
 * ("Key metricsKey metrics", seen with Chromium 156 for headings at the top of a page). Each outline title
 * that matches a heading once whitespace is ignored, or matches it twice over, is replaced by that heading.
 * Returns the outline in document order with each entry's page.
 */
function repairOutline(doc: PDFDocument, headings: readonly string[]): OutlineEntry[] {
  const squash = (s: string): string => s.replace(/\s+/g, '');
  const canonical = new Map(headings.map((h) => [squash(h), h]));
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const entries: OutlineEntry[] = [];
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const visit = (item: PDFDict | undefined): void => {
    for (let node = item; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      let title = node.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)?.decodeText() ?? '';
      const s = squash(title);
      const half = s.length % 2 === 0 && s.slice(0, s.length / 2) === s.slice(s.length / 2) ? s.slice(0, s.length / 2) : undefined;
      const fixed = canonical.get(s) ?? (half !== undefined ? canonical.get(half) : undefined);
      if (fixed !== undefined && fixed !== title) {
        node.set(PDFName.of('Title'), PDFHexString.fromText(fixed));
        title = fixed;
      }
      const dest = node.lookupMaybe(PDFName.of('Dest'), PDFArray)?.get(0);
      entries.push({ title, page: dest instanceof PDFRef ? (pageIndex.get(dest.toString()) ?? 0) : 0 });
      visit(node.lookupMaybe(PDFName.of('First'), PDFDict));
    }
  };
  visit(outlines?.lookupMaybe(PDFName.of('First'), PDFDict));
  return entries;
}

/**
 * Chromium names tagged-structure elements after renderer-wide DOM node counters (`node00000243`), so the
 * same document printed in a browser that printed something before gets other names, and other bytes.
 * Renumber them from 1 in their original order (keeping the IDTree sorted). Every string that is such a name,
 * in any dictionary or array of any indirect object (a stream's dictionary excepted), is renamed: the
 * elements' `/ID`s, the IDTree's keys, the cells' `/Headers`.
 */
function renumberStructureIds(doc: PDFDocument): void {
  const pattern = /^node(\d+)$/;
  // Where each id sits: the array or dictionary holding it, and its index or key there.
  const found: { holder: PDFArray | PDFDict; at: number | PDFName; id: string }[] = [];
  // Keys and values are read one by one (`keys`, `get`): `entries()` would make an array per entry, for tens
  // of thousands of entries. A key whose value is PDFNull is read as undefined and, as PDFNull, holds no id.
  const take = (holder: PDFArray | PDFDict, at: number | PDFName, value: PDFObject | undefined): void => {
    if (value instanceof PDFString || value instanceof PDFHexString) {
      const text = value.decodeText();
      if (pattern.test(text)) found.push({ holder, at, id: text });
    } else if (value instanceof PDFDict || value instanceof PDFArray) visit(value);
  };
  const visit = (obj: PDFObject): void => {
    if (obj instanceof PDFDict) for (const key of obj.keys()) take(obj, key, obj.get(key));
    else if (obj instanceof PDFArray) for (let i = 0, n = obj.size(); i < n; i++) take(obj, i, obj.get(i));
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) visit(obj);
  // Each distinct id with its number, sorted by number (stable: equal numbers keep the order found).
  const ordered = [...new Set(found.map((f) => f.id))].map((id) => ({ id, n: Number(pattern.exec(id)![1]) })).sort((a, b) => a.n - b.n);
  const replace = new Map(ordered.map(({ id }, i) => [id, PDFString.of(`node${String(i + 1).padStart(8, '0')}`)]));
  for (const { holder, at, id } of found) {
    if (holder instanceof PDFArray) holder.set(at as number, replace.get(id)!);
    else holder.set(at as PDFName, replace.get(id)!);
  }
}
