/**
 * Amounts typed in prose the way the briefing's locale prints them, read as the prose check reads English
 * ones: a writer who copies `CHF 63 Mrd.` (de-CH), `1,5 Mrd. €` (de) or `1,5 Bn €` (fr, a trillion) from the
 * draft means what the draft means. The text is rewritten, before the check scans it, with each of the
 * locale's short scales (Intl's compact notation: `Mio.`, `Mrd.`, `Bio.`; `Md`, `Bn`; `mn`, `md`, `bn`, ...)
 * as the English letter of the same power of a thousand (`M`, `B`, `T`), numbers in the locale's separators as
 * English digits (`1,5` → `1.5`, `1’234` → `1,234`), and the currency signs it prints beside a number as their
 * codes (`$AU` → `AUD` in French, `元` → `CNY` in Japanese); a map takes each offset back to the text as written,
 * for the place and the excerpt a warning shows.
 *
 * A locale's scale that English reads too (Swedish `bn` and Spanish `B` are trillions, Danish `t` a thousand) is
 * read the locale's way only after a number in the locale's decimal form (`1,5 bn`): `$1.5bn` and `50 B` stay
 * English, as English prose in the briefing writes them. Numbers: in a
 * locale whose decimal separator is a comma, a comma before one or two digits, or after groups of three set off
 * by the locale's group separator (`1.234,5`), is a decimal comma; `1,500` stays English (it is how English
 * prose in such a briefing writes fifteen hundred), and so does `45.0`. Scales that are no power of a thousand
 * (Japanese 万, 億) are left as written: those amounts are not read.
 */

import { isScale } from '../content/amount.ts';
import { AMBIGUOUS_SIGNS, CURRENCY_SIGNS } from '../content/units.ts';
import { escapeRegExp } from '../text.ts';

/** Text rewritten for the scan, and where each of its offsets was in the text as written. */
export interface LocalText {
  readonly text: string;
  /** The offset in the text as written of offset `i` of {@link text} (`text.length` maps past the end). */
  readonly at: (i: number) => number;
}

/** The English letter of each power of a thousand. */
const LETTER: Readonly<Record<number, string>> = { 1e3: 'K', 1e6: 'M', 1e9: 'B', 1e12: 'T' };

/**
 * How a locale that does not print amounts as English does writes them, found once per locale: its short
 * scales, decimal separator, and the patterns {@link localNumbers} rewrites with.
 */
interface LocaleNumbers {
  /** Each short scale that is a power of a thousand, spelt as the locale prints it, with its English letter. */
  readonly scales: readonly (readonly [spelling: string, letter: string])[];
  readonly decimal: string;
  /** A number (its digits, groups and decimals), or one of the locale's scales after a number. */
  readonly token: RegExp;
  /** A number written the locale's way with a decimal comma: groups of three and perhaps decimals, or a comma before one or two digits. */
  readonly localDigits: RegExp;
  /** The locale's group separators and the ones writers type for them (no-break spaces, apostrophes). */
  readonly groups: RegExp;
  /** The currency signs the locale prints that name one currency and that amount.ts does not read as it: sign → code. */
  readonly symbols: ReadonlyMap<string, string>;
  /** One of {@link symbols} beside a number; undefined when there are none. */
  readonly beside: RegExp | undefined;
}

/**
 * The signs `locale` prints for currencies (`$AU` and `$CA` in French, `元` in Japanese, `FCFA`), each with its
 * code, but a sign that stands for several currencies in the locale, one amount.ts reads as the same code
 * already, and a code printed as itself. Longest first.
 */
function localSigns(locale: string): Map<string, string> {
  const codes = new Map<string, string[]>();
  for (const code of Intl.supportedValuesOf('currency')) {
    const sign = new Intl.NumberFormat(locale, { style: 'currency', currency: code }).formatToParts(1).find((p) => p.type === 'currency')?.value.trim();
    if (sign !== undefined && sign !== '' && sign !== code) codes.set(sign, [...(codes.get(sign) ?? []), code]);
  }
  const signs = [...codes].filter(([sign, list]) => list.length === 1 && !CURRENCY_SIGNS.some(([s, c]) => s === sign && c === list[0]) && !Object.hasOwn(AMBIGUOUS_SIGNS, sign));
  return new Map(signs.sort((a, b) => b[0].length - a[0].length).map(([sign, list]) => [sign, list[0]!]));
}

/** Each locale's {@link LocaleNumbers}, or null for a locale that prints amounts as English does. */
const LOCALES = new Map<string, LocaleNumbers | null>();

