/**
 * Content-stream checkpoints of the conformance check (../conformance.ts), read with pdf.js's operator list:
 * every painting operator is tagged content or an artifact, tags and artifacts do not nest in each other, MCIDs
 * map to the structure tree, and Pagination artifacts say whether they are a header or a footer.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFObject } from 'pdf-lib';
import { AnnotationMode, getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { dictOf, get, items, nameOf, resourceEntries, streamBytes, type Pdf, type Report } from './read.ts';

/** What one page's content holds. */
export interface PageContent {
  /** Painting operators (text, filled or stroked paths, images, shadings) as pdf.js lists them. */
  painting: number;
  /** Painting operators inside no Artifact and no marked-content sequence with an MCID (Matterhorn 01-005). */
  untagged: number;
  /** Artifact marked-content sequences by `Type/Subtype` ("Pagination/Header", "Layout", "(untyped)"). */
  artifacts: Record<string, number>;
}

/** pdf.js operators that paint; `constructPath` paints when its first argument is one of PATH_PAINT. */
const PAINT_OPS: ReadonlySet<number> = new Set([
  OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText, OPS.shadingFill,
  OPS.paintImageXObject, OPS.paintImageMaskXObject, OPS.paintImageMaskXObjectGroup, OPS.paintImageXObjectRepeat,
  OPS.paintImageMaskXObjectRepeat, OPS.paintSolidColorImageMask, OPS.paintInlineImageXObject,
  OPS.paintInlineImageXObjectGroup, OPS.rawFillPath,
]);
const PATH_PAINT: ReadonlySet<number> = new Set([
  OPS.stroke, OPS.closeStroke, OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

/**
 * The Pagination artifact subtypes ISO 32000-1 14.8.2.2.2 (Table 330) defines, and no other: the standards pass
 * types the boxes of the side margins Header or Footer too.
 */
const PAGINATION = ['Pagination/Header', 'Pagination/Footer', 'Pagination/Watermark'];

/**
 * Check each page's content and return what it holds: one `untagged-content` finding per page with untagged
 * painting (Matterhorn 01-005), one `pagination-subtype` per page with Pagination artifacts of no standard
 * subtype (Matterhorn 18-002), and the MCID and nesting findings of {@link walkOperators}.
 */
export async function checkContent(pdf: Pdf, report: Report): Promise<PageContent[]> {
  const pages = await readContent(pdf, report);
  pages.forEach((p, i) => {
    if (p.untagged > 0) {
      report('untagged-content', { ua: 'Matterhorn 01-005' }, `${p.untagged} of ${p.painting} painting operators are neither tagged content nor an artifact`, i + 1);
    }
    for (const [type, count] of Object.entries(p.artifacts)) {
      if (type.startsWith('Pagination') && !PAGINATION.includes(type)) {
        report('pagination-subtype', { ua: 'Matterhorn 18-002; ISO 32000-1 14.8.2.2.2' }, `${count} Pagination artifact(s) typed ${type}, not Header, Footer or Watermark`, i + 1);
      }
    }
  });
  return pages;
}

/** Read each page's operator list with pdf.js (annotation appearances left out) and walk it. */
async function readContent(pdf: Pdf, report: Report): Promise<PageContent[]> {
  const task = getDocument({ data: pdf.bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    const out: PageContent[] = [];
    for (let i = 0; i < doc.numPages; i++) {
      const list = await (await doc.getPage(i + 1)).getOperatorList({ annotationMode: AnnotationMode.DISABLE });
      const counts = walkOperators(pdf, i, list.fnArray, list.argsArray as unknown[][], report);
      out.push({ ...counts, artifacts: artifactTypes(pdf, i) });
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

/** One open marked-content sequence: its tag and MCID. */
interface Frame {
  tag: string;
  mcid: number | undefined;
}

/**
 * Walk one page's operators with a stack of marked-content sequences: a painting operator inside no Artifact
 * and no sequence with an MCID is untagged (Matterhorn 01-005); an Artifact inside a tagged sequence is 01-003,
 * an MCID inside an Artifact 01-004. The MCIDs of the page's own content are checked by {@link checkMcid}; those
 * inside form XObjects are not (pdf.js does not say which form, so not which /StructParents applies).
 */
function walkOperators(pdf: Pdf, index: number, fns: number[], args: unknown[][], report: Report): Omit<PageContent, 'artifacts'> {
  const stack: Frame[] = [];
  const seen = new Set<number>();
  let [painting, untagged, formDepth] = [0, 0, 0];
  const page = index + 1;
  for (let i = 0; i < fns.length; i++) {
    const fn = fns[i]!;
    const a = args[i] ?? [];
    if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) {
      // pdf.js gives BDC as [tag, MCID or null]; BMC as [Name], which arrives as a string or as { name }.
      const tag = typeof a[0] === 'string' ? a[0] : ((a[0] as { name?: unknown } | null)?.name as string | undefined) ?? '';
      const mcid = fn === OPS.beginMarkedContentProps && typeof a[1] === 'number' ? a[1] : undefined;
      if (tag === 'Artifact' && stack.some((f) => f.mcid !== undefined)) {
        report('artifact-in-tagged', { ua: 'Matterhorn 01-003' }, 'an Artifact sequence lies inside tagged content', page);
      }
      if (mcid !== undefined && stack.some((f) => f.tag === 'Artifact')) {
        report('tagged-in-artifact', { ua: 'Matterhorn 01-004' }, `MCID ${mcid} lies inside an Artifact sequence`, page);
      }
      if (mcid !== undefined && formDepth === 0) checkMcid(pdf, index, mcid, seen, report);
      stack.push({ tag, mcid });
    } else if (fn === OPS.endMarkedContent) stack.pop();
    else if (fn === OPS.paintFormXObjectBegin) formDepth++;
    else if (fn === OPS.paintFormXObjectEnd) formDepth--;
    else if (PAINT_OPS.has(fn) || (fn === OPS.constructPath && PATH_PAINT.has(a[0] as number))) {
      painting++;
      if (!stack.some((f) => f.tag === 'Artifact' || f.mcid !== undefined)) untagged++;
    }
  }
  return { painting, untagged };
}

/**
 * An MCID of a page's content marks one sequence only (ISO 32000-1 14.7.4.2) and maps, through the page's
 * /StructParents entry in the ParentTree, to a structure element whose /K holds it (14.7.4.4).
 */
function checkMcid(pdf: Pdf, index: number, mcid: number, seen: Set<number>, report: Report): void {
  const page = index + 1;
  const rule = { ua: 'Matterhorn 01-005; ISO 32000-1 14.7.4.4' };
  if (seen.has(mcid)) report('mcid-duplicate', { ua: 'ISO 32000-1 14.7.4.2' }, `MCID ${mcid} marks more than one sequence`, page);
  seen.add(mcid);
  const key = get(pdf.pages[index], 'StructParents');
  if (!(key instanceof PDFNumber)) {
    report('mcid-unmapped', rule, `MCID ${mcid} is on a page with no /StructParents`, page);
    return;
  }
  const entry = pdf.parentTree.get(key.asNumber());
  const array = entry === undefined ? undefined : pdf.doc.context.lookup(entry);
  const elem = array instanceof PDFArray && mcid < array.size() ? dictOf(pdf, array.get(mcid)) : undefined;
  if (!elem) report('mcid-unmapped', rule, `MCID ${mcid} is not mapped by the ParentTree`, page);
  else if (!elementMcids(pdf, elem).includes(mcid)) {
    report('mcid-unmapped', rule, `MCID ${mcid} maps to a ${nameOf(get(elem, 'S'))} element whose /K does not hold it`, page);
  }
}

/** The MCIDs a structure element's /K names directly: integers and marked-content references (MCR). */
function elementMcids(pdf: Pdf, elem: PDFDict): number[] {
  return items(pdf, elem.get(PDFName.of('K'))).flatMap((kid) => {
    if (kid instanceof PDFNumber) return [kid.asNumber()];
    const mcid = kid instanceof PDFDict && nameOf(get(kid, 'Type')) === 'MCR' ? get(kid, 'MCID') : undefined;
    return mcid instanceof PDFNumber ? [mcid.asNumber()] : [];
  });
}

/** A page's decoded content streams and those of the form XObjects it holds, as latin1 text. */
export function rawContents(pdf: Pdf, index: number): string[] {
  const page = pdf.pages[index]!;
  const forms = resourceEntries(pdf, page.Resources(), 'XObject').map(([, ref]) => pdf.doc.context.lookup(ref));
  return [...items(pdf, page.get(PDFName.of('Contents'))), ...forms]
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream && nameOf(get(s.dict, 'Subtype')) !== 'Image')
    .map((s) => Buffer.from(streamBytes(s)).toString('latin1'));
}

/**
 * Artifact sequences of a page by `Type/Subtype`, read from the raw content, since pdf.js keeps only a
 * sequence's MCID: `/Artifact <<…>> BDC` with an inline dict (no nested dicts) or a /Properties name, and
 * `/Artifact BMC`, counted as "(untyped)". A string in the content that spells these would be miscounted.
 */
function artifactTypes(pdf: Pdf, index: number): Record<string, number> {
  const counts: Record<string, number> = {};
  const properties = pdf.pages[index]!.Resources()?.lookupMaybe(PDFName.of('Properties'), PDFDict);
  const re = /\/Artifact\s*(?:(<<[\s\S]*?>>)\s*BDC|\/([^\s/<>[\]()]+)\s*BDC|BMC)/g;
  for (const text of rawContents(pdf, index)) {
    for (const m of text.matchAll(re)) {
      const named: PDFObject | undefined = m[2] === undefined ? undefined : get(properties, m[2]);
      const props = m[1] ?? (named instanceof PDFDict ? named.toString() : '');
      const type = /\/Type\s*\/(\w+)/.exec(props)?.[1];
      const subtype = /\/Subtype\s*\/(\w+)/.exec(props)?.[1];
      const key = type === undefined ? '(untyped)' : subtype === undefined ? type : `${type}/${subtype}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}
