/**
 * Side effects of a build behind an interface (Observable Framework's BuildEffects), so that tests can build
 * without a disk. Light on purpose: commands that only write files (`new`, `schema`) load nothing else.
 *
 * ## A build's outputs are one set
 *
 * A build run writes `<out>/<id>.pdf` and `<out>/<id>.html` for each briefing, and `<out>/manifest.json`
 * (with `changes.json` and `changes.md` under `--since`), which records every file's SHA-256. These go in
 * place together or not at all ({@link diskEffects}' `openOutputSet`), so that `manifest.json` always
 * describes the files beside it:
 *
 * ```
 * stage (each briefing, as it finishes)     commit (once, at the end of the run, under the folder's lock)
 * ───────────────────────────────────────   ──────────────────────────────────────────────────────────────
 * 1 refuse a folder at a target path        4 take <out>/.briefing.lock (wait for a live holder; break a dead one's)
 * 2 write .<name>.<pid>.<hex>.tmp beside    5 recover: roll forward a killed commit's journal; remove the temp
 *   its target, fsync                          files of processes that no longer run
 *                                           6 refuse a folder at any target path; write the index's temps
 * (a failure fails that briefing only;      7 write the journal .briefing-commit.json (temp, fsync, rename):
 *  its temps are removed)                      ══ the commit point ══
 *                                           8 delete the old manifest.json (and changes files)
 *                                           9 rename every output temp over its target, then the index's
 *                                             temps (manifest.json last); fsync the folder
 *                                          10 delete the journal; release the lock
 * ```
 *
 * A SIGKILL between any two steps leaves, before the next build:
 * - before 7: the old set, whole (its manifest matches its files), and temp files that the next build
 *   removes (step 5: their pid is in their name and no longer runs);
 * - between 7 and 8: the old set, whole, and a journal;
 * - between 8 and the last rename of 9: no manifest.json (so nothing claims a file it does not describe)
 *   and a journal; the next build's step 5 finishes the renames from the temps the journal names;
 * - after 9: the new set, whole, and a journal whose temps are gone (step 5 deletes it).
 *
 * A commit whose renames fail part-way (a folder appeared at a target after step 6) removes the temps it
 * has not renamed, never puts the manifest in place, and throws {@link msg.commitIncomplete}.
 *
 * Two builds into one folder render at the same time and commit one after the other, under
 * proper-lockfile's lock `.briefing.lock/` ({@link withLock}): a killed build's lock is stale after
 * {@link LOCK_STALE_MS}. A build waits {@link LOCK_WAIT_MS} for another build's commit, then fails with
 * {@link msg.outputLocked}. The last build to commit wins, whole.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { BriefingError, type Place } from './errors.ts';
import { msg, problem } from './messages.ts';
import { processIsRunning } from './process.ts';

/** The name of a run's manifest in its output folder: put in place last, with the run's files. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * The manifest a command line names: `source` itself when it names a `.json` file, else the manifest in the
 * output folder `source` (what `--since` and `merge` take).
 */
export function manifestFileOf(source: string): string {
  return source.endsWith('.json') ? source : path.join(source, MANIFEST_FILE);
}

/** A whole file to write: its path and its contents (a string is written as UTF-8). */
export interface FileWrite {
  readonly path: string;
  readonly data: string | Uint8Array;
}

/** Side effects of a build, so that tests can build without a disk. */
export interface BuildEffects {
  /**
   * Write whole files so that a reader sees the old contents or the new, never a part; when any file fails,
   * none is replaced (all are written aside first, then moved into place).
   */
  writeFiles(files: readonly FileWrite[]): Promise<void>;
  /**
   * A build's output set in folder `dir` (see the module docs). Optional: effects without it get
   * {@link outputSetOf}'s in-memory set, which keeps the staged files and writes everything with one
   * {@link writeFiles} call at the commit.
   */
  openOutputSet?(dir: string): OutputSet;
}

/**
 * The files one build run writes into one folder, put in place together: {@link stage} each briefing's
 * outputs as they are made, then {@link commit} them with the run's index (manifest.json), or
 * {@link discard} them.
 */
