/**
 * Print lint: how the laid-out pages read, judged from layout facts.
 *
 * The facts ({@link LayoutFacts}) come from the same layout pass that estimates the contents' page numbers
 * (src/pdf/layout.ts): the document restyled as columns the size of the page's content box, so each column is a
 * page and each element's boxes are where it prints. This module holds the rules, on plain data, so they are
 * tested without a browser. Each rule names the element (a short description and a CSS-ish path), the page,
 * and what to do; a template silences one deliberately with `data-lint-allow="<rule> …"` on an element (it
 * and its descendants) or the inherited CSS custom property `--lint-allow: <rule> …`.
 */
import { BriefingError, diagnostic, type Diagnostic, type ErrorKind } from '../errors.ts';
import { msg, problem } from '../messages.ts';
import type { ElementRef, LayoutFacts } from './facts.ts';

/** Names of the print lint rules, as `data-lint-allow` and `--lint-allow` take them (`all` silences every rule). */
export const LINT_RULES = ['broken-word', 'long-token', 'orphan-heading', 'detached-table', 'split-figure', 'overflow', 'underfilled-page'] as const;

/** One print lint rule's name. */
export type LintRule = (typeof LINT_RULES)[number];

/** One print finding: the rule, the 1-based page, the element and the message. */
export interface PrintFinding {
  readonly rule: LintRule;
  readonly page: number;
  readonly element: ElementRef;
  readonly message: string;
}

/**
 * Fill below which a page not followed by a forced break is reported, as a share of the content height. Sections
 * flow on, so only a block that cannot break (a figure, a kept-together table) leaves a page this empty.
 */
export const DEFAULT_MIN_FILL = 0.35;

/** Characters after which a line may break inside a word without a hyphen being missed. */
const BREAKABLE_AFTER = new Set(['\u00ad', '-', '\u2010', '\u2011', '\u2013', '\u2014', '/', '_', '.', '\u200b']);

/**
 * Fewest lines of its content a heading keeps under it at the foot of a page when the content goes on overleaf:
 * a company's name with its one-line meta and one line of its profile is too few (keep-with-next).
 */
export const MIN_LINES_BELOW = 3;

/** Slack for sub-pixel rounding, px. */
const EPSILON = 1;

/**
 * The print lint rules: catalogue kind (code and hint in src/errors.ts) and message per rule (its words in
 * src/messages.ts). The messages say what was found and where; the catalogue's hint says what to do.
 */
export const LINT_MESSAGES = {
  'broken-word': { kind: 'printBrokenWord', message: problem.lintBrokenWord },
  'long-token': { kind: 'printLongToken', message: problem.lintLongToken },
  'orphan-heading': { kind: 'printOrphanHeading', message: problem.lintOrphanHeading },
  'detached-table': { kind: 'printDetachedTable', message: problem.lintDetachedTable },
  'split-figure': { kind: 'printSplitFigure', message: problem.lintSplitFigure },
  overflow: { kind: 'printOverflow', message: problem.lintOverflow },
  'underfilled-page': { kind: 'printUnderfilledPage', message: problem.lintUnderfilledPage },
} as const satisfies Record<LintRule, { kind: ErrorKind; message: (...args: never[]) => string }>;


/**
 * Read the template's minimum page fill (`--lint-min-page-fill` on `:root`): a number from 0 to 1 or a
 * percentage; {@link DEFAULT_MIN_FILL} when unset.
 * @param file the template's styles, named by the error.
 * @throws BriefingError (`template`) naming the value when it is neither.
 */
