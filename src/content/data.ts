/**
 * Figures fed from data files: `data/*.csv` (parsed by csv-parse: quoted fields, embedded commas and new
 * lines, a BOM and CRLF line ends all work) and `data/*.json` (an array of records, read with positions by
 * the YAML parser, since JSON is YAML). Each row becomes a figure exactly like one written in a company file:
 * {@link dataFigures} validates it with the same schema and places it, and the loader checks its references.
 *
 * Columns (CSV header or JSON keys): `company` (a company id, or `market` for market-wide figures), `id`,
 * `quantity`, `value`, `unit`, `period`, `asOf`, `segment`, `basis`, `sources` (ids separated by `;`, or a
 * JSON array) and `note`. Empty cells count as absent.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { firstLine, type DiagnosticList, type Place } from '../errors.ts';
import { suggestion } from './units.ts';
import { msg, problem } from '../messages.ts';
import { figureSchema } from './input.ts';
import { MARKET, type Figure, type Located } from './model.ts';
import type { ContentFiles } from './read.ts';

/** Columns a data file may have; `company`, `quantity`, `value` and `sources` are required. */
export const DATA_COLUMNS = ['company', 'id', 'quantity', 'value', 'unit', 'period', 'asOf', 'segment', 'basis', 'sources', 'note'] as const;
const REQUIRED = ['company', 'quantity', 'value', 'sources'] as const;

const cell = z.union([z.string(), z.number()]);

/** `data/*.json` as JSON Schema sees it: an array of records with the columns above (for editors). */
export const dataRecordsSchema = z.array(
  z.strictObject({
    company: z.string().describe('A company id of companies/, or market.'),
    id: z.string().optional(),
    quantity: z.string(),
    value: cell.describe('As written in YAML: $1.77T, DKK 290.4B, 33%, ...'),
    unit: z.string().optional(),
    period: cell.optional(),
    asOf: z.string().optional(),
    segment: cell.optional(),
    basis: z.string().optional(),
    sources: z.union([z.string(), z.array(z.string())]).describe('Source ids, as a list or separated by ;'),
    note: cell.optional(),
  }),
);

/** Most rows read from one data file: beyond it the file is refused rather than slowing every build. */
export const MAX_DATA_ROWS = 10_000;

/** One row of a data file: its fields (figure fields, `sources` as a list) and where each was written. */
export interface DataRow {
  /** Owner of the figure: a company id or `market`. */
  readonly company: string;
  /** The row as a figure for the content model (before validation). */
  readonly figure: Record<string, unknown>;
  /** The place of the row, or of one of its fields. */
  readonly at: (field?: string) => Place;
}

/** A problem of a data file, at its place. */
export interface DataProblem {
  readonly message: string;
  readonly at: Place;
}

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A record's fields as figure fields: blanks dropped, `sources` split on `;`. */
function toFigure(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const figure: Record<string, unknown> = {};
  for (const column of DATA_COLUMNS) {
    const v = record[column];
    if (column === 'company' || blank(v)) continue;
    if (column === 'sources') figure[column] = Array.isArray(v) ? v : String(v).split(';').map((s) => s.trim()).filter((s) => s !== '');
    else figure[column] = typeof v === 'string' ? v.trim() : v;
  }
  return figure;
}

/** Columns a header names that the format does not know, as problems. */
function unknownColumns(names: readonly string[], at: (name: string) => Place): DataProblem[] {
  return names
    .filter((n) => !(DATA_COLUMNS as readonly string[]).includes(n))
    .map((n) => ({ message: problem.unknownDataColumn(n, suggestion(n, DATA_COLUMNS), DATA_COLUMNS), at: at(n) }));
}

/**
 * Read the rows of one CSV data file.
 * @param file the path diagnostics name.
 */
export function readCsv(file: string, text: string): { rows: DataRow[]; problems: DataProblem[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: false, info: true }) as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    return { rows: [], problems: [{ message: problem.unreadableCsv(err.message.replace(/ on line \d+$/, '')), at: { file, ...(err.lines ? { line: err.lines } : {}) } }] };
  }
  const header = (parse(text, { bom: true, to_line: 1 }) as string[][])[0] ?? [];
  const columnOf = (name: string): number | undefined => {
    const i = header.indexOf(name);
    return i === -1 ? undefined : i + 1;
  };
  const problems = unknownColumns(header, (n) => ({ file, line: 1, column: columnOf(n)! }));
  for (const r of REQUIRED) if (!header.includes(r)) problems.push({ message: problem.missingHeaderColumn(r, REQUIRED), at: { file, line: 1, column: 1 } });
  if (records.length > MAX_DATA_ROWS) problems.push({ message: problem.tooManyRows(records.length, MAX_DATA_ROWS), at: { file } });
  if (problems.length > 0) return { rows: [], problems };
  let previousEnd = 1;
  const rows = records.map(({ record, info }): DataRow => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return {
      company: (record['company'] ?? '').trim(),
      figure: toFigure(record),
      at: (field) => {
        const column = field === undefined ? 1 : columnOf(field);
        return { file, line, ...(column === undefined ? {} : { column }), ...(field === undefined ? {} : { path: field }) };
      },
    };
  });
  return { rows, problems };
}

