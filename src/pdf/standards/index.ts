/**
 * The standards pass: a Chromium print → a PDF that claims and meets PDF/UA-1 and PDF/A-2b (or the standards
 * asked for), run by src/pdf/print.ts on the pdf-lib document it has just given its Info dictionary, /Lang
 * and structure ids, for the print that is kept.
 *
 * ```
 * PDFDocument ─1─► markUntaggedContent   painting outside marked content → /Artifact (artifacts.ts)      ┐ PDF/UA-1
 *             ─2─► repairStructure       role map, LI → Lbl/LBody, whole table rows (structure.ts)       │ only
 *             ─3─► labelLinks            /Contents on every link: the heading or source it goes to (links.ts) ┘
 *             ─4─► writeConformanceMetadata  XMP (pdfuaid, pdfaid), output intent, trailer /ID placeholder
 *   save ─5─► stampDocumentId            the /ID from the saved bytes, so rebuilds stay byte-identical (metadata.ts)
 * ```
 * With no standard asked for, nothing here runs: the PDF is Chromium's print with our Info dictionary.
 */
import type { PDFDocument } from 'pdf-lib';
import { markUntaggedContent, type UnmarkedSkipReason } from './artifacts.ts';
import { labelLinks } from './links.ts';
import { stampDocumentId, writeConformanceMetadata } from './metadata.ts';
import { repairStructure } from './structure.ts';
import type { PdfStandard, StandardsInput } from './types.ts';
import { BriefingError } from '../../errors.ts';
import { msg } from '../../messages.ts';

/** Each standard's name as its ISO text gives it. */
const STANDARD_NAMES: Record<PdfStandard, string> = { 'ua-1': 'PDF/UA-1', 'a-2b': 'PDF/A-2b' };

/** Why a page could not be marked, in words ({@link UnmarkedSkipReason}). */
const SKIP_WORDS: Record<UnmarkedSkipReason, string> = {
  filter: 'a content stream is not Flate-compressed or does not inflate',
  syntax: 'its content breaks the content-stream grammar',
  nesting: 'unbalanced q/Q, BT/ET or BDC/EMC',
  contents: 'its /Contents holds something other than streams',
};

export type { PdfStandard, StandardsInput } from './types.ts';

/**
 * Steps 1–4 on a loaded print, in place: afterwards the document meets every standard in `standards` as far
 * as its objects and content streams go (what only a person can judge, such as reading order and whether alt
 * text says what matters, is the template's and the writer's; see the README). Steps 1–3 are PDF/UA's: a
 * PDF/A-2b claim alone (level B: the look preserved) needs none of them. Save the document, then pass the
 * bytes to {@link finishStandards}.
 * @throws BriefingError (`render`, BR419) when a page's content cannot be marked (a grammar or nesting
 *   Chromium does not print) or the self-check finds painting left outside tagged content and artifacts; and
 *   (`template`, BR255) when a figure has no alternative text: the PDF would claim what it does not meet.
 */
export function applyStandards(doc: PDFDocument, standards: readonly PdfStandard[], input: StandardsInput): StandardsReport {
  if (standards.length === 0) return { hiddenTextPages: [] };
  let hiddenTextPages: readonly number[] = [];
  if (standards.includes('ua-1')) {
    const marked = markUntaggedContent(doc);
    const skipped = marked.skipped[0];
    if (skipped !== undefined) throw BriefingError.of(msg.standardsUnmet(STANDARD_NAMES['ua-1'], skipped.page, SKIP_WORDS[skipped.reason]));
    const left = marked.unmarked[0];
    if (left !== undefined) throw BriefingError.of(msg.standardsUnmet(STANDARD_NAMES['ua-1'], left.page, `${left.operators} drawing operators stayed outside tagged content and artifacts`));
    const { figuresWithoutAlt } = repairStructure(doc);
    const figure = figuresWithoutAlt[0];
    if (figure !== undefined) throw BriefingError.of(msg.figureWithoutAlt(figure.page));
    labelLinks(doc, input.linkLabels);
    hiddenTextPages = marked.bodyText;
  }
  writeConformanceMetadata(doc, standards);
  return { hiddenTextPages };
}

/** What the pass found that the build reports as a warning rather than refusing the claim. */
export interface StandardsReport {
  /**
   * Pages (1-based) showing text outside the document's structure (CSS generated content, a fixed-position
   * box), which the pass marks as layout artifacts: screen readers skip it (BR508).
   */
  readonly hiddenTextPages: readonly number[];
}

/** Step 5 on the saved bytes of a document {@link applyStandards} ran on: its trailer /ID, from its bytes. */
export function finishStandards(bytes: Uint8Array, standards: readonly PdfStandard[]): Uint8Array {
  return standards.length === 0 ? bytes : stampDocumentId(bytes);
}
