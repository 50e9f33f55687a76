/** `briefing init`: what it writes, that a second run changes nothing, and what `--force` replaces. */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from '../../src/api.ts';
import { initProject, NIGHTLY_WORKFLOW, SCRIPTS } from '../../src/init.ts';
import { ROOT, runCli, runCommand, tempDir, type CliResult } from '../helpers/cli.ts';

const TODAY = '2026-06-01';

/** Every file under `dir` with its contents and modification time. */
async function snapshot(dir: string): Promise<Map<string, { text: string; mtime: number }>> {
  const files = new Map<string, { text: string; mtime: number }>();
  for (const rel of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, rel);
    const info = await stat(file);
    if (info.isFile()) files.set(rel, { text: await readFile(file, 'utf8'), mtime: info.mtimeMs });
  }
  return files;
}

describe('briefing init', () => {
  it('sets up an empty folder: scripts, a sample that checks, nightly CI, editor schemas, .gitignore', async () => {
    const dir = await tempDir();
    const report = await initProject(dir, { today: TODAY });
    expect(report.skipped).toEqual([]);
    expect(report.created.map((f) => path.relative(dir, f))).toEqual(expect.arrayContaining(['package.json', path.join('briefings', 'example', 'briefing.yaml'), path.join('.github', 'workflows', 'briefings.yml'), path.join('.vscode', 'settings.json'), '.gitignore']));

    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts).toEqual(SCRIPTS);
    expect(pkg.devDependencies.briefing).toMatch(/^\^\d+\.\d+\.\d+$/);

    const sample = path.join(dir, 'briefings', 'example');
    expect((await readFile(path.join(sample, 'briefing.yaml'), 'utf8')).split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/briefing/schema/briefing.schema.json');
    expect((await readFile(path.join(sample, 'companies', 'example-co.yaml'), 'utf8')).split('\n')[0]).toBe('# yaml-language-server: $schema=../../../node_modules/briefing/schema/company.schema.json');
    expect((await check([sample])).exitCode).toBe(0);

    expect(await readFile(path.join(dir, '.github', 'workflows', 'briefings.yml'), 'utf8')).toBe(NIGHTLY_WORKFLOW);
    const matcher = JSON.parse(await readFile(path.join(dir, '.github', 'briefing-matcher.json'), 'utf8'));
    const [m] = new RegExp(matcher.problemMatcher[0].pattern[0].regexp).exec('error: briefings/example/sources.yaml:3:7 [0].date: bad date [BR101]') ?? [];
    expect(m).toBeTruthy();

    const settings = JSON.parse(await readFile(path.join(dir, '.vscode', 'settings.json'), 'utf8'));
    expect(settings['yaml.schemas']['./node_modules/briefing/schema/company.schema.json']).toBe('briefings/*/companies/*.yaml');
    expect(settings['json.schemas'][0]).toEqual({ fileMatch: ['briefings/*/data/*.json'], url: './node_modules/briefing/schema/data.schema.json' });
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\noutput/\n');
  });

  it("writes a nightly workflow that checks, builds with --since, reports, keeps the artifacts and saves tonight's manifest", () => {
    type Step = { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, string | number> };
    const workflow = parse(NIGHTLY_WORKFLOW) as { on: { schedule: { cron: string }[] }; jobs: { build: { 'runs-on': string; steps: Step[] } } };
    expect(workflow.on.schedule[0]!.cron).toBe('30 2 * * *');
    const job = workflow.jobs.build;
    expect(job['runs-on']).toBe('ubuntu-24.04');
    const steps = job.steps;
    const at = (find: (s: Step) => boolean, what: string): number => {
      const i = steps.findIndex(find);
      expect(i, what).toBeGreaterThanOrEqual(0);
      return i;
    };
    const uses = (action: string, path?: string) => (s: Step) => s.uses?.startsWith(`actions/${action}@`) === true && (path === undefined || s.with?.['path'] === path);

    // Node 24 with npm's cache, then npm ci; the caches come back after npm ci, which empties node_modules/.
    expect(steps[at(uses('setup-node'), 'setup-node')]!.with).toEqual({ 'node-version': 24, cache: 'npm' });
    const install = at((s) => s.run === 'npm ci', 'npm ci');
    const restoreCache = at(uses('cache/restore', 'node_modules/.cache/briefing'), 'restore the build cache');
    const restoreManifest = at(uses('cache/restore', 'last-night'), "restore last night's manifest");
    for (const i of [restoreCache, restoreManifest]) {
      const { key, 'restore-keys': prefix } = steps[i]!.with as { key: string; 'restore-keys': string };
      expect(key).toContain('${{ github.run_id }}');
      expect(key.startsWith(prefix)).toBe(true);
    }
    // check first, then the build of every briefing folder, compared with last night.
    const checkStep = at((s) => s.run === 'npx briefing check briefings/*/', 'check');
    const buildStep = at((s) => s.run === 'npx briefing build briefings/*/ --out output --since last-night/manifest.json', 'build --since');
    expect(install).toBeLessThan(Math.min(restoreCache, restoreManifest));
    expect(Math.max(restoreCache, restoreManifest)).toBeLessThan(checkStep);
    expect(checkStep).toBeLessThan(buildStep);

    // After the build, whatever happened: the summary and the artifacts.
    const summary = steps[at((s) => s.run?.includes('output/changes.md') === true, 'summary')]!;
    expect(summary.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(summary.if).toBe('always()');
    const upload = steps[at(uses('upload-artifact'), 'upload')]!;
    expect(upload.if).toBe('always()');
    expect(String(upload.with?.['path']).trim().split('\n')).toEqual(['output/*.pdf', 'output/*.html', 'output/manifest.json', 'output/changes.json']);

    // Tonight's manifest is saved, under the prefix tomorrow restores, only after a good night.
    const keep = at((s) => s.run === 'mkdir -p last-night && cp output/manifest.json last-night/manifest.json', 'keep the manifest');
    const saveManifest = at(uses('cache/save', 'last-night'), "save tonight's manifest");
    expect(buildStep).toBeLessThan(keep);
    expect(keep).toBeLessThan(saveManifest);
    expect([steps[keep]!.if, steps[saveManifest]!.if]).toEqual([undefined, undefined]);
    expect(steps[saveManifest]!.with?.['key']).toBe(steps[restoreManifest]!.with?.['key']);
    const saveCache = at(uses('cache/save', 'node_modules/.cache/briefing'), 'save the build cache');
    expect(steps[saveCache]!.with?.['key']).toBe(steps[restoreCache]!.with?.['key']);
  });

  it('changes nothing when run again, and says so', async () => {
    const dir = await tempDir();
    await initProject(dir, { today: TODAY });
    const before = await snapshot(dir);
    const again = await initProject(dir, { today: '2027-01-01' });
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.skipped).toEqual([{ path: path.join(dir, 'briefings', 'example'), why: 'the sample briefing exists' }]);
    expect(await snapshot(dir)).toEqual(before);
  });

  it("keeps the user's files and keys, says what it skipped, and replaces them only with --force", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'desk', scripts: { build: 'make pdfs', test: 'vitest' }, dependencies: { briefing: 'file:../briefing.tgz' } }, null, 2));
    await writeFile(path.join(dir, '.gitignore'), 'node_modules\n.env');
    await mkdir(path.join(dir, '.vscode'));
    await writeFile(path.join(dir, '.vscode', 'settings.json'), '{\n  // mine\n  "editor.tabSize": 2\n}\n');
    const report = await initProject(dir, { today: TODAY });
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg).toEqual({ name: 'desk', scripts: { build: 'make pdfs', test: 'vitest', check: SCRIPTS['check'], preview: SCRIPTS['preview'] }, dependencies: { briefing: 'file:../briefing.tgz' } });
    expect(report.updated).toEqual(expect.arrayContaining([{ path: path.join(dir, 'package.json'), what: 'added scripts.check, scripts.preview' }, { path: path.join(dir, '.gitignore'), what: 'added output/' }]));
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { path: path.join(dir, 'package.json'), why: 'scripts.build differs' },
        { path: path.join(dir, '.vscode', 'settings.json'), why: expect.stringContaining('not plain JSON') },
      ]),
    );
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n.env\noutput/\n');
    expect(await readFile(path.join(dir, '.vscode', 'settings.json'), 'utf8')).toContain('// mine');

    // The user edits the workflow and the sample; init leaves them, --force writes them again.
    const workflow = path.join(dir, '.github', 'workflows', 'briefings.yml');
    const written = await readFile(workflow, 'utf8');
    await writeFile(workflow, 'name: mine\n');
    const summary = path.join(dir, 'briefings', 'example', 'sections', 'summary.md');
    await writeFile(summary, '# Mine\n');
    const kept = await initProject(dir, { today: TODAY });
    expect(kept.skipped).toEqual(expect.arrayContaining([{ path: workflow, why: 'exists with other contents' }]));
    expect(await readFile(workflow, 'utf8')).toBe('name: mine\n');
    expect(await readFile(summary, 'utf8')).toBe('# Mine\n');

    const forced = await initProject(dir, { today: TODAY, force: true });
    expect(await readFile(workflow, 'utf8')).toBe(written);
    expect(await readFile(summary, 'utf8')).not.toBe('# Mine\n');
    expect(JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')).scripts).toEqual({ build: SCRIPTS['build'], test: 'vitest', check: SCRIPTS['check'], preview: SCRIPTS['preview'] });
    expect(forced.updated).toEqual(expect.arrayContaining([{ path: path.join(dir, 'package.json'), what: 'replaced scripts.build (--force)' }]));
    // Even --force does not rewrite a settings file it cannot read as JSON.
    expect(await readFile(path.join(dir, '.vscode', 'settings.json'), 'utf8')).toContain('// mine');
  });

  it('prints what it did from the command line, and refuses a file', async () => {
    const dir = path.join(await tempDir(), 'desk');
    const first = await runCli(['init', dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('created   package.json');
    const second = await runCli(['init', dir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('unchanged package.json');
    expect(second.stdout).toContain('skipped   briefings/example: the sample briefing exists');
    expect(second.stdout).toContain('--force');
    const file = path.join(dir, 'package.json');
    const refused = await runCli(['init', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is a file');
  });
});

/** A project made by init with a second briefing, `briefings/second` ("Second desk"), and this briefing installed (linked). */
async function projectWithTwo(): Promise<string> {
  const dir = path.join(await tempDir(), 'desk');
  await initProject(dir, { today: TODAY });
  expect((await runCli(['new', path.join(dir, 'briefings', 'second')])).code).toBe(0);
  const manifest = path.join(dir, 'briefings', 'second', 'briefing.yaml');
  await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(/^title: .*$/m, 'title: Second desk'));
  await mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  await symlink(ROOT, path.join(dir, 'node_modules', 'briefing'));
  await symlink(path.join('..', 'briefing', 'bin', 'briefing.js'), path.join(dir, 'node_modules', '.bin', 'briefing'));
  return dir;
}

/** The environment npm runs in: this Node first on PATH (the installed briefing's `#!/usr/bin/env node`), no update check. */
const npmEnv = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`, npm_config_update_notifier: 'false', NO_COLOR: '1', TZ: 'UTC' });

/** `npm run <args>` in `cwd`, to its end. */
function npmRun(cwd: string, args: readonly string[]): Promise<CliResult> {
  return runCommand('npm', ['run', ...args], { cwd, env: npmEnv() });
}

/**
 * `npm run preview -- <args>` in `cwd` until it names its URL; then the page it serves, and the process group
 * (npm, its shell and briefing) ended.
 */
async function previewPage(cwd: string, args: readonly string[]): Promise<string> {
  const child = spawn('npm', ['run', 'preview', '--', ...args], { cwd, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const read = (d: Buffer): void => {
        log += d.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/) /.exec(log);
        if (m) resolve(m[1]!);
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', () => reject(new Error(`preview exited: ${log}`)));
    });
    return await (await fetch(url)).text();
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
  }
}

describe('the npm scripts init adds', () => {
  it('check and build take every briefing of the project', async () => {
    const dir = await projectWithTwo();
    const checked = await npmRun(dir, ['check']);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/ok briefings\/example\/:/);
    expect(checked.stdout).toMatch(/ok briefings\/second\/:/);
    const built = await npmRun(dir, ['build']);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    const out = await readdir(path.join(dir, 'output'));
    expect(out).toEqual(expect.arrayContaining(['example.pdf', 'example.html', 'second.pdf', 'second.html', 'manifest.json']));
  });

  it('preview serves the briefing named after --, and without one says how and lists them', async () => {
    const dir = await projectWithTwo();
    const none = await npmRun(dir, ['preview']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('Name the briefing to preview: npm run preview -- briefings/<name>');
    expect(none.stderr).toContain('briefings/example/');
    expect(none.stderr).toContain('briefings/second/');
    expect(await previewPage(dir, ['briefings/second', '--port', '0'])).toContain('Second desk');
  });
});
