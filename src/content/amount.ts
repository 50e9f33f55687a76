/**
 * Amounts as writers type them (`$1.77T`, `DKK 290.4B`, `290.4B DKK`, `€12M`, `RMB 5T`, `33%`, `94x`,
 * `10 GW`, `$1.75T–$2T`) parsed into normalised numbers with a unit (see `units.ts` for the units).
 */
import { AMBIGUOUS_SIGNS, CURRENCY_ALIASES, CURRENCY_NAMES, CURRENCY_SIGNS, currencyCode, physicalUnit, suggestion, CURRENCY_CODES, type Unit } from './units.ts';
import { problem } from '../messages.ts';

export type { Unit } from './units.ts';

/**
 * How a stated value relates to the truth: `about` (~, "roughly"), `at-least` (>, "more than"),
 * `at-most` (<, "less than"). Absent when the source states the value plainly.
 */
export type Qualifier = 'about' | 'at-least' | 'at-most';

/**
 * A normalised amount: a point value (`low === high`) or a closed range `low`–`high`, in `unit`
 * (see {@link Unit} for the scale of each unit).
 */
export interface Amount {
  readonly unit: Unit;
  readonly low: number;
  readonly high: number;
  readonly qualifier?: Qualifier;
}

const SCALE: Record<string, number> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  m: 1e6,
  M: 1e6,
  mn: 1e6,
  b: 1e9,
  B: 1e9,
  bn: 1e9,
  t: 1e12,
  T: 1e12,
  tn: 1e12,
};

const WORD_SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** True for a scale an amount may carry as written (`K`, `bn`, `T`, `million`, `Billion`): see {@link parseAmount}. */
export function isScale(written: string): boolean {
  return Object.hasOwn(SCALE, written) || Object.hasOwn(WORD_SCALE, written.charAt(0).toLowerCase() + written.slice(1));
}

/** One side of a range before the sides share their unit and scale. */
interface Side {
  unit?: Unit;
  number: number;
  /** Multiplier written on this side (1e9 for `B`, 0.01 for `%`); undefined when none was written. */
  factor?: number;
}

const SIGNS = [...CURRENCY_SIGNS.map(([sign]) => sign), ...Object.keys(AMBIGUOUS_SIGNS)];
const escape = (t: string): string => t.replace(/[$]/g, '\\$');
const SCALE_WORD = `(?:${Object.keys(WORD_SCALE).map((w) => `[${w.charAt(0).toUpperCase()}${w.charAt(0)}]${w.slice(1)}`).join('|')})`;
const SCALE_LETTERS = Object.keys(SCALE).filter((k) => k.length === 1).join('');

/**
 * The pieces of the amount grammar as regular-expression sources, built from the tables this module parses
 * with and the currencies of `units.ts`, so that finding amounts in running text (`PROSE_FIGURE` in
 * `prose.ts`) and parsing them share one list of signs, codes and scales. Each piece is a non-capturing group
 * (or a plain run) that can be written inside a larger pattern.
 */
export const AMOUNT_PATTERNS = {
  /** Digits as text shows them, with separators (`1,200`, `290.4`): looser than what parses. */
  number: String.raw`\d[\d.,]*`,
  /** A scale word, its first letter in either case: `billion`, `Billion`. */
  scaleWord: SCALE_WORD,
  /** A scale letter (`k`, `M`, `B`, `T`), with an `n` after it (`bn`, `mn`), or a scale word. */
  scale: `(?:[${SCALE_LETTERS}]n?|${SCALE_WORD})`,
  /** A currency sign: one that names one currency (`$`, `US$`, `€`) or an ambiguous one (`¥`). */
  currencySign: `(?:${SIGNS.map(escape).join('|')})`,
  /** An ISO 4217 code or an alias of one (`RMB`), in capitals. */
  currencyWord: `(?:${[...CURRENCY_CODES, ...Object.keys(CURRENCY_ALIASES)].join('|')})`,
  /** A currency's name that names money after any amount (`yen`, `Swiss francs`, `dollars`): units.ts `CURRENCY_NAMES`. */
  currencyName: `(?:${CURRENCY_NAMES.filter((n) => !n.scaled).map((n) => n.name).join('|')})`,
  /** A currency's name that names money only after a scale (`won`, `rand`, `pounds`). */
  scaledCurrencyName: `(?:${CURRENCY_NAMES.filter((n) => n.scaled).map((n) => n.name).join('|')})`,
} as const;

