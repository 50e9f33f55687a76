/**
 * Inline values, once for every stage: a number in prose bound to the data. The grammar (the contract writers
 * use), and finding the values of a text:
 *
 * ```
 * {figure:ID}            a stated figure, as its table prints it
 * {metric:ID}            a metric of one row
 * {metric:ID:ROW}        one row of a metric: a company id (`each`) or a scenario value (`20%`), as in keyFigures
 * …|change}              how the value moved since the build given with --since ("up 1.2% from $87.1B")
 * \{                     a literal brace
 * ```
 * Pure functions of text: `sections.ts` checks the ids and rows (with `references.ts`'s targets) and locates
 * each value; the HTML stage prints them (src/html/inline.ts).
 */
import type { Place } from '../errors.ts';

/** One inline value as written: what it names, the row (null for none), whether it prints the move, the token. */
export interface InlineRef {
  readonly kind: 'figure' | 'metric';
  readonly id: string;
  readonly row: string | null;
  /** `|change`: print how the value moved since the earlier build instead of the value. */
  readonly change: boolean;
  /** The token as written, braces included (`{metric:price-to-sales:roche}`). */
  readonly token: string;
}

/** An inline value of the briefing's prose, placed where it is written (file, line, column). */
export interface InlineUse extends InlineRef {
  readonly at: Place;
}

/** Most characters of one token between its braces: a longer `{figure:…}` is not read as one. */
const MAX_TOKEN = 300;

/**
 * What may be an inline value: `{figure:` or `{metric:` up to the next `}` on the line. A brace escaped with a
 * backslash (`\{`) is kept as text; the candidate is then parsed by {@link parseInlineToken}.
 */
const CANDIDATE = new RegExp(`\\{(?:figure|metric):[^{}\\n]{0,${MAX_TOKEN}}\\}`, 'g');

/** The full form of a token: kind, id, optional row, optional `|change`. */
const FORM = /^\{(figure|metric):([a-z0-9][a-z0-9-]*)(?::([^{}|\s](?:[^{}|]*[^{}|\s])?))?(\|change)?\}$/;

/**
 * A token read (`{metric:x:20%|change}`), or undefined when it is not of the form. Inside a Markdown table
 * `|change` is written `\\|change` (a bare pipe ends the cell); the token is given without the backslash.
 */
export function parseInlineToken(written: string): InlineRef | undefined {
  const token = written.replaceAll('\\|', '|');
  const m = FORM.exec(token);
  if (!m) return undefined;
  return { kind: m[1] as InlineRef['kind'], id: m[2]!, row: m[3] ?? null, change: m[4] !== undefined, token };
}

/** The token written at `pos` of `text` (well formed or not), or undefined when no `{figure:`/`{metric:` starts there. */
export function inlineTokenAt(text: string, pos: number): string | undefined {
  if (!text.startsWith('{figure:', pos) && !text.startsWith('{metric:', pos)) return undefined;
  const here = new RegExp(CANDIDATE.source, 'y');
  here.lastIndex = pos;
  return here.exec(text)?.[0];
}

/** A candidate found in a text: the token, where it starts (0-based), and what it reads as (undefined: malformed). */
export interface FoundToken {
  readonly token: string;
  readonly index: number;
  readonly ref: InlineRef | undefined;
}

/** Every inline value a text writes, in order; escaped braces (`\{figure:x}`) are left out. */
export function inlineTokens(text: string): FoundToken[] {
  if (!text.includes('{')) return [];
  return [...text.matchAll(CANDIDATE)].filter((m) => text[m.index - 1] !== '\\').map((m) => ({ token: m[0], index: m.index, ref: parseInlineToken(m[0]) }));
}

/** True when a text writes an inline value or an escaped brace (so that it prints other than as written). */
export function hasInlineSyntax(text: string): boolean {
  return text.includes('\\{') || inlineTokens(text).length > 0;
}

/** Longest run without a space that the typed-number scans read: no amount written in prose is longer. */
const MAX_SCANNED_TOKEN = 60;
// Tried only where a run starts (after a space or at the start): a try at every character re-read each word.
const LONG_RUN = new RegExp(`(?<!\\S)\\S{${MAX_SCANNED_TOKEN + 1},}`, 'g');

/**
 * The text as the scans for typed numbers read it, same length and offsets: every inline value blanked out,
 * and every run of more than {@link MAX_SCANNED_TOKEN} characters without a space too (the figure pattern would
 * scan such a run once per digit boundary, quadratic in its length). Linear in the text.
 */
export function forFigureScan(text: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const t of inlineTokens(text)) {
    parts.push(text.slice(at, t.index), ' '.repeat(t.token.length));
    at = t.index + t.token.length;
  }
  parts.push(text.slice(at));
  return parts.join('').replace(LONG_RUN, (run) => ' '.repeat(run.length));
}

