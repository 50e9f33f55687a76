/** Processes on this host, by pid: a leaf that the output set (src/effects.ts) and Chromium's profiles (src/pdf/chromium.ts) share. */

/**
 * True when a process with this pid runs on this host (one we may not signal counts: `EPERM`). Used to tell
 * the temp files and profiles of killed processes, whose pid is in their name, from those of live ones.
 */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
