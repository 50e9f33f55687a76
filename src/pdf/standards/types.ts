/**
 * The seam between the print stage and the standards pass (src/pdf/standards/): which standards a PDF claims
 * (the type lives with the content model, which reads `pdfStandard:`), and what the pass takes from the HTML.
 */
export { PDF_STANDARDS, type PdfStandard } from '../../content/kinds.ts';

/**
 * What the standards pass needs from the HTML that was printed; the rest (title, authors, dates, language) it
 * reads from the PDF itself, so that the XMP packet agrees with the Info dictionary and the catalog.
 */
export interface StandardsInput {
  /**
   * What each link goes to, said in words, by link target: `#<id>` for a link inside the document (its PDF
   * annotation's `/Dest` is the id), the URL for one outside (src/html/link-labels.ts). Each link annotation's
   * `/Contents` (ISO 14289-1 7.18.5).
   */
  readonly linkLabels: ReadonlyMap<string, string>;
}
