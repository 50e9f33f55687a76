/**
 * Side effects of a build behind an interface (Observable Framework's BuildEffects), so that tests can build
 * without a disk. Light on purpose: commands that only write files (`new`, `schema`) load nothing else.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Side effects of a build, so that tests can build without a disk. */
export interface BuildEffects {
  /**
   * Write whole files so that a reader sees the old contents or the new, never a part; when any file fails,
   * none is replaced (all are written aside first, then moved into place).
   */
  writeFiles(files: readonly { readonly path: string; readonly data: string | Uint8Array }[]): Promise<void>;
}

/**
 * Disk effects. Each file is written to a temp file beside its target (`.<name>.<pid>.<random>.tmp`) and
 * flushed to disk; only when every file is written are they renamed over their targets, so a reader sees
 * the old files or the new ones, never a part, and a failure (a full disk) replaces nothing. Temp files are
 * removed on error, and those of earlier processes killed outright are removed before writing.
 * (write-file-atomic 7 was used before; on a nearly full disk it renamed a short write into place, so the
 * write loop here is Node's own `FileHandle.writeFile`, which writes every byte or fails with ENOSPC.)
 */
export const diskEffects: BuildEffects = {
  async writeFiles(files) {
    const temps: { temp: string; target: string }[] = [];
    try {
      for (const { path: file, data } of files) {
        const dir = path.dirname(file);
        await mkdir(dir, { recursive: true });
        await removeStaleTempFiles(dir, path.basename(file));
        const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
        temps.push({ temp, target: file });
        const handle = await open(temp, 'wx', 0o644);
        try {
          await handle.writeFile(data);
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      for (const { temp, target } of temps) await rename(temp, target);
    } catch (e) {
      await Promise.all(temps.map(({ temp }) => rm(temp, { force: true })));
      throw e;
    }
  },
};

/** Remove temp files of `base` left by processes that no longer run (killed with SIGKILL mid-write). */
async function removeStaleTempFiles(dir: string, base: string): Promise<void> {
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await rm(path.join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

