/** Run the `briefing` CLI as a subprocess, the way a writer or CI does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The sample briefing folder. */
export const SAMPLE = path.join(ROOT, 'content', 'ai-ipo-2026');

/** Exit code and captured output of one CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `bin/briefing.js` with `args` in `cwd` (default: the repository root), TZ pinned to UTC. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return runCommand(process.execPath, [path.join(ROOT, 'bin', 'briefing.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', ...options.env },
  });
}

/** Run `command` to its end, collecting its exit code, stdout and stderr. */
export function runCommand(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'briefing-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Copy the sample briefing into a new temporary folder and return the copy's path. */
export async function copySample(): Promise<string> {
  const dir = path.join(await tempDir(), 'ai-ipo-2026');
  await cp(SAMPLE, dir, { recursive: true });
  return dir;
}

/** A `briefing preview` started as a subprocess: the process, the URL it serves, and everything it printed so far. */
export interface PreviewProcess {
  readonly server: ChildProcess;
  readonly url: string;
  /** Standard output and error as printed so far. */
  log(): string;
}

/**
 * Start `briefing preview <dir> --port 0 …args` (TZ pinned) and wait for the line that names its URL.
 * @throws Error with what it printed when the preview exits first.
 */
export async function startPreview(dir: string, args: readonly string[] = []): Promise<PreviewProcess> {
  const server = spawn(process.execPath, [path.join(ROOT, 'bin', 'briefing.js'), 'preview', dir, '--port', '0', ...args], { cwd: ROOT, env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/) /.exec(log);
      if (m) resolve(m[1]!);
    });
    server.on('exit', () => reject(new Error(`preview exited: ${log}`)));
  });
  return { server, url, log: () => log };
}
