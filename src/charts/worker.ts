/**
 * The chart worker: a child process that renders chart specs the briefing supplies, started and bounded by
 * sandbox.ts (a deadline, a V8 heap limit). It measures text with the same fonts as the main thread, so its
 * SVG is the main thread's byte for byte.
 *
 * ```
 * setup {faces} ─► bound the sizing expression functions, register fonts, render a warm-up chart ─► {ready}
 *   each {id, req} ─► renderChart ─► {id, chart} or {id, diagnostics}
 * ```
 * Expression functions that size their result from their arguments (`pad`, `sequence`, `timeSequence`,
 * `utcSequence`, `format`) are replaced by versions that refuse sizes past {@link SPEC_LIMITS}: limits.ts
 * checks literal arguments before the render, these check the ones computed from the data.
 */
import * as vega from 'vega';
import { BriefingError, type Diagnostic, type Message } from '../errors.ts';
import { errorOf, msg } from '../messages.ts';
import type { FontFace } from '../fonts.ts';
import { formatWidth, SPEC_LIMITS, stepCount } from './limits.ts';
import { renderChart, TextMeasurer, type ChartRequest, type ChartSvg } from './render.ts';

/** What sandbox.ts gives the worker when it starts it. */
export interface WorkerSetup {
  readonly faces: readonly FontFace[];
  /** Most characters of SVG one chart may draw. */
  readonly maxSvgChars: number;
}

/** A job for the worker: render `req`, answering with the same `id`. */
export interface WorkerJob {
  readonly id: number;
  readonly req: ChartRequest;
}

/** The worker's answers: ready after start-up, then one per job. */
export type WorkerReply = { readonly ready: true } | { readonly id: number; readonly chart: ChartSvg } | { readonly id: number; readonly diagnostics: readonly Diagnostic[] };

/** The limit an expression function hit in the job running now (cleared before each job). */
const run: { tripped: Message | undefined } = { tripped: undefined };

/** Milliseconds of a time unit, for the size of a `timeSequence` (months and years at their shortest). */
const UNIT_MS: Record<string, number> = { millisecond: 1, second: 1e3, minute: 6e4, hour: 3.6e6, day: 8.64e7, date: 8.64e7, week: 6.048e8, month: 2.4e9, quarter: 7.6e9, year: 3.1e10 };

type ExpressionFunction = (this: unknown, ...args: unknown[]) => unknown;
const fn = vega.expressionFunction as unknown as { (name: string): ExpressionFunction; (name: string, f: ExpressionFunction): void };

/** Replace expression function `name` by one that first asks `problem` about its arguments. */
function bound(name: string, problem: (args: unknown[]) => Message | undefined): void {
  const original = fn(name);
  fn(name, function (this: unknown, ...args: unknown[]) {
    const found = problem(args);
    if (found) {
      run.tripped ??= found;
      throw errorOf(found, RangeError);
    }
    return original.apply(this, args);
  });
}

function over(parameter: string, value: number, limit: number): Message | undefined {
  return value > limit || Number.isNaN(value) ? msg.specOverLimit(parameter, value, limit) : undefined;
}

/** Bound the expression functions whose result is sized by their arguments. */
function boundExpressionFunctions(): void {
  bound('pad', (a) => over('pad() length', Number(a[1]), SPEC_LIMITS.stringLength));
  bound('sequence', (a) => {
    const [start, stop, step] = a.map(Number);
    return over('sequence() length', a.length === 1 ? stepCount(0, start) : stepCount(start, stop, step ?? 1), SPEC_LIMITS.sequence);
  });
  for (const name of ['timeSequence', 'utcSequence']) {
    bound(name, (a) => {
      const [unit, start, stop, step] = [String(a[0]), Number(a[1]), Number(a[2]), Number(a[3] ?? 1)];
      return over(`${name}() length`, stepCount(start, stop, (UNIT_MS[unit] ?? 1) * step), SPEC_LIMITS.sequence);
    });
  }
  bound('format', (a) => over('format() width', formatWidth(String(a[1] ?? '')), SPEC_LIMITS.formatWidth));
}

/** Render one job: the chart, or the diagnostics of why not (a tripped limit first). */
async function answer(job: WorkerJob, measurer: TextMeasurer, setup: WorkerSetup): Promise<WorkerReply> {
  run.tripped = undefined;
  try {
    const chart = await renderChart(job.req, measurer);
    if (run.tripped) throw BriefingError.of(run.tripped, { file: job.req.file });
    if (chart.svg.length > setup.maxSvgChars) throw BriefingError.of(msg.chartSvgTooLarge(Math.round(setup.maxSvgChars / 1e6)), { file: job.req.file });
    return { id: job.id, chart };
  } catch (e) {
    const error = run.tripped ? BriefingError.of(run.tripped, { file: job.req.file }) : e instanceof BriefingError ? e : BriefingError.of(msg.chartFailed(job.req.id, String(e)), { file: job.req.file });
    return { id: job.id, diagnostics: error.diagnostics };
  }
}

/** A tiny chart drawn before the worker says it is ready, so that a deadline measures the spec, not Vega's warm-up. */
const WARM_UP: ChartRequest = { id: 'warm-up', spec: { data: { values: [] }, mark: 'bar', encoding: { x: { field: 'v', type: 'quantitative' }, y: { field: 'k', type: 'nominal' } } }, rows: [{ k: 'a', v: 1 }], title: '', description: '', file: '' };

/** Serve jobs over the IPC channel: the first message is the {@link WorkerSetup}, each later one a {@link WorkerJob}. */
function serveJobs(send: (reply: WorkerReply) => void): void {
  process.once('message', (setup: WorkerSetup) => {
    boundExpressionFunctions();
    const measurer = new TextMeasurer(setup.faces);
    // One job at a time (sandbox.ts sends the next after the answer), so `run.tripped` is this job's.
    process.on('message', (job: WorkerJob) => void answer(job, measurer, setup).then(send));
    void renderChart(WARM_UP, measurer).then(
      () => send({ ready: true }),
      () => send({ ready: true }),
    );
  });
}

if (process.send) {
  const channel = process.send.bind(process);
  serveJobs((reply) => channel(reply));
}
