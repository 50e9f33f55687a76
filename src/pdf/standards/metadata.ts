/**
 * The document-level part of the standards pass: XMP metadata that agrees with the Info dictionary and
 * identifies the standards claimed, the sRGB output intent, the trailer `/ID` and the annotation flags.
 *
 *   Info dictionary ──read──▶ XMP packet (dc, xmp, pdf, pdfaid, pdfuaid + extension schema) ──▶ /Metadata
 *   assets/sRGB.icc ──Flate──▶ /OutputIntents [GTS_PDFA1]                                 (a-2b only)
 *   /ID [<0…0> <0…0>] placeholder ──doc.save──▶ {@link stampDocumentId}: SHA-256 of the bytes, in place
 *
 * Nothing here reads a clock or draws a random number: the same document gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { errorOf, msg } from '../../messages.ts';
import type { PdfStandard } from '../../content/kinds.ts';

/** The sRGB profile shipped with briefing (assets/sRGB.icc, zlib licence; see assets/sRGB.icc.LICENSE). */
const SRGB_PROFILE = new URL('../../../assets/sRGB.icc', import.meta.url);

/** The output condition the sRGB profile describes (ICC registry name). */
const SRGB_CONDITION = 'sRGB IEC61966-2.1';

/** One of the two strings of the trailer `/ID` placeholder: 16 zero bytes as hex. */
const ID_PLACEHOLDER = `<${'0'.repeat(32)}>`;

/**
 * Annotation flags (ISO 32000-1 12.5.3, Table 165): Invisible 1, Hidden 2, Print 4, NoView 32,
 * ToggleNoView 256.
 */
const FLAG = { invisible: 1, hidden: 2, print: 4, noView: 32, toggleNoView: 256 } as const;

/**
 * The Info dictionary's entries the XMP packet mirrors, as text (`undefined` where the dictionary has none).
 * Dates stay in PDF date syntax (`D:20260601000000Z`).
 */
interface InfoEntries {
  readonly title?: string;
  readonly author?: string;
  readonly subject?: string;
  readonly keywords?: string;
  readonly creator?: string;
  readonly producer?: string;
  readonly created?: string;
  readonly modified?: string;
  /** The catalog's `/Lang` (print.ts sets it from the document's language): XMP `dc:language`. */
  readonly lang?: string;
}

/**
 * Make `doc` carry what PDF/UA-1 and PDF/A-2b ask of the document as a whole, for the standards in `standards`:
 * - an XMP metadata stream (`/Type /Metadata /Subtype /XML`, uncompressed) as the catalog's `/Metadata`, built
 *   from the Info dictionary already in `doc` so that the two agree character for character (ISO 19005-2
 *   6.6.3, ISO 14289-1 7.1 and Matterhorn 06-001…06-003), with `pdfuaid:part 1` and its PDF/A extension schema
 *   for `ua-1` (ISO 14289-1 5) and `pdfaid:part 2`, `pdfaid:conformance B` for `a-2b` (ISO 19005-2 6.6.4);
 * - for `a-2b`, an sRGB output intent with the ICC profile assets/sRGB.icc (ISO 19005-2 6.2.3), replacing any
 *   other `GTS_PDFA1` intent;
 * - a trailer `/ID` placeholder of two 16-byte zero strings (ISO 19005-2 6.1.3, ISO 32000-1 14.4), which
 *   {@link stampDocumentId} fills in after saving;
 * - for `a-2b`, every annotation's `/F` with Print set and Invisible, Hidden, NoView and ToggleNoView clear
 *   (ISO 19005-2 6.3.2); for `ua-1`, `/Tabs /S` on every page with annotations (ISO 14289-1 7.18.3).
 * @throws Error when `a-2b` is claimed and assets/sRGB.icc cannot be read (a broken installation).
 */
