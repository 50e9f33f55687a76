/**
 * The words of computed values: the formula line a metric or claim check prints (`valuation ÷ revenue; where
 * valuation = SX Corp valuation ($1.75T–$2T); revenue = SX Corp revenue FY2025 ($18.7B); at 1 DKK = 0.145 USD
 * (rate of 1 June 2026)`), the labels of its inputs and rows, and the words formula messages use for units
 * and operands. The resolver (declared.ts) and the evaluator (formula.ts) compute; this module only says.
 * Amounts arrive printed, by the briefing's formatter (src/format.ts).
 */
import { isCurrency, isDimensionless, type Unit } from '../content/units.ts';

/** A quantity's title as it reads inside a sentence: "revenue", but "IPO proceeds" and "EBITDA" kept. */
export function titleInSentence(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
}

/** What a figure or a lookup names: a quantity's title in a sentence, then its segment and period: `revenue (Cloud) FY2025`. */
export function thingText(quantityTitle: string, segment: string | undefined, period: string | undefined): string {
  return `${titleInSentence(quantityTitle)}${segment !== undefined ? ` (${segment})` : ''}${period !== undefined ? ` ${period}` : ''}`;
}

/** A thing of one owner: `Roche revenue FY2025`. */
export function ownerThing(owner: string, thing: string): string {
  return `${owner} ${thing}`;
}

/** One of several figures of an owner, told apart by segment and period or date: `Roche Pharmaceuticals FY2025`, or `Roche`. */
export function figureLabel(owner: string, segment: string | undefined, periodOrDate: string | undefined): string {
  const detail = [segment, periodOrDate].filter((x) => x !== undefined).join(' ');
  return detail === '' ? owner : `${owner} ${detail}`;
}

/** A label with its printed value: `SX Corp revenue FY2025 ($18.7B)`. */
export function valued(label: string, amount: string): string {
  return `${label} (${amount})`;
}

/** A metric of several rows used whole: `Valuation (4 values)`. */
export function counted(label: string, count: number): string {
  return `${label} (${count} values)`;
}

/** The row of an `each` metric for one company, named in a message when the company has none: `P/S of Roche`. */
export function ofOwner(what: string, owner: string): string {
  return `${what} of ${owner}`;
}

/** A metric row as an input: the metric's label, and the row's after it unless the metric has one row. */
export function rowInputLabel(metricLabel: string, rowLabel: string | null): string {
  return rowLabel === null ? metricLabel : `${metricLabel} ${rowLabel}`;
}

/**
 * A lookup that gives a list, each value named: `revenue FY2025 of Big pharma: Roche $68B, Novartis $50B`.
 * `whose` is the one company, the group's title, or none for a list of companies (`the companies named`).
 */
export function listText(thing: string, whose: string | undefined, values: readonly { label: string; amount: string }[]): string {
  return `${thing} of ${whose ?? 'the companies named'}: ${values.map((v) => `${v.label} ${v.amount}`).join(', ')}`;
}

/** An input as the formula line names it, with what it stands for (a figure, a metric, a lookup, a literal). */
export interface NamedInput {
  readonly name: string;
  readonly text: string;
}

/**
 * The formula line of a computed value: the formula as printed, `where` each input named and valued, and
 * `at` each exchange rate used, joined by `; `. A formula that is one input (`lone`) reads as that input.
 * @param formula the formula as printed (formula.ts `printFormula`); `rates` each rate as fx.ts's `describeRate` says it.
 */
export function formulaLine(formula: string, lone: boolean, inputs: readonly NamedInput[], rates: readonly string[]): string {
  const head = lone ? inputs[0]!.text : formula;
  const where = inputs.length > 0 && !lone ? [`where ${inputs.map((i) => `${i.name} = ${i.text}`).join('; ')}`] : [];
  return [head, ...where, ...rates.map((r) => `at ${r}`)].join('; ');
}

/** A scenario row's label: the scenarios input's name and the scenario, `shock 25%`. */
export function scenarioLabel(input: string, scenario: string): string {
  return `${input} ${scenario}`;
}

/** What a metric's `rowLabel:` writes where the row's own name goes. */
export const ROW_PLACEHOLDER = '{row}';

/** A row named by a metric's `rowLabel:` pattern, every `{row}` replaced by the company's name or the scenario: `Shock of 20%`. */
export function namedRow(pattern: string, row: string): string {
  return pattern.replaceAll(ROW_PLACEHOLDER, row);
}

/** A scenario row's formula line: the first mention of the scenarios input gets the scenario (`shock` → `shock 25%`). */
export function scenarioLine(line: string, input: string, scenario: string): string {
  return line.replace(new RegExp(`\\b${input}\\b`), scenarioLabel(input, scenario));
}

/** An exchange rate as a metric input: `DKK→USD rate`. */
export function rateLabel(from: Unit, to: Unit): string {
  return `${from}→${to} rate`;
}

/** A unit as a message about a formula says it: `a percentage`, `a ratio`, `money (USD)`, `a count`, `GW`. */
export function unitWords(u: Unit): string {
  if (isDimensionless(u)) return `a ${u === 'percent' ? 'percentage' : u}`;
  if (isCurrency(u)) return `money (${u})`;
  return u === 'count' ? 'a count' : u;
}

/** An operand of a formula as a message names it: an input `"revenue"`, or `a part of the formula`. */
export function operandWords(inputName: string | undefined): string {
  return inputName === undefined ? 'a part of the formula' : `"${inputName}"`;
}

