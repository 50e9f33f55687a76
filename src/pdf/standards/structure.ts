/**
 * Repairs of the tagged structure tree Chromium writes (src/pdf/print.ts prints with `tagged: true`), so that
 * it meets ISO 14289-1 (PDF/UA-1) 7.1 (role map), 7.2 (tags used as ISO 32000-1 defines them), 7.5 (tables)
 * and 7.6 (lists), and the Matterhorn protocol's role-mapping (02-001…02-004), tag (09-004, 09-005) and table
 * (15) checkpoints, against the standard structure types of ISO 32000-1:2008 §14.8.4:
 *
 *   1. role map   every non-standard type in the tree gets a RoleMap entry to a standard type;
 *   2. list items an `LI` holding anything but `Lbl`/`LBody` gets that content wrapped in a new `LBody`,
 *                 with the moved kids' `/P` and the ParentTree entries of moved content following it;
 *   3. table rows a `TR` with fewer cells than its table's widest row gets empty `TD`s appended.
 *
 * What Chromium can emit is fixed by its `printing/common/metafile_utils.cc` (`RecursiveBuildStructureTree`)
 * and `pdf/pdf_accessibility_constants.h`: Document, P, Div, Art, BlockQuote, Caption, Code, H, H1–H6, Link, L,
 * LI, Lbl, Table, TR, TH, TD, Figure, NonStruct, and three PDF 2.0 types that PDF 1.7 does not have: `Aside`
 * (role complementary), `Em` and `Strong`. It writes no RoleMap, no LBody (an LI holds its `::marker` as an
 * `Lbl`, then its content: NonStruct text, Strong, Link, P, or bare marked content for the item's own box),
 * no THead/TBody, and no TD for an empty `<td>` (src/html/empty-cells.ts gives those a `&nbsp;` first, so the
 * table-row fallback here should seldom fire).
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFStream, type PDFContext, type PDFDocument, type PDFObject } from 'pdf-lib';

/**
 * The standard structure types of PDF 1.7 (ISO 32000-1:2008 §14.8.4): grouping elements (Table 333),
 * paragraph-like (Table 335), list (Table 336) and table elements (Table 337), inline-level elements
 * (Table 338), ruby and warichu (Table 339), illustrations (Table 340). PDF/UA-1 7.1 requires every other type
 * to be role-mapped to one of these, and none of these to be remapped.
 */
export const STANDARD_STRUCTURE_TYPES: ReadonlySet<string> = new Set([
  ...['Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private'],
  ...['H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P'],
  ...['L', 'LI', 'Lbl', 'LBody'],
  ...['Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot'],
  ...['Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot'],
  ...['Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP'],
  ...['Figure', 'Formula', 'Form'],
]);

/** The inline-level standard types (ISO 32000-1 Tables 338 and 339): what a `Span` may hold. */
const INLINE_TYPES: ReadonlySet<string> = new Set(['Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP']);

/**
 * Role-map targets of the PDF 2.0 types (ISO 32000-2:2020 §14.8.4) Chromium emits, each the nearest
 * functionally equivalent PDF 1.7 type, as ISO 14289-1 7.1 asks:
 * - `Strong` and `Em` (Table 368, inline emphasis) → `Span`: PDF 1.7 has no emphasis type, and a Span keeps
 *   them inline, in their paragraph.
 * - `Aside` (Table 365: content distinct from the main flow, a sidebar) → `Sect`, not `Note`. Chromium writes
 *   one for an `<aside>`, which holds headings, paragraphs and lists; `Sect` is the PDF 1.7 grouping element
 *   for such related content. `Note` is an inline-level element (Table 338) for a footnote or endnote the
 *   body refers to: block content inside it nests wrongly (Matterhorn 09), and PDF/UA-1 7.9 would demand a
 *   unique `/ID` on every Note (Matterhorn 19-003) that an aside does not have.
 * Any other non-standard type becomes `Span` when every element of that type holds inline content only, else
 * `Div`.
 */
