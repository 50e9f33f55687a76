/**
 * A conformance check of our own for PDF/UA-1 (ISO 14289-1, checked as the Matterhorn protocol lists it) and
 * PDF/A-2b (ISO 19005-2), over a PDF's objects (pdf-lib) and content streams (pdf.js's operator list).
 *
 * It is independent of the code that makes a PDF conform (src/pdf/standards/*): it imports none of it, so a
 * fault there cannot hide itself here. It is no validator (veraPDF checks far more): it checks the checkpoints
 * Chromium's tagged print is known to fail and our post-processing claims to fix, plus their neighbours.
 *
 *   bytes ─┬─ pdf-lib ── header, trailer /ID, catalog, XMP metadata (conformance/xmp.ts), output intent,
 *          │             annotations, fonts, structure tree (conformance/structure.ts)
 *          └─ pdf.js ─── operator list per page: painting against marked content, MCIDs (conformance/content.ts)
 */
import { PDFArray, PDFBool, PDFDict, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { checkContent, rawContents } from './conformance/content.ts';
import { dictOf, get, items, loadPdf, nameOf, resourceEntries, streamBytes, textOf, type Pdf, type Report, type Standard } from './conformance/read.ts';
import { checkStructure, structTypeOf } from './conformance/structure.ts';
import { checkXmp } from './conformance/xmp.ts';

export type { Standard } from './conformance/read.ts';

/**
 * One failed checkpoint. `checkpoint` is one of: header, trailer-id, catalog-lang, mark-info, display-doc-title,
 * struct-tree, xmp, xmp-filter, xmp-missing-key, xmp-info-mismatch, pdfuaid, pdfaid, xmp-extension-schema,
 * output-intent, link-contents, link-tag, annotation-contents, annotation-print, tabs, font-embedded,
 * font-tounicode, role-map, list-item, table-row, figure-alt, formula-alt, untagged-content, artifact-in-tagged,
 * tagged-in-artifact, mcid-unmapped, mcid-duplicate, pagination-subtype. `clause` names where the rule comes from for each claimed standard it belongs to, joined
 * by "; " ("Matterhorn 06-001; ISO 19005-2 6.6.2.1"). `page` is 1-based, where a page is known.
 */
export interface Finding {
  checkpoint: string;
  clause: string;
  page?: number;
  detail: string;
}

/** What one page's content holds (see {@link contentCensus}). */
export interface PageCensus {
  /** 1-based. */
  page: number;
  /** Painting operators (text, filled or stroked paths, images, shadings) as pdf.js lists them. */
  painting: number;
  /** Painting operators inside no Artifact and no marked-content sequence with an MCID (Matterhorn 01-005). */
  untagged: number;
  /** Artifact marked-content sequences by `Type/Subtype` ("Pagination/Header", "Layout", "(untyped)"). */
  artifacts: Record<string, number>;
}

/**
 * Check a PDF against the checkpoints listed on {@link Finding} for the standards it claims: a finding is kept
 * only when its rule belongs to a claimed standard. Returns the findings in a stable order (file, catalog,
 * metadata, colour, annotations, fonts, structure, content page by page); none means the PDF passed.
 * Throws when pdf-lib or pdf.js cannot parse the file.
 */
export async function checkConformance(bytes: Uint8Array, standards: readonly Standard[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  const report: Report = (checkpoint, rule, detail, page) => {
    const clauses = [standards.includes('ua-1') ? rule.ua : undefined, standards.includes('a-2b') ? rule.a : undefined];
    const clause = clauses.filter((c) => c !== undefined).join('; ');
    if (clause !== '') findings.push({ checkpoint, clause, ...(page === undefined ? {} : { page }), detail });
  };
  const pdf = await loadPdf(bytes);
  checkFile(pdf, report);
  checkCatalog(pdf, report);
  checkXmp(metadataStream(pdf), dictOf(pdf, pdf.doc.context.trailerInfo.Info), standards, report);
  checkOutputIntent(pdf, report);
  checkAnnotations(pdf, report);
  checkFonts(pdf, report);
  checkStructure(pdf, report);
  await checkContent(pdf, report);
  return findings;
}

/**
 * Per page, how many painting operators there are, how many are neither tagged nor an artifact, and the
 * artifacts by type: what the issue counts. Throws when pdf-lib or pdf.js cannot parse the file.
 */
export async function contentCensus(bytes: Uint8Array): Promise<PageCensus[]> {
  const pages = await checkContent(await loadPdf(bytes), () => undefined);
  return pages.map((p, i) => ({ page: i + 1, ...p }));
}

/** The catalog's metadata stream, decoded, or undefined when /Metadata is not a stream. */
function metadataStream(pdf: Pdf): { xml: string; filtered: boolean } | undefined {
  const meta = get(pdf.catalog, 'Metadata');
  if (!(meta instanceof PDFRawStream)) return undefined;
  return { xml: new TextDecoder().decode(streamBytes(meta)), filtered: meta.dict.has(PDFName.of('Filter')) };
}

/** The file header with its binary comment (ISO 19005-2 6.1.2) and a trailer /ID of two strings (6.1.3). */
function checkFile(pdf: Pdf, report: Report): void {
  const head = Buffer.from(pdf.bytes.subarray(0, 32)).toString('latin1');
  if (!/^%PDF-1\.[0-7](\r\n|\r|\n)%[\x80-\xff]{4}/.test(head)) {
    report('header', { a: 'ISO 19005-2 6.1.2' }, 'the file does not start with %PDF-1.n and a comment of four bytes above 127');
  }
  const id = items(pdf, pdf.doc.context.trailerInfo.ID);
  if (id.length !== 2 || id.some((s) => textOf(s) === undefined)) {
    report('trailer-id', { a: 'ISO 19005-2 6.1.3' }, 'the trailer has no /ID of two strings');
  }
}

/** Catalog entries PDF/UA-1 needs: /Lang, /MarkInfo /Marked true, DisplayDocTitle true, a structure tree. */
function checkCatalog(pdf: Pdf, report: Report): void {
  const { catalog } = pdf;
  if (!textOf(get(catalog, 'Lang'))) {
    report('catalog-lang', { ua: 'Matterhorn 11-001' }, 'the catalog has no /Lang: the natural language of the text cannot be determined');
  }
  const marked = get(dictOf(pdf, catalog.get(PDFName.of('MarkInfo'))), 'Marked');
  if (!(marked instanceof PDFBool && marked.asBoolean())) {
    report('mark-info', { ua: 'ISO 14289-1 7.1' }, 'the catalog has no /MarkInfo with /Marked true');
  }
  const show = get(dictOf(pdf, catalog.get(PDFName.of('ViewerPreferences'))), 'DisplayDocTitle');
  if (!(show instanceof PDFBool)) report('display-doc-title', { ua: 'Matterhorn 07-001' }, 'ViewerPreferences has no DisplayDocTitle');
  else if (!show.asBoolean()) report('display-doc-title', { ua: 'Matterhorn 07-002' }, 'ViewerPreferences has DisplayDocTitle false');
  if (!(get(catalog, 'StructTreeRoot') instanceof PDFDict)) {
    report('struct-tree', { ua: 'ISO 14289-1 7.1' }, 'the catalog has no /StructTreeRoot: the PDF is not tagged');
  }
}

/**
 * A PDF/A output intent (/S /GTS_PDFA1) with an RGB ICC profile (/N 3, header signature "acsp", colour space
 * "RGB "): needed as soon as DeviceRGB is used (ISO 19005-2 6.2.4.3); a broken one fails 6.2.3 in any case.
 */
function checkOutputIntent(pdf: Pdf, report: Report): void {
  const intents = items(pdf, pdf.catalog.get(PDFName.of('OutputIntents'))).map((i) => dictOf(pdf, i));
  const pdfa = intents.find((d) => nameOf(get(d, 'S')) === 'GTS_PDFA1');
  if (!pdfa) {
    if (usesDeviceRgb(pdf)) report('output-intent', { a: 'ISO 19005-2 6.2.4.3' }, 'DeviceRGB is used but there is no GTS_PDFA1 output intent');
    return;
  }
  const profile = get(pdfa, 'DestOutputProfile');
  if (!(profile instanceof PDFRawStream)) {
    report('output-intent', { a: 'ISO 19005-2 6.2.3' }, 'the output intent has no DestOutputProfile stream');
    return;
  }
  const n = get(profile.dict, 'N');
  const icc = Buffer.from(streamBytes(profile));
  const header = icc.length >= 128 ? `${icc.toString('latin1', 36, 40)} ${icc.toString('latin1', 16, 20)}` : '(too short)';
  if (!(n instanceof PDFNumber && n.asNumber() === 3) || header !== 'acsp RGB ') {
    report('output-intent', { a: 'ISO 19005-2 6.2.3' }, `the output profile is not an RGB ICC profile with /N 3 (/N ${n}, header "${header}")`);
  }
}

/** Whether any page content sets a DeviceRGB colour (rg, RG, /DeviceRGB) or any object names DeviceRGB as its colour space. */
function usesDeviceRgb(pdf: Pdf): boolean {
  const op = /(^|[\s\]>)])(rg|RG)(?=[\s/[<(%]|$)|\/DeviceRGB\b/;
  if (pdf.pages.some((_, i) => rawContents(pdf, i).some((text) => op.test(text)))) return true;
  return pdf.doc.context.enumerateIndirectObjects().some(([, obj]) => {
    const dict = obj instanceof PDFRawStream ? obj.dict : obj instanceof PDFDict ? obj : undefined;
    return nameOf(get(dict, 'ColorSpace')) === 'DeviceRGB' || nameOf(get(dict, 'CS')) === 'DeviceRGB';
  });
}

/**
 * Annotations: a Link has /Contents (Matterhorn 28-012) and belongs to a Link element (28-011); any other but a
 * Widget, Popup or PrinterMark has /Contents (28-004); all but Popups print and are not hidden (ISO 19005-2
 * 6.3.2); a page with annotations has /Tabs /S (28-008, 28-009).
 */
function checkAnnotations(pdf: Pdf, report: Report): void {
  pdf.pages.forEach((page, i) => {
    const annots = items(pdf, page.get(PDFName.of('Annots'))).filter((a) => a instanceof PDFDict);
    for (const annot of annots) {
      const subtype = nameOf(get(annot, 'Subtype')) ?? '(none)';
      const contents = textOf(get(annot, 'Contents'))?.trim();
      if (subtype === 'Link' && !contents) report('link-contents', { ua: 'Matterhorn 28-012' }, `a Link annotation to ${linkTarget(pdf, annot)} has no /Contents`, i + 1);
      if (subtype === 'Link' && structTypeOf(pdf, annot) !== 'Link') {
        report('link-tag', { ua: 'Matterhorn 28-011' }, `a Link annotation to ${linkTarget(pdf, annot)} is not in a Link structure element`, i + 1);
      }
      if (!['Link', 'Widget', 'Popup', 'PrinterMark'].includes(subtype) && !contents) {
        report('annotation-contents', { ua: 'Matterhorn 28-004' }, `a ${subtype} annotation has no /Contents`, i + 1);
      }
      const flags = get(annot, 'F');
      const f = flags instanceof PDFNumber ? flags.asNumber() : 0;
      if (subtype !== 'Popup' && ((f & 4) === 0 || (f & (1 | 2 | 32 | 256)) !== 0)) {
        report('annotation-print', { a: 'ISO 19005-2 6.3.2' }, `a ${subtype} annotation has flags ${f}: it does not print, or is hidden`, i + 1);
      }
    }
    const tabs = nameOf(get(page, 'Tabs'));
    if (annots.length > 0 && tabs !== 'S') {
      report('tabs', { ua: tabs === undefined ? 'Matterhorn 28-008' : 'Matterhorn 28-009' }, `a page with annotations has /Tabs ${tabs ?? '(none)'}, not /S`, i + 1);
    }
  });
}

/** Where a link goes, for a finding's detail: its URI or its destination's name. */
function linkTarget(pdf: Pdf, annot: PDFDict): string {
  const uri = textOf(get(dictOf(pdf, annot.get(PDFName.of('A'))), 'URI'));
  const dest = get(annot, 'Dest');
  return uri ?? nameOf(dest) ?? textOf(dest) ?? (dest instanceof PDFArray ? 'an explicit destination' : 'nowhere');
}

/**
 * Every font of a page's resources, and of the form XObjects it draws, has its program embedded (FontFile,
 * FontFile2 or FontFile3; for a Type0 font, in its descendant): Matterhorn 31-009, ISO 19005-2 6.2.11.4.1.
 * Type3 fonts are drawn by the file's own content. Every font maps its character codes to Unicode
 * ({@link mapsToUnicode}; Matterhorn 10-001, ISO 14289-1 7.21.7; PDF/A-2b asks it of no font, only levels U
 * and A do). A font is reported once, on the first page whose resources hold it.
 */
function checkFonts(pdf: Pdf, report: Report): void {
  const seen = new Set<unknown>();
  pdf.pages.forEach((page, i) => {
    for (const [name, ref] of resourceEntries(pdf, page.Resources(), 'Font')) {
      const font = dictOf(pdf, ref);
      if (!font || seen.has(font)) continue;
      seen.add(font);
      const fontName = nameOf(get(font, 'BaseFont')) ?? name;
      if (!mapsToUnicode(pdf, font)) {
        report('font-tounicode', { ua: 'Matterhorn 10-001; ISO 14289-1 7.21.7' }, `the font ${fontName} has no /ToUnicode and no encoding that maps to Unicode`, i + 1);
      }
      if (nameOf(get(font, 'Subtype')) === 'Type3') continue;
      const descendant = items(pdf, font.get(PDFName.of('DescendantFonts')))[0];
      const descriptor = dictOf(pdf, (descendant instanceof PDFDict ? descendant : font).get(PDFName.of('FontDescriptor')));
      if (!['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(PDFName.of(k)))) {
        report('font-embedded', { ua: 'Matterhorn 31-009', a: 'ISO 19005-2 6.2.11.4.1' }, `the font ${fontName} is not embedded`, i + 1);
      }
    }
  });
}

/** The simple-font encodings whose character codes a reader maps to Unicode by name (ISO 32000-1 9.10.2). */
const UNICODE_ENCODINGS: readonly string[] = ['WinAnsiEncoding', 'MacRomanEncoding', 'MacExpertEncoding'];

/** The Adobe character collections whose CIDs a reader maps to Unicode (ISO 32000-1 9.10.2). */
const UNICODE_ORDERINGS: readonly string[] = ['GB1', 'CNS1', 'Japan1', 'Korea1'];

/**
 * Whether a font's character codes map to Unicode, the ways ISO 32000-1 9.10.2 lists and PDF/UA-1 7.21.7
 * accepts: a /ToUnicode CMap stream; a simple font whose /Encoding (or its /BaseEncoding) is WinAnsi, MacRoman
 * or MacExpert; a Type0 font whose descendant's CIDSystemInfo is Adobe-GB1, -CNS1, -Japan1 or -Korea1. Stricter
 * than 9.10.2 on one point: an encoding with a /Differences array counts as unmapped, since this check carries
 * no Adobe Glyph List to look its glyph names up in.
 */
function mapsToUnicode(pdf: Pdf, font: PDFDict): boolean {
  if (get(font, 'ToUnicode') instanceof PDFRawStream) return true;
  if (nameOf(get(font, 'Subtype')) === 'Type0') {
    const info = dictOf(pdf, dictOf(pdf, items(pdf, font.get(PDFName.of('DescendantFonts')))[0])?.get(PDFName.of('CIDSystemInfo')));
    return textOf(get(info, 'Registry')) === 'Adobe' && UNICODE_ORDERINGS.includes(textOf(get(info, 'Ordering')) ?? '');
  }
  const encoding = get(font, 'Encoding');
  if (encoding instanceof PDFDict) {
    return UNICODE_ENCODINGS.includes(nameOf(get(encoding, 'BaseEncoding')) ?? '') && items(pdf, encoding.get(PDFName.of('Differences'))).length === 0;
  }
  return UNICODE_ENCODINGS.includes(nameOf(encoding) ?? '');
}
