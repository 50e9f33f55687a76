/**
 * Whole-process measurements: wall time from spawn to exit, and the peak resident memory of the process
 * tree (the process and every descendant: Node, Chromium's browser, zygotes, renderers, GPU/utility
 * processes), sampled from `/proc/<pid>/status` (VmRSS) every ~50 ms and summed.
 *
 * The sum of VmRSS counts pages shared between processes (Chromium's binary, shared libraries, shared
 * memory) once per process, so it overstates what the tree really holds; it is what the brief asks for and
 * errs on the safe side of a memory limit.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What one process run measured. */
export interface ProcessRun {
  readonly ms: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Peak of the summed VmRSS of the tree, in bytes; undefined when not sampled. */
  readonly peakRssBytes?: number;
  /** Most processes seen in the tree at one sample. */
  readonly peakProcesses?: number;
  /** Peak of the summed Pss (proportional set size: shared pages split between their users), when asked. */
  readonly peakPssBytes?: number;
  /** VmRSS by kind of process (`node`, `chromium browser`, `chromium renderer`, ...) at the peak sample. */
  readonly peakBreakdown?: Readonly<Record<string, number>>;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runProcess}. */
export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Sample the tree's memory every `sampleMs` (default: not sampled). */
  readonly sampleMs?: number;
  /**
   * Also sum Pss from `/proc/<pid>/smaps_rollup` every this many samples. Reading it walks page tables (~5 ms
   * per Chromium process), so it is not done at every sample: it takes CPU from what is being timed.
   */
  readonly pssEvery?: number;
}

/** Parent pid of every process on the machine, read from `/proc/<pid>/stat`. */
function parentMap(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited between readdir and read
    }
    // pid (comm) state ppid ...: comm may contain spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid);
    if (list) list.push(Number(name));
    else children.set(ppid, [Number(name)]);
  }
  return children;
}

/** VmRSS of one process in bytes (0 when it is gone or a zombie). */
function rssOf(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Pss of one process in bytes (0 when it is gone). */
function pssOf(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** What kind of process `pid` is: its command name, and for Chromium its `--type` (browser when none). */
function kindOf(pid: number): string {
  try {
    // Chromium rewrites its child processes' titles as one space-separated string, so split on both.
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const name = path.basename(argv[0] ?? '?');
    if (!/chrom/i.test(name)) return name;
    const type = argv.find((a) => a.startsWith('--type='))?.slice(7);
    return `chromium ${type ?? 'browser'}`;
  } catch {
    return '?';
  }
}

/** Summed VmRSS (and, if asked, Pss) of `root` and all its descendants, how many processes, and VmRSS by kind. */
export function treeRss(root: number, pss = false): { bytes: number; pssBytes: number; processes: number; byKind: Map<string, number> } {
  const children = parentMap();
  let bytes = 0;
  let pssBytes = 0;
  let processes = 0;
  const byKind = new Map<string, number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    const rss = rssOf(pid);
    bytes += rss;
    const kind = kindOf(pid);
    byKind.set(kind, (byKind.get(kind) ?? 0) + rss);
    if (pss) pssBytes += pssOf(pid);
    processes++;
    stack.push(...(children.get(pid) ?? []));
  }
  return { bytes, pssBytes, processes, byKind };
}

/** Run a command to its end; measure its wall time and, if asked, its tree's peak memory. */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let peakRss = 0;
    let peakPss = 0;
    let peakProcesses = 0;
    let peakBreakdown: Record<string, number> = {};
    let samples = 0;
    let timer: NodeJS.Timeout | undefined;
    if (options.sampleMs !== undefined && child.pid !== undefined) {
      const pid = child.pid;
      const sample = (): void => {
        const { bytes, pssBytes, processes, byKind } = treeRss(pid, options.pssEvery !== undefined && samples++ % options.pssEvery === 0);
        if (bytes > peakRss) peakBreakdown = Object.fromEntries(byKind);
        peakRss = Math.max(peakRss, bytes);
        peakPss = Math.max(peakPss, pssBytes);
        peakProcesses = Math.max(peakProcesses, processes);
      };
      sample();
      timer = setInterval(sample, options.sampleMs);
    }
    child.on('error', (e) => {
      if (timer) clearInterval(timer);
      reject(e);
    });
    // 'exit', not 'close': the wall time ends when the process does, not when its pipes drain.
    child.on('exit', (code, signal) => {
      const ms = performance.now() - start;
      if (timer) clearInterval(timer);
      const finish = (): void => {
        const sampled = options.sampleMs !== undefined ? { peakRssBytes: peakRss, peakProcesses, peakBreakdown, ...(options.pssEvery !== undefined ? { peakPssBytes: peakPss } : {}) } : {};
        resolve({ ms, code, signal, ...sampled, stdout, stderr });
      };
      if (child.stdout.readableEnded && child.stderr.readableEnded) finish();
      else child.on('close', finish);
    });
  });
}
