/** The printed table: one block per benchmark section, a row per measurement, and the targets at the end. */
import type { Growth, Summary } from './stats.ts';

/** One row of the table: a summary of samples, or a single computed value. */
export interface Row {
  readonly label: string;
  /** Samples summary (median/min/max/n), or a plain value. */
  readonly value: Summary | number | string;
  /** Unit of `value`: 'ms', 'x' (ratio), 'MiB', '/s', or '' for text. */
  readonly unit: 'ms' | 'x' | 'MiB' | '/s' | '';
  readonly note?: string;
}

/** A block of rows under a title. */
export interface Block {
  readonly title: string;
  readonly rows: readonly Row[];
}

/** A target of the issue: the measured value, the limit, and whether it passes. */
export interface Target {
  /** Benchmark section (1–6) the target belongs to, for ordering. */
  readonly section: number;
  readonly name: string;
  readonly measured: string;
  readonly limit: string;
  readonly pass: boolean;
}

function fmt(x: number, unit: Row['unit']): string {
  if (!Number.isFinite(x)) return '—';
  switch (unit) {
    case 'ms':
      return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`;
    case 'x':
      return `${x.toFixed(2)}×`;
    case 'MiB':
      return `${Math.round(x)} MiB`;
    case '/s':
      return `${x.toFixed(2)}/s`;
    default:
      return String(x);
  }
}

function cells(row: Row): string[] {
  const v = row.value;
  if (typeof v === 'string') return [row.label, v, '', '', '', row.note ?? ''];
  if (typeof v === 'number') return [row.label, fmt(v, row.unit), '', '', '', row.note ?? ''];
  return [row.label, fmt(v.median, row.unit), fmt(v.min, row.unit), fmt(v.max, row.unit), String(v.n), row.note ?? ''];
}

/** Render blocks and targets as a Markdown table (readable in a terminal, pasteable into docs). */
export function renderTable(header: readonly string[], blocks: readonly Block[], targets: readonly Target[]): string {
  const out: string[] = [...header, ''];
  const head = ['measurement', 'median', 'min', 'max', 'n', 'note'];
  const rows: string[][] = [];
  for (const b of blocks) {
    rows.push([`**${b.title}**`, '', '', '', '', '']);
    for (const r of b.rows) rows.push(cells(r));
  }
  out.push(...markdown(head, rows), '');
  out.push(...markdown(['target', 'measured', 'limit', 'result'], targets.map((t) => [t.name, t.measured, t.limit, t.pass ? 'pass' : 'MISS'])));
  return out.join('\n');
}

function markdown(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: readonly string[]): string => `| ${r.map((c, i) => c + ' '.repeat(width[i]! - [...c].length)).join(' | ')} |`;
  return [line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

/** Format one value for a target line. */
export function show(x: number, unit: Row['unit']): string {
  return fmt(x, unit);
}

/** A growth verdict's note: marginal cost per unit between sizes, the average, and the least-squares fit. */
export function growthNote(g: Growth): string {
  return `marginal per company ${g.slopes.map((x) => show(x, 'ms')).join(' → ')}; average ${show(g.overall, 'ms')}; fit ${show(g.fit.intercept, 'ms')} + ${show(g.fit.slope, 'ms')}·n, R² ${g.fit.r2.toFixed(3)}`;
}

/** A growth verdict as a target's measured value. */
export function growthMeasured(g: Growth): string {
  return `${g.shape}: last ${show(g.last, 'ms')}/company vs average ${show(g.overall, 'ms')}`;
}
