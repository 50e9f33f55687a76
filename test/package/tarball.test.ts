/**
 * The published package, as a user gets it: `npm run package` (scripts/pack.ts: dist/ compiled, PACKAGE.md as
 * the README, packed from a staging folder), the tarball installed into an empty folder, then what its README
 * tells a user to do there: `npx briefing new` and `build`, a briefing's own template overriding a default
 * partial, the API imported from that folder, a shipped example copied with `briefing new --example`,
 * `briefing init`, and two nights of the workflow `init` writes and of the sharded workflow docs/ci.md shows,
 * their commands run in a shell as GitHub's runner runs them (./actions.ts), with a data change between the
 * nights. One pack and one install per run (slow: about two minutes).
 *
 * `BRIEFING_TEST_NODE` names a folder with another `node` binary (CI installs Node 22 and 24 from the npm
 * registry): the installed command, the API script and the workflows' commands then run on that Node.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { brokenLinks, headingsOf } from '../../scripts/package-readme.ts';
import { ROOT, tempDir } from '../helpers/cli.ts';
import { runNight, type Night, type Runner, type Workflow } from './actions.ts';

const NODE_DIR = process.env['BRIEFING_TEST_NODE'] ? path.resolve(process.env['BRIEFING_TEST_NODE']) : path.dirname(process.execPath);
const NODE_ENV = { ...process.env, PATH: `${NODE_DIR}${path.delimiter}${process.env['PATH']}`, TZ: 'UTC', NO_COLOR: '1', CI: '1' };

let tarball: string;
/** The tarball's files, relative to its package folder. */
let files: string[];
/** The tarball, unpacked (its package folder). */
let unpacked: string;
let project: string;