/** What Intl prints for `locale` (see {@link LocaleNumbers}), or null when it prints amounts as English does. */
function localeNumbers(locale: string): LocaleNumbers | null {
  const known = LOCALES.get(locale);
  if (known !== undefined) return known;
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', compactDisplay: 'short', maximumSignificantDigits: 3 });
  const scales: [string, string][] = [];
  for (const power of [1e3, 1e6, 1e9, 1e12]) {
    const parts = compact.formatToParts(1.5 * power);
    const spelling = parts.filter((p) => p.type === 'compact').map((p) => p.value).join('');
    const shown = Number(parts.filter((p) => p.type === 'integer' || p.type === 'fraction' || p.type === 'decimal').map((p) => (p.type === 'decimal' ? '.' : p.value)).join(''));
    const letter = LETTER[Math.round((1.5 * power) / shown)];
    if (spelling !== '' && letter !== undefined && !scales.some(([s]) => s === spelling)) scales.push([spelling, letter]);
  }
  scales.sort((a, b) => b[0].length - a[0].length);
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.5);
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  // English (K M B T, k m bn tn, 1,234.5): the check reads these already.
  if (decimal === '.' && group === ',' && scales.every(([s, l]) => s.charAt(0).toUpperCase() === l)) {
    LOCALES.set(locale, null);
    return null;
  }
  const groups = `[${escapeRegExp(group)}\u00a0\u202f’']`;
  const scale = scales.length === 0 ? '' : `|(?<=\\d[\\s\u00a0\u202f]?)(?:${scales.map(([s]) => escapeRegExp(s)).join('|')})(?![\\p{L}])`;
  const symbols = localSigns(locale);
  const sign = `(?:${[...symbols.keys()].map(escapeRegExp).join('|')})`;
  const space = '[\\s\u00a0\u202f]?';
  const found: LocaleNumbers = {
    scales,
    decimal,
    token: new RegExp(`\\d[\\d.,\u00a0\u202f’']*\\d|\\d${scale}`, 'gu'),
    localDigits: new RegExp(`^\\d{1,3}(?:${groups}\\d{3})+(?:,\\d+)?$|^\\d+,\\d{1,2}$`, 'u'),
    groups: new RegExp(groups, 'gu'),
    symbols,
    beside: symbols.size === 0 ? undefined : new RegExp(`(?<=\\d(?:${space}[KMBT])?${space})${sign}(?![\\p{L}])|(?<![\\p{L}\\p{Sc}])${sign}(?=${space}\\d)`, 'gu'),
  };
  LOCALES.set(locale, found);
  return found;
}

/**
 * `text` with the amounts `locale` prints read as English ones (see the module comment), and the way back to
 * the offsets of `text`. English locales change nothing.
 */
export function localNumbers(text: string, locale: string): LocalText {
  const local = localeNumbers(locale);
  if (local === null) return { text, at: (i) => i };
  const { scales, decimal, token, symbols, beside } = local;
  // Whether the number just before was written with the locale's decimal comma (1,5), and where it ended.
  let localDecimal = false;
  let numberEnd = -2;
  const numbers = rewrite(text, token, (written, index) => {
    if (/\d/.test(written[0]!)) {
      const piece = englishDigits(written, local);
      localDecimal = decimal === ',' && piece.includes('.') && !written.includes('.');
      numberEnd = index + written.length;
      return piece;
    }
    // A scale English reads too (Swedish bn, Spanish B) is the locale's only after a number in its own decimal
    // form (1,5 bn): English prose in the briefing writes $1.5bn and 50 B in English.
    const letter = scales.find(([s]) => s === written)![1];
    return isScale(written) && !(localDecimal && index - numberEnd <= 1) ? written : letter;
  });
  if (beside === undefined) return numbers;
  // The locale's currency signs beside a number ($AU, 元, FCFA), as their codes.
  const signs = rewrite(numbers.text, beside, (written) => symbols.get(written)!);
  return { text: signs.text, at: (i) => numbers.at(signs.at(i)) };
}

/**
 * `text` with each match of the global `pattern` replaced by what `replace` gives for it (the match itself
 * keeps it), and the way back to the offsets of `text`: a character of a replacement maps to the match's
 * start plus its own offset, clipped to the match's end.
 */
function rewrite(text: string, pattern: RegExp, replace: (written: string, index: number) => string): LocalText {
  let out = '';
  const map: number[] = [];
  let from = 0;
  const emit = (piece: string, start: number, end: number): void => {
    for (let k = 0; k < piece.length; k++) map.push(k < end - start ? start + k : end);
    out += piece;
  };
  for (const m of text.matchAll(pattern)) {
    emit(text.slice(from, m.index), from, m.index);
    emit(replace(m[0], m.index), m.index, m.index + m[0].length);
    from = m.index + m[0].length;
  }
  emit(text.slice(from), from, text.length);
  return { text: out, at: (i) => (i >= map.length ? text.length : map[i]!) };
}

/** A number written in `local`'s separators, in English digits. */
function englishDigits(written: string, local: LocaleNumbers): string {
  if (local.decimal !== ',') return written.replace(/[\u00a0\u202f’']/gu, ',');
  if (!local.localDigits.test(written)) return written;
  return written.replace(local.groups, '').replace(',', '.');
}
