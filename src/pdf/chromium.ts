/**
 * The Chromium process that prints, started apart from puppeteer. Chromium needs about 0.4 s to start; a
 * build starts it first thing, with nothing but Node's own modules loaded, and connects puppeteer to it
 * (src/pdf/browser.ts) once puppeteer and the content code have loaded, so that the start overlaps them.
 *
 * The process talks DevTools over a pipe (fds 3 and 4), runs with a fresh temporary profile, and leads its
 * own process group, so that {@link ChromiumProcess.kill} ends it with its renderers at once. It dies with
 * this process: killed, and its profile deleted, when this process exits (the CLI turns Ctrl-C and SIGTERM
 * into an exit); after a SIGKILL of this process Chromium quits by itself when the pipe closes, and only
 * its profile stays in the temp folder, until the next Chromium started here removes it: a profile is named
 * `briefing-chromium-<pid>-XXXXXX` after the process that owns it, and those of pids that no longer run are
 * deleted ({@link removeDeadProfiles}); a live build's never are.
 *
 * Why not puppeteer-core's own `launch()`, which speaks the same pipe: it can only spawn once puppeteer-core
 * (and, in a build, the engine) has loaded, so Chromium's start no longer overlaps them. Measured against a
 * variant that launches with `puppeteer.launch({ pipe: true })` (same flags, same PDF bytes), on the sample
 * `ai-ipo-2026`, whole process, the two alternating, medians, on the 2-core machine of docs/performance.md
 * (December 2026): a cached nightly build 1.67 s against 1.72 s (pair ratio 0.96, 20 pairs), a `--no-cache`
 * build 2.98 s against 3.06 s (0.98, 12 pairs); CPU time the same (0.98–0.99). It pays ~50–80 ms, all of
 * it overlap, for this module and `pipeTransport` in src/pdf/browser.ts: measure again before changing either.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { processIsRunning } from '../process.ts';

/**
 * Flags for headless printing. The background-networking flags stop Chromium from calling home
 * (ENGINEERING.md §1); `--no-sandbox` is added only when running as root, where the sandbox cannot start.
 * `--enable-low-end-device-mode` makes Chromium keep its memory small: a 1,000-company briefing peaks at
 * 2.1–2.3 GiB of Pss instead of 3.0 GiB and builds ~15 % slower; the sample and a 20-briefing batch build in
 * the same time within the noise (0.96–1.03×); every PDF is byte for byte the same (docs/performance.md,
 * "Chromium's memory while it prints").
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--font-render-hinting=none',
  '--enable-low-end-device-mode',
] as const;

/**
 * The flags puppeteer-core's `launch()` adds for a headless browser (`puppeteer.defaultArgs()`, less the
 * ones {@link CHROMIUM_ARGS} has and the profile), written out because the process starts before puppeteer
 * loads. test/unit/chromium.test.ts fails when an upgrade of puppeteer-core changes them.
 */
export const AUTOMATION_ARGS = [
  '--allow-pre-commit-input',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes',
  '--enable-features=PdfOopif',
  '--hide-scrollbars',
  '--mute-audio',
] as const;

/** A started Chromium: its executable, the DevTools pipe, and how to end it. */
export interface ChromiumProcess {
  readonly executablePath: string;
  readonly child: ChildProcess;
  /** DevTools pipe: commands are written to `input` (fd 3), replies and events read from `output` (fd 4). */
  readonly input: Writable;
  readonly output: Readable;
  /** The last lines Chromium wrote to stderr (at most 20), for an error when it fails to start. */
  stderrTail(): string;
  /**
   * Resolves once the process has exited and its profile (with its temp folder) is deleted, and the profiles
   * killed builds left are too ({@link removeDeadProfiles}).
   */
  readonly exited: Promise<void>;
  /**
   * Kill the process with SIGKILL now, with its renderers and helpers (its process group on Linux and macOS,
   * `taskkill /T` on Windows); the profile is deleted when it has exited (see `exited`). Safe to call again.
   */
  kill(): void;
}

