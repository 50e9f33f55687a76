/**
 * A GitHub Actions workflow run the way GitHub's runner runs it, close enough for the package test to run the
 * workflows `briefing init` writes and docs/ci.md shows, night after night, in a project where the package is
 * installed:
 *
 * - each job (each combination of its `strategy.matrix`) starts from a fresh checkout: a copy of the project
 *   without `node_modules/` and what `.gitignore`-d output a night leaves (`output/`), in the order `needs:`
 *   gives, a job skipped when a job it needs failed unless its `if:` says `always()`;
 * - `npm ci` is not run: the project's `node_modules/` (installed from the tarball) stands in for it, linked,
 *   and what npm ci would empty, the build cache under `node_modules/.cache/`, is emptied;
 * - `actions/cache` (restore, then save after a good job), `actions/cache/restore` and `actions/cache/save`
 *   keep their `path:`s in a store that lasts from night to night, the newest save winning (a key naming the
 *   run never matches; `restore-keys` brings back the newest entry, as the workflows rely on);
 * - `actions/upload-artifact` and `actions/download-artifact` keep files per night, by artifact name (relative
 *   to the least common folder of the paths given, as the action stores them); `pattern:` downloads each
 *   artifact into a folder of its name (`merge-multiple: false`);
 * - every `run:` goes to `bash --noprofile --norc -eo pipefail` with the runner's variables (`CI`,
 *   `GITHUB_STEP_SUMMARY`, `GITHUB_WORKSPACE`, `GITHUB_RUN_ID` …), the job's and step's `env:`;
 * - `${{ }}` knows `matrix.*`, `github.run_id` and `github.run_attempt`; `if:` knows `always()`,
 *   `success()`, `failure()`, `cancelled()`, `hashFiles('path')` and `== != && || !`. Anything else is an
 *   error, so that a workflow this runner cannot run faithfully fails the test instead of passing it.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A step of a job, as far as this runner reads it. */
export interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly 'working-directory'?: string;
}

/** A job of a workflow, as far as this runner reads it. */
export interface Job {
  readonly needs?: string | readonly string[];
  readonly if?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly strategy?: { readonly matrix?: Readonly<Record<string, readonly unknown[]>> };
  readonly steps: readonly Step[];
}

/** A workflow file, parsed. */
export interface Workflow {
  readonly jobs: Readonly<Record<string, Job>>;
}

/** What a night left: each job run (with its matrix values), its steps' commands and outputs, the summary, the artifacts. */
export interface Night {
  readonly jobs: { readonly name: string; readonly failed: boolean; readonly workspace: string; readonly log: string[] }[];
  /** Every `run:` command run, expanded, in order. */
  readonly commands: string[];
  /** The job summaries, in the order the jobs ran. */
  readonly summary: string;
  /** Artifact name → folder holding its files. */
  readonly artifacts: ReadonlyMap<string, string>;
}

/** Where a project's workflows run: the project, the environment of its commands, and the cache that lasts between nights. */
export interface Runner {
  readonly project: string;
  readonly env: NodeJS.ProcessEnv;
  /** Cache path (as the workflow names it) → the folder saved last. */
  readonly cache: Map<string, string>;
}

/** What a job step runs in. */
interface JobContext {
  readonly runner: Runner;
  readonly night: number;
  readonly workspace: string;
  readonly matrix: Readonly<Record<string, unknown>>;
  readonly env: NodeJS.ProcessEnv;
  readonly artifacts: Map<string, string>;
  readonly commands: string[];
  readonly log: string[];
  /** Paths `actions/cache` restored, saved after a good job. */
  readonly postSave: string[];
  failed: boolean;
}

/** `${{ expr }}` in `text` replaced by its value. @throws Error for an expression this runner does not know. */
export function expand(text: string, night: number, matrix: Readonly<Record<string, unknown>>): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.run_id') return String(1000 + night);
    if (expr === 'github.run_attempt') return '1';
    const m = /^matrix\.([\w-]+)$/.exec(expr);
    if (m !== null && m[1]! in matrix) return String(matrix[m[1]!]);
    throw new Error(`this runner does not know the expression \${{ ${expr} }}`);
  });
}

