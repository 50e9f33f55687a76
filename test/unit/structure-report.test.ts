/**
 * What repairStructure (src/pdf/standards/structure.ts) reports besides repairing: Figure and Formula elements
 * without alternative text, located by page; and where the empty cells of a short table row go
 * (src/pdf/standards/table-rows.ts), placed by the cells' /Headers and /ID the way Chromium writes them, or
 * appended at the row's end as a reported guess. On small tagged PDFs built by hand with pdf-lib.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, type PDFContext, type PDFObject } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { repairStructure } from '../../src/pdf/standards/structure.ts';

const name = (n: string): PDFName => PDFName.of(n);

/** A structure element: type, optional id to find it by, page index (0-based) for /Pg, kids, extra entries. */
interface Spec {
  s: string;
  id?: string;
  pg?: number;
  kids?: (Spec | number | PDFObject)[];
  extra?: Record<string, PDFObject>;
}

/** A tagged document of `pages` pages whose Document element holds `specs`; elements by their `id`. */
async function tagged(specs: (context: PDFContext, pages: PDFRef[]) => Spec[], pages = 2): Promise<{ doc: PDFDocument; refs: Record<string, PDFRef> }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const pageRefs = Array.from({ length: pages }, () => doc.addPage([200, 200]).ref);
  const { context } = doc;
  const refs: Record<string, PDFRef> = {};
  const build = (spec: Spec, parent: PDFRef): PDFRef => {
    const ref = context.register(context.obj({ Type: 'StructElem', S: spec.s, P: parent }));
    const dict = context.lookup(ref, PDFDict);
    if (spec.pg !== undefined) dict.set(name('Pg'), pageRefs[spec.pg]!);
    const kids = (spec.kids ?? []).map((kid) => (typeof kid === 'number' ? PDFNumber.of(kid) : 's' in kid ? build(kid as Spec, ref) : kid));
    if (kids.length > 0) dict.set(name('K'), context.obj(kids));
    for (const [key, value] of Object.entries(spec.extra ?? {})) dict.set(name(key), value);
    if (spec.id !== undefined) refs[spec.id] = ref;
    return ref;
  };
  const root = context.register(context.obj({ Type: 'StructTreeRoot' }));
  context.lookup(root, PDFDict).set(name('K'), build({ s: 'Document', kids: specs(context, pageRefs) }, root));
  doc.catalog.set(name('StructTreeRoot'), root);
  return { doc, refs };
}

/** The kids of the element behind `ref`: each cell as `TH id`, `TD h1+h2` (its /Headers) or `TD` (added, empty). */
function cellsOf(doc: PDFDocument, ref: PDFRef | undefined): string[] {
  return doc.context.lookup(ref, PDFDict).lookup(name('K'), PDFArray).asArray().map((kid) => {
    const dict = doc.context.lookup(kid, PDFDict);
    const type = dict.lookup(name('S'), PDFName).decodeText();
    const id = dict.lookupMaybe(name('ID'), PDFString)?.decodeText();
    const a = dict.lookupMaybe(name('A'), PDFArray)?.lookup(0, PDFDict);
    const headers = a?.lookupMaybe(name('Headers'), PDFArray)?.asArray().map((h) => (h as PDFString).decodeText());
    return [type, id, headers?.join('+')].filter((x) => x !== undefined).join(' ');
  });
}

/**
 * Cells as Chromium writes them: a header with its /ID and /Scope, a data cell with /Headers naming the /IDs
 * of its column and row headers; each with its /RowSpan and /ColSpan attribute objects.
 */
function cells(context: PDFContext): { th: (id: string, scope?: string, colSpan?: number) => Spec; td: (headers?: string[], rowSpan?: number) => Spec } {
  const spans = (rowSpan = 1, colSpan = 1): PDFObject[] => [context.obj({ O: 'Table', RowSpan: rowSpan }), context.obj({ O: 'Table', ColSpan: colSpan })];
  return {
    th: (id, scope = 'Column', colSpan = 1) => ({ s: 'TH', extra: { ID: PDFString.of(id), A: context.obj([context.obj({ O: 'Table', Scope: scope }), ...spans(1, colSpan)]) } }),
    td: (headers, rowSpan) => {
      const own = headers === undefined ? [] : [context.obj({ O: 'Table', Headers: headers.map((h) => PDFString.of(h)) })];
      return { s: 'TD', extra: { A: context.obj([...own, ...spans(rowSpan)]) } };
    },
  };
}