const CHROMIUM_ROLES: ReadonlyMap<string, string> = new Map([
  ['Strong', 'Span'],
  ['Em', 'Span'],
  ['Aside', 'Sect'],
]);

/** The PDF names this pass reads and writes (pdf-lib interns names: each compares by identity). */
const N = {
  A: PDFName.of('A'),
  K: PDFName.of('K'),
  P: PDFName.of('P'),
  S: PDFName.of('S'),
  Pg: PDFName.of('Pg'),
  Type: PDFName.of('Type'),
  MCR: PDFName.of('MCR'),
  OBJR: PDFName.of('OBJR'),
  MCID: PDFName.of('MCID'),
  Stm: PDFName.of('Stm'),
  Obj: PDFName.of('Obj'),
  O: PDFName.of('O'),
  Table: PDFName.of('Table'),
  ColSpan: PDFName.of('ColSpan'),
  RowSpan: PDFName.of('RowSpan'),
  StructParent: PDFName.of('StructParent'),
  StructParents: PDFName.of('StructParents'),
  StructTreeRoot: PDFName.of('StructTreeRoot'),
  RoleMap: PDFName.of('RoleMap'),
  ParentTree: PDFName.of('ParentTree'),
  Nums: PDFName.of('Nums'),
  Kids: PDFName.of('Kids'),
} as const;

/** A structure element of the tree: its indirect reference and dictionary. */
interface StructElement {
  readonly ref: PDFRef;
  readonly dict: PDFDict;
}

/** One kid of a structure element (ISO 32000-1 §14.7.2, Table 323 /K). */
type Kid =
  | { readonly kind: 'element'; readonly ref: PDFRef; readonly dict: PDFDict }
  | { readonly kind: 'mcid'; readonly mcid: number }
  | { readonly kind: 'mcr'; readonly dict: PDFDict }
  | { readonly kind: 'objr'; readonly dict: PDFDict }
  | { readonly kind: 'other' };

/** The standard type a structure element's `/S` maps to through the role map, or `undefined`. */
type Resolve = (element: PDFDict) => string | undefined;

/**
 * Repair the tagged structure tree of `doc` in place: role-map non-standard types, give list items an
 * `LBody`, and complete short table rows (see the module comment). A document without a StructTreeRoot is
 * left alone. New structure elements become indirect objects of `doc`, numbered in tree order, so the same
 * input gives the same output.
 */
export function repairStructure(doc: PDFDocument): void {
  const context = doc.context;
  const root = doc.catalog.lookupMaybe(N.StructTreeRoot, PDFDict);
  if (root === undefined) return;
  const elements = collectElements(context, root);
  const resolve = mapRoles(context, root, elements);
  const parentTree = parentTreeOf(context, root);
  for (const element of elements) {
    const type = resolve(element.dict);
    if (type === 'LI') wrapListItemBody(context, element, resolve, parentTree);
    else if (type === 'Table') completeTableRows(context, element, resolve);
  }
}

/** The kids of a structure element or of the StructTreeRoot, as written (a single kid or an array). */
function kidsOf(dict: PDFDict): PDFObject[] {
  const k = dict.get(N.K);
  if (k === undefined) return [];
  return k instanceof PDFArray ? k.asArray() : [k];
}

/** Write `kids` as the `/K` array of `dict`. */
function setKids(context: PDFContext, dict: PDFDict, kids: readonly PDFObject[]): void {
  const array = PDFArray.withContext(context);
  for (const kid of kids) array.push(kid);
  dict.set(N.K, array);
}

/** What a `/K` entry is: a structure element (by reference), an MCID, a marked-content or object reference. */
function classify(context: PDFContext, kid: PDFObject): Kid {
  if (kid instanceof PDFNumber) return { kind: 'mcid', mcid: kid.asNumber() };
  const dict = context.lookup(kid);
  if (!(dict instanceof PDFDict)) return { kind: 'other' };
  const type = dict.get(N.Type);
  if (type === N.MCR) return { kind: 'mcr', dict };
  if (type === N.OBJR) return { kind: 'objr', dict };
  if (kid instanceof PDFRef && dict.has(N.S)) return { kind: 'element', ref: kid, dict };
  return { kind: 'other' };
}

