/**
 * Every problem of a draft, for the preview's panel, its marks and its terminal: the render's errors and
 * warnings (claims whose verdict is not consistent among them, BR247), disagreements between sources, and the
 * print lint of the preview's last `/pdf`. Each {@link Problem} says where it is marked in the draft: by element
 * key (the `data-key` of the figure, claim, metric row, risk, chart or prose block its place belongs to), by CSS
 * selector (a print lint finding's element) or by its words (`excerpt`, a stale number in prose).
 */
import path from 'node:path';
import type { Draft } from '../build.ts';
import { CONTENT_FILES } from '../content/kinds.ts';
import { figureOwners, type Briefing } from '../content/model.ts';
import { formatDiagnostic, placeWords, type Diagnostic, type Place } from '../errors.ts';
import { createFormatter } from '../format.ts';
import { proseKey } from '../html/markdown.ts';
import { proseBlocks } from '../content/blocks.ts';
import { problem } from '../messages.ts';
import { figureKey } from '../metrics/changes.ts';
import type { EditorLink } from './editor.ts';

/** One problem as the preview shows it. */
export interface Problem {
  /** The catalogue code (`BR108`), or for a finding that is no message `disagreement`. */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint: string;
  /** `file:line:column` (null when the problem has no file). */
  readonly where: string | null;
  /** The editor link of the place (null without a file, or when links are off). */
  readonly link: string | null;
  /** Keys of the elements it concerns (`claim:ps-check`, `prose:summary:2`). */
  readonly keys: readonly string[];
  /** The element a print lint finding is about, as a CSS selector from the body (null for others). */
  readonly selector: string | null;
  /** The words it is about, as written (null when it names none). */
  readonly excerpt: string | null;
  /** One line for the terminal. */
  readonly text: string;
}

/** A keyed element's place in the content: file, and the field path or line that holds it. */
interface Holder {
  readonly file: string;
  readonly path?: string | undefined;
  readonly line?: number | undefined;
  readonly keys: readonly string[];
}

/** Finds the elements a place in the content belongs to (see {@link placeKeys}). */
export type KeyFinder = (place: Pick<Place, 'file' | 'line' | 'path'>) => string[];

