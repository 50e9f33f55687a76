/**
 * Units a figure can carry, and the kinds of unit a quantity can be measured in.
 *
 * - Money is any ISO 4217 currency, named by its code (`USD`, `DKK`, `CNY`). The codes are those the
 *   runtime's ICU data knows (`Intl.supportedValuesOf('currency')`), so printing through `Intl.NumberFormat`
 *   works for every code that parses. `RMB` is an alias of `CNY`. A few unambiguous signs stand for a code
 *   (`$` and `US$` for USD, `€` for EUR, `£` for GBP, …); `¥` alone is refused because it means CNY or JPY.
 * - `percent` (stored as a fraction: 33% is 0.33), `ratio` (a plain ratio), `multiple` (94 is 94×) and
 *   `count` (a plain count).
 * - Physical units such as `GW` or `TWh`, each stored in the unit as written (no conversion between them).
 *
 * The list of unit kinds is fixed (the toolkit's arithmetic depends on it); the currencies are the world's.
 */
import { closest, distance } from 'fastest-levenshtein';
import { problem } from '../messages.ts';

/**
 * A unit: an ISO 4217 currency code (money, value in whole currency units), `percent`, `ratio`,
 * `multiple`, `count`, or a physical unit symbol from {@link PHYSICAL_UNITS} (`GW`, `TWh`, …).
 */
export type Unit = string;

/** Kinds of unit a quantity is measured in (see {@link unitKind}). Fixed: behaviour depends on them. */
export const UNIT_KINDS = ['money', 'percent', 'ratio', 'multiple', 'count', 'power', 'energy'] as const;

/** A kind of unit (see {@link UNIT_KINDS}). */
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Physical units, by symbol, with their kind. Amounts keep the symbol they were written in. */
export const PHYSICAL_UNITS: Readonly<Record<string, UnitKind>> = {
  W: 'power',
  kW: 'power',
  MW: 'power',
  GW: 'power',
  TW: 'power',
  Wh: 'energy',
  kWh: 'energy',
  MWh: 'energy',
  GWh: 'energy',
  TWh: 'energy',
};

/** Units that are not money and not physical, in documentation order. */
export const PLAIN_UNITS = ['percent', 'ratio', 'multiple', 'count'] as const;