/**
 * Every structure element under `root`, in document (pre-)order. A structure element written inline in its
 * parent's `/K` (rare; Chromium never does) is made an indirect object first, since `/P` of its kids must be
 * an indirect reference (ISO 32000-1 Table 323). An element reached twice is listed once.
 */
function collectElements(context: PDFContext, root: PDFDict): StructElement[] {
  const elements: StructElement[] = [];
  const seen = new Set<PDFDict>([root]);
  const stack: { readonly ref?: PDFRef; readonly dict: PDFDict }[] = [{ dict: root }];
  while (stack.length > 0) {
    const { ref, dict } = stack.pop()!;
    if (ref !== undefined) elements.push({ ref, dict });
    const found: { ref: PDFRef; dict: PDFDict }[] = [];
    for (const kid of indirectKids(context, dict)) {
      const item = classify(context, kid);
      if (item.kind !== 'element' || seen.has(item.dict)) continue;
      seen.add(item.dict);
      found.push(item);
    }
    for (let i = found.length - 1; i >= 0; i--) stack.push(found[i]!);
  }
  return elements;
}

/** The kids of `parent`, with structure elements written inline replaced by references to them. */
function indirectKids(context: PDFContext, parent: PDFDict): PDFObject[] {
  const kids = kidsOf(parent);
  let changed = false;
  const out = kids.map((kid) => {
    if (!(kid instanceof PDFDict) || !kid.has(N.S)) return kid;
    changed = true;
    return context.register(kid);
  });
  if (changed) setKids(context, parent, out);
  return out;
}

/**
 * Complete the StructTreeRoot's `/RoleMap` (ISO 32000-1 §14.7.3; PDF/UA-1 7.1, Matterhorn 02-001…02-004) so
 * that every type used in the tree maps, without a cycle, to a standard type, and return the resolver over
 * the completed map. Existing entries are kept, except an entry that remaps a standard type (forbidden by
 * PDF/UA-1 7.1, Matterhorn 02-003) and the entry of a used type whose chain ends nowhere or loops, which is
 * replaced. New entries are added in alphabetical order of the type.
 */
function mapRoles(context: PDFContext, root: PDFDict, elements: readonly StructElement[]): Resolve {
  const roleMap = root.lookupMaybe(N.RoleMap, PDFDict) ?? context.obj({});
  for (const key of roleMap.keys()) if (STANDARD_STRUCTURE_TYPES.has(key.decodeText())) roleMap.delete(key);
  const types = new Map<PDFName, string>();
  for (const { dict } of elements) {
    const name = dict.get(N.S);
    if (name instanceof PDFName && !types.has(name)) types.set(name, name.decodeText());
  }
  const broken = [...types.values()].filter((type) => resolveRole(roleMap, type) === undefined).sort();
  if (broken.length > 0) {
    const unknown = broken.filter((type) => !CHROMIUM_ROLES.has(type));
    const known = resolverOf((type) => resolveRole(roleMap, type) ?? CHROMIUM_ROLES.get(type));
    const inline = unknown.length > 0 ? inlineTypes(context, elements, unknown, known) : new Set<string>();
    for (const type of broken) roleMap.set(PDFName.of(type), PDFName.of(CHROMIUM_ROLES.get(type) ?? (inline.has(type) ? 'Span' : 'Div')));
    if (!root.has(N.RoleMap)) root.set(N.RoleMap, roleMap);
  }
  return resolverOf((type) => resolveRole(roleMap, type));
}

