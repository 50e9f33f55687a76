/**
 * Stale numbers: every amount still typed by hand in prose (money, percentages and multiples, as
 * `PROSE_FIGURE` finds them, and power and energy), read as the briefing's locale prints amounts
 * (local-numbers.ts), in a sentence or paragraph that cites sources must match a figure of one of those
 * sources, or a metric computed from them, within the precision it is written to. Runs after the metrics (it
 * needs their values); what does not match is a warning at the amount's file, line and column.
 *
 * ```
 * proseFields(b, files)     sections, profiles, notes, captions, risks and takeaways, each with its placer
 * typedAmounts(text)        the amounts written: value, precision, qualifier, range
 * citationScopes(text)     the sources of the amount's sentence, else of its paragraph, else of its item
 * matches(typed, candidate) within the window the writing allows, in the candidate's unit
 * ```
 *
 * The window: the typed digits cover half a step of their last place ("$45.0 billion" 44.95–45.05 billion,
 * "45%" 44.5–45.5%). "about", "around", "roughly", "approximately", "some", "circa", "~", "≈" widen it by
 * {@link TOLERANCE} of the value on both sides; "nearly", "almost", "close to", "just under", and "less
 * than", "under", "below", "up to", "at most" widen it on the low side only (the figure may be up to 10% below
 * what is typed, not above it); "more than", "over", "above", "at least", "or more" on the high side only (at
 * least what is typed, at most 10% above: "more than $2.5 billion" does not state a $1 trillion figure).
 * Money per unit of money ("$1.22 per dollar") is read as a ratio. A typed range
 * matches a range figure whose ends each fall in its end's window. The sign is not judged ("fell 26%" matches
 * a figure of −26%).
 */
import path from 'node:path';
import { AMOUNT_PATTERNS, parseAmount, type Amount } from '../content/amount.ts';
import { CITATION, citationIds } from '../content/citations.ts';
import { forFigureScan } from '../content/inline.ts';
import { figureOwners, type Briefing } from '../content/model.ts';
import { PROSE_FIGURE } from '../content/prose.ts';
import type { ContentFiles } from '../content/read.ts';
import { AMBIGUOUS_SIGNS, CURRENCY_NAMES, isCurrency, PHYSICAL_UNITS, physicalFactor, type Unit } from '../content/units.ts';
import { diagnostic, MAX_DIAGNOSTICS, type Diagnostic, type Place } from '../errors.ts';
import { createFormatter, type Formatter } from '../format.ts';
import { msg } from '../messages.ts';
import type { Metrics } from './compute.ts';
import { fxTable, type FxTable } from './fx.ts';
import { localNumbers } from './local-numbers.ts';
import { unique } from '../lists.ts';
import { escapeRegExp } from '../text.ts';

/** How far "about" (and its kin) and "nearly" widen the window of a typed amount: a fraction of its value. */
export const TOLERANCE = 0.1;

/** How a typed amount is qualified by the words around it (see the module comment). */
export type TypedQualifier = 'about' | 'nearly' | 'at-least' | 'at-most';

/** An amount typed in prose: where it is written, its value, and the half-step of each end's last digit. */
export interface TypedAmount {
  /** The amount as written (`$1.75–2 trillion`), without the qualifier words. */
  readonly written: string;
  /** 0-based offset of `written` in the text. */
  readonly index: number;
  /** The value (currency, `percent` as a fraction, or `multiple`); a range when one was typed. */
  readonly amount: Amount;
  readonly range: boolean;
  /** Half a step of the last digit written, of the low and the high end, in the amount's unit. */
  readonly step: readonly [number, number];
  readonly qualifier?: TypedQualifier;
  /**
   * Every currency the amount may be in, when what it is written with names more than one (`¥`: CNY and JPY;
   * `dollars`: USD, CAD, AUD and more; units.ts): `amount` is in the first, and the amount matches a value
   * when it does in any of them.
   */
  readonly currencies?: readonly string[];
}