export function parseMinFill(raw: string, file?: string): number {
  const text = raw.trim().replace(/^["']|["']$/g, '');
  if (text === '') return DEFAULT_MIN_FILL;
  const m = /^(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(text);
  const value = m ? Number(m[1]) / (m[2] === '%' ? 100 : 1) : NaN;
  if (!(value >= 0 && value <= 1)) throw BriefingError.of(msg.lintMinFill(raw.trim()), file === undefined ? {} : { file });
  return value;
}

function allowed(ref: ElementRef | null | undefined, rule: LintRule): boolean {
  return ref !== null && ref !== undefined && (ref.allow.includes(rule) || ref.allow.includes('all'));
}

/**
 * Apply every rule to the facts of one layout and return the findings, in page order.
 * @param minFill the share of the content height under which a page not followed by a forced break is reported
 *   (default: the facts' `--lint-min-page-fill`, else {@link DEFAULT_MIN_FILL}).
 * @throws Error when the template's `--lint-min-page-fill` cannot be read (see {@link parseMinFill}).
 */
export function lintLayout(facts: LayoutFacts, minFill: number = parseMinFill(facts.minFill)): PrintFinding[] {
  const found: PrintFinding[] = [];
  const add = (rule: LintRule, page: number, element: ElementRef, message: string): void => {
    if (!allowed(element, rule)) found.push({ rule, page, element, message });
  };
  // 1. Words broken inside a line without a hyphen; a token wider than all the room it could have is its own finding.
  for (const w of facts.brokenWords) {
    if (BREAKABLE_AFTER.has(w.before)) continue;
    if (w.width > w.available + EPSILON) add('long-token', w.page, w.element, LINT_MESSAGES['long-token'].message(w));
    else add('broken-word', w.page, w.element, LINT_MESSAGES['broken-word'].message(w));
  }
  // 2. A heading whose content starts on a later page, or whose own lines fall on two pages.
  for (const h of facts.headings) {
    if (h.firstPage < h.page) add('orphan-heading', h.firstPage, h.element, LINT_MESSAGES['orphan-heading'].message(h));
    else if (h.nextPage !== null && h.nextPage > h.page) add('orphan-heading', h.page, h.element, LINT_MESSAGES['orphan-heading'].message(h));
    else if (h.linesBelow !== null && h.linesBelow < MIN_LINES_BELOW) add('orphan-heading', h.page, h.element, LINT_MESSAGES['orphan-heading'].message(h));
  }
  for (const b of facts.blocks) {
    // 3. A table or figure that begins a page while what introduces it ends the page before.
    const intro = b.introducer;
    if (intro && intro.page === b.firstPage - 1 && (intro.lastBetweenPage === null || intro.lastBetweenPage < b.firstPage) && !allowed(intro.element, 'detached-table')) {
      add('detached-table', b.firstPage, b.element, LINT_MESSAGES['detached-table'].message(b));
    }
    // 4. A figure on more than one page.
    if (b.kind === 'figure' && b.pages.length > 1) add('split-figure', b.pages[0]!, b.element, LINT_MESSAGES['split-figure'].message(b));
  }
  // 5. Content wider than its box or the page, or an unbreakable box taller than the page.
  for (const o of facts.overflows) if (o.by > EPSILON) add('overflow', o.page, o.element, LINT_MESSAGES.overflow.message(o));
  // 6. A page filled under the threshold and not followed by a forced break (one the writer or template asked for).
  // A page with nothing of its own is named by the last content before it.
  let before: ElementRef | null = null;
  for (const p of facts.pages) {
    const fill = p.bottom / facts.box.height;
    const at = p.next ?? p.last ?? before;
    before = p.last ?? before;
    if (p.breakAfter || fill >= minFill || at === null || allowed(at, 'underfilled-page') || allowed(p.last, 'underfilled-page')) continue;
    found.push({ rule: 'underfilled-page', page: p.page, element: at, message: LINT_MESSAGES['underfilled-page'].message(p, fill, minFill) });
  }
  return found.sort((a, b) => a.page - b.page);
}

/**
 * Findings as warnings: catalogue code and hint, `file` the briefing folder, `page` and `element` (the selector).
 * @param approximate when the printed pages were found to differ from the layout pass (see `printMeasured`
 *   in src/pdf/print-draft.ts): the message says the page may be off.
 */
export function lintDiagnostics(findings: readonly PrintFinding[], file: string, approximate = false): Diagnostic[] {
  return findings.map((f) => ({
    ...diagnostic(msg.printFinding(LINT_MESSAGES[f.rule].kind, f.message, approximate), { file }),
    page: f.page,
    element: f.element.selector,
    rule: f.rule,
  }));
}
