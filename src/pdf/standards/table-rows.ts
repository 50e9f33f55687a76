/**
 * Where a table row's missing cells go: the column layout of a tagged table (ISO 32000-1 §14.8.4.3.4 and the
 * Table attributes of §14.8.5.7), for src/pdf/standards/structure.ts, which adds the empty `TD`s this plans.
 *
 * A row is short when it spans fewer columns than the table's widest row (PDF/UA-1 7.2 and 7.5; Matterhorn 09
 * and 15; veraPDF's "regular table" rule). Which of its columns are missing is read from the column
 * information its cells carry: Chromium gives every `TD` a `/Headers` attribute naming the `/ID`s of its
 * column (and row) header cells, and every header a `/Scope`. A column header's columns are learnt from the
 * complete rows (a header cell there, or a cell there naming it in `/Headers`); a cell of a short row that
 * names column headers, or is one, then has a known column, and the gaps between the placed cells are where
 * the missing cells go. A cell with no column information is taken to follow the cell before it.
 *
 * Limitation: when no cell of a short row has a known column (a table without header cells, or whose cells
 * carry no `/Headers`), or what the cells say contradicts itself, the missing cells are appended at the end of
 * the row. That is a guess: a cell missing from the middle of such a row leaves the cells after it one column
 * to the left, under the wrong header. The plan says so (`guessed`), so that the caller can warn. And the
 * widest row is taken for the table's width: when every row lost a cell (an empty corner `<th>` and one
 * empty cell per data row), no row is short, nothing is added, and the table stays wrong, unreported.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFString, type PDFContext, type PDFObject } from 'pdf-lib';

/** The names this module reads (pdf-lib interns names: each compares by identity). */
const N = {
  A: PDFName.of('A'),
  O: PDFName.of('O'),
  ID: PDFName.of('ID'),
  Table: PDFName.of('Table'),
  Scope: PDFName.of('Scope'),
  Column: PDFName.of('Column'),
  Both: PDFName.of('Both'),
  Headers: PDFName.of('Headers'),
  ColSpan: PDFName.of('ColSpan'),
  RowSpan: PDFName.of('RowSpan'),
} as const;

/**
 * What to add to one row: `pads[k]` is the index, among the row's cells, of the cell the k-th new empty cell
 * goes before (the number of cells for "after the last"), in column order. `guessed` is true when the pads
 * were appended at the end for want of column information (see the module comment).
 */
export interface RowPlan {
  readonly pads: readonly number[];
  readonly guessed: boolean;
}

/** A cell as the layout sees it: its spans, its own `/ID`, the `/ID`s its `/Headers` names, its scope. */
interface Cell {
  readonly colSpan: number;
  readonly rowSpan: number;
  readonly id: string | undefined;
  readonly headers: readonly string[];
  /** A header cell whose `/Scope` is `Column` or `Both`. */
  readonly columnHeader: boolean;
}

/**
 * Plan the empty cells that complete each short row of a table. `rows` holds, per row in table order, the
 * dictionaries of its cells (`TH` and `TD` elements, in order). Returns one plan per row; rows that are
 * complete get no pads. Never throws: unreadable attributes count as absent.
 */
export function planTableRows(context: PDFContext, rows: readonly (readonly PDFDict[])[]): RowPlan[] {
  const cells = rows.map((row) => row.map((dict) => readCell(context, dict)));
  const first = layOut(cells, (row, taken) => ({ starts: flow(row, taken), gaps: [], guessed: false }));
  const width = first.widths.reduce((widest, w) => Math.max(widest, w), 0);
  const known = headerColumns(cells, first.starts, first.widths, width);
  const final = layOut(cells, (row, taken) => planRow(row, taken, width, known));
  return final.plans.map(({ starts, gaps, guessed }) => ({
    pads: gaps.map((gap) => {
      const before = starts.findIndex((start) => start > gap);
      return before === -1 ? starts.length : before;
    }),
    guessed: guessed && gaps.length > 0,
  }));
}

/** Where a row's cells start (0-based columns) and the columns its new cells fill. */
interface Placement {
  readonly starts: readonly number[];
  readonly gaps: readonly number[];
  readonly guessed: boolean;
}

/**
 * Lay the rows out in order: `place` chooses each row's columns given the columns taken in it by cells of
 * earlier rows reaching down (`/RowSpan`); what it places (gaps as one-column cells) takes its columns in turn.
 */
function layOut(cells: readonly (readonly Cell[])[], place: (row: readonly Cell[], taken: readonly boolean[]) => Placement): {
  plans: Placement[];
  starts: (readonly number[])[];
  widths: number[];
} {
  const taken: boolean[][] = cells.map(() => []);
  const plans = cells.map((row, r) => {
    const plan = place(row, taken[r]!);
    row.forEach((cell, i) => {
      for (let dr = 0; dr < cell.rowSpan && r + dr < cells.length; dr++) {
        for (let dc = 0; dc < cell.colSpan; dc++) taken[r + dr]![plan.starts[i]! + dc] = true;
      }
    });
    for (const gap of plan.gaps) taken[r]![gap] = true;
    return plan;
  });
  const widths = taken.map((row) => row.filter(Boolean).length);
  return { plans, starts: plans.map((plan) => plan.starts), widths };
}