/** A {@link Resolve} that maps each distinct `/S` name once, through `map`. */
function resolverOf(map: (type: string) => string | undefined): Resolve {
  const cache = new Map<PDFObject | undefined, string | undefined>();
  return (element) => {
    const name = element.get(N.S);
    if (cache.has(name)) return cache.get(name);
    const type = name instanceof PDFName ? map(name.decodeText()) : undefined;
    cache.set(name, type);
    return type;
  };
}

/** The standard type `type` maps to through `roleMap`; `undefined` when the chain ends elsewhere or loops. */
function resolveRole(roleMap: PDFDict, type: string): string | undefined {
  const seen = new Set<string>();
  for (let current = type; !seen.has(current); ) {
    if (STANDARD_STRUCTURE_TYPES.has(current)) return current;
    seen.add(current);
    const next = roleMap.lookupMaybe(PDFName.of(current), PDFName);
    if (next === undefined) return undefined;
    current = next.decodeText();
  }
  return undefined;
}

/**
 * Those of `types` (unmapped non-standard types) of which every element holds inline content only: marked
 * content, annotations, and inline-level elements (ISO 32000-1 Tables 338–339), looking through NonStruct
 * and unmapped elements to what they hold. `resolve` knows the types already mapped.
 */
function inlineTypes(context: PDFContext, elements: readonly StructElement[], types: readonly string[], resolve: Resolve): Set<string> {
  const memo = new Map<PDFDict, boolean>();
  const holdsInline = (dict: PDFDict): boolean => {
    const known = memo.get(dict);
    if (known !== undefined) return known;
    memo.set(dict, false); // a cycle holds nothing inline
    const result = kidsOf(dict).every((obj) => {
      const kid = classify(context, obj);
      if (kid.kind !== 'element') return true;
      const type = resolve(kid.dict);
      if (type !== undefined && INLINE_TYPES.has(type)) return true;
      return (type === undefined || type === 'NonStruct') && holdsInline(kid.dict);
    });
    memo.set(dict, result);
    return result;
  };
  const inline = new Map(types.map((type) => [PDFName.of(type), true]));
  for (const { dict } of elements) {
    const name = dict.get(N.S);
    if (name instanceof PDFName && inline.get(name) === true && !holdsInline(dict)) inline.set(name, false);
  }
  return new Set([...inline].flatMap(([name, yes]) => (yes ? [name.decodeText()] : [])));
}

/** Where the ParentTree (ISO 32000-1 §14.7.4.4) says what content belongs to, to be pointed elsewhere. */
interface ParentTree {
  /** Point the entry of an annotation or XObject with `/StructParent key` at `element`. */
  setObject(key: number, element: PDFRef): void;
  /** Point marked-content `mcid` of the page or stream with `/StructParents key` at `element`. */
  setMarkedContent(key: number, mcid: number, element: PDFRef): void;
}

/**
 * The StructTreeRoot's `/ParentTree` number tree (`/Nums` leaves, `/Kids` inner nodes), indexed on first
 * use. Entries that do not exist are not created: content the tree never named stays unnamed.
 */
function parentTreeOf(context: PDFContext, root: PDFDict): ParentTree {
  let index: Map<number, { readonly nums: PDFArray; readonly at: number }> | undefined;
  const entry = (key: number): { readonly nums: PDFArray; readonly at: number } | undefined => {
    index ??= indexNumberTree(context, root.lookupMaybe(N.ParentTree, PDFDict));
    return index.get(key);
  };
  return {
    setObject: (key, element) => {
      const found = entry(key);
      if (found !== undefined) found.nums.set(found.at, element);
    },
    setMarkedContent: (key, mcid, element) => {
      const found = entry(key);
      const array = found === undefined ? undefined : context.lookup(found.nums.get(found.at));
      if (array instanceof PDFArray && Number.isInteger(mcid) && mcid >= 0 && mcid < array.size()) array.set(mcid, element);
    },
  };
}

