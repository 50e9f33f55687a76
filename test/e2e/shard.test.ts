/**
 * Scale-out (#28): `build --shard k/n` over three shards and `briefing merge`, compared with one unsharded
 * build of the same list, and the merge's refusals. The CLI runs as a subprocess, on real Chromium.
 */
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { MESSAGES, problem } from '../../src/messages.ts';
import { ROOT, runCli, tempDir, type CliResult } from '../helpers/cli.ts';

/** The four small fixtures built, by folder name. */
const FIXTURES = ['three-banks', 'pharma-fx', 'time-series', 'fiscal-years'];
/** Every build of this file makes the same PDF dates and manifest `built`. */
const ENV = { SOURCE_DATE_EPOCH: '1780000000', CI: 'true' };

type Manifest = {
  built: string;
  ok: boolean;
  cache: unknown;
  shard?: { index: number; total: number; dirs: string[]; options: Record<string, unknown>; exitCode: number };
  briefings: { dir: string; id: string | null; ok: boolean; files: { path: string }[]; timings?: unknown }[];
};

const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;

/** `briefing <args>` in `cwd` with the fixed date; fails the test with its output when it exits otherwise than `code`. */
async function cli(cwd: string, args: readonly string[], code: number = EXIT.ok): Promise<CliResult> {
  const r = await runCli(args, { cwd, env: ENV });
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(code);
  return r;
}

/** A manifest without what belongs to one process: each briefing's timings, and the cache's lookups. */
function comparable(m: Manifest): Omit<Manifest, 'cache'> {
  const { cache: _cache, ...rest } = m;
  return { ...rest, briefings: rest.briefings.map(({ timings: _t, ...b }) => b) };
}

/** The folders (as the manifest records them) each of three shards built in `root/<prefix>-k`. */
async function shardDirs(root: string, prefix: string): Promise<string[][]> {
  return Promise.all([1, 2, 3].map(async (k) => (await readJson<Manifest>(path.join(root, `${prefix}-${k}`, 'manifest.json'))).briefings.map((b) => b.dir)));
}

