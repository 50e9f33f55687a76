/**
 * The catalogue's records for stage 1, content (src/content/): reading the folder's files, YAML and the
 * content format, ids and references, data files and prose. Part of `MESSAGES` in src/messages.ts,
 * which assembles the stages' records in pipeline order.
 *
 * This module is a leaf of the catalogue: it imports only src/errors.ts and its sibling modules.
 */
import { CATALOGUE, type ErrorData } from '../errors.ts';
import { problem } from './problems.ts';
import { clip, type ExamplesFit } from './shared.ts';

/** Where a briefing declares what older engines read from manifest fields (said after an unknown manifest field). */
const SETTINGS_ADVICE =
  '. A briefing groups its companies with groups: (and group: in each company), declares what it computes in metrics.yaml (totals over a group, scenarios) and what it draws in charts/<id>.yaml';

/**
 * The records of stage 1, content: what reading the folder, parsing its files and resolving its references
 * report, grouped as the stage runs (files, YAML and schema, ids and references, data files, prose).
 */
export const CONTENT_MESSAGES = {
  // ── Stage 1, content: reading files ──────────────────────────────────────────────────────────────────
  noBriefing: {
    kind: 'missingFile', code: 'BR114', title: 'No briefing in the folder',
    message: (manifestPath: string) => `no briefing here: ${manifestPath} does not exist`,
    hint: 'Give the folder that holds briefing.yaml, or start a briefing with `briefing new <folder>`.',
    example: ['reports/q3/briefing.yaml'],
  },
  symlinkedFolder: {
    kind: 'missingFile', code: 'BR115', title: 'A content folder is a symbolic link',
    message: (sub: string) => `${sub}/ is a symbolic link; content is read only from real folders inside the briefing`,
    hint: 'Replace the link with a real folder holding the files: briefing reads only what is inside the briefing folder.',
    example: ['companies'],
  },
  fileTooLarge: {
    kind: 'fileTooLarge', code: 'BR107', title: 'File too large',
    message: (bytes: number, limit: number) => `${bytes} bytes is more than the ${limit}-byte limit for a content file`,
    hint: CATALOGUE.fileTooLarge.hint,
    example: [2_500_000, 1_048_576],
  },
  tooManyFiles: {
    kind: 'fileTooLarge', code: 'BR116', title: 'Too many content files',
    message: (limit: number) => `the briefing has more than ${limit} content files`,
    hint: 'Split the briefing into several, or remove the files that do not belong to it.',
    example: [2000],
  },
  wordTooLong: {
    kind: 'limit', code: 'BR117', title: 'Word too long',
    message: (limit: number) => `a word here runs past ${limit.toLocaleString('en')} characters without a space; break it up (a long link can be written as [text](url))`,
    hint: 'Break the word with spaces, or write a long link as [text](url).',
    example: [10_000],
  },
  tooManyFigures: {
    kind: 'limit', code: 'BR111', title: 'Too many figures',
    message: (owner: 'company' | 'briefing', count: number, limit: number) => `the ${owner} states ${count.toLocaleString('en')} figures; the limit is ${limit.toLocaleString('en')} ${owner === 'company' ? 'for one company' : 'for a briefing'}`,
    hint: CATALOGUE.limit.hint,
    example: ['company', 2400, 500],
  },
  noFile: {
    kind: 'missingFile', code: 'BR106', title: 'File missing',
    message: (rel: string) => `the briefing has no ${rel}`,
    hint: CATALOGUE.missingFile.hint,
    example: ['risks.yaml'],
  },
  linkOutside: {
    kind: 'symlink', code: 'BR110', title: 'Link leads outside the briefing',
    message: (rel: string) => `${rel} is a symbolic link that leads outside the briefing folder; briefing does not follow it`,
    hint: CATALOGUE.symlink.hint,
    example: ['companies/acme.yaml'],
  },
  notAFile: {
    kind: 'missingFile', code: 'BR118', title: 'Not a regular file',
    message: (rel: string) => `${rel} is not a regular file (a folder, a named pipe or a device); briefing reads only files`,
    hint: 'Put a regular file at that path: briefing reads no folders, named pipes or devices as content.',
    example: ['sources.yaml'],
  },
  brokenLink: {
    kind: 'symlink', code: 'BR119', title: 'Broken symbolic link',
    message: (rel: string, code: string) => `${rel} is a symbolic link that leads nowhere or round in a loop (${code})`,
    hint: 'Replace the link with the file itself, or point it at a file inside the briefing folder.',
    example: ['companies/acme.yaml', 'ENOENT'],
  },
  unreadableFile: {
    kind: 'missingFile', code: 'BR120', title: 'File cannot be read',
    message: (rel: string, code: string) => `${rel} cannot be read (${code})`,
    hint: "Check the file's permissions, then run again.",
    example: ['sources.yaml', 'EACCES'],
  },
  notUtf8: {
    kind: 'encoding', code: 'BR112', title: 'File is not UTF-8',
    message: () => 'the file is not valid UTF-8 from this line on; it is not read with the bad bytes replaced',
    hint: CATALOGUE.encoding.hint,
    example: [],
  },
  /** `shown`: the name with undecodable bytes as \xNN and control characters escaped. */
  badFileName: {
    kind: 'encoding', code: 'BR121', title: 'File name is not UTF-8',
    message: (shown: string) => `the file name "${shown}" is not UTF-8 text without control characters, so the file cannot be named in a briefing; rename it`,
    hint: 'Rename the file with UTF-8 letters, digits and dashes, and no control characters such as line breaks.',
    example: ['caf\\xe9.yaml'],
  },

  // ── Stage 1, content: YAML and schema ────────────────────────────────────────────────────────────────
  forbiddenKey: {
    kind: 'schema', code: 'BR122', title: 'Key not allowed',
    message: (key: string) => `the key "${key}" is not allowed in content`,
    hint: "Rename the key: __proto__, constructor and prototype are refused in content so that no value reaches an object's prototype.",
    example: ['__proto__'],
  },
  forbiddenTag: {
    kind: 'yamlSyntax', code: 'BR123', title: 'YAML tag not allowed',
    message: (tag: string) => `the tag ${tag} is not allowed; write plain values`,
    hint: 'Remove the tag and write the plain value: text, a number, a list or a map.',
    example: ['!!js/function'],
  },
  /** A problem the YAML parser found, in its own words (position suffix removed by the caller). */
  yamlProblem: {
    kind: 'yamlSyntax', code: 'BR101', title: 'YAML syntax error',
    message: (parserText: string) => parserText,
    hint: CATALOGUE.yamlSyntax.hint,
    example: [problem.duplicateKey()],
  },
  yamlTooDeep: {
    kind: 'limit', code: 'BR124', title: 'YAML nested too deep',
    message: (limit: number) => `maps and lists are nested more than ${limit} levels deep here; the limit is ${limit}`,
    hint: 'Flatten the structure: a briefing needs a few levels of nesting, not dozens.',
    example: [64],
  },
  tooManyAliases: {
    kind: 'yamlSyntax', code: 'BR125', title: 'Too many YAML aliases',
    message: (parserText: string, limit: number) => `${parserText} (aliases are limited to ${limit} per file)`,
    hint: 'Write the values out instead of repeating aliases (*name): aliases are limited so that a small file cannot expand into a huge one.',
    example: ['Excessive alias count indicates a resource exhaustion attack', 100],
  },
  /** At the manifest's top level, the message also says where a briefing declares groups, metrics and charts. */
  unknownField: {
    kind: 'schema', code: 'BR126', title: 'Unknown field',
    message: (key: string, didYouMean: string, settingsTop: boolean) => `unknown field "${key}"${didYouMean}; check the spelling against the content format${settingsTop ? SETTINGS_ADVICE : ''}`,
    hint: "Correct the field's spelling, or remove it; the README's content format lists the fields of each file.",
    example: ['soruces', problem.didYouMean('sources'), false],
  },
  oldClaimCheck: {
    kind: 'schema', code: 'BR127', title: 'Claim check in the old form',
    message: () => 'a claim check now takes named inputs and a formula, as metrics.yaml does: inputs: {valuation: figure-id, revenue: figure-id} and formula: valuation / revenue (quotient, product, sum and difference are gone)',
    hint: 'Rewrite the check as inputs: {name: figure-id} and a formula: over those names, as metrics.yaml does.',
    example: [],
  },
  /** A schema rule's own message (zod) about a field of the content. */
  schemaRule: {
    kind: 'schema', code: 'BR102', title: 'Field breaks the content format',
    message: (text: string) => text,
    hint: CATALOGUE.schema.hint,
    example: [problem.dateForm()],
  },
  /** A schema rule's own message about a figure's value (an amount that does not parse, a unit). */
  figureValueRule: {
    kind: 'figureValue', code: 'BR105', title: 'Figure value cannot be read',
    message: (text: string) => text,
    hint: CATALOGUE.figureValue.hint,
    example: [problem.notAmount('$1.7.7T')],
  },
  /** A schema rule's own message about a figure's sources (none, or an empty list: `msg.figureWithoutSources`, `problem.figureNeedsSource`). */
  figureSourcesRule: {
    kind: 'unsourcedFigure', code: 'BR128', title: 'Figure without sources',
    message: (text: string) => text,
    hint: 'Give the figure sources: [source-id], a list of ids that sources.yaml defines.',
    example: [problem.figureNeedsSource()],
  },
  missingField: {
    kind: 'schema', code: 'BR178', title: 'Required field missing',
    message: (field: string, expected: string) => `missing required field "${field}" (expected ${expected})`,
    hint: 'Add the field; the JSON Schema (briefing schema) and the README list what each file needs.',
    example: ['asOf', 'string'],
  },
  notOneOf: {
    kind: 'schema', code: 'BR179', title: 'Value not one of the allowed',
    message: (values: readonly unknown[]) => `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
    hint: 'Write one of the values listed, spelled as shown.',
    example: [['positive', 'cautious', 'negative', 'neutral']],
  },
  chartFileName: {
    kind: 'schema', code: 'BR129', title: 'Chart file not named by an id',
    message: () => 'name chart files by their id: lower-case letters, digits and dashes (charts/segment-sales.yaml)',
    hint: "Rename the file to its chart's id: lower-case letters, digits and dashes, ending in .yaml.",
    example: [],
  },
  sectionHeading: {
    kind: 'schema', code: 'BR130', title: 'Section without a heading',
    message: () => 'a section file must start with a "# Heading" line',
    hint: 'Start the section file with a heading line such as # Outlook.',
    example: [],
  },

  // ── Stage 1, content: ids and references ─────────────────────────────────────────────────────────────
  duplicateId: {
    kind: 'duplicateId', code: 'BR104', title: 'Id used twice',
    message: (what: string, id: string) => `${what} id "${id}" is used twice`,
    hint: CATALOGUE.duplicateId.hint,
    example: ['risk', 'supply-shock'],
  },
  declaredTwice: {
    kind: 'duplicateId', code: 'BR131', title: 'Declared twice',
    message: (list: string, id: string) => `${list} declares "${id}" twice`,
    hint: 'Remove one of the two declarations, or give the second its own id.',
    example: ['groups', 'incumbent'],
  },
  builtInQuantityKind: {
    kind: 'schema', code: 'BR132', title: 'Built-in quantity declared with another unit kind',
    message: (name: string, kind: string, wanted: string) => `"${name}" is a built-in quantity measured in ${kind}; it cannot become ${wanted}: choose another name`,
    hint: 'Choose another name for the quantity: a built-in quantity keeps its unit kind.',
    example: ['revenue', 'money', 'percent'],
  },
  /** A figure or a rate (`who`) cites a source id that sources.yaml lacks. */
  undefinedSource: {
    kind: 'unknownReference', code: 'BR133', title: 'Source not defined',
    message: (who: 'figure' | 'rate', id: string) => `${who} cites source "${id}", which sources.yaml does not define`,
    hint: 'Add the source to sources.yaml, or correct the id.',
    example: ['figure', 's-annual-report'],
  },
  secondRate: {
    kind: 'duplicateId', code: 'BR134', title: 'Second rate for a pair of currencies',
    message: (from: string, to: string, first: number) => `a second rate between ${from} and ${to} (the first is fx[${first}]); keep one, the inverse follows from it`,
    hint: 'Keep one rate per pair of currencies: briefing derives the inverse.',
    example: ['EUR', 'USD', 0],
  },
  fileNameNotId: {
    kind: 'schema', code: 'BR135', title: 'File name differs from the id',
    message: (stem: string, id: string) => `the file is named "${stem}" but the company id is "${id}"; name files after their id`,
    hint: "Rename the file to <id>.yaml, or change the id to the file's name.",
    example: ['acme-corp', 'acme'],
  },
  /** `declared` lists the manifest's groups (empty when it declares none); `didYouMean` from `suggestion()`. */
  unknownGroup: {
    kind: 'unknownReference', code: 'BR136', title: 'Unknown group',
    message: (group: string, declared: readonly string[], didYouMean: string) => `unknown group "${group}"; ${declared.length === 0 ? 'briefing.yaml declares no groups: add groups: with {id, title} entries, or remove group:' : `briefing.yaml declares ${declared.join(', ')}${didYouMean}`}`,
    hint: 'Declare the group under groups: in briefing.yaml, or correct the name.',
    example: ['incumbnet', ['incumbent', 'challenger'], problem.didYouMean('incumbent')],
  },
  /** A group's `companies:` (its reading order) names a company no file defines; `didYouMean` from `suggestion()`. */
  groupListsUnknown: {
    kind: 'unknownReference', code: 'BR193', title: "Group's companies: names an unknown company",
    message: (group: string, id: string, didYouMean: string) => `group "${group}" lists "${id}" in companies:, but no company has that id${didYouMean}`,
    hint: "List the ids of companies/ files whose group: is this group, in the order they should print; leave out the rest (they follow by name).",
    example: ['carmaker', 'acme-motor', problem.didYouMean('acme-motors')],
  },
  /** A group's `companies:` names a company whose own `group:` is another group, or none. */
  groupListsOther: {
    kind: 'schema', code: 'BR194', title: "Group's companies: names a company of another group",
    message: (group: string, id: string, own: string | null, file: string) =>
      `group "${group}" lists "${id}" in companies:, but ${file} puts it ${own === null ? 'in no group' : `in group "${own}"`}`,
    hint: "A group's companies: only orders that group's own companies: move the id to its group's list, or change group: in the company's file.",
    example: ['carmaker', 'globex', 'challenger', 'companies/globex.yaml'],
  },
  groupListsTwice: {
    kind: 'duplicateId', code: 'BR195', title: "Group's companies: lists a company twice",
    message: (group: string, id: string) => `group "${group}" lists "${id}" twice in companies:`,
    hint: 'List each company once: its place in the list is its place in print.',
    example: ['carmaker', 'acme-motors'],
  },

  // ── Stage 1, content: review notes (review.yaml, src/content/review.ts) ──────────────────────────────
  /** A note's anchor names something the briefing does not print; `what` is the anchor's kind, `didYouMean` from `suggestion()`. */
  unknownNoteAnchor: {
    kind: 'unknownReference', code: 'BR197', title: 'Review note anchored to nothing',
    message: (note: string, what: 'figure' | 'metric row' | 'risk' | 'section' | 'file', name: string, didYouMean: string) =>
      `note "${note}" is anchored to ${what} "${clip(name, 80)}", which the briefing does not have${didYouMean}`,
    hint: 'Anchor the note to something the briefing prints: a figure id, a metric row id (price-to-sales.acme), a risk id, a section listed in sections: of briefing.yaml, or a file of the briefing folder; or correct the name.',
    example: ['n-3', 'figure', 'acme-revenue-fy205', problem.didYouMean('acme-revenue-fy2025')],
  },
  /** A note names paragraph `n` of a section, or line `n` of a file, past its last one (`count`). */
  noteAnchorOutOfRange: {
    kind: 'schema', code: 'BR198', title: 'Review note anchored past the end',
    message: (note: string, unit: 'paragraph' | 'line', n: number, target: string, count: number) =>
      `note "${note}" is anchored to ${unit} ${n} of ${target}, which has ${count === 1 ? `1 ${unit}` : `${count} ${unit}s`}`,
    hint: "Count a section's paragraphs as the top-level blocks of its Markdown (paragraphs, lists, tables, quotes, sub-headings) from 1; a built-in section has none, so anchor to the section itself or to its row. Count a file's lines from 1.",
    example: ['n-3', 'paragraph', 9, 'section "outlook"', 6],
  },
  /** An open note of review.yaml, listed by `check` and failing `build --strict` (a warning). */
  openNote: {
    kind: 'schema', code: 'BR199', title: 'Open review note',
    message: (note: string, author: string, text: string) => `open note "${note}" by ${clip(author, 80)}: ${clip(text.replace(/\s+/g, ' ').trim(), 300)}`,
    hint: 'Deal with the note, then set status: resolved on it in review.yaml (or press Resolve beside it in the preview); build --strict fails while a note is open.',
    example: ['n-3', 'Maria Jensen', 'Is the backlog figure from the annual report or the investor day?'],
  },
  unknownId: {
    kind: 'unknownReference', code: 'BR103', title: 'Unknown id',
    message: (what: string, id: string) => `unknown ${what} "${id}"`,
    hint: CATALOGUE.unknownReference.hint,
    example: ['figure', 'acme-revenue-fy2025'],
  },
  unknownRiskCategory: {
    kind: 'unknownReference', code: 'BR137', title: 'Unknown risk category',
    message: (category: string, didYouMean: string, known: readonly string[]) => `unknown risk category "${category}"${didYouMean}; declare it under riskCategories: in briefing.yaml, or use one of ${known.join(', ')}`,
    hint: 'Declare the category under riskCategories: in briefing.yaml, or use one that is declared.',
    example: ['regulatroy', problem.didYouMean('regulatory'), ['market', 'regulatory', 'execution']],
  },
  undeclaredKeyFigure: {
    kind: 'unknownReference', code: 'BR138', title: 'Key figure not declared',
    message: (id: string, didYouMean: string) => `keyFigures names "${id}", which metrics.yaml does not declare${didYouMean}`,
    hint: 'Declare the metric in metrics.yaml, or take it out of keyFigures.',
    example: ['total-valuation', ''],
  },
  unknownQuantity: {
    kind: 'unknownReference', code: 'BR139', title: 'Unknown quantity',
    /** `kind`: the unit kind of the figure's value (money for `₩32.7T`), which the declaration would give. */
    message: (quantity: string, didYouMean: string, kind: string) => `unknown quantity "${quantity}"${didYouMean}; declare it under quantities: in briefing.yaml with its unit kind (for this value, ${quantity}: ${kind})`,
    hint: 'Declare the quantity under quantities: in briefing.yaml with its unit kind, or correct the name.',
    example: ['gross-margn', problem.didYouMean('gross-margin'), 'percent'],
  },
  /** `kind` as printed: `money (a currency)`, `percent`, ... */
  bareNumberNoUnit: {
    kind: 'figureValue', code: 'BR140', title: 'Bare number without a unit',
    message: (quantity: string, kind: string, value: unknown) => `${quantity} is measured in ${kind}, and the bare number ${String(value)} says no unit: write it with its sign ("$75B", "33%") or add unit:`,
    hint: 'Write the value with its unit ("$75B", "33%"), or add unit: to the figure.',
    example: ['revenue', 'money (a currency)', 75],
  },
  wrongUnitKind: {
    kind: 'figureValue', code: 'BR141', title: 'Value in the wrong kind of unit',
    message: (quantity: string, kind: string, value: unknown, unit: string) => `${quantity} is measured in ${kind}, but "${String(value)}" reads as ${unit}`,
    hint: "Write the value in the quantity's kind of unit, or use the quantity that measures what the value says.",
    example: ['revenue', 'money (a currency)', '33%', 'percent'],
  },
  unknownBasis: {
    kind: 'unknownReference', code: 'BR142', title: 'Unknown basis',
    message: (basis: string, didYouMean: string, known: readonly string[]) => `unknown basis "${basis}"${didYouMean}; declare it under bases: in briefing.yaml, or use one of ${known.join(', ')}`,
    hint: 'Declare the basis under bases: in briefing.yaml, or use one that is declared.',
    example: ['reportd', problem.didYouMean('reported'), ['reported', 'estimate', 'projection']],
  },

  // ── Stage 1, content: data files ─────────────────────────────────────────────────────────────────────
  /** A problem a data file reader found (src/content/data.ts), in its words. */
  dataProblem: {
    kind: 'schema', code: 'BR143', title: 'Data file cannot be read',
    message: (text: string) => text,
    hint: 'Fix the data file: a CSV with a header row, or a JSON array of records, with the columns the README lists.',
    example: [problem.missingHeaderColumn('sources', ['company', 'quantity', 'value', 'sources'])],
  },
  repeatedRow: {
    kind: 'duplicateId', code: 'BR144', title: 'Repeated row',
    message: () => 'this row repeats an earlier row of the file; remove one',
    hint: 'Remove one of the two rows.',
    example: [],
  },
  unknownDataCompany: {
    kind: 'unknownReference', code: 'BR145', title: 'Unknown company in a data file',
    message: (company: string, didYouMean: string) => `unknown company "${company}"${didYouMean}; use a company id of companies/, or market`,
    hint: 'Use the id of a company of companies/, or market for a market-wide figure.',
    example: ['acne', problem.didYouMean('acme')],
  },
  unknownColumns: {
    kind: 'schema', code: 'BR146', title: 'Unknown column',
    message: (columns: readonly string[]) => `unknown column ${columns.join(', ')}`,
    hint: 'Remove the column, or rename it to one of the columns the README lists for data files.',
    example: [['colour']],
  },

  // ── Stage 1, content: prose ──────────────────────────────────────────────────────────────────────────
  sectionListedTwice: {
    kind: 'duplicateId', code: 'BR147', title: 'Section listed twice',
    message: (id: string) => `section "${id}" is listed twice`,
    hint: 'List each section once in briefing.yaml sections:.',
    example: ['outlook'],
  },
  noSection: {
    kind: 'missingFile', code: 'BR148', title: 'Section not found',
    message: (id: string, builtIn: readonly string[], rel: string) => `section "${id}" is neither built in (${builtIn.join(', ')}) nor a file ${rel}`,
    hint: 'Create the section file, list a built-in section, or correct the id.',
    example: ['outlok', ['companies', 'metrics', 'charts', 'risks', 'sources'], 'sections/outlok.md'],
  },
  langSpanForm: {
    kind: 'schema', code: 'BR188', title: 'Language span not read',
    message: (written: string) => `"${clip(written, 70)}" is not read as a language span, so it prints as written`,
    hint: 'Write a span as [text]{lang=ja}: a language tag of letters and hyphens (zh-Hant, ar-SA), quoted or not, and nothing else in the braces.',
    example: ['{lang=ja_JP}'],
  },
  langSpanCountry: {
    kind: 'schema', code: 'BR189', title: 'Country code for a language',
    message: (tag: string, better: string) => `lang=${tag} names no language the fonts know, so the text takes the default forms; the language tag is ${better}`,
    hint: 'Use the language tag (ja for Japanese, ko for Korean, zh-Hans or zh-Hant for Chinese), not a country code.',
    example: ['jp', 'ja'],
  },
  sectionNotListed: {
    kind: 'missingFile', code: 'BR149', title: 'Section file not listed',
    message: (rel: string) => `${rel} is not listed in briefing.yaml sections, so it is not printed`,
    hint: "Add the section's id to sections: in briefing.yaml, or delete the file.",
    example: ['sections/appendix.md'],
  },
  unknownChartDirective: {
    kind: 'unknownReference', code: 'BR150', title: 'Chart directive names no chart',
    message: (id: string, didYouMean: string) => `"::: chart ${id}" names no chart: add charts/${id}.yaml${didYouMean}`,
    hint: 'Add the chart file, or correct the id after ::: chart.',
    example: ['revenue-mix', ''],
  },
  chartPlacedTwice: {
    kind: 'duplicateId', code: 'BR151', title: 'Chart placed twice',
    message: (id: string) => `chart "${id}" is placed in the prose twice; place it once (it prints only where it is placed)`,
    hint: 'Keep one ::: chart directive for the chart.',
    example: ['revenue-mix'],
  },
  unknownCitation: {
    kind: 'unknownReference', code: 'BR152', title: 'Citation names no source',
    message: (id: string, didYouMean = '') => `citation [@${id}] names no source in sources.yaml${didYouMean}`,
    hint: 'Add the source to sources.yaml, or correct the id in the citation.',
    example: ['s-anual-report', problem.didYouMean('s-annual-report')],
  },
  malformedCitation: {
    kind: 'citationSyntax', code: 'BR113', title: 'Malformed citation',
    message: (marker: string, didYouMean: string) => `"${clip(marker, 44)}" is not a citation: a marker is [@source-id] with lower-case letters, digits and dashes, closed by ]${didYouMean}`,
    hint: CATALOGUE.citationSyntax.hint,
    example: ['[@S-Annual-Report]', problem.didYouMean('s-annual-report')],
  },
  /** A figure stated in prose (`where`: `its paragraph`, `the profile`) without a citation there. */
  uncitedFigure: {
    kind: 'unsourcedFigure', code: 'BR108', title: 'Figure in prose without a citation',
    message: (figure: string, where: 'its paragraph' | 'the profile') => `"${figure}" has no citation in ${where}`,
    hint: CATALOGUE.unsourcedFigure.hint,
    example: ['$4.2B', 'its paragraph'],
  },
  /**
   * An amount typed in prose that matches no figure of the sources its sentence cites, nor a metric computed
   * from them (src/metrics/prose-check.ts): `nearest` as `id (printed value)`, `token` the inline value of the
   * nearest one that has one.
   */
  staleProseFigure: {
    kind: 'unsourcedFigure', code: 'BR187', title: 'Figure in prose matches no cited figure',
    message: (figure: string, cited: readonly string[], nearest: readonly string[], token: string | undefined) =>
      `"${clip(figure, 60)}" matches no figure of ${cited.join(', ')}, nor a metric computed from ${cited.length === 1 ? 'it' : 'them'}, within the precision it is written to` +
      (nearest.length === 0 ? `; ${cited.length === 1 ? 'that source states' : 'those sources state'} no figure in its unit` : `; nearest: ${nearest.join(', ')}`) +
      (token === undefined ? '' : `. To print the figure itself, write ${token}`),
    hint: "Write the number as an inline value ({figure:ID}, {metric:ID:ROW}) so that it follows the data, correct it, or declare the figure it states (with its source) in the company's figures; about, nearly, more than widen the match (see the README's Inline values).",
    example: ['$45.0 billion', ['its-annual-report'], ['revenue-2024 ($45.9B)', 'revenue-2023 ($34.8B)'], '{figure:revenue-2024}'],
  },

  // ── Stage 1, content: inline values ({figure:ID}, {metric:ID:ROW}) ───────────────────────────────────
  inlineValueForm: {
    kind: 'schema', code: 'BR180', title: 'Inline value not of the form',
    message: (token: string) => `"${clip(token, 60)}" is not an inline value: write {figure:ID}, {metric:ID} or {metric:ID:ROW}, optionally ending in |change, with ids in lower-case letters, digits and dashes; write \\{ for a literal brace`,
    hint: 'Correct the inline value, or escape its brace as \\{ to print it as written.',
    example: ['{figure:Revenue-2024}'],
  },
  unknownInlineValue: {
    kind: 'unknownReference', code: 'BR181', title: 'Inline value names no figure or metric',
    message: (kind: 'figure' | 'metric', id: string, didYouMean: string) =>
      `{${kind}:${id}} names no ${kind === 'figure' ? 'figure id of the company files, market.yaml or data files' : 'metric of metrics.yaml'}${didYouMean}`,
    hint: 'Correct the id, or declare the figure (with id:) or the metric it names.',
    example: ['figure', 'novo-revenue-2042', problem.didYouMean('novo-revenue-2024')],
  },
  unknownInlineRow: {
    kind: 'unknownReference', code: 'BR182', title: 'Inline value names no row of its metric',
    message: (token: string, row: string, rows: readonly string[], didYouMean: string) =>
      rows.length === 0 ? `${token}: there is no row "${row}"; write it without a row` : `${token}: there is no row "${row}"${didYouMean}; the rows are ${clip(rows.join(', '), 200)}`,
    hint: 'After the second colon, name a company of the metric\'s each: or a value of its scenarios:, as in keyFigures.',
    example: ['{metric:price-to-sales:roch}', 'roch', ['novo-nordisk', 'roche'], problem.didYouMean('roche')],
  },
  inlineNeedsRow: {
    kind: 'unknownReference', code: 'BR183', title: 'Inline value of a metric of many rows without a row',
    message: (id: string, rows: readonly string[]) => `{metric:${id}} has ${rows.length === 1 ? 'a row' : 'several rows'}; name one, as in {metric:${id}:${rows[0] ?? 'ROW'}}, of ${clip(rows.join(', '), 200)}`,
    hint: 'Add the row after a second colon: a company id for an each: metric, a scenario value such as 20% for a scenarios: one.',
    example: ['price-to-sales', ['novo-nordisk', 'roche']],
  },
} as const satisfies Record<string, ErrorData>;
CONTENT_MESSAGES satisfies ExamplesFit<typeof CONTENT_MESSAGES>;
