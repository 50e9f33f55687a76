import { describe, it, expect } from 'vitest';
import { add, divide, mid, multiply, overlaps, subtract } from '../../src/metrics/interval.ts';

const iv = (low: number, high: number) => ({ low, high });

describe('add', () => {
  it('adds lows and highs: [1,2] + [10,20] = [11,22]', () => {
    expect(add(iv(1, 2), iv(10, 20))).toEqual(iv(11, 22));
  });
  it('adds points', () => {
    expect(add(iv(1.75e12, 2e12), iv(1e12, 1e12))).toEqual(iv(2.75e12, 3e12));
  });
});

describe('subtract', () => {
  it('[a,b] − [c,d] = [a−d, b−c]: [10,20] − [1,2] = [8,19]', () => {
    expect(subtract(iv(10, 20), iv(1, 2))).toEqual(iv(8, 19));
  });
  it('can cross zero: [1,2] − [1,3] = [−2,1]', () => {
    expect(subtract(iv(1, 2), iv(1, 3))).toEqual(iv(-2, 1));
  });
});

describe('multiply', () => {
  it('positive ranges: [2,3] × [4,5] = [8,15]', () => {
    expect(multiply(iv(2, 3), iv(4, 5))).toEqual(iv(8, 15));
  });
  it('takes the min and max of corner products with negatives: [−2,3] × [−5,4] = [−15,12]', () => {
    // corners: 10, −8, −15, 12
    expect(multiply(iv(-2, 3), iv(-5, 4))).toEqual(iv(-15, 12));
  });
  it('negative times positive: [−3,−2] × [4,5] = [−15,−8]', () => {
    expect(multiply(iv(-3, -2), iv(4, 5))).toEqual(iv(-15, -8));
  });
  it('negative times negative: [−3,−2] × [−5,−4] = [8,15]', () => {
    expect(multiply(iv(-3, -2), iv(-5, -4))).toEqual(iv(8, 15));
  });
  it('valuation × float: [3.715e12, 4.2e12] × [0.15, 0.25] = [557.25e9, 1.05e12]', () => {
    const r = multiply(iv(3.715e12, 4.2e12), iv(0.15, 0.25));
    expect(r.low / 1e9).toBeCloseTo(557.25, 6);
    expect(r.high / 1e9).toBeCloseTo(1050, 6);
  });
});

describe('divide', () => {
  it('[6,8] ÷ [2,4] = [1.5,4]', () => {
    expect(divide(iv(6, 8), iv(2, 4))).toEqual(iv(1.5, 4));
  });
  it('by a negative range: [6,8] ÷ [−4,−2] = [−4,−1.5]', () => {
    expect(divide(iv(6, 8), iv(-4, -2))).toEqual(iv(-4, -1.5));
  });
  it('valuation ÷ revenue: [1.75e12, 2e12] ÷ 18.7e9 = [93.58, 106.95]', () => {
    const r = divide(iv(1.75e12, 2e12), iv(18.7e9, 18.7e9));
    expect(r.low).toBeCloseTo(93.5829, 3); // 1750 / 18.7
    expect(r.high).toBeCloseTo(106.9519, 3); // 2000 / 18.7
  });
  it('throws RangeError when the divisor contains zero', () => {
    expect(() => divide(iv(1, 2), iv(-1, 1))).toThrow(RangeError);
    expect(() => divide(iv(1, 2), iv(0, 1))).toThrow(RangeError);
    expect(() => divide(iv(1, 2), iv(-1, 0))).toThrow(RangeError);
    expect(() => divide(iv(1, 2), iv(0, 0))).toThrow(RangeError);
  });
});

describe('mid', () => {
  it('is the midpoint', () => {
    expect(mid(iv(1.75, 2))).toBe(1.875);
    expect(mid(iv(-3, 3))).toBe(0);
  });
});

describe('overlaps', () => {
  it('is true for intersecting intervals, either order', () => {
    expect(overlaps(iv(1, 5), iv(4, 8))).toBe(true);
    expect(overlaps(iv(4, 8), iv(1, 5))).toBe(true);
  });
  it('is true when one contains the other', () => {
    expect(overlaps(iv(0, 10), iv(4, 5))).toBe(true);
  });
  it('is true when the intervals only touch', () => {
    expect(overlaps(iv(1, 2), iv(2, 3))).toBe(true);
  });
  it('is false for disjoint intervals', () => {
    expect(overlaps(iv(1, 2), iv(2.0001, 3))).toBe(false);
    expect(overlaps(iv(380e9, 525e9), iv(540e9, 900e9))).toBe(false);
  });
  it('handles unbounded ends', () => {
    expect(overlaps(iv(3.42e12, Infinity), iv(3.715e12, 4.2e12))).toBe(true);
    expect(overlaps(iv(-Infinity, 1), iv(2, 3))).toBe(false);
  });
});
