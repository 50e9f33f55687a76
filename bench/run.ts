/**
 * `npm run bench`: how long briefing takes, against the floor of what Chromium alone needs.
 *
 *  1. cold CLI build of the sample (HTML + PDF), as a whole process, with a warm on-disk cache and without
 *  2. the floor: bare `chromium --headless --print-to-pdf` of the HTML that build wrote, as a whole process,
 *     alternating with (1) in the same run, and the peers a new user might pick (bench/lib/peers.ts):
 *     md-to-pdf on the same content as Markdown, and pandoc → WeasyPrint when installed
 *  3. warm in-process HTML re-render after a content change (what the preview does), per stage
 *  4. warm PDF on a live browser (printDraft) against bare `page.pdf` of the same HTML on the same browser
 *  5. a batch of 20 copies of the sample via the CLI at concurrency 1 and 2, against the batch floor: bare
 *     `setContent` + `page.pdf` of the 20 final HTML files the `-j 2` batch wrote, 2 pages at a time on one
 *     launched browser (and against 20 sequential cold builds, extrapolated or run: BENCH_SEQUENTIAL)
 *  6. synthetic briefings of 10–100 companies: HTML and PDF time by size
 *  7. large synthetic briefings (100, 500, 1,000 companies) built by the CLI with its defaults: wall time,
 *     pages, stage timings, peak Pss and VmRSS of the process tree, PDF growth; and the preview's warm
 *     re-render of the largest after a one-line edit (bench/lib/large.ts). Takes minutes: leave `large` out
 *     of BENCH_ONLY to skip it.
 *
 * Prints a table (Markdown) on stdout, progress on stderr, and writes `bench/results.json`. Medians of
 * several runs after a warm-up, with min and max. Not part of `npm test`: tests never time anything.
 *
 * Environment:
 *   BENCH_RUNS=n           repetitions of (1)/(2), (4) and the HTML re-renders (default 5; (3) runs 4n)
 *   BENCH_BATCH_RUNS=n     repetitions of each batch (default 1: each is 20 builds)
 *   BENCH_SEQUENTIAL=real|extrapolate   the 20 sequential cold builds (5) are compared with: run for real, or
 *                          estimated as 20 × median(1); default extrapolate when the cold section runs, else
 *                          none (the 8× target they served is withdrawn, #29; the batch floor replaced it)
 *   BENCH_SIZES=10,25,50,100       company counts for (6)
 *   BENCH_SIZE_PDF_RUNS=n  PDF repetitions per size in (6) (default ceil(BENCH_RUNS / 2))
 *   BENCH_LARGE_SIZES=100,500,1000 company counts for (7), ascending; the last is the large briefing
 *   BENCH_LARGE_TIMEOUT=ms passed to (7)'s builds as `--timeout` (default: none, the CLI's own limit)
 *   BENCH_EDIT_RUNS=n      re-renders after a one-line edit in (7) (default 2 × BENCH_RUNS)
 *   BENCH_ONLY=cold,html,pdf,batch,size,large   run only these sections
 *   BENCH_PSS=0            do not sample Pss (smaps_rollup) in (5) and (7), the memory targets' measure
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import subsetFont from 'subset-font';
import { renderCharts } from '../src/charts/catalogue.ts';
import type { ChartRequest, ChartSvg } from '../src/charts/render.ts';
import { parseBriefing } from '../src/content/load.ts';
import { readContentFiles } from '../src/content/read.ts';
import { GENERATOR, renderDraft, type Draft, type StageTimings } from '../src/build.ts';
import { createRenderContext, type RenderContext } from '../src/context.ts';
import { documentMetadata, pdfMetadata, printDraft } from '../src/pdf/print-draft.ts';
import type { HtmlDocument } from '../src/html/render.ts';
import { FONT_FACES, FontSet } from '../src/fonts.ts';
import { citationNumbers } from '../src/html/markdown.ts';
import { compileTemplates, loadTemplateSet, renderHtml, visibleText } from '../src/html/render.ts';
import { buildView } from '../src/html/view.ts';
import { computeMetrics } from '../src/metrics/compute.ts';
import { findChromium, launchBrowser } from '../src/pdf/browser.ts';
import { CHROMIUM_ARGS } from '../src/pdf/chromium.ts';
import { finishPrint, printPdf } from '../src/pdf/print.ts';
import { copyBriefing, generateBriefing, rewriteTitle } from './lib/content.ts';
import { largeBriefings } from './lib/large.ts';
import { pandocMissing, runMdToPdf, runPandocWeasyPrint, writeMarkdown } from './lib/peers.ts';
import { runProcess, type ProcessRun } from './lib/proc.ts';
import { growthMeasured, growthNote, renderTable, show, type Block, type Row, type Target } from './lib/report.ts';
import { growthJson, growthOf, round, round2, summarize, time, type Summary } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SAMPLE = path.join(ROOT, 'content', 'ai-ipo-2026');
const CLI = path.join(ROOT, 'bin', 'briefing.js');
const RESULTS = path.join(ROOT, 'bench', 'results.json');

const intEnv = (name: string, fallback: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not "${v}"`);
  return n;
};
const RUNS = intEnv('BENCH_RUNS', 5);
const BATCH_RUNS = intEnv('BENCH_BATCH_RUNS', 1);
const SIZE_PDF_RUNS = intEnv('BENCH_SIZE_PDF_RUNS', Math.ceil(RUNS / 2));
const SIZES = (process.env['BENCH_SIZES'] ?? '10,25,50,100').split(',').map(Number);
const SEQUENTIAL = process.env['BENCH_SEQUENTIAL'];
if (SEQUENTIAL !== undefined && SEQUENTIAL !== '' && SEQUENTIAL !== 'real' && SEQUENTIAL !== 'extrapolate') throw new Error(`BENCH_SEQUENTIAL must be real or extrapolate, not "${SEQUENTIAL}"`);
const SEQUENTIAL_REAL = SEQUENTIAL === 'real';
const LARGE_SIZES = (process.env['BENCH_LARGE_SIZES'] ?? '100,500,1000').split(',').map(Number);
const LARGE_TIMEOUT = process.env['BENCH_LARGE_TIMEOUT'] === undefined || process.env['BENCH_LARGE_TIMEOUT'] === '' ? undefined : intEnv('BENCH_LARGE_TIMEOUT', 60_000);
const EDIT_RUNS = intEnv('BENCH_EDIT_RUNS', 2 * RUNS);
const PSS = process.env['BENCH_PSS'] !== '0';
const ONLY = new Set((process.env['BENCH_ONLY'] ?? 'cold,html,pdf,batch,size,large').split(','));
const BATCH_SIZE = 20;
const RSS_SAMPLE_MS = 50;
/** Pss is summed every this many RSS samples (bench/lib/proc.ts). */
const PSS_EVERY = 4;
const MiB = 1024 * 1024;

