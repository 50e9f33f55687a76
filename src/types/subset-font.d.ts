/** Types for `subset-font` (harfbuzz-based font subsetting), which ships none. */
declare module 'subset-font' {
  /**
   * Subset a font to the glyphs needed for `text`.
   * @param font the original font file (TTF, OTF, WOFF, WOFF2).
   * @param text the characters to keep.
   */
  export default function subsetFont(
    font: Buffer | Uint8Array,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype'; preserveNameIds?: number[]; variationAxes?: Record<string, number> },
  ): Promise<Buffer>;
}
