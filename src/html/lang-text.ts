/**
 * A document's text by the CJK forms it is set in, for the font subsets (src/fonts.ts): Chinese, Japanese and
 * Korean share code points, and an element's `lang` decides which family draws them (the `:lang()` rules of
 * {@link LANG_CSS}). One linear pass over the tags, no DOM.
 */
import { cjkLocaleOf, DEFAULT_CJK_LOCALE, type CjkLocale } from '../fonts.ts';

/** Elements that never have content or a closing tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Elements whose content is not text that prints. */
const RAW = new Set(['style', 'script']);

/** Tags, comments and doctypes; a tag's name and attributes are captured. */
const MARKUP = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([^<>]*)>|<!--[\s\S]*?-->|<![^<>]*>/.source;
/** A `lang` attribute (not `xml:lang`) and its value, quoted or not. */
const LANG = /(?:^|\s)lang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;

/**
 * Whether anything in `html` looks like a `lang` attribute naming Chinese, Japanese or Korean
 * ({@link cjkLocaleOf}). False means {@link textByCjkLocale} would find all text in {@link DEFAULT_CJK_LOCALE};
 * true may be a false alarm (such an attribute quoted in prose), which only costs the full pass. Under a
 * millisecond for 6 MB of HTML.
 */
export function setsCjkLanguage(html: string): boolean {
  for (const m of html.matchAll(/\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi)) {
    if (cjkLocaleOf(m[1] ?? m[2] ?? m[3]!) !== undefined) return true;
  }
  return false;
}

/**
 * The text between the tags of `html`, by the CJK forms it is set in: an element's `lang` naming Chinese,
 * Japanese or Korean sets its content's forms ({@link cjkLocaleOf}); any other language keeps the forms
 * around it (no `:lang()` rule changes its font, so it inherits its parent's). Text outside any such element
 * is in {@link DEFAULT_CJK_LOCALE}. The text keeps its entities (the caller decodes them); `<style>` and
 * `<script>` content is left out. An element left open runs to the end of the document, a stray closing tag
 * is ignored.
 * @returns the text of each locale that has any, its pieces joined with spaces.
 */
export function textByCjkLocale(html: string): Map<CjkLocale, string> {
  const pieces = new Map<CjkLocale, string[]>();
  const open: { name: string; locale: CjkLocale }[] = [];
  const add = (text: string): void => {
    if (text === '') return;
    const locale = open.at(-1)?.locale ?? DEFAULT_CJK_LOCALE;
    const list = pieces.get(locale);
    if (list === undefined) pieces.set(locale, [text]);
    else list.push(text);
  };
  const markup = new RegExp(MARKUP, 'g');
  let at = 0;
  for (let m = markup.exec(html); m !== null; m = markup.exec(html)) {
    add(html.slice(at, m.index));
    at = markup.lastIndex;
    const name = m[2]?.toLowerCase();
    if (name === undefined) continue;
    if (m[1] === '/') {
      let i = open.length - 1;
      while (i >= 0 && open[i]!.name !== name) i--;
      if (i !== -1) open.length = i;
    } else if (RAW.has(name)) {
      const close = new RegExp(`</${name}`, 'gi');
      close.lastIndex = at;
      at = close.exec(html)?.index ?? html.length;
      markup.lastIndex = at;
    } else if (!VOID.has(name) && !m[3]!.endsWith('/')) {
      const lang = LANG.exec(m[3]!);
      const inherited = open.at(-1)?.locale ?? DEFAULT_CJK_LOCALE;
      open.push({ name, locale: lang === null ? inherited : (cjkLocaleOf(lang[1] ?? lang[2] ?? lang[3]!) ?? inherited) });
    }
  }
  add(html.slice(at));
  return new Map([...pieces].map(([locale, texts]) => [locale, texts.join(' ')]));
}
