/**
 * XMP metadata checkpoints of the conformance check (../conformance.ts): the catalog's metadata stream, the
 * keys the issue asks for, agreement with the Info dictionary, and the PDF/UA and PDF/A identification.
 *
 * The XMP is read with regular expressions, not an XML parser: a property is found as an element or as an
 * attribute of rdf:Description, under whatever prefix the packet binds to its namespace.
 */
import type { PDFDict } from 'pdf-lib';
import { get, textOf, type Report, type Rule, type Standard } from './read.ts';

/** The namespaces the checks read. */
const NS = {
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
  pdfuaid: 'http://www.aiim.org/pdfua/ns/id/',
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
  pdfaExtension: 'http://www.aiim.org/pdfa/ns/extension/',
  pdfaSchema: 'http://www.aiim.org/pdfa/ns/schema#',
  pdfaProperty: 'http://www.aiim.org/pdfa/ns/property#',
} as const;

/**
 * The XMP keys every claiming PDF carries, with the Info entry each must agree with (ISO 19005-2 6.6.3, Table
 * 4 of XMP/Info equivalents), and whether it is a date. dc:title is also Matterhorn 06-003.
 */
const KEYS: readonly { ns: keyof typeof NS; local: string; info: string; date?: true }[] = [
  { ns: 'dc', local: 'title', info: 'Title' },
  { ns: 'dc', local: 'creator', info: 'Author' },
  { ns: 'dc', local: 'description', info: 'Subject' },
  { ns: 'xmp', local: 'CreateDate', info: 'CreationDate', date: true },
  { ns: 'xmp', local: 'ModifyDate', info: 'ModDate', date: true },
  { ns: 'pdf', local: 'Producer', info: 'Producer' },
  { ns: 'pdf', local: 'Keywords', info: 'Keywords' },
  { ns: 'xmp', local: 'CreatorTool', info: 'Creator' },
];

/** The catalog's metadata stream: its decoded text, and whether the stream names a /Filter. */
export interface MetadataStream {
  xml: string;
  filtered: boolean;
}

/**
 * Check the metadata stream against the claimed standards: present (Matterhorn 06-001, ISO 19005-2 6.6.2.1),
 * unfiltered (6.6.2.1), every key of KEYS present (xmp:CreatorTool only when Info has /Creator) and equal to its
 * Info entry (6.6.3), pdfuaid:part 1 (Matterhorn 06-002) with its extension schema when PDF/A is also claimed
 * (6.6.2.3.1), pdfaid:part 2 and conformance B (6.6.4).
 */
export function checkXmp(meta: MetadataStream | undefined, info: PDFDict | undefined, standards: readonly Standard[], report: Report): void {
  if (!meta) {
    report('xmp', { ua: 'Matterhorn 06-001', a: 'ISO 19005-2 6.6.2.1' }, 'the catalog has no /Metadata stream');
    return;
  }
  const { xml } = meta;
  if (meta.filtered) report('xmp-filter', { a: 'ISO 19005-2 6.6.2.1' }, 'the metadata stream has a /Filter');
  for (const key of KEYS) {
    const name = `${key.ns}:${key.local}`;
    const stated = textOf(get(info, key.info));
    const values = xmpValues(xml, NS[key.ns], key.local);
    const rule: Rule = { a: 'ISO 19005-2 6.6.3', ...(name === 'dc:title' ? { ua: 'Matterhorn 06-003' } : {}) };
    if (values === undefined) {
      if (key.local !== 'CreatorTool' || stated !== undefined) report('xmp-missing-key', rule, `the XMP has no ${name}`);
    } else if (stated !== undefined && !agrees(values, stated, key.date === true)) {
      report('xmp-info-mismatch', { a: 'ISO 19005-2 6.6.3' }, `${name} "${values.join(', ')}" disagrees with Info /${key.info} "${stated}"`);
    }
  }
  const uaPart = xmpValues(xml, NS.pdfuaid, 'part')?.[0];
  if (uaPart !== '1') report('pdfuaid', { ua: 'Matterhorn 06-002; ISO 14289-1 5' }, `pdfuaid:part is ${uaPart ?? 'absent'}, not 1`);
  if (standards.includes('ua-1') && !hasExtensionSchema(xml, NS.pdfuaid, 'part')) {
    report('xmp-extension-schema', { a: 'ISO 19005-2 6.6.2.3.1' }, 'the XMP uses pdfuaid without a pdfaExtension schema describing pdfuaid:part');
  }
  const [aPart, aConformance] = [xmpValues(xml, NS.pdfaid, 'part')?.[0], xmpValues(xml, NS.pdfaid, 'conformance')?.[0]];
  if (aPart !== '2' || aConformance !== 'B') {
    report('pdfaid', { a: 'ISO 19005-2 6.6.4' }, `pdfaid:part is ${aPart ?? 'absent'} and pdfaid:conformance ${aConformance ?? 'absent'}, not 2 and B`);
  }
}

