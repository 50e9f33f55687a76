/**
 * repairStructure (src/pdf/standards/structure.ts): role map, list item bodies and complete table rows, on
 * small tagged PDFs built by hand with pdf-lib, and on both samples as Chromium printed them, before the
 * standards pass (test/setup/chromium-prints.ts), checked with structure-tree walks written here,
 * independently of the repair, and with poppler's pdftotext. What it reports (figures without alternative
 * text, rows it had to guess at) is tested in structure-report.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  type PDFContext,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { repairStructure, STANDARD_STRUCTURE_TYPES } from '../../src/pdf/standards/structure.ts';
import { chromiumPrint } from '../helpers/chromium-prints.ts';

const name = (n: string): PDFName => PDFName.of(n);

// ---------------------------------------------------------------------------------------------------------
// Reading a structure tree, independently of the code under test.

/** A structure element: its reference, dictionary and `/S`. */
interface Element {
  ref: PDFRef;
  dict: PDFDict;
  type: string;
}

/** The kids of a dictionary's /K, as written. */
function kids(dict: PDFDict): PDFObject[] {
  const k = dict.get(name('K'));
  return k === undefined ? [] : k instanceof PDFArray ? k.asArray() : [k];
}

/** The structure element a kid refers to, or undefined for content kids. */
function elementOf(context: PDFContext, kid: PDFObject): Element | undefined {
  if (!(kid instanceof PDFRef)) return undefined;
  const dict = context.lookup(kid);
  if (!(dict instanceof PDFDict) || !dict.has(name('S'))) return undefined;
  return { ref: kid, dict, type: dict.lookup(name('S'), PDFName).decodeText() };
}

/** Every structure element of `doc`, in pre-order. */
function elements(doc: PDFDocument): Element[] {
  const root = doc.catalog.lookup(name('StructTreeRoot'), PDFDict);
  const out: Element[] = [];
  const visit = (dict: PDFDict): void => {
    for (const kid of kids(dict)) {
      const element = elementOf(doc.context, kid);
      if (element === undefined) continue;
      out.push(element);
      visit(element.dict);
    }
  };
  visit(root);
  return out;
}

/** The standard type of `type` through the StructTreeRoot's RoleMap, or undefined. */
function standardType(doc: PDFDocument, type: string): string | undefined {
  const roleMap = doc.catalog.lookup(name('StructTreeRoot'), PDFDict).lookupMaybe(name('RoleMap'), PDFDict);
  let current = type;
  for (let i = 0; i < 20; i++) {
    if (STANDARD_STRUCTURE_TYPES.has(current)) return current;
    const next = roleMap?.lookupMaybe(name(current), PDFName);
    if (next === undefined) return undefined;
    current = next.decodeText();
  }
  return undefined;
}

/** The ParentTree's entries, flattened (Nums and Kids). */
function parentTree(doc: PDFDocument): Map<number, PDFObject> {
  const out = new Map<number, PDFObject>();
  const visit = (node: PDFDict): void => {
    const nums = node.lookupMaybe(name('Nums'), PDFArray);
    for (let i = 0; nums && i + 1 < nums.size(); i += 2) out.set(nums.lookup(i, PDFNumber).asNumber(), nums.get(i + 1));
    const kidsArray = node.lookupMaybe(name('Kids'), PDFArray);
    for (let i = 0; kidsArray && i < kidsArray.size(); i++) visit(kidsArray.lookup(i, PDFDict));
  };
  visit(doc.catalog.lookup(name('StructTreeRoot'), PDFDict).lookup(name('ParentTree'), PDFDict));
  return out;
}

/** The MCIDs of a page's content streams, in order. */
function pageMcids(page: PDFPage): number[] {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => page.doc.context.lookup(r)) : [contents];
  const text = streams
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
    .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1'))
    .join('\n');
  return [...text.matchAll(/\/MCID\s+(\d+)/g)].map((m) => Number(m[1]));
}

/** Whether `element` holds marked content `mcid` of `page` (an integer kid or an MCR). */
function holds(doc: PDFDocument, element: PDFDict, page: PDFRef, mcid: number): boolean {
  const own = element.get(name('Pg'));
  return kids(element).some((kid) => {
    if (kid instanceof PDFNumber) return kid.asNumber() === mcid && own === page;
    const dict = doc.context.lookup(kid);
    if (!(dict instanceof PDFDict) || dict.get(name('Type')) !== name('MCR')) return false;
    return dict.lookup(name('MCID'), PDFNumber).asNumber() === mcid && (dict.get(name('Pg')) ?? own) === page;
  });
}