/** Each cell at the first column not taken after the cell before it: how a row with no gaps lays out. */
function flow(row: readonly Cell[], taken: readonly boolean[]): number[] {
  let col = 0;
  return row.map((cell) => {
    while (taken[col] === true) col += 1;
    const start = col;
    col += cell.colSpan;
    return start;
  });
}

/**
 * The columns each column header covers, learnt from the complete rows (those as wide as `width`, whose
 * layout has no gap): a column header's own columns, and the columns of every cell naming it in `/Headers`.
 */
function headerColumns(cells: readonly (readonly Cell[])[], starts: readonly (readonly number[])[], widths: readonly number[], width: number): Map<string, Set<number>> {
  const byId = new Map<string, Cell>();
  for (const cell of cells.flat()) if (cell.id !== undefined && !byId.has(cell.id)) byId.set(cell.id, cell);
  const known = new Map<string, Set<number>>();
  const add = (id: string, start: number, span: number): void => {
    const columns = known.get(id) ?? new Set<number>();
    for (let c = start; c < start + span; c++) columns.add(c);
    known.set(id, columns);
  };
  cells.forEach((row, r) => {
    if (widths[r] !== width) return;
    row.forEach((cell, i) => {
      const start = starts[r]![i]!;
      if (cell.id !== undefined && cell.columnHeader) add(cell.id, start, cell.colSpan);
      for (const id of cell.headers) if (byId.get(id)?.columnHeader === true) add(id, start, cell.colSpan);
    });
  });
  return known;
}

/** The first column a cell of a short row belongs in, by the column headers it is or names; `undefined` if unknown. */
function knownStart(cell: Cell, known: ReadonlyMap<string, ReadonlySet<number>>): number | undefined {
  const ids = cell.id !== undefined && cell.columnHeader ? [cell.id, ...cell.headers] : cell.headers;
  const sets = ids.flatMap((id) => known.get(id) ?? []);
  if (sets.length === 0) return undefined;
  const common = [...sets[0]!].filter((column) => sets.every((set) => set.has(column)));
  return common.length === 0 ? undefined : Math.min(...common);
}

/**
 * Place one row: a complete row flows; a short row's cells go to their known columns (a cell with none
 * follows the cell before it) and the free columns left over are its gaps; when no cell has a known column,
 * or the known columns collide, the row flows and its gaps are the free columns after its last cell.
 */
function planRow(row: readonly Cell[], taken: readonly boolean[], width: number, known: ReadonlyMap<string, ReadonlySet<number>>): Placement {
  const free = Array.from({ length: width }, (_, c) => c).filter((c) => taken[c] !== true);
  const need = row.reduce((sum, cell) => sum + cell.colSpan, 0);
  if (need >= free.length) return { starts: flow(row, taken), gaps: [], guessed: false };
  const fits = (start: number, span: number): boolean => start + span <= width && Array.from({ length: span }, (_, d) => taken[start + d] !== true).every(Boolean);
  const starts: number[] = [];
  let [cursor, informed, ok] = [0, false, true];
  for (const cell of row) {
    const column = knownStart(cell, known);
    if (column !== undefined) informed = true;
    let start = column ?? cursor;
    while (column === undefined && taken[start] === true) start += 1;
    if (start < cursor || !fits(start, cell.colSpan)) ok = false;
    starts.push(start);
    cursor = start + cell.colSpan;
  }
  const placed = ok && informed ? starts : flow(row, taken);
  const covered = new Set(row.flatMap((cell, i) => Array.from({ length: cell.colSpan }, (_, d) => placed[i]! + d)));
  return { starts: placed, gaps: free.filter((c) => !covered.has(c)), guessed: !(ok && informed) };
}

/** A cell's spans, `/ID`, `/Headers` and scope, from its dictionary and its `/Table` attributes. */
function readCell(context: PDFContext, dict: PDFDict): Cell {
  const attributes = tableAttributes(context, dict);
  const value = (key: PDFName): PDFObject | undefined => {
    for (const attribute of attributes) if (attribute.has(key)) return context.lookup(attribute.get(key));
    return undefined;
  };
  const headers = value(N.Headers);
  const scope = value(N.Scope);
  return {
    colSpan: span(value(N.ColSpan)),
    rowSpan: span(value(N.RowSpan)),
    id: textOf(context.lookup(dict.get(N.ID))),
    headers: headers instanceof PDFArray ? headers.asArray().flatMap((obj) => textOf(context.lookup(obj)) ?? []) : [],
    columnHeader: scope === N.Column || scope === N.Both,
  };
}

/**
 * The attribute objects of owner `/Table` in a cell's `/A` (a dictionary, or an array of dictionaries with
 * revision numbers between them; ISO 32000-1 §14.7.5), in order.
 */
function tableAttributes(context: PDFContext, cell: PDFDict): PDFDict[] {
  const attributes = context.lookup(cell.get(N.A));
  const objects = attributes instanceof PDFArray ? attributes.asArray().map((obj) => context.lookup(obj)) : [attributes];
  return objects.filter((obj): obj is PDFDict => obj instanceof PDFDict && obj.get(N.O) === N.Table);
}

/** A `/ColSpan` or `/RowSpan`: a whole number ≥ 1, default 1, at most 1000 (HTML's own limit for colspan). */
function span(value: PDFObject | undefined): number {
  const n = value instanceof PDFNumber ? value.asNumber() : NaN;
  return Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), 1000) : 1;
}

/** A string's text, or `undefined` for any other object. */
function textOf(obj: PDFObject | undefined): string | undefined {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : undefined;
}