/** Currency signs that stand for one code, longest first so that `US$` wins over `$`. */
export const CURRENCY_SIGNS: readonly (readonly [sign: string, code: string])[] = [
  ['US$', 'USD'],
  ['HK$', 'HKD'],
  ['CA$', 'CAD'],
  ['AU$', 'AUD'],
  ['NZ$', 'NZD'],
  ['CN¥', 'CNY'],
  ['JP¥', 'JPY'],
  ['MX$', 'MXN'],
  ['NT$', 'TWD'],
  ['EC$', 'XCD'],
  ['C$', 'CAD'],
  ['A$', 'AUD'],
  ['S$', 'SGD'],
  ['R$', 'BRL'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₪', 'ILS'],
  ['₺', 'TRY'],
  ['₽', 'RUB'],
  ['₱', 'PHP'],
  ['₫', 'VND'],
];

/** Signs that name more than one currency: the writer must give the code. */
export const AMBIGUOUS_SIGNS: Readonly<Record<string, readonly string[]>> = { '¥': ['CNY', 'JPY'], '￥': ['CNY', 'JPY'] };

/** Other names writers use for a currency, mapped to its ISO code. */
export const CURRENCY_ALIASES: Readonly<Record<string, string>> = { RMB: 'CNY' };

/**
 * A currency's name as English prose writes it after an amount ("4.58 trillion yen", "61.5 billion Swiss
 * francs"): the name as a regular-expression source, and the ISO codes it may stand for, the likeliest first
 * ("dollars" is USD, CAD, AUD and more: prose-check.ts reads the amount in each). `scaled`: the name is also
 * an English word or a unit of weight ("won", "rand", "dong", "pounds"), so it names money only after a scale
 * ("3 billion won", not "2024 won"); "pounds" not before "of" or "per" (weight).
 */
export interface CurrencyName {
  readonly name: string;
  readonly codes: readonly string[];
  readonly scaled?: true;
}

/** The currency names prose is read for ({@link CurrencyName}); a qualified name before the bare one ("Swiss francs" before "francs"). */
export const CURRENCY_NAMES: readonly CurrencyName[] = [
  { name: 'US dollars?', codes: ['USD'] },
  { name: 'Canadian dollars?', codes: ['CAD'] },
  { name: 'Australian dollars?', codes: ['AUD'] },
  { name: 'New Zealand dollars?', codes: ['NZD'] },
  { name: 'Hong Kong dollars?', codes: ['HKD'] },
  { name: 'Singapore dollars?', codes: ['SGD'] },
  { name: 'Taiwan(?:ese)? dollars?', codes: ['TWD'] },
  { name: 'dollars?', codes: ['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD', 'TWD'] },
  { name: 'euros?', codes: ['EUR'] },
  { name: 'pounds? sterling', codes: ['GBP'] },
  // "5 million pounds of freight" is weight.
  { name: 'pounds?(?!\\s+(?:of|per)\\b)', codes: ['GBP', 'EGP'], scaled: true },
  { name: 'Swiss francs?', codes: ['CHF'] },
  { name: 'francs?', codes: ['CHF', 'XOF', 'XAF'] },
  { name: 'yen', codes: ['JPY'] },
  { name: 'yuan|renminbi', codes: ['CNY'] },
  { name: 'Danish kroner|Danish krone', codes: ['DKK'] },
  { name: 'Norwegian kroner|Norwegian krone', codes: ['NOK'] },
  { name: 'Swedish kronor|Swedish krona', codes: ['SEK'] },
  { name: 'kroner|krone', codes: ['DKK', 'NOK'] },
  { name: 'kronor|krona', codes: ['SEK'] },
  { name: 'Indian rupees?', codes: ['INR'] },
  { name: 'rupees?', codes: ['INR', 'PKR', 'LKR', 'NPR'] },
  { name: 'rupiah', codes: ['IDR'] },
  // Not "real" alone: "10 billion real terms".
  { name: 'Brazilian reais|Brazilian real|reais', codes: ['BRL'] },
  { name: 'Mexican pesos?', codes: ['MXN'] },
  { name: 'pesos?', codes: ['MXN', 'ARS', 'CLP', 'COP', 'PHP'] },
  { name: 'won', codes: ['KRW'], scaled: true },
  { name: 'rand', codes: ['ZAR'], scaled: true },
  { name: 'dong', codes: ['VND'], scaled: true },
  { name: 'shekels?', codes: ['ILS'] },
  { name: 'lira', codes: ['TRY'] },
  { name: 'ringgit', codes: ['MYR'] },
  { name: 'baht', codes: ['THB'] },
  { name: 'naira', codes: ['NGN'] },
  { name: 'riyals?', codes: ['SAR', 'QAR'] },
  { name: 'dirhams?', codes: ['AED', 'MAD'] },
  { name: 'zlotys?|zloty', codes: ['PLN'] },
  { name: 'forints?', codes: ['HUF'] },
  { name: 'korunas?', codes: ['CZK'] },
  { name: 'roubles?|rubles?', codes: ['RUB'] },
];

/** Every ISO 4217 code the runtime can print. */
export const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** True for an ISO 4217 code (upper case) that names money. */
export function isCurrency(unit: Unit): boolean {
  return CURRENCY_CODES.has(unit);
}

/**
 * The ISO code a writer's currency word stands for: a code (`DKK`, any case), an alias (`RMB` → `CNY`), or
 * undefined when the word is neither.
 */
export function currencyCode(word: string): string | undefined {
  const upper = word.toUpperCase();
  if (Object.hasOwn(CURRENCY_ALIASES, upper)) return CURRENCY_ALIASES[upper];
  return CURRENCY_CODES.has(upper) ? upper : undefined;
}

/** The physical unit a symbol names (`gw` → `GW`), case-insensitively, or undefined. */
export function physicalUnit(symbol: string): string | undefined {
  if (Object.hasOwn(PHYSICAL_UNITS, symbol)) return symbol;
  return Object.keys(PHYSICAL_UNITS).find((u) => u.toLowerCase() === symbol.toLowerCase());
}

/**
 * A unit as the `unit:` field of a figure or the `to:` of a conversion names it, normalised: a currency code
 * or alias → its ISO code, `percent`/`ratio`/`multiple`/`count`, or a physical symbol. Undefined otherwise.
 */
export function normaliseUnit(word: string): Unit | undefined {
  if ((PLAIN_UNITS as readonly string[]).includes(word)) return word;
  return currencyCode(word) ?? physicalUnit(word);
}

/** The kind of a unit: `money` for currency codes, the unit itself for plain units, the dimension of a physical one. */
export function unitKind(unit: Unit): UnitKind {
  if (isCurrency(unit)) return 'money';
  if ((PLAIN_UNITS as readonly string[]).includes(unit)) return unit as UnitKind;
  return PHYSICAL_UNITS[unit] ?? 'count';
}

/** The SI prefixes of {@link PHYSICAL_UNITS}: how many of the base unit (W, Wh) one of the unit is. */
const SI_PREFIX: Readonly<Record<string, number>> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/**
 * How many of `to` one `from` is, when both are physical units of one kind (GW → MW: 1000; TWh → GWh: 1000),
 * else undefined. Amounts keep the unit they were written in; this is for comparing them (prose-check.ts).
 */
export function physicalFactor(from: Unit, to: Unit): number | undefined {
  const kind = PHYSICAL_UNITS[from];
  if (kind === undefined || PHYSICAL_UNITS[to] !== kind) return undefined;
  const base = kind === 'power' ? 'W' : 'Wh';
  return SI_PREFIX[from.slice(0, -base.length)]! / SI_PREFIX[to.slice(0, -base.length)]!;
}

/** True for units without dimension (percent, ratio, multiple): they scale other amounts. */
export function isDimensionless(unit: Unit): boolean {
  return unit === 'percent' || unit === 'ratio' || unit === 'multiple';
}

/**
 * The closest of `candidates` to `name`, when it is close enough to be a likely typo (at most a third of the
 * name's letters differ), for "did you mean" hints. Uses Levenshtein distance.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length === 0) return undefined;
  const best = closest(name.toLowerCase(), list.map((c) => c.toLowerCase()));
  const index = list.findIndex((c) => c.toLowerCase() === best);
  return distance(name.toLowerCase(), best) <= Math.max(1, Math.floor(name.length / 3)) ? list[index] : undefined;
}

/** ` (did you mean "x"?)` or the empty string. */
export function suggestion(name: string, candidates: Iterable<string>): string {
  const best = didYouMean(name, candidates);
  return best === undefined ? '' : problem.didYouMean(best);
}
