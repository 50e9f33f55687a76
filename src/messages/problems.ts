/**
 * Parts of messages: the text a reader lower in a stage returns about a value (an amount, a formula, a data
 * file, a schema rule, a print lint finding), which its caller files under a record of the catalogue
 * (`msg.schemaIssue`, `msg.badFormula`, `msg.dataProblem`, `msg.printFinding`, ...). Also the shapes of the
 * print lint's findings that these read (src/pdf/lint.ts's facts fit them). Re-exported by src/messages.ts.
 *
 * This module is a leaf of the catalogue: it imports only its sibling ./shared.ts.
 */
import { clip } from './shared.ts';

// What the print lint's messages read of its findings (src/pdf/lint.ts): the shapes its facts fit.

/** An element a print lint finding is about: its description for a reader (`table under "Acme"`). */
export interface FindingElement {
  readonly description: string;
}

/** A word broken across lines: the word, where it breaks, its width and the room it had (px). */
export interface WordFinding {
  readonly element: FindingElement;
  readonly word: string;
  /** Index in `word` of the first character after the break. */
  readonly at: number;
  readonly width: number;
  readonly available: number;
}

/** A heading: the pages of its first and last lines (1-based), and where its content starts (null: nothing follows). */
export interface HeadingFinding {
  readonly element: FindingElement;
  readonly firstPage: number;
  readonly page: number;
  readonly nextPage: number | null;
  /** Lines of its content under it on its page when the rest goes on overleaf (absent or null: not asked). */
  readonly linesBelow?: number | null;
}

/** A table or figure: its first page, the pages it falls on, and what introduces it (null: nothing). */
export interface BlockFinding {
  readonly element: FindingElement;
  readonly firstPage: number;
  readonly pages: readonly number[];
  readonly introducer: { readonly element: FindingElement; readonly page: number } | null;
}

/** Content past its room: `box` wider than its box, `page` past the printable area's right edge, `height` taller than the page; by `by` px. */
export interface OverflowFinding {
  readonly element: FindingElement;
  readonly where: 'box' | 'page' | 'height';
  readonly by: number;
}

/** A page: the first content of the next page, which did not fit (null on the last page). */
export interface PageFinding {
  readonly next: FindingElement | null;
}

/**
 * Parts of messages: what a reader lower in a stage says about a value (an amount, a formula, a data file, a
 * schema rule), as text. Its caller files the text under a message at a place (`msg.schemaIssue`,
 * `msg.badFormula`, `msg.dataProblem`, ...), so these give no code of their own.
 */