/** Whether an XMP value agrees with an Info entry: equal text (dc:creator may list one item per author), or the same instant for dates. */
function agrees(values: string[], stated: string, date: boolean): boolean {
  if (date) return infoDate(stated) === Date.parse(values[0] ?? '');
  return values[0] === stated || values.join(', ') === stated;
}

/** An Info date string (D:YYYYMMDDHHmmSSOHH'mm', ISO 32000-1 7.9.4) as milliseconds since the epoch; NaN if malformed. */
export function infoDate(s: string): number {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?$/.exec(s.trim());
  if (!m) return NaN;
  const n = (i: number, absent: number): number => (m[i] === undefined ? absent : Number(m[i]));
  const offset = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (n(9, 0) * 60 + n(10, 0));
  return Date.UTC(n(1, 0), n(2, 1) - 1, n(3, 1), n(4, 0), n(5, 0), n(6, 0)) - offset * 60_000;
}

/** The prefixes an XMP packet binds to a namespace URI. */
function prefixes(xml: string, uri: string): string[] {
  const escaped = uri.replace(/[.*+?^${}()|[\]\\/#]/g, '\\$&');
  return [...xml.matchAll(new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*["']${escaped}["']`, 'g'))].map((m) => m[1]!);
}

/**
 * The value(s) of an XMP property: an attribute's text, a simple element's text, or the rdf:li items of an
 * Alt (x-default first), Seq or Bag. Undefined when the property is absent under every bound prefix.
 */
export function xmpValues(xml: string, uri: string, local: string): string[] | undefined {
  for (const p of prefixes(xml, uri)) {
    const attr = new RegExp(`\\s${p}:${local}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(xml);
    if (attr) return [unescapeXml(attr[1] ?? attr[2] ?? '')];
    const elem = new RegExp(`<${p}:${local}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${p}:${local}>)`).exec(xml);
    if (!elem) continue;
    const inner = elem[1] ?? '';
    const lis = [...inner.matchAll(/<[\w.-]+:li\b([^>]*)>([\s\S]*?)<\/[\w.-]+:li>/g)];
    if (lis.length === 0) return [unescapeXml(inner.trim())];
    lis.sort((a, b) => Number(/x-default/.test(b[1]!)) - Number(/x-default/.test(a[1]!)));
    return lis.map((li) => unescapeXml(li[2]!));
  }
  return undefined;
}

/** Whether a pdfaExtension schema describes a property of a namespace (ISO 19005-2 6.6.2.3.1). */
function hasExtensionSchema(xml: string, uri: string, property: string): boolean {
  if (xmpValues(xml, NS.pdfaExtension, 'schemas') === undefined) return false;
  const uris = prefixes(xml, NS.pdfaSchema).flatMap((p) => [...xml.matchAll(new RegExp(`${p}:namespaceURI(?:>|\\s*=\\s*["'])([^<"']*)`, 'g'))].map((m) => m[1]));
  const names = prefixes(xml, NS.pdfaProperty).flatMap((p) => [...xml.matchAll(new RegExp(`${p}:name(?:>|\\s*=\\s*["'])([^<"']*)`, 'g'))].map((m) => m[1]));
  return uris.includes(uri) && names.includes(property);
}

/** Replace XML's predefined entities and character references. */
function unescapeXml(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : named[e.toLowerCase()]!);
}