/**
 * Every way the ParentTree and the tree disagree: an MCID in a page stream whose ParentTree entry is not the
 * element holding it; an annotation whose entry is not the element holding its OBJR; a kid whose /P is not
 * its parent.
 */
function parentTreeProblems(doc: PDFDocument): string[] {
  const problems: string[] = [];
  const tree = parentTree(doc);
  doc.getPages().forEach((page, p) => {
    const key = page.node.lookupMaybe(name('StructParents'), PDFNumber)?.asNumber();
    const array = key === undefined ? undefined : doc.context.lookup(tree.get(key));
    for (const mcid of pageMcids(page)) {
      const entry = array instanceof PDFArray ? doc.context.lookup(array.get(mcid)) : undefined;
      if (!(entry instanceof PDFDict) || !holds(doc, entry, page.ref, mcid)) problems.push(`page ${p + 1} MCID ${mcid}`);
    }
    for (const annot of page.node.Annots()?.asArray() ?? []) {
      const sp = doc.context.lookup(annot, PDFDict).lookupMaybe(name('StructParent'), PDFNumber)?.asNumber();
      if (sp === undefined) continue;
      const entry = doc.context.lookup(tree.get(sp));
      const ok = entry instanceof PDFDict && kids(entry).some((kid) => doc.context.lookup(kid) instanceof PDFDict && (doc.context.lookup(kid) as PDFDict).get(name('Obj')) === annot);
      if (!ok) problems.push(`page ${p + 1} annotation ${String(annot)}`);
    }
  });
  for (const parent of elements(doc)) {
    for (const kid of kids(parent.dict)) {
      const child = elementOf(doc.context, kid);
      if (child && child.dict.get(name('P')) !== parent.ref) problems.push(`/P of ${child.type} ${String(child.ref)}`);
    }
  }
  return problems;
}

/** Rows of each table that span fewer columns than the table's widest row. */
function shortRows(doc: PDFDocument): string[] {
  const span = (cell: PDFDict, key: string): number => {
    const a = doc.context.lookup(cell.get(name('A')));
    const dicts = a instanceof PDFArray ? a.asArray().map((o) => doc.context.lookup(o)) : [a];
    const found = dicts.find((d): d is PDFDict => d instanceof PDFDict && d.get(name('O')) === name('Table') && d.has(name(key)));
    return found?.lookup(name(key), PDFNumber).asNumber() ?? 1;
  };
  const out: string[] = [];
  for (const table of elements(doc).filter((e) => e.type === 'Table')) {
    const rows = kids(table.dict)
      .map((k) => elementOf(doc.context, k))
      .filter((e): e is Element => e?.type === 'TR');
    const widths = rows.map(() => 0);
    rows.forEach((row, i) => {
      for (const cell of kids(row.dict).map((k) => elementOf(doc.context, k)!)) {
        for (let r = i; r < Math.min(rows.length, i + span(cell.dict, 'RowSpan')); r++) widths[r]! += span(cell.dict, 'ColSpan');
      }
    });
    const widest = Math.max(...widths);
    widths.forEach((w, i) => {
      if (w < widest) out.push(`${String(table.ref)} row ${i + 1}: ${w} of ${widest}`);
    });
  }
  return out;
}

/** Each LI whose kids are not all Lbl or LBody elements. */
function bareListItems(doc: PDFDocument): string[] {
  return elements(doc)
    .filter((e) => standardType(doc, e.type) === 'LI')
    .filter((li) => !kids(li.dict).every((k) => ['Lbl', 'LBody'].includes(standardType(doc, elementOf(doc.context, k)?.type ?? '') ?? '')))
    .map((li) => String(li.ref));
}

/** Each structure type used in the tree that maps to no standard type. */
function unmappedTypes(doc: PDFDocument): string[] {
  return [...new Set(elements(doc).map((e) => e.type))].filter((t) => standardType(doc, t) === undefined);
}

// ---------------------------------------------------------------------------------------------------------
// A small tagged PDF, built by hand the way Chromium writes one.

/** What {@link fixture} built: the document and the references its checks name. */
interface Fixture {
  doc: PDFDocument;
  page: PDFRef;
  refs: Record<string, PDFRef>;
}

