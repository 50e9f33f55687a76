/**
 * Review notes against the draft: what a note's anchor may name (the figures, metric rows, risks, sections
 * and prose blocks the draft prints, and the folder's files), and the element each note sits beside in the
 * preview, by the `data-key` the templates and the Markdown renderer give elements.
 *
 * ```
 * Briefing + Metrics + ContentFiles ─► noteTargets ─► checkNoteAnchors (content/review.ts) ─► errors at review.yaml
 * Briefing                          ─► noteKeys    ─► note id → data-key (null: the preview lists the note on top)
 * ```
 * Prose blocks are counted as the renderer keys them (content/blocks.ts `proseBlocks`, the walk markdown.ts's
 * `topLevelBlocks` uses for `prose:<section>:<n>`), so a note on paragraph 3 sits beside the block keyed 3.
 */
import path from 'node:path';
import { proseBlocks } from '../content/blocks.ts';
import { figureOwners, type Briefing, type ProseSection } from '../content/model.ts';
import { BUILT_IN_SECTIONS } from '../content/input.ts';
import type { ContentFiles } from '../content/read.ts';
import { anchorKey, checkNoteAnchors, type NoteTargets, type PlacedNote } from '../content/review.ts';
import type { Diagnostic } from '../errors.ts';
import { figureKey } from '../metrics/changes.ts';
import type { Metrics } from '../metrics/compute.ts';
import { proseKey } from './markdown.ts';

/** A top-level block of a prose section: its lines in the section's file, 1-based, `end` exclusive. */
interface BlockLines {
  readonly line: number;
  readonly end: number;
}

/** The top-level blocks of a prose section, in order, with the lines of its file each spans. */
function blockLines(s: ProseSection): BlockLines[] {
  return proseBlocks(s.markdown).map((x) => ({ line: s.bodyLine + x.line, end: s.bodyLine + x.end }));
}

/** The number of lines of a text, a last line break ending the last line rather than starting one. */
const lineCount = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/**
 * What the anchors of a briefing's notes may name, as this draft prints it: every figure key
 * (`figureKey`), metric row id, risk id, listed section (a prose section with its count of top-level
 * blocks, a built-in one with null), and every file of the folder with its number of lines.
 */
export function noteTargets(b: Briefing, m: Metrics, content: ContentFiles): NoteTargets {
  const sections = new Map<string, number | null>();
  for (const { id } of b.settings.sections) {
    const prose = b.prose.get(id);
    if (prose !== undefined) sections.set(id, blockLines(prose).length);
    else if ((BUILT_IN_SECTIONS as readonly string[]).includes(id)) sections.set(id, null);
  }
  return {
    figures: new Set(figureOwners(b).flatMap((o) => o.figures.map((f) => figureKey(o.id, f)))),
    metrics: new Set(m.declared.flatMap((d) => d.rows.map((r) => r.id))),
    risks: new Set(b.risks.map((r) => r.id)),
    sections,
    files: new Map([...content.files].map(([rel, text]) => [rel, lineCount(text)])),
  };
}

/**
 * The anchors of the briefing's notes that name nothing this draft prints, each a located error at its
 * anchor in review.yaml (see `checkNoteAnchors`). Empty when the folder has no notes.
 */
export function noteAnchorProblems(b: Briefing, m: Metrics, content: ContentFiles): Diagnostic[] {
  return b.notes.length === 0 ? [] : checkNoteAnchors(b.notes, noteTargets(b, m, content));
}

/** Built-in sections whose rows come from one file of the folder: a note on a line of that file sits by the section. */
const SECTION_OF_FILE: Readonly<Record<string, string>> = { 'risks.yaml': 'risks', 'takeaways.yaml': 'takeaways', 'claims.yaml': 'claims', 'sources.yaml': 'sources', 'metrics.yaml': 'metrics' };

/**
 * The `data-key` of the element nearest to line `line` of file `rel`: in a prose section, the block that
 * holds the line (the section before its first block); in a company's file or market.yaml, the figure
 * written at or last before the line (the first one after, above the figures); a chart's file, the chart;
 * risks.yaml and the other register files, their section. Null when none is known.
 */
function keyOfLine(b: Briefing, rel: string, line: number): string | null {
  const file = path.join(b.dir, rel);
  for (const s of b.prose.values()) {
    if (s.file !== file) continue;
    const blocks = blockLines(s);
    const n = blocks.findLastIndex((k) => k.line <= line);
    return n === -1 ? `section:${s.id}` : proseKey(s.id, n + 1);
  }
  const figures = figureOwners(b).flatMap((o) => o.figures.filter((f) => f.at.file === file).map((f) => ({ key: figureKey(o.id, f), line: f.at.line ?? 0 })));
  if (figures.length > 0) {
    const before = figures.filter((f) => f.line <= line).sort((x, y) => y.line - x.line)[0];
    return `figure:${(before ?? [...figures].sort((x, y) => x.line - y.line)[0]!).key}`;
  }
  const chart = b.charts.find((c) => c.at.file === file);
  if (chart !== undefined) return `chart:${chart.id}`;
  const section = SECTION_OF_FILE[rel];
  return section === undefined ? null : `section:${section}`;
}

/** Each note's element key (see {@link keyOfLine} for a `{file, line}` anchor), by note id. */
export function noteKeys(b: Briefing): Map<string, string | null> {
  return new Map(b.notes.map((n: PlacedNote) => [n.id, anchorKey(n.anchor) ?? ('file' in n.anchor ? keyOfLine(b, n.anchor.file, n.anchor.line) : null)]));
}