/** Each key of a number tree, with the `/Nums` array and index its value sits at. */
function indexNumberTree(context: PDFContext, tree: PDFDict | undefined): Map<number, { readonly nums: PDFArray; readonly at: number }> {
  const index = new Map<number, { readonly nums: PDFArray; readonly at: number }>();
  const seen = new Set<PDFDict>();
  const stack = tree === undefined ? [] : [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    const nums = node.lookupMaybe(N.Nums, PDFArray);
    for (let i = 0; nums !== undefined && i + 1 < nums.size(); i += 2) {
      const key = context.lookup(nums.get(i));
      if (key instanceof PDFNumber && !index.has(key.asNumber())) index.set(key.asNumber(), { nums, at: i + 1 });
    }
    const kids = node.lookupMaybe(N.Kids, PDFArray);
    for (let i = (kids?.size() ?? 0) - 1; i >= 0; i--) {
      const kid = kids!.lookup(i);
      if (kid instanceof PDFDict) stack.push(kid);
    }
  }
  return index;
}

/**
 * Give list item `li` the kids ISO 32000-1 Table 336 allows it, `Lbl` and `LBody` (PDF/UA-1 7.2 and 7.6,
 * Matterhorn 09-005; veraPDF's "children of LI" rule): each run of other kids (structure elements, marked content, annotations) moves, in order, into a
 * new `LBody` in its place, so a leading `Lbl` stays the item's first kid. What pointed at the item for the
 * moved content now points at the LBody: the kids' `/P`, and the ParentTree entries of marked content
 * (integer kids and MCR dictionaries) and of annotations (OBJR kids, through their `/StructParent`).
 */
function wrapListItemBody(context: PDFContext, li: StructElement, resolve: Resolve, parentTree: ParentTree): void {
  const kids = kidsOf(li.dict);
  const isPart = (obj: PDFObject): boolean => {
    const kid = classify(context, obj);
    if (kid.kind !== 'element') return false;
    const type = resolve(kid.dict);
    return type === 'Lbl' || type === 'LBody';
  };
  if (kids.every(isPart)) return;
  const out: PDFObject[] = [];
  let run: PDFObject[] = [];
  const flush = (): void => {
    if (run.length > 0) out.push(moveIntoBody(context, li, run, parentTree));
    run = [];
  };
  for (const kid of kids) {
    if (!isPart(kid)) {
      run.push(kid);
      continue;
    }
    flush();
    out.push(kid);
  }
  flush();
  setKids(context, li.dict, out);
}

/** A new `LBody` under `li` holding `kids`, with the kids' `/P` and ParentTree entries moved to it. */
function moveIntoBody(context: PDFContext, li: StructElement, kids: readonly PDFObject[], parentTree: ParentTree): PDFRef {
  const body = context.obj({ Type: 'StructElem', S: 'LBody', P: li.ref });
  const page = li.dict.get(N.Pg);
  if (page !== undefined) body.set(N.Pg, page); // the default page of moved MCIDs and MCRs without their own
  setKids(context, body, kids);
  const ref = context.register(body);
  for (const obj of kids) {
    const kid = classify(context, obj);
    if (kid.kind === 'element') kid.dict.set(N.P, ref);
    else if (kid.kind === 'mcid') pointMarkedContent(li.dict.lookupMaybe(N.Pg, PDFDict), kid.mcid, ref, parentTree);
    else if (kid.kind === 'mcr') {
      const holder = kid.dict.lookupMaybe(N.Stm, PDFStream)?.dict ?? kid.dict.lookupMaybe(N.Pg, PDFDict) ?? li.dict.lookupMaybe(N.Pg, PDFDict);
      const mcid = kid.dict.lookupMaybe(N.MCID, PDFNumber)?.asNumber();
      if (mcid !== undefined) pointMarkedContent(holder, mcid, ref, parentTree);
    } else if (kid.kind === 'objr') {
      const key = kid.dict.lookupMaybe(N.Obj, PDFDict, PDFStream);
      const structParent = (key instanceof PDFStream ? key.dict : key)?.lookupMaybe(N.StructParent, PDFNumber)?.asNumber();
      if (structParent !== undefined) parentTree.setObject(structParent, ref);
    }
  }
  return ref;
}