export interface OutputSet {
  /** The output folder. */
  readonly dir: string;
  /**
   * Write files aside, nothing replaced yet. Every path is in {@link dir}.
   * @throws BriefingError (`write`) when a target path is a folder; the file system's error (EROFS, EACCES,
   *   ENOSPC...) when a file cannot be written. None of these files stays staged then.
   */
  stage(files: readonly FileWrite[]): Promise<void>;
  /**
   * Put every staged file and then `index` (its last file is the manifest) in place as one set.
   * @throws BriefingError (`write`) when a target is a folder or the folder stays locked (nothing replaced),
   *   or when renames fail part-way ({@link msg.commitIncomplete}); the file system's error otherwise
   *   (nothing replaced).
   */
  commit(index: readonly FileWrite[]): Promise<void>;
  /**
   * Drop every staged file and, when nothing was committed, tidy what killed builds left in the folder (best
   * effort; never throws). Does nothing after {@link commit}.
   */
  discard(): Promise<void>;
}

/** The output set of `effects` in `dir`: its own, or one kept in memory and written with `writeFiles`. */
export function outputSetOf(effects: BuildEffects, dir: string): OutputSet {
  if (effects.openOutputSet) return effects.openOutputSet(dir);
  let staged: FileWrite[] = [];
  return {
    dir,
    stage: async (files) => void staged.push(...files),
    commit: async (index) => {
      const files = [...staged, ...index];
      staged = [];
      await effects.writeFiles(files);
    },
    discard: async () => void (staged = []),
  };
}

/**
 * Run `write` (writing, staging or committing `paths`) and fail as users see a failed write: a BriefingError
 * from the effects as it is; any other error as {@link msg.cannotWrite}, its cause in plain words
 * ({@link problem.fileSystem}), located at `place`. Every writer of outputs goes through this one.
 * @throws BriefingError (`write`) when `write` rejects.
 */
export async function withWriteError(paths: readonly string[], place: Place, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    if (e instanceof BriefingError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw BriefingError.of(msg.cannotWrite(paths, problem.fileSystem(err?.code, err?.message ?? String(e))), place, e);
  }
}

/** The lock folder of an output folder. */
export const LOCK_NAME = '.briefing.lock';
/** The journal of a commit under way (see the module docs). */
export const JOURNAL_NAME = '.briefing-commit.json';
/** How long a build waits for another live build's lock on its output folder, in ms. */
export const LOCK_WAIT_MS = 120_000;
/** A lock its holder has not refreshed for this long (ms) is stale: its build was killed. */
export const LOCK_STALE_MS = 10_000;
/** How often a holder refreshes its lock, in ms. */
const LOCK_UPDATE_MS = 2_000;
/** How often a waiting build tries the lock again, in ms. */
const LOCK_RETRY_MS = 100;

/** A staged file: its temp file and target, both absolute. */
interface Move {
  readonly temp: string;
  readonly target: string;
}

/**
 * Disk effects. `writeFiles` writes each file to a temp file beside its target (`.<name>.<pid>.<random>.tmp`),
 * flushed to disk; only when every file is written are they renamed over their targets, so a reader sees
 * the old files or the new ones, never a part, and a failure (a full disk, a folder at a target) replaces
 * nothing. Temp files are removed on error, and those of processes killed outright are removed before
 * writing. `openOutputSet` is the journaled set of the module docs.
 * (write-file-atomic 7 was used before; on a nearly full disk it renamed a short write into place, so the
 * write loop here is Node's own `FileHandle.writeFile`, which writes every byte or fails with ENOSPC.)
 */
export const diskEffects: BuildEffects = {
  async writeFiles(files) {
    await assertReplaceable(files.map((f) => f.path));
    for (const dir of new Set(files.map((f) => path.dirname(f.path)))) {
      await makeDir(dir);
      await removeDeadTemps(dir);
    }
    const moves = await writeTemps(files);
    try {
      for (const { temp, target } of moves) await rename(temp, target);
    } catch (e) {
      await removeTemps(moves);
      throw e;
    }
  },
  openOutputSet: (dir) => diskOutputSet(dir),
};

