/**
 * What a briefing declares it computes and draws, as zod schemas: `metrics.yaml` (metrics with inputs and a
 * formula), the `check` of a claim (the same inputs and formula), and `charts/<id>.yaml` (a chart bound to
 * figures, metrics or risks). The engine holds only the machinery (`src/metrics/declared.ts`,
 * `src/charts/rows.ts`); the briefing says what to compute and draw.
 *
 * ```yaml
 * - id: wegovy-share
 *   label: Wegovy share of Novo Nordisk sales, FY2024
 *   unit: percent
 *   inputs:
 *     wegovy: novo-wegovy-2024                                          # a figure id
 *     sales: {company: novo, quantity: revenue, period: FY2024}         # a lookup
 *   formula: wegovy / sales
 * ```
 */
import { z } from 'zod';
import { problem } from '../messages.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, problem.idForm('revenue', 'price-to-sales'));
/**
 * Longest one-line text (a title, a name, a label), in characters: a longer one cannot be laid out on a line,
 * in a table cell or in the running header, and a 1 MB title made Chromium's layout run for minutes.
 */
export const MAX_LINE_CHARS = 300;
/** Longest paragraph of a YAML field (a profile, a description, a note), in characters. */
export const MAX_TEXT_CHARS = 20_000;

/** Text of a YAML field (a number is read as its digits), one paragraph at most ({@link MAX_TEXT_CHARS}). */
export const text = z.union([z.string(), z.number().transform(String)], { error: problem.textForm() }).pipe(z.string().min(1).max(MAX_TEXT_CHARS, problem.tooLong(MAX_TEXT_CHARS)));
/** Text of a one-line field: a title, name or label ({@link MAX_LINE_CHARS}). */
export const line = z.union([z.string(), z.number().transform(String)], { error: problem.textForm() }).pipe(z.string().min(1).max(MAX_LINE_CHARS, problem.tooLong(MAX_LINE_CHARS)));

/** What a field of prose may hold, for the JSON Schema's descriptions: Markdown, citations and inline values (src/content/inline.ts). */
export const PROSE_HELP =
  'Markdown; cite sources as [@source-id]. Inline values print figures and metrics from the data: {figure:ID}, {metric:ID}, {metric:ID:ROW} (a company id or a scenario value), each optionally ending in |change (the move since the build given with --since); \\{ is a literal brace.';
/** What a field of plain text that prints inline values may hold (a takeaway, a chart caption), for the JSON Schema. */
export const PLAIN_PROSE_HELP =
  'Plain text. Inline values print figures and metrics from the data: {figure:ID}, {metric:ID}, {metric:ID:ROW}, each optionally ending in |change; \\{ is a literal brace.';

/** Name of an input as the formula uses it. */
const inputName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, problem.inputNameForm());

/**
 * Figures looked up by what they measure: one company's (`company`), several companies' (`companies`, or a
 * `group`'s), or, inside `each`, the current company's. `company: market` names market.yaml. `period` is a
 * label (`FY2024`), `latest`, or `quarters`, `halves` or `years` (every period of that length, for a time
 * series); `segment` picks segment figures (without it, segment figures are left out).
 */
export const lookupSchema = z.strictObject({
  company: id.optional(),
  companies: z.array(id).min(1).optional(),
  group: id.optional(),
  quantity: id,
  period: text.optional(),
  segment: text.optional(),
});
export type Lookup = z.infer<typeof lookupSchema>;

/** One input of a metric or claim check (see the module comment). */
export const metricInputSchema = z.union([
  z.string().min(1).describe('A figure id, or a literal amount such as "15%" or "$3.6T".'),
  z.number().transform(String).describe('A plain number (a ratio), such as 2.'),
  lookupSchema,
  z.strictObject({ metric: id }).describe('The value of another metric (inside each: the current company’s result).'),
  z.strictObject({ scenarios: z.array(z.union([z.string(), z.number().transform(String)])).min(1) }).describe('One result per scenario value, shown as a table.'),
], { error: problem.metricInputForm() });
export type MetricInputDeclaration = z.infer<typeof metricInputSchema>;

/** The companies an `each` metric computes one result for. */
export const eachSchema = z.strictObject({ group: id.optional(), companies: z.array(id).min(1).optional() });

/**
 * `acceptMixedYears: true`: the writer means to combine companies' years that end more than six months apart
 * (see src/metrics/years.ts), and the warning that it does is not given.
 */
