/**
 * What each link of a document goes to, in words, read from its final HTML: the labels src/pdf/standards/links.ts
 * writes into the PDF's Link annotations as `/Contents` (ISO 14289-1 7.18.5). One linear pass over the tags,
 * no DOM.
 */
import { decodeEntities } from './entities.ts';

/** Elements whose content is not text (skipped to their closing tag). */
const RAW = new Set(['script', 'style', 'template', 'textarea', 'title']);

/** Elements that start a new line of text: their tags (opening and closing) separate words in a label. */
const BREAKING = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'tr', 'ul',
]);


/** One tag: its lowercase name, whether it closes, its attributes (lowercase names, raw values) and where it ends. */
interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly attrs: ReadonlyMap<string, string>;
  readonly end: number;
}

/** A link or heading whose text is being collected. */
interface Open {
  readonly text: string[];
}

/** A link found: its target key, its `title` or `aria-label` if any, and its visible text. */
interface Anchor extends Open {
  readonly key: string;
  readonly given?: string;
}

/**
 * The label of every link target in `html`, by key: `#<id>` for `href="#<id>"`, the URL (entities decoded) for
 * any other `href`. A link's label is, in order: its `title` attribute, its `aria-label`, the text of the
 * heading it goes to (`<h1>`–`<h6>` with that `id`: a contents entry says the heading, not its page number),
 * its visible text (tags stripped, words separated at line-breaking elements such as `<br>`, `<p>` or `<td>`,
 * `<img>` alt text included as a word, entities decoded, white space collapsed). The
 * first link of a key with a non-empty label wins; keys with no words at all are absent (links.ts then falls
 * back to the URL or the id). Linear in the length of `html`; an element left open runs to the end.
 */
export function linkLabelsOf(html: string): Map<string, string> {
  const anchors: Anchor[] = [];
  const headings = new Map<string, Open>();
  let anchor: Anchor | undefined;
  const heading: { level?: string; open?: Open } = {};
  const add = (piece: string): void => {
    anchor?.text.push(piece);
    heading.open?.text.push(piece);
  };
  for (let at = 0; at < html.length; ) {
    const lt = html.indexOf('<', at);
    if (anchor !== undefined || heading.open !== undefined) add(html.slice(at, lt === -1 ? html.length : lt));
    if (lt === -1) break;
    const skipped = skipMarkup(html, lt);
    if (skipped !== undefined) {
      at = skipped;
      continue;
    }
    const tag = readTag(html, lt);
    if (tag === undefined) {
      add('<');
      at = lt + 1;
      continue;
    }
    at = tag.end;
    if (tag.name === 'a') anchor = undefined;
    if (BREAKING.has(tag.name)) add(' ');
    if (tag.closing) {
      if (tag.name === heading.level) heading.open = heading.level = undefined;
      continue;
    }
    if (tag.name === 'img') add(` ${tag.attrs.get('alt') ?? ''} `);
    else if (tag.name === 'a' && tag.attrs.has('href')) anchors.push((anchor = anchorOf(tag.attrs)));
    else if (/^h[1-6]$/.test(tag.name) && tag.attrs.has('id')) {
      heading.level = tag.name;
      heading.open = { text: [] };
      const key = `#${decodeEntities(tag.attrs.get('id')!)}`;
      if (!headings.has(key)) headings.set(key, heading.open);
    }
    if (RAW.has(tag.name)) at = closingOf(html, tag.name, at);
  }
  return labelsOf(anchors, headings);
}

/** The label of each key: the first anchor's with any words (see {@link linkLabelsOf}). */
function labelsOf(anchors: readonly Anchor[], headings: ReadonlyMap<string, Open>): Map<string, string> {
  const labels = new Map<string, string>();
  // Each heading's words, worked out once however many links go to it.
  const said = new Map<string, string | undefined>();
  const headingWords = (key: string): string | undefined => {
    if (!said.has(key)) said.set(key, words(headings.get(key)?.text.join('') ?? ''));
    return said.get(key);
  };
  for (const a of anchors) {
    if (labels.has(a.key)) continue;
    const label = a.given ?? headingWords(a.key) ?? words(a.text.join(''));
    if (label !== undefined) labels.set(a.key, label);
  }
  return labels;
}