/** The journaled output set of the module docs, in folder `dir`. */
function diskOutputSet(dir: string): OutputSet {
  let staged: Move[] = [];
  let committed = false;
  return {
    dir,
    async stage(files) {
      await assertReplaceable(files.map((f) => f.path));
      await makeDir(dir);
      staged.push(...(await writeTemps(files)));
    },
    async commit(index) {
      const outputs = staged;
      staged = [];
      committed = true;
      try {
        await makeDir(dir);
        await withLock(dir, async () => {
          await recover(dir);
          await commitLocked(dir, outputs, index);
        });
      } catch (e) {
        await removeTemps(outputs);
        throw e;
      }
    },
    async discard() {
      const outputs = staged;
      staged = [];
      await removeTemps(outputs);
      if (committed || !(await exists(dir))) return;
      // Tidy what killed builds left, unless another build holds the folder (it tidies it then).
      await withLock(dir, () => recover(dir), 0).catch(() => undefined);
    },
  };
}

/** Steps 6–10 of the module docs, the lock held. */
async function commitLocked(dir: string, outputs: readonly Move[], index: readonly FileWrite[]): Promise<void> {
  await assertReplaceable([...outputs.map((m) => m.target), ...index.map((f) => f.path)]);
  const indexMoves = await writeTemps(index);
  const journal: Journal = { pid: process.pid, outputs: outputs.map((m) => relative(dir, m)), index: indexMoves.map((m) => relative(dir, m)) };
  try {
    await writeJournal(dir, journal);
  } catch (e) {
    await removeTemps(indexMoves);
    throw e;
  }
  try {
    await applyJournal(dir, journal);
  } catch (e) {
    await abandonJournal(dir, journal);
    throw BriefingError.of(msg.commitIncomplete(dir, problem.fileSystem((e as NodeJS.ErrnoException).code, (e as Error).message)), { file: dir }, e);
  }
}

/** A commit's journal: the temp and target names (relative to the folder) of its outputs and of its index. */
interface Journal {
  readonly pid: number;
  readonly outputs: readonly Move[];
  readonly index: readonly Move[];
}

/** `m` with names relative to `dir`. */
function relative(dir: string, m: Move): Move {
  return { temp: path.relative(dir, m.temp), target: path.relative(dir, m.target) };
}

/** Step 7: the journal, written aside, flushed, and renamed into place (the commit point). */
async function writeJournal(dir: string, journal: Journal): Promise<void> {
  const [move] = await writeTemps([{ path: path.join(dir, JOURNAL_NAME), data: JSON.stringify(journal) }]);
  await rename(move!.temp, move!.target);
  await syncDir(dir);
}

/**
 * Steps 8–10, also how a later build rolls a killed commit forward: a move whose temp file is gone was made.
 * While any index file is still a temp, its target is deleted first, so no manifest describes a part-done set.
 * @throws the file system's error of a rename; the journal stays.
 */
async function applyJournal(dir: string, journal: Journal): Promise<void> {
  const at = (name: string): string => path.join(dir, name);
  const index = [];
  for (const m of journal.index) if (await exists(at(m.temp))) index.push(m);
  for (const m of index) await rm(at(m.target), { force: true });
  for (const m of journal.outputs) if (await exists(at(m.temp))) await rename(at(m.temp), at(m.target));
  for (const m of index) await rename(at(m.temp), at(m.target));
  await syncDir(dir);
  await rm(at(JOURNAL_NAME), { force: true });
}

/** A journal that cannot be rolled forward: its index is never put in place, its temps and itself are removed. */
async function abandonJournal(dir: string, journal: Journal): Promise<void> {
  await removeTemps([...journal.index, ...journal.outputs].map((m) => ({ temp: path.join(dir, m.temp) })));
  await rm(path.join(dir, JOURNAL_NAME), { force: true }).catch(() => undefined);
}

/**
 * A journal's text read back, or undefined when it is not one this module wrote: every move a pair of plain
 * file names in the folder (no separators, so no rename can reach outside it).
 */
function journalOf(text: string): Journal | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const name = (n: unknown): boolean => typeof n === 'string' && n !== '' && n === path.basename(n) && n !== '..';
  const moves = (ms: unknown): boolean => Array.isArray(ms) && ms.every((m) => typeof m === 'object' && m !== null && name(m.temp) && name(m.target));
  const j = value as Partial<Journal> | null;
  return j !== null && typeof j === 'object' && moves(j.outputs) && moves(j.index) ? (j as Journal) : undefined;
}

