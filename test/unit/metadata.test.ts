/**
 * The document-level part of the standards pass (src/pdf/standards/metadata.ts): the XMP packet read back
 * with pdf.js (an XML parser of its own) agrees with the Info dictionary; the standards are identified with
 * pdfuaid / pdfaid and the pdfuaid extension schema; the sRGB output intent carries the shipped ICC profile;
 * the trailer /ID is a hash of the bytes, stamped in place, and a rebuild gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { stampDocumentId, writeConformanceMetadata, xmpDate } from '../../src/pdf/standards/metadata.ts';
import type { PdfStandard } from '../../src/pdf/standards/types.ts';
import { chromiumPrint } from '../helpers/chromium-prints.ts';

const ICC = readFileSync(new URL('../../assets/sRGB.icc', import.meta.url));

/** Text that XML and PDF strings both need care with: markup characters, quotes, non-Latin and astral characters, CR LF. */
const TRICKY = 'Q&A: <Tom\'s> "AI" — ünïcödé 中文 😀 &amp; ]]>';

/** What src/pdf/print.ts writes into the Info dictionary and the catalog before the pass runs. */
const INFO = {
  title: TRICKY,
  authors: ['Desk A', 'Desk B'],
  subject: 'Line one\r\nline two & <three>',
  keywords: ['SpaceX', 'R&D'],
  creator: 'briefing 0.1.0',
  producer: 'briefing 0.1.0 (Chromium, pdf-lib)',
  date: new Date('2026-06-01T00:00:00Z'),
  lang: 'en-GB',
};

/**
 * A two-page document whose Info dictionary is written the way src/pdf/print.ts writes it, with annotations on
 * the first page (one hidden, one without flags), then the metadata pass and a save.
 */
async function build(standards: readonly PdfStandard[] = ['ua-1', 'a-2b'], info: typeof INFO = INFO): Promise<{ doc: PDFDocument; bytes: Uint8Array }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([200, 200]);
  doc.addPage([200, 200]);
  const annot = (flags?: number): PDFDict =>
    doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], Dest: 'x', ...(flags === undefined ? {} : { F: flags }) });
  page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(annot(2)), doc.context.register(annot())]));
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.authors.join(', '));
  doc.setSubject(info.subject);
  doc.setKeywords([...info.keywords]);
  doc.setCreator(info.creator);
  doc.setProducer(info.producer);
  doc.setCreationDate(info.date);
  doc.setModificationDate(info.date);
  doc.setLanguage(info.lang);
  writeConformanceMetadata(doc, standards);
  const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  return { doc, bytes };
}