export const problem = {
  // Command-line arguments (commander shows them after the option's name).
  positiveWholeNumber: () => 'give a positive whole number',
  wholeNumberOrZero: () => 'give a whole number, 0 or more',
  unknownFormat: (format: string) => `unknown format "${format}" (use pdf, html or pdf,html)`,
  unknownPdfStandard: (standard: string) => `unknown PDF standard "${standard}" (use ua-1, a-2b, ua-1,a-2b or none)`,
  shardForm: (value: string) => `"${value}" is not a shard: write k/n, where n is the number of shards and k is one of them, from 1 to n (1/3, 2/3, 3/3)`,

  // Sharded builds and their merge (src/merge.ts): notes, and what differs between two shards.
  emptyShard: (index: number, total: number, folders: number) => `shard ${index}/${total} of ${folders === 1 ? 'one folder' : `${folders} folders`} has no folder to build; its manifest lists no briefing, so that briefing merge counts the shard`,
  nothingMerged: () => 'no briefing built in any shard: nothing was written',
  shardDraft: () => 'one with --draft, the other without',
  shardGenerators: (a: string, b: string) => `one by ${a}, the other by ${b}`,
  shardBaselines: (a: string, b: string) => `one compared with ${a}, the other with ${b}`,
  shardOption: (option: string, a: string, b: string) => `one built with ${option} ${a}, the other with ${b}`,
  notShardShare: (index: number, total: number) => `its briefings are not shard ${index}/${total} of the folders its shard.dirs lists`,
  notInFolder: (file: string) => `it lists the file ${file}, which is not a file of its own folder`,

  // File system errors of a write, in plain words before the system's own (src/effects.ts).
  fileSystem: (code: string | undefined, system: string) => {
    const plain: Record<string, string> = {
      EROFS: 'the file system is read-only',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      ENOSPC: 'the disk is full',
      EDQUOT: 'the disk quota is used up',
      ENOTDIR: 'a file stands where a folder should be',
      EISDIR: 'a folder stands where a file should be',
    };
    return code !== undefined && plain[code] !== undefined ? `${plain[code]} (${system})` : system;
  },

  // The browser process.
  browserExited: (how: string) => `it exited (${how}) before it answered`,

  /** Said after an unknown name when a known one is close (`suggestion()` in src/content/units.ts). */
  didYouMean: (name: string) => ` (did you mean "${name}"?)`,

  // Amounts (src/content/amount.ts)
  ambiguousSign: (sign: string, shown: string, codes: readonly string[]) => `"${sign}" in "${shown}" can mean ${codes.join(' or ')}; write the currency code instead, like ${codes.map((c) => `${c} 5T`).join(' or ')}`,
  notCurrencyWord: (word: string, shown: string, didYouMean: string) => `"${word}" in "${shown}" is not an ISO 4217 currency code${didYouMean}; write codes like USD, EUR, DKK or CNY`,
  currencyTwice: (shown: string) => `"${shown}" names a currency twice`,
  notAmount: (shown: string) => `cannot read "${shown}" as an amount`,
  unknownUnitIn: (unit: string, shown: string) => `unknown unit "${unit}" in "${shown}"`,
  currencyAndUnit: (shown: string, unit: string) => `"${shown}" mixes a currency and ${unit === 'percent' ? 'a percentage' : `a ${unit}`}`,
  unknownSuffix: (suffix: string, shown: string) => `unknown suffix "${suffix}" in "${shown}"`,
  notFiniteNumber: (n: number) => `${n} is not a finite number`,
  bareNumberNeedsUnit: (n: number) => `the bare number ${n} needs a unit: write it with a sign ($75B, 33%, 94x) or add unit:`,
  emptyAmount: () => 'the amount is empty',
  notAmountOrRange: (input: string) => `cannot read "${input}" as an amount or a range`,
  mixesUnits: (input: string, units: readonly string[]) => `"${input}" mixes units (${units.join(', ')})`,
  notFiniteAmount: (input: string) => `"${input}" is not a finite amount`,
  rangeHighToLow: (input: string) => `the range "${input}" runs from high to low; write the lower value first`,

  // Data files (src/content/data.ts)
  unknownDataColumn: (name: string, didYouMean: string, columns: readonly string[]) => `unknown column "${name}"${didYouMean}; the columns are ${columns.join(', ')}`,
  unreadableCsv: (parserText: string) => `cannot read the CSV: ${parserText}`,
  missingHeaderColumn: (column: string, required: readonly string[]) => `the header has no "${column}" column; a data file needs ${required.join(', ')}`,
  tooManyRows: (rows: number, limit: number) => `${rows} rows is more than the ${limit}-row limit for a data file; split it`,
  unreadableJson: (parserText: string) => `cannot read the JSON: ${parserText}`,
  jsonNotArray: () => 'a JSON data file is an array of records, one figure each',
  tooManyRecords: (records: number, limit: number) => `${records} records is more than the ${limit}-record limit for a data file; split it`,
  recordNotObject: () => 'each record is an object with company, quantity, value and sources',
  recordLacks: (field: string) => `the record has no "${field}"`,

  // Owner selections (src/metrics/lookup.ts)
  unknownCompany: (id: string, didYouMean: string) => `unknown company "${id}"${didYouMean}`,
  unknownGroupIn: (group: string, didYouMean: string) => `unknown group "${group}"${didYouMean}; groups are declared in briefing.yaml`,

  duplicateKey: () => 'Map keys must be unique',
  tooLong: (limit: number) => `the text is longer than the limit of ${limit.toLocaleString('en')} characters for this field`,
  // Formulas (src/metrics/formula.ts)
  unreadableFormula: (source: string, parserText: string) => `cannot read the formula "${clip(source, 120)}": ${parserText}`,
  /** A formula past one of its limits: `what` is characters, terms or levels of parentheses. */
  formulaLimit: (what: string, count: number, limit: number) => `the formula has ${count.toLocaleString('en')} ${what}; the limit is ${limit.toLocaleString('en')}`,
  onlyNumbers: (raw: string) => `only numbers may be written in a formula, not ${raw}`,
  binaryOperator: (op: string) => `the operator ${op} is not allowed; use + - * / and parentheses`,
  unaryOperator: (op: string) => `the operator ${op} is not allowed`,
  unknownFunction: (fn: string, functions: readonly string[]) => `unknown function ${fn || '(expression)'}; a formula can call ${functions.join(', ')}`,
  noArguments: (fn: string) => `${fn}() needs at least one argument`,
  notInFormulaLanguage: (nodeType: string, functions: readonly string[]) => `a formula may hold numbers, input names, + - * /, parentheses and ${functions.join(', ')}; "${nodeType}" is not allowed`,

  // Schema rules (src/content/model.ts, src/content/declarations.ts)
  idForm: (example: string, other: string) => `ids are lower-case letters, digits and dashes, like "${example}" or "${other}"`,
  dateForm: () => 'write dates as YYYY-MM-DD',
  notCalendarDate: () => 'not a calendar date',
  notCurrencyCode: (value: string, didYouMean: string) => `"${value}" is not an ISO 4217 currency code${didYouMean}; write codes like USD, EUR, DKK or CNY`,
  sectionEntryForm: () => 'write a section id (risks), or {id: risks, newPage: true} for a section that starts a new page',
  periodForm: () => 'write periods as FY2025, Q1 2026, H1 2026 or 2026',
  fiscalYearEndForm: () => 'write the day the fiscal year ends as MM-DD, a day every year has: 03-31, 06-30, 12-31 (02-28 for the end of February)',
  unknownFigureUnit: (unit: string) => `unknown unit "${unit}": write an ISO 4217 currency code (USD, DKK), percent, ratio, multiple, count or a physical unit such as GW`,
  valueUnitDiffers: (parsed: string, unit: string) => `the value is in ${parsed} but unit says ${unit}`,
  figureNeedsSource: () => 'every figure needs at least one source',
  segmentNeeded: () => 'segment-revenue needs segment: (the business line, e.g. Cloud)',
  lengthForm: () => 'write lengths like 18mm, 0.75in or 54pt',
  rateToItself: (currency: string) => `a rate from ${currency} to itself converts nothing; remove it`,
  statedRateSources: () => 'a stated rate needs sources: [source-id]; a rate nobody states is basis: assumption with a note',
  statedRateDate: () => 'a stated rate needs asOf: the date it holds at',
  assumedRateNote: () => 'an assumed rate needs a note: saying why this rate',
  notLocale: () => 'not a locale this runtime can print in; write a BCP 47 tag such as en, en-GB, da or de-CH',
  keyFigureForm: () => 'write a metric id, or metric-id:company-id / metric-id:scenario',
  languageTagForm: () => 'write a language tag such as zh-Hans, ja or ko',
  scoreRange: () => 'use 1 (lowest) to 5 (highest)',
  inputNameForm: () => 'input names are letters, digits and _, and start with a letter: the formula uses them',
  templateImageRemote: () => 'would be fetched from the network, and a briefing fetches nothing',
  templateImageOutside: () => "lies outside the template's folder, and a template reads nothing outside it",
  textForm: () => 'write text here: a list or a mapping is not text (quote it if it starts with [ or {)',
  quantityForm: (kinds: readonly string[]) => `write a unit kind (${kinds.join(', ')}) or {kind, title}`,
  metricInputForm: () =>
    'write an input as a figure id (revenue: acme-revenue), an amount ("15%", "$3.6T") or a number, a lookup {company | companies | group, quantity, period, segment}, {metric: id} or {scenarios: ["5%", "10%"]}',

  // The preview server's answers (src/preview/server.ts)
  draftErrors: (count: number) => `The draft has ${count === 1 ? 'an error' : `${count} errors`}. Fix the file and the page updates by itself.`,
  draftWarnings: (count: number) => `${count === 1 ? '1 warning' : `${count} warnings`} (shown only in the preview; check --strict fails on them)`,
  moreWarnings: (count: number) => `and ${count} more: run briefing check to see them all`,
  forbiddenHost: () => 'Forbidden: this preview answers only for its own address.',
  methodNotAllowed: () => 'Method not allowed',
  notFound: () => 'Not found',
  // The preview's review: its problem panel, banner and list of changes (src/preview/)
  sourcesDisagree: (label: string, values: readonly string[]) => `sources disagree on ${label}: ${values.join(' vs ')}`,
  sourcesDisagreeHint: () => 'Check each value against its source: the briefing prints them all, each with its source, and the reader sees the disagreement.',
  draftKept: (count: number) => `The draft has ${count === 1 ? 'an error' : `${count} errors`}: the page shows its last good render. Fix the file and the page updates by itself.`,
  previewProblems: (count: number) => (count === 0 ? 'No problems' : count === 1 ? '1 problem' : `${count} problems`),
  staleLint: (message: string) => `${message} (from the PDF printed before the last change: open the PDF again to check the pages)`,
  changesSince: (count: number, since: string) => `${count === 0 ? 'No change' : count === 1 ? '1 change' : `${count} changes`} since ${since}`,
  // The preview's review notes (src/preview/notes.ts, src/content/review.ts)
  noteAnchorForm: () => 'write an anchor as {figure: ID}, {metric: ROW-ID}, {risk: ID}, {section: ID}, {section: ID, paragraph: N} or {file: PATH, line: N}',
  notLoopback: () => 'Forbidden: notes are written only for a browser on this machine.',
  foreignOrigin: () => 'Forbidden: notes are written only from the preview\'s own page.',
  badNoteToken: () => 'Forbidden: the request does not carry this preview session\'s token; reload the page.',
  noteBodyTooLarge: (limit: number) => `The request is larger than the ${limit}-byte limit for a note.`,
  badNoteRequest: (detail: string) => `Not a note request: ${detail}`,
  noSuchNote: (id: string) => `review.yaml has no note "${id}"`,
  reviewNotList: () => 'review.yaml does not hold a list of notes; fix it by hand first',
  notesListTitle: () => 'Review notes (review.yaml) not placed beside an element',
  noteSavedReload: () => 'Saved in review.yaml: the page reloads with it.',

  // Print lint findings (src/pdf/lint.ts): what was found and where; the catalogue's hint says what to do.
  lintBrokenWord: (f: WordFinding) =>
    `word "${f.word}" is broken across lines without a hyphen ("${f.word.slice(0, f.at)} / ${f.word.slice(f.at)}") in ${f.element.description}`,
  lintLongToken: (f: WordFinding) =>
    `"${clip(f.word, 40)}" is wider than the ${Math.round(f.available)} px it can have (${Math.round(f.width)} px) and is broken at an arbitrary point in ${f.element.description}`,
  lintOrphanHeading: (f: HeadingFinding) =>
    f.firstPage < f.page
      ? `${f.element.description} is broken across pages ${f.firstPage} and ${f.page}`
      : f.nextPage !== null && f.nextPage > f.page
        ? `${f.element.description} is the last thing on its page; its content starts on page ${f.nextPage}`
        : `${f.element.description} has only ${f.linesBelow === 1 ? 'one line' : `${f.linesBelow} lines`} of its content under it at the foot of page ${f.page}; the rest is on the next page`,
  lintDetachedTable: (f: BlockFinding) => `${f.element.description} starts on page ${f.firstPage}, apart from ${f.introducer!.element.description} on page ${f.introducer!.page}`,
  lintSplitFigure: (f: BlockFinding) => `${f.element.description} is split across pages ${f.pages.join(' and ')}`,
  lintOverflow: (f: OverflowFinding) =>
    f.where === 'box'
      ? `${f.element.description} is ${Math.round(f.by)} px wider than its box`
      : f.where === 'page'
        ? `${f.element.description} runs ${Math.round(f.by)} px past the right edge of the printable area`
        : `${f.element.description} is ${Math.round(f.by)} px taller than the printable area and cannot break`,
  lintUnderfilledPage: (f: PageFinding, fill: number, min: number) =>
    `the page is ${Math.round(fill * 100)}% full (under ${Math.round(min * 100)}%) and no page break follows it${f.next ? `: ${f.next.description} did not fit below` : ''}`,
} as const satisfies Record<string, (...args: never[]) => string>;
