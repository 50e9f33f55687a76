import { describe, it, expect } from 'vitest';
import { parseAmount, type Amount, type Unit } from '../../src/content/amount.ts';

/** Parse and fail the test with the parser's own reason when the text is rejected. */
function ok(input: string | number, hint?: Unit): Amount {
  const r = parseAmount(input, hint);
  if (typeof r === 'string') throw new Error(`expected an amount for ${JSON.stringify(input)}, got: ${r}`);
  return r;
}

/** Assert a parse result is an amount with the given unit, bounds and qualifier. */
function expectAmount(input: string, unit: Unit, low: number, high: number, qualifier?: Amount['qualifier']): void {
  const a = ok(input);
  expect(a.unit).toBe(unit);
  // toBeCloseTo's precision is absolute digits; scale so that trillions compare to ~1e-6 relative.
  const scale = Math.max(Math.abs(low), Math.abs(high), 1);
  expect(a.low / scale).toBeCloseTo(low / scale, 9);
  expect(a.high / scale).toBeCloseTo(high / scale, 9);
  expect(a.qualifier).toBe(qualifier);
}

describe('parseAmount: money', () => {
  it('reads $1.77T as 1.77e12 USD', () => expectAmount('$1.77T', 'USD', 1.77e12, 1.77e12));
  it('reads $75B as 75e9 USD', () => expectAmount('$75B', 'USD', 75e9, 75e9));
  it('reads $570M as 570e6 USD', () => expectAmount('$570M', 'USD', 570e6, 570e6));
  it('reads $135 as 135 USD (no scale)', () => expectAmount('$135', 'USD', 135, 135));
  it('reads "US$ 75 billion" with a word scale', () => expectAmount('US$ 75 billion', 'USD', 75e9, 75e9));
  it('reads "RMB 5T" as CNY (RMB is an alias of the ISO code)', () => expectAmount('RMB 5T', 'CNY', 5e12, 5e12));
  it('reads "5T RMB" with a currency suffix', () => expectAmount('5T RMB', 'CNY', 5e12, 5e12));
  it('reads any ISO 4217 code before or after the number', () => {
    expectAmount('DKK 290.4B', 'DKK', 290.4e9, 290.4e9);
    expectAmount('290.4B DKK', 'DKK', 290.4e9, 290.4e9);
    expectAmount('CHF 60.5B', 'CHF', 60.5e9, 60.5e9);
    expectAmount('JPY 5T', 'JPY', 5e12, 5e12);
    expectAmount('75 billion USD', 'USD', 75e9, 75e9);
    expectAmount('$45.04B', 'USD', 45.04e9, 45.04e9);
  });
  it('reads currency signs that name one currency', () => {
    expectAmount('€12M', 'EUR', 12e6, 12e6);
    expectAmount('£3.1B', 'GBP', 3.1e9, 3.1e9);
    expectAmount('HK$5B', 'HKD', 5e9, 5e9);
    expectAmount('12 €', 'EUR', 12, 12);
    expectAmount('€12M-€15M', 'EUR', 12e6, 15e6);
    expectAmount('~DKK 290B', 'DKK', 290e9, 290e9, 'about');
  });
  it('reads "$75bn" and "USD 5B"', () => {
    expectAmount('$75bn', 'USD', 75e9, 75e9);
    expectAmount('USD 5B', 'USD', 5e9, 5e9);
  });
  it('keeps exact values for an exact input', () => {
    const a = ok('$75B');
    expect(a).toEqual({ unit: 'USD', low: 75e9, high: 75e9 });
    expect('qualifier' in a).toBe(false);
  });
});

describe('parseAmount: percentages, multiples, ratios, power, counts', () => {
  it('stores 33% as the fraction 0.33', () => expectAmount('33%', 'percent', 0.33, 0.33));
  it('reads a negative percentage -26% as -0.26', () => expectAmount('-26%', 'percent', -0.26, -0.26));
  it('reads 94x and 94× as the multiple 94', () => {
    expectAmount('94x', 'multiple', 94, 94);
    expectAmount('94×', 'multiple', 94, 94);
  });
  it('reads a bare decimal 1.22 in text as a ratio', () => expectAmount('1.22', 'ratio', 1.22, 1.22));
  it('reads a bare integer in text as a count (with thousands separators)', () => {
    expectAmount('2600', 'count', 2600, 2600);
    expectAmount('2,600', 'count', 2600, 2600);
  });
  it('reads 10 GW as power in gigawatts', () => expectAmount('10 GW', 'GW', 10, 10));
  it('uses the unit hint for text without a unit sign', () => {
    expect(ok('1.22', 'multiple')).toEqual({ unit: 'multiple', low: 1.22, high: 1.22 });
  });
  it('reads a bare number only with a unit hint', () => {
    expect(ok(1.22, 'ratio')).toEqual({ unit: 'ratio', low: 1.22, high: 1.22 });
    expect(ok(2600, 'count')).toEqual({ unit: 'count', low: 2600, high: 2600 });
  });
});

