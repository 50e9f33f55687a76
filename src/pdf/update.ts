/**
 * Load a document's next version into a page without loading it: the contents' page numbers change a few
 * text nodes of a document Chromium has already parsed, styled and laid out, so those nodes are edited in
 * place instead of parsing, styling and decoding the fonts of the whole document again (a second
 * `setContent` took 130–170 ms of the sample's PDF stage, more than the edit and the print's relayout).
 *
 * The page parses the new HTML inertly (`DOMParser`: no fonts load, nothing runs) and walks it beside the
 * live document. Only when the two trees have the same shape (node types, names, child counts) and differ in
 * the body's text and attribute values are those copied over; any other difference (a style sheet's text,
 * such as the fonts' subsets when the numbers need other digits) leaves the page untouched and returns false,
 * and the caller loads the document as usual.
 */
import type { Page } from 'puppeteer-core';

/**
 * Make the document loaded in `page` the document `html`, in place, when the two differ only in text and
 * plain (unprefixed) attribute values that load nothing (not `src`, `srcset`, `data`, `poster`, `background`,
 * nor `href` but a link's). Returns false, having changed nothing, when they differ in any other way: load
 * `html` then.
 * @param page a page whose document was loaded with `setContent` (JavaScript may be off: this runs through
 *   the DevTools protocol).
 * @throws puppeteer's errors when the page is gone.
 */
export function updateInPlace(page: Page, html: string): Promise<boolean> {
  return page.evaluate(editToMatch, html);
}

/**
 * Runs inside the page (puppeteer sends its source text, so it is self-contained): parse `html` inertly, walk
 * it beside the live document, and apply the edits only when every node matched.
 */
function editToMatch(html: string): boolean {
  const next = new DOMParser().parseFromString(html, 'text/html');
  const edits: Array<() => void> = [];
  const match = (live: Node, wanted: Node): boolean => {
    if (live.nodeType !== wanted.nodeType || live.nodeName !== wanted.nodeName) return false;
    if (live instanceof Element && wanted instanceof Element) {
      if (live.namespaceURI !== wanted.namespaceURI) return false;
      for (const name of new Set([...live.getAttributeNames(), ...wanted.getAttributeNames()])) {
        const value = wanted.getAttribute(name);
        if (live.getAttribute(name) === value) continue;
        // A prefixed name (xlink:href) is set in its namespace by the parser, not by setAttribute; an attribute
        // that loads something (an image's src) would load after the edit, unwaited: load the document then.
        if (name.includes(':') || /^(src|srcset|data|poster|background)$/.test(name) || (name === 'href' && live.tagName !== 'A')) return false;
        edits.push(value === null ? () => live.removeAttribute(name) : () => live.setAttribute(name, value));
      }
    } else if (live.nodeValue !== wanted.nodeValue) {
      // A changed style sheet (the fonts' subsets when the numbers need other digits) reloads its fonts and
      // restyles the page as a whole, as a load would, but unwaited: load the document then.
      if (live.parentElement?.closest('style, script, head') != null) return false;
      const value = wanted.nodeValue;
      edits.push(() => (live.nodeValue = value));
    }
    const [a, b] = [live.childNodes, wanted.childNodes];
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!match(a[i]!, b[i]!)) return false;
    return true;
  };
  if (!match(document.documentElement, next.documentElement)) return false;
  for (const edit of edits) edit();
  return true;
}
