/**
 * The formula language of metrics.yaml and claim checks (src/metrics/formula.ts): parsing (jsep, with every
 * construct outside numbers, names, + - * /, parentheses and sum/min/max/mean refused), interval arithmetic with
 * units and qualifiers, currency conversion through stated rates, and printing.
 */
import { describe, it, expect } from 'vitest';
import type { Qualifier } from '../../src/content/amount.ts';
import type { FxRate } from '../../src/content/model.ts';
import { evaluate, parseFormula, printFormula, type Formula, type FormulaContext, type FormulaValue, type Operand } from '../../src/metrics/formula.ts';
import { fxTable, type AppliedRate } from '../../src/metrics/fx.ts';
import { thrown } from './helpers.ts';

// ---------------------------------------------------------------------------------------------------------
// Builders

/** An operand `low`–`high` in `unit`, with an optional qualifier. */
function op(unit: string, low: number, high = low, qualifier?: Qualifier): Operand {
  return qualifier === undefined ? { value: { low, high }, unit } : { value: { low, high }, unit, qualifier };
}

/** What `ctx.fail` throws here: the message, and the kind the evaluator gave. */
class FormulaFailure extends Error {
  readonly kind: string;
  constructor(message: string, kind: string) {
    super(message);
    this.kind = kind;
  }
}

interface Ctx extends FormulaContext {
  readonly rates: AppliedRate[];
}

function context(rates: FxRate[] = [], preferred?: string): Ctx {
  const used: AppliedRate[] = [];
  return {
    fx: fxTable(rates),
    fail: (message) => {
      throw new FormulaFailure(message.text, message.kind);
    },
    usedRate: (r) => {
      used.push(r);
    },
    rates: used,
    ...(preferred === undefined ? {} : { preferred }),
  };
}

function parsed(source: string): Formula {
  const f = parseFormula(source);
  if (typeof f === 'string') throw new Error(`expected "${source}" to parse, got: ${f}`);
  return f;
}

/** Small environment: ratios a = [1,2], b = [10,20], money, qualified bounds, and a list. */
const ENV = new Map<string, FormulaValue>([
  ['a', op('ratio', 1, 2)],
  ['b', op('ratio', 10, 20)],
  ['n', op('ratio', -1, 2)],
  ['usd', op('USD', 3e9, 4e9)],
  ['usd2', op('USD', 1e9)],
  ['pct', op('percent', 0.33)],
  ['gw', op('GW', 10)],
  ['cnt', op('count', 4)],
  ['atLeast', op('USD', 2.5e9, 2.5e9, 'at-least')],
  ['atMost', op('USD', 1e9, 1e9, 'at-most')],
  ['approx', op('USD', 18.7e9, 18.7e9, 'about')],
  ['list', [op('USD', 1e9, 2e9), op('USD', 3e9), op('USD', 5e9, 10e9)]],
  ['span', op('USD', 1e9, 3e9)],
  ['two', op('USD', 2e9)],
]);

function run(source: string, env: ReadonlyMap<string, FormulaValue> = ENV, ctx: Ctx = context()): FormulaValue {
  return evaluate(parsed(source), env, ctx);
}

/** Evaluate and expect one value (not a list). */
function one(source: string, env?: ReadonlyMap<string, FormulaValue>, ctx?: Ctx): Operand {
  const v = run(source, env, ctx);
  expect(Array.isArray(v)).toBe(false);
  return v as Operand;
}

function failure(fn: () => unknown): FormulaFailure {
  return thrown(fn, FormulaFailure);
}

function expectInterval(o: Operand, low: number, high: number): void {
  expect(o.value.low).toBeCloseTo(low, 9);
  expect(o.value.high).toBeCloseTo(high, 9);
}

/** Relative closeness for amounts in billions and trillions. */
function expectRel(actual: number, expected: number): void {
  expect(Math.abs(actual / expected - 1)).toBeLessThan(1e-12);
}

// ---------------------------------------------------------------------------------------------------------

