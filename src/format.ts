/**
 * How figures are printed, through `Intl.NumberFormat` in the briefing's locale (`locale:` in briefing.yaml,
 * default `en`): money in short scale with its currency sign or code (`$1.77T`, `DKK 290B`, `€12M`,
 * `CN¥5T`), percentages (`33%`), multiples (`94×`), counts (`2,600`), physical units (`10 GW`), dates as
 * `1 June 2026`. The template helpers, chart labels, alt text and formula lines all print through one
 * {@link Formatter}, so one figure reads the same everywhere. Three significant digits unless the value is an
 * integer or 1,000 and above; negative values carry U+2212 (−).
 */
import type { Amount, Unit } from './content/amount.ts';
import { isCurrency } from './content/units.ts';
import { errorOf, msg } from './messages.ts';

/** Locale used when a briefing names none. */
export const DEFAULT_LOCALE = 'en';

/** Printing of values in one locale (see the module comment for the forms). */
export interface Formatter {
  readonly locale: string;
  /** Money in short scale, `value` in whole units of `currency` (an ISO 4217 code): `$1.77T`, `DKK 290B`. */
  money(value: number, currency: Unit): string;
  /** A fraction as a percentage: 0.33 → `33%`. */
  percent(fraction: number): string;
  /** A multiple: 94 → `94×`. */
  multiple(value: number): string;
  /** A plain number with up to three significant digits: 1.22 → `1.22`. */
  number(value: number): string;
  /** An exchange rate as stated, up to six significant digits: 7.586 → `7.586`, 1/0.145 → `6.89655`. */
  rate(value: number): string;
  /** One value in its unit (see {@link Unit}). */
  value(value: number, unit: Unit): string;
  /** A value or range with its qualifier: `$1.77T`, `$1.75T–$2T`, `>$2.5B`, `~$1T`, `15%–25%`. */
  amount(a: Pick<Amount, 'unit' | 'low' | 'high' | 'qualifier'>): string;
  /**
   * An ISO date: `1 June 2026` in English locales, the locale's long form elsewhere (`1. Juni 2026` in de).
   * @throws RangeError for text that is not a calendar date.
   */
  date(iso: string): string;
  /**
   * An ISO date in the compact form tables use: `31 Mar 2026` in English locales, the locale's medium form
   * elsewhere (`31. März 2026` in de).
   * @throws RangeError for text that is not a calendar date.
   */
  shortDate(iso: string): string;
  /**
   * A day of the year `MM-DD` without a year, as a fiscal year end is named: `31 March` in English locales
   * (`31. März` in de).
   * @throws RangeError for text that is not `MM-DD` of a real day.
   */
  dayMonth(monthDay: string): string;
}

/** Number options with the name a {@link numberPrinter} knows them by (one name, one set of options). */
type Named = readonly [name: string, options: Intl.NumberFormatOptions];

const WHOLE: Named = ['whole', { maximumFractionDigits: 0 }];
const SIGNIFICANT: Named = ['3 significant', { maximumSignificantDigits: 3 }];
const WHOLE_PERCENT: Named = ['whole percent', { style: 'percent', ...WHOLE[1] }];
const SIGNIFICANT_PERCENT: Named = ['3 significant percent', { style: 'percent', ...SIGNIFICANT[1] }];
const RATE: Named = ['6 significant', { maximumSignificantDigits: 6 }];

/** Digits of {@link Formatter}: three significant digits, but integers and values from 1,000 up are whole. */
function digits(abs: number): Named {
  return abs === 0 || abs >= 1000 || Number.isInteger(abs) ? WHOLE : SIGNIFICANT;
}

const QUALIFIER_SIGN = { about: '~', 'at-least': '>', 'at-most': '<' } as const;

/** The formatters made so far, by locale: a formatter holds nothing but its `Intl` objects, so one serves all. */
const FORMATTERS = new Map<string, Formatter>();

/**
 * The {@link Formatter} for `locale` (a BCP 47 tag such as `en`, `en-GB`, `da`, `de-CH`). Each distinct
 * `Intl.NumberFormat` it needs is built once and kept for the process's life: a preview's every re-render
 * prints with the ones the first render built.
 * @throws RangeError for a tag that is not a well-formed locale (the loader checks `locale:` before).
 */
export function createFormatter(locale: string = DEFAULT_LOCALE): Formatter {
  let f = FORMATTERS.get(locale);
  if (f === undefined) {
    f = formatterOf(locale);
    FORMATTERS.set(locale, f);
  }
  return f;
}

