/**
 * Handlebars helpers of the default template. Each throws when its value is missing, so a template that
 * asks for data the content lacks fails the build instead of printing a blank.
 */
import type Handlebars from 'handlebars';
import type { Amount, Unit } from '../content/amount.ts';
import { createFormatter, type Formatter } from '../format.ts';
import { errorOf, msg } from '../messages.ts';
import { citationHtml, type CitationNumbers, type ProseEnv } from './markdown.ts';
import type { MarkdownIt } from 'markdown-it';

type HelperOptions = Handlebars.HelperOptions;

/** Shortest token (characters without white space) that `{{breakable}}` gives break points. */
export const BREAKABLE_MIN = 20;

/**
 * HTML of `text`, escaped by `escape`, with `<wbr>` after each `/ - _ . ? & =` inside tokens of
 * {@link BREAKABLE_MIN} characters or more (not after the token's last character).
 */
export function breakable(text: string, escape: (s: string) => string): string {
  return text
    .split(/(\s+)/)
    .map((token) => (token.length < BREAKABLE_MIN || /^\s+$/.test(token) ? escape(token) : token.split(/(?<=[\/\-_.?&=])(?=.)/).map(escape).join('<wbr>')))
    .join('');
}

function required<T>(name: string, value: T | undefined | null, options: HelperOptions | undefined): T {
  if (value === undefined || value === null) {
    const loc = (options as { loc?: { start: { line: number; column: number } } } | undefined)?.loc;
    const where = loc ? ` (template line ${loc.start.line}, column ${loc.start.column + 1})` : '';
    throw errorOf(msg.helperNoValue(name, where));
  }
  return value;
}

/** The last argument Handlebars passes to a helper is its options object. */
function split(args: unknown[]): { params: unknown[]; options: HelperOptions } {
  return { params: args.slice(0, -1), options: args.at(-1) as HelperOptions };
}

/**
 * Register the helpers on an isolated Handlebars environment.
 * Numbers print through `fmt`, the formatter of the briefing's locale (default `en`):
 * - `{{money v unit}}` → `$1.77T`, `DKK 290B` (v in whole currency units, unit an ISO 4217 code)
 * - `{{percent f}}` → `33%` (f a fraction); `{{multiple v}}` → `94×`
 * - `{{amount a}}` → an {@link Amount} or metric with its range and qualifier (`$1.75T–$2T`, `>$2.5B`)
 * - `{{date iso}}` → `1 June 2026`
 * - `{{md text}}` → Markdown block HTML; `{{mdInline text}}` → inline HTML (raw HTML off, citations resolved);
 *   `{{md text section=id}}` gives each top-level block of a prose section `data-key="prose:<id>:<n>"` (n from 1)
 * - `{{cite ids}}` → numbered citation markers linked to the sources list
 * - `{{cssString text}}` → a quoted, escaped CSS string (for `@page` margin boxes); `{{concat a b ...}}`
 * - `{{breakable text}}` → the text escaped, with `<wbr>` after `/ - _ . ? & =` inside tokens of
 *   {@link BREAKABLE_MIN} characters or more (URLs, file names, identifiers), so a long token wraps at a
 *   sensible point instead of overflowing or breaking anywhere
 * - `{{eq a b}}`, `{{join list sep}}`, `{{add a b}}`
 */
export function registerHelpers(hb: typeof Handlebars, md: MarkdownIt, numbers: CitationNumbers, fmt: Formatter = createFormatter()): void {
  const { SafeString } = hb;
  /** Helpers that take one required value (and, for `money`, an optional unit). */
  const valueHelpers: Record<string, (value: never, extra: unknown) => string | Handlebars.SafeString> = {
    money: (v: number, unit) => {
      if (typeof unit !== 'string') throw errorOf(msg.moneyNeedsCurrency());
      return fmt.money(v, unit as Unit);
    },
    percent: (v: number) => fmt.percent(v),
    multiple: (v: number) => fmt.multiple(v),
    amount: (v: Amount) => fmt.amount(v),
    date: (v: string) => fmt.date(v),
    mdInline: (v: string) => new SafeString(md.renderInline(v)),
    cite: (ids: readonly string[]) => (ids.length === 0 ? '' : new SafeString(citationHtml(ids, numbers))),
    breakable: (v: string) => new SafeString(breakable(String(v), hb.escapeExpression)),
    // A CSS string literal: quotes, backslashes and anything that could close the <style> element escaped.
    cssString: (v: string) => new SafeString(`"${String(v).replace(/[\\"<>\x00-\x1f\x7f]/g, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`),
  };
  for (const [name, helper] of Object.entries(valueHelpers)) {
    hb.registerHelper(name, (...args: unknown[]) => {
      const { params, options } = split(args);
      return helper(required(name, params[0], options) as never, params[1]);
    });
  }
  hb.registerHelper('md', (...args: unknown[]) => {
    const { params, options } = split(args);
    const section: unknown = (options.hash as Record<string, unknown> | undefined)?.['section'];
    return new SafeString(md.render(String(required('md', params[0], options)), typeof section === 'string' ? ({ section } satisfies ProseEnv) : {}));
  });
  hb.registerHelper('concat', (...args: unknown[]) => split(args).params.map(String).join(''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  hb.registerHelper('join', (...args: unknown[]) => {
    const { params, options } = split(args);
    const list = required('join', params[0] as readonly unknown[] | undefined, options);
    return list.join(typeof params[1] === 'string' ? params[1] : ', ');
  });
}
