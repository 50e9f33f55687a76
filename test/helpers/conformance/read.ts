/**
 * Reading a PDF for the conformance check (../conformance.ts): the parsed document with its ParentTree and
 * role map, the small pdf-lib lookups every check shares, and how a check reports a finding.
 */
import {
  PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFString, decodePDFRawStream,
  type PDFObject, type PDFPageLeaf,
} from 'pdf-lib';

/** A standard a PDF claims: PDF/UA-1 (ISO 14289-1) or PDF/A-2b (ISO 19005-2). */
export type Standard = 'ua-1' | 'a-2b';

/** Where a rule comes from for each standard: `ua` for PDF/UA-1, `a` for PDF/A-2b. */
export interface Rule {
  ua?: string;
  a?: string;
}

/**
 * How a check reports a failed checkpoint; the report keeps it only if the rule has a clause for a claimed
 * standard. `page` is 1-based.
 */
export type Report = (checkpoint: string, rule: Rule, detail: string, page?: number) => void;

/** The parsed document and the lookups every check shares. */
export interface Pdf {
  bytes: Uint8Array;
  doc: PDFDocument;
  catalog: PDFDict;
  pages: PDFPageLeaf[];
  /** ParentTree entries by key (ISO 32000-1 14.7.4.4). */
  parentTree: Map<number, PDFObject>;
  /** The structure tree root's RoleMap: type → type it maps to. */
  roleMap: Map<string, string>;
}

/** Parse a PDF with pdf-lib, as saved (the Info dictionary is not touched). Throws when pdf-lib cannot parse it. */
export async function loadPdf(bytes: Uint8Array): Promise<Pdf> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: Infinity });
  const catalog = doc.catalog;
  const root = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const parentTree = new Map<number, PDFObject>();
  const tree = root?.lookupMaybe(PDFName.of('ParentTree'), PDFDict);
  if (tree) readNumberTree(tree, parentTree, new Set());
  const roleMap = new Map<string, string>();
  for (const [key, value] of root?.lookupMaybe(PDFName.of('RoleMap'), PDFDict)?.entries() ?? []) {
    const to = nameOf(doc.context.lookup(value));
    if (to !== undefined) roleMap.set(key.decodeText(), to);
  }
  const pages = doc.getPages().map((p) => p.node);
  return { bytes, doc, catalog, pages, parentTree, roleMap };
}

/** Collect a number tree's entries (ISO 32000-1 7.9.7), following Kids; a node seen twice is read once. */
function readNumberTree(node: PDFDict, out: Map<number, PDFObject>, seen: Set<PDFDict>): void {
  if (seen.has(node)) return;
  seen.add(node);
  const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray);
  for (let i = 0; nums && i + 1 < nums.size(); i += 2) {
    const key = nums.lookup(i);
    if (key instanceof PDFNumber) out.set(key.asNumber(), nums.get(i + 1));
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i++) {
    const kid = kids.lookup(i);
    if (kid instanceof PDFDict) readNumberTree(kid, out, seen);
  }
}

/** A name's text without the slash, or undefined for any other object. */
export function nameOf(obj: PDFObject | undefined): string | undefined {
  return obj instanceof PDFName ? obj.decodeText() : undefined;
}

/** A text string's value (PDFDocEncoding or UTF-16), or undefined for any other object. */
export function textOf(obj: PDFObject | undefined): string | undefined {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : undefined;
}

/** The dictionary of a dict or stream object, after resolving a reference; undefined for anything else. */
export function dictOf(pdf: Pdf, obj: PDFObject | undefined): PDFDict | undefined {
  const o = obj === undefined ? undefined : pdf.doc.context.lookup(obj);
  return o instanceof PDFDict ? o : o instanceof PDFRawStream ? o.dict : undefined;
}

/** The value of a key of a dict, resolved. */
export function get(dict: PDFDict | undefined, key: string): PDFObject | undefined {
  return dict?.lookup(PDFName.of(key));
}

/** An array's items resolved; a single object is a list of one, nothing an empty list. */
export function items(pdf: Pdf, obj: PDFObject | undefined): PDFObject[] {
  const o = obj === undefined ? undefined : pdf.doc.context.lookup(obj);
  if (o instanceof PDFArray) return o.asArray().map((x) => pdf.doc.context.lookup(x)).filter((x) => x !== undefined);
  return o === undefined ? [] : [o];
}

/** A stream's decoded bytes (Flate, LZW, ASCIIHex, ASCII85, RunLength), as pdf-lib decodes them. */
export function streamBytes(stream: PDFRawStream): Uint8Array {
  return stream.dict.has(PDFName.of('Filter')) ? decodePDFRawStream(stream).decode() : stream.contents;
}

/**
 * The entries (name, object) of one resource category ("Font", "XObject"…) of a resource dict and of the form
 * XObjects it holds, recursively; a resource dict seen twice is read once.
 */
export function resourceEntries(pdf: Pdf, resources: PDFDict | undefined, category: string, seen = new Set<PDFDict>()): [string, PDFObject][] {
  if (!resources || seen.has(resources)) return [];
  seen.add(resources);
  const own = resources.lookupMaybe(PDFName.of(category), PDFDict);
  const out: [string, PDFObject][] = [...(own?.entries() ?? [])].map(([k, v]) => [k.decodeText(), v]);
  for (const [, ref] of resources.lookupMaybe(PDFName.of('XObject'), PDFDict)?.entries() ?? []) {
    const form = pdf.doc.context.lookup(ref);
    if (form instanceof PDFRawStream && nameOf(get(form.dict, 'Subtype')) === 'Form') {
      out.push(...resourceEntries(pdf, form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), category, seen));
    }
  }
  return out;
}
