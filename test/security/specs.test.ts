/**
 * Hostile chart specs (issue #22): a spec a briefing supplies runs bounded. Each case is one that hung,
 * exhausted memory, crashed or confused the tool before: it now ends in a located BriefingError at the
 * spec's file, naming the limit it hit. Limits decide these tests, not the clock: the deadline is set small
 * where a spec would run for seconds, and no test asserts how long anything took.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDraft } from '../../src/build.ts';
import { createRenderContext, type RenderContextOptions } from '../../src/context.ts';
import { assertDataOnly, CHART_LIMITS, SPEC_LIMITS, walkSpec } from '../../src/charts/limits.ts';
import { checkChartSpec, renderChart, TextMeasurer, type ChartRequest } from '../../src/charts/render.ts';
import { ChartSandbox } from '../../src/charts/sandbox.ts';
import { BriefingError, CATALOGUE } from '../../src/errors.ts';
import { MESSAGES, type MessageName } from '../../src/messages.ts';
import { FONT_FACES } from '../../src/fonts.ts';
import { startPreview } from '../../src/preview/server.ts';
import { copySample, ROOT, runCli } from '../helpers/cli.ts';
import { catchBriefingError } from '../unit/helpers.ts';

const x = { field: 'value', type: 'quantitative' };

/** A spec drawing the sample's rows as bars, with `extra` merged in. */
const bars = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ mark: 'bar', encoding: { x, y: { field: 'label', type: 'nominal' } }, ...extra });

/** `n` arrays nested in each other around 1. */
function nested(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

/** A spec that passes every static check and computes for seconds: 10,000 rows per row, each joining 10,000 numbers, three times. */
const spinning = bars({
  transform: [
    { calculate: 'sequence(0, 10000)', as: 'a' },
    { flatten: ['a'] },
    ...['b', 'c', 'd'].map((as) => ({ calculate: "length(join(sequence(0, 10000), ','))", as })),
  ],
});

/** A spec that passes every static check and grows without bound: 10,000 × 10,000 rows. */
const swelling = bars({ transform: [{ calculate: 'sequence(0, 10000)', as: 'a' }, { flatten: ['a'] }, { calculate: 'sequence(0, 10000)', as: 'b' }, { flatten: ['b'] }] });

/**
 * A copy of the sample whose price-to-sales chart draws the briefing's own `charts/hostile.vl.json` (`spec`).
 * @returns the folder and the spec file's path.
 */
async function briefingWithSpec(spec: unknown): Promise<{ dir: string; file: string }> {
  const dir = await copySample();
  const file = path.join(dir, 'charts', 'hostile.vl.json');
  await writeFile(file, typeof spec === 'string' ? spec : JSON.stringify(spec));
  const yaml = path.join(dir, 'charts', 'price-to-sales.yaml');
  await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('spec: bars', 'spec: hostile.vl.json'));
  return { dir, file };
}

/** The error `check` (a draft without drawing shipped specs) reports for `dir`. */
async function checkError(dir: string, options: RenderContextOptions = {}): Promise<BriefingError> {
  const err = await renderDraft(dir, createRenderContext(undefined, options), {}, { draw: false }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BriefingError);
  return err as BriefingError;
}

/** Expect one chart diagnostic at `file`, said by catalogue record `record`, whose message matches `message`; returns it. */
function expectAt(err: BriefingError, file: string, message: RegExp, record: MessageName): BriefingError['diagnostics'][number] {
  const d = err.diagnostics[0]!;
  expect(d.file).toBe(file);
  expect(d.code).toBe(MESSAGES[record].code);
  expect(d.message).toMatch(message);
  return d;
}

