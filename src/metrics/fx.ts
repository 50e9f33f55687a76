/**
 * Currency conversion through the rates a briefing states in `fx:` (briefing.yaml), and only through them:
 * the toolkit never fetches a rate and never assumes one. A rate `{from: CNY, to: USD, rate: 0.14}` means
 * 1 CNY = 0.14 USD; the inverse (1 USD = 1/0.14 CNY) follows from it. Rates are not chained through a
 * third currency: a briefing that needs DKK→CHF states that rate.
 */
import type { FxRate } from '../content/model.ts';
import type { Formatter } from '../format.ts';
import { isCurrency, type Unit } from '../content/units.ts';
import { multiply, type Interval } from './interval.ts';
import { unique } from '../lists.ts';

/** A rate as applied in one direction: 1 `from` = `factor` × `to`, from the stated rate (inverted or not). */
export interface AppliedRate {
  readonly from: Unit;
  readonly to: Unit;
  /** Units of `to` per unit of `from` (a ratio). */
  readonly factor: number;
  /** The rate as the briefing states it. */
  readonly stated: FxRate;
  /** True when `factor` is 1 ÷ the stated rate. */
  readonly inverted: boolean;
}

/** The rates of one briefing, looked up by currency pair. */
export interface FxTable {
  /** The rate from one currency to another, direct or inverted; undefined when none is stated (or the units are not two currencies). */
  rate(from: Unit, to: Unit): AppliedRate | undefined;
  /** `value` in `from` converted to `to`, with the rate used; undefined without a stated rate. */
  convert(value: Interval, from: Unit, to: Unit): { readonly value: Interval; readonly rate: AppliedRate } | undefined;
  /** Every currency a stated rate names, in the order the rates name them. */
  readonly currencies: readonly Unit[];
}

/** Build the {@link FxTable} of a briefing's `fx:` list (the loader has refused duplicate pairs). */
export function fxTable(rates: readonly FxRate[]): FxTable {
  const table: FxTable = {
    currencies: unique(rates.flatMap((r) => [r.from, r.to])),
    rate(from, to) {
      if (from === to || !isCurrency(from) || !isCurrency(to)) return undefined;
      for (const stated of rates) {
        if (stated.from === from && stated.to === to) return { from, to, factor: stated.rate, stated, inverted: false };
        if (stated.from === to && stated.to === from) return { from, to, factor: 1 / stated.rate, stated, inverted: true };
      }
      return undefined;
    },
    convert(value, from, to) {
      const rate = table.rate(from, to);
      return rate === undefined ? undefined : { value: multiply(value, { low: rate.factor, high: rate.factor }), rate };
    },
  };
  return table;
}

/**
 * How a formula line shows a rate: `1 CNY = 0.14 USD (assumed rate)` or
 * `1 DKK = 0.145 USD (rate of 2 January 2026)`; the rate's sources are cited beside the line.
 */
export function describeRate(r: AppliedRate, fmt: Formatter): string {
  const when = r.stated.asOf === undefined ? '' : r.stated.basis === 'assumption' ? `, as of ${fmt.date(r.stated.asOf)}` : ` of ${fmt.date(r.stated.asOf)}`;
  const what = r.stated.basis === 'assumption' ? `assumed rate${when}` : `rate${when}`;
  return `1 ${r.from} = ${fmt.rate(r.factor)} ${r.to} (${what}${r.inverted ? `, the inverse of 1 ${r.to} = ${fmt.rate(r.stated.rate)} ${r.from}` : ''})`;
}