/** A structure element spec: type, kids (specs, MCIDs, or raw objects such as MCR/OBJR dicts), extras. */
interface Spec {
  id?: string;
  s: string;
  kids?: (Spec | number | PDFObject)[];
  pg?: boolean;
  extra?: Record<string, PDFObject>;
}

/**
 * One page with marked content 0–12, two link annotations (StructParent 1 and 2), and this tree:
 * Document [ L [ LI(Lbl 0, Link(1, OBJR annot1)), LI(2, P(3)), LI(Lbl 4, MCR 5, OBJR annot2) ],
 *            Table [ TR(TH 6, TH, TH), TR(TD ColSpan 2, TD), TR(TD RowSpan 2, TD), TR(TD) ],
 *            P(Strong 7), Callout(P 8), Fancy(9, Span 10), Aside(P 11), Custom 12 ]
 * The ParentTree is a two-leaf number tree (/Kids). The RoleMap already maps Custom → P and remaps H1.
 */
async function fixture(): Promise<Fixture> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const context = doc.context;
  const page = doc.addPage([200, 400]);
  const marked = Array.from({ length: 13 }, (_, i) => `/Span <</MCID ${i}>> BDC 0 ${i * 20} 10 10 re f EMC`).join('\n');
  page.node.set(name('Contents'), context.register(context.flateStream(`${marked}\n0 390 5 5 re f\n`)));
  page.node.set(name('StructParents'), PDFNumber.of(0));
  const annot = (key: number): PDFRef =>
    context.register(context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], StructParent: key, A: { S: 'URI', URI: name('x') } }));
  const annot1 = annot(1);
  const annot2 = annot(2);
  page.node.set(name('Annots'), context.obj([annot1, annot2]));
  const refs: Record<string, PDFRef> = { annot1, annot2 };
  const objr = (obj: PDFRef): PDFDict => context.obj({ Type: 'OBJR', Obj: obj, Pg: page.ref });
  const tableAttr = (key: string, n: number): Record<string, PDFObject> => ({ A: context.obj({ O: 'Table', [key]: n }) });
  const spec: Spec = {
    s: 'Document',
    kids: [
      {
        s: 'L',
        kids: [
          { id: 'li1', s: 'LI', kids: [{ id: 'lbl1', s: 'Lbl', pg: true, kids: [0] }, { id: 'link1', s: 'Link', pg: true, kids: [1, objr(annot1)] }] },
          { id: 'li2', s: 'LI', pg: true, kids: [2, { id: 'p2', s: 'P', pg: true, kids: [3] }] },
          { id: 'li3', s: 'LI', pg: true, kids: [{ id: 'lbl3', s: 'Lbl', pg: true, kids: [4] }, context.obj({ Type: 'MCR', MCID: 5, Pg: page.ref }), objr(annot2)] },
        ],
      },
      {
        id: 'table',
        s: 'Table',
        kids: [
          { id: 'tr1', s: 'TR', kids: [{ s: 'TH', pg: true, kids: [6] }, { s: 'TH' }, { s: 'TH' }] },
          { id: 'tr2', s: 'TR', kids: [{ s: 'TD', extra: tableAttr('ColSpan', 2) }, { s: 'TD' }] },
          { id: 'tr3', s: 'TR', kids: [{ s: 'TD', extra: { A: context.obj([context.obj({ O: 'Layout' }), 0, context.obj({ O: 'Table', RowSpan: 2 })]) } }, { s: 'TD' }] },
          { id: 'tr4', s: 'TR', kids: [{ s: 'TD' }] },
        ],
      },
      { s: 'P', kids: [{ id: 'strong', s: 'Strong', pg: true, kids: [7] }] },
      { id: 'callout', s: 'Callout', kids: [{ s: 'P', pg: true, kids: [8] }] },
      { id: 'fancy', s: 'Fancy', pg: true, kids: [9, { s: 'Span', pg: true, kids: [10] }] },
      { s: 'Aside', kids: [{ s: 'P', pg: true, kids: [11] }] },
      { s: 'Custom', pg: true, kids: [12] },
    ],
  };
  const byMcid: PDFRef[] = [];
  const build = (node: Spec, parent: PDFRef): PDFRef => {
    const ref = context.register(context.obj({}));
    const dict = context.lookup(ref, PDFDict);
    const k: PDFObject[] = (node.kids ?? []).map((kid) => {
      if (typeof kid === 'number') {
        byMcid[kid] = ref;
        return PDFNumber.of(kid);
      }
      if ('s' in kid) return build(kid, ref);
      const mcr = kid instanceof PDFDict ? kid.lookupMaybe(name('MCID'), PDFNumber) : undefined;
      if (mcr) byMcid[mcr.asNumber()] = ref;
      return kid;
    });
    dict.set(name('Type'), name('StructElem'));
    dict.set(name('S'), name(node.s));
    dict.set(name('P'), parent);
    if (node.pg) dict.set(name('Pg'), page.ref);
    if (k.length > 0) dict.set(name('K'), context.obj(k));
    for (const [key, value] of Object.entries(node.extra ?? {})) dict.set(name(key), value);
    if (node.id) refs[node.id] = ref;
    return ref;
  };
  const rootRef = context.register(context.obj({}));
  const document = build(spec, rootRef);
  const leaf1 = context.obj({ Limits: [0, 0], Nums: [0, context.register(context.obj(byMcid))] });
  const leaf2 = context.obj({ Limits: [1, 2], Nums: [1, refs.link1!, 2, refs.li3!] });
  const root = context.lookup(rootRef, PDFDict);
  root.set(name('Type'), name('StructTreeRoot'));
  root.set(name('K'), document);
  root.set(name('ParentTree'), context.obj({ Kids: [context.register(leaf1), context.register(leaf2)] }));
  root.set(name('ParentTreeNextKey'), PDFNumber.of(3));
  root.set(name('RoleMap'), context.obj({ Custom: 'P', H1: 'P' }));
  doc.catalog.set(name('StructTreeRoot'), rootRef);
  doc.catalog.set(name('MarkInfo'), context.obj({ Marked: true }));
  return { doc, page: page.ref, refs };
}

