/**
 * A worker thread that draws the shipped chart specs and makes font subsets off the calling thread, started
 * before the engine loads: a first build (nothing can come from the cache) imports Vega, Vega-Lite, the canvas
 * and harfbuzz on the machine's other core while this thread loads the engine and reads the content, and
 * the WOFF2 subsets of the written HTML are compressed there while Chromium prints.
 *
 * ```
 * startRenderThread() ─► worker (render-thread-worker.ts): import render.ts, subset-font and fontkit at once
 *   configure(faces) ─► TextMeasurer of the faces (sent once the render context knows them)
 *   draw(req) ─► renderChart ─► ChartSvg
 *   subset(file, text, format), lacking(files, chars) ─► fonts.ts LocalFontWork ─► bytes, characters
 * ```
 * The worker runs the same code on the same fonts as the calling thread (src/charts/render.ts, src/fonts.ts),
 * so its charts and subsets are the same bytes. It holds the process open only while a job runs, and
 * {@link RenderThread.close} ends it. Only trusted work goes here: a briefing's own chart specs still render in
 * the bounded child process of sandbox.ts.
 */
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BriefingError, type Diagnostic } from '../errors.ts';
import { msg } from '../messages.ts';
import type { FontFace, FontFormat, FontWork } from '../fonts.ts';
import type { ChartRequest, ChartSvg } from './render.ts';

/** The worker's module, `.ts` here and `.js` when compiled, like this one. */
const WORKER = new URL(`./render-thread-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** What the worker is started with. */
export interface ThreadData {
  /** This process's compile cache folder, which the worker turns on before it loads anything else. */
  readonly compileCache: string | undefined;
}

/** A message to the worker: the faces to measure chart text with (once), or a job answered under its `id`. */
export type ThreadJob =
  | { readonly faces: readonly FontFace[] }
  | { readonly id: number; readonly chart: ChartRequest }
  | { readonly id: number; readonly subset: { readonly file: string; readonly text: string; readonly format: FontFormat | 'woff' } }
  | { readonly id: number; readonly lacking: { readonly files: readonly string[]; readonly chars: readonly string[] } };

/** The worker's answer to a job: its chart, font bytes or characters, the diagnostics of a BriefingError, or another error's text. */
export type ThreadReply =
  | { readonly id: number; readonly chart: ChartSvg }
  | { readonly id: number; readonly font: Uint8Array }
  | { readonly id: number; readonly chars: string[] }
  | { readonly id: number; readonly diagnostics: readonly Diagnostic[] }
  | { readonly id: number; readonly error: string; readonly stack: string | undefined };

/** A job waiting for its answer. */
interface Pending {
  readonly resolve: (reply: ThreadReply) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * The calling thread's side of the render worker: see the module comment. Create it with
 * {@link startRenderThread}; give it the faces with {@link configure} before the first chart.
 */
export class RenderThread implements FontWork {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Why the worker ended when it ended by itself; every later job fails with it. */
  private failed: unknown;

  constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (reply: ThreadReply) => this.answered(reply));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(BriefingError.of(msg.renderThreadStopped(`exit code ${code}`))));
    // A reply that cannot be read would leave its job waiting for ever: every job fails instead.
    worker.on('messageerror', (e) => this.fail(BriefingError.of(msg.renderThreadStopped(`unreadable reply: ${String(e)}`))));
    // After the listeners, which hold the process open while they are added: the worker holds it only while a job runs.
    worker.unref();
  }

  /** Measure chart text with `faces` (the render context's fonts). Sent once, before any chart. */
  configure(faces: readonly FontFace[]): void {
    this.worker.postMessage({ faces } satisfies ThreadJob);
  }

  /**
   * Draw a chart whose spec ships with briefing, as render.ts's `renderChart` does.
   * @throws BriefingError (`chart`) with the diagnostics the render found; (`render`, BR431) when the worker ended.
   */
  readonly draw = async (req: ChartRequest): Promise<ChartSvg> => {
    const reply = await this.send((id) => ({ id, chart: req }));
    if ('chart' in reply) return reply.chart;
    throw RenderThread.errorOf(reply);
  };

  /**
   * `file` (a font file) subset to the characters of `text` in `format`, by fonts.ts's LocalFontWork.
   * @throws BriefingError (`render`, BR431) with subset-font's error, or when the worker ended.
   */
  async subset(file: string, text: string, format: FontFormat | 'woff'): Promise<Buffer> {
    const reply = await this.send((id) => ({ id, subset: { file, text, format } }));
    if ('font' in reply) return Buffer.from(reply.font.buffer, reply.font.byteOffset, reply.font.byteLength);
    throw RenderThread.errorOf(reply);
  }

  /**
   * The characters of `chars` that none of the font files `files` has a glyph for, by fonts.ts's LocalFontWork.
   * @throws BriefingError (`render`, BR431) with fontkit's error, or when the worker ended.
   */
  async lacking(files: readonly string[], chars: readonly string[]): Promise<string[]> {
    const reply = await this.send((id) => ({ id, lacking: { files, chars } }));
    if ('chars' in reply) return reply.chars;
    throw RenderThread.errorOf(reply);
  }

  /** End the worker: a job still waiting fails. Resolves when it has stopped. */
  async close(): Promise<void> {
    this.failed ??= BriefingError.of(msg.renderThreadStopped('closed'));
    await this.worker.terminate();
  }

  private send(job: (id: number) => ThreadJob): Promise<ThreadReply> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    const id = ++this.nextId;
    const reply = new Promise<ThreadReply>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.pending.size === 1) this.worker.ref();
    this.worker.postMessage(job(id));
    return reply;
  }

  private answered(reply: ThreadReply): void {
    const job = this.pending.get(reply.id);
    if (job === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    job.resolve(reply);
  }

  private fail(e: unknown): void {
    this.failed ??= e;
    for (const job of this.pending.values()) job.reject(this.failed);
    this.pending.clear();
  }

  /** The error a failed job's reply stands for: a BriefingError of its diagnostics, or an Error with the worker's stack. */
  private static errorOf(reply: ThreadReply): Error {
    if ('diagnostics' in reply) return new BriefingError(reply.diagnostics);
    const error = BriefingError.of(msg.renderThreadStopped('error' in reply ? reply.error : 'unexpected reply'));
    if ('stack' in reply && reply.stack !== undefined) error.stack = reply.stack;
    return error;
  }
}

/**
 * Start the render worker: it begins loading Vega, Vega-Lite, the canvas and harfbuzz at once. Cheap to call
 * (about 1 ms here; the loading happens on the worker's thread). It never holds the process open while idle.
 */
export function startRenderThread(): RenderThread {
  const workerData: ThreadData = { compileCache: module.getCompileCacheDir?.() };
  // The worker takes this process's Node options but `--input-type`, which refuses a worker started from a file.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
  return new RenderThread(new Worker(WORKER, { workerData, execArgv }));
}