/**
 * Read the rows of one JSON data file (an array of records), with the line of each field.
 * @param file the path diagnostics name.
 */
export function readJson(file: string, text: string): { rows: DataRow[]; problems: DataProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'json', uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return { rows: [], problems: [{ message: problem.unreadableJson(firstLine(e)), at: { file, ...(e.linePos?.[0] ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}) } }] };
  }
  const root = doc.contents as Node | null;
  if (!isSeq(root)) return { rows: [], problems: [{ message: problem.jsonNotArray(), at: { file, line: 1 } }] };
  if (root.items.length > MAX_DATA_ROWS) return { rows: [], problems: [{ message: problem.tooManyRecords(root.items.length, MAX_DATA_ROWS), at: { file } }] };
  const problems: DataProblem[] = [];
  const rows: DataRow[] = [];
  const values = doc.toJS() as unknown[];
  root.items.forEach((item, i) => {
    const node = item as Node;
    const where = (n: Node | null | undefined, path: string): Place => {
      const pos = lineCounter.linePos(n?.range?.[0] ?? node.range?.[0] ?? 0);
      return { file, line: pos.line, column: pos.col, path };
    };
    const record = values[i];
    if (!isMap(node) || record === null || typeof record !== 'object' || Array.isArray(record)) {
      problems.push({ message: problem.recordNotObject(), at: where(node, `[${i}]`) });
      return;
    }
    const fieldNode = (name: string): Node | undefined => node.items.find((p) => (p.key as { value?: unknown } | null)?.value === name)?.value as Node | undefined;
    problems.push(...unknownColumns(Object.keys(record), (n) => where(fieldNode(n), `[${i}].${n}`)));
    for (const r of REQUIRED) if (!(r in record)) problems.push({ message: problem.recordLacks(r), at: where(node, `[${i}]`) });
    const fields = record as Record<string, unknown>;
    rows.push({
      company: typeof fields['company'] === 'string' ? fields['company'].trim() : String(fields['company'] ?? ''),
      figure: toFigure(fields),
      at: (field) => where(field === undefined ? node : fieldNode(field), field === undefined ? `[${i}]` : `[${i}].${field}`),
    });
  });
  return { rows: problems.length > 0 ? [] : rows, problems };
}

/**
 * The figures of every data file, by owner (company id or {@link MARKET}), validated like figures in YAML: each
 * row at its file, line and column. Unknown companies, duplicate rows and unreadable values are errors.
 */
export function dataFigures(
  content: ContentFiles,
  at: (rel: string) => string,
  companyIds: ReadonlySet<string>,
  placeFigure: (f: Figure, at: (field?: string, index?: number) => Place) => Located<Figure>,
  diags: DiagnosticList,
): Map<string, Located<Figure>[]> {
  const byOwner = new Map<string, Located<Figure>[]>();
  for (const [rel, text] of content.files) {
    const m = /^data\/.+\.(csv|json)$/.exec(rel);
    if (!m) continue;
    const { rows, problems } = m[1] === 'csv' ? readCsv(at(rel), text) : readJson(at(rel), text);
    for (const p of problems) diags.add(msg.dataProblem(p.message), p.at);
    const seen = new Set<string>();
    for (const row of rows) {
      const key = JSON.stringify([row.company, row.figure]);
      if (seen.has(key)) {
        diags.add(msg.repeatedRow(), row.at());
        continue;
      }
      seen.add(key);
      if (row.company !== MARKET && !companyIds.has(row.company)) {
        diags.add(msg.unknownDataCompany(row.company, suggestion(row.company, companyIds)), row.at('company'));
        continue;
      }
      const parsed = figureSchema.safeParse(row.figure);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'value');
          const kind = field === 'value' ? 'figureValue' : field === 'sources' ? 'unsourcedFigure' : 'schema';
          diags.add(issue.code === 'unrecognized_keys' ? msg.unknownColumns(kind, issue.keys) : msg.schemaIssue(kind, issue.message), row.at(field));
        }
        continue;
      }
      const f = placeFigure(parsed.data, (field) => row.at(field));
      byOwner.set(row.company, [...(byOwner.get(row.company) ?? []), f]);
    }
  }
  return byOwner;
}
