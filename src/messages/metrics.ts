/**
 * The catalogue's records for stage 2, metrics (src/metrics/): inputs and lookups, formulas, units and
 * scenarios. Part of `MESSAGES` in src/messages.ts.
 *
 * This module is a leaf of the catalogue: it imports only src/errors.ts and its sibling modules.
 */
import { CATALOGUE, type ErrorData } from '../errors.ts';
import { problem } from './problems.ts';
import { clip, type ExamplesFit } from './shared.ts';

/**
 * The records of stage 2, metrics: what `computeMetrics` and the formula evaluator report.
 */
export const METRICS_MESSAGES = {
  /** Money of two currencies meets in `what` without a stated rate. */
  noRate: {
    kind: 'exchangeRate', code: 'BR204', title: 'Currencies mixed without a rate',
    message: (what: string, a: string, b: string) => `${what} mixes ${a} and ${b} with no stated rate; add the rate to fx: in briefing.yaml`,
    hint: CATALOGUE.exchangeRate.hint,
    example: ['valuation', 'DKK', 'USD'],
  },
  metricCycle: {
    kind: 'metric', code: 'BR205', title: 'Metrics depend on each other in a cycle',
    message: (cycle: readonly string[]) => `metrics depend on each other in a cycle: ${cycle.join(' → ')}`,
    hint: "Break the cycle: one of the metrics must take figures, not the others' results.",
    example: [['net-cash', 'valuation', 'net-cash']],
  },
  unknownMetricOfMetric: {
    kind: 'unknownReference', code: 'BR153', title: 'Metric uses an unknown metric',
    message: (id: string, used: string, didYouMean: string) => `metric "${id}" uses unknown metric "${used}"${didYouMean}`,
    hint: 'Declare the metric it uses in metrics.yaml, or correct the id.',
    example: ['margin', 'revenu', problem.didYouMean('revenue')],
  },
  notFigureNorAmount: {
    kind: 'unknownReference', code: 'BR154', title: 'Input neither a figure nor an amount',
    message: (input: string, value: string, didYouMean: string) => `input ${input}: "${value}" is neither a figure id nor an amount${didYouMean}`,
    hint: 'Give the input the id of a figure of the briefing, or an amount such as $5B.',
    example: ['revenue', 'acme-revenu', problem.didYouMean('acme-revenue')],
  },
  inputUnknownMetric: {
    kind: 'unknownReference', code: 'BR155', title: 'Input names an unknown metric',
    message: (input: string, metric: string, didYouMean: string) => `input ${input}: unknown metric "${metric}"${didYouMean}`,
    hint: 'Declare the metric in metrics.yaml, or correct the id in metric:.',
    example: ['base', 'total-valuaton', problem.didYouMean('total-valuation')],
  },
  inputUnknownQuantity: {
    kind: 'unknownReference', code: 'BR156', title: 'Input names an unknown quantity',
    message: (input: string, quantity: string, didYouMean: string) => `input ${input}: unknown quantity "${quantity}"${didYouMean}`,
    hint: 'Declare the quantity under quantities: in briefing.yaml, or correct the name.',
    example: ['revenue', 'revenu', problem.didYouMean('revenue')],
  },
  lookupNeedsOwner: {
    kind: 'schema', code: 'BR157', title: 'Lookup without an owner',
    message: (input: string) => `input ${input}: a lookup needs company:, companies: or group: (or sits inside each:)`,
    hint: 'Add company:, companies: or group: to the input (only in a metric with each: may a lookup name none: its rows name the company).',
    example: ['revenue'],
  },
  /** An owner selection that names nothing known (`problem` from `ownersOf`). */
  inputOwners: {
    kind: 'unknownReference', code: 'BR158', title: 'Input names an unknown company or group',
    message: (input: string, problem: string) => `input ${input}: ${problem}`,
    hint: 'Use ids of companies/ files and of groups that briefing.yaml declares.',
    example: ['revenue', problem.unknownCompany('acne', problem.didYouMean('acme'))],
  },
  noCompanyMatches: {
    kind: 'unknownReference', code: 'BR159', title: 'No company matches an input',
    message: (input: string, company: string | undefined, group: string | undefined) => `input ${input}: no company matches${company !== undefined && group !== undefined ? ` (${company} is not in group "${group}")` : ''}`,
    hint: 'Name a company of the group, or another group.',
    example: ['revenue', 'acme', 'challenger'],
  },
  noFigureOf: {
    kind: 'metric', code: 'BR203', title: 'No figure for an input',
    message: (input: string, owner: string, what: string) => `input ${input}: no figure of ${owner} for ${what}`,
    hint: CATALOGUE.metric.hint,
    example: ['revenue', 'Acme', 'revenue FY2025'],
  },
  noFigureInGroup: {
    kind: 'metric', code: 'BR206', title: 'No figure in the group',
    message: (input: string, group: string | undefined, what: string) => `input ${input}: no company of ${group !== undefined ? `group "${group}"` : 'the list'} has a figure for ${what}`,
    hint: "Add the figure to a company of the group, or change the input's quantity or period.",
    example: ['revenue', 'challenger', 'revenue FY2025'],
  },
  /** A formula that does not parse (`problem` from `parseFormula`). */
  badFormula: {
    kind: 'metric', code: 'BR207', title: 'Formula cannot be read',
    message: (problem: string) => problem,
    hint: 'Write the formula with input names, numbers, + - * /, parentheses and the functions the README lists.',
    example: [problem.unknownFunction('median', ['sum', 'min', 'max', 'mean'])],
  },
  namesNotInputs: {
    kind: 'unknownReference', code: 'BR160', title: 'Formula uses names that are not inputs',
    message: (names: readonly string[], inputs: readonly string[]) => `the formula uses ${names.map((n) => `"${n}"`).join(', ')}, which ${names.length === 1 ? 'is' : 'are'} not among the inputs (${inputs.join(', ')})`,
    hint: 'Declare each name under inputs:, or correct the formula.',
    example: [['revenu'], ['valuation', 'revenue']],
  },
  givesList: {
    kind: 'metric', code: 'BR208', title: 'Metric formula gives a list',
    message: (what: string) => `${what} gives a list (one value per company); take sum(), min(), max() or mean() of it`,
    hint: 'Take sum(), min(), max() or mean() of the list; a metric that is to give one value per company takes each: instead.',
    example: ['valuation / revenue'],
  },
  unitMismatch: {
    kind: 'metric', code: 'BR209', title: "Formula's unit differs from unit:",
    message: (gives: string, unit: string) => `the formula gives ${gives}, but unit says ${unit}`,
    hint: "Correct the formula, or the unit it is to give: a metric's unit:, or the unit of a claim's stated value.",
    example: ['ratio', 'percent'],
  },
  unknownUnit: {
    kind: 'schema', code: 'BR161', title: 'Unknown unit',
    message: (unit: string) => `unknown unit "${unit}": write an ISO 4217 code (USD, DKK), percent, ratio, multiple, count or a physical unit such as GW`,
    hint: 'Write one of the units the message lists.',
    example: ['dollars'],
  },
  twoScenarioInputs: {
    kind: 'schema', code: 'BR162', title: 'Two scenario inputs',
    message: () => 'a metric takes at most one scenarios input',
    hint: 'Keep one input with scenarios:, and give the others one figure or amount each.',
    example: [],
  },
  eachAndScenarios: {
    kind: 'schema', code: 'BR163', title: 'each: and scenarios together',
    message: () => 'a metric takes either each: or a scenarios input, not both',
    hint: 'Split the metric in two: one over the companies of each:, one with scenarios.',
    example: [],
  },
  /** `each:` names nothing known (`problem` from `ownersOf`). */
  eachOwners: {
    kind: 'unknownReference', code: 'BR164', title: 'each: names an unknown company or group',
    message: (problem: string) => `each: ${problem}`,
    hint: 'Use ids of companies/ files and of groups that briefing.yaml declares.',
    example: [problem.unknownGroupIn('challengr', problem.didYouMean('challenger'))],
  },
  eachNeedsGroup: {
    kind: 'schema', code: 'BR165', title: 'each: without companies',
    message: () => 'each: names a group: or companies:',
    hint: 'Give each: a group: or a companies: list.',
    example: [],
  },
  rowLabelWithoutRow: {
    kind: 'schema', code: 'BR185', title: 'rowLabel: without {row}',
    message: (pattern: string) => `rowLabel "${pattern}" does not say where the row's name goes, so every row would read the same`,
    hint: 'Write {row} where the company name or the scenario goes, as in "Shock of {row}".',
    example: ['Shock scenario'],
  },
  rowLabelOnOneRow: {
    kind: 'schema', code: 'BR186', title: 'rowLabel: on a metric of one row',
    message: () => 'rowLabel names the rows of a metric with each: or a scenarios input; this metric has one row, named by its label',
    hint: 'Remove rowLabel:, or change label: to name the value.',
    example: [],
  },
  eachFindsNothing: {
    kind: 'metric', code: 'BR210', title: 'each: finds no figures',
    message: (missing: readonly string[]) => `no company of each: has the figures the inputs look up (${missing.join(', ')})`,
    hint: "Add the figures to the companies of each:, or change the inputs' quantities or periods.",
    example: [['revenue FY2025']],
  },
  /** A scenario value that is not an amount (`problem` from `parseAmount`). */
  badScenario: {
    kind: 'figureValue', code: 'BR166', title: 'Scenario value cannot be read',
    message: (scenario: string, input: string, problem: string) => `scenario "${scenario}" of ${input}: ${problem}`,
    hint: "Write each scenario's value as an amount such as $2T, or a range such as $1.5T-$2T.",
    example: ['bull', 'valuation', problem.notAmount('$2..5T')],
  },
  foundNoFigure: {
    kind: 'metric', code: 'BR211', title: 'No figure found',
    message: (what: string) => `found no figure for ${what}`,
    hint: "Add the figure to the company's file, or change the input's quantity or period.",
    example: ['revenue of Acme in FY2025'],
  },
  unknownInput: {
    kind: 'metric', code: 'BR212', title: 'Formula uses a name that is not an input',
    message: (name: string) => `the formula uses "${name}", which is not one of its inputs`,
    hint: 'Declare the name under inputs:, or correct the formula.',
    example: ['revenu'],
  },
  notInFormula: {
    kind: 'metric', code: 'BR213', title: 'Expression not allowed in a formula',
    message: (nodeType: string) => `"${nodeType}" is not allowed in a formula`,
    hint: 'Keep to numbers, input names, + - * /, parentheses and the formula functions.',
    example: ['ConditionalExpression'],
  },
  listWhereOne: {
    kind: 'metric', code: 'BR214', title: 'List where one value is needed',
    message: (what: string) => `${what} is a list (one value per company); take sum(), min(), max() or mean() of it`,
    hint: 'Take sum(), min(), max() or mean() of the list.',
    example: ['revenue'],
  },
  /** `formula` adds or subtracts (`op`) units that do not combine; `a` and `b` are described units. */
  addsUnlike: {
    kind: 'metric', code: 'BR215', title: 'Formula adds unlike units',
    message: (formula: string, op: '+' | '-', a: string, b: string) => `"${formula}" ${op === '+' ? 'adds' : 'subtracts'} ${b} ${op === '+' ? 'to' : 'from'} ${a}`,
    hint: 'Add or subtract only values in one unit; currencies convert with a rate in fx: in briefing.yaml.',
    example: ['revenue + margin', '+', 'USD', 'a percentage'],
  },
  multipliesUnlike: {
    kind: 'metric', code: 'BR216', title: 'Formula multiplies units that do not combine',
    message: (formula: string, a: string, b: string) => `"${formula}" multiplies ${a} by ${b}`,
    hint: 'Multiply a quantity by a plain number, a ratio or a percentage.',
    example: ['revenue * valuation', 'USD', 'USD'],
  },
  dividesUnlike: {
    kind: 'metric', code: 'BR217', title: 'Formula divides units that do not combine',
    message: (formula: string, a: string, b: string) => `"${formula}" divides ${a} by ${b}`,
    hint: 'Divide like by like (a ratio) or by a plain number.',
    example: ['margin / revenue', 'a percentage', 'USD'],
  },
  notFinite: {
    kind: 'metric', code: 'BR218', title: 'Formula result too large',
    message: (formula: string) => `"${clip(formula, 120)}" gives a result too large to compute (it overflows to infinity)`,
    hint: "Check the formula's inputs and units: a result past 10^308 is almost always a mistake.",
    example: ['revenue * 1e308'],
  },
  dividesByZero: {
    kind: 'metric', code: 'BR219', title: 'Division by zero',
    message: (formula: string) => `"${formula}" divides by a value that is zero or spans zero`,
    hint: "Check the divisor's figures: a divisor that is zero, or a range that spans zero, gives no quotient.",
    example: ['valuation / revenue'],
  },
  noValues: {
    kind: 'metric', code: 'BR220', title: 'Function with no values',
    message: (fn: string, formula: string) => `${fn}() in "${formula}" has no values to work on`,
    hint: 'Give the function inputs that find figures.',
    example: ['mean', 'mean(revenue)'],
  },
  mixesUnits: {
    kind: 'metric', code: 'BR221', title: 'Function mixes units',
    message: (fn: string, formula: string, a: string, b: string) => `${fn}() in "${formula}" mixes ${a} and ${b}`,
    hint: 'Give the function values in one unit; currencies convert with a rate in fx: in briefing.yaml.',
    example: ['sum', 'sum(revenue, margin)', 'USD', 'a percentage'],
  },
  /** An interval division whose divisor holds zero (a programming error: callers check first). */
  intervalDividesByZero: {
    kind: 'metric', code: 'BR222', title: 'Division by a range that holds zero',
    message: () => 'cannot divide by a range that contains zero',
    hint: "Check the divisor's figures: a range that spans zero gives no quotient.",
    example: [],
  },
  /**
   * A formula combines two companies' annual figures whose years end more than six months apart (src/metrics/
   * years.ts): each figure as formula lines name it, with the last day of its year, formatted.
   */
  yearsApart: {
    kind: 'metric', code: 'BR248', title: 'Formula combines years that end far apart',
    message: (early: string, earlyEnd: string, late: string, lateEnd: string, months: number) =>
      `combines years that end ${months} months apart: ${early} (year to ${earlyEnd}) and ${late} (year to ${lateEnd})`,
    hint: "State each company's year so that they end within six months (period: FY2026 for a company whose fiscalYearEnd is 03-31 beside 2025 for a calendar year), correct a mislabelled period or fiscalYearEnd:, or add acceptMixedYears: true to the metric (or to the claim's check:) when the comparison is meant.",
    example: ['Acme revenue FY2025', '31 March 2025', 'Globex revenue 2025', '31 December 2025', 9],
  },
  /**
   * A claim whose stated value its recomputation does not match within the claim's tolerance (src/metrics/
   * compute.ts): a warning at the claim, which prints as stated with its verdict; `stated` and `computed` formatted.
   */
  claimInconsistent: {
    kind: 'metric', code: 'BR247', title: 'Claim does not match its recomputation',
    message: (id: string, statement: string, stated: string, computed: string) => `claim ${id} is not consistent: "${clip(statement, 100)}" states ${stated}, its inputs give ${computed}`,
    hint: 'Check the stated value and the inputs against their sources; when the source itself is wrong, keep the claim and say so in its note:.',
    example: ['claim-liquidity-draw', 'The listings would draw $400B–$500B from the market.', '$400B–$500B', '$540B–$900B'],
  },
} as const satisfies Record<string, ErrorData>;
METRICS_MESSAGES satisfies ExamplesFit<typeof METRICS_MESSAGES>;
