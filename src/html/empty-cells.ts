/**
 * Empty table cells, filled before printing. Chromium's tagged print writes no `TD` for a `<td>` with no
 * content, leaving its row a cell short (ENGINEERING.md §6), which PDF/UA-1 forbids (ISO 14289-1 7.2 and 7.5,
 * a table's rows all span the same columns; Matterhorn 15). A no-break space keeps the cell, prints nothing,
 * and reads as blank.
 */

/** Elements whose content is text, not markup, up to their end tag (WHATWG HTML §13.1.2, raw and escapable raw text). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);

/** Tags that end an open `<td>`/`<th>` when they come next: its own end tag, or the next cell, row or row group. */
const CELL_ENDS = new Set(['td', 'th', 'tr', 'thead', 'tbody', 'tfoot', 'table']);

/** A tag read at some `<`: its lower-case name, whether it is an end tag, and the index just past its `>`. */
interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly end: number;
}

/**
 * `html` with a `&nbsp;` written into every `<td>` and `<th>` whose content is empty, whitespace or comments
 * only, right after its start tag. Nothing else changes: attributes, other elements, text, comments and the
 * content of `<script>`, `<style>`, `<textarea>` and the other raw-text elements are copied as they are (a
 * `<td>` there is text, not a cell; a self-closed one, `<title/>` in SVG, holds nothing). A cell whose end is left implied (the next `<td>`, `<tr>`, …) counts
 * too. One pass, linear in the length of `html`; never throws.
 */
export function fillEmptyCells(html: string): string {
  const out: string[] = [];
  let copied = 0;
  let at = html.indexOf('<');
  while (at !== -1 && at < html.length) {
    if (html.startsWith('<!--', at)) {
      at = commentEnd(html, at);
    } else {
      const tag = readTag(html, at);
      if (tag === undefined) {
        at += 1;
      } else if (!tag.closing && RAW_TEXT.has(tag.name) && html[tag.end - 2] !== '/') {
        at = rawTextEnd(html, tag.end, tag.name);
      } else {
        if (!tag.closing && (tag.name === 'td' || tag.name === 'th') && isEmptyCell(html, tag.end)) {
          out.push(html.slice(copied, tag.end), '&nbsp;');
          copied = tag.end;
        }
        at = tag.end;
      }
    }
    at = html.indexOf('<', at);
  }
  out.push(html.slice(copied));
  return out.join('');
}

/** The index just past the comment starting at `at` (`<!--` … `-->`), or the end of `html` if it never ends. */
function commentEnd(html: string, at: number): number {
  const end = html.indexOf('-->', at + 4);
  return end === -1 ? html.length : end + 3;
}

/**
 * The tag starting at `html[at] === '<'`, or `undefined` when no tag starts there (a `<` in text). A
 * declaration or processing instruction (`<!DOCTYPE …>`, `<?…>`) reads as a tag with an empty name. A `>`
 * inside a quoted attribute value does not end the tag; a tag that never ends runs to the end of `html`.
 */
function readTag(html: string, at: number): Tag | undefined {
  const next = html[at + 1];
  if (next === '!' || next === '?') {
    const end = html.indexOf('>', at + 2);
    return { name: '', closing: false, end: end === -1 ? html.length : end + 1 };
  }
  const closing = next === '/';
  const nameStart = closing ? at + 2 : at + 1;
  const first = html.charCodeAt(nameStart) | 0x20; // ASCII lower case
  if (!(first >= 0x61 && first <= 0x7a)) return undefined;
  let i = nameStart + 1;
  while (i < html.length && html[i] !== '/' && html[i] !== '>' && !isSpace(html[i]!)) i += 1;
  const name = html.slice(nameStart, i);
  while (i < html.length && html[i] !== '>') {
    if (html[i] === '=') {
      i += 1;
      while (i < html.length && isSpace(html[i]!)) i += 1;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        i = close === -1 ? html.length : close + 1;
        continue;
      }
    } else {
      i += 1;
    }
  }
  return { name: name.toLowerCase(), closing, end: Math.min(i + 1, html.length) };
}

/** The index of the end tag `</name` closing a raw-text element whose content starts at `from`, or the end of `html`. */
function rawTextEnd(html: string, from: number, name: string): number {
  const pattern = new RegExp(`</${name}[\\s/>]`, 'gi');
  pattern.lastIndex = from;
  return pattern.exec(html)?.index ?? html.length;
}

/**
 * Whether the cell content starting at `from` is empty: only whitespace and comments before a tag that ends
 * the cell. A cell running to the end of the document is left alone.
 */
function isEmptyCell(html: string, from: number): boolean {
  let i = from;
  for (;;) {
    while (i < html.length && isSpace(html[i]!)) i += 1;
    if (i >= html.length || html[i] !== '<') return false;
    if (!html.startsWith('<!--', i)) break;
    i = commentEnd(html, i);
  }
  const tag = readTag(html, i);
  return tag !== undefined && html[tag.end - 1] === '>' && CELL_ENDS.has(tag.name) && (tag.closing || tag.name !== 'table');
}

/** ASCII whitespace as HTML defines it (tab, line feed, form feed, carriage return, space). */
function isSpace(char: string): boolean {
  return char === ' ' || char === '\n' || char === '\t' || char === '\r' || char === '\f';
}
