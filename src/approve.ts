/**
 * The approved version of a briefing (#26): `briefing approve <dir>` records the briefing's last build, as its
 * `<out>/manifest.json` describes it, in `<dir>/approved.json`, which lives with the content so that it is
 * committed and CI keeps it. `build` and `preview` compare with it when no `--since` is given.
 *
 * ```
 * <out>/manifest.json ─► the briefing's entry (by id) ─► fresh? (content hash, else mtimes) ─► approved.json
 * <dir>/approved.json ─► readInside (size-limited) ─► JSON ─► zod ─► ApprovedVersion (a located BR196 when bad)
 * ```
 * approved.json: `{ "approved": "<ISO instant>", "manifest": <the briefing's manifest entry without its
 * values, with the manifest's built and generator>, "snapshot": <the Snapshot it printed> }`.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { contentDigest, NOT_PRINTED, readContentFiles, type ContentFiles } from './content/read.ts';
import { parseValidated } from './content/validate.ts';
import { diskEffects, MANIFEST_FILE, withWriteError, type BuildEffects } from './effects.ts';
import { BriefingError, DiagnosticList, diagnostic, firstLine } from './errors.ts';
import { MAX_FILE_BYTES, readInside } from './files.ts';
import { msg } from './messages.ts';
import type { Snapshot } from './metrics/changes.ts';

/** The approved version's file name, in the briefing folder. */
export const APPROVED_FILE = 'approved.json';
/**
 * Largest approved.json read, in bytes: a snapshot of a hundred companies is well under 1 MB, and the file comes
 * with the (untrusted) briefing folder, so its parse and validation stay small.
 */
export const MAX_APPROVED_BYTES = 4 * 1024 * 1024;
/** Largest build manifest `approve` reads, in bytes (a batch's manifest lists every briefing it built). */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The id a briefing folder's briefing.yaml gives, read without validating anything else; undefined if unreadable. */
export async function peekBriefingId(dir: string): Promise<string | undefined> {
  const read = await readInside(dir, 'briefing.yaml', MAX_FILE_BYTES).catch(() => undefined);
  return read === undefined || !('text' in read) ? undefined : idOfSettings(read.text);
}

