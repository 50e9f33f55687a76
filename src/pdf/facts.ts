/**
 * The layout pass's shapes, shared by the pass (src/pdf/layout.ts), the facts it reads in the page
 * (src/pdf/layout-facts.ts) and the print lint's rules (src/pdf/lint.ts): plain data, no code, so each of
 * those imports it and none imports another for a type. Lengths in CSS px (96 per inch); pages are 1-based.
 */

/** The page box read from the document's plain `@page` rule, in CSS px (96 per inch). */
export interface PageBox {
  /** Width and height of the content box: page size less the margins, px. */
  readonly width: number;
  readonly height: number;
}

/** An element a finding points at. */
export interface ElementRef {
  /** Short description for a reader: `table under "Acme" (section Company profiles)`. */
  readonly description: string;
  /** CSS-ish path from the nearest ancestor with an id: `article#tencent > table.figures > tbody > tr:nth-child(1)`. */
  readonly selector: string;
  /** Rules silenced on the element: its and its ancestors' `data-lint-allow` and its computed `--lint-allow`. */
  readonly allow: readonly string[];
}

/** A heading and where the content after it starts. Pages are 1-based. */
export interface HeadingFact {
  readonly element: ElementRef;
  /** Page of the heading's first line (a heading whose lines fall on two pages is reported as orphaned too). */
  readonly firstPage: number;
  /** Page of the heading's last line. */
  readonly page: number;
  /** Page where the first non-heading content after it starts; null when nothing follows. */
  readonly nextPage: number | null;
  /**
   * Lines of its own content (up to the next heading of its level or above, within its section or article)
   * that print under it at the foot of its page, each box counted in its own line height; null when that
   * content does not go on to a later page, or stops more than three lines above the page's foot.
   */
  readonly linesBelow: number | null;
}

/** A table or figure, the pages it spans and the heading or caption that introduces it. */
export interface BlockFact {
  readonly kind: 'table' | 'figure';
  readonly element: ElementRef;
  /** Page of its first body row (tables) or its first box (figures). */
  readonly firstPage: number;
  /** Page of its last box. */
  readonly lastPage: number;
  /** Pages its boxes fall on, ascending (a figure on two pages is split). */
  readonly pages: readonly number[];
  /**
   * The nearest heading before it in the same article or section (or its `<caption>`), with the page of the
   * heading's last line and the page of the last content between the two (null: nothing between).
   */
  readonly introducer: { readonly element: ElementRef; readonly page: number; readonly lastBetweenPage: number | null } | null;
}

/** A word whose boxes fall on two lines (or pages). */
export interface BrokenWordFact {
  readonly element: ElementRef;
  readonly page: number;
  readonly word: string;
  /** Index in `word` of the first character after the break. */
  readonly at: number;
  /** The characters on either side of the break (`before` may be a soft hyphen U+00AD or `-`). */
  readonly before: string;
  readonly after: string;
  /** The word's width on one line, px. */
  readonly width: number;
  /** The widest the layout could give it: its table's width for a word in a table, else its block's content width, px. */
  readonly available: number;
}

/** Content wider than its box (`scrollWidth > clientWidth`) or past the page's printable area. */
export interface OverflowFact {
  readonly element: ElementRef;
  readonly page: number;
  /** `box`: wider than its own box; `page`: beyond the right edge of the page's content box; `height`: an unbreakable box taller than the page. */
  readonly where: 'box' | 'page' | 'height';
  /** By how much, px. */
  readonly by: number;
}

/** One page (column) of the layout. */
export interface PageFact {
  readonly page: number;
  /** Bottom of its lowest content box, px from the top of the content box. */
  readonly bottom: number;
  /**
   * Whether a forced break follows this page (a section briefing.yaml starts on a new page, the cover's end, a
   * template's `break-before: page`) or this is the last page: a page short for a reason someone asked for.
   */
  readonly breakAfter: boolean;
  /** The first content of the next page (the element that did not fit), null on the last page. */
  readonly next: ElementRef | null;
  /** The last content of this page. */
  readonly last: ElementRef | null;
}

/** Everything the rules read, from one layout pass. Lengths in CSS px (96 per inch). */
export interface LayoutFacts {
  /** The page's content box: page size less margins. */
  readonly box: PageBox;
  readonly pageCount: number;
  /** The template's `--lint-min-page-fill` on `:root` as written (`''` when unset). */
  readonly minFill: string;
  readonly pages: readonly PageFact[];
  readonly headings: readonly HeadingFact[];
  readonly blocks: readonly BlockFact[];
  readonly brokenWords: readonly BrokenWordFact[];
  readonly overflows: readonly OverflowFact[];
}
