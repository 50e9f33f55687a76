/**
 * `briefing new <dir> --example <name>` (src/preview/scaffold.ts): the examples that ship are the folders of
 * content/ with a briefing.yaml; a copy has every file but approved.json, its schema lines pointing at the
 * project's schemas, and the folder's name as its id; an unknown name is BR330, listing those that ship.
 */
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diskEffects } from '../../src/effects.ts';
import { BriefingError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { createBriefing, EXAMPLES_ROOT, exampleFiles, shippedExamples } from '../../src/preview/scaffold.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';

const TODAY = '2026-06-01';

/** Every file under `dir`, relative to it with `/`, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** A folder of examples: `one` (with an approved.json and a data file) and `not-an-example` (no briefing.yaml). */
async function examplesFixture(): Promise<string> {
  const root = await tempDir('briefing-examples-');
  await mkdir(path.join(root, 'one', 'companies'), { recursive: true });
  await writeFile(path.join(root, 'one', 'briefing.yaml'), '# yaml-language-server: $schema=../../schema/briefing.schema.json\n# the id below\nid: one   # kept comment\ntitle: One\n');
  await writeFile(path.join(root, 'one', 'companies', 'acme.yaml'), '# yaml-language-server: $schema=../../../schema/company.schema.json\nid: acme\n');
  await writeFile(path.join(root, 'one', 'approved.json'), '{}');
  await mkdir(path.join(root, 'one', 'data'));
  await writeFile(path.join(root, 'one', 'data', 'figures.csv'), 'company,id\n');
  await mkdir(path.join(root, 'not-an-example'));
  return root;
}

describe('the examples that ship', () => {
  it('are the folders of content/ that hold a briefing.yaml', async () => {
    expect(path.resolve(EXAMPLES_ROOT)).toBe(path.join(ROOT, 'content'));
    expect(await shippedExamples()).toEqual(expect.arrayContaining(['ai-ipo-2026', 'china-ai-2026']));
    expect(await shippedExamples(await examplesFixture())).toEqual(['one']);
    expect(await shippedExamples(path.join(await tempDir(), 'missing'))).toEqual([]);
  });
});

describe('briefing new --example', () => {
  it('copies every file but approved.json, with the schema lines pointing at the project and the folder name as id', async () => {
    const root = await examplesFixture();
    const project = await tempDir('briefing-project-');
    await writeFile(path.join(project, 'package.json'), '{}');
    const dir = path.join(project, 'briefings', 'Q3 Review');
    const written = await createBriefing(dir, diskEffects, TODAY, { example: 'one', examplesRoot: root });
    expect(written.map((f) => path.relative(dir, f).split(path.sep).join('/')).sort()).toEqual(['briefing.yaml', 'companies/acme.yaml', 'data/figures.csv']);
    expect(await filesUnder(dir)).toEqual(['briefing.yaml', 'companies/acme.yaml', 'data/figures.csv']);
    // The project's package.json is above: the schemas npm installs there.
    expect(await readFile(path.join(dir, 'companies', 'acme.yaml'), 'utf8')).toBe('# yaml-language-server: $schema=../../../node_modules/briefing/schema/company.schema.json\nid: acme\n');
    const manifest = await readFile(path.join(dir, 'briefing.yaml'), 'utf8');
    expect(manifest.split('\n').slice(1)).toEqual(['# the id below', 'id: q3-review   # kept comment', 'title: One', '']);
    expect(await readFile(path.join(dir, 'data', 'figures.csv'), 'utf8')).toBe('company,id\n');
  });

  it('points the schema lines into node_modules/briefing of the project a folder is in, or leaves them out', async () => {
    const root = await examplesFixture();
    const files = await exampleFiles('/work/newsroom/briefings/q3', 'one', '/work/newsroom/node_modules/briefing/schema', root);
    const text = (rel: string): string => String(files.find((f) => f.path === path.join('/work/newsroom/briefings/q3', rel))!.data);
    expect(text('briefing.yaml').split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/briefing/schema/briefing.schema.json');
    expect(text('companies/acme.yaml').split('\n')[0]).toBe('# yaml-language-server: $schema=../../../node_modules/briefing/schema/company.schema.json');
    const bare = await exampleFiles('/work/q3', 'one', null, root);
    expect(String(bare.find((f) => f.path === path.join('/work/q3', 'companies', 'acme.yaml'))!.data)).toBe('id: acme\n');
  });

  it('refuses an unknown name with BR330, listing the examples that ship, and writes nothing', async () => {
    const root = await examplesFixture();
    const dir = path.join(await tempDir(), 'q3');
    const error = await createBriefing(dir, diskEffects, TODAY, { example: 'onw', examplesRoot: root }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BriefingError);
    const [d] = (error as BriefingError).diagnostics;
    expect(d!.code).toBe(MESSAGES.unknownExample.code);
    expect(d!.message).toBe('there is no example "onw" (did you mean "one"?); the examples that ship are one');
    await expect(readdir(dir)).rejects.toThrow();
    const none = await createBriefing(dir, diskEffects, TODAY, { example: 'one', examplesRoot: path.join(root, 'missing') }).catch((e: BriefingError) => e.diagnostics[0]!.message);
    expect(none).toBe('there is no example "one": no example briefings ship with this installation of briefing');
  });

  it('copies the sample from the command line into a folder that checks as it is, and prints each file', async () => {
    const dir = path.join(await tempDir(), 'desk', 'sample');
    const r = await runCli(['new', dir, '--example', 'ai-ipo-2026']);
    expect(r.code, r.stderr).toBe(0);
    const sample = path.join(ROOT, 'content', 'ai-ipo-2026');
    expect(await filesUnder(dir)).toEqual(await filesUnder(sample));
    expect(r.stdout.split('\n').filter((l) => l.startsWith('created ')).length).toBe((await filesUnder(sample)).length);
    const manifest = parse(await readFile(path.join(dir, 'briefing.yaml'), 'utf8'));
    expect(manifest.id).toBe('sample');
    expect(manifest.title).toBe(parse(await readFile(path.join(sample, 'briefing.yaml'), 'utf8')).title);
    const checked = await runCli(['check', dir]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain(`ok ${dir}:`);

    const unknown = await runCli(['new', path.join(await tempDir(), 'x'), '--example', 'ai-ipo']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/the examples that ship are (.+, )?ai-ipo-2026(, .+)? \[BR330\]/);
  });

  it('still refuses a folder that is not empty, before looking at the example', async () => {
    const dir = await tempDir();
    await cp(path.join(ROOT, 'LICENSE'), path.join(dir, 'LICENSE'));
    const error = await createBriefing(dir, diskEffects, TODAY, { example: 'no-such' }).catch((e: BriefingError) => e);
    expect((error as BriefingError).diagnostics[0]!.code).toBe(MESSAGES.newNotEmpty.code);
  });
});
