/**
 * The conformance check of our own (test/helpers/conformance.ts): a small PDF built by hand to meet PDF/UA-1
 * and PDF/A-2b passes it, each fixture that breaks one checkpoint fails it with exactly that finding, and
 * Chromium's print of the first sample, before our standards pass (test/setup/chromium-prints.ts), fails it
 * where the issue says it does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, StandardFonts, type PDFObject, type PDFPageLeaf, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkConformance, contentCensus, type Finding, type Standard } from '../helpers/conformance.ts';
import { chromiumPrint } from '../helpers/chromium-prints.ts';

const BOTH: readonly Standard[] = ['ua-1', 'a-2b'];
const FONT = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf');
const DATE = new Date('2026-06-01T00:00:00Z');

/** The XMP keys the fixture writes, by the name the checker reports. */
const XMP_KEYS = ['dc:title', 'dc:creator', 'dc:description', 'xmp:CreateDate', 'xmp:ModifyDate', 'pdf:Producer', 'pdf:Keywords'];

/** The fixture under construction: what a test may change before it is written out. */
interface Fixture {
  doc: PDFDocument;
  page: PDFPageLeaf;
  /** Content-stream lines; font /F1 is embedded, text is `tj(words)`. */
  content: string[];
  tj: (words: string) => string;
  /** Lines of the XMP packet's rdf:Description body, by key. */
  xmp: Map<string, string>;
  /** How the XMP packet is written: as is, Flate-compressed, or not at all. */
  metadata: 'plain' | 'flate' | 'none';
  /** Structure elements by role in the fixture. */
  el: Record<'h1' | 'p' | 'link' | 'li' | 'lbody' | 'tr1' | 'tr2' | 'th1' | 'th2' | 'strong', PDFDict>;
  roleMap: PDFDict;
  annot: PDFDict;
}

/** XMP properties agreeing with the Info dictionary the fixture sets. */
function xmpProperties(): Map<string, string> {
  const alt = (s: string): string => `<rdf:Alt><rdf:li xml:lang="x-default">${s}</rdf:li></rdf:Alt>`;
  return new Map([
    ['dc:title', `<dc:title>${alt('Fixture &amp; proof')}</dc:title>`],
    ['dc:creator', '<dc:creator><rdf:Seq><rdf:li>Briefing desk</rdf:li></rdf:Seq></dc:creator>'],
    ['dc:description', `<dc:description>${alt('A hand-built conformant PDF')}</dc:description>`],
    ['xmp:CreateDate', '<xmp:CreateDate>2026-06-01T00:00:00Z</xmp:CreateDate>'],
    ['xmp:ModifyDate', '<xmp:ModifyDate>2026-06-01T00:00:00+00:00</xmp:ModifyDate>'],
    ['xmp:CreatorTool', '<xmp:CreatorTool>briefing test</xmp:CreatorTool>'],
    ['pdf:Producer', '<pdf:Producer>pdf-lib</pdf:Producer>'],
    ['pdf:Keywords', '<pdf:Keywords>alpha beta</pdf:Keywords>'],
    ['pdfaid', '<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>'],
    ['pdfuaid', '<pdfuaid:part>1</pdfuaid:part>'],
    ['extension', [
      '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">',
      '<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>',
      '<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>',
      '<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>',
      '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">',
      '<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>',
      '<pdfaProperty:category>internal</pdfaProperty:category>',
      '<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>',
      '</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>',
    ].join('\n')],
  ]);
}