/** A value the briefing holds that a typed amount may state: a figure, a metric row or a claim's stated value. */
export interface Candidate {
  /** How a warning names it: the figure's id, `metric-id:row`, or `claim <id>`. */
  readonly label: string;
  readonly amount: Pick<Amount, 'unit' | 'low' | 'high' | 'qualifier'>;
  readonly sources: readonly string[];
  /** The inline value that prints it (`{figure:ID}`, `{metric:ID:ROW}`), when it has one. */
  readonly token?: string;
}

const { number: NUMBER, scale: SCALE, currencySign: CURRENCY_SIGN } = AMOUNT_PATTERNS;
/**
 * Power and energy typed in prose (`10 GW`, `2.5 TWh`, `300 kWh`): checked like money, though the citation
 * rule (prose.ts) does not ask for a source for them. A bare `W` or `Wh` is not read ("Model 3 W").
 */
const PHYSICAL = `\\b${NUMBER}\\s?(?:${Object.keys(PHYSICAL_UNITS).filter((u) => /^[kMGT]/.test(u)).join('|')})\\b`;
const FIGURE = new RegExp(`${PROSE_FIGURE.source}|${PHYSICAL}`, 'g');
const FIGURE_AT_START = new RegExp(`^(?:${PROSE_FIGURE.source}|${PHYSICAL})`);
/** A dash between the two ends of a range: en dash, em dash or hyphen, spaces allowed ("to" reads as a move). */
const RANGE_DASH = /^\s?[–—-]\s?/;
/** The second end of a range written without its own sign: `4B`, `2 trillion`, `25%`, `8x`. */
const BARE_END = new RegExp(`^(?:${CURRENCY_SIGN}\\s?)?${NUMBER}(?:\\s?(?:${SCALE}|%|[Pp]er ?cent|x|×|times)(?![A-Za-z]))?`);
/** The first end of a range written without its sign, just before a figure: the `15–` of `15–25%`. */
const BARE_START = new RegExp(`(?<![\\w.,$])(?:${CURRENCY_SIGN}\\s?)?${NUMBER}(?:\\s?${SCALE})?\\s?[–—-]\\s?$`);

const QUALIFIER_BEFORE: readonly (readonly [RegExp, TypedQualifier])[] = [
  [/(?:\b(?:less than|fewer than|under|below|up to|at most|no more than)\s+|[<≤]\s*)$/i, 'at-most'],
  [/(?:\b(?:more than|over|above|at least|upwards of|in excess of|exceeding)\s+|[>≥]\s*)$/i, 'at-least'],
  [/\b(?:nearly|almost|close to|just under|approaching)\s+$/i, 'nearly'],
  [/(?:\b(?:about|around|roughly|approximately|some|circa)\s+|[~≈]\s*)$/i, 'about'],
];
/** A unit of money named as a word ("dollar", "yen"). */
const MONEY_WORD = '(?:dollar|euro|pound|yuan|renminbi|yen|krone|krona|franc|rupee|won)s?';
/**
 * Money per unit of money ("$1.22 per dollar", "7.1 yuan to the dollar" at the end of its clause): a ratio,
 * not an amount of money.
 */
const PER_MONEY = new RegExp(`^\\s+(?:(?:per|a|for each|for every|on each|on every|of each|of every)\\s+${MONEY_WORD}\\b|(?:to the|to one)\\s+${MONEY_WORD}(?=\\s*(?:$|[.,;:)\\]]|\\[@)))`, 'i');
const QUALIFIER_AFTER: readonly (readonly [RegExp, TypedQualifier])[] = [
  [/^\s+or (?:more|above|higher)\b/i, 'at-least'],
  [/^\s+or (?:less|below|lower)\b/i, 'at-most'],
];