const ACCEPT_MIXED_YEARS = z
  .boolean()
  .optional()
  .describe('true when the formula is meant to combine companies’ fiscal years that end more than six months apart (no warning then).');

/** One metric of `metrics.yaml`. */
export const metricSchema = z.strictObject({
  id,
  label: line,
  /** Unit of the result: an ISO 4217 code (money converts into it through fx:), percent, ratio, multiple, count or a physical unit. */
  unit: z.string().min(1).describe('Unit of the result: an ISO 4217 code (other currencies convert through fx:), percent, ratio, multiple, count, or a physical unit such as GW.'),
  inputs: z.record(inputName, metricInputSchema).describe('Named inputs the formula uses: figure ids, lookups, {metric: id}, literal amounts or {scenarios: [...]}.'),
  /** `wegovy / sales`, `sum(revenue)`, `valuation * (1 - shock)`. */
  formula: z.string().min(1).describe('Numbers, input names, + - * /, parentheses, and sum, min, max, mean over lists.'),
  each: eachSchema.optional().describe('One result per company: {group: id} or {companies: [ids]}.'),
  /**
   * How the rows of an `each` or scenarios metric are named in its table and the change report (and, for
   * `each`, in key figures and charts): `{row}` stands for the company's name or the scenario as printed (`Shock of {row}` → `Shock of
   * 20%`). Default: the company's name, or the scenarios input's name and the scenario (`shock 20%`).
   */
  rowLabel: line.optional().describe('How each row of a metric with each: or a scenarios input is named; {row} stands for the company name or the scenario value, e.g. "Shock of {row}" prints "Shock of 20%". Default: the company name, or the input name and the scenario ("shock 20%").'),
  /** Heading of the table the metric prints in; metrics with the same table print together. */
  table: text.optional(),
  note: text.optional().describe(`A note printed under the metric's table. ${PROSE_HELP}`),
  acceptMixedYears: ACCEPT_MIXED_YEARS,
});
export type MetricDeclaration = z.infer<typeof metricSchema>;

/**
 * A file that holds a list of entries (`sources.yaml`, `risks.yaml`, `metrics.yaml`, ...): an empty file, or one
 * of comments only, holds none, as `[]` does.
 */
export function listFileSchema<T extends z.ZodType>(entry: T): z.ZodType<z.output<T>[], unknown> {
  return z
    .array(entry)
    .nullable()
    .transform((items) => items ?? []);
}

/** `metrics.yaml`: a list of metrics, computed in dependency order and printed in this order. */
export const metricsFileSchema = listFileSchema(metricSchema);

/** The `check` of a claim: the inputs and formula that recompute what the source states. */
export const claimCheckSchema = z.strictObject({
  inputs: z.record(inputName, metricInputSchema),
  formula: z.string().min(1),
  /** Relative tolerance as a fraction (default 0.05 = 5%). */
  tolerance: z.number().min(0).max(1).default(0.05),
  acceptMixedYears: ACCEPT_MIXED_YEARS,
});

/** Where a chart's rows come from: figures by lookup, declared metrics, or the risk register. */
export const chartDataSchema = z.strictObject({
  figures: lookupSchema.partial({ quantity: true }).extend({ quantity: id }).optional().describe('Figures by lookup: one row per figure.'),
  metrics: z.array(id).min(1).optional().describe('Declared metrics: one row per result.'),
  risks: z.literal('all').optional().describe('The risk register: one row per likelihood × impact cell.'),
  /** Convert money rows into this currency through the briefing's fx: rates. */
  convert: z.string().optional(),
  /** Print each row's share of the rows' total beside its value (`$11.4B (61%)`), as for the parts of a whole. */
  share: z.boolean().default(false),
});

/** `charts/<id>.yaml`: one chart of the briefing. */
export const chartSchema = z.strictObject({
  title: line,
  caption: text.describe(`The caption printed under the chart. ${PLAIN_PROSE_HELP}`),
  /** A reusable spec of the template (`bars` → templates/<t>/charts/bars.vl.json) or a `.vl.json` file in the briefing's folder. */
  spec: z.string().min(1).describe("A chart spec of the template, named without .vl.json (the default template's are listed in the README: bars, line, area, …), or a .vl.json file in the briefing's charts/ folder."),
  data: chartDataSchema,
  /** What the value axis measures, as `{measure}` in the spec; default: the quantity's or metrics' titles. */
  axis: line.optional(),
  /** Position among the charts (lower first); charts without one follow in file-name order. */
  order: z.number().optional(),
});
export type ChartDeclaration = z.infer<typeof chartSchema>;