/** A currency sign or a three-letter code before the number: `$`, `US$`, `€`, `DKK `, `rmb`. */
const CURRENCY_BEFORE = new RegExp(`^(${AMOUNT_PATTERNS.currencySign}|[A-Za-z]{3}(?=\\s*[-\\d.]))\\s*`);
/** A currency sign after the number: `12 €`. */
const SIGN_AFTER = new RegExp(`\\s*(${AMOUNT_PATTERNS.currencySign})$`);

/** The code of a currency sign or word, or a message saying why it names none. */
function currencyOf(word: string, shown: string): string | { error: string } {
  const sign = CURRENCY_SIGNS.find(([s]) => s === word);
  if (sign) return sign[1];
  if (Object.hasOwn(AMBIGUOUS_SIGNS, word)) {
    const codes = AMBIGUOUS_SIGNS[word]!;
    return { error: problem.ambiguousSign(word, shown, codes) };
  }
  const code = currencyCode(word);
  if (code !== undefined) return code;
  return { error: problem.notCurrencyWord(word, shown, suggestion(word.toUpperCase(), CURRENCY_CODES)) };
}

/** True for a word that looks like a currency code (three capitals) rather than a scale or unit. */
const looksLikeCode = (word: string): boolean => /^[A-Z]{3}$/.test(word);

function parseSide(raw: string): Side | string {
  const shown = raw.trim();
  let text = shown;
  let unit: Unit | undefined;
  // A minus before the currency ("-$5B", "-€48M") or after it ("DKK -1.2B", "$-5B") negates the number.
  let negative = false;
  if (/^-\s*\D/.test(text)) {
    negative = true;
    text = text.replace(/^-\s*/, '');
  }
  const setCurrency = (word: string): string | undefined => {
    const code = currencyOf(word, shown);
    if (typeof code !== 'string') return code.error;
    if (unit !== undefined) return problem.currencyTwice(shown);
    unit = code;
    return undefined;
  };
  const before = CURRENCY_BEFORE.exec(text);
  if (before) {
    const wrong = setCurrency(before[1]!);
    if (wrong !== undefined) return wrong;
    text = text.slice(before[0].length).trim();
    if (!negative && text.startsWith('-')) {
      negative = true;
      text = text.slice(1).trim();
    }
  }
  const after = SIGN_AFTER.exec(text);
  if (after) {
    const wrong = setCurrency(after[1]!);
    if (wrong !== undefined) return wrong;
    text = text.slice(0, after.index).trim();
  }
  const m = /^(-?\d+(?:,\d{3})*(?:\.\d+)?|-?\.\d+)\s*([a-zA-Z%×]*)\s*([a-zA-Z]*)$/.exec(text);
  if (!m) return problem.notAmount(shown);
  const number = Number(m[1]!.replace(/,/g, ''));
  const side: Side = { number: negative ? -number : number };
  let suffix = m[2]!;
  const trailing = m[3]!;
  // "290.4B DKK", "5T RMB", "5 DKK": a currency code after the number (and its scale).
  for (const word of [suffix, trailing]) {
    if (word === '' || Object.hasOwn(SCALE, word) || Object.hasOwn(WORD_SCALE, word.toLowerCase()) || physicalUnit(word) !== undefined) continue;
    if (currencyCode(word) === undefined && !looksLikeCode(word)) continue;
    const wrong = setCurrency(word);
    if (wrong !== undefined) return wrong;
    if (word === suffix) suffix = '';
    else if (word !== trailing) return problem.unknownUnitIn(word, shown);
  }
  if (trailing !== '' && currencyCode(trailing) === undefined) return problem.unknownUnitIn(trailing, shown);
  const meaning = suffixMeaning(suffix, shown);
  if (typeof meaning === 'string') return meaning;
  if (meaning.unit !== undefined) {
    if (unit !== undefined) return problem.currencyAndUnit(shown, meaning.unit);
    unit = meaning.unit;
  }
  if (meaning.factor !== undefined) side.factor = meaning.factor;
  if (unit !== undefined) side.unit = unit;
  return side;
}

/**
 * What the suffix after a number writes: a scale (`B`, `billion`: factor), a percentage (unit and factor
 * 0.01), a multiple (`x`, `×`) or a physical unit (`GW`); nothing for an empty suffix.
 * @returns the factor and unit, or a problem naming the suffix and the amount as `shown`.
 */
