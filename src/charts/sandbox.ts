/**
 * Chart specs a briefing supplies are rendered in a child process, under a deadline and a V8 heap limit, so
 * that no spec can hang the tool, exhaust its memory or kill it (ENGINEERING.md §7).
 *
 * ```
 * request ─► checkSpecLimits (here) ─► trusted file? ─yes─► renderChart in this thread (no process start)
 *                                      └─no─► ChartSandbox: one worker process (worker.ts), one job at a time
 *      deadline passed ─► SIGKILL ─► BriefingError "ran longer than N s"   (the next job starts a new worker)
 *      heap limit hit  ─► V8 aborts the worker ─► BriefingError "used more than N MB"
 * ```
 * A process, not a `worker_threads` Worker: a Worker's `resourceLimits` do not hold against one large
 * allocation (a flatten of 10⁸ rows aborted the whole process in 3 of 3 runs here, nodejs/node#47224),
 * while a child's `--max-old-space-size` ends the child alone. The worker stays up between charts and runs;
 * between jobs it is unref'd (it never keeps a process alive), after {@link IDLE_MS} idle it is ended, and
 * it is killed when this process exits.
 */
import { fork, type ChildProcess } from 'node:child_process';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BriefingError, type Message } from '../errors.ts';
import { msg } from '../messages.ts';
import type { FontFace } from '../fonts.ts';
import { CHART_LIMITS, checkSpecLimits, type ChartLimits } from './limits.ts';
import type { ChartRequest, ChartSvg } from './render.ts';
import type { WorkerJob, WorkerReply, WorkerSetup } from './worker.ts';

