/**
 * The kinds of content file a briefing folder holds, and the page sizes it may print on: names only, without
 * the zod schemas (src/content/input.ts, src/content/schema.ts), so that the command line can list them for
 * `--help` and option checks without building the model's schemas.
 */

/** Content file kinds: the file(s) of a briefing folder each describes, and a title for its JSON Schema. */
export const CONTENT_FILES = {
  briefing: { files: 'briefing.yaml', title: 'Briefing settings' },
  sources: { files: 'sources.yaml', title: 'Sources' },
  company: { files: 'companies/*.yaml', title: 'Company and its figures' },
  market: { files: 'market.yaml', title: 'Market-wide figures' },
  risks: { files: 'risks.yaml', title: 'Risk register' },
  takeaways: { files: 'takeaways.yaml', title: 'Takeaways by stakeholder' },
  claims: { files: 'claims.yaml', title: 'Claims to recompute' },
  metrics: { files: 'metrics.yaml', title: 'Metrics the briefing computes' },
  chart: { files: 'charts/<id>.yaml', title: 'A chart the briefing draws' },
  data: { files: 'data/*.json', title: 'Figures fed from a data file' },
  review: { files: 'review.yaml', title: 'Review notes' },
} as const;

/** Name of a content file kind. */
export type ContentKind = keyof typeof CONTENT_FILES;

/** Page sizes the PDF stage can print. */
export const PAGE_SIZES = ['A4', 'Letter'] as const;

/**
 * The PDF standards a briefing's PDF can claim (src/pdf/standards/), in the order the manifest and the XMP
 * list them; the default claim is all of them. `ua-1`: PDF/UA-1 (ISO 14289-1, accessible); `a-2b`: PDF/A-2b
 * (ISO 19005-2 level B, archival: the visual appearance is preserved).
 */
export const PDF_STANDARDS = ['ua-1', 'a-2b'] as const;

/** One of {@link PDF_STANDARDS}. */
export type PdfStandard = (typeof PDF_STANDARDS)[number];

/** The standards of `asked` that are standards, in {@link PDF_STANDARDS} order, each once. */
export function orderedStandards(asked: readonly string[]): PdfStandard[] {
  return PDF_STANDARDS.filter((s) => asked.includes(s));
}
