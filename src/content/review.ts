/**
 * Review notes: `review.yaml` in a briefing folder holds an editor's notes to the analyst, each with an author,
 * a text, a status (`open` or `resolved`) and an anchor, the thing in the briefing it is about. The file is
 * read by the loader with the others (load.ts), so a bad one is a located error; an open note is a warning
 * ({@link msg.openNote}) that `check` lists and `build --strict` fails on. Notes never print: only the preview
 * shows them, in the margin beside their anchor (src/preview/notes.ts).
 *
 * ```
 * review.yaml ─► YAML + zod (reviewFileSchema) ─► readNotes: ids once, open notes as warnings ─► PlacedNote[]
 * PlacedNote[] + NoteTargets (what the draft prints: html/note-anchors.ts) ─► checkNoteAnchors ─► diagnostics
 * ```
 * An anchor is one of `{figure: ID}` (a figure's id, or the key of a figure without one), `{metric: ROW-ID}`
 * (a metric row, `price-to-sales.acme`), `{risk: ID}`, `{section: ID}` or `{section: ID, paragraph: N}` (the
 * N-th top-level block of a prose section's Markdown, from 1), `{file: PATH, line: N}` (a line of a file of the
 * folder, PATH relative to it). {@link anchorKey} gives the `data-key` of the element an anchor names.
 */
import { z } from 'zod';
import { diagnostic, type Diagnostic, type DiagnosticList, type Place } from '../errors.ts';
import { msg, problem } from '../messages.ts';
import { line, listFileSchema, text } from './declarations.ts';
import { suggestion } from './units.ts';
import type { Parsed } from './validate.ts';

/** The file of a briefing folder that holds its review notes. */
export const REVIEW_FILE = 'review.yaml';

/** A note's status: `open` until the analyst deals with it, then `resolved` (silent from then on). */
export const NOTE_STATUSES = ['open', 'resolved'] as const;

/** Longest relative file path an anchor may name, in characters. */
const MAX_ANCHOR_PATH = 500;

const noteId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, problem.idForm('n-1', 'backlog-source'));
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, problem.dateForm());
const position = z.number().int().min(1).max(1_000_000);

/** What a note is about: one of the five forms of the module docs. */
export const noteAnchorSchema = z.union(
  [
    z.strictObject({ figure: line.describe('A figure id, or the key of a figure without one (as the preview shows it).') }),
    z.strictObject({ metric: line.describe('A metric row id: price-to-sales.acme, liquidity-drawn[25%].') }),
    z.strictObject({ risk: noteId.describe('A risk id of risks.yaml.') }),
    z.strictObject({
      section: noteId.describe('A section id listed in sections: of briefing.yaml.'),
      paragraph: position.optional().describe("The N-th top-level block of the section's Markdown (paragraph, list, table, quote, sub-heading), from 1."),
    }),
    z.strictObject({ file: z.string().min(1).max(MAX_ANCHOR_PATH).describe('A file of the briefing folder, relative to it: companies/acme.yaml.'), line: position }),
  ],
  { error: problem.noteAnchorForm() },
);

/** One note of `review.yaml`. */
export const reviewNoteSchema = z.strictObject({
  id: noteId.describe('Unique in review.yaml: n-1, backlog-source.'),
  author: line.describe('Who wrote the note.'),
  text: text.describe('The note, plain text.'),
  status: z.enum(NOTE_STATUSES).default('open').describe('open (the default) until the point is dealt with, then resolved.'),
  anchor: noteAnchorSchema,
  created: isoDate.optional().describe('The day the note was written, YYYY-MM-DD.'),
});

/** `review.yaml`: a list of notes; an empty file (or one of comments only) holds none. */
export const reviewFileSchema = listFileSchema(reviewNoteSchema);

/** What a note is about (see the module docs). */
export type NoteAnchor = z.infer<typeof noteAnchorSchema>;

/** One note as validated: id, author, text, status, anchor, and `created` when given. */
export type ReviewNote = z.infer<typeof reviewNoteSchema>;

/**
 * A note with where review.yaml writes it: `at`, its list item; `anchorAt`, each field of its anchor by name
 * (`figure`, `section`, `paragraph`, `file`, `line`...).
 */
export type PlacedNote = ReviewNote & { readonly at: Place; readonly anchorAt: Readonly<Record<string, Place>> };

/**
 * The notes of a parsed review.yaml (none when the folder has no such file), each placed in it. A note id used
 * twice is a `duplicateId` error in `diags`; each open note is an {@link msg.openNote} warning at its list item.
 */
export function readNotes(parsed: Parsed<ReviewNote[]> | undefined, diags: DiagnosticList, warnings: Diagnostic[]): PlacedNote[] {
  if (parsed === undefined) return [];
  const seen = new Set<string>();
  const notes = parsed.data.map((note, i): PlacedNote => {
    if (seen.has(note.id)) diags.add(msg.duplicateId('note', note.id), parsed.y.locate([i, 'id']));
    seen.add(note.id);
    const anchorAt = Object.fromEntries(Object.keys(note.anchor).map((field) => [field, parsed.y.locate([i, 'anchor', field])]));
    return { ...note, at: parsed.y.locate([i]), anchorAt };
  });
  for (const n of notes) if (n.status === 'open') warnings.push(diagnostic(msg.openNote(n.id, n.author, n.text), n.at));
  return notes;
}