/** Environment of every CLI run: plain progress lines, no colour, UTC (as the tests run it). */
const CLI_ENV: NodeJS.ProcessEnv = { ...process.env, CI: '1', NO_COLOR: '1', TZ: 'UTC' };

const progress = (msg: string): void => {
  const load = os.loadavg()[0]!.toFixed(2);
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s, load ${load}] ${msg}\n`);
};
/** 1-minute load average when each section started (other work on the machine inflates that section). */
const sectionLoad: Record<string, number> = {};
const markSection = (name: string): void => {
  sectionLoad[name] = round2(os.loadavg()[0]!);
};
const started = performance.now();

function mustSucceed(run: ProcessRun, what: string): ProcessRun {
  if (run.code !== 0) throw new Error(`${what} exited with ${run.code ?? run.signal}:\n${run.stderr.slice(-2000)}`);
  return run;
}

/** `node bin/briefing.js <args>`, measured as a whole process. */
function cli(args: readonly string[], sample = false): Promise<ProcessRun> {
  return runProcess(process.execPath, [CLI, ...args], { cwd: ROOT, env: CLI_ENV, ...(sample ? { sampleMs: RSS_SAMPLE_MS, ...(PSS ? { pssEvery: PSS_EVERY } : {}) } : {}) });
}

/** Stage timings of the one briefing a CLI build wrote to `<out>/manifest.json`. */
async function manifestTimings(out: string): Promise<Partial<StageTimings>[]> {
  const m = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { ok: boolean; briefings: { timings: Partial<StageTimings> }[] };
  if (!m.ok) throw new Error(`build in ${out} reported failure`);
  return m.briefings.map((b) => b.timings);
}

/** Medians per stage of a list of stage timings. */
function stageSummaries(list: readonly Partial<StageTimings>[]): Record<string, Summary> {
  const out: Record<string, Summary> = {};
  for (const stage of ['load', 'metrics', 'charts', 'html', 'pdf', 'write'] as const) {
    const xs = list.map((t) => t[stage]).filter((x): x is number => x !== undefined);
    if (xs.length > 0) out[stage] = summarize(xs);
  }
  return out;
}

const stageRows = (stages: Record<string, Summary>, prefix: string): Row[] => Object.entries(stages).map(([k, v]) => ({ label: `${prefix}${k}`, value: v, unit: 'ms' }));

/** Same options as src/pdf/print.ts, without its hardening (no JS switch, no request blocking) and without pdf-lib. */
async function barePagePdf(browser: Browser, html: string): Promise<{ ms: number; setContentMs: number; pdfMs: number; bytes: number; raw: Uint8Array }> {
  const start = performance.now();
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    const mid = performance.now();
    const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, outline: true, waitForFonts: true });
    const end = performance.now();
    return { ms: end - start, setContentMs: mid - start, pdfMs: end - mid, bytes: pdf.byteLength, raw: pdf };
  } finally {
    await page.close();
  }
}

/**
 * Print a draft the way build does (true contents page numbers; no build cache, so it estimates each time),
 * or, with `lint` false, the way the preview's first `/pdf` does (no print lint, no earlier numbers to try).
 */
async function timedPrintDraft(browser: Browser, draft: Draft, lint = true): Promise<{ ms: number; prints: number; pages: number; html: string; document: HtmlDocument }> {
  const { ms, value } = await time(() => printDraft(draft, (work) => work(browser), { lint }));
  return { ms, prints: value.prints, pages: value.pdf.pages, html: value.html.html, document: value.html };
}

// ---------------------------------------------------------------------------------------------------------

interface Results {
  [section: string]: unknown;
}

const blocks: Block[] = [];
const targets: Target[] = [];
const results: Results = {};

/**
 * (1) and (2): cold CLI build against bare Chromium printing the same final HTML, and against the peers
 * (md-to-pdf, pandoc → WeasyPrint) on equivalent Markdown, all as whole processes, alternating.
 * The cold build runs twice per round: with the on-disk cache a nightly build has (font subsets and charts
 * from the night before) and with `--no-cache` (a first build on a fresh machine).
 */
async function coldVsFloor(tmp: string): Promise<{ coldMedian: number }> {
  const chromium = findChromium();
  const root = process.getuid?.() === 0;
  const bareArgs = (profile: string, out: string, html: string): string[] => [
    ...CHROMIUM_ARGS,
    ...(root ? ['--no-sandbox'] : []),
    `--user-data-dir=${profile}`,
    `--print-to-pdf=${out}`,
    pathToFileURL(html).href,
  ];
  const cacheDir = path.join(tmp, 'cold-cache');
  let n = 0;
  const coldBuild = async (cache: boolean): Promise<{ run: ProcessRun; out: string; timings: Partial<StageTimings> }> => {
    const out = path.join(tmp, `cold-${n++}`);
    const run = mustSucceed(await cli(['build', SAMPLE, '--out', out, ...(cache ? ['--cache-dir', cacheDir] : ['--no-cache'])]), 'cold build');
    const [timings] = await manifestTimings(out);
    return { run, out, timings: timings! };
  };
  const bare = async (html: string): Promise<ProcessRun> => {
    const profile = await mkdtemp(path.join(tmp, 'profile-'));
    const out = path.join(tmp, `bare-${n++}.pdf`);
    const run = mustSucceed(await runProcess(chromium, bareArgs(profile, out, html)), 'bare chromium');
    if ((await stat(out)).size === 0) throw new Error('bare chromium wrote an empty PDF');
    await rm(profile, { recursive: true, force: true });
    return run;
  };

  progress(`(1)/(2) warm-up: one cold build (filling its cache), one bare print, one md-to-pdf`);
  const warm = await coldBuild(true);
  const finalHtml = path.join(warm.out, 'ai-ipo-2026.html');
  await bare(finalHtml);
  const markdown = await writeMarkdown(await readFile(finalHtml, 'utf8'), tmp, 'peer');
  mustSucceed(await runMdToPdf(markdown, chromium, CLI_ENV), 'md-to-pdf');
  const pandocNote = pandocMissing();
  if (pandocNote === null) mustSucceed(await runPandocWeasyPrint(markdown, CLI_ENV), 'pandoc → weasyprint');

  const cold: number[] = [];
  const fresh: number[] = [];
  const floor: number[] = [];
  const peer: number[] = [];
  const weasy: number[] = [];
  const pairs: number[] = [];
  const peerPairs: number[] = [];
  const timings: Partial<StageTimings>[] = [];
  const freshTimings: Partial<StageTimings>[] = [];
  const inProcess: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    progress(`(1)/(2) run ${i + 1}/${RUNS}: cold build, bare chromium, md-to-pdf, cold build --no-cache${pandocNote === null ? ', pandoc' : ''}`);
    const c = await coldBuild(true);
    const f = await bare(finalHtml);
    const m = mustSucceed(await runMdToPdf(markdown, chromium, CLI_ENV), 'md-to-pdf');
    const u = await coldBuild(false);
    if (pandocNote === null) weasy.push(mustSucceed(await runPandocWeasyPrint(markdown, CLI_ENV), 'pandoc → weasyprint').ms);
    cold.push(c.run.ms);
    fresh.push(u.run.ms);
    floor.push(f.ms);
    peer.push(m.ms);
    pairs.push(c.run.ms / f.ms);
    peerPairs.push(c.run.ms / m.ms);
    timings.push(c.timings);
    freshTimings.push(u.timings);
    inProcess.push(Object.values(c.timings).reduce((s, x) => s + (x ?? 0), 0));
  }
  const startup: number[] = [];
  for (let i = 0; i < RUNS; i++) startup.push(mustSucceed(await cli(['--help']), 'briefing --help').ms);
  const checks: number[] = [];
  for (let i = 0; i < RUNS; i++) checks.push(mustSucceed(await cli(['check', SAMPLE]), 'briefing check').ms);

  const coldS = summarize(cold);
  const freshS = summarize(fresh);
  const floorS = summarize(floor);
  const peerS = summarize(peer);
  const ratio = coldS.median / floorS.median;
  const freshRatio = freshS.median / floorS.median;
  const peerRatio = coldS.median / peerS.median;
  const stages = stageSummaries(timings);
  const freshStages = stageSummaries(freshTimings);
  const outside = summarize(cold.map((c, i) => c - inProcess[i]!));
  const startupS = summarize(startup);
  const checkS = summarize(checks);
  blocks.push({
    title: '1–2. Cold CLI build vs bare Chromium and peers (whole processes, alternating)',
    rows: [
      { label: '(1) briefing build content/ai-ipo-2026 (HTML+PDF), cache from an earlier build', value: coldS, unit: 'ms', note: 'as a nightly build' },
      { label: "(1') the same with --no-cache", value: freshS, unit: 'ms', note: 'first build on a fresh machine' },
      { label: '(2) chromium --headless --print-to-pdf final.html', value: floorS, unit: 'ms', note: 'one print' },
      { label: '(P) md-to-pdf 5.2.5 of the same content as Markdown', value: peerS, unit: 'ms', note: 'same Chromium' },
      pandocNote === null
        ? { label: '(W) pandoc --pdf-engine=weasyprint of the same Markdown', value: summarize(weasy), unit: 'ms' }
        : { label: '(W) pandoc --pdf-engine=weasyprint', value: '—', unit: '', note: pandocNote },
      { label: 'ratio (1)/(2), medians', value: ratio, unit: 'x', note: 'target ≤ 1.3' },
      { label: "ratio (1')/(2), medians", value: freshRatio, unit: 'x', note: 'target ≤ 1.4 (#29)' },
      { label: 'ratio (1)/(2), per alternating pair', value: summarize(pairs), unit: 'x' },
      { label: 'ratio (1)/(P), medians', value: peerRatio, unit: 'x', note: 'target < 1: faster than md-to-pdf' },
      { label: 'ratio (1)/(P), per round', value: summarize(peerPairs), unit: 'x' },
      ...stageRows(stages, '(1) stage: '),
      ...stageRows(freshStages, "(1') stage: "),
      { label: '(1) outside the stages (Node start, imports, browser close)', value: outside, unit: 'ms', note: 'wall − sum of stages' },
      { label: 'node bin/briefing.js --help (start + imports)', value: startupS, unit: 'ms', note: 'target ≤ 300 ms' },
      { label: 'node bin/briefing.js check content/ai-ipo-2026', value: checkS, unit: 'ms', note: 'target ≤ 600 ms' },
    ],
  });
  targets.push({ section: 1, name: 'cold build ÷ bare Chromium print', measured: show(ratio, 'x'), limit: '≤ 1.30×', pass: ratio <= 1.3 });
  targets.push({ section: 1, name: 'first build on a fresh machine (--no-cache) ÷ bare Chromium print', measured: show(freshRatio, 'x'), limit: '≤ 1.40×', pass: freshRatio <= 1.4 });
  targets.push({ section: 1, name: 'cold build ÷ md-to-pdf', measured: show(peerRatio, 'x'), limit: '< 1×', pass: peerRatio < 1 });
  targets.push({ section: 1, name: 'briefing --help', measured: show(startupS.median, 'ms'), limit: '≤ 300 ms', pass: startupS.median <= 300 });
  targets.push({ section: 1, name: 'briefing check of the sample', measured: show(checkS.median, 'ms'), limit: '≤ 600 ms', pass: checkS.median <= 600 });
  results['coldVsFloor'] = {
    cold: coldS,
    coldNoCache: freshS,
    floor: floorS,
    mdToPdf: peerS,
    pandocWeasyPrint: pandocNote ?? summarize(weasy),
    ratio: round2(ratio),
    ratioNoCache: round2(freshRatio),
    ratioMdToPdf: round2(peerRatio),
    pairRatios: summarize(pairs),
    stages,
    stagesNoCache: freshStages,
    outsideStages: outside,
    cliStartup: startupS,
    check: checkS,
    chromium,
    bareArgs: bareArgs('<fresh>', '<out>', '<final.html>'),
  };
  return { coldMedian: coldS.median };
}

/** Characters the sample never uses, one per forced font re-subset (Latin Extended-A, covered by Noto Sans). */
let freshChar = 0x0100;
const nextFreshChar = (): string => String.fromCodePoint(freshChar++);

/** A chart cache like build.ts's (same key), for the instrumented pipeline below. */
function chartCache(ctx: RenderContext): (req: ChartRequest) => Promise<ChartSvg> {
  const cache = new Map<string, Promise<ChartSvg>>();
  return (req) => {
    const key = createHash('sha256').update(JSON.stringify([req.id, req.spec, req.rows, req.title, req.description])).digest('hex');
    let svg = cache.get(key);
    if (!svg) {
      svg = ctx.drawChart(req);
      cache.set(key, svg);
    }
    return svg;
  };
}

/** (3): warm in-process HTML re-render after a content change, per stage. */
async function warmHtml(tmp: string, ctx: RenderContext): Promise<void> {
  const dir = path.join(tmp, 'warm-html');
  await copyBriefing(SAMPLE, dir, 'ai-ipo-2026');
  let revision = 0;
  progress('(3) first render in this process (cold caches)');
  const first = await time(() => renderDraft(dir, ctx));
  for (let i = 0; i < 3; i++) {
    await rewriteTitle(dir, ++revision);
    await renderDraft(dir, ctx);
  }
  const n = RUNS * 4;
  progress(`(3) ${n} re-renders after a title change`);
  const totals: number[] = [];
  const timings: Partial<StageTimings>[] = [];
  for (let i = 0; i < n; i++) {
    await rewriteTitle(dir, ++revision);
    const { ms, value } = await time(() => renderDraft(dir, ctx));
    totals.push(ms);
    timings.push(value.timings);
  }

  // The same stages called one by one, to split load into read and parse and to time what renderDraft
  // does not: compiling templates and building the view model, and, inside the HTML stage, Handlebars vs fonts.
  progress(`(3) ${n} instrumented re-renders (stages split)`);
  const split: Record<string, number[]> = { read: [], 'parse + validate': [], metrics: [], charts: [], 'templates (compile + view model)': [], 'html (renderHtml)': [], 'sum of stages': [], 'html: Handlebars only (templates already compiled)': [], 'html: visibleText + font cache lookup': [], 'html: Handlebars first call of new templates (lazy compile)': [] };
  const charts = chartCache(ctx);
  const name = 'default';
  const templateSet = await (ctx.templates.get(name) ?? loadTemplateSet(ctx.templatesRoot, name));
  for (let i = 0; i < n + 1; i++) {
    await rewriteTitle(dir, ++revision);
    const read = await time(() => readContentFiles(dir));
    const parse = await time(() => parseBriefing(read.value));
    const metrics = await time(() => computeMetrics(parse.value));
    const chartSet = await time(() =>
      renderCharts(parse.value, metrics.value, async (name) => templateSet.charts.get(`${name}.vl.json`)!, charts),
    );
    const templates = await time(() => {
      const render = compileTemplates(templateSet, citationNumbers(parse.value));
      const view = buildView(parse.value, metrics.value, chartSet.value, templateSet.css, GENERATOR);
      return { render, view };
    });
    const html = await time(() => renderHtml(templates.value.render, templates.value.view, ctx.fonts));
    const hbs = await time(() => templates.value.render({ ...templates.value.view, fontFaces: '' }));
    const lookup = await time(() => ctx.fonts.fontFaceCss(visibleText(hbs.value)));
    // Handlebars compiles a template on its first call: renderHtml pays that on every re-render, because
    // renderDraft compiles the templates anew each time. Time a first call of freshly compiled templates.
    const fresh = compileTemplates(templateSet, citationNumbers(parse.value));
    const firstCall = await time(() => fresh({ ...templates.value.view, fontFaces: '' }));
    if (i === 0) continue; // the first one fills this pipeline's chart cache
    const parts = { read: read.ms, 'parse + validate': parse.ms, metrics: metrics.ms, charts: chartSet.ms, 'templates (compile + view model)': templates.ms, 'html (renderHtml)': html.ms };
    for (const [k, v] of Object.entries(parts)) split[k]!.push(v);
    split['sum of stages']!.push(Object.values(parts).reduce((s, x) => s + x, 0));
    split['html: Handlebars only (templates already compiled)']!.push(hbs.ms);
    split['html: visibleText + font cache lookup']!.push(lookup.ms);
    split['html: Handlebars first call of new templates (lazy compile)']!.push(firstCall.ms);
  }

  const m = Math.max(3, RUNS);
  progress(`(3) ${m} re-renders that add a character the document never had (font re-subset)`);
  const newChar: number[] = [];
  for (let i = 0; i < m; i++) {
    await rewriteTitle(dir, ++revision, ` ${nextFreshChar()}`);
    newChar.push((await time(() => renderDraft(dir, ctx))).ms);
  }

  progress(`(3) font subsetting: all faces vs Latin faces only`);
  const text = visibleText((await renderDraft(dir, ctx)).html.html);
  const all = new FontSet();
  const latin = new FontSet(FONT_FACES.filter((f) => !f.fallback));
  await all.fontFaceCss(text);
  await latin.fontFaceCss(text);
  const subsetAll: number[] = [];
  const subsetLatin: number[] = [];
  for (let i = 0; i < m; i++) {
    subsetAll.push((await time(() => all.fontFaceCss(text + nextFreshChar()))).ms);
    subsetLatin.push((await time(() => latin.fontFaceCss(text + nextFreshChar()))).ms);
  }
  // The first subsetting in a fresh process, as a cold build pays it (font files read, WebAssembly compiled).
  const textFile = path.join(tmp, 'visible-text.txt');
  await writeFile(textFile, text);
  const coldFonts: Record<'all' | 'latin', number[]> = { all: [], latin: [] };
  for (let i = 0; i < Math.min(m, 3); i++) {
    for (const which of ['all', 'latin'] as const) {
      const run = mustSucceed(await runProcess(process.execPath, [path.join(ROOT, 'bench', 'lib', 'cold-fonts.ts'), which, textFile]), 'cold-fonts');
      coldFonts[which].push((JSON.parse(run.stdout) as { firstMs: number }).firstMs);
    }
  }
  // One face at a time, as fonts.ts subsets it (Latin: printable ASCII + the document's other characters;
  // CJK: only the CJK characters), to WOFF2 as shipped and to plain TrueType (no Brotli compression).
  const regular = FONT_FACES.find((f) => f.family === 'Noto Sans' && f.weight === 400 && f.style === 'normal')!;
  const cjk = FONT_FACES.find((f) => f.fallback && f.weight === 400)!;
  let ascii = '';
  for (let c = 0x20; c <= 0x7e; c++) ascii += String.fromCharCode(c);
  const extra = [...new Set(text)].filter((c) => c.codePointAt(0)! > 0x7e);
  const cjkText = extra.filter((c) => /[\u2E80-\u9FFF\uF900-\uFAFF\u3000-\u303F\uFF00-\uFFEF]/u.test(c)).join('');
  const perFace: Record<string, number[]> = {};
  const faceRuns: [string, Buffer, string][] = [
    ['Noto Sans 400', await readFile(regular.file), ascii + extra.join('')],
    [`Noto Sans SC 400 (${[...cjkText].length} CJK characters)`, await readFile(cjk.file), cjkText],
  ];
  for (const [label, buffer, chars] of faceRuns) {
    for (const format of ['woff2', 'truetype'] as const) {
      const key = `${label} → ${format}`;
      perFace[key] = [];
      await subsetFont(buffer, chars, { targetFormat: format });
      for (let i = 0; i < m; i++) perFace[key].push((await time(() => subsetFont(buffer, chars, { targetFormat: format }))).ms);
    }
  }

  const totalS = summarize(totals);
  const stages = stageSummaries(timings);
  const splitS = Object.fromEntries(Object.entries(split).map(([k, v]) => [k, summarize(v)]));
  blocks.push({
    title: '3. Warm in-process HTML re-render after a content change (one RenderContext, as the preview)',
    rows: [
      { label: 'first renderDraft in the process (cold caches)', value: first.ms, unit: 'ms', note: 'single sample' },
      { label: 'renderDraft after a title change', value: totalS, unit: 'ms', note: 'target ≤ 50 ms' },
      ...stageRows(stages, 'renderDraft stage: '),
      ...Object.entries(splitS).map(([k, v]): Row => ({ label: `split: ${k}`, value: v, unit: 'ms' })),
      { label: 'renderDraft after a change adding a new character', value: summarize(newChar), unit: 'ms', note: 'every face re-subset' },
      { label: 'font subsets, all 7 faces (cache miss)', value: summarize(subsetAll), unit: 'ms' },
      { label: 'font subsets, 5 Latin faces only (cache miss)', value: summarize(subsetLatin), unit: 'ms', note: 'difference: Noto Sans SC' },
      { label: 'first font subsets in a fresh process, all 7 faces', value: summarize(coldFonts.all), unit: 'ms', note: 'as in a cold build' },
      { label: 'first font subsets in a fresh process, 5 Latin faces', value: summarize(coldFonts.latin), unit: 'ms' },
      ...Object.entries(perFace).map(([k, v]): Row => ({ label: `subset one face: ${k}`, value: summarize(v), unit: 'ms' })),
    ],
  });
  targets.push({ section: 3, name: 'warm HTML re-render (median)', measured: show(totalS.median, 'ms'), limit: '≤ 50 ms', pass: totalS.median <= 50 });
  results['warmHtml'] = { firstRenderMs: round(first.ms), rerender: totalS, stages, split: splitS, newCharacter: summarize(newChar), subsetAllFaces: summarize(subsetAll), subsetLatinFaces: summarize(subsetLatin), coldSubsetAllFaces: summarize(coldFonts.all), coldSubsetLatinFaces: summarize(coldFonts.latin), subsetOneFace: Object.fromEntries(Object.entries(perFace).map(([k, v]) => [k, summarize(v)])) };
}

/**
 * The preview's warm loop, RUNS times: retitle the copy, re-render it, and print it as `/pdf` does (no lint,
 * the previous print's contents numbers tried first). Returns the print times in ms and the prints each took.
 */
async function previewAfterEdits(dir: string, ctx: RenderContext, browser: Browser, first: ReadonlyMap<string, number>): Promise<{ ms: number[]; prints: number[] }> {
  const ms: number[] = [];
  const prints: number[] = [];
  let guess = first;
  for (let i = 0; i < RUNS; i++) {
    await rewriteTitle(dir, i + 1);
    const edited = await renderDraft(dir, ctx);
    const { ms: took, value } = await time(() => printDraft(edited, (work) => work(browser), { lint: false, guess }));
    ms.push(took);
    prints.push(value.prints);
    guess = value.pages;
  }
  return { ms, prints };
}

/** (4): warm PDF on a live browser against bare page.pdf of the same final HTML on the same browser. */
async function warmPdf(tmp: string, ctx: RenderContext, browser: Browser, launches: number[]): Promise<void> {
  const dir = path.join(tmp, 'warm-pdf');
  await copyBriefing(SAMPLE, dir, 'ai-ipo-2026');
  const draft = await renderDraft(dir, ctx);
  progress('(4) warm-up: printDraft, printPdf and bare page.pdf once each');
  const w = await timedPrintDraft(browser, draft);
  const firstPreview = await printDraft(draft, (work) => work(browser), { lint: false });
  const meta = documentMetadata(pdfMetadata(draft.briefing), w.document);
  await printPdf(browser, w.html, meta);
  await barePagePdf(browser, w.html);
  const full: number[] = [];
  const preview: number[] = [];
  const prints: number[] = [];
  const single: number[] = [];
  const conformed: number[] = [];
  const unconformed: number[] = [];
  const bare: number[] = [];
  const setContent: number[] = [];
  const pdfOnly: number[] = [];
  let pages = 0;
  for (let i = 0; i < RUNS; i++) {
    progress(`(4) run ${i + 1}/${RUNS}: printDraft with and without lint, one printPdf, bare page.pdf`);
    const p = await timedPrintDraft(browser, draft);
    full.push(p.ms);
    preview.push((await timedPrintDraft(browser, draft, false)).ms);
    prints.push(p.prints);
    pages = p.pages;
    single.push((await time(() => printPdf(browser, p.html, meta))).ms);
    const b = await barePagePdf(browser, p.html);
    bare.push(b.ms);
    setContent.push(b.setContentMs);
    pdfOnly.push(b.pdfMs);
    // The pass after Chromium on the same print, with and without the standards (src/pdf/standards/).
    conformed.push((await time(() => finishPrint(b.raw, meta))).ms);
    unconformed.push((await time(() => finishPrint(b.raw, { ...meta, standards: [] }))).ms);
  }
  progress(`(4) ${RUNS} edits, each printed as the preview's /pdf`);
  const edits = await previewAfterEdits(dir, ctx, browser, firstPreview.pages);
  const fullS = summarize(full);
  const previewS = summarize(preview);
  const editS = summarize(edits.ms);
  const bareS = summarize(bare);
  const ratio = editS.median / bareS.median;
  const singleS = summarize(single);
  const conformedS = summarize(conformed);
  const unconformedS = summarize(unconformed);
  // The standards pass (src/pdf/standards/) as a share of the build's PDF stage: the pass after Chromium with it less without.
  const standardsShare = (conformedS.median - unconformedS.median) / fullS.median;
  blocks.push({
    title: '4. Warm PDF on a live browser (sample, same final HTML)',
    rows: [
      { label: 'launchBrowser() (spawn, connect puppeteer; fresh profile)', value: summarize(launches), unit: 'ms', note: 'paid once per CLI run' },
      { label: 'printDraft (build’s PDF stage, with the print lint)', value: fullS, unit: 'ms', note: `${summarize(prints).median} prints, ${pages} pages` },
      { label: 'printDraft without the print lint (the preview’s first /pdf)', value: previewS, unit: 'ms', note: 'layout pass without the lint’s facts' },
      { label: 'preview /pdf after an edit (title changed, previous numbers tried)', value: editS, unit: 'ms', note: `${summarize(edits.prints).median} prints; the warm PDF an editor waits for` },
      { label: 'one printPdf of the final HTML', value: singleS, unit: 'ms', note: 'JS off, requests blocked, pdf-lib' },
      { label: 'pdf-lib pass after Chromium, with the standards (PDF/UA-1, PDF/A-2b)', value: conformedS, unit: 'ms', note: 'finishPrint on one raw print' },
      { label: 'pdf-lib pass after Chromium, pdfStandard: none', value: unconformedS, unit: 'ms', note: 'Info, outline and structure ids only' },
      { label: 'standards pass ÷ printDraft', value: standardsShare, unit: 'x', note: 'PDF/UA-1 + PDF/A-2b post-processing; target ≤ 0.10' },
      { label: 'bare setContent + page.pdf', value: bareS, unit: 'ms', note: 'same page.pdf options' },
      { label: 'bare: setContent (load, fonts)', value: summarize(setContent), unit: 'ms' },
      { label: 'bare: page.pdf', value: summarize(pdfOnly), unit: 'ms' },
      { label: 'ratio preview /pdf after an edit / bare', value: ratio, unit: 'x', note: 'target ≤ 1.5' },
      { label: 'ratio preview’s first /pdf / bare', value: previewS.median / bareS.median, unit: 'x', note: 'no earlier print to number from' },
      { label: 'ratio build’s printDraft / bare', value: fullS.median / bareS.median, unit: 'x', note: 'layout pass with the lint’s facts' },
      { label: 'ratio one printPdf / bare', value: singleS.median / bareS.median, unit: 'x', note: 'cost per print beyond Chromium' },
    ],
  });
  targets.push({ section: 4, name: 'warm PDF (preview /pdf after an edit) ÷ bare printToPDF', measured: show(ratio, 'x'), limit: '≤ 1.50×', pass: ratio <= 1.5 });
  targets.push({ section: 4, name: 'standards pass (PDF/UA-1, PDF/A-2b) ÷ the PDF stage (printDraft)', measured: show(standardsShare, 'x'), limit: '≤ 0.10×', pass: standardsShare <= 0.1 });
  results['warmPdf'] = { launch: summarize(launches), printDraft: fullS, previewPdf: previewS, previewAfterEdit: editS, prints: summarize(prints), pages, printPdfOnce: singleS, finishWithStandards: conformedS, finishWithoutStandards: unconformedS, standardsShare: round2(standardsShare), bare: bareS, bareSetContent: summarize(setContent), barePdf: summarize(pdfOnly), ratio: round2(ratio) };
}

