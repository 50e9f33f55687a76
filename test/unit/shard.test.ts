/**
 * Sharding (#28, src/shard.ts, src/merge.ts): which folders a shard builds, the `--shard` parser, and
 * `mergeShards` over shard manifests written by hand (no browser), into in-memory effects.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import type { BuildManifest, ChangesFile, ShardRecord } from '../../src/batch.ts';
import { parseShard } from '../../src/cli/io.ts';
import type { FileWrite } from '../../src/effects.ts';
import { BriefingError, EXIT } from '../../src/errors.ts';
import { mergedExitCode, mergeShards } from '../../src/merge.ts';
import { normaliseDir, shareOf, slotOf, type Shard } from '../../src/shard.ts';
import { build } from '../../src/api.ts';
import { MESSAGES, problem } from '../../src/messages.ts';
import { tempDir } from '../helpers/cli.ts';

/** shareOf with the shard checked as the build checks it (src/api.ts): BR320 when it is not one. */
const shardOf = (dirs: readonly string[], shard: Shard): { dirs: readonly string[]; record: { index: number; total: number; dirs: readonly string[] } } => {
  const { dirs: taken, all } = shareOf(dirs, shard);
  return { dirs: taken, record: { ...shard, dirs: all } };
};

describe('shareOf (src/shard.ts)', () => {
  const dirs = ['b', 'a/', 'd', './c', 'e', 'f', 'g'];

  it('sorts the folders by their normalised paths and gives shard k the i-th with i % n == k-1', () => {
    expect([1, 2, 3].map((index) => shardOf(dirs, { index, total: 3 }).dirs)).toEqual([
      ['a/', 'd', 'g'],
      ['b', 'e'],
      ['./c', 'f'],
    ]);
    expect(shardOf(dirs, { index: 2, total: 3 }).record).toEqual({ index: 2, total: 3, dirs: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
  });

  it('gives every folder to exactly one shard, balanced to within one, whatever the order given', () => {
    for (let total = 1; total <= 9; total++) {
      const shares = Array.from({ length: total }, (_, i) => shardOf(dirs, { index: i + 1, total }).dirs);
      expect(shares.flat().sort()).toEqual([...dirs].sort());
      const sizes = shares.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      const reversed = Array.from({ length: total }, (_, i) => shardOf([...dirs].reverse(), { index: i + 1, total }).dirs);
      expect(reversed).toEqual(shares);
    }
  });

  it('sorts by code units, not by locale, and keeps a folder written twice apart by its spelling', () => {
    expect(shardOf(['b', 'B', 'a', 'a/'], { index: 1, total: 1 }).dirs).toEqual(['B', 'a', 'a/', 'b']);
    expect(normaliseDir('./x//y/')).toBe('x/y');
    expect(normaliseDir('/')).toBe('/');
  });

  it('puts the i-th folder of the sorted list in shard i % n + 1, at place i / n, the order merge restores', () => {
    for (let total = 1; total <= 4; total++) {
      const shares = Array.from({ length: total }, (_, i) => shareOf(dirs, { index: i + 1, total }).dirs);
      const sorted = shareOf(dirs, { index: 1, total: 1 }).dirs;
      sorted.forEach((d, i) => {
        const { index, at } = slotOf(i, total);
        expect(shares[index - 1]![at]).toBe(d);
      });
    }
  });

  it('build refuses what is not a shard with BR320, before it starts a browser', async () => {
    for (const [index, total] of [[0, 3], [4, 3], [1, 0], [1.5, 3], [Number.NaN, 2]] as const) {
      const e = await build(dirs, { shard: { index, total }, formats: ['html'] }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(BriefingError);
      expect((e as BriefingError).diagnostics[0]).toMatchObject({ code: MESSAGES.badShard.code, kind: 'usage' });
    }
  });
});

describe('parseShard (--shard k/n)', () => {
  it('reads k/n with 1 ≤ k ≤ n', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, total: 3 });
    expect(parseShard('3/3')).toEqual({ index: 3, total: 3 });
    expect(parseShard(' 2/10 ')).toEqual({ index: 2, total: 10 });
  });

  it.each(['0/3', '4/3', '1/0', 'x', '', '1/', '/3', '-1/3', '1.5/3', '1/3/4', '2 / 3'])('refuses %j with the catalogue text', (value) => {
    expect(() => parseShard(value)).toThrow(InvalidArgumentError);
    expect(() => parseShard(value)).toThrow(problem.shardForm(value));
  });
});

