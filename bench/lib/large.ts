/**
 * Section 7 of the benchmark: large generated briefings (by default 100, 500 and 1,000 companies) built by the
 * CLI with its defaults, as whole processes: wall time, pages, the manifest's stage timings and the peak
 * memory of the process tree (summed Pss and VmRSS); whether the PDF stage grows linearly up to the largest;
 * and the preview's warm re-render of the largest after a one-line edit (one company's profile sentence or
 * one figure), in process with one RenderContext kept warm, as src/preview does.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { StageTimings } from '../../src/build.ts';
import { renderDraft } from '../../src/build.ts';
import { createRenderContext } from '../../src/context.ts';
import { editCompany, generateBriefing, type CompanyEdit } from './content.ts';
import type { ProcessRun } from './proc.ts';
import { growthMeasured, growthNote, show, type Block, type Row, type Target } from './report.ts';
import { growthJson, growthOf, round, summarize, time } from './stats.ts';

/** What section 7 needs from the benchmark around it. */
export interface LargeBench {
  /** Company counts, ascending; the last is "the large briefing" (at least two for the growth verdict). */
  readonly sizes: readonly number[];
  /** Re-renders after an edit at the largest size (half of them a profile edit, half a figure edit). */
  readonly editRuns: number;
  /** Extra arguments of each build (`--timeout <ms>` when BENCH_LARGE_TIMEOUT is set). */
  readonly buildArgs: readonly string[];
  /** Whether each build's Pss is sampled (BENCH_PSS). */
  readonly pss: boolean;
  /** `node bin/briefing.js <args>` as a whole process, memory sampled. */
  cli(args: readonly string[]): Promise<ProcessRun>;
  progress(message: string): void;
}

/** What section 7 adds to the report. */
export interface LargeResult {
  readonly block: Block;
  readonly targets: Target[];
  readonly results: Record<string, unknown>;
}

const MiB = 1024 * 1024;
/** The issue's memory limit for the 1,000-company build: summed Pss of the process tree. */
const PSS_LIMIT_MIB = 1536;
/** The issue's limit for the preview's re-render of the 1,000-company briefing after a one-line edit. */
const EDIT_LIMIT_MS = 300;

/** One CLI build of a generated briefing, measured. */
interface SizedBuild {
  readonly companies: number;
  readonly wallMs: number;
  readonly pages: number;
  readonly prints: number;
  readonly timings: Partial<StageTimings>;
  readonly peakPssMiB: number | null;
  readonly peakRssMiB: number;
  readonly peakBreakdownMiB: Record<string, number>;
}

/**
 * Run section 7 in `tmp`: generate and check the briefings, build each with the CLI's defaults (largest last),
 * then re-render the largest after one-line edits.
 * @throws Error when a generated briefing fails `check` or a build fails.
 */
export async function largeBriefings(tmp: string, bench: LargeBench): Promise<LargeResult> {
  const dirs = new Map<number, string>();
  for (const n of bench.sizes) {
    const dir = path.join(tmp, `large-${n}`);
    await generateBriefing(dir, n, `synthetic-${n}`);
    dirs.set(n, dir);
  }
  const check = await bench.cli(['check', ...dirs.values()]);
  if (check.code !== 0) throw new Error(`check of the large briefings exited with ${check.code}:\n${check.stderr.slice(-2000)}`);
  const builds: SizedBuild[] = [];
  for (const n of bench.sizes) {
    bench.progress(`(7) CLI build of ${n} companies`);
    builds.push(await measuredBuild(dirs.get(n)!, path.join(tmp, `large-out-${n}`), n, bench));
  }
  const largest = bench.sizes[bench.sizes.length - 1]!;
  bench.progress(`(7) ${bench.editRuns} re-renders of ${largest} companies after a one-line edit`);
  const edits = await editRerenders(dirs.get(largest)!, largest, bench.editRuns);
  return report(builds, edits, bench);
}

/** A CLI build with defaults (plus `bench.buildArgs`), its manifest read and its output removed. */
async function measuredBuild(dir: string, out: string, n: number, bench: LargeBench): Promise<SizedBuild> {
  const run = await bench.cli(['build', dir, '--out', out, ...bench.buildArgs]);
  if (run.code !== 0) throw new Error(`build of ${n} companies exited with ${run.code ?? run.signal}:\n${run.stderr.slice(-2000)}`);
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { briefings: { pages: number; prints: number; timings: Partial<StageTimings> }[] };
  const b = manifest.briefings[0]!;
  await rm(out, { recursive: true, force: true });
  const breakdown = Object.fromEntries(Object.entries(run.peakBreakdown ?? {}).sort((x, y) => y[1] - x[1]).map(([k, v]) => [k, round(v / MiB)]));
  return { companies: n, wallMs: round(run.ms), pages: b.pages, prints: b.prints, timings: b.timings, peakPssMiB: bench.pss ? round((run.peakPssBytes ?? 0) / MiB) : null, peakRssMiB: round((run.peakRssBytes ?? 0) / MiB), peakBreakdownMiB: breakdown };
}