describe('the rows of #22: each hostile spec ends in a located error naming its limit', () => {
  it('refuses a regular expression (ReDoS in a calculate) instead of running it', async () => {
    const { dir, file } = await briefingWithSpec(bars({ transform: [{ calculate: "test(/^(a+)+$/, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')", as: 'q' }] }));
    const d = expectAt(await checkError(dir), file, /regular expressions are not allowed/, 'specRegex');
    expect(d.path).toBe('transform[0].calculate');
  });

  it('refuses pad() with a huge literal length, naming the limit', async () => {
    const { dir, file } = await briefingWithSpec(bars({ transform: [{ calculate: "pad('x', 1e8)", as: 'q' }] }));
    const d = expectAt(await checkError(dir), file, new RegExp(`pad\\(\\) length is 100000000, over the limit of ${SPEC_LIMITS.stringLength}`), 'specOverLimit');
    expect(d.path).toBe('transform[0].calculate');
  });

  it('stops pad() whose length is computed from the data, inside the worker, naming the limit', async () => {
    const { dir, file } = await briefingWithSpec(bars({ transform: [{ calculate: "pad('x', datum.value * 1e8 + 1e8)", as: 'q' }] }));
    expectAt(await checkError(dir), file, new RegExp(`pad\\(\\) length is \\d+, over the limit of ${SPEC_LIMITS.stringLength}`), 'specOverLimit');
  });

  it('refuses tickCount: 1e6 and bin.maxbins: 1e6 before rendering', async () => {
    const ticks = await briefingWithSpec(bars({ encoding: { x: { ...x, axis: { tickCount: 1e6 } } } }));
    expect(expectAt(await checkError(ticks.dir), ticks.file, new RegExp(`tickCount is 1000000, over the limit of ${SPEC_LIMITS.tickCount}`), 'specOverLimit').path).toBe('encoding.x.axis.tickCount');
    const bins = await briefingWithSpec(bars({ encoding: { x: { ...x, bin: { maxbins: 1e6 } } } }));
    expect(expectAt(await checkError(bins.dir), bins.file, new RegExp(`maxbins is 1000000, over the limit of ${SPEC_LIMITS.bins}`), 'specOverLimit').path).toBe('encoding.x.bin.maxbins');
  });

  it('says in plain words that a mark does not exist', async () => {
    const { dir, file } = await briefingWithSpec(bars({ mark: 'nonsense' }));
    const d = expectAt(await checkError(dir), file, /mark "nonsense" is not a Vega-Lite mark; use one of .*bar/, 'specUnknownMark');
    expect(d.path).toBe('mark');
    expect(d.message).not.toMatch(/TypeError|Cannot read|undefined/);
  });

  it('refuses 2,000 nested arrays by their depth, not by a stack overflow', async () => {
    const { dir, file } = await briefingWithSpec(bars({ description: nested(2000) }));
    expectAt(await checkError(dir), file, new RegExp(`nests deeper than ${SPEC_LIMITS.depth} levels`), 'specTooDeep');
  });
});

