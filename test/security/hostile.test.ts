/**
 * Hostile briefing folders (issue #22): each case an attacker tried ends in a located error with the limit it
 * hit, and nothing outside the briefing folder is read through it. Content cases run through the loader;
 * the cases that need the templates or the CLI run `briefing check` and `build` as a subprocess.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/content/load.ts';
import { readContentFiles } from '../../src/content/read.ts';
import { FIGURE_LIMITS } from '../../src/content/references.ts';
import { MAX_YAML_DEPTH } from '../../src/content/yaml.ts';
import { MAX_LINE_CHARS } from '../../src/content/declarations.ts';
import { BriefingError, CATALOGUE, MAX_DIAGNOSTICS } from '../../src/errors.ts';
import { assertPrintable, DOCUMENT_LIMITS } from '../../src/html/render.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import { FORMULA_LIMITS } from '../../src/metrics/formula.ts';
import { MESSAGES, msg, problem } from '../../src/messages.ts';
import { copySample, runCli, tempDir } from '../helpers/cli.ts';
import { catchBriefingError, replaceIn, sample } from '../unit/helpers.ts';

/** A host file's contents that must never appear in any output or message. */
const SECRET = 'host-secret-7f3a9c';

/** A secret file outside any briefing, for links to point at. */
async function secretFile(): Promise<string> {
  const file = path.join(await tempDir('briefing-host-'), 'secret.txt');
  await writeFile(file, `${SECRET}: {"mark": "bar"}\n`);
  return file;
}

/** Every file's text under `dir`, joined (to search outputs for leaked bytes). */
async function allText(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const texts = await Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8').catch(() => '')));
  return texts.join('\n');
}

/** A metric appended to the sample's metrics.yaml with `formula` over each IPO candidate's valuation. */
function withFormula(formula: string): ReturnType<typeof sample> {
  const metric = `\n- id: hostile\n  label: Hostile\n  unit: USD\n  each: {group: ipo-candidate}\n  inputs:\n    valuation: {quantity: valuation}\n  formula: ${formula}\n`;
  return sample((f) => f.set('metrics.yaml', `${f.get('metrics.yaml')!}${metric}`));
}