describe('figures without alternative text', () => {
  it('reports each Figure without /Alt or /ActualText and each Formula without /Alt, in tree order, with its page', async () => {
    const { doc } = await tagged((context, pages) => {
      const alt = (text: string): Record<string, PDFObject> => ({ Alt: PDFString.of(text) });
      return [
        { s: 'Figure', pg: 0, kids: [0], extra: alt('Revenue by year, 2021–2025') },
        { s: 'Figure', pg: 1, kids: [1] }, // an <img> without alt, on page 2
        // A <figure> without a caption around a labelled chart: no /Pg of its own, its kid's page.
        { s: 'Figure', kids: [{ s: 'Figure', pg: 0, kids: [2], extra: alt('Chart') }] },
        { s: 'Figure', kids: [context.obj({ Type: 'MCR', MCID: 3, Pg: pages[1]! })] }, // page from an MCR
        { s: 'Figure', pg: 0, kids: [4], extra: alt('   ') }, // blank counts as none
        { s: 'Figure', pg: 0, kids: [5], extra: { ActualText: PDFString.of('→') } }, // replacement text will do
        { s: 'Formula', pg: 1, kids: [6], extra: { ActualText: PDFString.of('x = 2') } }, // 17-002 asks for /Alt
        { s: 'Chart', pg: 1, kids: [7], extra: { Alt: PDFNumber.of(3) } }, // role-mapped to Figure below; /Alt no text
        { s: 'Figure' }, // nothing names a page
      ];
    });
    doc.catalog.lookup(name('StructTreeRoot'), PDFDict).set(name('RoleMap'), doc.context.obj({ Chart: 'Figure' }));
    expect(repairStructure(doc).figuresWithoutAlt).toEqual([
      { type: 'Figure', page: 2 },
      { type: 'Figure', page: 1 },
      { type: 'Figure', page: 2 },
      { type: 'Figure', page: 1 },
      { type: 'Formula', page: 2 },
      { type: 'Figure', page: 2 },
      { type: 'Figure', page: null },
    ]);
  });

  it('reports nothing, and touches no figure, when every figure has its text', async () => {
    const { doc, refs } = await tagged(() => [{ id: 'f', s: 'Figure', pg: 0, kids: [0], extra: { Alt: PDFString.of('A chart') } }]);
    const before = doc.context.lookup(refs.f, PDFDict).toString();
    expect(repairStructure(doc)).toEqual({ figuresWithoutAlt: [], paddedRows: 0, addedCells: 0 });
    expect(doc.context.lookup(refs.f, PDFDict).toString()).toBe(before);
  });
});

describe('where a short row’s missing cells go', () => {
  it('puts a cell missing mid-row where its column header says, not at the end', async () => {
    // <th>A</th><th>B</th><th>C</th> / <td>1</td><td></td><td>3</td>: Chromium drops the empty cell; the
    // cells left name their headers, and B's header, named by no cell, gets no /ID.
    const { doc, refs } = await tagged((context) => {
      const { th, td } = cells(context);
      return [{ s: 'Table', kids: [
        { s: 'TR', kids: [th('a'), { s: 'TH' }, th('c')] },
        { s: 'TR', kids: [td(['a']), td(['b']), td(['c'])] },
        { id: 'short', s: 'TR', kids: [td(['a']), td(['c'])] },
      ] }];
    });
    expect(repairStructure(doc)).toEqual({ figuresWithoutAlt: [], paddedRows: 0, addedCells: 1 });
    expect(cellsOf(doc, refs.short)).toEqual(['TD a', 'TD', 'TD c']);
  });

  it('puts the missing corner of a header row first, by the column headers the complete rows name', async () => {
    const { doc, refs } = await tagged((context) => {
      const { th, td } = cells(context);
      return [{ s: 'Table', kids: [
        { id: 'head', s: 'TR', kids: [th('y1'), th('y2')] },
        { s: 'TR', kids: [th('r1', 'Row'), td(['y1', 'r1']), td(['y2', 'r1'])] },
        { s: 'TR', kids: [th('r2', 'Row'), td(['y1', 'r2']), td(['y2', 'r2'])] },
      ] }];
    });
    expect(repairStructure(doc)).toMatchObject({ paddedRows: 0, addedCells: 1 });
    expect(cellsOf(doc, refs.head)).toEqual(['TD', 'TH y1', 'TH y2']);
  });

  it('places by the columns a group header and a sub-header share, and around a cell reaching down from above', async () => {
    // Columns: r | g (ColSpan 2: s1 s2) | t. Row 3's first cell spans rows 3–4; row 4 lacks its s1 cell.
    const { doc, refs } = await tagged((context) => {
      const { th, td } = cells(context);
      return [{ s: 'Table', kids: [
        { s: 'TR', kids: [th('r'), th('g', 'Column', 2), th('t')] },
        { s: 'TR', kids: [{ s: 'TD' }, th('s1'), th('s2'), { s: 'TD' }] },
        { s: 'TR', kids: [td(['r'], 2), td(['g', 's1']), td(['g', 's2']), td(['t'])] },
        { id: 'short', s: 'TR', kids: [td(['g', 's2']), td(['t'])] },
      ] }];
    });
    expect(repairStructure(doc)).toMatchObject({ paddedRows: 0, addedCells: 1 });
    expect(cellsOf(doc, refs.short)).toEqual(['TD', 'TD g+s2', 'TD t']);
  });

  it('appends at the end, and reports the guess, when the cells carry no column information', async () => {
    const { doc, refs } = await tagged((context) => {
      const { td } = cells(context);
      return [{ s: 'Table', kids: [
        { s: 'TR', kids: [td(), td(), td()] },
        { id: 'short', s: 'TR', kids: [td(), td()] },
        { id: 'shorter', s: 'TR', kids: [td()] },
      ] }];
    });
    expect(repairStructure(doc)).toEqual({ figuresWithoutAlt: [], paddedRows: 2, addedCells: 3 });
    expect(cellsOf(doc, refs.short)).toEqual(['TD', 'TD', 'TD']);
    expect(cellsOf(doc, refs.shorter)).toEqual(['TD', 'TD', 'TD']);
  });

  it('appends at the end, and reports the guess, when the column information contradicts itself', async () => {
    const { doc, refs } = await tagged((context) => {
      const { th, td } = cells(context);
      return [{ s: 'Table', kids: [
        { s: 'TR', kids: [th('a'), th('b'), th('c')] },
        { id: 'short', s: 'TR', kids: [td(['c']), td(['a'])] }, // out of order: no placement fits
      ] }];
    });
    expect(repairStructure(doc)).toMatchObject({ paddedRows: 1, addedCells: 1 });
    expect(cellsOf(doc, refs.short)).toEqual(['TD c', 'TD a', 'TD']);
  });
});