/** The field path `p` is `prefix` or a field inside it (`figures[2]` holds `figures[2].value`). */
const within = (p: string, prefix: string): boolean => p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`);

/** The located things of a briefing that print as keyed elements: figures, claims, metrics (each row), charts. */
function holders(draft: Pick<Draft, 'briefing' | 'metrics'>): Holder[] {
  const b = draft.briefing;
  const rowsOf = (id: string): string[] => (draft.metrics.declared.find((d) => d.id === id)?.rows ?? []).map((r) => `metric:${r.id}`);
  const located = [
    ...figureOwners(b).flatMap((o) => o.figures.map((f) => ({ at: f.at, keys: [`figure:${figureKey(o.id, f)}`] }))),
    ...b.claims.map((c) => ({ at: c.at, keys: [`claim:${c.id}`] })),
    ...b.metrics.map((m) => ({ at: m.at, keys: rowsOf(m.id) })),
    ...b.charts.map((c) => ({ at: { file: c.at.file }, keys: [`chart:${c.id}`] })),
  ];
  return located.flatMap(({ at, keys }) => (at.file === undefined ? [] : [{ file: path.resolve(at.file), path: 'path' in at ? at.path : undefined, line: 'line' in at ? at.line : undefined, keys }]));
}

/** The keys of a list file's items (risks.yaml, takeaways.yaml, sources.yaml) by file, each at `[i]`. */
function listItems(b: Briefing): Map<string, readonly string[]> {
  const file = (kind: 'risks' | 'takeaways' | 'sources'): string => path.resolve(b.dir, CONTENT_FILES[kind].files);
  return new Map([
    [file('risks'), b.risks.map((r) => `risk:${r.id}`)],
    [file('takeaways'), b.takeaways.map((t) => `takeaway:${t.id}`)],
    [file('sources'), b.sources.map((s) => `source:${s.id}`)],
  ]);
}

/** Each prose section's file, first body line and the lines (0-based, of its body) each top-level block spans. */
function proseSpans(b: Briefing): Map<string, { id: string; bodyLine: number; spans: [number, number][] }> {
  const found = new Map<string, { id: string; bodyLine: number; spans: [number, number][] }>();
  for (const s of b.prose.values()) {
    const spans = proseBlocks(s.markdown).map((x): [number, number] => [x.line, x.end]);
    found.set(path.resolve(s.file), { id: s.id, bodyLine: s.bodyLine, spans });
  }
  return found;
}

/**
 * The element keys a place belongs to: the figure, claim, metric or chart declared at it (by field path, else
 * by line), the risk, takeaway or source at `[i]` of its list file, or the prose block holding its line.
 */
export function placeKeys(draft: Pick<Draft, 'briefing' | 'metrics'>): KeyFinder {
  const things = holders(draft);
  const lists = listItems(draft.briefing);
  const prose = proseSpans(draft.briefing);
  return (place) => {
    if (place.file === undefined) return [];
    const file = path.resolve(place.file);
    const section = prose.get(file);
    if (section !== undefined) {
      const line = place.line === undefined ? -1 : place.line - section.bodyLine;
      const n = section.spans.findIndex(([from, to]) => line >= from && line < to);
      return n === -1 ? [`section:${section.id}`] : [proseKey(section.id, n + 1)];
    }
    const item = lists.get(file);
    const index = item === undefined ? undefined : /^\[(\d+)\]/.exec(place.path ?? '')?.[1];
    if (item !== undefined) return index === undefined || item[Number(index)] === undefined ? [] : [item[Number(index)]!];
    const here = things.filter((t) => t.file === file);
    const byPath = place.path === undefined ? [] : here.filter((t) => t.path !== undefined && within(place.path!, t.path));
    const matched = byPath.length > 0 ? byPath : here.filter((t) => (t.path === undefined || place.path === undefined) && (t.line === undefined || t.line === place.line));
    return [...new Set(matched.flatMap((t) => t.keys))];
  };
}

/** A diagnostic as a problem: marked at the keys of its place, its print lint element or its words. */
export function diagnosticProblem(d: Diagnostic, severity: Problem['severity'], keys: KeyFinder, link: EditorLink): Problem {
  return {
    code: d.code,
    severity,
    message: d.message,
    hint: d.hint,
    where: placeWords(d) || null,
    link: link(d),
    keys: d.element === undefined ? keys(d) : [],
    selector: d.element ?? null,
    excerpt: d.excerpt ?? null,
    text: `${severity}: ${formatDiagnostic(d)}`,
  };
}

/** A finding that is no catalogue message (a claim, a disagreement) as a problem at a place. */
function finding(code: string, message: string, hint: string, place: Pick<Place, 'file' | 'line' | 'column'>, keys: readonly string[], link: EditorLink): Problem {
  const where = placeWords(place) || null;
  return { code, severity: 'warning', message, hint, where, link: link(place), keys, selector: null, excerpt: null, text: `warning: ${where === null ? '' : `${where} `}${message} [${code}]` };
}

/** Disagreements between sources, at the first value's place and marked at their rows and boxes. */
export function conflictProblems(draft: Pick<Draft, 'briefing' | 'metrics'>, link: EditorLink): Problem[] {
  const fmt = createFormatter(draft.briefing.settings.locale);
  return draft.metrics.conflicts.map((c) => {
    const first = c.values.find((v) => v.file !== null);
    const at = first === undefined ? {} : { file: first.file!, ...(first.line !== null ? { line: first.line } : {}) };
    const label = [c.ownerName, draft.briefing.vocabulary.quantities.get(c.quantity)?.title ?? c.quantity, c.segment, c.period].filter((x) => x !== null).join(' ');
    return finding('disagreement', problem.sourcesDisagree(label, c.values.map((v) => fmt.amount(v.amount))), problem.sourcesDisagreeHint(), at, [`conflict:${c.id}`], link);
  });
}

/** The problems of a draft (its warnings, inconsistent claims among them, disagreements) and of its last print (the lint). */
export function draftProblems(draft: Draft, lint: readonly Diagnostic[], link: EditorLink): Problem[] {
  const keys = placeKeys(draft);
  return [
    ...draft.warnings.map((d) => diagnosticProblem(d, 'warning', keys, link)),
    ...conflictProblems(draft, link),
    ...lint.map((d) => diagnosticProblem(d, 'warning', keys, link)),
  ];
}

/** The errors of a failed render as problems, marked where the last good render shows their place. */
export function errorProblems(errors: readonly Diagnostic[], good: Draft | undefined, link: EditorLink): Problem[] {
  const keys: KeyFinder = good === undefined ? () => [] : placeKeys(good);
  return errors.map((d) => diagnosticProblem(d, 'error', keys, link));
}
