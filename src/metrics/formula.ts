/**
 * Formulas of declared metrics and claim checks: `wegovy / sales`, `sum(revenue)`, `valuation * (1 - shock)`.
 *
 * Parsed by jsep (a maintained expression parser; never `eval` or `Function`) and evaluated here with the
 * interval arithmetic of `interval.ts`, so a range in gives a range out. Allowed: numbers (read as ratios),
 * input names, `+ - * /`, unary minus, parentheses, and `sum`, `min`, `max`, `mean` over lists or arguments.
 *
 * Units follow the algebra of the field: amounts add only to amounts of the same unit (money in another
 * currency is converted through a stated rate, see `fx.ts`); percentages, ratios, multiples and plain numbers
 * are dimensionless and scale anything; money ÷ money of one currency is a ratio. Qualifiers (`~`, `>`, `<`)
 * are carried where the direction of a bound is known.
 */
import jsep from 'jsep';
import type { Qualifier } from '../content/amount.ts';
import { isCurrency, isDimensionless, type Unit } from '../content/units.ts';
import type { Message } from '../errors.ts';
import { msg, problem } from '../messages.ts';
import type { AppliedRate, FxTable } from './fx.ts';
import { operandWords, unitWords } from './formula-text.ts';
import { add, divide, multiply, subtract, type Interval } from './interval.ts';

/** A value inside a formula: an interval in a unit, with the qualifier it carries. */
export interface Operand {
  readonly value: Interval;
  readonly unit: Unit;
  readonly qualifier?: Qualifier;
}

/** What an input name stands for: one value, or a list (one value per company of a group). */
export type FormulaValue = Operand | readonly Operand[];

/** A parsed formula: its syntax tree and the input names it uses. */
export interface Formula {
  readonly source: string;
  readonly ast: jsep.Expression;
  readonly names: readonly string[];
}

/** Functions over lists a formula may call. */
export const FORMULA_FUNCTIONS = ['sum', 'min', 'max', 'mean'] as const;

/** What evaluation needs: the stated rates, a way to fail at the caller's place, and where to note rates used. */
export interface FormulaContext {
  readonly fx: FxTable;
  /** Throws the caller's located error with a catalogue message. */
  readonly fail: (message: Message) => never;
  /** Receives each exchange rate a conversion used. */
  readonly usedRate: (rate: AppliedRate) => void;
  /**
   * The currency the result is wanted in. Two amounts in other currencies meet in it when no rate between
   * them is stated (DKK + CHF with rates to USD only).
   */
  readonly preferred?: Unit;
}

/**
 * Limits of one formula, checked on its text before it is parsed, so that neither the parser nor the
 * recursive walks over its tree can run out of stack: characters, terms (numbers and names) and how deep
 * parentheses nest. A metric of a real briefing uses a handful of each.
 */
export const FORMULA_LIMITS = { characters: 2000, terms: 200, depth: 32 } as const;

/** What is wrong with the size of `source` against {@link FORMULA_LIMITS}, or undefined. */
function oversized(source: string): string | undefined {
  if (source.length > FORMULA_LIMITS.characters) return problem.formulaLimit('characters', source.length, FORMULA_LIMITS.characters);
  const terms = source.match(/[A-Za-z_][\w]*|\d+(?:\.\d*)?/g)?.length ?? 0;
  if (terms > FORMULA_LIMITS.terms) return problem.formulaLimit('terms', terms, FORMULA_LIMITS.terms);
  let depth = 0;
  let deepest = 0;
  for (const c of source) {
    if (c === '(') deepest = Math.max(deepest, ++depth);
    else if (c === ')') depth--;
  }
  return deepest > FORMULA_LIMITS.depth ? problem.formulaLimit('levels of parentheses', deepest, FORMULA_LIMITS.depth) : undefined;
}

/**
 * Parse a formula.
 * @returns the formula, or a message saying what is wrong with it (the caller locates it), a formula past
 *   {@link FORMULA_LIMITS} included.
 */
export function parseFormula(source: string): Formula | string {
  const tooBig = oversized(source);
  if (tooBig !== undefined) return tooBig;
  let ast: jsep.Expression;
  try {
    ast = jsep(source);
  } catch (e) {
    return problem.unreadableFormula(source, (e as Error).message);
  }
  const names = new Set<string>();
  const wrong = check(ast, names);
  return wrong ?? { source, ast, names: [...names] };
}

