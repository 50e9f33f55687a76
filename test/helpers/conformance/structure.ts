/**
 * Structure-tree checkpoints of the conformance check (../conformance.ts): every structure type is standard or
 * role-mapped to one, list items hold Lbl/LBody, table rows are complete, and figures and formulas have
 * alternative text.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFObject, type PDFPageLeaf } from 'pdf-lib';
import { dictOf, get, items, nameOf, textOf, type Pdf, type Report, type Rule } from './read.ts';

/** The standard structure types of PDF 1.7 (ISO 32000-1 14.8.4, Tables 333–340). */
const STANDARD_TYPES: ReadonlySet<string> = new Set(
  ('Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI ' +
    'Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT ' +
    'RP Warichu WT WP Figure Formula Form').split(' '),
);

/** A role-mapped structure type, and what is wrong with its mapping if anything. */
interface Role {
  type: string;
  fault?: Rule & { detail: string };
}

/**
 * Follow the role map from a structure type to a standard one: a non-standard type must end on a standard type
 * (Matterhorn 02-001) without a cycle (02-003), and a standard type must not be remapped (02-004).
 */
export function resolveRole(type: string, roleMap: ReadonlyMap<string, string>): Role {
  if (STANDARD_TYPES.has(type)) {
    const to = roleMap.get(type);
    return to === undefined ? { type } : { type, fault: { ua: 'Matterhorn 02-004', detail: `the standard type ${type} is role-mapped to ${to}` } };
  }
  const path = [type];
  for (let t = roleMap.get(type); t !== undefined; t = roleMap.get(t)) {
    if (path.includes(t)) return { type, fault: { ua: 'Matterhorn 02-003', detail: `the role mapping ${[...path, t].join(' → ')} is circular` } };
    path.push(t);
    if (STANDARD_TYPES.has(t)) return { type: t };
  }
  return { type, fault: { ua: 'Matterhorn 02-001', detail: `the structure type ${path.join(' → ')} is not a standard type and not role-mapped to one` } };
}

/** The role-mapped structure type of the element an object (an annotation) belongs to by its /StructParent. */
export function structTypeOf(pdf: Pdf, obj: PDFDict): string | undefined {
  const key = get(obj, 'StructParent');
  if (!(key instanceof PDFNumber)) return undefined;
  const s = nameOf(get(dictOf(pdf, pdf.parentTree.get(key.asNumber())), 'S'));
  return s === undefined ? undefined : resolveRole(s, pdf.roleMap).type;
}

/** One structure element as the checks see it. */
interface Element {
  dict: PDFDict;
  /** Its role-mapped type. */
  type: string;
  /** Its structure-element kids, in order. */
  kids: Element[];
  /** How many marked-content and object references it holds directly. */
  content: number;
  /**
   * Its page (1-based): its own /Pg, else the first /Pg of its marked-content and object references, else its
   * first kid element's page; undefined when none names a page.
   */
  page: number | undefined;
}

/**
 * Read the structure tree (an element seen twice is read once) and check the role map (one finding per
 * faulty type, with its count), each LI and each Table. Nothing to check when there is no structure tree.
 */
export function checkStructure(pdf: Pdf, report: Report): void {
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const faults = new Map<string, Rule & { detail: string; count: number }>();
  const pageOf = new Map<PDFObject, number>(pdf.pages.map((p, i) => [p, i + 1]));
  const seen = new Set<PDFDict>();
  const read = (obj: PDFObject): Element[] => {
    if (!(obj instanceof PDFDict) || seen.has(obj) || !(get(obj, 'S') instanceof PDFName)) return [];
    seen.add(obj);
    const s = nameOf(get(obj, 'S'))!;
    const role = resolveRole(s, pdf.roleMap);
    if (role.fault) faults.set(s, { ...role.fault, count: (faults.get(s)?.count ?? 0) + 1 });
    const list = items(pdf, obj.get(PDFName.of('K')));
    const kids = list.flatMap(read);
    const pages = [obj, ...list.filter((k) => k instanceof PDFDict && ['MCR', 'OBJR'].includes(nameOf(get(k, 'Type')) ?? ''))]
      .map((d) => pageOf.get(get(d as PDFDict, 'Pg') as PDFPageLeaf));
    const page = [...pages, ...kids.map((k) => k.page)].find((p) => p !== undefined);
    return [{ dict: obj, type: role.type, kids, content: list.length - kids.length, page }];
  };
  const elements = items(pdf, root.get(PDFName.of('K'))).flatMap(read);
  for (const f of faults.values()) report('role-map', f, `${f.detail} (${f.count} element${f.count === 1 ? '' : 's'})`);
  const walk = (e: Element): void => {
    if (e.type === 'LI') checkListItem(e, report);
    if (e.type === 'Table') checkTable(e, report);
    if (e.type === 'Figure' || e.type === 'Formula') checkAlternative(e, report);
    e.kids.forEach(walk);
  };
  elements.forEach(walk);
}