/** A link's key and given label from its attributes (`href` present). */
function anchorOf(attrs: ReadonlyMap<string, string>): Anchor {
  const href = decodeEntities(attrs.get('href')!).trim();
  const given = [attrs.get('title'), attrs.get('aria-label')].map((v) => (v === undefined ? undefined : words(v))).find((v) => v !== undefined);
  return { key: href, text: [], ...(given === undefined ? {} : { given }) };
}

/** `html` text (entities included) as a label: decoded, white space collapsed, trimmed; `undefined` when empty. */
function words(html: string): string | undefined {
  const text = decodeEntities(html)
    .replace(/[\u00ad\u200b]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? undefined : text;
}


/** The end of a comment, doctype or processing instruction starting at `lt`, or `undefined` for anything else. */
function skipMarkup(html: string, lt: number): number | undefined {
  if (html.startsWith('<!--', lt)) {
    const close = html.indexOf('-->', lt + 4);
    return close === -1 ? html.length : close + 3;
  }
  const next = html[lt + 1];
  if (next !== '!' && next !== '?') return undefined;
  const close = html.indexOf('>', lt);
  return close === -1 ? html.length : close + 1;
}

/** Where the content of the raw-text element `name` that starts at `from` ends: at its closing tag, any case. */
function closingOf(html: string, name: string, from: number): number {
  const close = new RegExp(`</${name}`, 'gi');
  close.lastIndex = from;
  return close.exec(html)?.index ?? html.length;
}

/** Whether the character code `c` is HTML white space (tab, line feed, form feed, carriage return, space). */
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/** Index of the first character at or after `i` for which `stop` holds, or `html.length`. */
function scan(html: string, i: number, stop: (c: number) => boolean): number {
  while (i < html.length && !stop(html.charCodeAt(i))) i++;
  return i;
}

/**
 * The tag that starts at `lt` (`<name …>` or `</name …>`), attributes quoted with `"` or `'` or unquoted, or
 * `undefined` when `<` starts no tag (text such as `a < b`). Each character is read once.
 */
function readTag(html: string, lt: number): Tag | undefined {
  const closing = html.charCodeAt(lt + 1) === 47; // /
  const nameAt = lt + (closing ? 2 : 1);
  const name = /^[a-zA-Z][a-zA-Z0-9:-]*/.exec(html.slice(nameAt, nameAt + 64))?.[0];
  if (name === undefined) return undefined;
  const attrs = new Map<string, string>();
  let i = nameAt + name.length;
  for (;;) {
    i = scan(html, i, (c) => !isSpace(c) && c !== 47);
    if (i >= html.length || html.charCodeAt(i) === 62) return { name: name.toLowerCase(), closing, attrs, end: Math.min(i + 1, html.length) };
    const start = i;
    i = scan(html, i, (c) => isSpace(c) || c === 47 || c === 62 || c === 61); // / > =
    const attr = html.slice(start, i).toLowerCase();
    i = scan(html, i, (c) => !isSpace(c));
    let value = '';
    if (html.charCodeAt(i) === 61) [value, i] = attrValue(html, scan(html, i + 1, (c) => !isSpace(c)));
    if (!attrs.has(attr)) attrs.set(attr, value);
  }
}

/** The attribute value starting at `i` (quoted or not) and where it ends. */
function attrValue(html: string, i: number): [string, number] {
  const quote = html[i];
  if (quote === '"' || quote === "'") {
    const close = html.indexOf(quote, i + 1);
    return close === -1 ? [html.slice(i + 1), html.length] : [html.slice(i + 1, close), close + 1];
  }
  const end = scan(html, i, (c) => isSpace(c) || c === 62);
  return [html.slice(i, end), end];
}