/** A currency's name in a typed amount ("4.58 trillion yen", either end of a range), and the codes each name stands for (units.ts). */
const NAME_IN = new RegExp(`\\s?\\b(${CURRENCY_NAMES.map((n) => n.name).join('|')})\\b`, 'g');
const NAMES = CURRENCY_NAMES.map((n) => ({ exact: new RegExp(`^(?:${n.name})$`), codes: n.codes }));
/** `¥` alone: `CN¥` and `JP¥` name one currency. */
const AMBIGUOUS_SIGN = new RegExp(`(?<![A-Z])(?:${Object.keys(AMBIGUOUS_SIGNS).join('|')})`, 'g');

/**
 * `written` with its currency's name, or a sign that names more than one currency, replaced by an ISO code that
 * parseAmount reads (the first the name or sign stands for), and every code it stands for when more than one.
 */
function withCode(written: string): { text: string; currencies?: readonly string[] } {
  const name = [...written.matchAll(NAME_IN)].at(-1);
  const sign = written.match(AMBIGUOUS_SIGN)?.[0];
  const codes = name ? NAMES.find((n) => n.exact.test(name[1]!))!.codes : sign ? AMBIGUOUS_SIGNS[sign]! : undefined;
  if (codes === undefined) return { text: written };
  const text = name ? written.replace(NAME_IN, ` ${codes[0]}`) : written.replace(AMBIGUOUS_SIGN, `${codes[0]} `).trim();
  return { text, ...(codes.length > 1 ? { currencies: codes } : {}) };
}

/** The written form parseAmount reads: `times` and `percent` as signs, dashes as en dashes, no trailing stop. */
function normalise(written: string): string {
  return written
    .replace(/\s?times\b/g, 'x')
    .replace(/\s?[Pp]er ?cent\b/g, '%')
    .replace(/\s?[—-]\s?(?=\S)/g, '–')
    .replace(/[.,]+$/, '');
}

/** Half a step of the last digit of `numberText` (`45.0` → 0.05), scaled as `value` is to the written number. */
function halfStep(numberText: string, value: number): number {
  const digits = numberText.replace(/,/g, '');
  const n = Number(digits);
  const decimals = digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0;
  return n === 0 ? 0 : Math.abs(value / n) * 0.5 * 10 ** -decimals;
}

/** The qualifier the words just before (or just after) an amount give it. */
function qualifierAround(text: string, start: number, end: number): TypedQualifier | undefined {
  const before = text.slice(Math.max(0, start - 30), start);
  const after = text.slice(end, end + 20);
  return QUALIFIER_BEFORE.find(([re]) => re.test(before))?.[1] ?? QUALIFIER_AFTER.find(([re]) => re.test(after))?.[1];
}

/** The figure at `at` of `text`, extended into a range: forward over a dash and a second end, or back over a first. */
function extent(text: string, at: number, length: number, lastEnd: number): { start: number; end: number } {
  const end = at + length;
  const dash = RANGE_DASH.exec(text.slice(end));
  if (dash) {
    const rest = text.slice(end + dash[0].length);
    const second = FIGURE_AT_START.exec(rest) ?? BARE_END.exec(rest);
    if (second) return { start: at, end: end + dash[0].length + second[0].length };
  }
  const first = BARE_START.exec(text.slice(lastEnd, at));
  return first ? { start: lastEnd + first.index, end } : { start: at, end };
}

/**
 * The amounts typed in `text` that the check judges: money, percentages and multiples, ranges joined
 * (`$1.75–2 trillion`, `15–25%`), each with its precision and qualifier. Inline values are not typed amounts;
 * counts and bare scaled numbers (`3.6 trillion` alone) are left out.
 */