/** The XMP packet around the properties. */
function xmpPacket(properties: Iterable<string>): string {
  const ns = {
    dc: 'http://purl.org/dc/elements/1.1/', xmp: 'http://ns.adobe.com/xap/1.0/', pdf: 'http://ns.adobe.com/pdf/1.3/',
    pdfaid: 'http://www.aiim.org/pdfa/ns/id/', pdfuaid: 'http://www.aiim.org/pdfua/ns/id/',
    pdfaExtension: 'http://www.aiim.org/pdfa/ns/extension/', pdfaSchema: 'http://www.aiim.org/pdfa/ns/schema#',
    pdfaProperty: 'http://www.aiim.org/pdfa/ns/property#',
  };
  const xmlns = Object.entries(ns).map(([p, uri]) => `xmlns:${p}="${uri}"`).join(' ');
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `<rdf:Description rdf:about="" ${xmlns}>`, ...properties, '</rdf:Description></rdf:RDF></x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

/** A 132-byte ICC profile: the 128-byte header of an RGB display profile (ICC.1 7.2) and an empty tag table. */
function iccProfile(): Uint8Array {
  const icc = Buffer.alloc(132);
  icc.writeUInt32BE(132, 0);
  icc.writeUInt32BE(0x02100000, 8);
  icc.write('mntrRGB XYZ ', 12, 'latin1');
  icc.write('acsp', 36, 'latin1');
  return icc;
}

/** The Info dictionary and the catalog entries: language, MarkInfo, viewer preferences, output intent, trailer /ID. */
function setDocumentEntries(doc: PDFDocument): void {
  const { context, catalog } = doc;
  doc.setTitle('Fixture & proof');
  doc.setAuthor('Briefing desk');
  doc.setSubject('A hand-built conformant PDF');
  doc.setKeywords(['alpha', 'beta']);
  doc.setCreator('briefing test');
  doc.setProducer('pdf-lib');
  doc.setCreationDate(DATE);
  doc.setModificationDate(DATE);
  catalog.set(PDFName.of('Lang'), PDFString.of('en'));
  catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  catalog.set(PDFName.of('ViewerPreferences'), context.obj({ DisplayDocTitle: true }));
  const profile = context.register(context.stream(iccProfile(), { N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent', S: 'GTS_PDFA1', OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'), DestOutputProfile: profile,
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([intent]));
  const id = PDFHexString.of('00112233445566778899aabbccddeeff');
  context.trailerInfo.ID = context.obj([id, id]);
}

/**
 * The structure tree: Document › H1, P (› Strong, role-mapped to Span), Link (› OBJR of the annotation),
 * L › LI › Lbl + LBody, Table › TR › TH TH, TR › TD TD. MCIDs 0–9 on the page, in the ParentTree under key 0;
 * the annotation under key 1.
 */
function buildStructure(doc: PDFDocument, pageRef: PDFRef, annotRef: PDFRef): { el: Fixture['el']; roleMap: PDFDict } {
  const { context } = doc;
  type Kid = number | PDFObject;
  const make = (S: string, K: Kid | Kid[], extra: Record<string, PDFObject> = {}): PDFDict => context.obj({ Type: 'StructElem', S, Pg: pageRef, K, ...extra }) as PDFDict;
  const strong = make('Strong', 9);
  const el = {
    h1: make('H1', 0), p: make('P', [1, strong]), strong,
    link: make('Link', [2, context.obj({ Type: 'OBJR', Obj: annotRef, Pg: pageRef })]),
    th1: make('TH', 5, { A: context.obj({ O: 'Table', Scope: 'Column' }) }), th2: make('TH', 6, { A: context.obj({ O: 'Table', Scope: 'Column' }) }),
    lbody: make('LBody', 4), li: make('LI', []), tr1: make('TR', []), tr2: make('TR', []),
  };
  const lbl = make('Lbl', 3);
  const [td1, td2] = [make('TD', 7), make('TD', 8)];
  el.li.set(PDFName.of('K'), context.obj([lbl, el.lbody]));
  el.tr1.set(PDFName.of('K'), context.obj([el.th1, el.th2]));
  el.tr2.set(PDFName.of('K'), context.obj([td1, td2]));
  const list = make('L', [el.li]);
  const table = make('Table', [el.tr1, el.tr2]);
  const document = make('Document', [el.h1, el.p, el.link, list, table]);
  const refs = new Map<PDFDict, PDFRef>();
  const all = [document, el.h1, el.p, strong, el.link, list, el.li, lbl, el.lbody, table, el.tr1, el.tr2, el.th1, el.th2, td1, td2];
  for (const dict of all) refs.set(dict, context.register(dict));
  // Kids and parents by reference, as a PDF writer does.
  for (const dict of all) {
    const k = dict.get(PDFName.of('K'));
    if (k instanceof PDFArray) k.asArray().forEach((kid, i) => { if (kid instanceof PDFDict && refs.has(kid)) { k.set(i, refs.get(kid)!); kid.set(PDFName.of('P'), refs.get(dict)!); } });
  }
  const byMcid = [el.h1, el.p, el.link, lbl, el.lbody, el.th1, el.th2, td1, td2, strong].map((d) => refs.get(d)!);
  const roleMap = context.obj({ Strong: 'Span' }) as PDFDict;
  const root = context.register(context.obj({
    Type: 'StructTreeRoot', K: refs.get(document)!, RoleMap: roleMap, ParentTreeNextKey: 2,
    ParentTree: context.obj({ Nums: [0, context.obj(byMcid), 1, refs.get(el.link)!] }),
  }));
  document.set(PDFName.of('P'), root);
  doc.catalog.set(PDFName.of('StructTreeRoot'), root);
  return { el, roleMap };
}

/** The page's content: every painting operator tagged (MCIDs 0–9) or an artifact (header, footer, a rule). */
function pageContent(tj: (words: string) => string): string[] {
  const text = (tag: string, mcid: number, y: number, words: string): string => `/${tag} <</MCID ${mcid}>> BDC BT /F1 11 Tf 72 ${y} Td ${tj(words)} Tj ET EMC`;
  return [
    `/Artifact <</Type /Pagination /Subtype /Header>> BDC BT /F1 8 Tf 72 800 Td ${tj('Running header')} Tj ET EMC`,
    text('H1', 0, 760, 'A heading'),
    `/P <</MCID 1>> BDC 0.2 0.4 0.6 rg 72 700 120 24 re f 0 0 0 rg BT /F1 11 Tf 72 680 Td ${tj('A paragraph')} Tj ET EMC`,
    text('Link', 2, 660, 'A link'), text('Lbl', 3, 640, '1.'), text('LBody', 4, 620, 'An item'),
    text('TH', 5, 600, 'Year'), text('TH', 6, 580, 'Revenue'), text('TD', 7, 560, '2025'), text('TD', 8, 540, '12'),
    text('Span', 9, 520, 'Strong words'),
    `/Artifact <</Type /Pagination /Subtype /Footer>> BDC BT /F1 8 Tf 72 40 Td ${tj('Page 1 of 1')} Tj ET EMC`,
    '/Artifact BMC 0.5 G 72 60 m 520 60 l S EMC',
  ];
}

/** Build the conformant fixture, let `change` break it, and write it out. */
async function build(change: (f: Fixture) => unknown = () => undefined): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit((await import('fontkit')) as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const font = await doc.embedFont(readFileSync(FONT), { subset: false });
  const page = doc.addPage([595, 842]);
  const { context } = doc;
  page.node.setFontDictionary(PDFName.of('F1'), font.ref);
  setDocumentEntries(doc);
  const annot = context.obj({
    Type: 'Annot', Subtype: 'Link', Rect: [72, 655, 140, 672], Border: [0, 0, 0], F: 4, StructParent: 1,
    Contents: PDFString.of('Go to the heading'), Dest: [page.ref, 'XYZ', 0, 800, 0],
  }) as PDFDict;
  const annotRef = context.register(annot);
  page.node.set(PDFName.of('Annots'), context.obj([annotRef]));
  page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
  page.node.set(PDFName.of('StructParents'), PDFNumber.of(0));
  const { el, roleMap } = buildStructure(doc, page.ref, annotRef);
  const tj = (words: string): string => font.encodeText(words).toString();
  const fixture: Fixture = { doc, page: page.node, content: pageContent(tj), tj, xmp: xmpProperties(), metadata: 'plain', el, roleMap, annot };
  await change(fixture);
  page.node.set(PDFName.of('Contents'), context.register(context.stream(fixture.content.join('\n'))));
  const xml = new TextEncoder().encode(xmpPacket(fixture.xmp.values()));
  const dict = { Type: 'Metadata', Subtype: 'XML' };
  if (fixture.metadata !== 'none') {
    const meta = fixture.metadata === 'flate' ? context.flateStream(xml, dict) : context.stream(xml, dict);
    doc.catalog.set(PDFName.of('Metadata'), context.register(meta));
  }
  return doc.save({ useObjectStreams: false });
}

/** The checkpoints of a fixture's findings, in order. */
const checkpoints = (findings: Finding[]): string[] => findings.map((f) => f.checkpoint);

/** Build a fixture broken by `change` and check it for both standards. */
const broken = async (change: (f: Fixture) => unknown, standards = BOTH): Promise<Finding[]> => checkConformance(await build(change), standards);

describe('the conformant fixture', () => {
  it('passes every checkpoint of both standards', async () => {
    expect(await checkConformance(await build(), BOTH)).toEqual([]);
  });

  it('counts its painting operators, none untagged, and its artifacts by type', async () => {
    expect(await contentCensus(await build())).toEqual([
      { page: 1, painting: 14, untagged: 0, artifacts: { 'Pagination/Header': 1, 'Pagination/Footer': 1, '(untyped)': 1 } },
    ]);
  });
});

describe('one fault, one finding', () => {
  it('finds a painting operator outside marked content, and counts it on its page', async () => {
    const bytes = await build((f) => f.content.push('0 0 1 rg 10 10 50 50 re f'));
    const findings = await checkConformance(bytes, BOTH);
    expect(findings).toEqual([{ checkpoint: 'untagged-content', clause: 'Matterhorn 01-005', page: 1, detail: '1 of 15 painting operators are neither tagged content nor an artifact' }]);
    expect((await contentCensus(bytes))[0]).toMatchObject({ painting: 15, untagged: 1 });
  });

  it('finds text in marked content that has no MCID and is no artifact', async () => {
    expect(checkpoints(await broken((f) => f.content.push(`/Span BMC BT /F1 9 Tf 72 20 Td ${f.tj('x')} Tj ET EMC`)))).toEqual(['untagged-content']);
  });

  it('finds an MCID the ParentTree does not map, and one marking two sequences', async () => {
    const unmapped = await broken((f) => f.content.push(`/P <</MCID 10>> BDC BT /F1 9 Tf 72 20 Td ${f.tj('x')} Tj ET EMC`));
    expect(unmapped).toEqual([expect.objectContaining({ checkpoint: 'mcid-unmapped', page: 1, detail: 'MCID 10 is not mapped by the ParentTree' })]);
    const twice = await broken((f) => f.content.push(`/P <</MCID 1>> BDC BT /F1 9 Tf 72 20 Td ${f.tj('x')} Tj ET EMC`));
    expect(checkpoints(twice)).toEqual(['mcid-duplicate']);
  });

  it('finds an MCID mapped to an element that does not hold it', async () => {
    const findings = await broken((f) => f.el.h1.set(PDFName.of('K'), PDFNumber.of(11)));
    expect(findings).toEqual([expect.objectContaining({ checkpoint: 'mcid-unmapped', detail: 'MCID 0 maps to a H1 element whose /K does not hold it' })]);
  });

  it('finds an artifact inside tagged content and tagged content inside an artifact', async () => {
    const inTagged = await broken((f) => f.content.push('/P <</MCID 1>> BDC /Artifact BMC 0 0 m 1 1 l S EMC EMC'));
    expect(checkpoints(inTagged)).toContain('artifact-in-tagged');
    const inArtifact = await broken((f) => f.content.push('/Artifact BMC /P <</MCID 1>> BDC 0 0 m 1 1 l S EMC EMC'));
    expect(checkpoints(inArtifact)).toContain('tagged-in-artifact');
  });

  it('finds a Pagination artifact that is neither header, footer nor watermark', async () => {
    const findings = await broken((f) => f.content.push('/Artifact <</Type /Pagination>> BDC 0 0 m 1 1 l S EMC'));
    expect(findings).toEqual([expect.objectContaining({ checkpoint: 'pagination-subtype', page: 1, detail: '1 Pagination artifact(s) typed Pagination, not Header, Footer or Watermark' })]);
  });

  it.each(XMP_KEYS)('finds the XMP missing %s', async (key) => {
    const findings = await broken((f) => f.xmp.delete(key));
    expect(findings).toEqual([{
      checkpoint: 'xmp-missing-key', clause: key === 'dc:title' ? 'Matterhorn 06-003; ISO 19005-2 6.6.3' : 'ISO 19005-2 6.6.3', detail: `the XMP has no ${key}`,
    }]);
  });

  it('finds no metadata stream, and a filtered one', async () => {
    expect(await broken((f) => { f.metadata = 'none'; })).toEqual([
      { checkpoint: 'xmp', clause: 'Matterhorn 06-001; ISO 19005-2 6.6.2.1', detail: 'the catalog has no /Metadata stream' },
    ]);
    expect(checkpoints(await broken((f) => { f.metadata = 'flate'; }))).toEqual(['xmp-filter']);
  });

  it('finds XMP that disagrees with the Info dictionary', async () => {
    expect(await broken((f) => f.doc.setTitle('Another title'))).toEqual([expect.objectContaining({
      checkpoint: 'xmp-info-mismatch', detail: 'dc:title "Fixture & proof" disagrees with Info /Title "Another title"',
    })]);
    expect(checkpoints(await broken((f) => f.doc.setCreationDate(new Date('2026-06-02T00:00:00Z'))))).toEqual(['xmp-info-mismatch']);
    expect(checkpoints(await broken((f) => f.xmp.delete('xmp:CreatorTool')))).toEqual(['xmp-missing-key']);
  });

  it('finds a wrong PDF/UA or PDF/A identification, and pdfuaid without its extension schema', async () => {
    expect(checkpoints(await broken((f) => f.xmp.set('pdfuaid', '<pdfuaid:part>2</pdfuaid:part>')))).toEqual(['pdfuaid']);
    expect(checkpoints(await broken((f) => f.xmp.set('pdfaid', '<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>')))).toEqual(['pdfaid']);
    expect(checkpoints(await broken((f) => f.xmp.delete('extension')))).toEqual(['xmp-extension-schema']);
    // PDF/UA-1 alone needs no PDF/A extension schema.
    expect(await broken((f) => f.xmp.delete('extension'), ['ua-1'])).toEqual([]);
  });

  it('finds DeviceRGB used without an output intent, and an output profile that is not RGB', async () => {
    expect(await broken((f) => f.doc.catalog.delete(PDFName.of('OutputIntents')))).toEqual([
      { checkpoint: 'output-intent', clause: 'ISO 19005-2 6.2.4.3', detail: 'DeviceRGB is used but there is no GTS_PDFA1 output intent' },
    ]);
    const grey = await broken((f) => {
      const intent = f.doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0, PDFDict);
      intent.set(PDFName.of('DestOutputProfile'), f.doc.context.register(f.doc.context.stream(iccProfile(), { N: 1 })));
    });
    expect(grey).toEqual([expect.objectContaining({ checkpoint: 'output-intent', clause: 'ISO 19005-2 6.2.3' })]);
  });

  it('finds no trailer /ID, and a header without its binary comment', async () => {
    expect(await broken((f) => { f.doc.context.trailerInfo.ID = undefined; })).toEqual([
      { checkpoint: 'trailer-id', clause: 'ISO 19005-2 6.1.3', detail: 'the trailer has no /ID of two strings' },
    ]);
    const bytes = await build();
    expect(Buffer.from(bytes.subarray(0, 14)).toString('latin1')).toBe('%PDF-1.7\n%\x81\x81\x81\x81');
    bytes.set(Buffer.from('abcd'), 10);
    expect(checkpoints(await checkConformance(bytes, BOTH))).toEqual(['header']);
  });

  it('finds a link without /Contents, and a link outside a Link element', async () => {
    const findings = await broken((f) => f.annot.delete(PDFName.of('Contents')));
    expect(findings).toEqual([{ checkpoint: 'link-contents', clause: 'Matterhorn 28-012', page: 1, detail: 'a Link annotation to an explicit destination has no /Contents' }]);
    expect(checkpoints(await broken((f) => f.annot.set(PDFName.of('StructParent'), PDFNumber.of(0))))).toEqual(['link-tag']);
  });

  it('finds an annotation that does not print, and a page with annotations but no /Tabs /S', async () => {
    expect(await broken((f) => f.annot.set(PDFName.of('F'), PDFNumber.of(0)))).toEqual([expect.objectContaining({ checkpoint: 'annotation-print', clause: 'ISO 19005-2 6.3.2' })]);
    expect(await broken((f) => f.page.delete(PDFName.of('Tabs')))).toEqual([expect.objectContaining({ checkpoint: 'tabs', clause: 'Matterhorn 28-008' })]);
    expect(await broken((f) => f.page.set(PDFName.of('Tabs'), PDFName.of('R')))).toEqual([expect.objectContaining({ checkpoint: 'tabs', clause: 'Matterhorn 28-009' })]);
  });

  it('finds a structure type neither standard nor role-mapped, a circular mapping and a remapped standard type', async () => {
    expect(await broken((f) => f.roleMap.delete(PDFName.of('Strong')))).toEqual([{
      checkpoint: 'role-map', clause: 'Matterhorn 02-001', detail: 'the structure type Strong is not a standard type and not role-mapped to one (1 element)',
    }]);
    const circular = await broken((f) => { f.roleMap.set(PDFName.of('Strong'), PDFName.of('Bold')); f.roleMap.set(PDFName.of('Bold'), PDFName.of('Strong')); });
    expect(circular).toEqual([expect.objectContaining({ checkpoint: 'role-map', clause: 'Matterhorn 02-003' })]);
    expect(await broken((f) => f.roleMap.set(PDFName.of('P'), PDFName.of('Span')))).toEqual([expect.objectContaining({ checkpoint: 'role-map', clause: 'Matterhorn 02-004' })]);
  });

  it('finds a bare LI: one that holds a P instead of an LBody', async () => {
    expect(await broken((f) => f.el.lbody.set(PDFName.of('S'), PDFName.of('P')))).toEqual([
      { checkpoint: 'list-item', clause: 'Matterhorn 09-005', page: 1, detail: 'an LI holds Lbl, P, not Lbl and LBody' },
    ]);
  });

  it('finds a table row a cell short, and counts ColSpan and RowSpan', async () => {
    const short = await broken((f) => f.el.tr2.lookup(PDFName.of('K'), PDFArray).remove(1));
    expect(short).toEqual([{ checkpoint: 'table-row', clause: 'ISO 14289-1 7.2 (Matterhorn 09-004)', page: 1, detail: 'row 2 of 2 spans 1 of 2 columns' }]);
    const spanned = (key: string) => (f: Fixture): void => {
      f.el.th1.set(PDFName.of('A'), f.doc.context.obj({ O: 'Table', Scope: 'Column', [key]: 2 }));
      (key === 'ColSpan' ? f.el.tr1 : f.el.tr2).lookup(PDFName.of('K'), PDFArray).remove(key === 'ColSpan' ? 1 : 0);
    };
    expect(await broken(spanned('ColSpan'))).toEqual([]);
    expect(await broken(spanned('RowSpan'))).toEqual([]);
  });

  it('finds a font that is not embedded', async () => {
    const findings = await broken(async (f) => {
      const helvetica = await f.doc.embedFont(StandardFonts.Helvetica);
      f.page.setFontDictionary(PDFName.of('F2'), helvetica.ref);
    });
    expect(findings).toEqual([expect.objectContaining({ checkpoint: 'font-embedded', page: 1, detail: 'the font Helvetica is not embedded' })]);
  });

  it('finds a font whose codes map to no Unicode, and takes a CJK collection for a map', async () => {
    // pdf-lib writes an embedded font's objects when the document is flushed or saved.
    const font = async (f: Fixture): Promise<PDFDict> => {
      await f.doc.flush();
      return f.page.Resources()!.lookup(PDFName.of('Font'), PDFDict).lookup(PDFName.of('F1'), PDFDict);
    };
    const unmapped = async (f: Fixture): Promise<PDFDict> => {
      const dict = await font(f);
      expect(dict.has(PDFName.of('ToUnicode'))).toBe(true);
      dict.delete(PDFName.of('ToUnicode'));
      return dict;
    };
    const findings = await broken(unmapped);
    expect(findings).toEqual([expect.objectContaining({ checkpoint: 'font-tounicode', clause: 'Matterhorn 10-001; ISO 14289-1 7.21.7', page: 1 })]);
    expect(findings[0]!.detail).toMatch(/^the font \S*NotoSans\S* has no \/ToUnicode and no encoding that maps to Unicode$/);
    // Not PDF/A-2b's concern (only levels U and A ask for Unicode).
    expect(await broken(unmapped, ['a-2b'])).toEqual([]);
    const japan1 = await broken(async (f) => {
      const descendant = (await unmapped(f)).lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
      descendant.set(PDFName.of('CIDSystemInfo'), f.doc.context.obj({ Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Japan1'), Supplement: 6 }));
    });
    expect(japan1).toEqual([]);
  });

  it('finds a Figure without /Alt or /ActualText, and a Formula without /Alt, role-mapped or not', async () => {
    const add = (type: string, entries: Record<string, PDFObject> = {}) => (f: Fixture): void => {
      const root = f.doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
      const documentRef = root.get(PDFName.of('K')) as PDFRef;
      const pg = f.doc.getPages()[0]!.ref;
      const element = f.doc.context.register(f.doc.context.obj({ Type: 'StructElem', S: type, P: documentRef, Pg: pg, ...entries }));
      f.doc.context.lookup(documentRef, PDFDict).lookup(PDFName.of('K'), PDFArray).push(element);
      f.roleMap.set(PDFName.of('Chart'), PDFName.of('Figure'));
    };
    expect(await broken(add('Figure'))).toEqual([{ checkpoint: 'figure-alt', clause: 'Matterhorn 13-004; ISO 14289-1 7.3', page: 1, detail: 'a Figure has no /Alt or /ActualText' }]);
    expect(checkpoints(await broken(add('Chart', { Alt: PDFString.of(' ') })))).toEqual(['figure-alt']);
    expect(await broken(add('Figure', { Alt: PDFString.of('Revenue by year') }))).toEqual([]);
    expect(await broken(add('Figure', { ActualText: PDFString.of('→') }))).toEqual([]);
    expect(await broken(add('Formula', { ActualText: PDFString.of('x = 2') }))).toEqual([
      { checkpoint: 'formula-alt', clause: 'Matterhorn 17-002; ISO 14289-1 7.7', page: 1, detail: 'a Formula has no /Alt' },
    ]);
    expect(await broken(add('Figure'), ['a-2b'])).toEqual([]);
  });

  it('finds the catalog without /Lang, /MarkInfo, DisplayDocTitle or a structure tree', async () => {
    const without = async (key: string): Promise<string[]> => checkpoints(await broken((f) => f.doc.catalog.delete(PDFName.of(key))));
    expect(await without('Lang')).toEqual(['catalog-lang']);
    expect(await without('MarkInfo')).toEqual(['mark-info']);
    expect(await without('ViewerPreferences')).toEqual(['display-doc-title']);
    expect(await without('StructTreeRoot')).toEqual(expect.arrayContaining(['struct-tree', 'mcid-unmapped']));
  });

  it('reports only the checkpoints of the standards claimed', async () => {
    const fault = (f: Fixture): void => { f.doc.context.trailerInfo.ID = undefined; f.roleMap.delete(PDFName.of('Strong')); };
    expect(checkpoints(await broken(fault, ['ua-1']))).toEqual(['role-map']);
    expect(checkpoints(await broken(fault, ['a-2b']))).toEqual(['trailer-id']);
    expect(await broken(fault, [])).toEqual([]);
  });
});

describe('Chromium’s print of the first sample, before the standards pass', () => {
  it('finds the faults the issue lists, and none of those it does not', async () => {
    const bytes = new Uint8Array(readFileSync(chromiumPrint('ai-ipo-2026')));
    const findings = await checkConformance(bytes, BOTH);
    const of = (checkpoint: string): Finding[] => findings.filter((f) => f.checkpoint === checkpoint);
    const census = await contentCensus(bytes);
    // The running header and footer on every page, one Tj per glyph, neither tagged nor an artifact.
    expect(of('untagged-content').length).toBeGreaterThan(census.length / 2);
    expect(census.filter((p) => p.untagged > 0).length).toBe(of('untagged-content').length);
    expect(census.every((p) => Object.keys(p.artifacts).length === 0)).toBe(true);
    for (const checkpoint of ['xmp', 'trailer-id', 'output-intent']) expect(of(checkpoint)).toHaveLength(1);
    expect(of('link-contents').length).toBeGreaterThan(0);
    expect(of('role-map').map((f) => /structure type (\w+)/.exec(f.detail)?.[1]).sort()).toEqual(['Aside', 'Strong']);
    expect(of('list-item').length).toBeGreaterThan(0);
    expect(of('list-item').every((f) => !f.detail.includes('LBody,') && f.detail.endsWith('not Lbl and LBody'))).toBe(true);
    // Chromium writes a /ToUnicode for every font; every chart has its alternative text; no cell was dropped.
    for (const checkpoint of ['font-tounicode', 'font-embedded', 'figure-alt', 'formula-alt', 'table-row']) expect(of(checkpoint)).toEqual([]);
  });
});