describe('run-time bounds: a deadline and a memory limit in a worker process', () => {
  it('stops a spec that computes past the deadline and names the deadline', async () => {
    const { dir, file } = await briefingWithSpec(spinning);
    expectAt(await checkError(dir, { chartLimits: { deadlineMs: 200 } }), file, /the chart spec ran longer than 0\.2 s and was stopped/, 'chartTimeLimit');
  });

  it('stops a spec that grows past the memory limit, and the process lives on', async () => {
    const { dir, file } = await briefingWithSpec(swelling);
    expectAt(await checkError(dir), file, new RegExp(`the chart spec used more than ${CHART_LIMITS.memoryMb} MB of memory`), 'chartMemoryLimit');
  });

  it('bounds a briefing’s own templates/charts override of a template spec too', async () => {
    const dir = await copySample();
    const file = path.join(dir, 'templates', 'charts', 'bars.vl.json');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(spinning));
    expectAt(await checkError(dir, { chartLimits: { deadlineMs: 200 } }), file, /ran longer than 0\.2 s/, 'chartTimeLimit');
  });

  it('renders in the worker the same SVG as in the main thread, and the worker keeps serving after a failure', async () => {
    const spec = JSON.parse(await readFile(path.join(ROOT, 'templates', 'default', 'charts', 'bars.vl.json'), 'utf8'));
    const rows = [
      { label: 'Alpha', series: 'one', value: 1.5, low: 1, high: 2, text: '1–2' },
      { label: 'Beta', series: 'one', value: 3, low: 2.5, high: 3.5, text: '2.5–3.5' },
    ];
    const req: ChartRequest = { id: 'fig-t', spec, rows, title: 'T', description: 'D', file: 'own.vl.json' };
    const local = await renderChart(req, new TextMeasurer(FONT_FACES));
    const sandbox = new ChartSandbox(FONT_FACES, { limits: { deadlineMs: 1000 } });
    try {
      expect((await sandbox.render(req)).svg).toBe(local.svg);
      await expect(sandbox.render({ ...req, spec: spinning as never })).rejects.toThrow(/ran longer than 1 s/);
      expect((await sandbox.render(req)).svg).toBe(local.svg);
    } finally {
      await sandbox.close();
    }
  });

  it('leaves no handle that keeps the process alive once the charts are drawn, and close() ends the worker', async () => {
    const holding = (): number => process.getActiveResourcesInfo().filter((r) => /Process|Pipe/.test(r)).length;
    const sandbox = new ChartSandbox(FONT_FACES);
    const before = holding();
    await sandbox.render({ id: 'fig-t', spec: bars() as never, rows: [{ label: 'a', value: 1 }], title: 'T', description: 'D', file: 'own.vl.json' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(holding()).toBeLessThanOrEqual(before);
    await sandbox.close();
    await expect(sandbox.render({ id: 'fig-t', spec: bars() as never, rows: [{ label: 'a', value: 1 }], title: 'T', description: 'D', file: 'own.vl.json' })).resolves.toMatchObject({ id: 'fig-t' });
    await sandbox.close();
  });
});

describe('spec checks without recursion', () => {
  it('walks 100,000 nested arrays in constant stack and refuses them at the depth limit', () => {
    const err = catchBriefingError(() => assertDataOnly(nested(100_000), 'deep.vl.json'));
    expect(err.diagnostics[0]).toMatchObject({ file: 'deep.vl.json', code: MESSAGES.specTooDeep.code });
    expect(err.diagnostics[0]!.message).toContain(String(SPEC_LIMITS.depth));
    expect(() => walkSpec(nested(SPEC_LIMITS.depth), 'ok.vl.json', () => undefined)).not.toThrow();
  });

  it('refuses size parameters past their limits, naming parameter and limit', () => {
    const cases: [Record<string, unknown>, RegExp, MessageName][] = [
      [bars({ encoding: { x: { ...x, bin: { step: 1e-9 } } } }), /bin with step or steps needs an extent/, 'specBinStepNeedsExtent'],
      [bars({ encoding: { x: { ...x, bin: { step: 1e-6, extent: [0, 1] } } } }), /bin \(extent over step\) is 1000000, over the limit of 1000/, 'specOverLimit'],
      [bars({ width: 1e7 }), /width is 10000000, over the limit of 4000/, 'specOverLimit'],
      [bars({ height: { step: 1e6 } }), /height\.step is 1000000, over the limit/, 'specOverLimit'],
      [bars({ data: { sequence: { start: 0, stop: 1e9 } } }), /sequence \(values from start to stop by step\) is 1000000000/, 'specOverLimit'],
      [bars({ transform: [{ density: 'value', steps: 1e7 }] }), /density steps is 10000000/, 'specOverLimit'],
      [bars({ transform: [{ quantile: 'value', step: 1e-9 }] }), /quantile \(1 \/ step\)/, 'specOverLimit'],
      [bars({ encoding: { x: { ...x, axis: { format: '100000000d' } } } }), /format width is 100000000, over the limit of 100/, 'specOverLimit'],
      [bars({ encoding: { x: { ...x, axis: { tickCount: 1e309 } } } }), /tickCount is unbounded/, 'specOverLimit'],
      [bars({ transform: [{ calculate: 'sequence(0, 1e9)', as: 'a' }] }), /sequence\(\) length is 1000000000/, 'specOverLimit'],
      [bars({ transform: [{ calculate: "replace('aaa', /a+/g, 'b')", as: 'a' }] }), /regular expressions are not allowed.*\/a\+\//, 'specRegex'],
      [bars({ transform: [{ filter: "regexp('(a+)+').length > 0" }] }), /regular expressions are not allowed in chart expressions \(regexp\(\)\)/, 'specRegex'],
      [bars({ transform: [{ calculate: "format(datum.value, '1000000000d')", as: 'a' }] }), /format\(\) width is 1000000000/, 'specOverLimit'],
      [bars({ transform: [{ calculate: `${'('.repeat(5000)}1${')'.repeat(5000)}`, as: 'a' }] }), /bracket nesting of an expression is 5000, over the limit of 32/, 'specOverLimit'],
    ];
    for (const [spec, message, record] of cases) {
      const err = catchBriefingError(() => checkChartSpec(spec, 'own.vl.json'));
      expect(err.diagnostics[0]!.code, JSON.stringify(spec).slice(0, 80)).toBe(MESSAGES[record].code);
      expect(err.diagnostics[0]!.message, JSON.stringify(spec).slice(0, 80)).toMatch(message);
      expect(err.diagnostics[0]!.file).toBe('own.vl.json');
    }
  });
});

describe('the preview with a hostile spec', () => {
  const get = (url: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request(url, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('answers while the spec runs, then shows the located error; it closes cleanly', async () => {
    const { dir, file } = await briefingWithSpec(bars());
    const errors: string[] = [];
    const preview = await startPreview({ dir, ctx: createRenderContext(undefined, { chartLimits: { deadlineMs: 4000 } }), port: 0, onRender: (r) => errors.push(...r.errors.map((d) => `${d.file} ${d.message}`)) });
    try {
      expect((await get(preview.url)).status).toBe(200);
      await writeFile(file, JSON.stringify(spinning));
      const rendering = preview.refresh();
      // The render runs in the worker: the server answers a request that does not wait for the draft before it ends.
      const first = await Promise.race([get(`${preview.url}nothing`).then((r) => ({ answered: r.status })), rendering.then(() => ({ answered: 'after the render' }))]);
      expect(first).toEqual({ answered: 404 });
      await rendering;
      const page = await get(preview.url);
      expect(page.body).toContain('ran longer than 4 s');
      expect(page.body).toContain(file);
      expect(errors.some((e) => e.startsWith(file) && e.includes('ran longer than'))).toBe(true);
    } finally {
      await preview.close();
    }
  });
});

describe('closing a busy preview', () => {
  it('ends a chart drawing in the worker instead of waiting for its deadline', async () => {
    const { dir, file } = await briefingWithSpec(bars());
    const preview = await startPreview({ dir, ctx: createRenderContext(undefined, { chartLimits: { deadlineMs: 600_000 } }), port: 0 });
    await writeFile(file, JSON.stringify(spinning));
    const rendering = preview.refresh().then(
      () => 'settled',
      () => 'settled',
    );
    // close() kills the worker, so the render settles now rather than at the ten-minute deadline (the test's own time limit is far shorter).
    await preview.close();
    expect(await rendering).toBe('settled');
  });
});

describe('the CLI', () => {
  it('check ends with the located error for a ReDoS spec instead of hanging', async () => {
    const { dir, file } = await briefingWithSpec(bars({ transform: [{ calculate: "test(/^(a+)+$/, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')", as: 'q' }] }));
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(CATALOGUE.chart.exit);
    expect(r.stderr).toContain(`${file} transform[0].calculate: regular expressions are not allowed`);
  });
});