function check(node: jsep.Expression, names: Set<string>): string | undefined {
  switch (node.type) {
    case 'Literal':
      return typeof node['value'] === 'number' ? undefined : problem.onlyNumbers(String(node['raw']));
    case 'Identifier':
      names.add(node['name'] as string);
      return undefined;
    case 'BinaryExpression':
      if (!['+', '-', '*', '/'].includes(node['operator'] as string)) return problem.binaryOperator(String(node['operator']));
      return check(node['left'] as jsep.Expression, names) ?? check(node['right'] as jsep.Expression, names);
    case 'UnaryExpression':
      if (node['operator'] !== '-' && node['operator'] !== '+') return problem.unaryOperator(String(node['operator']));
      return check(node['argument'] as jsep.Expression, names);
    case 'CallExpression': {
      const callee = node['callee'] as jsep.Expression;
      const fn = callee.type === 'Identifier' ? (callee['name'] as string) : '';
      if (!(FORMULA_FUNCTIONS as readonly string[]).includes(fn)) return problem.unknownFunction(fn, FORMULA_FUNCTIONS);
      const args = node['arguments'] as jsep.Expression[];
      if (args.length === 0) return problem.noArguments(fn);
      for (const a of args) {
        const p = check(a, names);
        if (p) return p;
      }
      return undefined;
    }
    default:
      return problem.notInFormulaLanguage(node.type, FORMULA_FUNCTIONS);
  }
}

const PRECEDENCE: Readonly<Record<string, number>> = { '+': 1, '-': 1, '*': 2, '/': 2 };
const SIGN: Readonly<Record<string, string>> = { '+': '+', '-': '−', '*': '×', '/': '÷' };

/**
 * The formula as printed, from its syntax tree: `×`, `÷` and `−` for `*`, `/` and `-`, one space around each
 * operator, and only the parentheses the order of operations needs (`valuation × (1 − shock)`). A formula
 * that does not parse prints as written.
 */
export function printFormula(source: string): string {
  const parsed = parseFormula(source);
  if (typeof parsed === 'string') return source;
  const show = (node: jsep.Expression, parent = 0, right = false): string => {
    switch (node.type) {
      case 'Literal':
        return String(node['raw']);
      case 'Identifier':
        return node['name'] as string;
      case 'UnaryExpression':
        return `${node['operator'] === '-' ? '−' : ''}${show(node['argument'] as jsep.Expression, 3)}`;
      case 'CallExpression':
        return `${(node['callee'] as jsep.Expression)['name'] as string}(${(node['arguments'] as jsep.Expression[]).map((a) => show(a)).join(', ')})`;
      case 'BinaryExpression': {
        const op = node['operator'] as string;
        const p = PRECEDENCE[op]!;
        const text = `${show(node['left'] as jsep.Expression, p)} ${SIGN[op]} ${show(node['right'] as jsep.Expression, p, true)}`;
        // Parenthesise a looser operation inside a tighter one, and a right operand of − or ÷ at the same level.
        return p < parent || (right && p === parent) ? `(${text})` : text;
      }
      default:
        return source;
    }
  };
  return show(parsed.ast);
}

const isList = (v: FormulaValue): v is readonly Operand[] => Array.isArray(v);

/** `money`, a physical unit, `count` or `dimensionless`: what decides whether two units combine. */
function dimension(u: Unit): string {
  if (isDimensionless(u)) return 'dimensionless';
  if (isCurrency(u)) return 'money';
  return u;
}

const flip = (q: Qualifier | undefined): Qualifier | undefined => (q === 'at-least' ? 'at-most' : q === 'at-most' ? 'at-least' : q);

/** The qualifier of a result whose value rises with `a` and, by `sameWay`, rises (or falls) with `b`. */
function combine(a: Qualifier | undefined, b: Qualifier | undefined, sameWay: boolean): Qualifier | undefined {
  const bb = sameWay ? b : flip(b);
  if (a === undefined) return bb;
  if (bb === undefined || bb === a) return a;
  return a === 'about' || bb === 'about' ? (a === 'about' ? bb : a) : undefined;
}

