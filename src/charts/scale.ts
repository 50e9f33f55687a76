/**
 * The unit axis of a chart: the magnitude its values are drawn in (`US$ trillion`, `DKK billion`, `%`, `×`)
 * picked from the largest value, and the number locale Vega prints the axis in.
 */
import { isCurrency, isDimensionless, type Unit } from '../content/units.ts';
import type { Formatter } from '../format.ts';

/** The words of a chart's unit axis: `US$ trillion`, `DKK billion`, `%`, `×`, `GW`, and the divisor. */
export interface ChartScale {
  readonly unit: Unit;
  readonly divisor: number;
  readonly label: string;
}

const SCALES: readonly number[] = [1e12, 1e9, 1e6, 1e3];

/** The locale's word for a scale: `trillion` (en), `Billion` (de), `兆` (ja); `10億` where 1e9 has no word of its own. */
function scaleWord(divisor: number, locale: string): string {
  const parts = new Intl.NumberFormat(locale, { notation: 'compact', compactDisplay: 'long' }).formatToParts(divisor);
  const number = parts.filter((p) => p.type === 'integer').map((p) => p.value).join('');
  const word = parts.filter((p) => p.type === 'compact').map((p) => p.value).join('');
  return number === '1' ? word : `${number}${word}`;
}

/** Vega's number locale for a BCP 47 locale: its decimal mark and thousands separator, so axes read as the text does. */
export function vegaNumberLocale(locale: string): { decimal: string; thousands: string; grouping: number[]; currency: [string, string] } {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    thousands: parts.find((p) => p.type === 'group')?.value ?? ',',
    grouping: [3],
    currency: ['', ''],
  };
}

/**
 * The scale of values in `unit` whose largest magnitude is `max`: money in the short scale of its largest
 * value (`US$ trillion`: "$" alone is spelt US$ on an axis), percentages in %, multiples in ×.
 */
export function chartScale(unit: Unit, max: number, fmt: Formatter): ChartScale {
  if (isCurrency(unit)) {
    const sign = new Intl.NumberFormat(fmt.locale, { style: 'currency', currency: unit }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? unit;
    // "$" alone names several dollars: spell US$ for USD and the code for the others.
    const name = sign === '$' ? (unit === 'USD' ? 'US$' : unit) : sign;
    const divisor = SCALES.find((d) => max >= d * 0.9995) ?? 1;
    return { unit, divisor, label: divisor === 1 ? name : `${name} ${scaleWord(divisor, fmt.locale)}` };
  }
  if (unit === 'percent') return { unit, divisor: 0.01, label: '%' };
  if (unit === 'multiple') return { unit, divisor: 1, label: '×' };
  if (isDimensionless(unit) || unit === 'count') return { unit, divisor: 1, label: unit === 'count' ? 'count' : 'ratio' };
  return { unit, divisor: 1, label: unit };
}