/** The value of an `if:` condition; without a status function it is `success() && (…)`, as GitHub reads it. */
export function condition(expr: string | undefined, failed: boolean, workspace: string): boolean {
  if (expr === undefined) return !failed;
  const bare = expr.replace(/^\$\{\{\s*|\s*\}\}$/g, '');
  const js = bare
    .replace(/\balways\(\)/g, 'true')
    .replace(/\bsuccess\(\)/g, String(!failed))
    .replace(/\bfailure\(\)/g, String(failed))
    .replace(/\bcancelled\(\)/g, 'false')
    .replace(/\bhashFiles\('([^']*)'\)/g, (_, p: string) => (existsSync(path.join(workspace, p)) ? "'hash'" : "''"));
  if (!/^(?:true|false|'[^']*'|\s|!=|==|&&|\|\||!|\(|\))*$/.test(js)) throw new Error(`this runner cannot evaluate if: ${expr}`);
  const value = Boolean(new Function(`return (${js.replace(/([!=])=/g, '$1==')});`)());
  return /\b(always|success|failure|cancelled)\(\)/.test(bare) ? value : !failed && value;
}

/** The matrix's combinations (one empty one without a matrix). */
function combinations(matrix: Readonly<Record<string, readonly unknown[]>> | undefined): Record<string, unknown>[] {
  return Object.entries(matrix ?? {}).reduce<Record<string, unknown>[]>((all, [key, values]) => all.flatMap((c) => values.map((v) => ({ ...c, [key]: v }))), [{}]);
}

/** The jobs in an order `needs:` allows. */
function jobOrder(workflow: Workflow): string[] {
  const order: string[] = [];
  const visit = (name: string): void => {
    if (order.includes(name)) return;
    const needs = workflow.jobs[name]!.needs;
    for (const n of needs === undefined ? [] : typeof needs === 'string' ? [needs] : needs) visit(n);
    order.push(name);
  };
  for (const name of Object.keys(workflow.jobs)) visit(name);
  return order;
}

/** A fresh checkout of the runner's project: its files but node_modules (linked) and output folders, and an empty build cache. */
async function checkout(runner: Runner): Promise<string> {
  const workspace = await mkdtemp(path.join(tmpdir(), 'briefing-runner-'));
  const skip = new Set(['node_modules', 'output', 'out', 'api-out']);
  for (const name of await readdir(runner.project)) {
    if (!skip.has(name)) await cp(path.join(runner.project, name), path.join(workspace, name), { recursive: true });
  }
  await symlink(path.join(runner.project, 'node_modules'), path.join(workspace, 'node_modules'));
  // What npm ci empties with node_modules/: the build cache comes back only through the cache steps.
  await rm(path.join(runner.project, 'node_modules', '.cache'), { recursive: true, force: true });
  return workspace;
}

/** The `path:` lines of a step's `with:`, expanded. */
function pathsOf(step: Step, ctx: JobContext): string[] {
  return expand(String(step.with?.['path'] ?? ''), ctx.night, ctx.matrix)
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Copy `from` (a file or folder) to `to`, replacing it; nothing when `from` is missing. */
async function copyOver(from: string, to: string): Promise<void> {
  if (!existsSync(from)) return;
  await rm(to, { recursive: true, force: true });
  await mkdir(path.dirname(to), { recursive: true });
  await cp(from, to, { recursive: true });
}

/** Restore (`save` false) or save the cache paths of a step. */
async function cacheStep(step: Step, ctx: JobContext, save: boolean): Promise<void> {
  for (const p of pathsOf(step, ctx)) {
    if (save) {
      if (!existsSync(path.join(ctx.workspace, p))) continue;
      const kept = await mkdtemp(path.join(tmpdir(), 'briefing-cache-'));
      await copyOver(path.join(ctx.workspace, p), path.join(kept, 'entry'));
      ctx.runner.cache.set(p, path.join(kept, 'entry'));
    } else if (ctx.runner.cache.has(p)) {
      await copyOver(ctx.runner.cache.get(p)!, path.join(ctx.workspace, p));
    }
  }
}

/** The files a path of upload-artifact names (a file, a folder, or a `*` in its last part), relative to the workspace. */
async function matches(workspace: string, p: string): Promise<string[]> {
  const clean = p.replace(/\/$/, '');
  if (!clean.includes('*')) {
    const at = path.join(workspace, clean);
    if (!existsSync(at)) return [];
    if (!(await stat(at)).isDirectory()) return [clean];
    return (await readdir(at, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(workspace, path.join(e.parentPath, e.name)));
  }
  const dir = path.dirname(clean);
  const re = new RegExp(`^${path.basename(clean).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return existsSync(path.join(workspace, dir)) ? (await readdir(path.join(workspace, dir))).filter((n) => re.test(n)).map((n) => path.join(dir, n)) : [];
}

/** The least common folder of the paths upload-artifact is given: a folder itself, a file's or a pattern's folder. */
function commonFolder(workspace: string, paths: readonly string[]): string {
  const roots = paths.map((p) => {
    const clean = p.replace(/\/$/, '');
    const isFolder = !clean.includes('*') && existsSync(path.join(workspace, clean)) && statSync(path.join(workspace, clean)).isDirectory();
    return (isFolder ? clean : path.posix.dirname(clean)).split('/');
  });
  const first = roots[0] ?? [];
  let n = 0;
  while (n < first.length && roots.every((r) => r[n] === first[n])) n++;
  return first.slice(0, n).join('/');
}

/** actions/upload-artifact: the files, relative to the least common folder of the paths given. */
async function upload(step: Step, ctx: JobContext): Promise<void> {
  const paths = pathsOf(step, ctx);
  const root = commonFolder(ctx.workspace, paths);
  const name = expand(String(step.with?.['name'] ?? 'artifact'), ctx.night, ctx.matrix);
  const into = await mkdtemp(path.join(tmpdir(), `briefing-artifact-${name}-`));
  for (const p of paths) for (const f of await matches(ctx.workspace, p)) await copyOver(path.join(ctx.workspace, f), path.join(into, path.relative(root, f)));
  ctx.artifacts.set(name, into);
}

/** actions/download-artifact: one by `name`, or each matching `pattern` into a folder of its name. */
async function download(step: Step, ctx: JobContext): Promise<void> {
  const into = path.join(ctx.workspace, expand(String(step.with?.['path'] ?? '.'), ctx.night, ctx.matrix));
  const name = step.with?.['name'];
  if (name !== undefined) return copyOver(ctx.artifacts.get(String(name))!, into);
  const pattern = new RegExp(`^${String(step.with?.['pattern'] ?? '*').replace(/\*/g, '.*')}$`);
  const merge = step.with?.['merge-multiple'] === true;
  for (const [artifact, dir] of ctx.artifacts) if (pattern.test(artifact)) await cp(dir, merge ? into : path.join(into, artifact), { recursive: true });
}

/** A `run:` step in bash, as the runner runs it; marks the job failed when it exits non-zero. */
function runStep(step: Step, ctx: JobContext): void {
  const script = expand(step.run!, ctx.night, ctx.matrix);
  if (/^\s*npm (ci|install)\s*$/.test(script)) return void ctx.log.push(`skipped (installed from the tarball): ${script.trim()}`);
  ctx.commands.push(script.trim());
  const cwd = path.join(ctx.workspace, step['working-directory'] ?? '.');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env: { ...ctx.env, ...step.env }, encoding: 'utf8', timeout: 300_000 });
  ctx.log.push(`$ ${script.trim()}\n${r.stdout}${r.stderr}`);
  if (r.status !== 0) {
    ctx.log.push(`exit ${r.status}`);
    ctx.failed = true;
  }
}

/** One step: skipped when its `if:` says so, else run by kind. @throws Error for an action this runner does not know. */
async function step(s: Step, ctx: JobContext): Promise<void> {
  if (!condition(s.if, ctx.failed, ctx.workspace)) return void ctx.log.push(`skipped (if: ${s.if ?? 'success()'}): ${s.name ?? s.uses ?? s.run}`);
  if (s.run !== undefined) return runStep(s, ctx);
  const action = (s.uses ?? '').replace(/@.*$/, '');
  if (action === 'actions/checkout' || action === 'actions/setup-node') return;
  if (action === 'actions/cache') {
    ctx.postSave.push(...pathsOf(s, ctx));
    return cacheStep(s, ctx, false);
  }
  if (action === 'actions/cache/restore') return cacheStep(s, ctx, false);
  if (action === 'actions/cache/save') return cacheStep(s, ctx, true);
  if (action === 'actions/upload-artifact') return upload(s, ctx);
  if (action === 'actions/download-artifact') return download(s, ctx);
  throw new Error(`this runner does not know the action ${s.uses}`);
}

/** Run one night (`night` from 1) of `workflow` in the runner's project; see the module comment. */
export async function runNight(workflow: Workflow, runner: Runner, night: number): Promise<Night> {
  const artifacts = new Map<string, string>();
  const commands: string[] = [];
  const jobs: Night['jobs'][number][] = [];
  const summaries: string[] = [];
  const failedJobs = new Set<string>();
  for (const name of jobOrder(workflow)) {
    const job = workflow.jobs[name]!;
    const needs = job.needs === undefined ? [] : typeof job.needs === 'string' ? [job.needs] : job.needs;
    if (!condition(job.if, needs.some((n) => failedJobs.has(n)), runner.project)) continue;
    for (const matrix of combinations(job.strategy?.matrix)) {
      const workspace = await checkout(runner);
      const summary = path.join(workspace, '..', `${path.basename(workspace)}-summary.md`);
      await writeFile(summary, '');
      const env = { ...runner.env, ...job.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summary, GITHUB_RUN_ID: String(1000 + night), GITHUB_RUN_ATTEMPT: '1', RUNNER_TEMP: tmpdir() };
      const ctx: JobContext = { runner, night, workspace, matrix, env, artifacts, commands, log: [], postSave: [], failed: false };
      for (const s of job.steps) await step(s, ctx);
      if (!ctx.failed) for (const p of ctx.postSave) await cacheStep({ with: { path: p } }, ctx, true);
      if (ctx.failed) failedJobs.add(name);
      summaries.push(await readFile(summary, 'utf8'));
      jobs.push({ name: Object.keys(matrix).length === 0 ? name : `${name} (${Object.values(matrix).join(', ')})`, failed: ctx.failed, workspace, log: ctx.log });
    }
  }
  return { jobs, commands, summary: summaries.join(''), artifacts };
}