describe('parseFormula', () => {
  it('returns the source, the syntax tree and the input names used (each once, not function names)', () => {
    const f = parsed('sum(valuation) * (1 - shock) / valuation');
    expect(f.source).toBe('sum(valuation) * (1 - shock) / valuation');
    expect([...f.names].sort()).toEqual(['shock', 'valuation']);
    expect(f.ast.type).toBe('BinaryExpression');
  });

  it.each([
    ['a = b', /cannot read the formula "a = b"/],
    ['a => b', /cannot read the formula/],
    ['`x`', /cannot read the formula/],
    ['x.y', /"MemberExpression" is not allowed/],
    ['"text"', /only numbers may be written in a formula, not "text"/],
    ['true', /only numbers/],
    ['foo(a)', /unknown function foo; a formula can call sum, min, max, mean/],
    ['a(b)', /unknown function a/],
    ['sum.call(a)', /unknown function \(expression\)/],
    ['a ? b : c', /"ConditionalExpression" is not allowed/],
    ['a % b', /the operator % is not allowed; use \+ - \* \/ and parentheses/],
    ['a ** b', /the operator \*\* is not allowed/],
    ['a == b', /the operator == is not allowed/],
    ['!a', /the operator ! is not allowed/],
    ['this', /"ThisExpression" is not allowed/],
    ['[a, b]', /"ArrayExpression" is not allowed/],
    ['a, b', /"Compound" is not allowed/],
    ['new Date()', /is not allowed/],
    ['sum()', /sum\(\) needs at least one argument/],
  ])('refuses %s', (source, message) => {
    const f = parseFormula(source);
    expect(typeof f).toBe('string');
    expect(f as string).toMatch(message);
  });

  it('refuses a forbidden construct nested inside an allowed one', () => {
    expect(parseFormula('sum(a, b.c)')).toMatch(/MemberExpression/);
    expect(parseFormula('(a + b) * foo(c)')).toMatch(/unknown function foo/);
    expect(parseFormula('-(a % b)')).toMatch(/operator %/);
  });
});

describe('evaluate: interval arithmetic', () => {
  it('+ − × ÷ on ranges give ranges: [1,2] and [10,20]', () => {
    expectInterval(one('a + b'), 11, 22);
    expectInterval(one('b - a'), 8, 19); // [10 − 2, 20 − 1]
    expectInterval(one('a - b'), -19, -8); // [1 − 20, 2 − 10]
    expectInterval(one('a * b'), 10, 40);
    expectInterval(one('a / b'), 0.05, 0.2); // [1 / 20, 2 / 10]
    expectInterval(one('b / a'), 5, 20); // [10 / 2, 20 / 1]
  });

  it('takes corner products when a range crosses zero: [−1,2] × [10,20] = [−20,40]', () => {
    expectInterval(one('n * b'), -20, 40);
  });

  it('honours parentheses and precedence', () => {
    expectInterval(one('a + b * 2'), 21, 42); // [1 + 20, 2 + 40]
    expectInterval(one('(a + b) * 2'), 22, 44);
    expectInterval(one('b / (a + 1)'), 10 / 3, 10); // [10 / 3, 20 / 2]
  });

  it('unary minus negates and swaps the ends; unary plus changes nothing', () => {
    expectInterval(one('-a'), -2, -1);
    expectInterval(one('-(b - a)'), -19, -8);
    expectInterval(one('+a'), 1, 2);
    expectInterval(one('a - -a'), 2, 4);
  });

  it('reads numbers as ratios: 2 alone is a ratio, 2 × money is money, 1 + growth is a ratio', () => {
    const two = one('2');
    expect(two.unit).toBe('ratio');
    expectInterval(two, 2, 2);
    const doubled = one('usd * 2');
    expect(doubled.unit).toBe('USD');
    expectInterval(doubled, 6e9, 8e9);
    const growth = one('1 + pct');
    expect(growth.value.low).toBeCloseTo(1.33, 12);
    expect(growth.unit).toBe('ratio');
    expect(one('usd / (1 + pct)').unit).toBe('USD');
    expect(one('0.5').value.low).toBe(0.5);
  });
});

describe('evaluate: units', () => {
  it('money ÷ money of one currency is a ratio; money ÷ a ratio stays money', () => {
    const r = one('usd / usd2');
    expect(r.unit).toBe('ratio');
    expectInterval(r, 3, 4);
    expect(one('usd / a').unit).toBe('USD');
    expectInterval(one('usd / a'), 1.5e9, 4e9);
  });

  it('money × a percentage is money; a count scales money; GW + GW stays GW', () => {
    const m = one('usd * pct');
    expect(m.unit).toBe('USD');
    expectRel(m.value.low, 0.99e9);
    expect(one('usd2 * cnt').unit).toBe('USD');
    expect(one('gw + gw').unit).toBe('GW');
    expect(one('gw / gw').unit).toBe('ratio');
  });

  it('refuses a percentage added to money, and money added to a percentage', () => {
    expect(failure(() => run('usd + pct')).message).toMatch(/"usd \+ pct" adds a percentage to money \(USD\)/);
    expect(failure(() => run('pct + usd')).message).toMatch(/adds money \(USD\) to a percentage/);
    expect(failure(() => run('usd - pct')).message).toMatch(/subtracts a percentage from money \(USD\)/);
    expect(failure(() => run('usd + 1')).message).toMatch(/adds a ratio to money \(USD\)/);
  });

  it('refuses money × money, and a plain number ÷ money', () => {
    expect(failure(() => run('usd * usd2')).message).toMatch(/"usd \* usd2" multiplies money \(USD\) by money \(USD\)/);
    expect(failure(() => run('a / usd')).message).toMatch(/divides a ratio by money \(USD\)/);
  });

  it('refuses adding a physical unit to money', () => {
    expect(failure(() => run('gw + usd')).message).toMatch(/adds money \(USD\) to GW/);
  });

  it('refuses a division by a range that spans zero, or by zero', () => {
    // span − two = [1B − 2B, 3B − 2B] = [−1B, 1B]
    const e = failure(() => run('usd / (span - two)'));
    expect(e.message).toMatch(/divides by a value that is zero or spans zero/);
    expect(e.kind).toBe('metric');
    expect(failure(() => run('a / 0')).message).toMatch(/zero/);
    expect(failure(() => run('b / n')).message).toMatch(/spans zero/);
  });

  it('refuses a name that is not an input', () => {
    expect(failure(() => run('a + nope')).message).toBe('the formula uses "nope", which is not one of its inputs');
  });
});