/** The id the text of a briefing.yaml gives, read without validating the rest; undefined when it gives none. */
function idOfSettings(text: string): string | undefined {
  try {
    const id = (parse(text, { maxAliasCount: 0 }) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}


const text = z.string();
const recorded = z.object({
  label: text,
  amount: z.object({ unit: text, low: z.number(), high: z.number(), qualifier: z.enum(['about', 'at-least', 'at-most']).optional() }),
  text,
  sources: z.array(text),
});
/** A snapshot as a build records it (src/metrics/changes.ts `Snapshot`); the kinds of #26 may be absent. */
const snapshotSchema = z.object({
  id: text,
  asOf: text,
  locale: text.optional(),
  figures: z.record(text, recorded),
  metrics: z.record(text, recorded),
  claims: z.record(text, z.object({ statement: text, verdict: text })),
  conflicts: z.record(text, z.object({ label: text, verdict: text })),
  built: text.optional(),
  risks: z.record(text, z.object({ title: text, likelihood: z.number(), impact: z.number(), description: text })).optional(),
  takeaways: z.record(text, z.object({ stakeholder: text, text, stance: text })).optional(),
  charts: z.record(text, z.object({ title: text, rows: z.array(z.object({ label: text, value: text })) })).optional(),
  sources: z.record(text, z.object({ publisher: text, title: text, date: text.nullable(), url: text.nullable() })).optional(),
  prose: z.record(text, z.object({ title: text, blocks: z.array(text) })).optional(),
  sections: z.array(text).optional(),
});
const instant = z.iso.datetime({ offset: true });
/** approved.json. Unknown fields are let through (a later version may add some) and dropped. */
const approvedSchema = z.object({
  approved: instant,
  manifest: z.looseObject({ id: text, dir: text, built: instant.optional() }),
  snapshot: snapshotSchema,
});

/** An approved version as read from a briefing's approved.json. */
export interface ApprovedVersion {
  /** The approved.json it was read from. */
  readonly file: string;
  /** When it was approved (ISO 8601 instant). */
  readonly approved: string;
  /** The manifest entry of the approved build (files, pages, warnings, ...), with the manifest's `built` and `generator`. */
  readonly manifest: Readonly<Record<string, unknown>> & { readonly id: string; readonly dir: string; readonly built?: string | undefined };
  /** What the approved build printed, with `approved` (and `built` when the manifest recorded it) set. */
  readonly snapshot: Snapshot;
}

/**
 * The approved version of a briefing folder, or undefined when it has no approved.json.
 * @throws BriefingError (BR196, `schema`) at the file, line and column of what is wrong when approved.json is
 *   not JSON or not an approved version; the reader's refusal (too large, a link leading out, not UTF-8).
 */
export async function readApproved(dir: string): Promise<ApprovedVersion | undefined> {
  const file = path.join(dir, APPROVED_FILE);
  const read = await readInside(dir, APPROVED_FILE, MAX_APPROVED_BYTES);
  if (read === undefined) return undefined;
  if (!('text' in read)) throw BriefingError.of(read.refused, { file, ...(read.line !== undefined ? { line: read.line } : {}) });
  let data: z.output<typeof approvedSchema> | undefined;
  let syntax: string | undefined;
  try {
    data = approvedSchema.safeParse(JSON.parse(read.text)).data;
  } catch (e) {
    syntax = firstLine(e);
  }
  // Only a bad file pays for a parse with positions (JSON is YAML), which locates each problem.
  if (data === undefined) throw approvedProblems(file, read.text, syntax);
  const snapshot = { ...data.snapshot, approved: data.approved, ...(data.manifest.built !== undefined ? { built: data.manifest.built } : {}) } as Snapshot;
  return { file, approved: data.approved, manifest: data.manifest, snapshot };
}

/**
 * Each problem of a bad approved.json as BR196, at its line and column.
 * @param syntax JSON.parse's complaint, when it had one (said as it is when the positioned parse finds nothing).
 */
function approvedProblems(file: string, source: string, syntax: string | undefined): BriefingError {
  const diags = new DiagnosticList();
  parseValidated(file, source, approvedSchema, diags, undefined);
  const located = diags.items.map((d) => diagnostic(msg.approvedProblem(d.message), { file, line: d.line, column: d.column, path: d.path }));
  return new BriefingError(located.length > 0 ? located : [diagnostic(msg.approvedProblem(syntax), { file })]);
}

/** What {@link approveBriefing} recorded. */
export interface Approval {
  readonly id: string;
  /** The approved.json written. */
  readonly file: string;
  /** When it was approved (ISO 8601 instant, to the second). */
  readonly approved: string;
  /** The manifest the approved build was read from, and when that build ran (null when it does not say). */
  readonly manifestFile: string;
  readonly built: string | null;
  /** The content hash of the approved build, or null for a manifest that records none (then its time was compared). */
  readonly contentSha256: string | null;
  readonly snapshot: Snapshot;
}

/** Options of {@link approveBriefing}. */
export interface ApproveOptions {
  /** The output folder of the build to approve (default `output`, as `build`). */
  readonly outDir?: string;
  /** Where approved.json is written (default: the disk, atomically). */
  readonly effects?: BuildEffects;
  /** The approval's instant (default: now). */
  readonly now?: () => Date;
}

/** A build manifest as `approve` reads it: what it needs of each briefing's entry. */
const manifestSchema = z.object({
  built: z.string().optional(),
  generator: z.string().optional(),
  draft: z.boolean().optional(),
  briefings: z.array(z.looseObject({ dir: text, id: text.nullable(), ok: z.boolean(), values: z.unknown(), contentSha256: text.optional() })),
});
type ManifestEntry = z.output<typeof manifestSchema>['briefings'][number];

/**
 * Record the last build of the briefing in `dir` (its entry in `<outDir>/manifest.json`) as the approved version,
 * in `<dir>/approved.json`, written atomically.
 * @throws BriefingError: the content's errors when the folder cannot be read; BR309 when the folder has no
 *   manifest or it no entry of the briefing; BR301 when the manifest cannot be read; BR311 when that build failed
 *   or recorded no values; BR314 when it was a `--draft` build; BR310 when the content changed after the build (its content hash differs, or for a
 *   manifest without one, a content file is newer than the manifest); `write` when approved.json cannot be written.
 */
export async function approveBriefing(dir: string, options: ApproveOptions = {}): Promise<Approval> {
  const outDir = options.outDir ?? 'output';
  const manifestFile = path.join(outDir, MANIFEST_FILE);
  const content = await readContentFiles(dir);
  const id = idOfSettings(content.files.get('briefing.yaml') ?? '') ?? path.basename(path.resolve(dir));
  const manifest = await readManifest(outDir, manifestFile, id);
  const entry = manifest.briefings.find((b) => b.id === id) ?? manifest.briefings.find((b) => b.id === null && path.resolve(b.dir) === path.resolve(dir));
  if (entry === undefined) throw BriefingError.of(msg.noBuildToApprove(id), { file: manifestFile });
  const values = snapshotSchema.safeParse(entry.values);
  if (!entry.ok || !values.success || values.data.id !== id) throw BriefingError.of(msg.failedBuildToApprove(id), { file: manifestFile });
  // A draft carries its mark on every page: the approved version is a build without one.
  if (manifest.draft === true) throw BriefingError.of(msg.draftBuildToApprove(id), { file: manifestFile });
  await assertFresh(dir, content, entry, manifestFile, id);
  const approved = (options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { values: _recorded, ...rest } = entry;
  const record = { approved, manifest: { ...rest, built: manifest.built ?? null, generator: manifest.generator ?? null }, snapshot: values.data };
  const file = path.join(dir, APPROVED_FILE);
  await withWriteError([file], { file }, () => (options.effects ?? diskEffects).writeFiles([{ path: file, data: `${JSON.stringify(record, null, 2)}\n` }]));
  return { id, file, approved, manifestFile, built: manifest.built ?? null, contentSha256: entry.contentSha256 ?? null, snapshot: values.data as Snapshot };
}

/** `<outDir>/manifest.json`, read and checked for what `approve` needs. @throws BR309 when missing, BR301 when unreadable. */
async function readManifest(outDir: string, manifestFile: string, id: string): Promise<z.output<typeof manifestSchema>> {
  const read = await readInside(outDir, MANIFEST_FILE, MAX_MANIFEST_BYTES).catch(() => undefined);
  if (read === undefined) throw BriefingError.of(msg.noBuildToApprove(id), { file: manifestFile });
  if (!('text' in read)) throw BriefingError.of(read.refused, { file: manifestFile });
  try {
    return manifestSchema.parse(JSON.parse(read.text));
  } catch (e) {
    throw BriefingError.of(msg.noRecordedValues(manifestFile), { file: manifestFile }, e);
  }
}

/**
 * Refuse a build older than its content: the content hash the build recorded differs from the folder's now, or,
 * for a manifest that records none, a content file was modified after the manifest was written. The message
 * names the content file modified last.
 */
async function assertFresh(dir: string, content: ContentFiles, entry: ManifestEntry, manifestFile: string, id: string): Promise<void> {
  const times = await Promise.all(
    [...content.files.keys()].filter((rel) => !NOT_PRINTED.has(rel)).map(async (rel) => ({ rel, time: (await stat(path.join(dir, rel))).mtimeMs })),
  );
  const newest = times.reduce((a, b) => (b.time > a.time ? b : a), { rel: 'briefing.yaml', time: 0 });
  const stale = entry.contentSha256 !== undefined ? entry.contentSha256 !== contentDigest(content) : newest.time > (await stat(manifestFile)).mtimeMs;
  if (stale) throw BriefingError.of(msg.buildOlderThanContent(id, manifestFile), { file: path.join(dir, newest.rel) });
}