/** The warm `renderDraft` after each one-line edit of the middle company, alternating profile and figure edits; the first two renders warm the context. */
async function editRerenders(dir: string, n: number, runs: number): Promise<{ first: number; profile: number[]; figure: number[]; stages: Partial<StageTimings>[] }> {
  const ctx = createRenderContext();
  try {
    const first = await time(() => renderDraft(dir, ctx));
    await renderDraft(dir, ctx);
    const middle = Math.ceil(n / 2);
    const profile: number[] = [];
    const figure: number[] = [];
    const stages: Partial<StageTimings>[] = [];
    for (let i = 0; i < runs; i++) {
      const edit: CompanyEdit = i % 2 === 0 ? 'profile' : 'figure';
      await editCompany(dir, middle, i + 1, edit);
      const { ms, value } = await time(() => renderDraft(dir, ctx));
      (edit === 'profile' ? profile : figure).push(ms);
      stages.push(value.timings);
    }
    return { first: first.ms, profile, figure, stages };
  } finally {
    await ctx.close();
  }
}

/** Rows, targets and results.json entries of section 7. */
function report(builds: readonly SizedBuild[], edits: Awaited<ReturnType<typeof editRerenders>>, bench: LargeBench): LargeResult {
  const rows: Row[] = [];
  for (const b of builds) {
    const stageText = Object.entries(b.timings).map(([k, v]) => `${k} ${show(v ?? 0, 'ms')}`).join(', ');
    rows.push({ label: `${b.companies} companies: CLI build (HTML+PDF), wall`, value: b.wallMs, unit: 'ms', note: `${b.pages} pages, ${b.prints} prints; ${stageText}` });
    rows.push({
      label: `${b.companies} companies: peak memory of the process tree`,
      value: b.peakPssMiB ?? b.peakRssMiB,
      unit: 'MiB',
      note: `${b.peakPssMiB === null ? 'VmRSS (Pss not sampled)' : `summed Pss; VmRSS ${show(b.peakRssMiB, 'MiB')}`}; VmRSS by kind: ${Object.entries(b.peakBreakdownMiB).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')} MiB`,
    });
  }
  const sizes = builds.map((b) => b.companies);
  const pdf = growthOf(sizes, builds.map((b) => b.timings.pdf ?? Number.NaN));
  const html = growthOf(sizes, builds.map((b) => (b.timings.load ?? 0) + (b.timings.metrics ?? 0) + (b.timings.charts ?? 0) + (b.timings.html ?? 0)));
  rows.push({ label: 'PDF stage growth (CLI builds)', value: pdf.shape, unit: '', note: growthNote(pdf) });
  rows.push({ label: 'HTML stages growth (load, metrics, charts, html)', value: html.shape, unit: '', note: growthNote(html) });
  const all = [...edits.profile, ...edits.figure];
  const editS = summarize(all);
  const largest = builds[builds.length - 1]!;
  rows.push(
    { label: `${largest.companies} companies: first renderDraft in the process`, value: edits.first, unit: 'ms', note: 'cold caches' },
    { label: `${largest.companies} companies: renderDraft after a one-line edit`, value: editS, unit: 'ms', note: `target ≤ ${EDIT_LIMIT_MS} ms; the preview's warm re-render` },
    { label: '  after a profile sentence edit', value: summarize(edits.profile), unit: 'ms' },
    { label: '  after a figure edit', value: summarize(edits.figure), unit: 'ms' },
    ...(['load', 'metrics', 'charts', 'html'] as const).map((k): Row => ({ label: `  stage: ${k}`, value: summarize(edits.stages.map((t) => t[k] ?? 0)), unit: 'ms' })),
  );
  const targets: Target[] = [
    { section: 7, name: `${largest.companies}-company build: PDF time linear in size`, measured: growthMeasured(pdf), limit: 'last marginal ≤ 1.5× average', pass: pdf.pass },
    { section: 7, name: `${largest.companies}-company build: preview re-render after a one-line edit`, measured: show(editS.median, 'ms'), limit: `≤ ${EDIT_LIMIT_MS} ms`, pass: editS.median <= EDIT_LIMIT_MS },
  ];
  if (largest.peakPssMiB !== null) targets.push({ section: 7, name: `${largest.companies}-company build: peak Pss of the process tree`, measured: show(largest.peakPssMiB, 'MiB'), limit: `≤ ${PSS_LIMIT_MIB} MiB`, pass: largest.peakPssMiB <= PSS_LIMIT_MIB });
  const title = `7. Large generated briefings via the CLI (${sizes.join(', ')} companies; defaults${bench.buildArgs.length > 0 ? ` + ${bench.buildArgs.join(' ')}` : ''})`;
  return {
    block: { title, rows },
    targets,
    results: { sizes, buildArgs: bench.buildArgs, builds, pdfGrowth: growthJson(pdf), htmlGrowth: growthJson(html), edit: { firstRenderMs: round(edits.first), all: editS, profile: summarize(edits.profile), figure: summarize(edits.figure), stages: edits.stages } },
  };
}