/** A new {@link Formatter} for `locale`; see {@link createFormatter}. */
function formatterOf(locale: string): Formatter {
  // Intl checks a tag when it builds a format, which is when the first number prints: check it now.
  Intl.getCanonicalLocales(locale);
  const print = numberPrinter(locale);
  const plain = (v: number): string => print(digits(Math.abs(v)), v);
  let dates: Intl.DateTimeFormat | undefined; // made on the first date printed
  let shortDates: Intl.DateTimeFormat | undefined;
  let dayMonths: Intl.DateTimeFormat | undefined;
  const f: Formatter = {
    locale,
    money(value, currency) {
      const abs = Math.abs(value);
      // Short scale from a million up (999,500 already rounds to 1M); whole units below, cents under 1,000.
      if (abs >= 999_500) return print([`${currency} short`, { style: 'currency', currency, notation: 'compact', compactDisplay: 'short', maximumSignificantDigits: 3 }], value);
      const cents = abs >= 1000 || Number.isInteger(abs) ? 0 : 2;
      return print([`${currency} ${cents}`, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: cents }], value);
    },
    percent: (fraction) => print(digits(Math.abs(fraction * 100)) === WHOLE ? WHOLE_PERCENT : SIGNIFICANT_PERCENT, fraction),
    multiple: (value) => `${plain(value)}×`,
    number: plain,
    rate: (value) => print(RATE, value),
    value(value, unit) {
      if (isCurrency(unit)) return f.money(value, unit);
      switch (unit) {
        case 'percent':
          return f.percent(value);
        case 'multiple':
          return f.multiple(value);
        case 'ratio':
          return plain(value);
        case 'count':
          return print(WHOLE, Math.round(value));
        default:
          return `${plain(value)} ${unit}`;
      }
    },
    date(iso) {
      dates ??= datePrinter(locale);
      return dates.format(calendarDate(iso));
    },
    shortDate(iso) {
      shortDates ??= datePrinter(locale, { month: 'short' });
      return shortDates.format(calendarDate(iso));
    },
    dayMonth(monthDay) {
      dayMonths ??= datePrinter(locale, { year: undefined });
      // A year that has every day, 29 February included, and prints none.
      return dayMonths.format(calendarDate(`2000-${monthDay}`));
    },
    amount(a) {
      const lead = a.qualifier ? QUALIFIER_SIGN[a.qualifier] : '';
      const lo = f.value(a.low, a.unit);
      if (a.low === a.high) return `${lead}${lo}`;
      const hi = f.value(a.high, a.unit);
      return lo === hi ? `${lead}${lo}` : `${lead}${lo}–${hi}`;
    },
  };
  return f;
}

/** Most printed numbers a {@link numberPrinter} remembers; past it, it starts again from none. */
const MAX_PRINTED = 200_000;

/**
 * A number printer for `locale`: `(named options, value) → text`, one Intl.NumberFormat per name of options,
 * U+2212 for the minus sign whatever sign the locale uses. The value is first rounded to 12 significant digits,
 * so that floating-point noise (3.1e12 × 0.145 = 449,499,999,999.99994) does not tip a half-way value the
 * wrong way. Each text printed is remembered by name and value (at most {@link MAX_PRINTED}): a preview
 * re-render prints the same tens of thousands of numbers as the render before it.
 */
function numberPrinter(locale: string): (options: Named, v: number) => string {
  const formats = new Map<string, Intl.NumberFormat>();
  const printed = new Map<string, string>();
  return ([name, options], v) => {
    const x = Number(v.toPrecision(12));
    const key = `${name} ${x}`;
    const known = printed.get(key);
    if (known !== undefined) return known;
    let f = formats.get(name);
    if (f === undefined) {
      f = new Intl.NumberFormat(locale, options);
      formats.set(name, f);
    }
    // Only a negative number has a minus sign to replace; format() is twice as fast as formatToParts().
    const text = !(x < 0) ? f.format(x) : f.formatToParts(x).map((p) => (p.type === 'minusSign' ? '\u2212' : p.value)).join('');
    if (printed.size >= MAX_PRINTED) printed.clear();
    printed.set(key, text);
    return text;
  };
}

/** The formatter of the default locale, for callers that print outside a briefing (CLI summaries, tests). */
const DEFAULT = createFormatter();

/** {@link Formatter.money} in the default locale; `unit` is an ISO 4217 code (USD when omitted). */
export const formatMoney = (value: number, unit: Unit = 'USD'): string => DEFAULT.money(value, unit);
/** {@link Formatter.percent} in the default locale. */
export const formatPercent = (fraction: number): string => DEFAULT.percent(fraction);
/** {@link Formatter.multiple} in the default locale. */
export const formatMultiple = (value: number): string => DEFAULT.multiple(value);
/** {@link Formatter.value} in the default locale. */
export const formatValue = (value: number, unit: Unit): string => DEFAULT.value(value, unit);
/** {@link Formatter.amount} in the default locale. */
export const formatAmount = (a: Pick<Amount, 'unit' | 'low' | 'high' | 'qualifier'>): string => DEFAULT.amount(a);

/**
 * Long dates in `locale`: in English locales day, month name and year (`1 June 2026`, the en-GB form, for
 * en-US too), elsewhere the locale's own long form (`1. Juni 2026` in de). Calendar dates: read in UTC.
 * `options` change a part (`{month: 'short'}`: `1 Jun 2026`; `{year: undefined}`: `1 June`).
 */
function datePrinter(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(/^en\b/i.test(locale) ? 'en-GB' : locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC', ...options });
}

/**
 * The calendar date of an ISO date `YYYY-MM-DD`, at midnight UTC.
 * @throws RangeError for text that is not a real calendar date `YYYY-MM-DD` (`2026-02-31`, `2026-6-1`).
 */
function calendarDate(iso: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const date = new Date(0);
  if (m) date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3])); // years 0–99 as written, not 19xx
  if (!m || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) throw errorOf(msg.notCalendarDate(iso), RangeError);
  return date;
}

/**
 * An ISO date `2026-06-01` as `1 June 2026` ({@link Formatter.date} in the default locale).
 * @throws RangeError for text that is not a real calendar date `YYYY-MM-DD`.
 */
export const formatDate = (iso: string): string => DEFAULT.date(iso);
