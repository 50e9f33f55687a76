/**
 * Stage 1, reading: a briefing folder → {@link ContentFiles}, the text of each content file and nothing parsed,
 * so that tests and the preview can parse (`load.ts`) without touching the disk. Every file is read through
 * `src/files.ts`: nothing outside the folder is read.
 */
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { BriefingError, DiagnosticList } from '../errors.ts';
import { msg } from '../messages.ts';
import { listFolder, MAX_FILE_BYTES, readInside, type ReadResult } from '../files.ts';
import { REVIEW_FILE } from './review.ts';

/** Most content files open for reading at once. */
const READ_AHEAD = 16;
/** Most content files read from one briefing folder. */
export const MAX_FILES = 2000;

/**
 * The raw files of one briefing folder: `dir` as the user named it, and each file's text keyed by its path
 * relative to `dir` with forward slashes (`companies/novo-nordisk.yaml`).
 */
export interface ContentFiles {
  readonly dir: string;
  readonly files: ReadonlyMap<string, string>;
}

/**
 * How long after a file last changed its status may not show a further change (timestamps coarser than
 * nanoseconds, up to the 2 s of FAT): a file read within this of its change is not kept (git's "racy" rule).
 */
const RACY_NS = 2_000_000_000n;

/**
 * Content files read in earlier runs, kept by a long-lived caller (the preview's render context) with the
 * status the file had just before it was read (device, inode, size, change and modification times in ns, as
 * `lstat` gives them): a regular file whose status is unchanged is not opened again, so a preview edit of a
 * 1,000-file briefing opens the file that changed, not every file. A link is always read through
 * {@link readInside}, and a file changed less than {@link RACY_NS} before it was read is not kept. One entry
 * per path, so it holds at most one version of each file, as the parse cache does. On a network file system
 * that caches attributes (NFS, virtiofs), a change shows once the cached status expires (seconds at most).
 */
export class KnownFiles {
  private readonly entries = new Map<string, { readonly status: string; readonly text: string }>();

  private readonly racyNs: bigint;

  /** @param racyNs a file read within this many ns of its last change is not kept (default {@link RACY_NS}). */
  constructor(racyNs: bigint = RACY_NS) {
    this.racyNs = racyNs;
  }

  /** Files kept. */
  get size(): number {
    return this.entries.size;
  }

  /** `rel` of `dir`, from the kept entry when the file's status is unchanged, else through {@link readInside}. */
  async read(dir: string, rel: string): Promise<ReadResult | undefined> {
    const file = path.join(dir, rel);
    const now = BigInt(Date.now()) * 1_000_000n;
    const info = await lstat(file, { bigint: true }).catch(() => undefined);
    const status = info?.isFile() ? `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}` : undefined;
    const kept = this.entries.get(file);
    if (status !== undefined && kept?.status === status) return { text: kept.text };
    const result = await readInside(dir, rel, MAX_FILE_BYTES);
    // Settled when neither time is within racyNs of the moment before the status was taken.
    const settled = info !== undefined && info.ctimeNs < now - this.racyNs && info.mtimeNs < now - this.racyNs;
    if (status !== undefined && settled && result !== undefined && 'text' in result) this.entries.set(file, { status, text: result.text });
    else this.entries.delete(file);
    return result;
  }
}

/** The content files of one sub-folder of a briefing (`''` for its top level), by name. */
function isContentName(sub: string, name: string): boolean {
  return /\.(ya?ml|md)$/.test(name) || (sub === 'charts' && name.endsWith('.vl.json')) || (sub === 'data' && /\.(csv|json)$/.test(name));
}

/**
 * Read every `.yaml`/`.yml`/`.md` file of a briefing folder (top level, `companies/`, `sections/`,
 * `charts/`, where `.vl.json` chart specs are read too, and `data/` with `.csv` and `.json`), through
 * {@link readInside}: nothing outside the folder is read.
 * @param known files read in earlier runs (the preview's): an unchanged one is not opened again.
 * @throws BriefingError `missingFile` when `dir` or its `briefing.yaml` does not exist; `fileTooLarge` past
 *   {@link MAX_FILE_BYTES} or {@link MAX_FILES}; `symlink` for a link leading out of the folder; `encoding` for
 *   a file that is not UTF-8 (at its first bad line) or a name that cannot be shown as text.
 */
export async function readContentFiles(dir: string, known?: KnownFiles): Promise<ContentFiles> {
  const files = new Map<string, string>();
  const readAhead = pLimit(READ_AHEAD);
  const diags = new DiagnosticList();
  const settingsPath = path.join(dir, 'briefing.yaml');
  if (!(await lstat(settingsPath).then(() => true, () => false))) throw BriefingError.of(msg.noBriefing(settingsPath), { file: dir });
  for (const sub of ['', 'companies', 'sections', 'charts', 'data']) {
    // A folder that is a symbolic link could lead anywhere on the host: it is not read.
    if (sub !== '' && (await lstat(path.join(dir, sub)).catch(() => undefined))?.isSymbolicLink()) {
      diags.add(msg.symlinkedFolder(sub), { file: path.join(dir, sub) });
      continue;
    }
    const rels: string[] = [];
    for (const { name, shown } of await listFolder(dir, sub)) {
      if (name === undefined) diags.add(msg.badFileName(shown), { file: path.join(dir, sub) });
      else if (isContentName(sub, name)) rels.push(sub === '' ? name : `${sub}/${name}`);
    }
    if (files.size + rels.length > MAX_FILES) {
      diags.add(msg.tooManyFiles(MAX_FILES), { file: dir });
      break;
    }
    // Read a folder's files together (at most READ_AHEAD open at a time), then keep them in order.
    const read = await Promise.all(rels.map((rel) => readAhead(async () => ({ rel, result: await (known === undefined ? readInside(dir, rel, MAX_FILE_BYTES) : known.read(dir, rel)) }))));
    for (const { rel, result } of read) {
      if (result === undefined) continue;
      if ('text' in result) files.set(rel, result.text);
      else diags.add(result.refused, { file: path.join(dir, rel), line: result.line });
    }
  }
  diags.throwIfAny();
  return { dir, files };
}

/** Content files that do not print (review notes): they change no build, so the content hash leaves them out. */
export const NOT_PRINTED: ReadonlySet<string> = new Set([REVIEW_FILE]);

/**
 * The SHA-256 (hex) of a briefing's content as a build reads it: each content file's path and text, in path
 * order, review notes left out ({@link NOT_PRINTED}). A build records it in its manifest entry as
 * `contentSha256`; `approve` compares it with the folder's content now.
 */
export function contentDigest(content: ContentFiles): string {
  const hash = createHash('sha256');
  for (const rel of [...content.files.keys()].sort()) {
    if (NOT_PRINTED.has(rel)) continue;
    hash.update(`${rel}\0${content.files.get(rel)!}\0`);
  }
  return hash.digest('hex');
}