/** A briefing entry of a hand-written manifest, with one HTML file whose size and hash fit `text`. */
function entry(dir: string, id: string, text: string, ok = true): BuildManifest['briefings'][number] {
  const files = ok ? [{ format: 'html', path: `${id}.html`, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') }] : [];
  const failure = { kind: 'schema' as const, code: 'BR102', message: 'bad', hint: 'fix' };
  return { dir, id: ok ? id : null, ok, files, pages: null, prints: null, pdfStandard: null, warnings: [], errors: ok ? [] : [failure], timings: {}, values: null, contentSha256: null };
}

/** Write a shard's output folder `root/<name>`: its manifest, its files, and changes.json when given. */
async function shardFolder(root: string, name: string, shard: ShardRecord, briefings: BuildManifest['briefings'], extra: { changes?: ChangesFile; draft?: boolean; built?: string } = {}): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  const manifest: BuildManifest = {
    generator: 'briefing 0.1.0',
    built: extra.built ?? '2026-06-02T04:00:00Z',
    ...(extra.draft ? { draft: true as const } : {}),
    ok: briefings.every((b) => b.ok),
    cache: { dir: null, lookups: { chart: { hits: 1, misses: 2 } } },
    briefings,
    shard,
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  for (const b of briefings) for (const f of b.files) await writeFile(path.join(dir, f.path), `html of ${b.id}`);
  if (extra.changes) await writeFile(path.join(dir, 'changes.json'), JSON.stringify(extra.changes));
  return dir;
}

/** Effects that keep what a merge writes. */
function memory(): { files: Map<string, string>; effects: { writeFiles(files: readonly FileWrite[]): Promise<void> } } {
  const files = new Map<string, string>();
  return { files, effects: { writeFiles: async (writes) => void writes.forEach((w) => files.set(w.path, Buffer.from(w.data).toString('utf8'))) } };
}

/** The codes of the diagnostics `work` rejects with (a BriefingError). */
async function refusal(work: Promise<unknown>): Promise<string[]> {
  const e = await work.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BriefingError);
  return (e as BriefingError).diagnostics.map((d) => d.code);
}

describe('mergeShards', () => {
  const list = ['a', 'b', 'c'];
  const options: ShardRecord['options'] = { formats: ['html', 'pdf'], pageSize: null, pdfStandard: null, templates: null, strict: false };
  const record = (index: number, exitCode = 0, changed: Partial<ShardRecord['options']> = {}): ShardRecord => ({ index, total: 2, dirs: list, options: { ...options, ...changed }, exitCode });

  it('joins the shards in the list order, sums the cache lookups, takes the latest built and the worst exit code', async () => {
    const root = await tempDir();
    await shardFolder(root, 's1', record(1), [entry('a', 'a', 'html of a'), entry('c', 'c', 'html of c')]);
    await shardFolder(root, 's2', record(2, EXIT.content), [entry('b/', 'b', '', false)], { built: '2026-06-02T04:05:00Z' });
    const { files, effects } = memory();
    const run = await mergeShards([path.join(root, 's2'), path.join(root, 's1', 'manifest.json')], { outDir: 'out', effects });
    expect(run).toMatchObject({ ok: false, exitCode: EXIT.content, shards: 2, manifestFile: path.join('out', 'manifest.json'), changes: null });
    expect(run.manifest.briefings.map((b) => b.dir)).toEqual(['a', 'b/', 'c']);
    expect(run.manifest).toMatchObject({ built: '2026-06-02T04:05:00Z', ok: false, cache: { dir: null, lookups: { chart: { hits: 2, misses: 4 } } } });
    expect(run.manifest).not.toHaveProperty('shard');
    expect([...files.keys()].sort()).toEqual(['out/a.html', 'out/c.html', 'out/manifest.json']);
    expect(files.get('out/a.html')).toBe('html of a');
    expect(JSON.parse(files.get('out/manifest.json')!)).toEqual(run.manifest);
  });

  it('joins the change reports, saying why a briefing of a shard without one was compared with nothing', async () => {
    const root = await tempDir();
    const report = { id: 'a', baseline: 'a/approved.json', changes: null, note: 'a note' };
    await shardFolder(root, 's1', record(1), [entry('a', 'a', 'html of a'), entry('c', 'c', 'html of c')], { changes: { since: 'approved', briefings: [report, { ...report, id: 'c' }] } });
    await shardFolder(root, 's2', record(2), [entry('b', 'b', 'html of b')]);
    const { files, effects } = memory();
    const run = await mergeShards([path.join(root, 's1'), path.join(root, 's2')], { outDir: 'out', effects });
    expect(run.changes!.since).toBe('approved');
    expect(run.changes!.briefings.map((b) => [b.id, b.note])).toEqual([
      ['a', 'a note'],
      ['b', expect.stringContaining('no approved version of b')],
      ['c', 'a note'],
    ]);
    expect(JSON.parse(files.get('out/changes.json')!)).toEqual(run.changes);
    expect(files.get('out/changes.md')).toContain('### b');
  });

  it('writes nothing when no briefing built in any shard, and exits with the worst code', async () => {
    const root = await tempDir();
    await shardFolder(root, 's1', record(1, EXIT.system), [entry('a', 'a', '', false), entry('c', 'c', '', false)]);
    await shardFolder(root, 's2', record(2, EXIT.content), [entry('b', 'b', '', false)]);
    const { files, effects } = memory();
    const run = await mergeShards([path.join(root, 's1'), path.join(root, 's2')], { outDir: 'out', effects });
    expect(run).toMatchObject({ ok: false, exitCode: EXIT.system, manifestFile: null });
    expect(files.size).toBe(0);
  });

  it('refuses shards of other lists, built differently, holding one id twice, or not holding their share', async () => {
    const root = await tempDir();
    const s1 = await shardFolder(root, 's1', record(1), [entry('a', 'a', 'html of a'), entry('c', 'c', 'html of c')]);
    const other = await shardFolder(root, 'other', { index: 2, total: 2, dirs: ['a', 'b', 'd'], options, exitCode: 0 }, [entry('b', 'b', 'html of b')]);
    const draft = await shardFolder(root, 'draft', record(2), [entry('b', 'b', 'html of b')], { draft: true });
    const twice = await shardFolder(root, 'twice', record(2), [entry('b', 'a', 'html of a')]);
    const wrong = await shardFolder(root, 'wrong', record(2), [entry('c', 'c', 'html of c')]);
    const escape = await shardFolder(root, 'escape', record(2), [{ ...entry('b', 'b', 'html of b'), files: [{ format: 'html', path: '../b.html', bytes: 1, sha256: '0'.repeat(64) }] }]);
    const { effects } = memory();
    expect(await refusal(mergeShards([s1, other], { effects }))).toEqual([MESSAGES.shardsOfOtherLists.code]);
    expect(await refusal(mergeShards([s1, draft], { effects }))).toEqual([MESSAGES.shardsBuiltDifferently.code]);
    expect(await refusal(mergeShards([s1, twice], { effects }))).toEqual([MESSAGES.briefingInTwoShards.code]);
    expect(await refusal(mergeShards([s1, wrong], { effects }))).toEqual([MESSAGES.unreadableShard.code, MESSAGES.briefingInTwoShards.code]);
    expect(await refusal(mergeShards([s1, escape], { effects }))).toEqual([MESSAGES.unreadableShard.code]);
    expect(await refusal(mergeShards([], { effects }))).toEqual([MESSAGES.shardsMissing.code]);
    expect(await refusal(mergeShards([path.join(root, 'none')], { effects }))).toEqual([MESSAGES.unreadableShard.code]);
  });

  it('decides the exit code as one build would: an error before --strict warnings, system before content', async () => {
    expect(mergedExitCode([EXIT.content, EXIT.warnings])).toBe(EXIT.content);
    expect(mergedExitCode([EXIT.warnings, EXIT.system, EXIT.content])).toBe(EXIT.system);
    expect(mergedExitCode([EXIT.ok, EXIT.warnings])).toBe(EXIT.warnings);
    expect(mergedExitCode([EXIT.ok, EXIT.ok])).toBe(EXIT.ok);
    const root = await tempDir();
    await shardFolder(root, 's1', record(1, EXIT.warnings), [entry('a', 'a', 'html of a'), entry('c', 'c', 'html of c')]);
    await shardFolder(root, 's2', record(2, EXIT.content), [entry('b', 'b', '', false)]);
    const run = await mergeShards([path.join(root, 's1'), path.join(root, 's2')], { outDir: 'out', effects: memory().effects });
    expect(run).toMatchObject({ ok: false, exitCode: EXIT.content });
  });

  it.each([
    ['formats', { formats: ['html'] }],
    ['pageSize', { pageSize: 'Letter' }],
    ['pdfStandard', { pdfStandard: [] }],
    ['templates', { templates: 'my-templates' }],
    ['strict', { strict: true }],
  ] as const)('refuses a shard built with another %s (BR327 at shard.options)', async (name, changed) => {
    const root = await tempDir();
    const s1 = await shardFolder(root, 's1', record(1), [entry('a', 'a', 'html of a'), entry('c', 'c', 'html of c')]);
    const s2 = await shardFolder(root, 's2', record(2, 0, changed), [entry('b', 'b', 'html of b')]);
    const e = await mergeShards([s1, s2], memory()).then(
      () => undefined,
      (err: unknown) => err as BriefingError,
    );
    expect(e!.diagnostics).toEqual([expect.objectContaining({ code: MESSAGES.shardsBuiltDifferently.code, file: path.join(s2, 'manifest.json'), path: `shard.options.${name}` })]);
  });

  it('refuses a shard compared with another build than the others', async () => {
    const root = await tempDir();
    const changes = (since: string, id: string): ChangesFile => ({ since, briefings: [{ id, baseline: null, changes: null, note: 'none' }] });
    const s1 = await shardFolder(root, 's1', record(1), [entry('a', 'a', 'html of a'), entry('c', 'c', 'html of c')], { changes: changes('night-1/manifest.json', 'a') });
    const s2 = await shardFolder(root, 's2', record(2), [entry('b', 'b', 'html of b')], { changes: changes('night-0/manifest.json', 'b') });
    const e = await mergeShards([s1, s2], memory()).then(
      () => undefined,
      (err: unknown) => err as BriefingError,
    );
    expect(e!.diagnostics).toEqual([expect.objectContaining({ code: MESSAGES.shardsBuiltDifferently.code, file: path.join(s2, 'changes.json'), path: 'since' })]);
  });
});