describe('build --shard k/n and briefing merge', () => {
  /** The project folder: briefings/<fixture>/, and every build's output beside it. */
  let root: string;
  /** The folders as a shell's `briefings/*\/` gives them, sorted. */
  let dirs: string[];

  beforeAll(async () => {
    root = await tempDir('briefing-shard-');
    for (const f of FIXTURES) await cp(path.join(ROOT, 'test', 'fixtures', f), path.join(root, 'briefings', f), { recursive: true });
    dirs = FIXTURES.map((f) => `briefings/${f}/`).sort();
    // Night 1, then a figure changes: night 2 is built unsharded and as three shards, both compared with night 1.
    await cli(root, ['build', ...dirs, '--out', 'night-1', '--format', 'html', '--no-cache']);
    const company = path.join(root, 'briefings', 'three-banks', 'companies', 'banco-solar.yaml');
    await writeFile(company, (await readFile(company, 'utf8')).replace('value: €13.6B', 'value: €13.9B'));
    const night2 = ['--since', 'night-1/manifest.json', '--no-cache', '--concurrency', '2'];
    await cli(root, ['build', ...dirs, '--out', 'whole', ...night2]);
    for (const k of [1, 2, 3]) await cli(root, ['build', ...[...dirs].reverse(), '--shard', `${k}/3`, '--out', `shard-${k}`, ...night2]);
  });

  it('merges three shards into what one build of the list writes: the manifest but timings and cache lookups, every file byte for byte', async () => {
    const r = await cli(root, ['merge', 'shard-3/', 'shard-1', 'shard-2/manifest.json', '--out', 'merged']);
    expect(r.stderr).toContain('4 of 4 briefings built in 3 shards');
    const [whole, merged] = await Promise.all([readJson<Manifest>(path.join(root, 'whole', 'manifest.json')), readJson<Manifest>(path.join(root, 'merged', 'manifest.json'))]);
    expect(merged.shard).toBeUndefined();
    expect(comparable(merged)).toEqual(comparable(whole));
    expect(merged.cache).toEqual({ dir: null, lookups: {} });
    const files = (await readdir(path.join(root, 'whole'))).filter((f) => f !== 'manifest.json').sort();
    expect(files).toEqual([...FIXTURES.flatMap((f) => [`${idOf(whole, f)}.html`, `${idOf(whole, f)}.pdf`]), 'changes.json', 'changes.md'].sort());
    expect((await readdir(path.join(root, 'merged'))).sort()).toEqual([...files, 'manifest.json'].sort());
    for (const f of files) expect(await readFile(path.join(root, 'merged', f)), f).toEqual(await readFile(path.join(root, 'whole', f)));
    // The figure changed since night 1 is in the merged report.
    expect(await readFile(path.join(root, 'merged', 'changes.md'), 'utf8')).toMatch(/13\.6.*13\.9/);
  });

  it('records each shard, balanced to within one folder, with the whole list sorted', async () => {
    const shards = await Promise.all([1, 2, 3].map((k) => readJson<Manifest>(path.join(root, `shard-${k}`, 'manifest.json'))));
    const normal = dirs.map((d) => d.replace(/\/$/, ''));
    const options = { formats: ['pdf', 'html'], pageSize: null, pdfStandard: null, templates: null, strict: false };
    expect(shards.map((m) => m.shard)).toEqual([1, 2, 3].map((index) => ({ index, total: 3, dirs: normal, options, exitCode: 0 })));
    expect(await shardDirs(root, 'shard')).toEqual([[dirs[0], dirs[3]], [dirs[1]], [dirs[2]]]);
  });

  it('gives each shard the same folders on a second run, and whatever order the folders are passed in', async () => {
    // The shards above were given the list reversed; a second run is given it so again, then shuffled.
    const shuffled = [dirs[2]!, dirs[0]!, dirs[3]!, dirs[1]!.replace(/\/$/, '')];
    for (const k of [1, 2, 3]) {
      await cli(root, ['build', ...[...dirs].reverse(), '--shard', `${k}/3`, '--out', `again-${k}`, '--format', 'html', '--no-cache']);
      await cli(root, ['build', ...shuffled, '--shard', `${k}/3`, '--out', `shuffled-${k}`, '--format', 'html', '--no-cache']);
    }
    const first = await shardDirs(root, 'shard');
    expect(await shardDirs(root, 'again')).toEqual(first);
    const strip = (s: string[][]): string[][] => s.map((d) => d.map((x) => x.replace(/\/$/, '')));
    expect(strip(await shardDirs(root, 'shuffled'))).toEqual(strip(first));
  });

  it('builds nothing for a shard past the list, exits 0 with a note, and writes a manifest that merge counts', async () => {
    const list = dirs.slice(0, 2);
    const r = await cli(root, ['build', ...list, '--shard', '3/3', '--out', 'small-3', '--format', 'html']);
    expect(r.stderr).toContain(problem.emptyShard(3, 3, 2));
    const m = await readJson<Manifest>(path.join(root, 'small-3', 'manifest.json'));
    expect(m.briefings).toEqual([]);
    expect(m.shard).toMatchObject({ index: 3, total: 3, exitCode: 0 });
    for (const k of [1, 2]) await cli(root, ['build', ...list, '--shard', `${k}/3`, '--out', `small-${k}`, '--format', 'html']);
    await cli(root, ['merge', 'small-1', 'small-2', 'small-3', '--out', 'small-merged']);
    expect((await readJson<Manifest>(path.join(root, 'small-merged', 'manifest.json'))).briefings.map((b) => b.dir)).toEqual(list);
  });

  it('refuses a missing shard, a shard given twice and a build without --shard, writing nothing', async () => {
    await cp(path.join(root, 'shard-2'), path.join(root, 'shard-2-copy'), { recursive: true });
    // Each refusal, and the manifest it is located at.
    const cases: [string[], string, string][] = [
      [['shard-1', 'shard-3'], MESSAGES.shardsMissing.code, 'shard-1'],
      [['shard-1', 'shard-2', 'shard-2-copy', 'shard-3'], MESSAGES.shardTwice.code, 'shard-2-copy'],
      [['shard-1', 'shard-2', 'shard-3', 'whole'], MESSAGES.notAShard.code, 'whole'],
    ];
    for (const [sources, code, at] of cases) {
      const r = await cli(root, ['merge', ...sources, '--out', 'refused'], EXIT.content);
      expect(r.stderr.match(/\[BR\d+\]/g), r.stderr).toEqual([`[${code}]`]);
      expect(r.stderr).toContain(`error: ${path.join(at, 'manifest.json')} `);
    }
    expect(await readdir(root)).not.toContain('refused');
  });

  it('refuses a shard whose files are not as its manifest lists them', async () => {
    await cp(path.join(root, 'shard-1'), path.join(root, 'shard-1-changed'), { recursive: true });
    const m = await readJson<Manifest>(path.join(root, 'shard-1', 'manifest.json'));
    await writeFile(path.join(root, 'shard-1-changed', m.briefings[0]!.files[0]!.path), 'not the file that was built');
    const r = await cli(root, ['merge', 'shard-1-changed', 'shard-2', 'shard-3', '--out', 'refused'], EXIT.content);
    expect(r.stderr).toContain(`[${MESSAGES.shardFileChanged.code}]`);
  });

  it('refuses a malformed --shard with the catalogue text', async () => {
    for (const bad of ['0/3', '4/3', '1/0', 'x']) {
      const r = await cli(root, ['build', dirs[0]!, '--shard', bad, '--out', 'never'], EXIT.content);
      expect(r.stderr).toContain(problem.shardForm(bad));
    }
  });
});

/** The id the manifest records for the fixture folder `name`. */
function idOf(m: Manifest, name: string): string {
  return m.briefings.find((b) => b.dir.includes(`/${name}`))!.id!;
}
