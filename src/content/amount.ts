/**
 * Amounts as writers type them (`$1.77T`, `$75B`, `RMB 5T`, `33%`, `94x`, `$1.75T–$2T`) parsed into
 * normalised numbers with a unit.
 */

/**
 * Units a figure can carry.
 * - `USD`, `RMB`: money, value in whole currency units (dollars, yuan).
 * - `percent`: stored as a fraction (33% is 0.33), printed as a percentage.
 * - `ratio`: a plain ratio (1.22 dollars lost per dollar earned).
 * - `multiple`: a valuation multiple, printed with `×` (94 is 94×).
 * - `count`: a plain count (2,600 listings).
 * - `GW`: electrical power in gigawatts (compute commitments are stated this way).
 */
export type Unit = 'USD' | 'RMB' | 'percent' | 'ratio' | 'multiple' | 'count' | 'GW';

/** All units, in the order they are documented. */
export const UNITS: readonly Unit[] = ['USD', 'RMB', 'percent', 'ratio', 'multiple', 'count', 'GW'];

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

/** One side of a range before the sides share their unit and scale. */
interface Side {
  unit?: Unit;
  number: number;
  /** Multiplier written on this side (1e9 for `B`, 0.01 for `%`); undefined when none was written. */
  factor?: number;
}

const CURRENCY_PREFIX = /^(US\$|\$|USD\s*|RMB\s*|CNY\s*|¥)/i;
const CURRENCY_WORD: Record<string, Unit> = { USD: 'USD', RMB: 'RMB', CNY: 'RMB', '¥': 'RMB', $: 'USD', US$: 'USD' };

function parseSide(raw: string): Side | string {
  const shown = raw.trim();
  let text = shown;
  let unit: Unit | undefined;
  const prefix = CURRENCY_PREFIX.exec(text);
  if (prefix) {
    unit = CURRENCY_WORD[prefix[1]!.trim().toUpperCase()]!;
    text = text.slice(prefix[0].length).trim();
  }
  const m = /^(-?\d+(?:,\d{3})*(?:\.\d+)?|-?\.\d+)\s*([a-zA-Z%×]*)\s*([a-zA-Z]*)$/.exec(text);
  if (!m) return `cannot read "${shown}" as an amount`;
  const side: Side = { number: Number(m[1]!.replace(/,/g, '')) };
  let suffix = m[2]!;
  const trailing = m[3]!;
  for (const word of [suffix, trailing]) {
    const currency = Object.hasOwn(CURRENCY_WORD, word.toUpperCase()) ? CURRENCY_WORD[word.toUpperCase()] : undefined;
    if (currency === undefined) continue;
    if (unit !== undefined) return `"${shown}" names a currency twice`;
    unit = currency;
    if (word === suffix) suffix = '';
  }
  if (trailing !== '' && !Object.hasOwn(CURRENCY_WORD, trailing.toUpperCase())) return `unknown unit "${trailing}" in "${shown}"`;
  if (suffix === '') {
    // no scale written
  } else if (Object.hasOwn(SCALE, suffix)) side.factor = SCALE[suffix]!;
  else if (Object.hasOwn(WORD_SCALE, suffix.toLowerCase())) side.factor = WORD_SCALE[suffix.toLowerCase()]!;
  else {
    const special: Record<string, Unit> = { '%': 'percent', x: 'multiple', X: 'multiple', '×': 'multiple', GW: 'GW', gw: 'GW' };
    const u = Object.hasOwn(special, suffix) ? special[suffix] : undefined;
    if (u === undefined) return `unknown suffix "${suffix}" in "${shown}"`;
    if (unit !== undefined) return `"${shown}" mixes a currency and ${u === 'percent' ? 'a percentage' : `a ${u}`}`;
    unit = u;
    if (u === 'percent') side.factor = 0.01;
  }
  if (unit !== undefined) side.unit = unit;
  return side;
}

/**
 * Parse an amount as a writer types it.
 *
 * Accepted forms: `$1.77T`, `$75B`, `$570M`, `$135`, `US$ 75 billion`, `RMB 5T`, `5T RMB`, `33%`, `-26%`,
 * `94x`, `94×`, `1.22` (ratio), `10 GW`, ranges `$1.75T-$2T`, `$1.75T–$2T`, `$1.75T to $2T`, `$3–4B`,
 * `15-25%` (the unit and scale of one side carry to the other), and a leading qualifier `~`/`≈` (about),
 * `>`/`>=` (at least), `<`/`<=` (at most).
 *
 * @param input the text (or a bare number, read with `unitHint`).
 * @param unitHint unit for bare numbers and for text without a unit sign; required for bare numbers.
 * @returns the {@link Amount}, or a string saying why the text is not an amount (callers turn it into a
 *   located `figureValue` diagnostic).
 */
export function parseAmount(input: string | number, unitHint?: Unit): Amount | string {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return `${input} is not a finite number`;
    if (unitHint === undefined) return `the bare number ${input} needs a unit: write it with a sign ($75B, 33%, 94x) or add unit:`;
    return { unit: unitHint, low: input, high: input };
  }
  let text = input.trim();
  if (text === '') return 'the amount is empty';
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
  const parts = text.split(/\s*(?:–|—|\bto\b|(?<=[\d%xX×a-zA-Z])\s*-\s*(?=[$¥\dA-Za-z.]))\s*/);
  if (parts.length > 2) return `cannot read "${input}" as an amount or a range`;
  const sides: Side[] = [];
  for (const part of parts) {
    const side = parseSide(part);
    if (typeof side === 'string') return side;
    sides.push(side);
  }
  const [a, b = a] = sides as [Side, Side?];
  const units = new Set([a.unit, b.unit].filter((u): u is Unit => u !== undefined));
  if (units.size > 1) return `"${input}" mixes units (${[...units].join(', ')})`;
  const unit = [...units][0] ?? unitHint ?? (Number.isInteger(a.number) && Number.isInteger(b.number) ? 'count' : 'ratio');
  // "$3-4B", "15-25%": the scale written on one side applies to a side written without one.
  const low = a.number * (a.factor ?? b.factor ?? 1);
  const high = b.number * (b.factor ?? a.factor ?? 1);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return `"${input}" is not a finite amount`;
  if (low > high) return `the range "${input}" runs from high to low; write the lower value first`;
  const amount: Amount = qualifier === undefined ? { unit, low, high } : { unit, low, high, qualifier };
  return amount;
}
