/**
 * Handlebars helpers of the default template. Each throws when its value is missing, so a template that
 * asks for data the content lacks fails the build instead of printing a blank.
 */
import type Handlebars from 'handlebars';
import type { Amount, Unit } from '../content/amount.ts';
import { formatAmount, formatDate, formatMoney, formatMultiple, formatPercent } from '../format.ts';
import { citationHtml, type CitationNumbers } from './markdown.ts';
import type { MarkdownIt } from 'markdown-it';

type HelperOptions = Handlebars.HelperOptions;

function required<T>(name: string, value: T | undefined | null, options: HelperOptions | undefined): T {
  if (value === undefined || value === null) {
    const loc = (options as { loc?: { start: { line: number; column: number } } } | undefined)?.loc;
    const where = loc ? ` (template line ${loc.start.line}, column ${loc.start.column + 1})` : '';
    throw new Error(`{{${name}}} was given no value${where}`);
  }
  return value;
}

/** The last argument Handlebars passes to a helper is its options object. */
function split(args: unknown[]): { params: unknown[]; options: HelperOptions } {
  return { params: args.slice(0, -1), options: args.at(-1) as HelperOptions };
}

/**
 * Register the helpers on an isolated Handlebars environment.
 * - `{{money v [unit]}}` → `$1.77T` (v in whole currency units; unit `USD` by default)
 * - `{{percent f}}` → `33%` (f a fraction); `{{multiple v}}` → `94×`
 * - `{{amount a}}` → an {@link Amount} or metric with its range and qualifier (`$1.75T–$2T`, `>$2.5B`)
 * - `{{date iso}}` → `1 June 2026`
 * - `{{md text}}` → Markdown block HTML; `{{mdInline text}}` → inline HTML (raw HTML off, citations resolved)
 * - `{{cite ids}}` → numbered citation markers linked to the sources list
 * - `{{cssString text}}` → a quoted, escaped CSS string (for `@page` margin boxes); `{{concat a b ...}}`
 * - `{{eq a b}}`, `{{join list sep}}`, `{{add a b}}`
 */
export function registerHelpers(hb: typeof Handlebars, md: MarkdownIt, numbers: CitationNumbers): void {
  const { SafeString } = hb;
  hb.registerHelper('money', (...args: unknown[]) => {
    const { params, options } = split(args);
    const unit = typeof params[1] === 'string' ? (params[1] as Unit) : 'USD';
    return formatMoney(required('money', params[0] as number | undefined, options), unit);
  });
  hb.registerHelper('percent', (...args: unknown[]) => {
    const { params, options } = split(args);
    return formatPercent(required('percent', params[0] as number | undefined, options));
  });
  hb.registerHelper('multiple', (...args: unknown[]) => {
    const { params, options } = split(args);
    return formatMultiple(required('multiple', params[0] as number | undefined, options));
  });
  hb.registerHelper('amount', (...args: unknown[]) => {
    const { params, options } = split(args);
    return formatAmount(required('amount', params[0] as Amount | undefined, options));
  });
  hb.registerHelper('date', (...args: unknown[]) => {
    const { params, options } = split(args);
    return formatDate(required('date', params[0] as string | undefined, options));
  });
  hb.registerHelper('md', (...args: unknown[]) => {
    const { params, options } = split(args);
    return new SafeString(md.render(required('md', params[0] as string | undefined, options)));
  });
  hb.registerHelper('mdInline', (...args: unknown[]) => {
    const { params, options } = split(args);
    return new SafeString(md.renderInline(required('mdInline', params[0] as string | undefined, options)));
  });
  hb.registerHelper('cite', (...args: unknown[]) => {
    const { params, options } = split(args);
    const ids = required('cite', params[0] as readonly string[] | undefined, options);
    return ids.length === 0 ? '' : new SafeString(citationHtml(ids, numbers));
  });
  hb.registerHelper('cssString', (...args: unknown[]) => {
    const { params, options } = split(args);
    // A CSS string literal: quotes, backslashes and anything that could close the <style> element escaped.
    const text = String(required('cssString', params[0] as string | undefined, options));
    return new SafeString(`"${text.replace(/[\\"<>\n\r]/g, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`);
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
