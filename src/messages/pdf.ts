/**
 * The catalogue's records for stage 6, pdf (src/pdf/): finding and starting the browser, printing, and the
 * print lint's warnings (whose text comes from `problem.lint*` in ./problems.ts). Part of `MESSAGES` in
 * src/messages.ts.
 *
 * This module is a leaf of the catalogue: it imports only src/errors.ts and its sibling modules.
 */
import { CATALOGUE, type ErrorData } from '../errors.ts';
import { problem } from './problems.ts';
import type { ExamplesFit } from './shared.ts';

/**
 * The records of stage 6, pdf: the browser, printing and the print lint.
 */
export const PDF_MESSAGES = {
  // ── Stage 6, pdf: the browser, printing and the print lint ───────────────────────────────────────────
  browserEnvNotExecutable: {
    kind: 'browserNotFound', code: 'BR410', title: 'Browser variable names no program',
    message: (name: string, value: string) => `${name} is set to ${value}, which is not an executable file`,
    hint: 'Set the variable to the path of a Chromium or Chrome executable, or unset it to let briefing search; to install one: `sudo apt-get install chromium` (Debian/Ubuntu), `brew install --cask google-chrome` (macOS).',
    example: ['BRIEFING_CHROMIUM', '/opt/chrome'],
  },
  noBrowser: {
    kind: 'browserNotFound', code: 'BR401', title: 'No browser found',
    message: (searched: string) => `no Chromium or Chrome found (looked at ${searched})`,
    hint: CATALOGUE.browserNotFound.hint,
    example: ['BRIEFING_CHROMIUM, CHROME_PATH, chromium or google-chrome on PATH'],
  },
  browserSlowStart: {
    kind: 'render', code: 'BR411', title: 'Browser slow to start',
    message: (executable: string, limitMs: number) => `Chromium at ${executable} took longer than the ${limitMs} ms time limit to start; it was stopped`,
    hint: "Check the machine's load and free memory, then run again.",
    example: ['/usr/bin/chromium', 30_000],
  },
  browserFailedStart: {
    kind: 'render', code: 'BR412', title: 'Browser failed to start',
    message: (executable: string, cause: string) => `Chromium at ${executable} failed to start: ${cause}`,
    hint: 'Start the browser by hand to see why (missing libraries, the sandbox), or set BRIEFING_CHROMIUM to another browser.',
    example: ['/usr/bin/chromium', problem.browserExited('code 1')],
  },
  /** `endpoint`: the URL less any query or password (src/pdf/endpoint.ts `endpointLabel`), which may hold a token. */
  cannotConnect: {
    kind: 'render', code: 'BR413', title: 'Cannot connect to the browser',
    message: (endpoint: string, cause: string) => `could not connect to the browser at ${endpoint}: ${cause}`,
    hint: 'Check that the browser at that address is running and reachable.',
    example: ['ws://127.0.0.1:9222/devtools/browser/1', 'connect ECONNREFUSED 127.0.0.1:9222'],
  },
  /** `tried`: each endpoint (its URL less any query or password) with why it could not be reached. */
  endpointsUnreachable: {
    kind: 'render', code: 'BR425', title: 'No browser endpoint reachable',
    message: (tried: string) => `none of the browser endpoints could be reached, so this document was not printed: ${tried}`,
    hint: 'Check that the browsers at those addresses are running and reachable from here (for a browserless pool: the service is up and the token is right), then run again; or build without --browser-ws-endpoint to print on a browser started here.',
    example: ['ws://10.0.0.5:3000/?… (connect ECONNREFUSED 10.0.0.5:3000); ws://10.0.0.6:3000/?… (connect ECONNREFUSED 10.0.0.6:3000)'],
  },
  /** `waits`: the back-offs made; `busy`: each endpoint still live (its URL less any query) with its answer. */
  endpointsBusy: {
    kind: 'render', code: 'BR427', title: 'Every browser endpoint busy',
    message: (waits: number, busy: string) => `every browser endpoint still reachable answered busy, also after ${waits} waits, so this document was not printed: ${busy}`,
    hint: 'The browser service is full (browserless answers 429 or 503 when its queue is): give it more room (its concurrency and queue settings, or more instances), or lower --concurrency, then run again.',
    example: [5, 'ws://10.0.0.5:3000/?… (Unexpected server response: 429)'],
  },
  browserDisconnected: {
    kind: 'render', code: 'BR426', title: 'Browser disconnected while printing',
    message: () => 'the browser disconnected while this document printed: it crashed, was closed, or the connection to it dropped',
    hint: "Run again; when it happens again with the same document, check the machine's free memory (or, printing by --browser-ws-endpoint, the browser service's logs).",
    example: [],
  },
  callerBrowserGone: {
    kind: 'render', code: 'BR414', title: 'Given browser not connected',
    message: () => 'the browser given to briefing is not connected',
    hint: 'Pass a connected puppeteer Browser, or let briefing start one.',
    example: [],
  },
  browserAndEndpoint: {
    kind: 'usage', code: 'BR308', title: 'Both a browser and an endpoint given',
    message: () => 'give a browser or a browserWSEndpoint, not both',
    hint: 'Pass either browser or browserWSEndpoint.',
    example: [],
  },
  supervisorClosed: {
    kind: 'render', code: 'BR415', title: 'Run closed before printing',
    message: () => 'the run was closed (stopped or aborted) before this document printed',
    hint: 'Nothing to fix if the run was stopped on purpose; otherwise run again.',
    example: [],
  },
  /** `stopped`: the supervisor killed the browser (it is not the caller's). */
  printTimeout: {
    kind: 'render', code: 'BR416', title: 'Printing timed out',
    message: (limitMs: number, stopped: boolean) => `printing took longer than the ${limitMs} ms time limit${stopped ? '; the browser was stopped' : ''}`,
    hint: "The limit is --timeout for each MiB of the document's HTML (at least --timeout). Check the machine's load and free memory, raise --timeout, or split the briefing.",
    example: [120_000, true],
  },
  printFailed: {
    kind: 'render', code: 'BR402', title: 'Printing failed',
    message: (cause: string) => `printing failed: ${cause}`,
    hint: CATALOGUE.render.hint,
    example: ['Protocol error (Page.printToPDF): Target closed'],
  },
  contentsUnsettled: {
    kind: 'render', code: 'BR417', title: "Contents' page numbers did not settle",
    message: (prints: number) => `the contents' page numbers did not settle after ${prints} prints`,
    hint: "Keep a heading's page from depending on the length of the contents: give the contents a fixed height, or start the body on a new page.",
    example: [3],
  },
  standardsUnmet: {
    kind: 'render', code: 'BR419', title: 'PDF standard cannot be met',
    message: (standards: string, page: number, reason: string) => `the PDF cannot be made to meet ${standards}: the content of page ${page} could not be marked (${reason}), and the claim would be false`,
    hint: 'Build with --pdf-standard none (or pdfStandard: none in briefing.yaml) to print without the claim, and report the page: Chromium does not normally print such content.',
    example: ['PDF/UA-1', 3, 'unbalanced q/Q, BT/ET or BDC/EMC'],
  },
  figureWithoutAlt: {
    kind: 'template', code: 'BR255', title: 'Figure without alternative text',
    message: (page: number | null) => `a figure${page === null ? '' : ` on page ${page}`} has no alternative text, which PDF/UA-1 requires of every figure`,
    hint: "Give the chart's <svg> role=\"img\" and an aria-label (the default template's chart partial does), or the <img> an alt, in the briefing's template; or build with --pdf-standard a-2b to claim PDF/A only.",
    example: [7],
  },
  contentStreamSyntax: {
    kind: 'render', code: 'BR420', title: 'Content stream the standards pass cannot read',
    message: (problem: string, offset: number) => `${problem} at byte ${offset}`,
    hint: 'A bug in briefing or Chromium: the standards pass reads every stream Chromium prints. Report it with the briefing that shows it.',
    example: ['unterminated literal string', 1024],
  },
  lintMinFill: {
    kind: 'template', code: 'BR245', title: '--lint-min-page-fill cannot be read',
    message: (written: string) => `--lint-min-page-fill is "${written}"; give a share of the page from 0 to 1 or a percentage (25%)`,
    hint: 'Set --lint-min-page-fill on :root to a number from 0 to 1, or a percentage such as 25%.',
    example: ['a quarter'],
  },
  // Print lint (src/pdf/lint.ts): warnings about how the laid-out pages read; the finding's text comes from
  // problem.lint*, and the rule's name is what data-lint-allow and --lint-allow take to silence it.
  printBrokenWord: {
    kind: 'printBrokenWord', code: 'BR501', title: 'Word broken without a hyphen',
    message: (text: string, approximate: boolean) => `${text}${approximate ? ' (page approximate: the layout pass and the printed pages differ)' : ''}`,
    hint: CATALOGUE.printBrokenWord.hint,
    example: [problem.lintBrokenWord({ word: 'projection', at: 9, width: 61, available: 80, element: { description: '"Basis" cell of the table under "Market-wide figures"' } }), false],
  },
  printLongToken: {
    kind: 'printLongToken', code: 'BR502', title: 'Token wider than its column',
    message: (text: string, approximate: boolean) => `${text}${approximate ? ' (page approximate: the layout pass and the printed pages differ)' : ''}`,
    hint: CATALOGUE.printLongToken.hint,
    example: [problem.lintLongToken({ word: 'https://example.com/investor-relations/annual-report-2025.pdf', at: 30, width: 412, available: 180, element: { description: '"Link" cell of the table under "Sources"' } }), false],
  },
  printOrphanHeading: {
    kind: 'printOrphanHeading', code: 'BR503', title: 'Heading apart from its content',
    message: (text: string, approximate: boolean) => `${text}${approximate ? ' (page approximate: the layout pass and the printed pages differ)' : ''}`,
    hint: CATALOGUE.printOrphanHeading.hint,
    example: [problem.lintOrphanHeading({ firstPage: 4, page: 4, nextPage: 5, element: { description: 'heading "Risks"' } }), false],
  },
  printDetachedTable: {
    kind: 'printDetachedTable', code: 'BR504', title: 'Table apart from its heading',
    message: (text: string, approximate: boolean) => `${text}${approximate ? ' (page approximate: the layout pass and the printed pages differ)' : ''}`,
    hint: CATALOGUE.printDetachedTable.hint,
    example: [problem.lintDetachedTable({ firstPage: 6, pages: [6], introducer: { page: 5, element: { description: 'heading "Acme"' } }, element: { description: 'table under "Acme"' } }), false],
  },
  printSplitFigure: {
    kind: 'printSplitFigure', code: 'BR505', title: 'Figure split across pages',
    message: (text: string, approximate: boolean) => `${text}${approximate ? ' (page approximate: the layout pass and the printed pages differ)' : ''}`,
    hint: CATALOGUE.printSplitFigure.hint,
    example: [problem.lintSplitFigure({ firstPage: 7, pages: [7, 8], introducer: null, element: { description: 'figure "Revenue mix"' } }), false],
  },
  printOverflow: {
    kind: 'printOverflow', code: 'BR506', title: 'Content wider or taller than its room',
    message: (text: string, approximate: boolean) => `${text}${approximate ? ' (page approximate: the layout pass and the printed pages differ)' : ''}`,
    hint: CATALOGUE.printOverflow.hint,
    example: [problem.lintOverflow({ where: 'page', by: 24, element: { description: 'table under "Market-wide figures"' } }), false],
  },
  printUnderfilledPage: {
    kind: 'printUnderfilledPage', code: 'BR507', title: 'Page left mostly empty',
    message: (text: string, approximate: boolean) => `${text}${approximate ? ' (page approximate: the layout pass and the printed pages differ)' : ''}`,
    hint: CATALOGUE.printUnderfilledPage.hint,
    example: [problem.lintUnderfilledPage({ next: { description: 'table under "Acme"' } }, 0.18, 0.35), false],
  },
  hiddenText: {
    kind: 'hiddenText', code: 'BR508', title: 'Text outside the structure',
    message: (page: number) => `page ${page} shows text outside the document's structure (CSS generated content or a fixed-position box): the PDF marks it as an artifact, which screen readers skip`,
    hint: CATALOGUE.hiddenText.hint,
    example: [3],
  },
} as const satisfies Record<string, ErrorData>;
PDF_MESSAGES satisfies ExamplesFit<typeof PDF_MESSAGES>;
