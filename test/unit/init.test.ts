/** `briefing init`: what it writes, that a second run changes nothing, and what `--force` replaces. */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from '../../src/api.ts';
import { initProject, SCRIPTS } from '../../src/init.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

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

    const workflow = parse(await readFile(path.join(dir, '.github', 'workflows', 'briefings.yml'), 'utf8'));
    expect(workflow.on.schedule[0].cron).toBeTruthy();
    const steps = workflow.jobs.build.steps as { run?: string; uses?: string; with?: { path?: string } }[];
    expect(steps.map((s) => s.run ?? '')).toEqual(expect.arrayContaining(['npx briefing check briefings/*/', 'npx briefing build briefings/*/ --out output']));
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with?.path).toContain('output/manifest.json');
    expect(upload?.with?.path).toContain('output/*.pdf');
    const matcher = JSON.parse(await readFile(path.join(dir, '.github', 'briefing-matcher.json'), 'utf8'));
    const [m] = new RegExp(matcher.problemMatcher[0].pattern[0].regexp).exec('error: briefings/example/sources.yaml:3:7 [0].date: bad date [BR101]') ?? [];
    expect(m).toBeTruthy();

    const settings = JSON.parse(await readFile(path.join(dir, '.vscode', 'settings.json'), 'utf8'));
    expect(settings['yaml.schemas']['./node_modules/briefing/schema/company.schema.json']).toBe('briefings/*/companies/*.yaml');
    expect(settings['json.schemas'][0]).toEqual({ fileMatch: ['briefings/*/data/*.json'], url: './node_modules/briefing/schema/data.schema.json' });
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\noutput/\n');
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