export function writeConformanceMetadata(doc: PDFDocument, standards: readonly PdfStandard[]): void {
  const xmp = xmpPacket(readInfo(doc), standards);
  const stream = doc.context.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  if (standards.includes('a-2b')) writeOutputIntent(doc, readFileSync(SRGB_PROFILE));
  const zero = PDFHexString.of('0'.repeat(32));
  doc.context.trailerInfo.ID = doc.context.obj([zero, zero]);
  fixAnnotations(doc, standards);
}

/** The Info dictionary's text entries of `doc` (see {@link InfoEntries}). */
function readInfo(doc: PDFDocument): InfoEntries {
  const ref = doc.context.trailerInfo.Info;
  const dict = ref === undefined ? undefined : doc.context.lookupMaybe(ref, PDFDict);
  const text = (key: string): string | undefined => dict?.lookupMaybe(PDFName.of(key), PDFString, PDFHexString)?.decodeText();
  return {
    title: text('Title'),
    author: text('Author'),
    subject: text('Subject'),
    keywords: text('Keywords'),
    creator: text('Creator'),
    producer: text('Producer'),
    created: text('CreationDate'),
    modified: text('ModDate'),
    lang: doc.catalog.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString)?.decodeText(),
  };
}

/** Namespaces of the packet, by prefix (XMP 2005, ISO 19005-2 6.6.2.3.3, ISO 14289-1 5). */
const NS = {
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
  pdfuaid: 'http://www.aiim.org/pdfua/ns/id/',
  pdfaExtension: 'http://www.aiim.org/pdfa/ns/extension/',
  pdfaSchema: 'http://www.aiim.org/pdfa/ns/schema#',
  pdfaProperty: 'http://www.aiim.org/pdfa/ns/property#',
} as const;

/**
 * The XMP packet: one `rdf:Description` per schema, UTF-8, a packet header without `bytes` or `encoding`
 * attributes and a read-only (`w`) trailer (ISO 19005-2 6.6.2.2). Each property is written only when the Info
 * dictionary has its counterpart; `xmp:MetadataDate` is the modification date (else the creation date).
 */
