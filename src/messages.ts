/**
 * The message catalogue: every message a user can see, as a function of typed arguments.
 *
 * Each function gives a {@link Message}: the entry of {@link CATALOGUE} it belongs to (its stable code, exit
 * code and hint) and its text. Call sites pass arguments only and never write message text themselves
 * (`diags.add(msg.duplicateId('risk', id), place)`), so wording lives in one place and a phrase used twice is
 * one function (style of Astro `errors-data.ts`, vega-lite `log/message.ts`). A test keeps inline message
 * strings and `throw new Error(` out of src/ (test/unit/messages.test.ts).
 *
 * Messages are grouped by the stage that reports them, in pipeline order.
 */
import { CATALOGUE, type ErrorKind, type Message } from './errors.ts';
import type { Unit } from './content/units.ts';
import type { BlockFact, BrokenWordFact, HeadingFact, OverflowFact, PageFact } from './pdf/lint.ts';

export type { Message };

/** `text` cut to `n` characters with an ellipsis. */
function clip(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

/** A message of `kind` with `text`, carrying the kind's code and hint. */
function message(kind: ErrorKind, text: string): Message {
  return { kind, code: CATALOGUE[kind].code, text, hint: CATALOGUE[kind].hint };
}

/** `message` with `prefix` before its text (`metric "x": `), same kind, code and hint. */
function prefixed(prefix: string, inner: Message): Message {
  return { ...inner, text: `${prefix}${inner.text}` };
}

/** Where a briefing declares what older engines read from manifest fields (said after an unknown manifest field). */
const MANIFEST_ADVICE =
  '. A briefing groups its companies with groups: (and group: in each company), declares what it computes in metrics.yaml (totals over a group, scenarios) and what it draws in charts/<id>.yaml';

/** Every message of `briefing`, grouped by the stage that reports it. */
export const msg = {
  // ── Stage 1, content: reading files ──────────────────────────────────────────────────────────────────
  noBriefing: (manifestPath: string) => message('missingFile', `no briefing here: ${manifestPath} does not exist`),
  symlinkedFolder: (sub: string) => message('missingFile', `${sub}/ is a symbolic link; content is read only from real folders inside the briefing`),
  fileTooLarge: (bytes: number, limit: number) => message('fileTooLarge', `${bytes} bytes is more than the ${limit}-byte limit for a content file`),
  tooManyFiles: (limit: number) => message('fileTooLarge', `the briefing has more than ${limit} content files`),
  wordTooLong: (limit: number) => message('limit', `a word here runs past ${limit.toLocaleString('en')} characters without a space; break it up (a long link can be written as [text](url))`),
  tooManyFigures: (owner: 'company' | 'briefing', count: number, limit: number) =>
    message('limit', `the ${owner} states ${count.toLocaleString('en')} figures; the limit is ${limit.toLocaleString('en')} ${owner === 'company' ? 'for one company' : 'for a briefing'}`),
  noFile: (rel: string) => message('missingFile', `the briefing has no ${rel}`),
  linkOutside: (rel: string) => message('symlink', `${rel} is a symbolic link that leads outside the briefing folder; briefing does not follow it`),
  notAFile: (rel: string) => message('missingFile', `${rel} is not a regular file (a folder, a named pipe or a device); briefing reads only files`),
  brokenLink: (rel: string, code: string) => message('symlink', `${rel} is a symbolic link that leads nowhere or round in a loop (${code})`),
  unreadableFile: (rel: string, code: string) => message('missingFile', `${rel} cannot be read (${code})`),
  notUtf8: () => message('encoding', 'the file is not valid UTF-8 from this line on; it is not read with the bad bytes replaced'),
  /** `shown`: the name with undecodable bytes as \xNN and control characters escaped. */
  badFileName: (shown: string) => message('encoding', `the file name "${shown}" is not UTF-8 text without control characters, so the file cannot be named in a briefing; rename it`),

  // ── Stage 1, content: YAML and schema ────────────────────────────────────────────────────────────────
  forbiddenKey: (key: string) => message('schema', `the key "${key}" is not allowed in content`),
  forbiddenTag: (tag: string) => message('yamlSyntax', `the tag ${tag} is not allowed; write plain values`),
  /** A problem the YAML parser found, in its own words (position suffix removed by the caller). */
  yamlProblem: (parserText: string) => message('yamlSyntax', parserText),
  yamlTooDeep: (limit: number) => message('limit', `maps and lists are nested more than ${limit} levels deep here; the limit is ${limit}`),
  tooManyAliases: (parserText: string, limit: number) => message('yamlSyntax', `${parserText} (aliases are limited to ${limit} per file)`),
  /** At the manifest's top level, the message also says where a briefing declares groups, metrics and charts. */
  unknownField: (key: string, didYouMean: string, manifestTop: boolean) =>
    message('schema', `unknown field "${key}"${didYouMean}; check the spelling against the content format${manifestTop ? MANIFEST_ADVICE : ''}`),
  oldClaimCheck: () =>
    message(
      'schema',
      'a claim check now takes named inputs and a formula, as metrics.yaml does: inputs: {valuation: figure-id, revenue: figure-id} and formula: valuation / revenue (quotient, product, sum and difference are gone)',
    ),
  figureWithoutSources: () => message('unsourcedFigure', 'the figure has no sources: add sources: [source-id]'),
  missingField: (field: string, expected: string) => message('schema', `missing required field "${field}" (expected ${expected})`),
  notOneOf: (values: readonly unknown[]) => message('schema', `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`),
  /** A schema rule's own message (zod), filed under the field's kind: a value, a figure's sources, or schema. */
  schemaIssue: (kind: 'schema' | 'figureValue' | 'unsourcedFigure', text: string) => message(kind, text),
  chartFileName: () => message('schema', 'name chart files by their id: lower-case letters, digits and dashes (charts/segment-sales.yaml)'),
  sectionHeading: () => message('schema', 'a section file must start with a "# Heading" line'),

  // ── Stage 1, content: ids and references ─────────────────────────────────────────────────────────────
  duplicateId: (what: string, id: string) => message('duplicateId', `${what} id "${id}" is used twice`),
  declaredTwice: (list: string, id: string) => message('duplicateId', `${list} declares "${id}" twice`),
  builtInQuantityKind: (name: string, kind: string, wanted: string) => message('schema', `"${name}" is a built-in quantity measured in ${kind}; it cannot become ${wanted}: choose another name`),
  /** A figure or a rate (`who`) cites a source id that sources.yaml lacks. */
  undefinedSource: (who: 'figure' | 'rate', id: string) => message('unknownReference', `${who} cites source "${id}", which sources.yaml does not define`),
  secondRate: (from: string, to: string, first: number) => message('duplicateId', `a second rate between ${from} and ${to} (the first is fx[${first}]); keep one, the inverse follows from it`),
  fileNameNotId: (stem: string, id: string) => message('schema', `the file is named "${stem}" but the company id is "${id}"; name files after their id`),
  /** `declared` lists the manifest's groups (empty when it declares none); `didYouMean` from `suggestion()`. */
  unknownGroup: (group: string, declared: readonly string[], didYouMean: string) =>
    message(
      'unknownReference',
      `unknown group "${group}"; ${declared.length === 0 ? 'briefing.yaml declares no groups: add groups: with {id, title} entries, or remove group:' : `briefing.yaml declares ${declared.join(', ')}${didYouMean}`}`,
    ),
  unknownId: (what: string, id: string) => message('unknownReference', `unknown ${what} "${id}"`),
  unknownRiskCategory: (category: string, didYouMean: string, known: readonly string[]) =>
    message('unknownReference', `unknown risk category "${category}"${didYouMean}; declare it under riskCategories: in briefing.yaml, or use one of ${known.join(', ')}`),
  undeclaredKeyFigure: (id: string, didYouMean: string) => message('unknownReference', `keyFigures names "${id}", which metrics.yaml does not declare${didYouMean}`),
  unknownQuantity: (quantity: string, didYouMean: string) =>
    message('unknownReference', `unknown quantity "${quantity}"${didYouMean}; declare it under quantities: in briefing.yaml with its unit kind (for example ${quantity}: percent)`),
  /** `kind` as printed: `money (a currency)`, `percent`, ... */
  bareNumberNoUnit: (quantity: string, kind: string, value: unknown) =>
    message('figureValue', `${quantity} is measured in ${kind}, and the bare number ${String(value)} says no unit: write it with its sign ("$75B", "33%") or add unit:`),
  wrongUnitKind: (quantity: string, kind: string, value: unknown, unit: string) => message('figureValue', `${quantity} is measured in ${kind}, but "${String(value)}" reads as ${unit}`),
  unknownBasis: (basis: string, didYouMean: string, known: readonly string[]) =>
    message('unknownReference', `unknown basis "${basis}"${didYouMean}; declare it under bases: in briefing.yaml, or use one of ${known.join(', ')}`),

  // ── Stage 1, content: data files ─────────────────────────────────────────────────────────────────────
  /** A problem a data file reader found (src/content/data.ts), in its words. */
  dataProblem: (text: string) => message('schema', text),
  repeatedRow: () => message('duplicateId', 'this row repeats an earlier row of the file; remove one'),
  unknownDataCompany: (company: string, didYouMean: string) => message('unknownReference', `unknown company "${company}"${didYouMean}; use a company id of companies/, or market`),
  unknownColumns: (kind: 'schema' | 'figureValue' | 'unsourcedFigure', columns: readonly string[]) => message(kind, `unknown column ${columns.join(', ')}`),

  // ── Stage 1, content: prose ──────────────────────────────────────────────────────────────────────────
  sectionListedTwice: (id: string) => message('duplicateId', `section "${id}" is listed twice`),
  noSection: (id: string, builtIn: readonly string[], rel: string) => message('missingFile', `section "${id}" is neither built in (${builtIn.join(', ')}) nor a file ${rel}`),
  sectionNotListed: (rel: string) => message('missingFile', `${rel} is not listed in briefing.yaml sections, so it is not printed`),
  unknownChartDirective: (id: string, didYouMean: string) => message('unknownReference', `"::: chart ${id}" names no chart: add charts/${id}.yaml${didYouMean}`),
  chartPlacedTwice: (id: string) => message('duplicateId', `chart "${id}" is placed in the prose twice; place it once (it also prints in the charts section)`),
  unknownCitation: (id: string, didYouMean = '') => message('unknownReference', `citation [@${id}] names no source in sources.yaml${didYouMean}`),
  malformedCitation: (marker: string, didYouMean: string) =>
    message('citationSyntax', `"${clip(marker, 44)}" is not a citation: a marker is [@source-id] with lower-case letters, digits and dashes, closed by ]${didYouMean}`),
  /** A figure stated in prose (`where`: `its paragraph`, `the profile`) without a citation there. */
  uncitedFigure: (figure: string, where: 'its paragraph' | 'the profile') => message('unsourcedFigure', `"${figure}" has no citation in ${where}`),

  // ── Stage 2, metrics ─────────────────────────────────────────────────────────────────────────────────
  metricPrefix: (id: string) => `metric "${id}": `,
  claimPrefix: (id: string) => `claim "${id}": `,
  /** `inner` said of one metric or claim: its prefix (from metricPrefix or claimPrefix) before the text. */
  about: (prefix: string, inner: Message) => prefixed(prefix, inner),
  /** Money of two currencies meets in `what` without a stated rate. */
  noRate: (what: string, a: Unit, b: Unit) => message('exchangeRate', `${what} mixes ${a} and ${b} with no stated rate; add the rate to fx: in briefing.yaml`),
  metricCycle: (cycle: readonly string[]) => message('metric', `metrics depend on each other in a cycle: ${cycle.join(' → ')}`),
  unknownMetricOfMetric: (id: string, used: string, didYouMean: string) => message('unknownReference', `metric "${id}" uses unknown metric "${used}"${didYouMean}`),
  notFigureNorAmount: (input: string, value: string, didYouMean: string) => message('unknownReference', `input ${input}: "${value}" is neither a figure id nor an amount${didYouMean}`),
  inputUnknownMetric: (input: string, metric: string, didYouMean: string) => message('unknownReference', `input ${input}: unknown metric "${metric}"${didYouMean}`),
  inputUnknownQuantity: (input: string, quantity: string, didYouMean: string) => message('unknownReference', `input ${input}: unknown quantity "${quantity}"${didYouMean}`),
  lookupNeedsOwner: (input: string) => message('schema', `input ${input}: a lookup needs company:, companies: or group: (or sits inside each:)`),
  /** An owner selection that names nothing known (`problem` from `ownersOf`). */
  inputOwners: (input: string, problem: string) => message('unknownReference', `input ${input}: ${problem}`),
  noCompanyMatches: (input: string, company: string | undefined, group: string | undefined) =>
    message('unknownReference', `input ${input}: no company matches${company !== undefined && group !== undefined ? ` (${company} is not in group "${group}")` : ''}`),
  noFigureOf: (input: string, owner: string, what: string) => message('metric', `input ${input}: no figure of ${owner} for ${what}`),
  noFigureInGroup: (input: string, group: string | undefined, what: string) => message('metric', `input ${input}: no company of ${group !== undefined ? `group "${group}"` : 'the list'} has a figure for ${what}`),
  /** A formula that does not parse (`problem` from `parseFormula`). */
  badFormula: (problem: string) => message('metric', problem),
  namesNotInputs: (names: readonly string[], inputs: readonly string[]) =>
    message('unknownReference', `the formula uses ${names.map((n) => `"${n}"`).join(', ')}, which ${names.length === 1 ? 'is' : 'are'} not among the inputs (${inputs.join(', ')})`),
  givesList: (what: string) => message('metric', `${what} gives a list (one value per company); take sum(), min(), max() or mean() of it`),
  unitMismatch: (gives: string, unit: string) => message('metric', `the formula gives ${gives}, but unit says ${unit}`),
  unknownUnit: (unit: string) => message('schema', `unknown unit "${unit}": write an ISO 4217 code (USD, DKK), percent, ratio, multiple, count or a physical unit such as GW`),
  twoScenarioInputs: () => message('schema', 'a metric takes at most one scenarios input'),
  eachAndScenarios: () => message('schema', 'a metric takes either each: or a scenarios input, not both'),
  /** `each:` names nothing known (`problem` from `ownersOf`). */
  eachOwners: (problem: string) => message('unknownReference', `each: ${problem}`),
  eachNeedsGroup: () => message('schema', 'each: names a group: or companies:'),
  eachFindsNothing: (missing: readonly string[]) => message('metric', `no company of each: has the figures the inputs look up (${missing.join(', ')})`),
  /** A scenario value that is not an amount (`problem` from `parseAmount`). */
  badScenario: (scenario: string, input: string, problem: string) => message('figureValue', `scenario "${scenario}" of ${input}: ${problem}`),
  foundNoFigure: (what: string) => message('metric', `found no figure for ${what}`),
  unknownInput: (name: string) => message('metric', `the formula uses "${name}", which is not one of its inputs`),
  notInFormula: (nodeType: string) => message('metric', `"${nodeType}" is not allowed in a formula`),
  listWhereOne: (what: string) => message('metric', `${what} is a list (one value per company); take sum(), min(), max() or mean() of it`),
  /** `formula` adds or subtracts (`op`) units that do not combine; `a` and `b` are described units. */
  addsUnlike: (formula: string, op: '+' | '-', a: string, b: string) => message('metric', `"${formula}" ${op === '+' ? 'adds' : 'subtracts'} ${b} ${op === '+' ? 'to' : 'from'} ${a}`),
  multipliesUnlike: (formula: string, a: string, b: string) => message('metric', `"${formula}" multiplies ${a} by ${b}`),
  dividesUnlike: (formula: string, a: string, b: string) => message('metric', `"${formula}" divides ${a} by ${b}`),
  notFinite: (formula: string) => message('metric', `"${clip(formula, 120)}" gives a result too large to compute (it overflows to infinity)`),
  dividesByZero: (formula: string) => message('metric', `"${formula}" divides by a value that is zero or spans zero`),
  noValues: (fn: string, formula: string) => message('metric', `${fn}() in "${formula}" has no values to work on`),
  mixesUnits: (fn: string, formula: string, a: string, b: string) => message('metric', `${fn}() in "${formula}" mixes ${a} and ${b}`),
  /** An interval division whose divisor holds zero (a programming error: callers check first). */
  intervalDividesByZero: () => message('metric', 'cannot divide by a range that contains zero'),

  // ── Stage 3, charts ──────────────────────────────────────────────────────────────────────────────────
  chartPrefix: (id: string) => `chart "${id}": `,
  chartUnknownQuantity: (quantity: string) => message('unknownReference', `unknown quantity "${quantity}"`),
  /** The chart's owner selection names nothing known (`problem` from `ownersOf`). */
  chartOwners: (problem: string) => message('unknownReference', problem),
  chartUnknownMetric: (id: string) => message('unknownReference', `unknown metric "${id}"`),
  chartEmpty: () => message('chart', 'its data finds no figure or metric to draw'),
  chartBadCurrency: (convert: string) => message('chart', `convert: "${convert}" is not an ISO 4217 currency code`),
  chartMixesUnits: (a: string, b: string) => message('chart', `it mixes ${a} and ${b}; draw one unit per chart`),
  chartNoRate: (a: string, b: string) => message('exchangeRate', `it mixes ${a} and ${b} with no stated rate; add the rate to fx: in briefing.yaml, or set convert:`),
  specNotJson: (parserText: string) => message('chart', `not valid JSON: ${parserText}`),
  specReference: (start: string) => message('chart', `the spec contains a "${start}..." reference`),
  specForbiddenKey: (key: string) => message('chart', `"${key}" is not allowed in a chart spec: charts bind data from the briefing only`),
  specImageMark: () => message('chart', 'image marks are not allowed in a chart spec'),
  chartFailed: (id: string, cause: string) => message('chart', `chart "${id}" failed to render: ${cause}`),
  chartLogged: (id: string, errors: readonly string[]) => message('chart', `chart "${id}": ${errors.join('; ')}`),
  /** Why the chart loader refused (an error Vega only logs; the render then fails with it). */
  chartLoadRefused: (what: string) => message('chart', `briefing charts load nothing (${what} refused)`),
  // Bounds on a chart spec (src/charts/limits.ts, src/charts/sandbox.ts): the parameter and the limit.
  specTooDeep: (limit: number) => message('chart', `the spec nests deeper than ${limit} levels of objects and arrays; a chart spec needs far fewer`),
  specOverLimit: (parameter: string, value: number, limit: number) =>
    message('chart', `${parameter} is ${Number.isFinite(value) ? value : 'unbounded'}, over the limit of ${limit} for a chart (it sizes the work of the render)`),
  specBinStepNeedsExtent: (limit: number) => message('chart', `a bin with step or steps needs an extent: [min, max], so that its number of bins is known (at most ${limit})`),
  specRegex: (what: string) =>
    message('chart', `regular expressions are not allowed in chart expressions (${what}): a pattern can run for ever; compare with ==, indexof() or a field calculated in the data instead`),
  specUnknownMark: (mark: string, marks: readonly string[]) => message('chart', `mark "${clip(mark, 40)}" is not a Vega-Lite mark; use one of ${marks.join(', ')}`),
  /** Vega-Lite failed inside its compiler (a TypeError, not one of its own messages): the spec is not one it understands. */
  chartNotUnderstood: (id: string, cause: string) =>
    message('chart', `chart "${id}": Vega-Lite could not make sense of the spec (${clip(cause, 120)}); check its marks, encodings and transforms against the Vega-Lite documentation`),
  chartTimeLimit: (seconds: number) => message('chart', `the chart spec ran longer than ${seconds} s and was stopped; draw fewer values or simplify its transforms and expressions`),
  chartMemoryLimit: (mb: number) => message('chart', `the chart spec used more than ${mb} MB of memory and was stopped; draw fewer values or simplify its transforms and expressions`),
  chartSvgTooLarge: (mb: number) => message('chart', `the chart drew more than ${mb} MB of SVG; draw fewer marks`),
  chartWorkerFailed: (cause: string) => message('chart', `the chart renderer stopped while drawing this spec: ${clip(cause, 160)}`),

  // ── Stage 4, html ────────────────────────────────────────────────────────────────────────────────────
  /** `what`: elements, or characters of text. */
  documentTooLarge: (what: string, count: number, limit: number) =>
    message('limit', `the document would have ${count.toLocaleString('en')} ${what}; the limit is ${limit.toLocaleString('en')}, past which printing takes minutes and gigabytes: split the briefing or print fewer figures`),
  templateFileMissing: (template: string, rel: string) => message('missingFile', `template "${template}" has no ${rel}`),
  /** Handlebars' own words about a template that does not compile or fails at run time. */
  templateProblem: (handlebarsText: string) => message('template', handlebarsText),
  /** `where`: ` (template line L, column C)` or empty. */
  helperNoValue: (helper: string, where: string) => message('template', `{{${helper}}} was given no value${where}`),
  moneyNeedsCurrency: () => message('template', '{{money value unit}} needs the currency code as its second argument'),
  noBuiltInSection: (kind: string) => message('render', `no built-in section "${kind}"`),
  unknownKeyMetric: (id: string, didYouMean: string) => message('unknownReference', `keyFigures names unknown metric "${id}"${didYouMean}`),
  noMetricRow: (id: string, key: string | undefined, rows: readonly (string | null)[]) => message('unknownReference', `metric "${id}" has no row "${key}"; its rows are ${rows.join(', ')}`),
  citationUnknownSource: (id: string) => message('render', `unknown source "${id}"`),

  // ── Formatting ───────────────────────────────────────────────────────────────────────────────────────
  notCalendarDate: (iso: string) => message('render', `not a calendar date: ${iso}`),

  // ── Preview and `briefing new` ───────────────────────────────────────────────────────────────────────
  portInUse: (port: number | undefined, host: string) => message('usage', `port ${port} on ${host} is in use; pick another with --port (0 takes any free port)`),
  cannotListen: (host: string, port: number | undefined, cause: string) => message('usage', `cannot listen on ${host}:${port}: ${cause}`),
  newIsFile: (dir: string) => message('usage', `${dir} is a file; choose a new folder`),
  newNotEmpty: (dir: string) => message('usage', `${dir} already exists and is not empty; choose a new folder`),

  // ── The run: build, batch, init, diff ────────────────────────────────────────────────────────────────
  missingGlyphs: (chars: readonly string[]) =>
    message('missingGlyphs', `the fonts have no glyph for ${chars.map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ')}`),
  noOwnChartSpec: (name: string) => message('missingFile', `the briefing has no chart spec charts/${name}`),
  noTemplateChartSpec: (template: string, name: string, specs: readonly string[]) =>
    message('missingFile', `template "${template}" has no chart spec ${name}.vl.json; its specs are ${specs.join(', ')}`),
  duplicateBriefingId: (id: string, otherDir: string) => message('duplicateId', `briefing id "${id}" is also built from ${otherDir} in this run; both would write the same files`),
  cannotWrite: (paths: readonly string[], cause: string) => message('write', `could not write ${new Intl.ListFormat('en', { type: 'conjunction' }).format(paths)}: ${cause}`),
  /** A folder stands where a build output goes (`<out>/<id>.html/`): found before anything is replaced. */
  targetIsFolder: (file: string) => message('write', `${file} is a folder where the build puts a file; nothing in the output folder was replaced`),
  /** Another build held the output folder's lock (src/effects.ts) for longer than a build waits. */
  outputLocked: (dir: string, seconds: number) =>
    message('write', `the output folder ${dir} is locked by another build and was still locked after ${seconds} s; if no build is running, wait ten seconds: a killed build's lock then counts as stale`),
  /** The renames of a committed output set failed part-way (src/effects.ts): the set's manifest was not put in place. */
  commitIncomplete: (dir: string, cause: string) =>
    message('write', `the new outputs in ${dir} could not all be put in place (${cause}); manifest.json was removed rather than left describing other files, and the next build writes a whole set`),
  cannotRead: (file: string, cause: string) => message('usage', `cannot read ${file}: ${cause}`),
  initIsFile: (dir: string) => message('usage', `${dir} is a file; give a folder`),
  noRecordedValues: (file: string) => message('usage', `there is no build manifest with recorded values at ${file}`),

  // ── Stage 6, pdf: the browser, printing and the print lint ───────────────────────────────────────────
  browserEnvNotExecutable: (name: string, value: string) => message('browserNotFound', `${name} is set to ${value}, which is not an executable file`),
  noBrowser: (searched: string) => message('browserNotFound', `no Chromium or Chrome found (looked at ${searched})`),
  browserSlowStart: (executable: string, limitMs: number) => message('render', `Chromium at ${executable} took longer than the ${limitMs} ms time limit to start; it was stopped`),
  browserFailedStart: (executable: string, cause: string) => message('render', `Chromium at ${executable} failed to start: ${cause}`),
  cannotConnect: (endpoint: string, cause: string) => message('render', `could not connect to the browser at ${endpoint}: ${cause}`),
  callerBrowserGone: () => message('render', 'the browser given to briefing is not connected'),
  browserAndEndpoint: () => message('usage', 'give a browser or a browserWSEndpoint, not both'),
  supervisorClosed: () => message('render', 'the run was closed (stopped or aborted) before this document printed'),
  /** `stopped`: the supervisor killed the browser (it is not the caller's). */
  printTimeout: (limitMs: number, stopped: boolean) => message('render', `printing took longer than the ${limitMs} ms time limit${stopped ? '; the browser was stopped' : ''}`),
  printFailed: (cause: string) => message('render', `printing failed: ${cause}`),
  contentsUnsettled: (prints: number) => message('render', `the contents' page numbers did not settle after ${prints} prints`),
  lintMinFill: (written: string) => message('template', `--lint-min-page-fill is "${written}"; give a share of the page from 0 to 1 or a percentage (25%)`),
  /** A print lint finding (its text from src/pdf/lint.ts); `approximate` when the printed pages moved after the layout pass. */
  printFinding: (kind: Extract<ErrorKind, `print${string}`>, text: string, approximate: boolean) =>
    message(kind, `${text}${approximate ? ' (page approximate: the layout pass and the printed pages differ)' : ''}`),
} as const satisfies Record<string, (...args: never[]) => Message | string>;

/**
 * Parts of messages: what a reader lower in a stage says about a value (an amount, a formula, a data file, a
 * schema rule), as text. Its caller files the text under a kind at a place (`msg.schemaIssue`,
 * `msg.badFormula`, `msg.dataProblem`, ...), so these give no code of their own.
 */
export const problem = {
  // Command-line arguments (commander shows them after the option's name).
  positiveWholeNumber: () => 'give a positive whole number',
  wholeNumberOrZero: () => 'give a whole number, 0 or more',
  unknownFormat: (format: string) => `unknown format "${format}" (use pdf, html or pdf,html)`,

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
  currencyAndUnit: (shown: string, unit: Unit) => `"${shown}" mixes a currency and ${unit === 'percent' ? 'a percentage' : `a ${unit}`}`,
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
  periodForm: () => 'write periods as FY2025, Q1 2026, H1 2026 or 2026',
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

  // The preview server's answers (src/preview/server.ts)
  draftErrors: (count: number) => `The draft has ${count === 1 ? 'an error' : `${count} errors`}. Fix the file and the page updates by itself.`,
  forbiddenHost: () => 'Forbidden: this preview answers only for its own address.',
  methodNotAllowed: () => 'Method not allowed',
  notFound: () => 'Not found',

  // Print lint findings (src/pdf/lint.ts): what was found and where; the catalogue's hint says what to do.
  lintBrokenWord: (f: BrokenWordFact) =>
    `word "${f.word}" is broken across lines without a hyphen ("${f.word.slice(0, f.at)} / ${f.word.slice(f.at)}") in ${f.element.description}`,
  lintLongToken: (f: BrokenWordFact) =>
    `"${clip(f.word, 40)}" is wider than the ${Math.round(f.available)} px it can have (${Math.round(f.width)} px) and is broken at an arbitrary point in ${f.element.description}`,
  lintOrphanHeading: (f: HeadingFact) =>
    f.firstPage < f.page
      ? `${f.element.description} is broken across pages ${f.firstPage} and ${f.page}`
      : `${f.element.description} is the last thing on its page; its content starts on page ${f.nextPage}`,
  lintDetachedTable: (f: BlockFact) => `${f.element.description} starts on page ${f.firstPage}, apart from ${f.introducer!.element.description} on page ${f.introducer!.page}`,
  lintSplitFigure: (f: BlockFact) => `${f.element.description} is split across pages ${f.pages.join(' and ')}`,
  lintOverflow: (f: OverflowFact) =>
    f.where === 'box'
      ? `${f.element.description} is ${Math.round(f.by)} px wider than its box`
      : f.where === 'page'
        ? `${f.element.description} runs ${Math.round(f.by)} px past the right edge of the printable area`
        : `${f.element.description} is ${Math.round(f.by)} px taller than the printable area and cannot break`,
  lintUnderfilledPage: (f: PageFact, fill: number, min: number) =>
    `the page is ${Math.round(fill * 100)}% full (under ${Math.round(min * 100)}%) and does not end a section${f.next ? `: ${f.next.description} did not fit below` : ''}`,
} as const satisfies Record<string, (...args: never[]) => string>;

/**
 * A plain error carrying a catalogue message, for code whose caller locates it (Handlebars helpers, whose
 * errors the template renderer wraps with the template's place) or for invariants a caller checks first.
 * @param type the error class (`RangeError` for a value outside a function's domain).
 */
export function errorOf(m: Message, type: ErrorConstructor | RangeErrorConstructor = Error): Error {
  return new type(m.text);
}