describe('parseAmount: ranges', () => {
  it('reads $1.75T-$2T with a hyphen', () => expectAmount('$1.75T-$2T', 'USD', 1.75e12, 2e12));
  it('reads $1.75T–$2T with an en dash', () => expectAmount('$1.75T–$2T', 'USD', 1.75e12, 2e12));
  it('reads "$1.75T to $2T"', () => expectAmount('$1.75T to $2T', 'USD', 1.75e12, 2e12));
  it('carries the scale of the upper side to the lower: $3–4B is 3e9..4e9', () => expectAmount('$3–4B', 'USD', 3e9, 4e9));
  it('carries % to the lower side: 15-25% is 0.15..0.25', () => expectAmount('15-25%', 'percent', 0.15, 0.25));
  it('reads a range of negative percentages "-5% to -2%"', () => expectAmount('-5% to -2%', 'percent', -0.05, -0.02));
  it('reads a range of multiples and a range with different scales', () => {
    expectAmount('20x-30x', 'multiple', 20, 30);
    expectAmount('$500M-$1.2B', 'USD', 500e6, 1.2e9);
  });
});

describe('parseAmount: qualifiers', () => {
  it('~ means about', () => expectAmount('~$1.77T', 'USD', 1.77e12, 1.77e12, 'about'));
  it('> means at least', () => expectAmount('>$2.5B', 'USD', 2.5e9, 2.5e9, 'at-least'));
  it('< means at most', () => expectAmount('<$3.6T', 'USD', 3.6e12, 3.6e12, 'at-most'));
  it('words and compound signs map to the same qualifiers', () => {
    expectAmount('about $1T', 'USD', 1e12, 1e12, 'about');
    expectAmount('≈3x', 'multiple', 3, 3, 'about');
    expectAmount('>=5%', 'percent', 0.05, 0.05, 'at-least');
    expectAmount('more than $2T', 'USD', 2e12, 2e12, 'at-least');
    expectAmount('under 5%', 'percent', 0.05, 0.05, 'at-most');
  });
  it('a qualifier applies to a whole range', () => expectAmount('~15%-25%', 'percent', 0.15, 0.25, 'about'));
});

describe('parseAmount: rejections', () => {
  const rejects = (input: string | number, pattern: RegExp, hint?: Unit): void => {
    const r = parseAmount(input, hint);
    expect(typeof r).toBe('string');
    expect(r as string).toMatch(pattern);
  };
  it('rejects the empty string and blanks', () => {
    rejects('', /empty/);
    rejects('   ', /empty/);
  });
  it('rejects text that is not a number', () => rejects('abc', /cannot read "abc"/));
  it('rejects a currency with a percent sign ($5%)', () => rejects('$5%', /mixes a currency and a percentage/));
  it('rejects a range written high to low', () => {
    rejects('$2T-$1T', /high to low/);
    rejects('25%-15%', /high to low/);
  });
  it('rejects a range mixing units ($1B-5%)', () => rejects('$1B-5%', /mixes units/));
  it('rejects two currencies in one amount', () => rejects('$5B RMB', /currency twice/));
  it('rejects malformed numbers and unknown signs', () => {
    rejects('$1.7.7T', /cannot read/);
    rejects('1e3', /cannot read/);
    rejects('5 foo', /unknown suffix "foo"/);
  });
  it('reads a minus before or after the currency, and the U+2212 minus the formatter prints', () => {
    expectAmount('DKK -1.2B', 'DKK', -1.2e9, -1.2e9);
    expectAmount('-$5B', 'USD', -5e9, -5e9);
    expectAmount('\u2212$5B', 'USD', -5e9, -5e9);
    expectAmount('-€48M', 'EUR', -48e6, -48e6);
    expectAmount('-$5B to -$3B', 'USD', -5e9, -3e9);
    expectAmount('$3 - 4B', 'USD', 3e9, 4e9);
  });
  it('refuses ¥ alone, asking for CNY or JPY', () => {
    rejects('¥5T', /"¥" .* can mean CNY or JPY; write the currency code/);
    rejects('5T ¥', /can mean CNY or JPY/);
  });
  it('refuses a three-letter code that is not ISO 4217, suggesting the nearest', () => {
    rejects('XYZ 5B', /"XYZ" in "XYZ 5B" is not an ISO 4217 currency code/);
    rejects('DKX 5B', /did you mean "DKK"/);
    rejects('5B DKX', /not an ISO 4217 currency code \(did you mean "DKK"\?\)/);
  });
  it('rejects three-part ranges', () => rejects('$1B-$2B-$3B', /range/));
  it('rejects a bare number without a unit hint', () => rejects(1.22, /needs a unit/));
  it('rejects non-finite bare numbers even with a hint', () => {
    rejects(Number.NaN, /not a finite number/, 'ratio');
    rejects(Number.POSITIVE_INFINITY, /not a finite number/, 'ratio');
  });

  it('refuses scale words that are Object.prototype names, and infinite amounts', () => {
    expect(parseAmount('$24.4 valueOf')).toBe('unknown suffix "valueOf" in "$24.4 valueOf"');
    expect(parseAmount('$2 toString')).toBe('unknown suffix "toString" in "$2 toString"');
    expect(parseAmount('5 constructor')).toBe('unknown suffix "constructor" in "5 constructor"');
    expect(parseAmount(`$${'9'.repeat(400)}`)).toMatch(/not a finite amount/);
  });
});