function xmpPacket(entries: InfoEntries, standards: readonly PdfStandard[]): string {
  const created = entries.created === undefined ? undefined : xmpDate(entries.created);
  const modified = entries.modified === undefined ? undefined : xmpDate(entries.modified);
  const dc = [
    '<dc:format>application/pdf</dc:format>',
    entries.title === undefined ? '' : `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(entries.title)}</rdf:li></rdf:Alt></dc:title>`,
    entries.author === undefined ? '' : `<dc:creator><rdf:Seq><rdf:li>${xml(entries.author)}</rdf:li></rdf:Seq></dc:creator>`,
    entries.subject === undefined ? '' : `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(entries.subject)}</rdf:li></rdf:Alt></dc:description>`,
    entries.lang === undefined ? '' : `<dc:language><rdf:Bag><rdf:li>${xml(entries.lang)}</rdf:li></rdf:Bag></dc:language>`,
  ];
  const xmp = [
    created === undefined ? '' : `<xmp:CreateDate>${created}</xmp:CreateDate>`,
    modified === undefined ? '' : `<xmp:ModifyDate>${modified}</xmp:ModifyDate>`,
    modified ?? created ? `<xmp:MetadataDate>${modified ?? created}</xmp:MetadataDate>` : '',
    entries.creator === undefined ? '' : `<xmp:CreatorTool>${xml(entries.creator)}</xmp:CreatorTool>`,
  ];
  const pdf = [
    entries.producer === undefined ? '' : `<pdf:Producer>${xml(entries.producer)}</pdf:Producer>`,
    entries.keywords === undefined ? '' : `<pdf:Keywords>${xml(entries.keywords)}</pdf:Keywords>`,
  ];
  const descriptions = [description('dc', dc), description('xmp', xmp), description('pdf', pdf)];
  if (standards.includes('a-2b')) descriptions.push(description('pdfaid', ['<pdfaid:part>2</pdfaid:part>', '<pdfaid:conformance>B</pdfaid:conformance>']));
  if (standards.includes('ua-1')) descriptions.push(description('pdfuaid', ['<pdfuaid:part>1</pdfuaid:part>']), PDFUA_EXTENSION_SCHEMA);
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    ...descriptions,
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

/** One `rdf:Description` of the schema `prefix` holding `properties` (empty ones left out). */
function description(prefix: 'dc' | 'xmp' | 'pdf' | 'pdfaid' | 'pdfuaid', properties: readonly string[]): string {
  const lines = properties.filter((p) => p !== '').map((p) => `   ${p}`);
  return [`  <rdf:Description rdf:about="" xmlns:${prefix}="${NS[prefix]}">`, ...lines, '  </rdf:Description>'].join('\n');
}

/**
 * The PDF/A extension schema that describes the `pdfuaid` namespace and its `part` property: PDF/A-2 allows
 * only properties of XMP 2005's predefined schemas or of schemas described so (ISO 19005-2 6.6.2.3.3), and
 * `pdfuaid` (ISO 14289-1 5) is not predefined. The wording follows ISO 14289-1's own example.
 */
const PDFUA_EXTENSION_SCHEMA = [
  `  <rdf:Description rdf:about="" xmlns:pdfaExtension="${NS.pdfaExtension}" xmlns:pdfaSchema="${NS.pdfaSchema}" xmlns:pdfaProperty="${NS.pdfaProperty}">`,
  '   <pdfaExtension:schemas>',
  '    <rdf:Bag>',
  '     <rdf:li rdf:parseType="Resource">',
  '      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>',
  `      <pdfaSchema:namespaceURI>${NS.pdfuaid}</pdfaSchema:namespaceURI>`,
  '      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>',
  '      <pdfaSchema:property>',
  '       <rdf:Seq>',
  '        <rdf:li rdf:parseType="Resource">',
  '         <pdfaProperty:name>part</pdfaProperty:name>',
  '         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>',
  '         <pdfaProperty:category>internal</pdfaProperty:category>',
  '         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>',
  '        </rdf:li>',
  '       </rdf:Seq>',
  '      </pdfaSchema:property>',
  '     </rdf:li>',
  '    </rdf:Bag>',
  '   </pdfaExtension:schemas>',
  '  </rdf:Description>',
].join('\n');

/**
 * `text` as XML 1.0 element content: `&`, `<`, `>` as entities and CR as `&#xD;` (a parser would otherwise
 * turn CR LF into LF, and the value would no longer equal the Info entry). Characters XML 1.0 cannot carry
 * at all (C0 controls other than tab and line feed, U+FFFE, U+FFFF, lone surrogates) are left out.
 */
function xml(text: string): string {
  return text
    .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;');
}

/** A PDF date (`D:YYYYMMDDHHmmSS` then `Z`, `+HH'mm'` or nothing; ISO 32000-1 7.9.4). */
const PDF_DATE = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)(?:00'?(?:00'?)?)?|([+-])(\d{2})'?(?:(\d{2})'?)?)?$/;

/**
 * A PDF date as an XMP date (ISO 8601, `YYYY-MM-DDThh:mm:ss` and the same zone: `Z`, `±hh:mm`, or none when
 * the PDF date names none): the same instant, written in the same zone, as ISO 19005-2 6.6.3 asks. Fields the
 * PDF date leaves out take their defaults (month and day 01, time 00). `undefined` for a malformed date.
 */