describe('evaluate: lists and sum, min, max, mean', () => {
  // list = [1B–2B, 3B, 5B–10B]
  it('sum, mean, min and max over a list', () => {
    const s = one('sum(list)');
    expect(s.unit).toBe('USD');
    expectRel(s.value.low, 9e9); // 1 + 3 + 5
    expectRel(s.value.high, 15e9); // 2 + 3 + 10
    const m = one('mean(list)');
    expectRel(m.value.low, 3e9);
    expectRel(m.value.high, 5e9);
    const lo = one('min(list)');
    expectRel(lo.value.low, 1e9);
    expectRel(lo.value.high, 2e9);
    const hi = one('max(list)');
    expectRel(hi.value.low, 5e9);
    expectRel(hi.value.high, 10e9);
  });

  it('over argument lists, and lists mixed with single values', () => {
    expectInterval(one('max(a, b)'), 10, 20);
    expectInterval(one('min(a, b)'), 1, 2);
    expectInterval(one('sum(a, b, 1)'), 12, 23);
    expectInterval(one('mean(a, b)'), 5.5, 11);
    const s = one('sum(list, usd2)');
    expectRel(s.value.low, 10e9);
    expectRel(s.value.high, 16e9);
    expectRel(one('sum(list) / 3').value.low, 3e9);
  });

  it('a list where one value is needed is an error', () => {
    expect(failure(() => run('list + usd2')).message).toMatch(/"list" is a list \(one value per company\); take sum\(\), min\(\), max\(\) or mean\(\) of it/);
    expect(failure(() => run('list * 2')).message).toMatch(/is a list/);
    expect(failure(() => run('2 * list')).message).toMatch(/is a list/);
    expect(failure(() => run('-list')).message).toMatch(/is a list/);
  });

  it('a formula that is a list on its own evaluates to the list (the metric refuses it later)', () => {
    const v = run('list');
    expect(Array.isArray(v)).toBe(true);
    expect((v as readonly Operand[]).length).toBe(3);
  });

  it('refuses to aggregate values of different dimensions', () => {
    expect(failure(() => run('sum(usd, pct)')).message).toMatch(/sum\(\) in "sum\(usd, pct\)" mixes money \(USD\) and a percentage/);
    expect(failure(() => run('max(gw, usd)')).message).toMatch(/mixes/);
  });
});

describe('evaluate: qualifiers', () => {
  it('a ">" bound divided by a plain positive value stays ">"', () => {
    // >2.5B ÷ 3B–4B = 0.625–0.8333, a lower bound
    const r = one('atLeast / usd');
    expect(r.qualifier).toBe('at-least');
    expectInterval(r, 0.625, 2.5 / 3);
  });

  it('a plain value divided BY a ">" bound becomes "<"', () => {
    const r = one('usd / atLeast');
    expect(r.qualifier).toBe('at-most');
    expectInterval(r, 1.2, 1.6);
  });

  it('a "<" bound flips the other way', () => {
    expect(one('atMost / usd').qualifier).toBe('at-most');
    expect(one('usd / atMost').qualifier).toBe('at-least');
  });

  it('sums keep a bound, differences flip the subtrahend’s, and opposite bounds cancel', () => {
    expect(one('atLeast + usd').qualifier).toBe('at-least');
    expect(one('atLeast - usd2').qualifier).toBe('at-least');
    expect(one('usd - atLeast').qualifier).toBe('at-most');
    expect(one('atLeast + atMost').qualifier).toBeUndefined();
    expect(one('usd + usd2').qualifier).toBeUndefined();
  });

  it('"about" gives way to a bound and is kept with a plain value', () => {
    expect(one('approx + usd').qualifier).toBe('about');
    expect(one('approx / usd').qualifier).toBe('about');
    expect(one('approx + atLeast').qualifier).toBe('at-least');
  });

  it('scaling by a positive number keeps the bound; unary minus flips it', () => {
    expect(one('atLeast * 2').qualifier).toBe('at-least');
    expect(one('-atLeast').qualifier).toBe('at-most');
    expectInterval(one('-atLeast'), -2.5e9, -2.5e9);
  });

  it('a sum of a list carries the bound its items share; min and max drop it', () => {
    const env = new Map<string, FormulaValue>([['xs', [op('USD', 1e9, 1e9, 'at-least'), op('USD', 2e9, 2e9, 'at-least')]]]);
    expect(one('sum(xs)', env).qualifier).toBe('at-least');
    expect(one('max(xs)', env).qualifier).toBeUndefined();
  });
});

