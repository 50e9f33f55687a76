/**
 * The Chromium process that prints, started apart from puppeteer. Chromium needs about 0.4 s to start; a
 * build starts it first thing, with nothing but Node's own modules loaded, and connects puppeteer to it
 * (src/pdf/browser.ts) once puppeteer and the content code have loaded, so that the start overlaps them.
 *
 * The process talks DevTools over a pipe (fds 3 and 4), runs with a fresh temporary profile, and leads its
 * own process group, so that {@link ChromiumProcess.kill} ends it with its renderers at once. It dies with
 * this process: killed on exit, and Chromium quits by itself when the pipe closes (a SIGKILL of this process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * Flags for headless printing. The background-networking flags stop Chromium from calling home
 * (ENGINEERING.md §1); `--no-sandbox` is added only when running as root, where the sandbox cannot start.
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
  /** Resolves when the process has exited (and its profile is deleted). */
  readonly exited: Promise<void>;
  /** Kill the process and its whole group with SIGKILL now and delete the profile. Safe to call again. */
  kill(): void;
}

/**
 * Start Chromium (headless, DevTools over a pipe, a fresh profile under the OS temp folder, its own process
 * group). Spawning does not wait for the browser to be ready: the first DevTools reply tells that.
 * @throws Error from `spawn` (EACCES, ENOENT are also reported later as the child's `error` event).
 */
export function spawnChromium(executablePath: string): ChromiumProcess {
  const profile = mkdtempSync(path.join(tmpdir(), 'briefing-chromium-'));
  const args = [...CHROMIUM_ARGS, ...AUTOMATION_ARGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  args.push('about:blank');
  // A process group of its own on POSIX (on Windows, `detached` would open a console window instead).
  const child = spawn(executablePath, args, { detached: process.platform !== 'win32', stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  // Read stderr all along (a full pipe would stall Chromium), keeping its last lines.
  let tail: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (tail = [...tail, ...text.split('\n').filter((l) => l.trim() !== '')].slice(-20)));
  // A profile that cannot be deleted (a file still held) stays in the temp folder rather than fail the build.
  const removeProfile = (): void => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // left for the OS's temp cleaning
    }
  };
  const kill = (): void => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
  };
  const onExit = (): void => {
    kill();
    removeProfile();
  };
  process.once('exit', onExit);
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
  const stderrTail = (): string => tail.join('\n');
  return { executablePath, child, input: child.stdio[3] as Writable, output: child.stdio[4] as Readable, exited, kill, stderrTail };
}