export function xmpDate(pdfDate: string): string | undefined {
  const m = PDF_DATE.exec(pdfDate);
  if (m === null) return undefined;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', utc, sign, zh, zm = '00'] = m;
  const zone = utc !== undefined ? 'Z' : sign !== undefined ? `${sign}${zh}:${zm}` : '';
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${zone}`;
}

/**
 * Add the sRGB output intent (`/S /GTS_PDFA1`, ISO 19005-2 6.2.3) with `profile` as its Flate-compressed
 * `/DestOutputProfile` (`/N 3`), keeping intents of other subtypes and dropping any other `GTS_PDFA1` one
 * (PDF/A-2 allows one destination profile).
 */
function writeOutputIntent(doc: PDFDocument, profile: Uint8Array): void {
  const { context } = doc;
  const icc = context.stream(deflateSync(profile, { level: 9 }), { N: 3, Filter: 'FlateDecode' });
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_CONDITION),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of(SRGB_CONDITION),
    DestOutputProfile: context.register(icc),
  });
  const key = PDFName.of('OutputIntents');
  const existing = doc.catalog.lookupMaybe(key, PDFArray);
  const kept = (existing?.asArray() ?? []).filter((item) => context.lookupMaybe(item, PDFDict)?.get(PDFName.of('S')) !== PDFName.of('GTS_PDFA1'));
  doc.catalog.set(key, context.obj([...kept, context.register(intent)]));
}

/**
 * For `a-2b`: every annotation prints and shows (ISO 19005-2 6.3.2); for `ua-1`: every page with annotations
 * orders them by structure, `/Tabs /S` (ISO 14289-1 7.18.3).
 */
function fixAnnotations(doc: PDFDocument, standards: readonly PdfStandard[]): void {
  const archival = standards.includes('a-2b');
  const accessible = standards.includes('ua-1');
  const hiding = FLAG.invisible | FLAG.hidden | FLAG.noView | FLAG.toggleNoView;
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annots === undefined || annots.size() === 0) continue;
    if (accessible) page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
    if (!archival) continue;
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookupMaybe(i, PDFDict);
      if (annot === undefined) continue;
      const flags = annot.lookupMaybe(PDFName.of('F'), PDFNumber)?.asNumber() ?? 0;
      const fixed = (flags | FLAG.print) & ~hiding;
      if (fixed !== flags) annot.set(PDFName.of('F'), PDFNumber.of(fixed));
    }
  }
}

/**
 * Fill in the trailer `/ID` placeholder that {@link writeConformanceMetadata} left in a saved PDF: both of its
 * strings become the first 16 bytes of the SHA-256 of `bytes` (as saved, placeholder included), in hex. The
 * strings keep their length, so the cross-reference offsets stay valid, and the same bytes always get the
 * same ID: a rebuild is byte-identical (ISO 32000-1 14.4 asks an ID "computed … from the contents";
 * ISO 19005-2 6.1.3 requires one). The placeholder is the last `/ID [<0…0> <0…0>]` after the last `trailer`.
 * @returns a copy of `bytes` with the ID written; `bytes` itself is not changed.
 * @throws Error when `bytes` holds no placeholder (the pass did not run, or the PDF was saved with a
 *   cross-reference stream).
 */
export function stampDocumentId(bytes: Uint8Array): Uint8Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = placeholderAt(buffer);
  if (at === undefined) throw errorOf(msg.internalError('the saved PDF has no trailer /ID placeholder to stamp'));
  const id = createHash('sha256').update(bytes).digest().subarray(0, 16).toString('hex').toUpperCase();
  const out = Uint8Array.from(bytes);
  for (const start of at) out.set(Buffer.from(id, 'latin1'), start + 1);
  return out;
}

/** Where the two placeholder strings of the trailer `/ID` start (at their `<`), or `undefined`. */
function placeholderAt(buffer: Buffer): [number, number] | undefined {
  const second = buffer.lastIndexOf(ID_PLACEHOLDER, undefined, 'latin1');
  if (second <= 0) return undefined;
  const first = buffer.lastIndexOf(ID_PLACEHOLDER, second - 1, 'latin1');
  if (first === -1 || first < buffer.lastIndexOf('trailer', undefined, 'latin1')) return undefined;
  const between = buffer.toString('latin1', first + ID_PLACEHOLDER.length, second);
  const before = buffer.toString('latin1', Math.max(0, first - 16), first);
  return /^\s*$/.test(between) && /\/ID\s*\[\s*$/.test(before) ? [first, second] : undefined;
}