/** An LI holds an LBody and otherwise only Lbl, no content of its own (ISO 32000-1 Table 336; Matterhorn 09-005). */
function checkListItem(li: Element, report: Report): void {
  const wrong = li.kids.some((k) => k.type !== 'Lbl' && k.type !== 'LBody');
  if (wrong || li.content > 0 || !li.kids.some((k) => k.type === 'LBody')) {
    const holds = [...li.kids.map((k) => k.type), ...(li.content > 0 ? [`${li.content} content item(s)`] : [])];
    report('list-item', { ua: 'Matterhorn 09-005' }, `an LI holds ${holds.join(', ') || 'nothing'}, not Lbl and LBody`, li.page);
  }
}

/**
 * A Figure has alternative or replacement text, /Alt or /ActualText (ISO 14289-1 7.3, Matterhorn 13-004); a
 * Formula has /Alt (7.7, Matterhorn 17-002, which names /Alt only). Blank text counts as none.
 */
function checkAlternative(e: Element, report: Report): void {
  const has = (key: string): boolean => (textOf(get(e.dict, key))?.trim() ?? '') !== '';
  if (e.type === 'Figure' && !has('Alt') && !has('ActualText')) {
    report('figure-alt', { ua: 'Matterhorn 13-004; ISO 14289-1 7.3' }, 'a Figure has no /Alt or /ActualText', e.page);
  } else if (e.type === 'Formula' && !has('Alt')) {
    report('formula-alt', { ua: 'Matterhorn 17-002; ISO 14289-1 7.7' }, 'a Formula has no /Alt', e.page);
  }
}

/**
 * Every row of a table spans as many columns as its widest row, counting ColSpan and RowSpan from the cells'
 * Table attributes (ISO 14289-1 7.2, veraPDF rule 7.2-43; ISO 32000-1 Table 337, Matterhorn 09-004).
 */
function checkTable(table: Element, report: Report): void {
  const rows = table.kids.flatMap((k) => (['THead', 'TBody', 'TFoot'].includes(k.type) ? k.kids : [k])).filter((r) => r.type === 'TR');
  const occupied: boolean[][] = rows.map(() => []);
  rows.forEach((row, r) => {
    let col = 0;
    for (const cell of row.kids.filter((c) => c.type === 'TH' || c.type === 'TD')) {
      while (occupied[r]![col]) col++;
      const { colSpan, rowSpan } = spans(cell.dict);
      for (let dr = 0; dr < rowSpan && r + dr < rows.length; dr++) {
        for (let dc = 0; dc < colSpan; dc++) occupied[r + dr]![col + dc] = true;
      }
      col += colSpan;
    }
  });
  const widths = occupied.map((cells) => cells.filter(Boolean).length);
  const widest = Math.max(0, ...widths);
  widths.forEach((w, r) => {
    if (w < widest) {
      report('table-row', { ua: 'ISO 14289-1 7.2 (Matterhorn 09-004)' }, `row ${r + 1} of ${rows.length} spans ${w} of ${widest} columns`, rows[r]!.page ?? table.page);
    }
  });
}

/** ColSpan and RowSpan of a table cell from its Table attribute object (ISO 32000-1 14.8.5.7); 1 when absent. */
function spans(cell: PDFDict): { colSpan: number; rowSpan: number } {
  const a = get(cell, 'A');
  const objects = a instanceof PDFArray ? a.asArray().map((x) => cell.context.lookup(x)) : [a];
  const table = objects.find((o): o is PDFDict => o instanceof PDFDict && nameOf(get(o, 'O')) === 'Table');
  const span = (key: string): number => {
    const v = get(table, key);
    return v instanceof PDFNumber && v.asNumber() >= 1 ? Math.floor(v.asNumber()) : 1;
  };
  return { colSpan: span('ColSpan'), rowSpan: span('RowSpan') };
}