export function typedAmounts(text: string): TypedAmount[] {
  const blank = forFigureScan(text);
  const found: TypedAmount[] = [];
  let lastEnd = 0;
  for (const m of blank.matchAll(FIGURE)) {
    if (m.index < lastEnd) continue;
    const { start, end } = extent(blank, m.index, m[0].replace(/[.,]+$/, '').length, lastEnd);
    lastEnd = end;
    const written = blank.slice(start, end).replace(/[.,]+$/, '');
    const { text: readable, currencies } = withCode(written);
    const parsed = parseAmount(normalise(readable));
    if (typeof parsed === 'string' || !(isCurrency(parsed.unit) || parsed.unit === 'percent' || parsed.unit === 'multiple' || Object.hasOwn(PHYSICAL_UNITS, parsed.unit))) continue;
    const amount: Amount = isCurrency(parsed.unit) && PER_MONEY.test(blank.slice(end)) ? { ...parsed, unit: 'ratio' } : parsed;
    const numbers = [...written.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((n) => n[0].replace(/,$/, ''));
    const range = amount.low !== amount.high || numbers.length > 1;
    const step: [number, number] = [halfStep(numbers[0]!, amount.low), halfStep(numbers.at(-1)!, amount.high)];
    const qualifier = qualifierAround(blank, start, end);
    found.push({ written, index: start, amount, range, step, ...(qualifier ? { qualifier } : {}), ...(currencies && amount.unit !== 'ratio' ? { currencies } : {}) });
  }
  return found;
}

/** The values an end `v` (written to half-step `p`) may stand for under `q`, as [low, high]. */
function window(v: number, p: number, q: TypedQualifier | undefined): [number, number] {
  const slack = TOLERANCE * Math.abs(v);
  if (q === 'about') return [v - p - slack, v + p + slack];
  if (q === 'nearly' || q === 'at-most') return [v - p - slack, v + p];
  if (q === 'at-least') return [v - p, v + p + slack];
  return [v - p, v + p];
}

/**
 * A typed amount in `unit` (its own, a converted currency, power or energy in another prefix, or multiple for
 * ratio), or undefined when none applies.
 */
function inUnit(t: TypedAmount, unit: Unit, fx: FxTable): TypedAmount | undefined {
  if (t.amount.unit === unit || (t.amount.unit === 'multiple' && unit === 'ratio')) return t;
  const f = isCurrency(t.amount.unit) && isCurrency(unit) ? fx.rate(t.amount.unit, unit)?.factor : physicalFactor(t.amount.unit, unit);
  if (f === undefined) return undefined;
  return { ...t, amount: { ...t.amount, unit, low: t.amount.low * f, high: t.amount.high * f }, step: [t.step[0] * f, t.step[1] * f] };
}

/** `t` in each currency it may be in ({@link TypedAmount.currencies}), or `t` alone. */
function readingsOf(t: TypedAmount): TypedAmount[] {
  return t.currencies === undefined ? [t] : t.currencies.map((unit) => ({ ...t, amount: { ...t.amount, unit } }));
}

/**
 * True when `c` is what `t` states: in `c`'s unit (currencies through the briefing's rates), `c` lies in the
 * typed window (a point: all of `c`; a typed range: each end of `c` in its end's window), either sign. An
 * amount that may be in more than one currency matches when it does in any of them.
 */
export function matches(t: TypedAmount, c: Candidate, fx: FxTable): boolean {
  return readingsOf(t).some((r) => matchesIn(r, c, fx));
}

/** {@link matches} for `t` in its own currency. */
function matchesIn(t: TypedAmount, c: Candidate, fx: FxTable): boolean {
  const u = inUnit(t, c.amount.unit, fx);
  if (u === undefined) return false;
  const inside = (x: number, [lo, hi]: [number, number]): boolean => x >= lo && x <= hi;
  const fits = (low: number, high: number): boolean => {
    if (!u.range) return inside(low, window(u.amount.low, u.step[0], u.qualifier)) && inside(high, window(u.amount.low, u.step[0], u.qualifier));
    return inside(low, window(u.amount.low, u.step[0], u.qualifier)) && inside(high, window(u.amount.high, u.step[1], u.qualifier));
  };
  return fits(c.amount.low, c.amount.high) || fits(-c.amount.high, -c.amount.low);
}

/** How far `c` is from `t` (its nearest reading) in `c`'s unit, as a ratio of the larger magnitude (Infinity when not comparable). */
function distance(t: TypedAmount, c: Candidate, fx: FxTable): number {
  return Math.min(...readingsOf(t).map((r) => distanceIn(r, c, fx)));
}

/** {@link distance} for `t` in its own currency. */
function distanceIn(t: TypedAmount, c: Candidate, fx: FxTable): number {
  const u = inUnit(t, c.amount.unit, fx);
  if (u === undefined) return Infinity;
  const a = Math.abs((u.amount.low + u.amount.high) / 2);
  const b = Math.abs((c.amount.low + c.amount.high) / 2);
  return Math.abs(a - b) / Math.max(a, b, Number.MIN_VALUE);
}

/**
 * Every value a typed amount may state: the figures; the metric rows, with their scenario values and literal
 * inputs (under the row's sources); and the claims' stated values (what a source states, recomputed).
 */
export function candidatesOf(b: Briefing, metrics: Metrics): Candidate[] {
  const out: Candidate[] = [];
  for (const owner of figureOwners(b)) {
    for (const f of owner.figures) {
      const label = f.id ?? `${owner.name} ${f.quantity}${f.period === undefined ? '' : ` ${f.period}`}`;
      out.push({ label, amount: f.amount, sources: f.sources, ...(f.id === undefined ? {} : { token: `{figure:${f.id}}` }) });
    }
  }
  for (const d of metrics.declared) {
    for (const row of d.rows) {
      const ref = d.rows.length > 1 && row.key !== null ? `${d.id}:${row.key}` : d.id;
      out.push({ label: ref, amount: row, sources: row.sources, token: `{metric:${ref}}` });
      // A scenario's value or a literal input ("a 20% cut costs {metric:sales-at-risk:20%}") is part of the row.
      const scenario = d.kind === 'scenarios' && row.key !== null ? parseAmount(row.key) : undefined;
      if (scenario !== undefined && typeof scenario !== 'string') out.push({ label: `${ref} (scenario)`, amount: scenario, sources: row.sources });
      for (const input of row.inputs) if (input.figureId === undefined) out.push({ label: `${ref} (${input.label})`, amount: input.amount, sources: row.sources });
    }
  }
  for (const c of metrics.claims) out.push({ label: `claim ${c.id}`, amount: c.stated, sources: c.sources });
  return out;
}

/** A prose text of the briefing: its text, the sources it cites when no marker does, and how to place an offset. */
interface ProseField {
  readonly text: string;
  readonly sources: readonly string[];
  readonly place: (index: number, written: string) => Place;
}

/**
 * The amounts typed in the briefing's prose that match no figure or metric of the sources their sentence
 * (else paragraph, else item) cites: one warning each, naming the nearest values and the inline value to write.
 * @param content the files the briefing was read from (to place amounts typed in YAML fields).
 */
export function checkProseNumbers(b: Briefing, metrics: Metrics, content: ContentFiles): Diagnostic[] {
  const fx = fxTable(b.settings.fx);
  const fmt = createFormatter(b.settings.locale);
  const candidates = candidatesOf(b, metrics);
  const sourceIds = new Set(b.sources.map((s) => s.id));
  // The candidates of one set of cited sources, found once.
  const bySources = new Map<string, Candidate[]>();
  const ownOf = (cited: readonly string[]): Candidate[] => {
    const key = cited.join(' ');
    if (!bySources.has(key)) bySources.set(key, candidates.filter((c) => c.sources.some((s) => cited.includes(s))));
    return bySources.get(key)!;
  };
  const warnings: Diagnostic[] = [];
  for (const field of proseFields(b, content)) {
    // Read as the locale prints amounts (CHF 63 Mrd., 1,5 Mrd. €), placed in the text as written.
    const local = localNumbers(field.text, b.settings.locale);
    const amounts = typedAmounts(local.text);
    if (amounts.length === 0) continue;
    const citedAt = citationScopes(local.text, sourceIds, field.sources);
    for (const read of amounts) {
      const cited = citedAt(read.index);
      if (cited.length === 0 || ownOf(cited).some((c) => matches(read, c, fx))) continue;
      const start = local.at(read.index);
      const t = { ...read, index: start, written: field.text.slice(start, local.at(read.index + read.written.length)) };
      warnings.push(diagnostic(staleMessage(t, cited, ownOf(cited), fx, fmt), { ...field.place(t.index, t.written), excerpt: t.written }));
      if (warnings.length >= MAX_DIAGNOSTICS) return warnings;
    }
  }
  return warnings;
}

/** The warning for a typed amount that matches nothing of `own`: the three nearest values and a suggestion. */
function staleMessage(t: TypedAmount, cited: readonly string[], own: readonly Candidate[], fx: FxTable, fmt: Formatter): ReturnType<typeof msg.staleProseFigure> {
  const near = own
    .map((c) => ({ c, d: distance(t, c, fx), other: (t.currencies ?? [t.amount.unit]).includes(c.amount.unit) ? 0 : 1 }))
    .filter((x) => Number.isFinite(x.d))
    // Values in the typed unit first ("$52 billion" is nearer a dollar figure than a converted franc one).
    .sort((x, y) => x.other - y.other || x.d - y.d)
    .slice(0, 3)
    .map((x) => x.c);
  const token = near.find((c) => c.token !== undefined)?.token;
  return msg.staleProseFigure(t.written, cited, near.map((c) => `${c.label} (${fmt.amount(c.amount)})`), token);
}

/** Paragraph breaks: a blank line, a heading, or a list item's start. */
const PARAGRAPH_BREAK = /\n\s*\n|\n(?=\s{0,3}#)|\n(?=\s*(?:[-*+]|\d+[.)])\s)/g;
/** Sentence ends: a stop, then space and a capital, a marker or emphasis. */
const SENTENCE_END = /[.!?]["')\]]*\s+(?=[A-Z*"“(\[])/g;

/** Declared source ids the markers of `text` name. */
function markerIds(text: string, sourceIds: ReadonlySet<string>): string[] {
  return unique([...text.matchAll(CITATION)].flatMap((m) => citationIds(m[1]!)).filter((id) => sourceIds.has(id)));
}

/** The spans of `text` that `breaks` (a global pattern) delimit, as [start, end) offsets. */
function spans(text: string, breaks: RegExp): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (const m of text.matchAll(breaks)) {
    out.push([start, m.index]);
    start = m.index + m[0].length;
  }
  out.push([start, text.length]);
  return out;
}

/**
 * The sources an amount at an offset of `text` cites: its sentence's markers, else its paragraph's, else the
 * item's `fallback` sources. Sentences and paragraphs are split once; each offset is looked up by bisection.
 */
function citationScopes(text: string, sourceIds: ReadonlySet<string>, fallback: readonly string[]): (index: number) => readonly string[] {
  const scopes = spans(text, PARAGRAPH_BREAK).flatMap(([ps, pe]) => {
    const inParagraph = markerIds(text.slice(ps, pe), sourceIds);
    const paragraphCites = inParagraph.length > 0 ? inParagraph : fallback;
    return spans(text.slice(ps, pe), SENTENCE_END).map(([ss, se]) => {
      const inSentence = markerIds(text.slice(ps + ss, ps + se), sourceIds);
      return { start: ps + ss, cited: inSentence.length > 0 ? inSentence : paragraphCites };
    });
  });
  return (index) => {
    let lo = 0;
    let hi = scopes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (scopes[mid]!.start <= index) lo = mid;
      else hi = mid - 1;
    }
    return scopes[lo]!.cited;
  };
}

/** Every prose text the check reads, with where its amounts are placed. */
function proseFields(b: Briefing, content: ContentFiles): ProseField[] {
  const fields: ProseField[] = [];
  for (const s of b.prose.values()) {
    const lines = s.markdown.split('\n');
    let offset = 0;
    const starts = lines.map((l) => (offset += l.length + 1) - l.length - 1);
    const place = (index: number): Place => {
      const i = starts.findLastIndex((st) => st <= index);
      return { file: s.file, line: s.bodyLine + i, column: index - starts[i]! + 1 };
    };
    fields.push({ text: s.markdown.replace(/^\s{0,3}#.*$/gm, (h) => ' '.repeat(h.length)), sources: [], place });
  }
  const raw = rawFiles(content);
  // Placers read the raw file only when an amount of their field is warned about.
  const yaml = (file: string | undefined, fromLine: (raw: string) => number, key: string, text: string | undefined, sources: readonly string[] = []): void => {
    if (text === undefined || file === undefined) return;
    let placer: ((index: number, written: string) => Place) | undefined;
    const place = (index: number, written: string): Place => {
      const r = raw.get(file) ?? '';
      placer ??= yamlPlacer(file, r, fromLine(r), key);
      return placer(index, written);
    };
    fields.push({ text, sources, place });
  };
  for (const c of b.companies) {
    yaml(c.at.file, () => 1, 'profile', c.profile);
    for (const f of c.figures) yaml(f.at.file, () => f.at.line ?? 1, 'note', f.note);
  }
  for (const f of b.market) yaml(f.at.file, () => f.at.line ?? 1, 'note', f.note);
  for (const m of b.metrics) yaml(m.at.file, () => m.at.line ?? 1, 'note', m.note);
  for (const c of b.charts) yaml(c.at.file, () => 1, 'caption', c.caption);
  for (const r of b.risks) yaml(path.join(content.dir, 'risks.yaml'), (t) => lineOfId(t, r.id), 'description', r.description, r.sources);
  for (const t of b.takeaways) yaml(path.join(content.dir, 'takeaways.yaml'), (x) => lineOfId(x, t.id), 'takeaway', t.takeaway, t.sources);
  return fields;
}

/** The briefing's files by the path diagnostics name them with. */
function rawFiles(content: ContentFiles): Map<string, string> {
  return new Map([...content.files].map(([rel, text]) => [path.join(content.dir, rel), text]));
}

/** 1-based line of `id: <id>` in a YAML list (1 when not found). */
function lineOfId(raw: string, id: string): number {
  const i = raw.split('\n').findIndex((l) => new RegExp(`^\\s*(?:-\\s+)?id:\\s*["']?${id}["']?\\s*$`).test(l));
  return i === -1 ? 1 : i + 1;
}

/**
 * A placer for amounts in a YAML text field: the field is the first `key:` at or after `fromLine`; each amount
 * is found in the raw text after it (and after the amount placed before, so that a repeated one is placed at
 * its own occurrence), spaces matching line breaks. The field's line when the amount is not found.
 */
function yamlPlacer(file: string, raw: string, fromLine: number, key: string): (index: number, written: string) => Place {
  const lines = raw.split('\n');
  const keyLine = lines.findIndex((l, i) => i >= fromLine - 1 && new RegExp(`^\\s*(?:-\\s+)?${key}:`).test(l));
  let cursor = keyLine === -1 ? 0 : lines.slice(0, keyLine).reduce((n, l) => n + l.length + 1, 0);
  const fieldPlace: Place = { file, line: keyLine === -1 ? fromLine : keyLine + 1, column: 1 };
  return (_index, written) => {
    const pattern = new RegExp(escapeRegExp(written).replace(/\s+/g, '\\s+'), 'g');
    pattern.lastIndex = cursor;
    const m = pattern.exec(raw);
    if (!m) return fieldPlace;
    cursor = m.index + 1;
    const before = raw.slice(0, m.index).split('\n');
    return { file, line: before.length, column: before.at(-1)!.length + 1 };
  };
}
