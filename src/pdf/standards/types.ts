/**
 * The seam between the print stage and the standards pass (src/pdf/standards/): which standards a PDF claims,
 * and what the pass needs to know about the document to meet them.
 */
export { PDF_STANDARDS, type PdfStandard } from '../../content/kinds.ts';

/**
 * What the standards pass writes into a PDF besides fixing its structure. The Info dictionary already holds
 * the same title, author, subject, keywords, creator, producer and dates (src/pdf/print.ts): the XMP packet
 * must agree with it, character for character.
 */
export interface StandardsInfo {
  readonly title: string;
  /** The authors, in order (the Info dictionary's Author joins them with ", "). */
  readonly authors: readonly string[];
  readonly subject: string;
  readonly keywords: readonly string[];
  /** "briefing 0.1.0": Info Creator, XMP xmp:CreatorTool. */
  readonly creator: string;
  /** Info Producer, XMP pdf:Producer. */
  readonly producer: string;
  /** Creation, modification and metadata date (the as-of date at 00:00 UTC, or SOURCE_DATE_EPOCH). */
  readonly date: Date;
  /** BCP 47 language of the document (the HTML's `lang`): the catalog's /Lang and XMP dc:language. */
  readonly lang: string;
  /**
   * What each link goes to, said in words, by link target: `#<id>` for a link inside the document (its PDF
   * annotation's `/Dest` is the id), the URL for one outside. The annotation's `/Contents` (PDF/UA 7.18.5).
   */
  readonly linkLabels: ReadonlyMap<string, string>;
}