describe('evaluate: currencies', () => {
  const rates: FxRate[] = [
    { from: 'DKK', to: 'USD', rate: 0.145, asOf: '2025-01-02', basis: 'stated', sources: ['s-fx'] },
    { from: 'CHF', to: 'USD', rate: 1.1, basis: 'assumption', sources: [], note: 'round' },
  ];
  const env = new Map<string, FormulaValue>([
    ['novo', op('DKK', 290.4e9)],
    ['roche', op('CHF', 60.5e9)],
    ['lilly', op('USD', 45.04e9)],
    ['eur', op('EUR', 1e9)],
  ]);

  it('converts the second amount into the first one’s currency through the stated rate, and reports the rate', () => {
    const ctx = context(rates);
    const r = one('lilly + novo', env, ctx);
    expect(r.unit).toBe('USD');
    expectRel(r.value.low, 45.04e9 + 290.4e9 * 0.145);
    expect(ctx.rates.map((x) => [x.from, x.to, x.factor, x.inverted])).toEqual([['DKK', 'USD', 0.145, false]]);
  });

  it('uses the inverse of a stated rate', () => {
    const ctx = context(rates);
    const r = one('novo + lilly', env, ctx);
    expect(r.unit).toBe('DKK');
    expectRel(r.value.low, 290.4e9 + 45.04e9 / 0.145);
    expect(ctx.rates[0]!.inverted).toBe(true);
  });

  it('DKK + CHF meet in the preferred currency when only the rates into it are stated', () => {
    const ctx = context(rates, 'USD');
    const r = one('novo + roche', env, ctx);
    expect(r.unit).toBe('USD');
    expectRel(r.value.low, 290.4e9 * 0.145 + 60.5e9 * 1.1); // 42.108B + 66.55B = 108.658B
    expect(ctx.rates.map((x) => `${x.from}→${x.to}`).sort()).toEqual(['CHF→USD', 'DKK→USD']);
  });

  it('sum() over several currencies meets in the preferred currency too', () => {
    const ctx = context(rates, 'USD');
    const r = one('sum(novo, roche, lilly)', env, ctx);
    expect(r.unit).toBe('USD');
    expectRel(r.value.low, 290.4e9 * 0.145 + 60.5e9 * 1.1 + 45.04e9);
  });

  it('without the preferred currency, DKK + CHF has no rate: an exchangeRate failure', () => {
    const e = failure(() => run('novo + roche', env, context(rates)));
    expect(e.kind).toBe('exchangeRate');
    expect(e.message).toMatch(/mixes CHF and DKK with no stated rate; add the rate to fx: in briefing\.yaml/);
  });

  it('a currency with no rate at all is an exchangeRate failure, also in a quotient', () => {
    expect(failure(() => run('lilly + eur', env, context(rates, 'USD'))).kind).toBe('exchangeRate');
    expect(failure(() => run('lilly / eur', env, context(rates))).kind).toBe('exchangeRate');
  });

  it('money ÷ money in two currencies with a rate is a ratio', () => {
    const r = one('novo / lilly', env, context(rates));
    expect(r.unit).toBe('ratio');
    expect(r.value.low).toBeCloseTo(290.4 / (45.04 / 0.145), 9);
  });
});

describe('printFormula', () => {
  it('prints × and ÷ for * and /, and − for minus', () => {
    expect(printFormula('valuation / revenue')).toBe('valuation ÷ revenue');
    expect(printFormula('valuation*float')).toBe('valuation × float');
    expect(printFormula('-loss / revenue')).toBe('−loss ÷ revenue');
    expect(printFormula('revenue / (1 + growth)')).toBe('revenue ÷ (1 + growth)');
    expect(printFormula('a - -b')).toBe('a − −b');
    expect(printFormula('sum(valuation)')).toBe('sum(valuation)');
  });

  it('prints − for a minus written without spaces, as it prints × for a * written without spaces', () => {
    // Input names cannot hold a "-", so "revenue-starlink" can only be a subtraction.
    expect(printFormula('revenue-starlink')).toBe('revenue − starlink');
    expect(printFormula('valuation*(1-shock)')).toBe('valuation × (1 − shock)');
    expect(printFormula('a*-b')).toBe('a × −b');
  });
});