/** The dictionary behind `ref`. */
const dictOf = (doc: PDFDocument, ref: PDFRef | undefined): PDFDict => doc.context.lookup(ref, PDFDict);

/** The kids of the element behind `ref`, each as its /S type, `mcid n`, `MCR n` or `OBJR`. */
function kidTypes(doc: PDFDocument, ref: PDFRef | undefined): string[] {
  return kids(dictOf(doc, ref)).map((kid) => {
    if (kid instanceof PDFNumber) return `mcid ${kid.asNumber()}`;
    const dict = doc.context.lookup(kid, PDFDict);
    const type = dict.lookupMaybe(name('Type'), PDFName)?.decodeText();
    if (type === 'MCR') return `MCR ${dict.lookup(name('MCID'), PDFNumber).asNumber()}`;
    if (type === 'OBJR') return 'OBJR';
    return dict.lookup(name('S'), PDFName).decodeText();
  });
}

/** The ParentTree entry of marked content `mcid` on the fixture's page. */
function entryOfMcid(doc: PDFDocument, mcid: number): PDFObject | undefined {
  return doc.context.lookup(parentTree(doc).get(0), PDFArray).get(mcid);
}

// ---------------------------------------------------------------------------------------------------------

describe('repairStructure on a hand-built tagged PDF', () => {
  it('starts out with the faults it is meant to repair, and a consistent ParentTree', async () => {
    const { doc } = await fixture();
    expect(parentTreeProblems(doc)).toEqual([]);
    expect(bareListItems(doc)).toHaveLength(3);
    expect(shortRows(doc)).toHaveLength(2);
    expect(unmappedTypes(doc).sort()).toEqual(['Aside', 'Callout', 'Fancy', 'Strong']);
  });

  it('role-maps every non-standard type, keeps existing entries and drops a remapped standard type', async () => {
    const { doc } = await fixture();
    repairStructure(doc);
    const roleMap = doc.catalog.lookup(name('StructTreeRoot'), PDFDict).lookup(name('RoleMap'), PDFDict);
    const entries = Object.fromEntries(roleMap.entries().map(([k, v]) => [k.decodeText(), (v as PDFName).decodeText()]));
    // Strong is inline emphasis, Aside a block of related content; Callout holds a P (block), Fancy only
    // marked content and a Span (inline); Custom was already mapped; H1 is standard and may not be remapped.
    expect(entries).toEqual({ Custom: 'P', Strong: 'Span', Aside: 'Sect', Callout: 'Div', Fancy: 'Span' });
    expect(unmappedTypes(doc)).toEqual([]);
  });

  it('maps a type whose existing mapping loops or ends nowhere, and leaves a good chain alone', async () => {
    const { doc, refs } = await fixture();
    const roleMap = doc.catalog.lookup(name('StructTreeRoot'), PDFDict).lookup(name('RoleMap'), PDFDict);
    roleMap.set(name('Callout'), name('Loop'));
    roleMap.set(name('Loop'), name('Callout'));
    roleMap.set(name('Fancy'), name('Nowhere'));
    roleMap.set(name('Custom'), name('Middle'));
    roleMap.set(name('Middle'), name('Quote'));
    repairStructure(doc);
    expect(unmappedTypes(doc)).toEqual([]);
    expect(roleMap.lookup(name('Callout'), PDFName).decodeText()).toBe('Div');
    expect(roleMap.lookup(name('Fancy'), PDFName).decodeText()).toBe('Span');
    expect(roleMap.lookup(name('Custom'), PDFName).decodeText()).toBe('Middle');
    expect(dictOf(doc, refs.callout).lookup(name('S'), PDFName).decodeText()).toBe('Callout');
  });

  it('creates the RoleMap when there is none, and none when nothing needs one', async () => {
    const { doc } = await fixture();
    const root = doc.catalog.lookup(name('StructTreeRoot'), PDFDict);
    root.delete(name('RoleMap'));
    repairStructure(doc);
    expect(root.lookup(name('RoleMap'), PDFDict).lookup(name('Custom'), PDFName).decodeText()).toBe('Span'); // holds marked content only

    const plain = await PDFDocument.create();
    const leaf = plain.context.register(plain.context.obj({ Type: 'StructElem', S: 'P' }));
    const plainRoot = plain.context.register(plain.context.obj({ Type: 'StructTreeRoot', K: leaf }));
    plain.catalog.set(name('StructTreeRoot'), plainRoot);
    repairStructure(plain);
    expect(plain.context.lookup(plainRoot, PDFDict).has(name('RoleMap'))).toBe(false);
  });

  it('moves each list item content into an LBody after its Lbl, with /P and ParentTree entries following', async () => {
    const { doc, refs } = await fixture();
    repairStructure(doc);
    expect(bareListItems(doc)).toEqual([]);
    expect(parentTreeProblems(doc)).toEqual([]);

    expect(kidTypes(doc, refs.li1)).toEqual(['Lbl', 'LBody']);
    const body1 = kids(dictOf(doc, refs.li1))[1] as PDFRef;
    expect(kids(dictOf(doc, refs.li1))[0]).toBe(refs.lbl1);
    expect(kidTypes(doc, body1)).toEqual(['Link']);
    expect(dictOf(doc, body1).get(name('P'))).toBe(refs.li1);
    expect(dictOf(doc, refs.link1).get(name('P'))).toBe(body1);
    expect(parentTree(doc).get(1)).toBe(refs.link1); // the annotation stays with its Link

    // A leading MCID (the item's own box) and a P: no Lbl to keep; the LBody carries the LI's /Pg.
    expect(kidTypes(doc, refs.li2)).toEqual(['LBody']);
    const body2 = kids(dictOf(doc, refs.li2))[0] as PDFRef;
    expect(kidTypes(doc, body2)).toEqual(['mcid 2', 'P']);
    expect(dictOf(doc, body2).get(name('Pg'))).toBe(dictOf(doc, refs.li2).get(name('Pg')));
    expect(entryOfMcid(doc, 2)).toBe(body2);
    expect(entryOfMcid(doc, 3)).toBe(refs.p2);
    expect(dictOf(doc, refs.p2).get(name('P'))).toBe(body2);

    // An MCR and an annotation's OBJR directly under the LI.
    expect(kidTypes(doc, refs.li3)).toEqual(['Lbl', 'LBody']);
    const body3 = kids(dictOf(doc, refs.li3))[1] as PDFRef;
    expect(kidTypes(doc, body3)).toEqual(['MCR 5', 'OBJR']);
    expect(entryOfMcid(doc, 5)).toBe(body3);
    expect(entryOfMcid(doc, 4)).toBe(refs.lbl3);
    expect(parentTree(doc).get(2)).toBe(body3);
  });

  it('wraps each run of other kids between Lbl and LBody kids, and leaves a proper item alone', async () => {
    const { doc, refs } = await fixture();
    const li = dictOf(doc, refs.li1);
    const lbody = doc.context.register(doc.context.obj({ Type: 'StructElem', S: 'LBody', P: refs.li1 }));
    li.set(name('K'), doc.context.obj([refs.lbl1!, refs.link1!, lbody]));
    repairStructure(doc);
    expect(kidTypes(doc, refs.li1)).toEqual(['Lbl', 'LBody', 'LBody']);
    expect(kids(li)[2]).toBe(lbody);
    const before = li.get(name('K'));
    repairStructure(doc);
    expect(li.get(name('K'))).toBe(before);
  });

  it('makes a structure element written inline in its parent\'s /K an indirect object, so /P can name it', async () => {
    const { doc, refs } = await fixture();
    const li = dictOf(doc, refs.li2);
    const inline = doc.context.obj({ Type: 'StructElem', S: 'P', P: refs.li2!, Pg: dictOf(doc, refs.li2).get(name('Pg'))!, K: 3 });
    li.set(name('K'), doc.context.obj([PDFNumber.of(2), inline]));
    doc.context.lookup(parentTree(doc).get(0), PDFArray).set(3, refs.li2!); // no reference to name it by yet
    repairStructure(doc);
    const body = kids(li)[0] as PDFRef;
    const moved = kids(dictOf(doc, body))[1];
    expect(moved).toBeInstanceOf(PDFRef);
    expect(doc.context.lookup(moved)).toBe(inline);
    expect(inline.get(name('P'))).toBe(body);
    expect(entryOfMcid(doc, 2)).toBe(body);
  });

  it('appends empty TDs to rows short of the widest, counting ColSpan and RowSpan, and reports the guess', async () => {
    const { doc, refs } = await fixture();
    expect(repairStructure(doc)).toEqual({ figuresWithoutAlt: [], paddedRows: 2, addedCells: 2 }); // no /Headers to place them by
    expect(shortRows(doc)).toEqual([]);
    expect(kidTypes(doc, refs.tr1)).toEqual(['TH', 'TH', 'TH']);
    expect(kidTypes(doc, refs.tr2)).toEqual(['TD', 'TD']);
    expect(kidTypes(doc, refs.tr3)).toEqual(['TD', 'TD', 'TD']);
    expect(kidTypes(doc, refs.tr4)).toEqual(['TD', 'TD']);
    const added = dictOf(doc, kids(dictOf(doc, refs.tr4))[1] as PDFRef);
    expect(added.get(name('P'))).toBe(refs.tr4);
    expect(added.has(name('K'))).toBe(false);
    expect(parentTreeProblems(doc)).toEqual([]);
  });

  it('is idempotent and deterministic: the same input saves to the same bytes', async () => {
    const once = async (times: number): Promise<Uint8Array> => {
      const { doc } = await fixture();
      for (let i = 0; i < times; i++) repairStructure(doc);
      return doc.save({ useObjectStreams: false });
    };
    const a = await once(1);
    expect(Buffer.from(await once(1)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(await once(2)).equals(Buffer.from(a))).toBe(true);
  });

  it('leaves a document without a structure tree alone', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const before = await doc.save({ useObjectStreams: false });
    repairStructure(doc);
    expect(Buffer.from(await doc.save({ useObjectStreams: false })).equals(Buffer.from(before))).toBe(true);
  });
});