/**
 * What anchors may name, as the draft prints it: figure keys, metric row ids, risk ids, the sections listed
 * (each prose section with its number of top-level blocks, a built-in section with null), and the files of
 * the folder (relative path → number of lines).
 */
export interface NoteTargets {
  readonly figures: ReadonlySet<string>;
  readonly metrics: ReadonlySet<string>;
  readonly risks: ReadonlySet<string>;
  readonly sections: ReadonlyMap<string, number | null>;
  readonly files: ReadonlyMap<string, number>;
}

/**
 * The anchors of `notes` that name nothing in `targets`: an unknown figure, metric row, risk, section or file
 * ({@link msg.unknownNoteAnchor}, with a did-you-mean), or a paragraph or line past the end
 * ({@link msg.noteAnchorOutOfRange}), each at its anchor in review.yaml. Only open notes are checked: a
 * resolved note about something since removed is history, not a problem. The caller reports them as warnings
 * (the analyst may remove what a note asked about), which `--strict` fails like the open note itself.
 */
export function checkNoteAnchors(notes: readonly PlacedNote[], targets: NoteTargets): Diagnostic[] {
  const found: Diagnostic[] = [];
  const unknown = (n: PlacedNote, what: Parameters<typeof msg.unknownNoteAnchor>[1], name: string, known: Iterable<string>): void => {
    const field = what === 'metric row' ? 'metric' : what;
    found.push(diagnostic(msg.unknownNoteAnchor(n.id, what, name, suggestion(name, known)), n.anchorAt[field] ?? n.at));
  };
  for (const n of notes) {
    if (n.status !== 'open') continue;
    const a = n.anchor;
    if ('figure' in a) {
      if (!targets.figures.has(a.figure)) unknown(n, 'figure', a.figure, targets.figures);
    } else if ('metric' in a) {
      if (!targets.metrics.has(a.metric)) unknown(n, 'metric row', a.metric, targets.metrics);
    } else if ('risk' in a) {
      if (!targets.risks.has(a.risk)) unknown(n, 'risk', a.risk, targets.risks);
    } else if ('section' in a) {
      const blocks = targets.sections.get(a.section);
      if (blocks === undefined) unknown(n, 'section', a.section, targets.sections.keys());
      else if (a.paragraph !== undefined && a.paragraph > (blocks ?? 0)) found.push(diagnostic(msg.noteAnchorOutOfRange(n.id, 'paragraph', a.paragraph, `section "${a.section}"`, blocks ?? 0), n.anchorAt['paragraph'] ?? n.at));
    } else {
      const lines = targets.files.get(a.file);
      if (lines === undefined) unknown(n, 'file', a.file, targets.files.keys());
      else if (a.line > lines) found.push(diagnostic(msg.noteAnchorOutOfRange(n.id, 'line', a.line, a.file, lines), n.anchorAt['line'] ?? n.at));
    }
  }
  return found;
}

/**
 * The `data-key` of the element an anchor names (`figure:<key>`, `metric:<row>`, `risk:<id>`, `section:<id>`,
 * `prose:<section>:<n>`), or null for a `{file, line}` anchor, which the preview places by the file's contents.
 */
export function anchorKey(anchor: NoteAnchor): string | null {
  if ('figure' in anchor) return `figure:${anchor.figure}`;
  if ('metric' in anchor) return `metric:${anchor.metric}`;
  if ('risk' in anchor) return `risk:${anchor.risk}`;
  if ('section' in anchor) return anchor.paragraph === undefined ? `section:${anchor.section}` : `prose:${anchor.section}:${anchor.paragraph}`;
  return null;
}

/** Kinds of element key (`<kind>:<key>`) a note may be anchored to: the preview offers notes on these. */
export const NOTE_KEY_KINDS = ['figure', 'metric', 'risk', 'section', 'prose'] as const;

/**
 * The anchor of an element key, the inverse of {@link anchorKey}: what a note added in the preview on that
 * element is anchored to; undefined for keys of kinds a note cannot name (claims, charts, sources...).
 */
export function anchorOfKey(key: string): NoteAnchor | undefined {
  const m = new RegExp(`^(${NOTE_KEY_KINDS.join('|')}):(.+)$`, 's').exec(key);
  if (!m) return undefined;
  const [, kind, rest] = m as unknown as [string, string, string];
  if (kind === 'figure') return { figure: rest };
  if (kind === 'metric') return { metric: rest };
  if (kind === 'risk') return { risk: rest };
  if (kind === 'section') return { section: rest };
  const p = /^(.+):(\d+)$/.exec(rest);
  return p ? { section: p[1]!, paragraph: Number(p[2]) } : undefined;
}
