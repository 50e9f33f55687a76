/**
 * Generated malformed briefing folders (issue #22): the sample, copied and broken in one to three ways a
 * contributor or an attacker could (bytes, cut files, repeated lines, deep nesting, odd file names, links to a
 * host file), then checked through the API as `briefing check` does. No case may end in an internal error or
 * an unlocated one, and no message may carry a byte of the host file. Bounded by a case count and a fixed
 * seed, so a failure replays (`FUZZ_RUNS=400 FUZZ_SEED=7` to explore further).
 */
import { cp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/api.ts';
import { CATALOGUE } from '../../src/errors.ts';
import { SAMPLE, tempDir } from '../helpers/cli.ts';

const SECRET = 'host-secret-fuzz-41c2';
let work: string;
let secret: string;
let contentFiles: string[];

beforeAll(async () => {
  work = await tempDir('briefing-fuzz-');
  secret = path.join(work, 'secret.yaml');
  await writeFile(secret, `id: ${SECRET}\nname: ${SECRET}\n`);
  contentFiles = (await readdir(SAMPLE, { recursive: true })).filter((f) => /\.(ya?ml|md)$/.test(f)).sort();
});

afterAll(() => rm(work, { recursive: true, force: true }));

/** One way to break a briefing folder, applied to a fresh copy at `dir`. */
type Mutation = (dir: string) => Promise<void>;

const file = (): fc.Arbitrary<string> => fc.nat().map((i) => contentFiles[i % contentFiles.length]!);

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  // Arbitrary bytes in place of a file (invalid UTF-8 included).
  fc.tuple(file(), fc.uint8Array({ maxLength: 300 })).map(([f, bytes]): Mutation => (dir) => writeFile(path.join(dir, f), bytes)),
  // A file cut at any byte.
  fc.tuple(file(), fc.nat()).map(([f, at]): Mutation => async (dir) => {
    const text = await readFile(path.join(dir, f));
    await writeFile(path.join(dir, f), text.subarray(0, at % (text.length + 1)));
  }),
  // Text inserted at a line (YAML or Markdown syntax, citations, braces).
  fc.tuple(file(), fc.nat(), fc.string({ maxLength: 80, unit: fc.constantFrom(...'-:[]{}@#*_>|&!%$\n "\'\\abc0129'.split('')) })).map(([f, line, text]): Mutation => async (dir) => {
    const lines = (await readFile(path.join(dir, f), 'utf8')).split('\n');
    lines.splice(line % (lines.length + 1), 0, text);
    await writeFile(path.join(dir, f), lines.join('\n'));
  }),
  // One line repeated many times.
  fc.tuple(file(), fc.nat(), fc.integer({ min: 2, max: 3000 })).map(([f, line, times]): Mutation => async (dir) => {
    const lines = (await readFile(path.join(dir, f), 'utf8')).split('\n');
    const at = line % lines.length;
    lines.splice(at, 1, ...Array<string>(times).fill(lines[at]!));
    await writeFile(path.join(dir, f), lines.join('\n'));
  }),
  // A value nested deep in flow collections.
  fc.tuple(file(), fc.integer({ min: 1, max: 3000 })).map(([f, depth]): Mutation => (dir) => writeFile(path.join(dir, f), `x: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`)),
  // A file whose name is not UTF-8, holds a line break, or mimics a content file.
  fc.tuple(fc.constantFrom('companies', 'sections', 'charts', ''), fc.constantFrom('bad\xff.yaml', 'two\nlines.yaml', 'x.md', 'y.vl.json', ' .yaml')).map(([sub, name]): Mutation => async (dir) => {
    await writeFile(Buffer.concat([Buffer.from(path.join(dir, sub) + path.sep), Buffer.from(name, 'latin1')]), 'id: x\n');
  }),
  // A content file replaced by a link to a host file.
  file().map((f): Mutation => async (dir) => {
    await rm(path.join(dir, f));
    await symlink(secret, path.join(dir, f));
  }),
);

describe('property: a broken briefing folder ends in located errors, never an internal one', () => {
  it('for one to three mutations of the sample, checked as briefing check does', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutations, { minLength: 1, maxLength: 3 }), async (broken) => {
        const dir = path.join(work, `case-${n++}`);
        await cp(SAMPLE, dir, { recursive: true });
        for (const mutate of broken) await mutate(dir);
        const report = await check([dir]);
        for (const e of report.errors) {
          expect(e.message, e.message).not.toMatch(/internal error|Maximum call stack|is not a function|Cannot read prop/);
          expect(e.kind === 'render' || e.kind === 'write', e.message).toBe(false);
          expect(e.file ?? null, e.message).not.toBeNull();
          expect(JSON.stringify(e)).not.toContain(SECRET);
        }
        expect(report.exitCode, JSON.stringify(report.errors.slice(0, 3))).not.toBe(CATALOGUE.render.exit);
        await rm(dir, { recursive: true, force: true });
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60), seed: Number(process.env.FUZZ_SEED ?? 22), endOnFailure: true },
    );
  }, 240_000);
});
