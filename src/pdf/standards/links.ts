/**
 * Link annotations that say where they go: PDF/UA asks every Link annotation for an alternate description in
 * its `/Contents` (ISO 14289-1 7.18.5, Matterhorn 28-004), and Chromium writes none, whatever the `<a>` says.
 * The words come from the HTML (link-labels.ts), by the link's target.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

/** Where a link annotation goes: a named destination inside the document, a page, a URL, or something else. */
type LinkTarget = { readonly kind: 'name'; readonly id: string } | { readonly kind: 'page'; readonly page: number } | { readonly kind: 'uri'; readonly uri: string } | { readonly kind: 'other' };

/**
 * Give every `/Link` annotation of `doc` a `/Contents` (ISO 14289-1 7.18.5): the label `labels` holds for its
 * target, looked up by `#<id>` for a named destination (Chromium writes `/Dest /<id>` for `href="#<id>"`, and
 * `/A << /S /GoTo /D … >>` is read the same way) and by the URL for a `/A << /S /URI >>` action (also compared
 * as WHATWG-normalised URLs, since the PDF may hold `https://x.org/` for the HTML's `https://x.org`). With no
 * label the link still gets words: the URL itself, `Link to <id>`, `Link to page <n>`, or `Link`. Replaces any
 * `/Contents` the annotation had.
 * @param labels link target → words, as {@link linkLabelsOf} (src/pdf/standards/link-labels.ts) gives them.
 */
export function labelLinks(doc: PDFDocument, labels: ReadonlyMap<string, string>): void {
  const byUrl = new Map<string, string>();
  for (const [key, label] of labels) {
    const url = key.startsWith('#') ? undefined : normalisedUrl(key);
    if (url !== undefined && !byUrl.has(url)) byUrl.set(url, label);
  }
  const pages = doc.getPages();
  const pageNumbers = new Map(pages.map((p, i) => [p.ref.toString(), i + 1]));
  // Many links share a target (every citation of a source): encode each label once.
  const encoded = new Map<string, PDFHexString>();
  for (const page of pages) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const annot = annots!.lookupMaybe(i, PDFDict);
      if (annot?.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
      const label = labelOf(targetOf(annot, pageNumbers), labels, byUrl);
      let contents = encoded.get(label);
      if (contents === undefined) encoded.set(label, (contents = PDFHexString.fromText(label)));
      annot.set(PDFName.of('Contents'), contents);
    }
  }
}

/** The words for a link to `target`: its label in `labels` (or `byUrl`), else a description of the target. */
function labelOf(target: LinkTarget, labels: ReadonlyMap<string, string>, byUrl: ReadonlyMap<string, string>): string {
  switch (target.kind) {
    case 'name':
      return labels.get(`#${target.id}`) ?? `Link to ${target.id}`;
    case 'uri': {
      const url = normalisedUrl(target.uri);
      return labels.get(target.uri) ?? (url === undefined ? undefined : byUrl.get(url)) ?? target.uri;
    }
    case 'page':
      return `Link to page ${target.page}`;
    case 'other':
      return 'Link';
  }
}

/** Where the link annotation `annot` goes: its `/Dest`, or its action's `/D` (GoTo) or `/URI` (URI). */
function targetOf(annot: PDFDict, pageNumbers: ReadonlyMap<string, number>): LinkTarget {
  const dest = annot.get(PDFName.of('Dest'));
  if (dest !== undefined) return destinationOf(annot.context.lookup(dest), pageNumbers);
  const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
  const type = action?.get(PDFName.of('S'));
  if (action !== undefined && type === PDFName.of('GoTo')) return destinationOf(action.lookup(PDFName.of('D')), pageNumbers);
  if (action !== undefined && type === PDFName.of('URI')) {
    const uri = action.lookupMaybe(PDFName.of('URI'), PDFString, PDFHexString);
    if (uri !== undefined) return { kind: 'uri', uri: uri.decodeText() };
  }
  return { kind: 'other' };
}

/**
 * A destination (ISO 32000-1 12.3.2): a name (a PDF name, UTF-8 as Chromium writes it, or a string) or an
 * explicit `[page /XYZ …]` array.
 */
function destinationOf(dest: PDFObject | undefined, pageNumbers: ReadonlyMap<string, number>): LinkTarget {
  if (dest instanceof PDFName) return { kind: 'name', id: new TextDecoder().decode(dest.asBytes()) };
  if (dest instanceof PDFString || dest instanceof PDFHexString) return { kind: 'name', id: dest.decodeText() };
  if (dest instanceof PDFArray) {
    const page = dest.get(0);
    const n = page instanceof PDFRef ? pageNumbers.get(page.toString()) : undefined;
    if (n !== undefined) return { kind: 'page', page: n };
  }
  return { kind: 'other' };
}

/** `url` parsed and printed again by the WHATWG URL parser, or `undefined` when it is no absolute URL. */
function normalisedUrl(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).href : undefined;
}