/** Step 5: roll forward the journal a killed commit left (best effort), then remove dead processes' temps. */
async function recover(dir: string): Promise<void> {
  const text = await readFile(path.join(dir, JOURNAL_NAME), 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const journal = journalOf(text);
    if (journal === undefined) await rm(path.join(dir, JOURNAL_NAME), { force: true }).catch(() => undefined);
    else await applyJournal(dir, journal).catch(() => abandonJournal(dir, journal));
  }
  await removeDeadTemps(dir);
}

/**
 * Refuse a folder at any target path, before anything is written or replaced.
 * @throws BriefingError ({@link msg.targetIsFolder}).
 */
async function assertReplaceable(targets: readonly string[]): Promise<void> {
  for (const target of targets) {
    const info = await lstat(target).catch(() => undefined);
    if (info?.isDirectory()) throw BriefingError.of(msg.targetIsFolder(target), { file: target });
  }
}

/** Write each file to a flushed temp file beside its target; on failure none stays and the error is thrown. */
async function writeTemps(files: readonly FileWrite[]): Promise<Move[]> {
  const moves: Move[] = [];
  try {
    for (const { path: file, data } of files) {
      const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      moves.push({ temp, target: file });
      const handle = await open(temp, 'wx', 0o644);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    return moves;
  } catch (e) {
    await removeTemps(moves);
    throw e;
  }
}

/** Remove temp files (best effort). */
async function removeTemps(moves: readonly Pick<Move, 'temp'>[]): Promise<void> {
  await Promise.all(moves.map(({ temp }) => rm(temp, { force: true, recursive: true }).catch(() => undefined)));
}

/**
 * Make `dir` and its parents. Node's recursive mkdir says ENOENT when a parent cannot be made (a read-only
 * file system): then each missing level is made in turn, so that the error names the real cause.
 * @throws the file system's error (EROFS, EACCES, ENOTDIR...).
 */
async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    const missing: string[] = [];
    for (let d = dir; !(await exists(d)) && path.dirname(d) !== d; d = path.dirname(d)) missing.unshift(d);
    for (const d of missing) await mkdir(d);
    throw e;
  }
}

/** True when something (a file, folder or link) is at `file`. */
async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** Flush a folder's entries (renames) to disk; not every platform can, so failures are ignored. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

/** Temp files and set-aside locks: `.<name>.<pid>.<hex>.tmp`. */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;

/** Remove the temp files in `dir` of processes that no longer run (killed with SIGKILL mid-write). */
async function removeDeadTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid || processIsRunning(pid)) continue;
    await rm(path.join(dir, name), { force: true, recursive: true }).catch(() => undefined);
  }
}

/**
 * Run `work` holding `dir`'s lock (see the module docs), waiting up to `waitMs` for another build's commit.
 * The lock is proper-lockfile's: a folder made with an exclusive `mkdir`, its mtime refreshed every
 * {@link LOCK_UPDATE_MS} while held; one not refreshed for {@link LOCK_STALE_MS} (its build was killed) is
 * taken over. A commit holds it for milliseconds, and what it does is journaled, so a lock lost to a holder
 * stalled past the stale time (`onCompromised`) costs nothing the next build does not repair.
 * @throws BriefingError ({@link msg.outputLocked}) when it stays locked; the file system's error when the
 *   lock cannot be made; whatever `work` throws.
 */
export async function withLock<T>(dir: string, work: () => Promise<T>, waitMs: number = LOCK_WAIT_MS): Promise<T> {
  const lockfilePath = path.join(dir, LOCK_NAME);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath,
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
      retries: { retries: Math.ceil(waitMs / LOCK_RETRY_MS), factor: 1, minTimeout: LOCK_RETRY_MS, maxTimeout: LOCK_RETRY_MS },
      onCompromised: () => undefined,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED') throw BriefingError.of(msg.outputLocked(dir, Math.round(waitMs / 1000)), { file: lockfilePath });
    throw e;
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}
