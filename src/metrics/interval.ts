/**
 * Interval arithmetic for figures that are ranges. A point value is the interval [v, v]. Every operation
 * returns the tightest interval holding every result of the inputs' values (moore arithmetic), so a metric
 * computed from a $1.75T–$2T valuation is itself a range.
 */
import { errorOf, msg } from '../messages.ts';

/** A closed interval `low`–`high` with `low <= high`; the unit is the caller's business. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** [a, b] + [c, d] = [a + c, b + d]. */
export function add(x: Interval, y: Interval): Interval {
  return { low: x.low + y.low, high: x.high + y.high };
}

/** [a, b] − [c, d] = [a − d, b − c]. */
export function subtract(x: Interval, y: Interval): Interval {
  return { low: x.low - y.high, high: x.high - y.low };
}

/** Product: min and max of the four corner products. */
export function multiply(x: Interval, y: Interval): Interval {
  const c = [x.low * y.low, x.low * y.high, x.high * y.low, x.high * y.high];
  return { low: Math.min(...c), high: Math.max(...c) };
}

/**
 * Quotient x ÷ y.
 * @throws RangeError when y contains zero (the quotient is unbounded).
 */
export function divide(x: Interval, y: Interval): Interval {
  if (y.low <= 0 && y.high >= 0) throw errorOf(msg.intervalDividesByZero(), RangeError);
  return multiply(x, { low: 1 / y.high, high: 1 / y.low });
}

/** Midpoint (low + high) / 2. */
export function mid(x: Interval): number {
  return (x.low + x.high) / 2;
}

/** True when the two intervals share at least one value. */
export function overlaps(x: Interval, y: Interval): boolean {
  return x.low <= y.high && y.low <= x.high;
}
