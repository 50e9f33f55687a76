/**
 * The catalogue's records for stage 4, html (src/html/), and for the formatter it calls (src/format.ts):
 * the document's size, the template and its helpers, key figures and citations. Part of `MESSAGES` in
 * src/messages.ts.
 *
 * This module is a leaf of the catalogue: it imports only src/errors.ts and its sibling modules.
 */
import { CATALOGUE, type ErrorData } from '../errors.ts';
import { problem } from './problems.ts';
import type { ExamplesFit } from './shared.ts';

/**
 * The records of stage 4, html, and of the formatter: what the view, the template and its helpers report.
 */
export const HTML_MESSAGES = {
  // ── Stage 4, html ────────────────────────────────────────────────────────────────────────────────────
  /** `what`: elements, or characters of text. */
  documentTooLarge: {
    kind: 'limit', code: 'BR170', title: 'Document too large',
    message: (what: string, count: number, limit: number) => `the document would have ${count.toLocaleString('en')} ${what}; the limit is ${limit.toLocaleString('en')}, past which printing takes minutes and gigabytes: split the briefing or print fewer figures`,
    hint: 'Split the briefing, or print fewer figures and sections.',
    example: ['elements', 450_000, 300_000],
  },
  templateFileMissing: {
    kind: 'missingFile', code: 'BR171', title: 'Template file missing',
    message: (template: string, rel: string) => `template "${template}" has no ${rel}`,
    hint: 'Add the file to the template, or choose a template that has it.',
    example: ['default', 'partials/company.hbs'],
  },
  /** `folder`: the template folder the reference is read from. */
  templateImageMissing: {
    kind: 'missingFile', code: 'BR190', title: 'Template image missing',
    message: (ref: string, folder: string) => `image "${ref}" is not in the template's folder ${folder}`,
    hint: "Put the image in the template's folder (a briefing's own: its templates/ folder) and refer to it by its path from there, such as assets/logo.svg.",
    example: ['assets/logo.svg', 'content/acme/templates'],
  },
  /** `why`: what the reference does that a template may not (from {@link problem.templateImageRemote} or {@link problem.templateImageOutside}). */
  templateImageRefused: {
    kind: 'template', code: 'BR249', title: 'Template image from elsewhere',
    message: (ref: string, why: string) => `image "${ref}" ${why}`,
    hint: "Save the image in the template's folder and refer to it by its path from there, such as assets/logo.svg: it is inlined, and the document fetches nothing.",
    example: ['https://example.com/logo.png', 'would be fetched from the network, and a briefing fetches nothing'],
  },
  templateImageType: {
    kind: 'template', code: 'BR250', title: 'Template image of an unknown type',
    message: (ref: string) => `"${ref}" is not an image file briefing can inline: name an .svg, .png, .jpg, .jpeg, .gif or .webp file`,
    hint: 'Convert the image to SVG, PNG, JPEG, GIF or WebP, and name the file with its extension.',
    example: ['fonts/brand.woff2'],
  },
  /** Handlebars' own words about a template that does not compile or fails at run time. */
  templateProblem: {
    kind: 'template', code: 'BR201', title: 'Template error',
    message: (handlebarsText: string) => handlebarsText,
    hint: CATALOGUE.template.hint,
    example: ["Parse error on line 12: Expecting 'ID', got 'EOF'"],
  },
  /** `where`: ` (template line L, column C)` or empty. */
  helperNoValue: {
    kind: 'template', code: 'BR243', title: 'Template helper given no value',
    message: (helper: string, where: string) => `{{${helper}}} was given no value${where}`,
    hint: 'Give the helper a value the view has, or supply the value in the content.',
    example: ['money', ' (template line 12, column 4)'],
  },
  moneyNeedsCurrency: {
    kind: 'template', code: 'BR244', title: 'money helper without a currency',
    message: () => '{{money value unit}} needs the currency code as its second argument',
    hint: 'Write {{money value unit}}, with the currency code as the second argument.',
    example: [],
  },
  noBuiltInSection: {
    kind: 'render', code: 'BR404', title: 'No such built-in section',
    message: (kind: string) => `no built-in section "${kind}"`,
    hint: 'A bug in briefing (sections are checked when the content is read): report it with the briefing that shows it.',
    example: ['glossary'],
  },
  unknownKeyMetric: {
    kind: 'unknownReference', code: 'BR172', title: 'Key figure names an unknown metric',
    message: (id: string, didYouMean: string) => `keyFigures names unknown metric "${id}"${didYouMean}`,
    hint: 'Declare the metric in metrics.yaml, or correct the id in keyFigures.',
    example: ['total-valuaton', problem.didYouMean('total-valuation')],
  },
  noMetricRow: {
    kind: 'unknownReference', code: 'BR173', title: 'Metric has no such row',
    message: (id: string, key: string | undefined, rows: readonly (string | null)[]) => `metric "${id}" has no row "${key}"; its rows are ${rows.join(', ')}`,
    hint: 'Name one of the rows listed, after the colon in keyFigures.',
    example: ['valuation', 'bear', ['base', 'bull']],
  },
  inlineRowLeftOut: {
    kind: 'unknownReference', code: 'BR184', title: 'Inline value names a row its metric left out',
    message: (token: string, rows: readonly (string | null)[]) => `${token} names a row its metric has not computed (left out for want of figures); its rows are ${rows.join(', ') || 'none'}`,
    hint: 'Add the figures the row needs, or name a row the metrics section prints.',
    example: ['{metric:price-to-sales:roche}', ['novo-nordisk']],
  },
  citationUnknownSource: {
    kind: 'render', code: 'BR405', title: 'Citation of an unknown source while rendering',
    message: (id: string) => `unknown source "${id}"`,
    hint: 'A bug in briefing (citations are checked when the content is read): report it with the briefing that shows it.',
    example: ['s-annual-report'],
  },

  // ── Formatting ───────────────────────────────────────────────────────────────────────────────────────
  notCalendarDate: {
    kind: 'render', code: 'BR406', title: 'Not a calendar date',
    message: (iso: string) => `not a calendar date: ${iso}`,
    hint: 'A bug in briefing (dates are checked when the content is read): report it with the briefing that shows it.',
    example: ['2026-02-30'],
  },
} as const satisfies Record<string, ErrorData>;
HTML_MESSAGES satisfies ExamplesFit<typeof HTML_MESSAGES>;
