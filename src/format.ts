/**
 * How figures are printed: money as `$1.77T`, percentages as `33%`, multiples as `94×`, dates as
 * `1 June 2026`. Used by the template helpers, chart labels and alt text alike, so one figure reads the same
 * everywhere. Three significant digits unless the value is an integer below 1,000.
 */
import type { Amount, Unit } from './content/amount.ts';

const CURRENCY_PREFIX: Partial<Record<Unit, string>> = { USD: '$', RMB: 'RMB ' };

/** Up to three significant digits, trailing zeros dropped: 1.77, 93.6, 107, 2. */
function sig(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Number.isInteger(v)) return String(v);
  const rounded = Number(v.toPrecision(3));
  return Math.abs(rounded) >= 1000 ? rounded.toLocaleString('en-US') : String(rounded);
}

/**
 * Money in short scale: `$1.77T`, `$75B`, `$570M`, `$135`, `RMB 5T`; negative values as `−$4.9B`.
 * @param value whole currency units.
 */
export function formatMoney(value: number, unit: Unit = 'USD'): string {
  const prefix = CURRENCY_PREFIX[unit] ?? '';
  const sign = value < 0 ? '−' : '';
  const abs = Math.abs(value);
  const scales: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
  ];
  for (const [scale, suffix] of scales) {
    if (abs >= scale * 0.9995) return `${sign}${prefix}${sig(abs / scale)}${suffix}`;
  }
  return `${sign}${prefix}${abs >= 1000 ? sig(abs) : Number(abs.toFixed(2)).toString()}`;
}

/** A fraction as a percentage: 0.33 → `33%`, 0.0424 → `4.24%`, −0.262 → `−26.2%`. */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  return `${pct < 0 ? '−' : ''}${sig(Math.abs(pct))}%`;
}

/** A multiple: 94 → `94×`, 93.57 → `93.6×`. */
export function formatMultiple(value: number): string {
  return `${sig(value)}×`;
}

/**
 * One value in its unit (see {@link Unit} for the scales): USD/RMB in whole currency units → `$1.77T`;
 * percent as a fraction → `33%`; multiple → `94×`; ratio → `1.22`; count → `2,600`; GW → `10 GW`.
 */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'USD':
    case 'RMB':
      return formatMoney(value, unit);
    case 'percent':
      return formatPercent(value);
    case 'multiple':
      return formatMultiple(value);
    case 'ratio':
      return sig(value);
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'GW':
      return `${sig(value)} GW`;
  }
}

const QUALIFIER_SIGN = { about: '~', 'at-least': '>', 'at-most': '<' } as const;

/**
 * A value or range with its qualifier: `$1.77T`, `$1.75T–$2T`, `>$2.5B`, `~$1T`, `15%–25%`.
 * @param a an {@link Amount} or any `{unit, low, high}`.
 */
export function formatAmount(a: Pick<Amount, 'unit' | 'low' | 'high' | 'qualifier'>): string {
  const lead = a.qualifier ? QUALIFIER_SIGN[a.qualifier] : '';
  const lo = formatValue(a.low, a.unit);
  if (a.low === a.high) return `${lead}${lo}`;
  const hi = formatValue(a.high, a.unit);
  return lo === hi ? `${lead}${lo}` : `${lead}${lo}–${hi}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * An ISO date `2026-06-01` as `1 June 2026`. Calendar arithmetic only: no time zone is involved.
 * @throws RangeError for text that is not a real calendar date `YYYY-MM-DD`.
 */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const utc = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !utc || utc.getUTCMonth() !== Number(m[2]) - 1 || utc.getUTCDate() !== Number(m[3])) throw new RangeError(`not a calendar date: ${iso}`);
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}