describe('links out of the briefing folder', () => {
  it('refuses a templates/styles.css that links to a host file, in check and build, echoing none of it', async () => {
    const dir = await copySample();
    await mkdir(path.join(dir, 'templates'), { recursive: true });
    await symlink(await secretFile(), path.join(dir, 'templates', 'styles.css'));
    const check = await runCli(['check', dir]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`${path.join(dir, 'templates', 'styles.css')} ${msg.linkOutside('templates/styles.css').text} [${CATALOGUE.symlink.code}]`);
    const out = await tempDir();
    const build = await runCli(['build', dir, '--out', out]);
    expect(build.code).toBe(1);
    for (const text of [check.stdout, check.stderr, build.stdout, build.stderr, await allText(out)]) expect(text).not.toContain(SECRET);
  });

  it('refuses a linked chart spec of the briefing\'s templates without echoing its first bytes', async () => {
    const dir = await copySample();
    await mkdir(path.join(dir, 'templates', 'charts'), { recursive: true });
    await symlink(await secretFile(), path.join(dir, 'templates', 'charts', 'bars.vl.json'));
    const r = await runCli(['check', dir, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(CATALOGUE.symlink.code);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('refuses a templates/ folder that is itself a link', async () => {
    const dir = await copySample();
    const host = path.dirname(await secretFile());
    await writeFile(path.join(host, 'styles.css'), SECRET);
    await symlink(host, path.join(dir, 'templates'));
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(msg.symlinkedFolder('templates').text);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('refuses content and data files that link out, and follows a link that stays inside', async () => {
    const dir = await copySample();
    const secret = await secretFile();
    await symlink(secret, path.join(dir, 'companies', 'zz-secret.yaml'));
    await mkdir(path.join(dir, 'data'), { recursive: true });
    await symlink(secret, path.join(dir, 'data', 'feed.csv'));
    const e = await readContentFiles(dir).then(() => undefined, (x: unknown) => x as BriefingError);
    expect(e?.diagnostics.map((d) => [d.code, path.relative(dir, d.file!)]).sort()).toEqual([
      [CATALOGUE.symlink.code, 'companies/zz-secret.yaml'],
      [CATALOGUE.symlink.code, 'data/feed.csv'],
    ]);
    expect(e?.message).not.toContain(SECRET);

    const inside = await copySample();
    await symlink(path.join(inside, 'sections', 'outlook.md'), path.join(inside, 'sections', 'outlook-copy.md'));
    const files = await readContentFiles(inside);
    expect(files.files.get('sections/outlook-copy.md')).toBe(files.files.get('sections/outlook.md'));
  });
});

describe('links and special files inside the folder', () => {
  it('refuses a named pipe, directly or through a link, without waiting for a writer', async () => {
    const dir = await copySample();
    execFileSync('mkfifo', [path.join(dir, 'companies', 'pipe.yaml')]);
    await symlink(path.join(dir, 'companies', 'pipe.yaml'), path.join(dir, 'sections', 'pipe.md'));
    const e = await readContentFiles(dir).then(() => undefined, (x: unknown) => x as BriefingError);
    expect(e?.diagnostics.map((d) => [d.code, path.relative(dir, d.file!), d.message]).sort()).toEqual([
      [MESSAGES.notAFile.code, 'companies/pipe.yaml', msg.notAFile('companies/pipe.yaml').text],
      [MESSAGES.notAFile.code, 'sections/pipe.md', msg.notAFile('sections/pipe.md').text],
    ]);
  });

  it('refuses a templates/partials folder that is a link', async () => {
    const dir = await copySample();
    await mkdir(path.join(dir, 'templates'));
    await symlink(path.dirname(await secretFile()), path.join(dir, 'templates', 'partials'));
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(msg.symlinkedFolder('templates/partials').text);
  });

  it('treats a template chart override linked to a file inside the briefing as the briefing\'s own spec', async () => {
    const dir = await copySample();
    await writeFile(path.join(dir, 'charts', 'mine.vl.json'), JSON.stringify({ mark: 'nonsense' }));
    await mkdir(path.join(dir, 'templates', 'charts'), { recursive: true });
    await symlink(path.join(dir, 'charts', 'mine.vl.json'), path.join(dir, 'templates', 'charts', 'bars.vl.json'));
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, 'templates', 'charts', 'bars.vl.json')} mark:`);
  });
});

describe('file names and bytes', () => {
  it('reports a file name that is not UTF-8, and one with a line break, naming the folder and the bytes', async () => {
    const dir = await copySample();
    const companies = Buffer.from(path.join(dir, 'companies'));
    await writeFile(Buffer.concat([companies, Buffer.from('/bad\xff.yaml', 'latin1')]), 'id: x\n');
    await writeFile(path.join(dir, 'companies', 'two\nlines.yaml'), 'id: y\n');
    const e = await readContentFiles(dir).then(() => undefined, (x: unknown) => x as BriefingError);
    expect(e?.diagnostics.map((d) => [d.code, d.file, d.message]).sort()).toEqual([
      [MESSAGES.badFileName.code, path.join(dir, 'companies'), msg.badFileName('bad\\xff.yaml').text],
      [MESSAGES.badFileName.code, path.join(dir, 'companies'), msg.badFileName('two\\nlines.yaml').text],
    ]);
  });

  it('refuses a content file with bytes that are not UTF-8, at their line, instead of replacing them', async () => {
    const dir = await copySample();
    const file = path.join(dir, 'risks.yaml');
    const text = await readFile(file);
    const lines = text.toString('utf8').split('\n');
    await writeFile(file, Buffer.concat([Buffer.from(`${lines.slice(0, 4).join('\n')}\n`), Buffer.from([0x23, 0x20, 0xc3, 0x28, 0x0a]), Buffer.from(lines.slice(4).join('\n'))]));
    const e = await readContentFiles(dir).then(() => undefined, (x: unknown) => x as BriefingError);
    expect(e?.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([[CATALOGUE.encoding.code, file, 5]]);
  });
});

describe('sizes that would make work grow without bound', () => {
  it('reports 50,000 unknown keys with a capped list and a count of the rest', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: 1`).join('\n');
    const e = catchBriefingError(() => parseBriefing(sample((f) => f.set('companies/spacex.yaml', `${f.get('companies/spacex.yaml')!}\n${keys}\n`))));
    expect(e.diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    const last = e.diagnostics.at(-1)!;
    expect(last.code).toBe(MESSAGES.moreProblems.code);
    expect(last.file).toBe('fx/companies/spacex.yaml');
    expect(last.message).toMatch(new RegExp(`^and at least ${50_000 - MAX_DIAGNOSTICS} more problems`));
    expect(JSON.stringify(e.diagnostics).length).toBeLessThan(100_000);
  });

  it('reports one bad line that breaks the rest of a file in a few hundred diagnostics, not ten thousand', () => {
    const items = Array.from({ length: 5_000 }, (_, i) => `- {id: r${i}, title: "unclosed`).join('\n');
    const e = catchBriefingError(() => parseBriefing(sample((f) => f.set('risks.yaml', items))));
    expect(e.diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS + 1);
  });

  it('refuses YAML nested past the limit at its place, in flow and block style', () => {
    const flow = `x: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`;
    const block = `${Array.from({ length: 800 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`;
    for (const text of [flow, block]) {
      const e = catchBriefingError(() => parseBriefing(sample((f) => f.set('companies/spacex.yaml', text))));
      expect(e.diagnostics.map((d) => [d.code, d.file, d.message])).toEqual([[MESSAGES.yamlTooDeep.code, 'fx/companies/spacex.yaml', msg.yamlTooDeep(MAX_YAML_DEPTH).text]]);
    }
  });

  it('refuses a formula of 5,000 terms, or nested 500 deep, with the limit and without echoing it', () => {
    const terms = `${'valuation + 1 + '.repeat(120)}valuation`;
    const cases: [string, string][] = [
      [Array.from({ length: 5_000 }, () => 'valuation').join(' + '), problem.formulaLimit('characters', 59_997, FORMULA_LIMITS.characters)],
      [terms, problem.formulaLimit('terms', 241, FORMULA_LIMITS.terms)],
      [`${'('.repeat(500)}valuation${')'.repeat(500)}`, problem.formulaLimit('levels of parentheses', 500, FORMULA_LIMITS.depth)],
    ];
    for (const [formula, expected] of cases) {
      const e = catchBriefingError(() => computeMetrics(parseBriefing(withFormula(formula))));
      expect(e.diagnostics).toHaveLength(1);
      expect(e.diagnostics[0]!.message).toContain(expected);
      expect(e.diagnostics[0]!.message.length).toBeLessThan(300);
      expect(e.diagnostics[0]!.file).toBe('fx/metrics.yaml');
    }
  });

  it('refuses a result that overflows at the metric, instead of printing −∞', () => {
    const e = catchBriefingError(() => computeMetrics(parseBriefing(withFormula('valuation * 1e300 * 1e300'))));
    expect(e.diagnostics.map((d) => [d.code, d.file])).toEqual([[MESSAGES.notFinite.code, 'fx/metrics.yaml']]);
    expect(e.diagnostics[0]!.message).toContain(msg.notFinite('valuation * 1e300 * 1e300').text);
  });

  it('refuses a title, a name or a heading longer than a line may be', () => {
    const long = 'A'.repeat(100_000);
    const lineOf = (f: Map<string, string>, file: string, key: string): string => new RegExp(`^${key}: .*$`, 'm').exec(f.get(file)!)![0];
    const fields = catchBriefingError(() =>
      parseBriefing(
        sample((f) => {
          replaceIn(f, 'briefing.yaml', lineOf(f, 'briefing.yaml', 'title'), `title: ${long}`);
          replaceIn(f, 'companies/spacex.yaml', lineOf(f, 'companies/spacex.yaml', 'name'), `name: ${long}`);
        }),
      ),
    );
    expect(fields.diagnostics.map((d) => [d.file, d.path, d.message]).sort()).toEqual([
      ['fx/briefing.yaml', 'title', problem.tooLong(MAX_LINE_CHARS)],
      ['fx/companies/spacex.yaml', 'name', problem.tooLong(MAX_LINE_CHARS)],
    ]);
    const heading = catchBriefingError(() => parseBriefing(sample((f) => f.set('sections/outlook.md', `# Outlook\n\n## ${'Long heading '.repeat(30)}\n\nText.\n`))));
    expect(heading.diagnostics.map((d) => [d.file, d.line, d.message])).toEqual([['fx/sections/outlook.md', 3, problem.tooLong(MAX_LINE_CHARS)]]);
  });

  it('refuses a company of 5,000 data rows before anything is rendered', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => `spacex,f-${i},revenue,$${i + 1}M,FY2024,s-gogoai`).join('\n');
    const e = catchBriefingError(() => parseBriefing(sample((f) => f.set('data/feed.csv', `company,id,quantity,value,period,sources\n${rows}\n`))));
    const found = e.diagnostics.map((d) => [d.code, d.file, d.message]);
    expect(found).toContainEqual([CATALOGUE.limit.code, 'fx/companies/spacex.yaml', msg.tooManyFigures('company', 5_000 + countFigures('companies/spacex.yaml'), FIGURE_LIMITS.perCompany).text]);
    expect(found.every(([code]) => code === CATALOGUE.limit.code)).toBe(true);
  });

  it('refuses a document too large to lay out before a browser sees it', () => {
    const rows = '<tr><td>x</td></tr>'.repeat(DOCUMENT_LIMITS.elements);
    expect(catchBriefingError(() => assertPrintable(`<html><body><table>${rows}</table></body></html>`, 'fx')).diagnostics[0]!.code).toBe(MESSAGES.documentTooLarge.code);
    expect(() => assertPrintable('<html><body><p>fine</p></body></html>', 'fx')).not.toThrow();
  });
});

describe('citations are read as citations', () => {
  for (const [marker, didYouMean] of [
    ['[@toString]', ''],
    ['[@s-Gogoai]', 's-gogoai'],
    ['[@s-gogoai', 's-gogoai'],
  ] as const) {
    it(`refuses ${marker} beside an amount: a located syntax error, and the amount counts as uncited`, () => {
      const text = `# Outlook\n\nThe round raised $40 billion ${marker} last spring.\n`;
      const e = catchBriefingError(() => parseBriefing(sample((f) => f.set('sections/outlook.md', text))));
      const found = e.diagnostics.map((d) => [d.code, d.file, d.line]);
      expect(found).toContainEqual([CATALOGUE.citationSyntax.code, 'fx/sections/outlook.md', 3]);
      expect(found).toContainEqual([CATALOGUE.unsourcedFigure.code, 'fx/sections/outlook.md', 3]);
      const syntax = e.diagnostics.find((d) => d.code === CATALOGUE.citationSyntax.code)!;
      if (didYouMean) expect(syntax.message).toContain(`"${didYouMean}"`);
    });
  }
});

/** How many figures the sample's `file` states (counted by their `- id:` lines under figures:). */
function countFigures(file: string): number {
  const text = sample().files.get(file)!;
  return text.split('\nfigures:')[1]!.split('\n').filter((l) => /^ {2}- /.test(l)).length;
}

describe('outputs stay clean of host files', () => {
  it('never prints a host file through a linked content file in a build', async () => {
    const dir = await copySample();
    await rm(path.join(dir, 'sections', 'outlook.md'));
    await symlink(await secretFile(), path.join(dir, 'sections', 'outlook.md'));
    const out = await tempDir();
    const r = await runCli(['build', dir, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(CATALOGUE.symlink.code);
    expect(`${r.stdout}${r.stderr}${await allText(out)}`).not.toContain(SECRET);
    expect(execFileSync('ls', [out], { encoding: 'utf8' })).not.toMatch(/\.pdf/);
  });
});