const positive = (x: Interval): boolean => x.low > 0;

/** The qualifier of a product or quotient: bounds keep their direction only for positive values; "about" always carries. */
function scaled(a: Operand, b: Operand, sameWay: boolean): Qualifier | undefined {
  if (positive(a.value) && positive(b.value)) return combine(a.qualifier, b.qualifier, sameWay);
  const loose = (q: Qualifier | undefined): boolean => q === undefined || q === 'about';
  return loose(a.qualifier) && loose(b.qualifier) && (a.qualifier ?? b.qualifier) !== undefined ? 'about' : undefined;
}

function operand(value: Interval, unit: Unit, qualifier: Qualifier | undefined): Operand {
  return qualifier === undefined ? { value, unit } : { value, unit, qualifier };
}

/**
 * Evaluate a parsed formula.
 * @param env the value of each input name.
 * @throws whatever `ctx.fail` throws: for an unknown name, a list where one value is needed, units that do not
 *   combine (a percentage added to money), currencies with no stated rate, a division by a range that holds
 *   zero, a result that is not a finite number (overflow).
 */
export function evaluate(f: Formula, env: ReadonlyMap<string, FormulaValue>, ctx: FormulaContext): FormulaValue {
  const walk = (node: jsep.Expression): FormulaValue => {
    switch (node.type) {
      case 'Literal': {
        const v = node['value'] as number;
        return { value: { low: v, high: v }, unit: 'ratio' };
      }
      case 'Identifier': {
        const name = node['name'] as string;
        const v = env.get(name);
        return v ?? ctx.fail(msg.unknownInput(name));
      }
      case 'UnaryExpression': {
        const x = scalar(ctx, walk(node['argument'] as jsep.Expression), String(node['operator']));
        return node['operator'] === '-' ? operand({ low: -x.value.high, high: -x.value.low }, x.unit, flip(x.qualifier)) : x;
      }
      case 'BinaryExpression': {
        const left = node['left'] as jsep.Expression;
        const right = node['right'] as jsep.Expression;
        const text = f.source;
        return binary(ctx, node['operator'] as string, scalar(ctx, walk(left), nameOf(left)), scalar(ctx, walk(right), nameOf(right)), text);
      }
      case 'CallExpression': {
        const fn = ((node['callee'] as jsep.Expression)['name'] as string) ?? '';
        const items = (node['arguments'] as jsep.Expression[]).flatMap((a) => {
          const v = walk(a);
          return isList(v) ? v : [v];
        });
        return aggregate(ctx, fn, items, f.source);
      }
      default:
        return ctx.fail(msg.notInFormula(node.type));
    }
  };
  const result = walk(f.ast);
  // A product of large figures can overflow a double: an infinite or undefined result is an error, never a value.
  for (const x of isList(result) ? result : [result]) {
    if (!Number.isFinite(x.value.low) || !Number.isFinite(x.value.high)) ctx.fail(msg.notFinite(f.source));
  }
  return result;
}

/** `x` in `to` through the stated rates (the rate used is reported), or fail with `exchangeRate`. */
function convert(ctx: FormulaContext, x: Operand, to: Unit, why: string): Operand {
  if (x.unit === to) return x;
  const c = ctx.fx.convert(x.value, x.unit, to);
  if (c === undefined) return ctx.fail(msg.noRate(why, x.unit, to));
  ctx.usedRate(c.rate);
  return operand(c.value, to, x.qualifier);
}

/** Two money operands in one currency: the second into the first's, or both into the preferred one. */
function align(ctx: FormulaContext, a: Operand, b: Operand, why: string): [Operand, Operand] {
  if (a.unit === b.unit) return [a, b];
  const p = ctx.preferred;
  if (ctx.fx.rate(b.unit, a.unit) === undefined && p !== undefined && (a.unit === p || ctx.fx.rate(a.unit, p)) && (b.unit === p || ctx.fx.rate(b.unit, p))) {
    return [convert(ctx, a, p, why), convert(ctx, b, p, why)];
  }
  return [a, convert(ctx, b, a.unit, why)];
}

/** `v` when it is one value; a list (one value per company) fails, naming `what`. */
function scalar(ctx: FormulaContext, v: FormulaValue, what: string): Operand {
  if (!isList(v)) return v;
  return ctx.fail(msg.listWhereOne(what));
}