/** The final HTML files a batch wrote under `out` (its briefings' `<id>.html`), in name order. */
async function batchHtml(out: string): Promise<string[]> {
  const names = (await readdir(out, { recursive: true })).filter((f) => f.endsWith('.html')).sort();
  return Promise.all(names.map((f) => readFile(path.join(out, f), 'utf8')));
}

/** (5) runs: the batch at -j 1 and -j 2, alternating, BATCH_RUNS times; and the final HTML of the first -j 2 batch. */
async function batchRuns(tmp: string, dirs: readonly string[]): Promise<{ runs: Record<string, ProcessRun[]>; html: string[] }> {
  const runs: Record<string, ProcessRun[]> = { '1': [], '2': [] };
  let html: string[] = [];
  let n = 0;
  for (let r = 0; r < BATCH_RUNS; r++) {
    for (const j of r % 2 === 0 ? ['1', '2'] : ['2', '1']) {
      progress(`(5) batch of ${BATCH_SIZE} at -j ${j} (run ${r + 1}/${BATCH_RUNS})`);
      const out = path.join(tmp, `batch-out-${n++}`);
      const run = mustSucceed(await cli(['build', ...dirs, '--out', out, '-j', j], true), `batch -j ${j}`);
      const timings = await manifestTimings(out);
      if (timings.length !== BATCH_SIZE) throw new Error(`batch -j ${j} built ${timings.length} briefings`);
      if (j === '2' && html.length === 0) html = await batchHtml(out);
      runs[j]!.push(run);
      await rm(out, { recursive: true, force: true });
    }
  }
  if (html.length !== BATCH_SIZE) throw new Error(`the -j 2 batch wrote ${html.length} HTML files, not ${BATCH_SIZE}`);
  return { runs, html };
}