/** Point marked content `mcid` of `holder` (a page, or a form XObject's dictionary) at `element`. */
function pointMarkedContent(holder: PDFDict | undefined, mcid: number, element: PDFRef, parentTree: ParentTree): void {
  const key = holder?.lookupMaybe(N.StructParents, PDFNumber)?.asNumber();
  if (key !== undefined) parentTree.setMarkedContent(key, mcid, element);
}

/**
 * Append empty `TD` elements (no content, `/P` the row) to each row of `table` that spans fewer columns than
 * its widest row, so that every row has all its cells (ISO 32000-1 §14.8.4.3.4; PDF/UA-1 7.2 and 7.5,
 * Matterhorn 09-004 and 15; veraPDF's "regular table" rule). Columns are counted with each cell's `/ColSpan`, and cells
 * of earlier rows reaching down with `/RowSpan` take their columns in the rows they reach. Rows are the
 * table's `TR` kids and those of its `THead`, `TBody` and `TFoot`.
 */
function completeTableRows(context: PDFContext, table: StructElement, resolve: Resolve): void {
  const elementKids = (dict: PDFDict): { ref: PDFRef; dict: PDFDict }[] =>
    kidsOf(dict).flatMap((obj) => {
      const kid = classify(context, obj);
      return kid.kind === 'element' ? [kid] : [];
    });
  const rows = elementKids(table.dict).flatMap((kid) => {
    const type = resolve(kid.dict);
    if (type === 'TR') return [kid];
    return type === 'THead' || type === 'TBody' || type === 'TFoot' ? elementKids(kid.dict).filter((row) => resolve(row.dict) === 'TR') : [];
  });
  const cells = rows.map((row) => elementKids(row.dict).filter((cell) => ['TH', 'TD'].includes(resolve(cell.dict) ?? '')));
  const widths = rowWidths(context, cells.map((row) => row.map((cell) => cell.dict)));
  const widest = Math.max(0, ...widths);
  rows.forEach((row, i) => {
    const missing = widest - widths[i]!;
    if (missing <= 0) return;
    const kids = kidsOf(row.dict);
    for (let n = 0; n < missing; n++) kids.push(context.register(context.obj({ Type: 'StructElem', S: 'TD', P: row.ref })));
    setKids(context, row.dict, kids);
  });
}

/** How many columns each row spans, its own cells' `/ColSpan`s plus the cells above reaching down into it. */
function rowWidths(context: PDFContext, rows: readonly (readonly PDFDict[])[]): number[] {
  const widths = rows.map(() => 0);
  rows.forEach((cells, i) => {
    for (const cell of cells) {
      const colSpan = tableAttribute(context, cell, 'ColSpan');
      const rowSpan = tableAttribute(context, cell, 'RowSpan');
      for (let r = i; r < Math.min(rows.length, i + rowSpan); r++) widths[r]! += colSpan;
    }
  });
  return widths;
}

/**
 * A cell's `/ColSpan` or `/RowSpan` from its `/A` attributes (a dictionary, or an array of dictionaries with
 * revision numbers) of owner `/Table` (ISO 32000-1 §14.8.5.7): a whole number ≥ 1, default 1, at most
 * 1000 (HTML's own limit for colspan; a row span only counts rows the table has).
 */
function tableAttribute(context: PDFContext, cell: PDFDict, key: 'ColSpan' | 'RowSpan'): number {
  const attributes = context.lookup(cell.get(N.A));
  const dicts = attributes instanceof PDFArray ? attributes.asArray().map((obj) => context.lookup(obj)) : [attributes];
  for (const dict of dicts) {
    if (!(dict instanceof PDFDict) || dict.get(N.O) !== N.Table) continue;
    const value = dict.lookupMaybe(N[key], PDFNumber)?.asNumber();
    if (value !== undefined && Number.isFinite(value) && value >= 1) return Math.min(Math.floor(value), 1000);
  }
  return 1;
}
