/**
 * The published package, as a user gets it: `npm pack` (which compiles dist/ in prepack), the tarball
 * installed into an empty folder, then `npx briefing new` and `npx briefing build` there, a briefing's own
 * template overriding a default partial, and the API imported from that folder. One pack and one install per
 * run (slow: about a minute).
 *
 * `BRIEFING_TEST_NODE` names a folder with another `node` binary (CI installs Node 22 and 24 from the npm
 * registry): the installed command and the API script then run on that Node.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.ts';

const NODE_DIR = process.env['BRIEFING_TEST_NODE'] ? path.resolve(process.env['BRIEFING_TEST_NODE']) : path.dirname(process.execPath);
const NODE_ENV = { ...process.env, PATH: `${NODE_DIR}${path.delimiter}${process.env['PATH']}`, TZ: 'UTC', NO_COLOR: '1', CI: '1' };

let tarball: string;
let project: string;
let files: string[];

/** Run a command in the installed project with the chosen Node first on PATH; fail the test with its output. */
function inProject(command: string, args: readonly string[]): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd: project, env: NODE_ENV, encoding: 'utf8', timeout: 180_000 });
  expect(r.status, `${command} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

beforeAll(async () => {
  const packed = await tempDir('briefing-pack-');
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', packed], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  tarball = path.join(packed, out.trim().split('\n').pop()!);
  files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  project = await tempDir('briefing-user-');
  await writeFile(path.join(project, 'package.json'), `${JSON.stringify({ name: 'newsroom', private: true }, null, 2)}\n`);
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
}, 600_000);

describe('the package tarball', () => {
  it('holds the compiled code, types, templates, schemas and docs, and no sources, tests or samples', () => {
    for (const f of ['bin/briefing.js', 'dist/api.js', 'dist/api.d.ts', 'dist/cli/main.js', 'templates/default/layout.hbs', 'templates/default/partials/cover.hbs', 'templates/default/styles.css', 'schema/briefing.schema.json', 'README.md', 'LICENSE', 'package.json']) {
      expect(files, f).toContain(f);
    }
    for (const prefix of ['src/', 'test/', 'bench/', 'content/', 'output/', 'scripts/', '.ci/']) expect(files.filter((f) => f.startsWith(prefix)), prefix).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
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
});
