/**
 * The render worker (see render-thread.ts): a worker thread that draws shipped chart specs and makes font
 * subsets for the thread that started it. It turns on the compile cache first, then loads render.ts (Vega,
 * Vega-Lite, the canvas) and fonts.ts with subset-font (harfbuzz) and fontkit at once, before any job arrives.
 *
 * ```
 * start ─► import render.ts, fonts.ts, subset-font, fontkit ─► warm-ups (a chart, a subset, a glyph lookup)
 *   {faces} ─► TextMeasurer
 *   {id, chart} ─► renderChart ─► {id, chart} | {id, diagnostics}
 *   {id, subset} ─► LocalFontWork.subset ─► {id, font}      {id, lacking} ─► LocalFontWork.lacking ─► {id, chars}
 * ```
 */
import module from 'node:module';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { FontFace } from '../fonts.ts';
import type { ChartRequest } from './render.ts';
import type { ThreadData, ThreadJob, ThreadReply } from './render-thread.ts';

/**
 * The worker's nice value on Linux, where it applies to this thread alone (and the threads it starts): the main
 * thread's engine loading and Chromium's load, layout and print come first, the worker takes what they leave.
 * Measured on the sample at a load of 6–9 on 2 cores: nice 5 gave whole builds 0.95–0.97× of nice 0, nice 12
 * 1.04× (the charts waited). Elsewhere the call would lower the whole process, so it is not made.
 */
const WORKER_NICE = 5;

if (process.platform === 'linux') {
  try {
    // Relative to the process's own nice value: a process already lowered keeps its worker below it.
    setPriority(0, Math.min(19, getPriority(0) + WORKER_NICE));
  } catch {
    // A host that refuses it runs the worker at the process's priority.
  }
}

const { compileCache } = workerData as ThreadData;
if (compileCache !== undefined) module.enableCompileCache?.(compileCache);

// Loaded now, on this thread, while the calling thread loads the engine: charts are asked for first.
const rendering = import('./render.ts');
const fontWork = import('../fonts.ts').then(async ({ LocalFontWork }) => {
  await Promise.all([import('subset-font'), import('fontkit')]);
  return new LocalFontWork();
});
const errors = import('../errors.ts');
// A module that fails to load fails the jobs that need it (each awaits it), not the thread.
for (const loading of [rendering, fontWork, errors]) loading.catch(() => undefined);

/**
 * A small chart with axes, a legend and labels: drawn once, with no fonts registered, as soon as Vega has
 * loaded, so that the briefing's charts find Vega-Lite's compiler and Vega's dataflow compiled by the JIT.
 */
const WARM_UP: ChartRequest = {
  id: 'warm-up',
  spec: {
    width: 100,
    encoding: { y: { field: 'k', type: 'nominal' }, color: { field: 's', type: 'nominal' } },
    layer: [{ mark: 'bar', encoding: { x: { field: 'v', type: 'quantitative' } } }, { mark: 'text', encoding: { x: { field: 'v', type: 'quantitative' }, text: { field: 'v' } } }],
  },
  rows: [{ k: 'a', s: 'x', v: 1 }, { k: 'b', s: 'y', v: 2 }],
  title: '',
  description: '',
  file: '',
};

// Warm-ups while the calling thread loads the engine: their results are dropped, their errors ignored. The
// first subset instantiates harfbuzz; fontkit opens the main face, whose glyphs every build looks up.
// The chart warms up without a text measurer: a measurer's scope is the process's while it draws, and one with
// no fonts registered would measure the real charts drawn meanwhile, and cache its widths for them.
void rendering.then(({ renderChart }) => renderChart(WARM_UP)).catch(() => undefined);
void Promise.all([fontWork, import('../fonts.ts')])
  .then(([work, { FONT_FACES }]) => Promise.all([work.subset(FONT_FACES[0]!.file, 'warm-up', 'truetype'), work.lacking([FONT_FACES[0]!.file], ['é'])]))
  .catch(() => undefined);

/** The reply to a job that threw. */
async function failed(id: number, e: unknown): Promise<ThreadReply> {
  const { BriefingError } = await errors;
  if (e instanceof BriefingError) return { id, diagnostics: e.diagnostics };
  return { id, error: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };
}

/** Serve jobs from `port`: the faces message configures the chart text measurer; charts wait for it. */
function serve(port: NonNullable<typeof parentPort>): void {
  let faces: (value: readonly FontFace[]) => void = () => undefined;
  const measurer = Promise.all([rendering, new Promise<readonly FontFace[]>((resolve) => (faces = resolve))]).then(([{ TextMeasurer }, f]) => new TextMeasurer(f));
  const answer = async (job: Exclude<ThreadJob, { faces: unknown }>): Promise<ThreadReply> => {
    try {
      if ('chart' in job) {
        const { renderChart } = await rendering;
        return { id: job.id, chart: await renderChart(job.chart, await measurer) };
      }
      const work = await fontWork;
      if ('subset' in job) return { id: job.id, font: await work.subset(job.subset.file, job.subset.text, job.subset.format) };
      return { id: job.id, chars: await work.lacking(job.lacking.files, job.lacking.chars) };
    } catch (e) {
      return failed(job.id, e);
    }
  };
  port.on('message', (job: ThreadJob) => {
    if ('faces' in job) return faces(job.faces);
    void answer(job).then((reply) => port.postMessage(reply));
  });
}

if (parentPort) serve(parentPort);