/**
 * Start Chromium (headless, DevTools over a pipe, a fresh profile under the OS temp folder, which also holds
 * the temp folder Chromium is given, and its own process group). Spawning does not wait for the browser to
 * be ready: the first DevTools reply tells that.
 * @throws Error (ENOENT, EACCES) when the profile cannot be made or the executable cannot be spawned at once;
 *   nothing is left behind. A spawn that fails later ends `exited`.
 */
export function spawnChromium(executablePath: string): ChromiumProcess {
  const profile = mkdtempSync(path.join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  const removeProfile = (): void => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    } catch {
      // A file still held (Windows) keeps the folder for the OS's temp cleaning rather than fail the build.
    }
  };
  const args = [...CHROMIUM_ARGS, ...AUTOMATION_ARGS, `--user-data-dir=${path.join(profile, 'data')}`, '--remote-debugging-pipe'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  args.push('about:blank');
  // Chromium's own scratch files (org.chromium.Chromium.*) go inside the profile, so they go with it: a
  // killed Chromium never deletes them itself.
  const scratch = path.join(profile, 'tmp');
  mkdirSync(scratch);
  const env = { ...process.env, TMPDIR: scratch, TMP: scratch, TEMP: scratch };
  let child: ChildProcess;
  try {
    // A process group of its own on POSIX (on Windows, `detached` would open a console window instead).
    child = spawn(executablePath, args, { env, detached: process.platform !== 'win32', stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  } catch (e) {
    removeProfile();
    throw e;
  }
  const stderr = lastLines(child.stderr!, 20);
  const kill = (): void => killTree(child);
  const onExit = (): void => {
    kill();
    removeProfile();
  };
  process.once('exit', onExit);
  // Profiles of builds killed outright go now, while Chromium starts (it does not wait for this).
  const swept = removeDeadProfiles(tmpdir());
  const exited = new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('exit', onExit);
      removeProfile();
      resolve();
    };
    child.once('exit', done);
    // A spawn that failed (no such file) emits `error` and no `exit`.
    child.once('error', done);
  });
  const ended = Promise.all([exited, swept]).then(() => undefined);
  return { executablePath, child, input: child.stdio[3] as Writable, output: child.stdio[4] as Readable, exited: ended, kill, stderrTail: stderr };
}

/** Start of a profile folder's name in the temp folder; the owning process's pid and a random suffix follow. */
export const PROFILE_PREFIX = 'briefing-chromium-';

/**
 * Delete the profiles in `tmp` whose owning process (the pid in the name) no longer runs: those of builds
 * killed with SIGKILL, whose Chromium quit without deleting them. Profiles of live processes, this one's and
 * names of another form (older versions) are left alone. Best effort: never rejects.
 */
export async function removeDeadProfiles(tmp: string): Promise<void> {
  const pattern = new RegExp(`^${PROFILE_PREFIX}(\\d+)-[A-Za-z0-9]{6}$`);
  const names = await readdir(tmp).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || processIsRunning(pid)) continue;
    await rm(path.join(tmp, name), { recursive: true, force: true, maxRetries: 3, retryDelay: 50 }).catch(() => undefined);
  }
}

/** Kill a running child with SIGKILL, with every process it started: its group on POSIX, its tree on Windows. */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform === 'win32') execFileSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/**
 * Read `stream` to its end (a full pipe would stall the writer) and keep its last `n` non-blank lines;
 * returns a function that gives them joined by newlines.
 */
function lastLines(stream: Readable, n: number): () => string {
  let lines: string[] = [];
  let partial = '';
  stream.setEncoding('utf8').on('data', (text: string) => {
    const parts = (partial + text).split('\n');
    partial = parts.pop()!;
    lines = [...lines, ...parts.filter((l) => l.trim() !== '')].slice(-n);
  });
  return () => [...lines, ...(partial.trim() === '' ? [] : [partial])].slice(-n).join('\n');
}