/** `a op b` (`+ - * /`) with units checked and money aligned; `text` is the formula, for messages. */
function binary(ctx: FormulaContext, op: string, a: Operand, b: Operand, text: string): Operand {
  const [da, db] = [dimension(a.unit), dimension(b.unit)];
  switch (op) {
    case '+':
    case '-': {
      if (da !== db) return ctx.fail(msg.addsUnlike(text, op, unitWords(a.unit), unitWords(b.unit)));
      const [aa, bb] = da === 'money' ? align(ctx, a, b, `"${text}"`) : [a, b];
      const value = op === '+' ? add(aa.value, bb.value) : subtract(aa.value, bb.value);
      return operand(value, aa.unit, combine(aa.qualifier, bb.qualifier, op === '+'));
    }
    case '*': {
      const scaling = (u: string): boolean => u === 'dimensionless' || u === 'count';
      if (!scaling(da) && !scaling(db)) return ctx.fail(msg.multipliesUnlike(text, unitWords(a.unit), unitWords(b.unit)));
      const unit = !scaling(da) ? a.unit : !scaling(db) ? b.unit : da === 'count' ? a.unit : db === 'count' ? b.unit : 'ratio';
      return operand(multiply(a.value, b.value), unit, scaled(a, b, true));
    }
    default: {
      let unit: Unit;
      let [aa, bb] = [a, b];
      if (da === db && da !== 'dimensionless') {
        if (da === 'money') [aa, bb] = align(ctx, a, b, `"${text}"`);
        unit = 'ratio';
      } else if (db === 'dimensionless' || db === 'count') unit = da === 'dimensionless' && db === 'count' ? 'ratio' : a.unit;
      else return ctx.fail(msg.dividesUnlike(text, unitWords(a.unit), unitWords(b.unit)));
      if (bb.value.low <= 0 && bb.value.high >= 0) return ctx.fail(msg.dividesByZero(text));
      return operand(divide(aa.value, bb.value), unit, scaled(aa, bb, false));
    }
  }
}

/** `fn(items)` for sum, mean, min and max, in one unit (money in the preferred currency when it can). */
function aggregate(ctx: FormulaContext, fn: string, items: readonly Operand[], text: string): Operand {
  if (items.length === 0) return ctx.fail(msg.noValues(fn, text));
  const mixed = items.some((x) => x.unit !== items[0]!.unit);
  const p = ctx.preferred;
  // Money in several currencies meets in the preferred currency when every one has a rate to it.
  const target = mixed && p !== undefined && items.every((x) => x.unit === p || ctx.fx.rate(x.unit, p)) ? p : items[0]!.unit;
  const same = items.map((x) => {
    if (dimension(x.unit) !== dimension(target)) return ctx.fail(msg.mixesUnits(fn, text, unitWords(target), unitWords(x.unit)));
    return dimension(x.unit) === 'money' ? convert(ctx, x, target, `${fn}() in "${text}"`) : x;
  });
  const first = same[0]!;
  const qualifier = same.reduce<Qualifier | undefined>((q, x, i) => (i === 0 ? x.qualifier : combine(q, x.qualifier, true)), undefined);
  switch (fn) {
    case 'sum':
      return operand(
        same.reduce<Interval>((acc, x) => add(acc, x.value), { low: 0, high: 0 }),
        first.unit,
        qualifier,
      );
    case 'mean': {
      const total = same.reduce<Interval>((acc, x) => add(acc, x.value), { low: 0, high: 0 });
      return operand({ low: total.low / same.length, high: total.high / same.length }, first.unit, qualifier);
    }
    case 'min':
      return operand({ low: Math.min(...same.map((x) => x.value.low)), high: Math.min(...same.map((x) => x.value.high)) }, first.unit, undefined);
    default:
      return operand({ low: Math.max(...same.map((x) => x.value.low)), high: Math.max(...same.map((x) => x.value.high)) }, first.unit, undefined);
  }
}

/** How a message names an operand of a binary operation: its input name, or as a part of the formula. */
function nameOf(node: jsep.Expression): string {
  return operandWords(node.type === 'Identifier' ? (node['name'] as string) : undefined);
}