/** Run a command in the installed project with the chosen Node first on PATH; fail the test with its output. */
function inProject(command: string, args: readonly string[]): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd: project, env: NODE_ENV, encoding: 'utf8', timeout: 180_000 });
  expect(r.status, `${command} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

/** Every file under `dir`, relative to it with `/`. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Every job of a night ended well; else fail with the logs of those that did not. */
function expectGood(night: Night): void {
  const failed = night.jobs.filter((j) => j.failed);
  expect(failed.map((j) => `${j.name}:\n${j.log.join('\n')}`).join('\n\n')).toBe('');
  expect(night.jobs.length).toBeGreaterThan(0);
}

/** The manifest.json of a night's artifact `name`, parsed. */
async function artifactManifest(night: Night, name: string): Promise<{ briefings: { id: string; files: { path: string; sha256: string }[] }[]; cache: { lookups: Record<string, { hits: number; misses: number }> } | null }> {
  return JSON.parse(await readFile(path.join(night.artifacts.get(name)!, 'manifest.json'), 'utf8'));
}

/** The build cache misses a manifest records (entries made), over every kind of entry. */
function cacheMisses(manifest: Awaited<ReturnType<typeof artifactManifest>>): number {
  return Object.values(manifest.cache?.lookups ?? {}).reduce((n, l) => n + l.misses, 0);
}

/** Change the revenue the briefing `briefing new` writes reads from its data file (a night's news): `from` → `to`. */
async function changeData(from: string, to: string): Promise<void> {
  const file = path.join(project, 'briefings', 'example', 'data', 'figures.csv');
  const before = await readFile(file, 'utf8');
  expect(before).toContain(from);
  await writeFile(file, before.replace(from, to));
}

beforeAll(async () => {
  // As the README and CI make it: `npm run package`, which prints the tarball's name last, as npm pack does.
  const packed = await tempDir('briefing-pack-');
  const out = execFileSync('npm', ['run', '--silent', 'package', '--', '--pack-destination', packed], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  tarball = path.join(packed, out.trim().split('\n').pop()!);
  files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  const into = await tempDir('briefing-unpacked-');
  execFileSync('tar', ['-xzf', tarball, '-C', into]);
  unpacked = path.join(into, 'package');
  project = await tempDir('briefing-user-');
  await writeFile(path.join(project, 'package.json'), `${JSON.stringify({ name: 'newsroom', private: true }, null, 2)}\n`);
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
}, 600_000);

describe('the package tarball', () => {
  it('holds the compiled code, types, templates, schemas, docs and the example briefings, and no sources or tests', async () => {
    for (const f of ['bin/briefing.js', 'dist/api.js', 'dist/api.d.ts', 'dist/cli/main.js', 'templates/default/layout.hbs', 'templates/default/partials/cover.hbs', 'templates/default/styles.css', 'schema/briefing.schema.json', 'docs/ci.md', 'README.md', 'LICENSE', 'package.json']) {
      expect(files, f).toContain(f);
    }
    for (const prefix of ['src/', 'test/', 'bench/', 'output/', 'scripts/', '.ci/']) expect(files.filter((f) => f.startsWith(prefix)), prefix).toEqual([]);
    for (const f of ['CONTRIBUTING.md', 'PACKAGE.md', 'tsconfig.json']) expect(files).not.toContain(f);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    // The examples ship whole, from where the repository keeps them (no second copy in git).
    for (const example of ['ai-ipo-2026', 'china-ai-2026']) {
      const inRepo = (await filesUnder(path.join(ROOT, 'content', example))).map((f) => `content/${example}/${f}`).sort();
      expect(inRepo.length).toBeGreaterThan(10);
      expect(files.filter((f) => f.startsWith(`content/${example}/`)).sort()).toEqual(inRepo);
    }
    expect(new Set(files.filter((f) => f.startsWith('content/')).map((f) => f.split('/')[1]))).toEqual(new Set(['ai-ipo-2026', 'china-ai-2026']));
    // The staged package.json has no scripts: nothing runs when the package is installed or packed again.
    expect(JSON.parse(await readFile(path.join(unpacked, 'package.json'), 'utf8')).scripts).toBeUndefined();
  });

  it('has the package README, which starts from npm install and briefing init, and whose every link resolves inside the package', async () => {
    const readme = await readFile(path.join(unpacked, 'README.md'), 'utf8');
    expect(readme).not.toContain('npm run setup');
    expect(readme).not.toContain('<!-- include');
    const headings = headingsOf(readme);
    expect(headings[0]).toMatchObject({ level: 1, text: 'briefing' });
    // The order the README promises: install and init, writing a briefing, the commands, CI, the API, then the reference.
    const order = ['use-it-in-your-project', 'write-a-briefing', 'the-commands', 'nightly-builds-in-ci', 'the-api', 'the-command-line', 'the-content-format', 'what-the-pdf-contains'];
    const at = order.map((slug) => headings.find((h) => h.level === 2 && h.slug === slug)?.line ?? -1);
    expect(at.every((line) => line > 0), order.join(', ')).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(headings.find((h) => h.level === 2)!.slug).toBe('use-it-in-your-project');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock.indexOf('npm install')).toBeGreaterThanOrEqual(0);
    expect(firstBlock.indexOf('npx briefing init')).toBeGreaterThan(firstBlock.indexOf('npm install'));
    expect(readme).toContain('--example ai-ipo-2026');
    // Every relative link names a file or folder of the tarball (and a heading there); every anchor one of its
    // headings. The docs beside it too, but for one known fault: docs/errors.md writes the hint of BR117 as
    // Markdown, and its advice `[text](url)` reads as a link (scripts/errors-doc.ts should quote hints as code).
    const read = (file: string): string => readFileSync(path.join(unpacked, file), 'utf8');
    expect(brokenLinks(readme, files, read)).toEqual([]);
    for (const md of files.filter((f) => f.endsWith('.md') && !f.startsWith('content/') && f !== 'README.md')) {
      expect(brokenLinks(read(md), files, read, md).filter((b) => !(md === 'docs/errors.md' && / url \(/.test(b))), md).toEqual([]);
    }
    // Its YAML and JSON examples parse.
    for (const [, lang, body] of readme.matchAll(/^```(yaml|json)\n([\s\S]*?)^```/gm)) {
      if (lang === 'json') expect(() => JSON.parse(body!), body).not.toThrow();
      else expect(parseAllDocuments(body!).flatMap((d) => d.errors.map((e) => e.message)), body).toEqual([]);
    }
  });

  it('installs with puppeteer-core and no browser download', async () => {
    const installed = path.join(project, 'node_modules');
    expect(existsSync(path.join(installed, 'briefing', 'src'))).toBe(false);
    expect(existsSync(path.join(installed, 'puppeteer-core'))).toBe(true);
    expect(existsSync(path.join(installed, 'puppeteer'))).toBe(false);
  });

  it('runs `npx briefing new` and `npx briefing build` from the installed package, with a briefing template overriding a default partial', async () => {
    inProject('npx', ['briefing', 'new', 'my-briefing']);
    const manifest = await readFile(path.join(project, 'my-briefing', 'briefing.yaml'), 'utf8');
    // The schema line points into the installed package, relative to the file.
    expect(manifest.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/briefing/schema/briefing.schema.json');
    expect(existsSync(path.join(project, 'node_modules', 'briefing', 'schema', 'briefing.schema.json'))).toBe(true);
    const cover = await readFile(path.join(project, 'node_modules', 'briefing', 'templates', 'default', 'partials', 'cover.hbs'), 'utf8');
    await mkdir(path.join(project, 'my-briefing', 'templates', 'partials'), { recursive: true });
    await writeFile(path.join(project, 'my-briefing', 'templates', 'partials', 'cover.hbs'), `<p class="desk-mark">Newsroom edition</p>\n${cover}`);
    const built = inProject('npx', ['briefing', 'build', 'my-briefing', '--out', 'out']);
    expect(built.stdout).toContain('built my-briefing');
    expect((await readdir(path.join(project, 'out'))).sort()).toEqual(['manifest.json', 'my-briefing.html', 'my-briefing.pdf']);
    const pdf = await readFile(path.join(project, 'out', 'my-briefing.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.byteLength).toBeGreaterThan(20_000);
    expect(await readFile(path.join(project, 'out', 'my-briefing.html'), 'utf8')).toContain('Newsroom edition');
    const run = JSON.parse(await readFile(path.join(project, 'out', 'manifest.json'), 'utf8'));
    expect(run.ok).toBe(true);
    expect(run.briefings[0].pages).toBeGreaterThan(1);
  });

  it('builds a PDF through the API imported from the installed package, with types', async () => {
    await writeFile(
      path.join(project, 'api.mjs'),
      `import { build, check, loadBriefing } from 'briefing';
const briefing = await loadBriefing('my-briefing');
const report = await check('my-briefing');
const run = await build(['my-briefing'], { outDir: 'api-out', formats: ['pdf'] });
console.log(JSON.stringify({ node: process.version, id: briefing.settings.id, checked: report.ok, ok: run.ok, manifest: run.manifestFile, files: run.entries.flatMap((e) => (e.ok ? e.result.files.map((f) => f.path) : [])) }));
`,
    );
    const r = inProject('node', ['api.mjs']);
    const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(result.node).toBe(execFileSync(path.join(NODE_DIR, 'node'), ['--version'], { encoding: 'utf8' }).trim());
    expect(result).toMatchObject({ id: 'my-briefing', checked: true, ok: true, manifest: path.join('api-out', 'manifest.json'), files: [path.join('api-out', 'my-briefing.pdf')] });
    expect((await readFile(path.join(project, 'api-out', 'my-briefing.pdf'))).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The types resolve through the package's exports for a TypeScript user.
    await writeFile(
      path.join(project, 'typed.ts'),
      `import { build, type BuildRun, type CheckReport } from 'briefing';
export async function nightly(signal: AbortSignal): Promise<number> {
  const run: BuildRun = await build(['my-briefing'], { outDir: 'out', formats: ['pdf'], signal });
  const failed: CheckReport['errors'] = run.entries.flatMap((e) => (e.ok ? [] : e.errors.map((d) => ({ dir: e.dir, ...d }))));
  return failed.length === 0 ? run.exitCode : 1;
}
`,
    );
    await writeFile(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2023', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['typed.ts'] }));
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { encoding: 'utf8' });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
  });

  it('copies a shipped example with `briefing new --example`, and refuses an unknown name listing those that ship', async () => {
    const unknown = spawnSync('npx', ['briefing', 'new', 'briefings/nope', '--example', 'no-such-example'], { cwd: project, env: NODE_ENV, encoding: 'utf8' });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('[BR330]');
    expect(unknown.stderr).toContain('the examples that ship are ai-ipo-2026, china-ai-2026');
    expect(existsSync(path.join(project, 'briefings', 'nope'))).toBe(false);

    inProject('npx', ['briefing', 'new', 'briefings/sample', '--example', 'ai-ipo-2026']);
    const shipped = await filesUnder(path.join(project, 'node_modules', 'briefing', 'content', 'ai-ipo-2026'));
    expect((await filesUnder(path.join(project, 'briefings', 'sample'))).sort()).toEqual(shipped.sort());
    const manifest = (await readFile(path.join(project, 'briefings', 'sample', 'briefing.yaml'), 'utf8')).split('\n');
    expect(manifest[0]).toBe('# yaml-language-server: $schema=../../node_modules/briefing/schema/briefing.schema.json');
    expect(manifest).toContain('id: sample');
    const company = await readFile(path.join(project, 'briefings', 'sample', 'companies', shipped.find((f) => f.startsWith('companies/'))!.slice('companies/'.length)), 'utf8');
    expect(company.split('\n')[0]).toBe('# yaml-language-server: $schema=../../../node_modules/briefing/schema/company.schema.json');
    expect(inProject('npx', ['briefing', 'check', 'briefings/sample']).stdout).toMatch(/^ok briefings\/sample: \d+ companies/m);
  });

  it('runs the nightly workflow `briefing init` writes, as the runner would: check, build --since over two nights, what changed in the job summary', { timeout: 900_000 }, async () => {
    inProject('npx', ['briefing', 'init']);
    expect(existsSync(path.join(project, 'briefings', 'example', 'briefing.yaml'))).toBe(true);
    const workflow = parse(await readFile(path.join(project, '.github', 'workflows', 'briefings.yml'), 'utf8')) as Workflow;
    const runner: Runner = { project, env: NODE_ENV, cache: new Map() };

    const first = await runNight(workflow, runner, 1);
    expectGood(first);
    expect(first.commands.find((c) => /\bbriefing check\b/.test(c))).toBeDefined();
    expect(first.commands.find((c) => /\bbriefing build\b/.test(c))).toMatch(/--since\b/);
    const [artifact] = [...first.artifacts.keys()];
    const kept = await readdir(first.artifacts.get(artifact!)!);
    expect(kept).toEqual(expect.arrayContaining(['example.pdf', 'example.html', 'sample.pdf', 'sample.html', 'manifest.json']));
    const madeFirst = cacheMisses(await artifactManifest(first, artifact!));
    expect(madeFirst).toBeGreaterThan(10);

    await changeData('€780M', '€810M');
    const second = await runNight(workflow, runner, 2);
    expectGood(second);
    // Last night's manifest came back through the cache: the summary says what changed since.
    expect(second.summary).toContain('€780M → €810M');
    const changes = JSON.parse(await readFile(path.join(second.artifacts.get(artifact!)!, 'changes.json'), 'utf8'));
    const example = changes.briefings.find((b: { id: string }) => b.id === 'example');
    expect(example.changes.figures.changed.map((c: { key: string }) => c.key)).toEqual(['example-co-revenue-2024']);
    expect(changes.briefings.find((b: { id: string }) => b.id === 'sample').changes.count).toBe(0);
    // So did the build cache: tonight's build made again only what the change touched.
    expect(cacheMisses(await artifactManifest(second, artifact!))).toBeLessThan(madeFirst / 2);
  });

  it('runs the sharded workflow docs/ci.md shows: shards built with --since and a merge job that equals one build and reports the change', { timeout: 900_000 }, async () => {
    const ci = await readFile(path.join(project, 'node_modules', 'briefing', 'docs', 'ci.md'), 'utf8');
    const workflows = [...ci.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((m) => parse(m[1]!) as Workflow | null).filter((w): w is Workflow => typeof w?.jobs === 'object');
    const sharded = workflows.find((w) => Object.values(w.jobs).some((j) => j.strategy?.matrix !== undefined) && JSON.stringify(w).includes('briefing merge'));
    expect(sharded, 'docs/ci.md shows a workflow with a matrix of shards and a merge job').toBeDefined();
    const runner: Runner = { project, env: NODE_ENV, cache: new Map() };

    const first = await runNight(sharded!, runner, 1);
    expectGood(first);
    expect(first.commands.filter((c) => /\bbriefing build\b.*--shard \d+\/\d+/.test(c)).length).toBeGreaterThanOrEqual(2);
    expect(first.commands.find((c) => /\bbriefing merge\b/.test(c))).toBeDefined();

    await changeData('€810M', '€830M');
    const second = await runNight(sharded!, runner, 2);
    expectGood(second);
    expect(second.summary).toContain('€810M → €830M');
    // The merged output is the one build of the same list, compared with the same night, would write: the
    // same briefings, the same bytes.
    const mergeJob = (night: Night): Night['jobs'][number] => night.jobs.find((j) => j.log.some((l) => /^\$ .*\bbriefing merge\b/.test(l)))!;
    const mergedManifest = JSON.parse(await readFile(path.join(mergeJob(second).workspace, 'output', 'manifest.json'), 'utf8'));
    inProject('npx', ['briefing', 'build', 'briefings/example', 'briefings/sample', '--out', 'unsharded', '--since', path.join(mergeJob(first).workspace, 'output', 'manifest.json')]);
    const single = JSON.parse(await readFile(path.join(project, 'unsharded', 'manifest.json'), 'utf8'));
    const files = (m: typeof single): [string, string[]][] => m.briefings.map((b: { id: string; files: { sha256: string }[] }) => [b.id, b.files.map((f) => f.sha256)]);
    expect(files(mergedManifest)).toEqual(files(single));
  });
});