/** The worker's module, `.ts` here and `.js` when compiled, like this one. */
const WORKER = fileURLToPath(new URL(`./worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** Milliseconds an idle worker is kept for the next chart before it is ended. */
export const IDLE_MS = 30_000;

/** Most characters of SVG one chart from the worker may have (16 MB; a page's chart has some 50 KB). */
const MAX_SVG_CHARS = 16_000_000;

/** Options of a {@link ChartSandbox}. */
export interface SandboxOptions {
  /** Deadline and heap limit (defaults {@link CHART_LIMITS}). */
  readonly limits?: Partial<ChartLimits>;
  /** Milliseconds an idle worker is kept (default {@link IDLE_MS}). */
  readonly idleMs?: number;
}

/** What the end of a worker means to the writer: V8's abort at the heap limit, or another stop. */
function exitMessage(code: number | null, signal: NodeJS.Signals | null, limits: ChartLimits): Message {
  if (signal === 'SIGABRT' || code === 134) return msg.chartMemoryLimit(limits.memoryMb);
  return msg.chartWorkerFailed(signal ?? `exit code ${code}`);
}

/** Hold the process open for `child` (a job runs) or not (it idles). */
function holdOpen(child: ChildProcess, hold: boolean): void {
  if (hold) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}

/**
 * Renders chart requests in one worker process, one at a time, each under the deadline, the worker under
 * the heap limit. Create one per render context; {@link close} ends the worker (it also ends when idle).
 */
export class ChartSandbox {
  private readonly faces: readonly FontFace[];
  private readonly limits: ChartLimits;
  private readonly idleMs: number;
  private worker: Promise<ChildProcess> | undefined;
  /** The last job queued: the next one starts after it settles. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Jobs queued or running. */
  private pending = 0;
  private idle: NodeJS.Timeout | undefined;
  private nextId = 0;
  /** {@link end} was called. */
  private ended = false;

  constructor(faces: readonly FontFace[], options: SandboxOptions = {}) {
    this.faces = faces;
    this.limits = { ...CHART_LIMITS, ...options.limits };
    this.idleMs = options.idleMs ?? IDLE_MS;
  }

  /**
   * Render `req` in the worker, after the jobs queued before it.
   * @throws BriefingError (`chart`) at `req.file`: the spec's own errors (see render.ts), or the limit it hit.
   */
  async render(req: ChartRequest): Promise<ChartSvg> {
    checkSpecLimits(req.spec, req.file); // here too: a spec nested too deep to serialise never leaves
    this.pending++;
    clearTimeout(this.idle);
    const result = this.tail.then(() => this.run(req));
    this.tail = result.then(
      () => this.settled(),
      () => this.settled(),
    );
    return result;
  }

  /** End the worker for good: the job running now and every job queued fail, and so does any later render. */
  async end(): Promise<void> {
    this.ended = true;
    await this.close();
  }

  /** End the worker (a job running now fails; the next job starts a new one). Resolves when it has exited. */
  async close(): Promise<void> {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    const child = await worker?.catch(() => undefined);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      holdOpen(child, true); // until it has exited
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** A job ended: with none left, the worker no longer holds the process, and ends after the idle time. */
  private settled(): void {
    if (--this.pending > 0) return;
    void this.worker?.then((child) => holdOpen(child, false), () => undefined);
    this.idle = setTimeout(() => void this.close(), this.idleMs).unref();
  }

  /** The running worker, started (and waited for until it is ready) when there is none. */
  private started(): Promise<ChildProcess> {
    if (!this.worker) {
      const worker = startWorker(this.faces, this.limits);
      const forget = (): void => {
        if (this.worker === worker) this.worker = undefined;
      };
      worker.then((child) => child.once('exit', forget), forget);
      this.worker = worker;
    }
    return this.worker;
  }

  /** One job: send it and wait for its answer, the deadline, or the worker's end. */
  private async run(req: ChartRequest): Promise<ChartSvg> {
    if (this.ended) throw BriefingError.of(msg.chartWorkerFailed('closed'), { file: req.file });
    let child: ChildProcess;
    try {
      child = await this.started();
    } catch (e) {
      // The worker ended before it was ready: its error, placed at this spec.
      throw e instanceof BriefingError ? new BriefingError(e.diagnostics.map((d) => ({ ...d, file: req.file })), { cause: e }) : BriefingError.of(msg.chartWorkerFailed(String(e)), { file: req.file }, e);
    }
    holdOpen(child, true);
    const id = ++this.nextId;
    return new Promise<ChartSvg>((resolve, reject) => {
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        child.off('message', onMessage).off('exit', onExit);
        settle();
      };
      const fail = (m: Message): void => {
        if (this.worker !== undefined) this.worker = undefined;
        child.kill('SIGKILL');
        done(() => reject(BriefingError.of(m, { file: req.file })));
      };
      const onMessage = (r: WorkerReply): void => {
        if ('id' in r && r.id === id) done(() => ('chart' in r ? resolve(r.chart) : reject(new BriefingError(r.diagnostics))));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => fail(exitMessage(code, signal, this.limits));
      const timer = setTimeout(() => fail(msg.chartTimeLimit(this.limits.deadlineMs / 1000)), this.limits.deadlineMs);
      child.on('message', onMessage).on('exit', onExit);
      child.send({ id, req } satisfies WorkerJob);
    });
  }
}

/**
 * Start a worker process under the heap limit and wait until it has loaded Vega and the fonts. It is killed
 * when this process exits.
 * @throws BriefingError (`chart`) when it ends before it is ready.
 */
function startWorker(faces: readonly FontFace[], limits: ChartLimits): Promise<ChildProcess> {
  // This process's compile cache (bin/briefing.js turns it on) serves the worker's modules too.
  const cache = module.getCompileCacheDir?.();
  const child = fork(WORKER, [], {
    execArgv: [`--max-old-space-size=${limits.memoryMb}`],
    env: cache === undefined ? process.env : { ...process.env, NODE_COMPILE_CACHE: cache },
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  child.on('error', () => undefined); // a failed send or kill; the exit event reports the end
  return new Promise<ChildProcess>((resolve, reject) => {
    const onReady = (r: WorkerReply): void => {
      if (!('ready' in r)) return;
      child.off('message', onReady).off('exit', onExit);
      resolve(child);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => reject(BriefingError.of(exitMessage(code, signal, limits)));
    child.on('message', onReady).on('exit', onExit);
    child.send({ faces, maxSvgChars: MAX_SVG_CHARS } satisfies WorkerSetup);
  });
}

/** Options of {@link chartDrawer}. */
export interface DrawerOptions {
  /** True for a spec file that ships with briefing (tested here): it renders in the calling thread. */
  readonly trusted: (file: string) => boolean;
  readonly limits?: Partial<ChartLimits>;
  /**
   * Draws a trusted spec instead of render.ts's `renderChart` on the calling thread (the render worker's
   * `draw`, render-thread.ts): the same SVG, off this thread.
   */
  readonly local?: (req: ChartRequest) => Promise<ChartSvg>;
}

/** A chart drawer and how to end it: {@link chartDrawer}. */
export interface ChartDrawer {
  /** Draw one chart. */
  readonly draw: (req: ChartRequest) => Promise<ChartSvg>;
  /** End the worker process, if one runs: a chart drawing in it fails, and so does every later own spec. */
  readonly close: () => Promise<void>;
}

/**
 * A chart drawer for a render context: trusted specs render in the calling thread (no worker start for a
 * build of shipped specs), every other spec in a {@link ChartSandbox}. Vega, Vega-Lite and the canvas load on
 * the first chart drawn in a thread, so commands that draw none never load them.
 * @throws BriefingError (`chart`) as {@link ChartSandbox.render} and render.ts's `renderChart` do.
 */
export function chartDrawer(faces: readonly FontFace[], options: DrawerOptions): ChartDrawer {
  let local: Promise<(req: ChartRequest) => Promise<ChartSvg>> | undefined;
  const sandbox = new ChartSandbox(faces, options.limits === undefined ? {} : { limits: options.limits });
  const draw = async (req: ChartRequest): Promise<ChartSvg> => {
    if (!options.trusted(req.file)) return sandbox.render(req);
    if (options.local) return options.local(req);
    local ??= import('./render.ts').then(({ renderChart, TextMeasurer }) => {
      const measurer = new TextMeasurer(faces);
      return (r: ChartRequest) => renderChart(r, measurer);
    });
    return (await local)(req);
  };
  return { draw, close: () => sandbox.end() };
}