/** The Info dictionary and the XMP properties as pdf.js reads them, and the document's fingerprints (its /ID). */
async function readBack(bytes: Uint8Array): Promise<{ info: Record<string, unknown>; xmp: Map<string, unknown>; fingerprints: (string | null)[] }> {
  const pdf = await getDocument({ data: Uint8Array.from(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const { info, metadata } = await pdf.getMetadata();
    return { info: info as Record<string, unknown>, xmp: new Map(metadata === null ? [] : [...(metadata as unknown as Iterable<[string, unknown]>)]), fingerprints: pdf.fingerprints };
  } finally {
    await pdf.destroy();
  }
}

/** `obj` as the raw (undecoded) stream it must be. */
function rawStream(obj: unknown): PDFRawStream {
  expect(obj).toBeInstanceOf(PDFRawStream);
  return obj as PDFRawStream;
}

/** The catalog's metadata stream: its dictionary and its text. */
function metadataStream(doc: PDFDocument): { dict: PDFDict; xml: string } {
  const stream = rawStream(doc.catalog.lookup(PDFName.of('Metadata')));
  return { dict: stream.dict, xml: new TextDecoder().decode(stream.contents) };
}

describe('XMP metadata', () => {
  it('agrees with the Info dictionary, character for character (ISO 19005-2 6.6.3)', async () => {
    const { bytes } = await build();
    const { info, xmp } = await readBack(bytes);
    expect(info['Title']).toBe(TRICKY);
    expect(xmp.get('dc:title')).toBe(info['Title']);
    expect(xmp.get('dc:creator')).toEqual([info['Author']]);
    expect(xmp.get('dc:creator')).toEqual(['Desk A, Desk B']);
    expect(xmp.get('dc:description')).toBe(info['Subject']);
    expect(xmp.get('dc:description')).toBe('Line one\r\nline two & <three>');
    expect(xmp.get('pdf:keywords')).toBe(info['Keywords']);
    expect(xmp.get('pdf:producer')).toBe(info['Producer']);
    expect(xmp.get('xmp:creatortool')).toBe(info['Creator']);
    expect(xmp.get('dc:language')).toBe('en-GB');
    expect(info['CreationDate']).toBe('D:20260601000000Z');
    expect(xmp.get('xmp:createdate')).toBe('2026-06-01T00:00:00Z');
    expect(xmp.get('xmp:modifydate')).toBe('2026-06-01T00:00:00Z');
    expect(xmp.get('xmp:metadatadate')).toBe('2026-06-01T00:00:00Z');
  });

  it('is an uncompressed /Type /Metadata /Subtype /XML stream with a plain packet header and trailer', async () => {
    const { doc } = await build();
    const { dict, xml } = metadataStream(doc);
    expect(dict.get(PDFName.of('Type'))).toBe(PDFName.of('Metadata'));
    expect(dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('XML'));
    expect(dict.has(PDFName.of('Filter'))).toBe(false);
    expect(xml.startsWith('<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>')).toBe(true);
    expect(xml.trimEnd().endsWith('<?xpacket end="w"?>')).toBe(true);
    expect(xml).not.toMatch(/bytes=|encoding=/);
    expect(doc.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('en-GB');
  });

  it('identifies PDF/UA-1 with pdfuaid and its extension schema, and PDF/A-2b with pdfaid', async () => {
    const { doc, bytes } = await build();
    const { xmp } = await readBack(bytes);
    expect(xmp.get('pdfuaid:part')).toBe('1');
    expect(xmp.get('pdfaid:part')).toBe('2');
    expect(xmp.get('pdfaid:conformance')).toBe('B');
    const { xml } = metadataStream(doc);
    const schema = /<pdfaExtension:schemas>[\s\S]*<\/pdfaExtension:schemas>/.exec(xml)?.[0] ?? '';
    expect(schema).toContain('<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>');
    expect(schema).toContain('<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>');
    expect(schema).toContain('<pdfaProperty:name>part</pdfaProperty:name>');
    expect(schema).toContain('<pdfaProperty:valueType>Integer</pdfaProperty:valueType>');
    expect(schema).toContain('<pdfaProperty:category>internal</pdfaProperty:category>');
  });

  it('claims only the standards it is given', async () => {
    const ua = await readBack((await build(['ua-1'])).bytes);
    expect(ua.xmp.get('pdfuaid:part')).toBe('1');
    expect(ua.xmp.has('pdfaid:part')).toBe(false);
    const a = await build(['a-2b']);
    const { xmp } = await readBack(a.bytes);
    expect(xmp.get('pdfaid:part')).toBe('2');
    expect(xmp.has('pdfuaid:part')).toBe(false);
    expect(metadataStream(a.doc).xml).not.toContain('pdfaExtension');
    const none = await build([]);
    expect(none.doc.catalog.has(PDFName.of('OutputIntents'))).toBe(false);
    expect(metadataStream(none.doc).xml).not.toMatch(/pdfaid|pdfuaid/);
  });
});

describe('xmpDate', () => {
  it('writes the same instant in the same zone', () => {
    expect(xmpDate('D:20260601000000Z')).toBe('2026-06-01T00:00:00Z');
    expect(xmpDate("D:20260601123045+05'30'")).toBe('2026-06-01T12:30:45+05:30');
    expect(xmpDate("D:20260601123045-08'00")).toBe('2026-06-01T12:30:45-08:00');
    expect(xmpDate("D:20260601000000Z00'00'")).toBe('2026-06-01T00:00:00Z');
    expect(xmpDate('D:2026')).toBe('2026-01-01T00:00:00');
    expect(xmpDate('June 2026')).toBeUndefined();
  });
});

describe('output intent', () => {
  it('is one GTS_PDFA1 sRGB intent whose profile is assets/sRGB.icc, Flate-compressed, /N 3', async () => {
    const { doc } = await build();
    const intents = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    expect(intents.size()).toBe(1);
    const intent = intents.lookup(0, PDFDict);
    expect(intent.get(PDFName.of('Type'))).toBe(PDFName.of('OutputIntent'));
    expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    expect(intent.lookup(PDFName.of('OutputConditionIdentifier'), PDFString).decodeText()).toBe('sRGB IEC61966-2.1');
    const profile = rawStream(intent.lookup(PDFName.of('DestOutputProfile')));
    expect(profile.dict.lookup(PDFName.of('N'), PDFNumber).asNumber()).toBe(3);
    expect(profile.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
    const icc = inflateSync(profile.contents);
    expect(icc.equals(ICC)).toBe(true);
    // An ICC v2 profile of an RGB colour space: what PDF/A-2 accepts for an RGB output intent.
    expect(icc.toString('latin1', 36, 40)).toBe('acsp');
    expect(icc.toString('latin1', 16, 20)).toBe('RGB ');
    expect(icc[8]).toBe(2);
  });
});

describe('annotations', () => {
  it('print and show (ISO 19005-2 6.3.2), and pages with annotations use structure order (ISO 14289-1 7.18.3)', async () => {
    const { doc } = await build();
    const [first, second] = doc.getPages();
    const annots = first!.node.lookup(PDFName.of('Annots'), PDFArray);
    for (let i = 0; i < annots.size(); i++) expect(annots.lookup(i, PDFDict).lookup(PDFName.of('F'), PDFNumber).asNumber()).toBe(4);
    expect(first!.node.get(PDFName.of('Tabs'))).toBe(PDFName.of('S'));
    expect(second!.node.has(PDFName.of('Tabs'))).toBe(false);
  });
});

describe('trailer /ID', () => {
  it('is written as a placeholder and stamped in place with the hash of the saved bytes', async () => {
    const { bytes } = await build();
    const zeros = `/ID [ <${'0'.repeat(32)}> <${'0'.repeat(32)}> ]`;
    expect(Buffer.from(bytes).toString('latin1')).toContain(zeros);
    const stamped = stampDocumentId(bytes);
    expect(stamped.length).toBe(bytes.length);
    const id = createHash('sha256').update(bytes).digest().subarray(0, 16).toString('hex').toUpperCase();
    const text = Buffer.from(stamped).toString('latin1');
    expect(text).toContain(`/ID [ <${id}> <${id}> ]`);
    expect(text).not.toContain(zeros);
    // Only the two strings changed: the cross-reference table still points at every object.
    const changed = [...stamped].flatMap((b, i) => (b === bytes[i] ? [] : [i]));
    expect(changed.length).toBeLessThanOrEqual(64);
    const { fingerprints } = await readBack(stamped);
    expect(fingerprints[0]).toBe(id.toLowerCase());
    const reloaded = await PDFDocument.load(stamped, { updateMetadata: false });
    const ids = reloaded.context.lookup(reloaded.context.trailerInfo.ID, PDFArray);
    expect(ids.lookup(0, PDFHexString).asString()).toBe(id);
    expect(bytes).not.toEqual(stamped); // the input is left as it was
  });

  it('is the same for the same bytes and differs for other bytes', async () => {
    const { bytes } = await build();
    expect(stampDocumentId(bytes)).toEqual(stampDocumentId(bytes));
    const other = (await build(['ua-1', 'a-2b'], { ...INFO, title: 'Another title' })).bytes;
    const idOf = (b: Uint8Array): string => /\/ID \[ <([0-9A-F]{32})>/.exec(Buffer.from(stampDocumentId(b)).toString('latin1'))![1]!;
    expect(idOf(other)).not.toBe(idOf(bytes));
  });

  it('makes two builds of the same document byte-identical', async () => {
    const one = stampDocumentId((await build()).bytes);
    const two = stampDocumentId((await build()).bytes);
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
  });

  it('refuses bytes without a placeholder', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage();
    const bytes = await doc.save({ useObjectStreams: false });
    expect(() => stampDocumentId(bytes)).toThrow(/\/ID placeholder/);
  });
});

describe('the first sample (as Chromium printed it)', () => {
  it('gets XMP that agrees with its Info dictionary, and a document id', async () => {
    const SAMPLE = chromiumPrint('ai-ipo-2026');
    const raw = readFileSync(SAMPLE);
    const times: number[] = [];
    let stamped: Uint8Array = new Uint8Array();
    for (let round = 0; round < 3; round++) {
      const doc = await PDFDocument.load(raw, { updateMetadata: false, parseSpeed: Infinity });
      const start = performance.now();
      writeConformanceMetadata(doc, ['ua-1', 'a-2b']);
      const written = performance.now();
      const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
      const saved = performance.now();
      stamped = stampDocumentId(bytes);
      times.push(written - start + (performance.now() - saved));
    }
    const { info: read, xmp, fingerprints } = await readBack(stamped);
    expect(xmp.get('dc:title')).toBe(read['Title']);
    expect(xmp.get('dc:creator')).toEqual([read['Author']]);
    expect(fingerprints[0]).toMatch(/^[0-9a-f]{32}$/);
    // Informative: the pass's own cost, without the save the print does anyway.
    console.log(`writeConformanceMetadata + stampDocumentId on ${SAMPLE}: ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
  });
});