function suffixMeaning(suffix: string, shown: string): { factor?: number; unit?: Unit } | string {
  if (suffix === '') return {};
  if (Object.hasOwn(SCALE, suffix)) return { factor: SCALE[suffix]! };
  if (Object.hasOwn(WORD_SCALE, suffix.toLowerCase())) return { factor: WORD_SCALE[suffix.toLowerCase()]! };
  const special: Record<string, Unit> = { '%': 'percent', x: 'multiple', X: 'multiple', '×': 'multiple' };
  const u = Object.hasOwn(special, suffix) ? special[suffix] : physicalUnit(suffix);
  if (u === undefined) return problem.unknownSuffix(suffix, shown);
  return u === 'percent' ? { unit: u, factor: 0.01 } : { unit: u };
}

/**
 * Parse an amount as a writer types it.
 *
 * Accepted forms: `$1.77T`, `$75B`, `$570M`, `$135`, `US$ 75 billion`, any ISO 4217 code before or after the
 * number (`DKK 290.4B`, `290.4B DKK`, `CHF 60.5B`), `RMB 5T` (read as CNY), signs that name one currency
 * (`€12M`, `£3.1B`, `HK$5B`), `33%`, `-26%`, `94x`, `94×`, `1.22` (ratio), `10 GW`, `5 TWh`, ranges `$1.75T-$2T`, `$1.75T–$2T`, `$1.75T to $2T`, `$3–4B`,
 * `15-25%` (the unit and scale of one side carry to the other), and a leading qualifier `~`/`≈` (about),
 * `>`/`>=` (at least), `<`/`<=` (at most).
 *
 * @param input the text (or a bare number, read with `unitHint`).
 * @param unitHint unit for bare numbers and for text without a unit sign; required for bare numbers.
 * @returns the {@link Amount}, or a string saying why the text is not an amount (callers turn it into a
 *   located `figureValue` diagnostic): among others `¥` alone (CNY or JPY?) and a code that is not ISO 4217.
 */
export function parseAmount(input: string | number, unitHint?: Unit): Amount | string {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return problem.notFiniteNumber(input);
    if (unitHint === undefined) return problem.bareNumberNeedsUnit(input);
    return { unit: unitHint, low: input, high: input };
  }
  // U+2212 (the minus the formatter prints) reads as a minus.
  let text = input.trim().replace(/\u2212/g, '-');
  if (text === '') return problem.emptyAmount();
  let qualifier: Qualifier | undefined;
  const q = /^(~|≈|>=|≥|>|<=|≤|<|about\s|approximately\s|more than\s|over\s|at least\s|under\s|less than\s)/i.exec(text);
  if (q) {
    const word = q[1]!.trim().toLowerCase();
    qualifier = ['~', '≈', 'about', 'approximately'].includes(word)
      ? 'about'
      : ['<', '<=', '≤', 'under', 'less than'].includes(word)
        ? 'at-most'
        : 'at-least';
    text = text.slice(q[0].length).trim();
  }
  // A range dash stands between two values: "$3-4B", "$3 - 4B", "$3–4B". A minus sign sticks to its number
  // after a space ("DKK -1.2B") and is not a range.
  const parts = text.split(/\s*(?:–|—|\bto\b|(?<=[\d%xX×a-zA-Z])-(?=[^\s-])|(?<=[\d%xX×a-zA-Z€£₹₩₪₺₽¥$])\s+-\s+)\s*/);
  if (parts.length > 2) return problem.notAmountOrRange(input);
  const sides: Side[] = [];
  for (const part of parts) {
    const side = parseSide(part);
    if (typeof side === 'string') return side;
    sides.push(side);
  }
  const [a, b = a] = sides as [Side, Side?];
  const units = new Set([a.unit, b.unit].filter((u): u is Unit => u !== undefined));
  if (units.size > 1) return problem.mixesUnits(input, [...units]);
  const unit = [...units][0] ?? unitHint ?? (Number.isInteger(a.number) && Number.isInteger(b.number) ? 'count' : 'ratio');
  // "$3-4B", "15-25%": the scale written on one side applies to a side written without one.
  const low = a.number * (a.factor ?? b.factor ?? 1);
  const high = b.number * (b.factor ?? a.factor ?? 1);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return problem.notFiniteAmount(input);
  if (low > high) return problem.rangeHighToLow(input);
  const amount: Amount = qualifier === undefined ? { unit, low, high } : { unit, low, high, qualifier };
  return amount;
}