/**
 * The batch floor: bare `setContent` + `page.pdf` (src/pdf/print.ts's options) of `html`, `concurrency` pages
 * at a time on one browser launched as build launches it, total wall time; BATCH_RUNS times after one
 * unmeasured print.
 */
async function batchFloor(html: readonly string[], concurrency: number): Promise<Summary> {
  const browser = await launchBrowser();
  try {
    await barePagePdf(browser, html[0]!);
    const walls: number[] = [];
    for (let r = 0; r < BATCH_RUNS; r++) {
      progress(`(5) batch floor: ${html.length} bare prints, ${concurrency} at a time (run ${r + 1}/${BATCH_RUNS})`);
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < html.length; i = next++) await barePagePdf(browser, html[i]!);
      };
      const { ms } = await time(() => Promise.all(Array.from({ length: concurrency }, worker)));
      walls.push(ms);
    }
    return summarize(walls);
  } finally {
    await browser.close();
  }
}

/**
 * The 20 sequential cold builds of the old speed-up rows (BENCH_SEQUENTIAL): run for real, or 20 × the median
 * cold build of (1); undefined when neither is asked for or possible.
 */
async function sequentialBuilds(tmp: string, dirs: readonly string[], coldMedian: number | undefined): Promise<{ ms: number; rows: Row[]; summary: Record<string, unknown> } | undefined> {
  if (!SEQUENTIAL_REAL) {
    if (coldMedian === undefined) return undefined;
    const ms = coldMedian * BATCH_SIZE;
    return { ms, rows: [{ label: `${BATCH_SIZE} sequential cold builds, total`, value: ms, unit: 'ms', note: `EXTRAPOLATED: ${BATCH_SIZE} × median of (1), not run` }], summary: { totalMs: round(ms), real: false } };
  }
  const sequential: number[] = [];
  let peak = 0;
  let breakdown: Record<string, number> = {};
  for (let i = 0; i < BATCH_SIZE; i++) {
    if (i % 5 === 0) progress(`(5) sequential cold builds ${i + 1}–${Math.min(i + 5, BATCH_SIZE)} of ${BATCH_SIZE}`);
    const out = path.join(tmp, `seq-${i}`);
    const run = mustSucceed(await cli(['build', dirs[i]!, '--out', out], true), 'sequential cold build');
    sequential.push(run.ms);
    if ((run.peakRssBytes ?? 0) > peak) breakdown = { ...run.peakBreakdown };
    peak = Math.max(peak, run.peakRssBytes ?? 0);
    await rm(out, { recursive: true, force: true });
  }
  const ms = sequential.reduce((sum, x) => sum + x, 0);
  const rows: Row[] = [
    { label: `${BATCH_SIZE} sequential cold builds, total`, value: ms, unit: 'ms', note: `${BATCH_SIZE} separate CLI processes, run for real` },
    { label: 'one sequential cold build', value: summarize(sequential), unit: 'ms' },
    { label: 'peak RSS of one cold build (tree, summed VmRSS)', value: peak / MiB, unit: 'MiB' },
    { label: '  VmRSS at that peak, by process kind', value: '', unit: '', note: `${Object.entries(breakdown).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${Math.round(v / MiB)}`).join(', ')} MiB` },
  ];
  return { ms, rows, summary: { totalMs: round(ms), real: true, perBuild: summarize(sequential), peakRssMiB: round(peak / MiB) } };
}

/**
 * (5): 20 copies of the sample via the CLI at -j 1 and -j 2, against the batch floor (bare prints of the
 * same 20 final HTML files, 2 at a time on one browser; target ≤ 1.25× at -j 2, #29), and against 20
 * sequential cold builds when BENCH_SEQUENTIAL asks for them.
 */
async function batch(tmp: string, coldMedian: number | undefined): Promise<void> {
  const dirs: string[] = [];
  for (let i = 1; i <= BATCH_SIZE; i++) {
    const dir = path.join(tmp, 'batch', `b${String(i).padStart(2, '0')}`);
    await copyBriefing(SAMPLE, dir, `bench-copy-${String(i).padStart(2, '0')}`);
    dirs.push(dir);
  }
  mustSucceed(await cli(['check', ...dirs]), 'check of the batch copies');
  const { runs, html } = await batchRuns(tmp, dirs);
  const floor = await batchFloor(html, 2);
  const sequential = await sequentialBuilds(tmp, dirs, coldMedian);
  const rows: Row[] = [{ label: `batch floor: bare setContent + page.pdf of the ${BATCH_SIZE} final HTML files of -j 2, 2 at a time`, value: floor, unit: 'ms', note: 'one launched browser; print.ts options' }, ...(sequential?.rows ?? [])];
  const summary: Record<string, unknown> = { floor, ...(sequential ? { sequential: sequential.summary } : {}) };
  let pssAll = 0;
  for (const j of ['1', '2']) {
    const ms = summarize(runs[j]!.map((r) => r.ms));
    const peak = Math.max(...runs[j]!.map((r) => r.peakRssBytes ?? 0));
    const procs = Math.max(...runs[j]!.map((r) => r.peakProcesses ?? 0));
    const perSecond = BATCH_SIZE / (ms.median / 1000);
    const overFloor = ms.median / floor.median;
    const speedup = sequential === undefined ? undefined : sequential.ms / ms.median;
    rows.push(
      { label: `build ${BATCH_SIZE} dirs -j ${j}, wall`, value: ms, unit: 'ms' },
      { label: `  -j ${j}: briefings per second`, value: perSecond, unit: '/s' },
      { label: `  -j ${j}: wall ÷ batch floor (medians)`, value: overFloor, unit: 'x', note: j === '2' ? 'target ≤ 1.25' : '' },
      ...(speedup === undefined ? [] : [{ label: `  -j ${j}: speed-up over sequential cold builds`, value: speedup, unit: 'x' } as Row]),
      { label: `  -j ${j}: peak RSS of the process tree`, value: peak / MiB, unit: 'MiB', note: `≤ ${procs} processes; counts shared pages once per process` },
    );
    const peakRun = runs[j]!.reduce((a, b) => ((b.peakRssBytes ?? 0) > (a.peakRssBytes ?? 0) ? b : a));
    const breakdown = Object.entries(peakRun.peakBreakdown ?? {}).sort((a, b) => b[1] - a[1]);
    rows.push({ label: `  -j ${j}: VmRSS at the peak, by process kind`, value: '', unit: '', note: breakdown.map(([k, v]) => `${k} ${Math.round(v / MiB)}`).join(', ') + ' MiB' });
    const pss = PSS ? Math.max(...runs[j]!.map((r) => r.peakPssBytes ?? 0)) : undefined;
    pssAll = Math.max(pssAll, pss ?? 0);
    if (pss !== undefined) rows.push({ label: `  -j ${j}: peak Pss of the process tree`, value: pss / MiB, unit: 'MiB', note: `shared pages split between processes; sampled every ${RSS_SAMPLE_MS * PSS_EVERY} ms; target ≤ 1024 MiB` });
    summary[`j${j}`] = { wall: ms, perSecond: round2(perSecond), overFloor: round2(overFloor), speedup: speedup === undefined ? null : round2(speedup), peakRssMiB: round(peak / MiB), peakBreakdownMiB: Object.fromEntries(breakdown.map(([k, v]) => [k, round(v / MiB)])), peakPssMiB: pss === undefined ? null : round(pss / MiB), peakProcesses: procs };
    if (j === '2') targets.push({ section: 5, name: `batch -j 2 ÷ batch floor (${BATCH_SIZE} bare prints, 2 at a time)`, measured: show(overFloor, 'x'), limit: '≤ 1.25×', pass: overFloor <= 1.25 });
  }
  if (PSS) targets.push({ section: 5, name: 'peak Pss of a batch (process tree, summed Pss)', measured: show(pssAll / MiB, 'MiB'), limit: '≤ 1024 MiB', pass: pssAll <= 1024 * MiB });
  blocks.push({ title: `5. Batch of ${BATCH_SIZE} copies of the sample via the CLI (RSS sampled every ${RSS_SAMPLE_MS} ms)`, rows });
  results['batch'] = summary;
}

/** (6): synthetic briefings of growing size: warm HTML and PDF on the live browser. */
async function sizes(tmp: string, ctx: RenderContext, browser: Browser): Promise<void> {
  const dirs = new Map<number, string>();
  for (const n of SIZES) {
    const dir = path.join(tmp, `size-${n}`);
    await generateBriefing(dir, n, `synthetic-${n}`);
    dirs.set(n, dir);
  }
  mustSucceed(await cli(['check', ...dirs.values()]), 'check of the synthetic briefings');
  // One unmeasured print first, so the first size does not pay for a browser that has printed nothing yet.
  progress(`(6) warm-up: one print of ${SIZES[0]} companies`);
  await timedPrintDraft(browser, await renderDraft(dirs.get(SIZES[0]!)!, ctx));
  const rows: Row[] = [];
  const html: number[] = [];
  const pdf: number[] = [];
  const perSize: Record<string, unknown> = {};
  for (const n of SIZES) {
    const dir = dirs.get(n)!;
    let revision = 0;
    progress(`(6) ${n} companies: HTML`);
    const first = await time(() => renderDraft(dir, ctx));
    await rewriteTitle(dir, ++revision);
    await renderDraft(dir, ctx);
    const totals: number[] = [];
    const timings: Partial<StageTimings>[] = [];
    let draft = first.value;
    for (let i = 0; i < RUNS; i++) {
      await rewriteTitle(dir, ++revision);
      const r = await time(() => renderDraft(dir, ctx));
      totals.push(r.ms);
      timings.push(r.value.timings);
      draft = r.value;
    }
    progress(`(6) ${n} companies: PDF ×${SIZE_PDF_RUNS}`);
    const prints: number[] = [];
    const pdfMs: number[] = [];
    let pages = 0;
    let final = '';
    for (let i = 0; i < SIZE_PDF_RUNS; i++) {
      const p = await timedPrintDraft(browser, draft);
      pdfMs.push(p.ms);
      prints.push(p.prints);
      pages = p.pages;
      final = p.html;
    }
    const bare = await barePagePdf(browser, final);
    const htmlS = summarize(totals);
    const pdfS = summarize(pdfMs);
    html.push(htmlS.median);
    pdf.push(pdfS.median);
    const stages = stageSummaries(timings);
    rows.push(
      { label: `${n} companies: HTML re-render (warm)`, value: htmlS, unit: 'ms', note: `first render ${show(first.ms, 'ms')}; ${show(htmlS.median / n, 'ms')}/company` },
      { label: `${n} companies: PDF (printDraft, live browser)`, value: pdfS, unit: 'ms', note: `${pages} pages, ${summarize(prints).median} prints; ${show(pdfS.median / n, 'ms')}/company` },
      { label: `${n} companies: bare page.pdf of the same HTML`, value: bare.ms, unit: 'ms', note: 'single sample' },
    );
    perSize[String(n)] = { companies: n, pages, prints: summarize(prints), firstRenderMs: round(first.ms), html: htmlS, htmlStages: stages, pdf: pdfS, barePagePdfMs: round(bare.ms), htmlPerCompanyMs: round(htmlS.median / n), pdfPerCompanyMs: round(pdfS.median / n) };
  }
  const h = growthOf(SIZES, html);
  const p = growthOf(SIZES, pdf);
  rows.push({ label: 'HTML growth', value: h.shape, unit: '', note: growthNote(h) }, { label: 'PDF growth', value: p.shape, unit: '', note: growthNote(p) });
  targets.push({ section: 6, name: 'large briefing: HTML time linear in size', measured: growthMeasured(h), limit: 'last marginal ≤ 1.5× average', pass: h.pass });
  targets.push({ section: 6, name: 'large briefing: PDF time linear in size', measured: growthMeasured(p), limit: 'last marginal ≤ 1.5× average', pass: p.pass });
  blocks.push({ title: `6. Synthetic briefings by size (${SIZES.join(', ')} companies)`, rows });
  results['sizes'] = { sizes: SIZES, perSize, html: growthJson(h), pdf: growthJson(p) };
}

/** (7): large generated briefings through the CLI and the preview's re-render of the largest (bench/lib/large.ts). */
async function large(tmp: string): Promise<void> {
  const { block, targets: found, results: r } = await largeBriefings(tmp, {
    sizes: LARGE_SIZES,
    editRuns: EDIT_RUNS,
    buildArgs: LARGE_TIMEOUT === undefined ? [] : ['--timeout', String(LARGE_TIMEOUT)],
    pss: PSS,
    cli: (args) => cli(args, true),
    progress,
  });
  blocks.push(block);
  targets.push(...found);
  results['large'] = r;
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const cpus = os.cpus();
  const machine = {
    cores: os.availableParallelism(),
    model: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: round(os.totalmem() / 1024 ** 3),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: '',
  };
  // Other work on the machine slows every number; the load average at start and end says whether there was any.
  const loadAtStart = os.loadavg().map((x) => round2(x));
  if (loadAtStart[0]! > machine.cores / 2) progress(`warning: load average ${loadAtStart.join(' ')} on ${machine.cores} cores: the machine is busy, times will be inflated`);
  if (ONLY.has('batch') && SEQUENTIAL === 'extrapolate' && !ONLY.has('cold')) throw new Error('BENCH_SEQUENTIAL=extrapolate needs the cold section (1): add cold to BENCH_ONLY');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'briefing-bench-'));
  progress(`runs ${RUNS}; temporary files in ${tmp}`);
  let browser: Browser | undefined;
  try {
    let coldMedian: number | undefined;
    if (ONLY.has('cold')) {
      markSection('cold');
      ({ coldMedian } = await coldVsFloor(tmp));
    }
    const ctx = createRenderContext();
    if (ONLY.has('html')) {
      markSection('html');
      await warmHtml(tmp, ctx);
    }
    // Batches before the in-process browser is launched, so that nothing else runs beside them.
    if (ONLY.has('batch')) {
      markSection('batch');
      await batch(tmp, coldMedian);
    }
    // The large builds before the in-process browser too: each is a CLI process with a browser of its own.
    if (ONLY.has('large')) {
      markSection('large');
      await large(tmp);
    }
    if (ONLY.has('pdf') || ONLY.has('size')) {
      progress(`(4) ${RUNS} browser launches`);
      const launches: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const { ms, value } = await time(() => launchBrowser());
        launches.push(ms);
        await value.close();
      }
      browser = await launchBrowser();
      machine.chromium = await browser.version();
      if (ONLY.has('pdf')) {
        markSection('pdf');
        await warmPdf(tmp, ctx, browser, launches);
      }
      if (ONLY.has('size')) {
        markSection('size');
        await sizes(tmp, ctx, browser);
      }
      await browser.close();
      browser = undefined;
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
  const durationMs = performance.now() - started;
  const loadAtEnd = os.loadavg().map((x) => round2(x));
  const header = [
    `# briefing benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- machine: ${machine.cores} cores (os.availableParallelism()), ${machine.model}, ${machine.memoryGiB} GiB RAM, ${machine.platform}`,
    `- Node ${machine.node}${machine.chromium ? `, ${machine.chromium}` : ''}`,
    `- load average (1, 5, 15 min) at start ${loadAtStart.join(' ')}, at end ${loadAtEnd.join(' ')}; 1-min load as each section started: ${Object.entries(sectionLoad).map(([k, v]) => `${k} ${v}`).join(', ')} (the bench itself loads the machine)`,
    `- runs: ${RUNS} after a warm-up (BENCH_RUNS); batches ×${BATCH_RUNS}; PDF per size ×${SIZE_PDF_RUNS}; total bench time ${(durationMs / 60000).toFixed(1)} min`,
  ];
  blocks.sort((a, b) => parseInt(a.title, 10) - parseInt(b.title, 10));
  targets.sort((a, b) => a.section - b.section);
  const table = renderTable(header, blocks, targets);
  process.stdout.write(`${table}\n`);
  await mkdir(path.dirname(RESULTS), { recursive: true });
  await writeFile(
    RESULTS,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), durationMs: Math.round(durationMs), machine, loadAverage: { start: loadAtStart, end: loadAtEnd, atSectionStart: sectionLoad }, config: { runs: RUNS, batchRuns: BATCH_RUNS, sizePdfRuns: SIZE_PDF_RUNS, sizes: SIZES, sequential: SEQUENTIAL_REAL ? 'real' : 'extrapolated or none', largeSizes: LARGE_SIZES, largeTimeoutMs: LARGE_TIMEOUT ?? null, editRuns: EDIT_RUNS, sections: [...ONLY] }, targets, results, table }, null, 2)}\n`,
  );
  progress(`wrote ${path.relative(ROOT, RESULTS)}`);
}

await main();
