/**
 * The catalogue's records for stage 3, charts (src/charts/): a chart's data, its Vega-Lite spec, the spec's
 * limits and the render. Part of `MESSAGES` in src/messages.ts.
 *
 * This module is a leaf of the catalogue: it imports only src/errors.ts and its sibling modules.
 */
import { CATALOGUE, type ErrorData } from '../errors.ts';
import { problem } from './problems.ts';
import { clip, type ExamplesFit } from './shared.ts';

/**
 * The records of stage 3, charts: what the chart catalogue, the spec checks and the renderer report.
 */
export const CHARTS_MESSAGES = {
  chartUnknownQuantity: {
    kind: 'unknownReference', code: 'BR167', title: 'Chart names an unknown quantity',
    message: (quantity: string) => `unknown quantity "${quantity}"`,
    hint: "Declare the quantity in briefing.yaml, or correct it in the chart's data.",
    example: ['revenu'],
  },
  /** The chart's owner selection names nothing known (`problem` from `ownersOf`). */
  chartOwners: {
    kind: 'unknownReference', code: 'BR168', title: 'Chart names an unknown company or group',
    message: (problem: string) => problem,
    hint: 'Use ids of companies/ files and of groups that briefing.yaml declares.',
    example: [problem.unknownCompany('acne', problem.didYouMean('acme'))],
  },
  chartUnknownMetric: {
    kind: 'unknownReference', code: 'BR169', title: 'Chart names an unknown metric',
    message: (id: string) => `unknown metric "${id}"`,
    hint: "Declare the metric in metrics.yaml, or correct the id in the chart's data.",
    example: ['total-valuaton'],
  },
  chartEmpty: {
    kind: 'chart', code: 'BR223', title: 'Chart has nothing to draw',
    message: () => 'its data finds no figure or metric to draw',
    hint: "Point the chart's data at figures or metrics that exist, or remove the chart.",
    example: [],
  },
  chartBadCurrency: {
    kind: 'chart', code: 'BR224', title: 'convert: is not a currency',
    message: (convert: string) => `convert: "${convert}" is not an ISO 4217 currency code`,
    hint: 'Write convert: as an ISO 4217 code such as USD or EUR.',
    example: ['dollars'],
  },
  chartMixesUnits: {
    kind: 'chart', code: 'BR225', title: 'Chart mixes units',
    message: (a: string, b: string) => `it mixes ${a} and ${b}; draw one unit per chart`,
    hint: 'Draw one unit per chart: split the chart, or pick figures in one unit.',
    example: ['USD', 'percent'],
  },
  chartNoRate: {
    kind: 'exchangeRate', code: 'BR226', title: 'Chart mixes currencies without a rate',
    message: (a: string, b: string) => `it mixes ${a} and ${b} with no stated rate; add the rate to fx: in briefing.yaml, or set convert:`,
    hint: 'Add the rate to fx: in briefing.yaml, or set convert: to draw the chart in one currency.',
    example: ['DKK', 'USD'],
  },
  /** A spec states (usermeta.briefing.requires) a row field every row must have, and a row lacks it. */
  chartRowLacksField: {
    kind: 'chart', code: 'BR251', title: 'Chart row lacks a field its spec needs',
    message: (spec: string, field: string, row: string) =>
      field === 'time'
        ? `spec "${spec}" draws each row at its period, and ${row} has no period or as-of date`
        : `spec "${spec}" needs the field "${field}" in every row, and ${row} has none`,
    hint: "Give each figure the chart draws a period: or asOf: (or narrow the lookup with period:), or draw the chart with a spec that needs no time, such as bars.",
    example: ['line', 'time', '"Acme Power [2]"'],
  },
  /** `usermeta.briefing.requires` of a spec is not a list of field names. */
  specRequiresForm: {
    kind: 'chart', code: 'BR252', title: 'Chart spec states its needs wrongly',
    message: () => 'usermeta.briefing.requires must be a list of row field names, such as ["time"]',
    hint: 'Write usermeta: {briefing: {requires: ["time"]}} with the row fields (README, "Charts") every row must have, or leave it out.',
    example: [],
  },
  /**
   * Warning: companies a chart's lookup names (by company, companies: or group:), or a drawn metric's each:
   * covers, that have nothing to draw in it and that its caption does not name (`what`: `figure for revenue
   * FY2025`, or `figures for metric "p-s"`).
   */
  chartLeavesOut: {
    kind: 'chart', code: 'BR253', title: 'Chart leaves out a company',
    message: (names: readonly string[], what: string) =>
      `${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} no ${what}, so the chart leaves ${names.length === 1 ? 'it' : 'them'} out and says nothing of it`,
    hint: "Add the missing figure to the company's file, name in the chart's data only the companies it draws (companies: instead of group:), or name the company in the caption and say why it is left out (which ends the warning).",
    example: [['Cascade Electric'], 'figure for revenue FY2025'],
  },
  /**
   * Warning: a chart that is no time series (its spec does not require `time`) sets values of periods of different
   * lengths side by side (`shorter`, `longer`: a period with its length and company).
   */
  chartMixesPeriods: {
    kind: 'chart', code: 'BR254', title: 'Chart sets periods of different lengths side by side',
    message: (shorter: string, longer: string) => `it sets ${shorter} beside ${longer}: values over periods of different lengths do not compare`,
    hint: "Narrow the chart's lookup with period: (FY2025, or latest for each company's last fiscal year) so that every value covers as long a time, or draw the figures over time with the line or area spec.",
    example: ['Q1 2026 (a quarter, Acme Power)', 'FY2025 (a year, Globex Energy)'],
  },
  chartStackGap: {
    kind: 'chart', code: 'BR246', title: 'Stacked chart with a gap in a line',
    message: (line: string, time: string) => `it stacks its lines over time, but ${line} has no value at ${time}: the stack would be drawn as if it had one`,
    hint: 'Give every company a figure for every period the chart shows (one figure per period), narrow the lookup to the periods all of them state, or draw the figures with the line spec, which leaves a gap.',
    example: ['Acme Power', 'FY2023'],
  },
  specNotJson: {
    kind: 'chart', code: 'BR227', title: 'Chart spec is not JSON',
    message: (parserText: string) => `not valid JSON: ${parserText}`,
    hint: 'Fix the JSON syntax of the .vl.json file.',
    example: ['Unexpected token } in JSON at position 120'],
  },
  specReference: {
    kind: 'chart', code: 'BR228', title: 'Chart spec holds a link',
    message: (start: string) => `the spec contains a "${start}..." reference`,
    hint: 'Remove the javascript:, data: or file: string: a chart spec loads and runs nothing.',
    example: ['javascript:alert(1)'],
  },
  specForbiddenKey: {
    kind: 'chart', code: 'BR202', title: 'Key not allowed in a chart spec',
    message: (key: string) => `"${key}" is not allowed in a chart spec: charts bind data from the briefing only`,
    hint: CATALOGUE.chart.hint,
    example: ['url'],
  },
  specImageMark: {
    kind: 'chart', code: 'BR229', title: 'Image mark in a chart spec',
    message: () => 'image marks are not allowed in a chart spec',
    hint: 'Draw the chart with other marks: an image mark would load a file or a URL.',
    example: [],
  },
  chartFailed: {
    kind: 'chart', code: 'BR230', title: 'Chart failed to render',
    message: (id: string, cause: string) => `chart "${id}" failed to render: ${cause}`,
    hint: 'Check the encodings and transforms of the spec against the fields briefing binds; run again with --debug for details.',
    example: ['revenue-mix', 'Error: Unrecognized scale type: "logarithmic"'],
  },
  chartLogged: {
    kind: 'chart', code: 'BR231', title: 'Vega reported a problem',
    message: (id: string, errors: readonly string[]) => `chart "${id}": ${errors.join('; ')}`,
    hint: 'Fix what Vega reports: a field, a scale or an encoding of the spec it could not use.',
    example: ['revenue-mix', ['Infinite extent for field "value": [Infinity, -Infinity]']],
  },
  /** Why the chart loader refused (an error Vega only logs; the render then fails with it). */
  chartLoadRefused: {
    kind: 'chart', code: 'BR232', title: 'Chart tried to load something',
    message: (what: string) => `briefing charts load nothing (${what} refused)`,
    hint: 'Use inline data only: briefing binds the rows, and a chart loads no files or URLs.',
    example: ['load'],
  },
  // Bounds on a chart spec (src/charts/limits.ts, src/charts/sandbox.ts): the parameter and the limit.
  specTooDeep: {
    kind: 'chart', code: 'BR233', title: 'Chart spec nested too deep',
    message: (limit: number) => `the spec nests deeper than ${limit} levels of objects and arrays; a chart spec needs far fewer`,
    hint: 'Flatten the spec.',
    example: [64],
  },
  specOverLimit: {
    kind: 'chart', code: 'BR234', title: 'Chart spec over a size limit',
    message: (parameter: string, value: number, limit: number) => `${parameter} is ${Number.isFinite(value) ? value : 'unbounded'}, over the limit of ${limit} for a chart (it sizes the work of the render)`,
    hint: 'Lower the parameter to the limit or under it: the limits keep a spec from exhausting the machine that builds it (README, "Limits").',
    example: ['maxbins', 1_000_000, 200],
  },
  specBinStepNeedsExtent: {
    kind: 'chart', code: 'BR235', title: 'Bin step without an extent',
    message: (limit: number) => `a bin with step or steps needs an extent: [min, max], so that its number of bins is known (at most ${limit})`,
    hint: 'Add extent: [min, max] to the bin, or use maxbins instead of step.',
    example: [200],
  },
  specRegex: {
    kind: 'chart', code: 'BR236', title: 'Regular expression in a chart',
    message: (what: string) => `regular expressions are not allowed in chart expressions (${what}): a pattern can run for ever; compare with ==, indexof() or a field calculated in the data instead`,
    hint: 'Compare with ==, indexof() or a field calculated in the data instead of a pattern.',
    example: ['test()'],
  },
  specUnknownMark: {
    kind: 'chart', code: 'BR237', title: 'Unknown mark',
    message: (mark: string, marks: readonly string[]) => `mark "${clip(mark, 40)}" is not a Vega-Lite mark; use one of ${marks.join(', ')}`,
    hint: 'Use one of the Vega-Lite marks listed.',
    example: ['barr', ['arc', 'area', 'bar', 'line', 'point', 'rect', 'rule', 'text', 'tick']],
  },
  /** Vega-Lite failed inside its compiler (a TypeError, not one of its own messages): the spec is not one it understands. */
  chartNotUnderstood: {
    kind: 'chart', code: 'BR238', title: 'Vega-Lite could not read the spec',
    message: (id: string, cause: string) => `chart "${id}": Vega-Lite could not make sense of the spec (${clip(cause, 120)}); check its marks, encodings and transforms against the Vega-Lite documentation`,
    hint: "Check the spec's marks, encodings and transforms against the Vega-Lite documentation.",
    example: ['revenue-mix', "Cannot read properties of undefined (reading 'field')"],
  },
  chartTimeLimit: {
    kind: 'chart', code: 'BR239', title: 'Chart ran past its time limit',
    message: (seconds: number) => `the chart spec ran longer than ${seconds} s and was stopped; draw fewer values or simplify its transforms and expressions`,
    hint: "Draw fewer values, or simplify the spec's transforms and expressions.",
    example: [10],
  },
  chartMemoryLimit: {
    kind: 'chart', code: 'BR240', title: 'Chart ran past its memory limit',
    message: (mb: number) => `the chart spec used more than ${mb} MB of memory and was stopped; draw fewer values or simplify its transforms and expressions`,
    hint: "Draw fewer values, or simplify the spec's transforms and expressions.",
    example: [256],
  },
  chartSvgTooLarge: {
    kind: 'chart', code: 'BR241', title: 'Chart drew too much SVG',
    message: (mb: number) => `the chart drew more than ${mb} MB of SVG; draw fewer marks`,
    hint: 'Draw fewer marks: aggregate the rows, or split the chart.',
    example: [8],
  },
  chartWorkerFailed: {
    kind: 'chart', code: 'BR242', title: 'Chart renderer stopped',
    message: (cause: string) => `the chart renderer stopped while drawing this spec: ${clip(cause, 160)}`,
    hint: 'Simplify the spec; if a spec the template ships does this, run again with --debug and report it.',
    example: ['the worker exited with code 1'],
  },
  renderThreadStopped: {
    kind: 'render', code: 'BR431', title: 'Render worker stopped',
    message: (cause: string) => `the worker that draws charts and makes font subsets for a first build stopped: ${clip(cause, 160)}`,
    hint: 'Run the build again; if it stops again, run it with a cache folder (--cache-dir), which draws on the main thread, and report it.',
    example: ['exit code 1'],
  },
} as const satisfies Record<string, ErrorData>;
CHARTS_MESSAGES satisfies ExamplesFit<typeof CHARTS_MESSAGES>;