/** pdftotext's text of a PDF file, layout kept. */
function pdftotext(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe.each(['ai-ipo-2026', 'china-ai-2026'] as const)('repairStructure on Chromium’s print of the sample %s', (sample) => {
  it('leaves no bare LI, unmapped type or short row, a consistent ParentTree, and the same text; reports nothing', async () => {
    const file = chromiumPrint(sample);
    const bytes = readFileSync(file);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: Infinity });
    expect(parentTreeProblems(doc)).toEqual([]);
    expect(bareListItems(doc).length).toBeGreaterThan(0);
    const start = performance.now();
    // Every chart has its alternative text, and fillEmptyCells left Chromium no empty cell to drop.
    expect(repairStructure(doc)).toEqual({ figuresWithoutAlt: [], paddedRows: 0, addedCells: 0 });
    const ms = performance.now() - start;
    console.log(`repairStructure on ${sample}: ${ms.toFixed(1)} ms`);
    const saved = await doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
    const reloaded = await PDFDocument.load(saved, { updateMetadata: false, parseSpeed: Infinity });
    expect(bareListItems(reloaded)).toEqual([]);
    expect(unmappedTypes(reloaded)).toEqual([]);
    expect(shortRows(reloaded)).toEqual([]);
    expect(parentTreeProblems(reloaded)).toEqual([]);
    const dir = mkdtempSync(path.join(tmpdir(), 'structure-'));
    try {
      writeFileSync(path.join(dir, 'after.pdf'), saved);
      expect(pdftotext(path.join(dir, 'after.pdf'))).toBe(pdftotext(file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
