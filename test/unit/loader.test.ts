import { mkdir, readFile, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { parseBriefing } from '../../src/content/load.ts';
import { KnownFiles, readContentFiles } from '../../src/content/read.ts';
import { ParseCache } from '../../src/content/validate.ts';
import { formatPath } from '../../src/content/yaml.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import { BriefingError, CATALOGUE, DiagnosticList, EXIT, diagnostic, formatDiagnostic, type Diagnostic, type ErrorKind } from '../../src/errors.ts';
import { MESSAGES, type MessageName } from '../../src/messages.ts';
import { copySample, tempDir } from '../helpers/cli.ts';
import { catchBriefingError, positionOf, replaceIn, sample, sampleFiles } from './helpers.ts';

/** Parse the sample after `mutate` and return the diagnostics of the BriefingError it must throw. */
function diagnosticsOf(mutate: (files: Map<string, string>) => void): readonly Diagnostic[] {
  return catchBriefingError(() => parseBriefing(sample(mutate))).diagnostics;
}

/** The one diagnostic of a run, of category `kind`, checked against the catalogue record it says (`msg.<record>`). */
function single(diags: readonly Diagnostic[], kind: ErrorKind, record: MessageName): Diagnostic {
  expect(diags.map((d) => d.kind)).toEqual([kind]);
  const d = diags[0]!;
  expect(d.code).toBe(MESSAGES[record].code);
  expect(d.hint).toBe(MESSAGES[record].hint);
  return d;
}

/** Mutated text of one file, to compute where the loader should point. */
function mutated(file: string, from: string, to: string): string {
  const files = sampleFiles();
  replaceIn(files, file, from, to);
  return files.get(file)!;
}

describe('parseBriefing on the valid sample', () => {
  it('parses with no errors and no warnings', () => {
    const b = parseBriefing(sample());
    expect(b.warnings).toEqual([]);
    expect(b.dir).toBe('fx');
    expect(b.settings.id).toBe('ai-ipo-2026');
    expect(b.settings.asOf).toBe('2026-06-01');
  });

  it('sorts companies by declared group, then by name', () => {
    const b = parseBriefing(sample());
    expect(b.companies.slice(0, 3).map((c) => c.id)).toEqual(['anthropic', 'openai', 'spacex']);
    const companyFiles = [...sampleFiles().keys()].filter((k) => k.startsWith('companies/'));
    expect(b.companies).toHaveLength(companyFiles.length);
    expect(new Set(b.companies.map((c) => `companies/${c.id}.yaml`))).toEqual(new Set(companyFiles));
  });

  it('sorts the rest by the groups briefing.yaml declares, in their order, then name', () => {
    const b = parseBriefing(sample());
    const order = [...b.vocabulary.groups.keys()];
    expect(order).toEqual(['ipo-candidate', 'incumbent', 'supplier', 'china', 'other']);
    const rest = b.companies.slice(3);
    for (let i = 1; i < rest.length; i++) {
      const [a, c] = [rest[i - 1]!, rest[i]!];
      const byGroup = order.indexOf(a.group!) - order.indexOf(c.group!);
      expect(byGroup < 0 || (byGroup === 0 && a.name.localeCompare(c.name, 'en') <= 0)).toBe(true);
    }
    expect(b.companies.at(-1)!.group).toBe('other');
  });

  it('locates figures and parses their amounts', () => {
    const b = parseBriefing(sample());
    const spacex = b.companies.find((c) => c.id === 'spacex')!;
    const text = sampleFiles().get('companies/spacex.yaml')!;
    const f = spacex.figures.find((x) => x.id === 'spacex-valuation-ai-empire')!;
    expect(f.amount).toEqual({ unit: 'USD', low: 1.77e12, high: 1.77e12, qualifier: 'about' });
    expect(f.at.file).toBe('fx/companies/spacex.yaml');
    expect(f.at.line).toBe(positionOf(text, '- id: spacex-valuation-ai-empire').line);
    expect(f.at.path).toBe('figures[1]');
  });

  it('reads section files with their heading and body line', () => {
    const b = parseBriefing(sample());
    const cohort = b.prose.get('cohort')!;
    expect(cohort.title).toBe('The cohort: three routes to a trillion');
    expect(cohort.file).toBe('fx/sections/cohort.md');
    expect(cohort.bodyLine).toBe(2);
    expect(cohort.markdown.startsWith('#')).toBe(false);
  });

  it('readContentFiles reads the folder from disk', async () => {
    const files = await readContentFiles('content/ai-ipo-2026');
    expect([...files.files.keys()].sort()).toEqual([...sampleFiles().keys()].sort());
    expect(files.files.get('companies/spacex.yaml')).toBe(sampleFiles().get('companies/spacex.yaml'));
  });

  it('readContentFiles reports a folder without briefing.yaml as missingFile', async () => {
    const err = await readContentFiles('test/unit/no-such-briefing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BriefingError);
    expect((err as BriefingError).diagnostics[0]!.kind).toBe('missingFile');
    expect((err as BriefingError).exitCode).toBe(EXIT.content);
  });
});

describe('parseBriefing errors', () => {
  it('(a) YAML syntax error → yamlSyntax in that file', () => {
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'briefing.yaml', 'subtitle: SpaceX', 'subtitle: [SpaceX')),
      'yamlSyntax', 'yamlProblem',
    );
    expect(d.file).toBe('fx/briefing.yaml');
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.message).not.toContain('\n');
    // The flow sequence opened on the subtitle line never closes: the error points into the file, not nowhere.
    const subtitleLine = positionOf(sampleFiles().get('briefing.yaml')!, 'subtitle:').line;
    expect(d.line).toBeGreaterThanOrEqual(subtitleLine);
    expect(d.column).toBeGreaterThanOrEqual(1);
  });

  it('(a2) a duplicate YAML key is a yamlSyntax error', () => {
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'briefing.yaml', 'pageSize: A4\n', 'pageSize: A4\ntitle: Again\n')),
      'yamlSyntax', 'yamlProblem',
    );
    expect(d.file).toBe('fx/briefing.yaml');
  });

  it('(b) unknown key in a company figure → schema at figures[1].colour, on that key', () => {
    const from = '    value: "~$1.77T"\n';
    const to = '    value: "~$1.77T"\n    colour: red\n';
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'companies/spacex.yaml', from, to)),
      'schema', 'unknownField',
    );
    const pos = positionOf(mutated('companies/spacex.yaml', from, to), 'colour: red');
    expect(d.file).toBe('fx/companies/spacex.yaml');
    expect(d.path).toBe('figures[1].colour');
    expect(d.line).toBe(pos.line);
    expect(d.column).toBe(pos.column);
    expect(d.column).toBe(5);
    expect(d.message).toContain('colour');
    expect(formatDiagnostic(d)).toBe(`fx/companies/spacex.yaml:${pos.line}:5 figures[1].colour: ${d.message} [${MESSAGES.unknownField.code}]`);
  });

  it('(c) a malformed amount "$1.7.7T" → figureValue at figures[1].value', () => {
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'companies/spacex.yaml', '"~$1.77T"', '"$1.7.7T"')),
      'figureValue', 'figureValueRule',
    );
    const pos = positionOf(mutated('companies/spacex.yaml', '"~$1.77T"', '"$1.7.7T"'), '"$1.7.7T"');
    expect(d.path).toBe('figures[1].value');
    expect(d.path!.endsWith('.value')).toBe(true);
    expect(d.line).toBe(pos.line);
    expect(d.column).toBe(pos.column);
    expect(d.message).toContain('$1.7.7T');
  });

  it('(c2) an amount in the wrong unit for its quantity → figureValue', () => {
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'companies/spacex.yaml', 'value: "33%"', 'value: "$33B"')),
      'figureValue', 'wrongUnitKind',
    );
    expect(d.path).toMatch(/^figures\[\d+\]\.value$/);
    expect(d.message).toContain('revenue-growth');
  });

  it('(d) a figure citing an unknown source → unknownReference on that id in the sources list', () => {
    const from = 'sources: [s-ai-empire]\n    note: Valuation at';
    const to = 'sources:\n      - s-ai-empire\n      - s-nope\n    note: Valuation at';
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'companies/spacex.yaml', from, to)),
      'unknownReference', 'undefinedSource',
    );
    const pos = positionOf(mutated('companies/spacex.yaml', from, to), 's-nope');
    expect(d.file).toBe('fx/companies/spacex.yaml');
    expect(d.path).toBe('figures[1].sources[1]');
    expect(d.line).toBe(pos.line);
    expect(d.column).toBe(pos.column);
    expect(d.message).toContain('s-nope');
  });

  it('(e) a risk naming an unknown company → unknownReference in risks.yaml', () => {
    const from = 'companies: [spacex, openai, anthropic]';
    const to = 'companies: [spacex, openia, anthropic]';
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'risks.yaml', from, to)),
      'unknownReference', 'unknownId',
    );
    const pos = positionOf(mutated('risks.yaml', from, to), 'openia');
    expect(d.file).toBe('fx/risks.yaml');
    expect(d.path).toBe('[0].companies[1]');
    expect(d.line).toBe(pos.line);
    expect(d.column).toBe(pos.column);
    expect(d.message).toContain('openia');
  });

  it('(f) likelihood 7 → schema error on the likelihood', () => {
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'risks.yaml', 'likelihood: 4', 'likelihood: 7')),
      'schema', 'schemaRule',
    );
    const pos = positionOf(mutated('risks.yaml', 'likelihood: 4', 'likelihood: 7'), '7');
    expect(d.path).toBe('[0].likelihood');
    expect(d.line).toBe(pos.line);
    expect(d.message).toMatch(/5/);
  });

  it('(g) a missing required field → schema error that says it is missing', () => {
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'briefing.yaml', 'title: The Trillion-Dollar Listings\n', '')),
      'schema', 'missingField',
    );
    expect(d.file).toBe('fx/briefing.yaml');
    expect(d.path).toBe('title');
    expect(d.message).toMatch(/missing/i);
  });

  it('(h) a citation of an unknown source in a section → unknownReference at the Markdown line and column', () => {
    const from = 'Anthropic has filed for its IPO';
    const to = 'Anthropic [@nope] has filed for its IPO';
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'sections/cohort.md', from, to)),
      'unknownReference', 'unknownCitation',
    );
    const pos = positionOf(mutated('sections/cohort.md', from, to), '[@nope]');
    expect(d.file).toBe('fx/sections/cohort.md');
    expect(d.line).toBe(pos.line);
    expect(d.column).toBe(pos.column);
    expect(d.message).toContain('nope');
  });

  it('(h2) an unknown source in a multi-id citation is reported by its own id', () => {
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'sections/cohort.md', '[@s-gogoai]', '[@s-gogoai; @s-missing]')),
      'unknownReference', 'unknownCitation',
    );
    expect(d.file).toBe('fx/sections/cohort.md');
    expect(d.message).toContain('s-missing');
    expect(d.message).not.toContain('s-gogoai');
  });

  it('(h3) a citation of an unknown source in a company profile → unknownReference at path profile', () => {
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'companies/spacex.yaml', 'acquisitions [@s-ai-empire]', 'acquisitions [@nope]')),
      'unknownReference', 'unknownCitation',
    );
    expect(d.file).toBe('fx/companies/spacex.yaml');
    expect(d.path).toBe('profile');
    // The marker's own line and column in the file, although the profile is a folded (>-) scalar.
    const text = sampleFiles().get('companies/spacex.yaml')!.replace('acquisitions [@s-ai-empire]', 'acquisitions [@nope]');
    expect({ line: d.line, column: d.column }).toEqual(positionOf(text, '[@nope]'));
  });

  it('(i) errors in two files are reported together in one BriefingError', () => {
    const err = catchBriefingError(() =>
      parseBriefing(
        sample((f) => {
          replaceIn(f, 'briefing.yaml', 'pageSize: A4', 'pageSize: A5');
          replaceIn(f, 'risks.yaml', 'likelihood: 4', 'likelihood: 7');
        }),
      ),
    );
    expect(err.diagnostics.length).toBeGreaterThanOrEqual(2);
    expect(new Set(err.diagnostics.map((d) => d.file))).toEqual(new Set(['fx/briefing.yaml', 'fx/risks.yaml']));
    expect(err.diagnostics.find((d) => d.file === 'fx/briefing.yaml')!.path).toBe('pageSize');
    expect(err.diagnostics.find((d) => d.file === 'fx/risks.yaml')!.path).toBe('[0].likelihood');
    // The error message lists every diagnostic, one per line.
    expect(err.message.split('\n')).toEqual(err.diagnostics.map(formatDiagnostic));
    expect(err.exitCode).toBe(EXIT.content);
  });

  it('(j) a duplicate figure id → duplicateId on the second use', () => {
    const from = 'id: spacex-valuation-colossus';
    const to = 'id: spacex-valuation-gogoai';
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'companies/spacex.yaml', from, to)),
      'duplicateId', 'duplicateId',
    );
    // The second use sits where spacex-valuation-colossus was; its value node starts after "id: ".
    const pos = positionOf(sampleFiles().get('companies/spacex.yaml')!, from);
    expect(d.file).toBe('fx/companies/spacex.yaml');
    expect(d.path).toBe('figures[2].id');
    expect(d.line).toBe(pos.line);
    expect(d.column).toBe(pos.column + 'id: '.length);
    expect(d.message).toContain('spacex-valuation-gogoai');
  });

  it('(j2) two companies with one id → duplicateId', () => {
    const diags = diagnosticsOf((f) => {
      const text = f.get('companies/xai.yaml')!;
      f.set('companies/xai-copy.yaml', text);
    });
    expect(diags.map((d) => d.kind)).toContain('duplicateId');
    expect(diags.find((d) => d.kind === 'duplicateId')!.message).toContain('xai');
  });

  it('a missing required file → missingFile', () => {
    const d = single(
      diagnosticsOf((f) => f.delete('sources.yaml')),
      'missingFile', 'noFile',
    );
    expect(d.file).toBe('fx/sources.yaml');
  });

  it('a section listed in the manifest without a file → missingFile at that entry', () => {
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'briefing.yaml', '  - outlook\n', '  - outlooks\n')),
      'missingFile', 'noSection',
    );
    const pos = positionOf(mutated('briefing.yaml', '  - outlook\n', '  - outlooks\n'), 'outlooks');
    expect(d.file).toBe('fx/briefing.yaml');
    expect(d.path).toMatch(/^sections\[\d+\]$/);
    expect(d.line).toBe(pos.line);
  });

  it('a date that is not on the calendar → schema error', () => {
    const d = single(
      diagnosticsOf((f) => replaceIn(f, 'briefing.yaml', 'asOf: 2026-06-01', 'asOf: 2026-02-31')),
      'schema', 'schemaRule',
    );
    expect(d.path).toBe('asOf');
    expect(d.line).toBe(positionOf(sampleFiles().get('briefing.yaml')!, 'asOf:').line);
  });

  it('a claim input that is neither a figure id nor an amount → unknownReference at the claim, with a did-you-mean', () => {
    const b = parseBriefing(sample((f) => replaceIn(f, 'claims.yaml', 'revenue: spacex-revenue-fy2025}', 'revenue: spacex-revenue-fy2024}')));
    const d = single(catchBriefingError(() => computeMetrics(b)).diagnostics, 'unknownReference', 'notFigureNorAmount');
    expect(d.file).toBe('fx/claims.yaml');
    expect(d.line).toBe(2);
    expect(d.path).toBe('check');
    expect(d.message).toMatch(/claim "claim-spacex-price-to-sales": input revenue: "spacex-revenue-fy2024" is neither a figure id nor an amount \(did you mean "spacex-revenue-fy2025"\?\)/);
  });

  it('refuses a claim check in the old fixed-formula form, saying what replaces it', () => {
    const d = single(diagnosticsOf((f) => replaceIn(f, 'claims.yaml', 'inputs: {valuation: spacex-valuation-ai-empire, revenue: spacex-revenue-fy2025}', 'inputs: [spacex-valuation-ai-empire, spacex-revenue-fy2025]')), 'schema', 'oldClaimCheck');
    expect(d.path).toBe('[0].check.inputs');
    expect(d.message).toMatch(/named inputs and a formula/);
  });

  it('refuses a manifest field of the old engine, naming what replaces it', () => {
    const err = catchBriefingError(() => parseBriefing(sample((f) => replaceIn(f, 'briefing.yaml', 'keywords:', 'cohort: [spacex]\nkeywords:'))));
    expect(err.diagnostics[0]!.message).toMatch(/unknown field "cohort".*groups its companies with groups: .* metrics\.yaml/);
  });
});

describe('readContentFiles', () => {
  it('does not read a sections/ folder that is a symbolic link out of the briefing', async () => {
    const dir = await copySample();
    const outside = await tempDir();
    await writeFile(path.join(outside, 'secret.md'), '# Secret\n\nAWS_SECRET_KEY=hunter2\n');
    await mkdir(path.join(dir, 'moved'));
    await rename(path.join(dir, 'sections'), path.join(dir, 'moved', 'sections'));
    await symlink(outside, path.join(dir, 'sections'));
    const err = await readContentFiles(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    expect(String((err as Error).message)).toContain('sections/ is a symbolic link');
    expect(String((err as Error).message)).not.toContain('hunter2');
  });
});

describe('formatPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatPath(['figures', 2, 'value'])).toBe('figures[2].value');
    expect(formatPath([0, 'likelihood'])).toBe('[0].likelihood');
    expect(formatPath([])).toBe('');
  });
});

describe('formatDiagnostic and BriefingError', () => {
  it('prints file:line:col path: message [code]', () => {
    const d = diagnostic('schema', 'unknown field "colour"', { file: 'fx/companies/spacex.yaml', line: 25, column: 5, path: 'figures[1].colour' });
    expect(formatDiagnostic(d)).toBe(`fx/companies/spacex.yaml:25:5 figures[1].colour: unknown field "colour" [${CATALOGUE.schema.code}]`);
  });
  it('leaves out what the diagnostic does not know', () => {
    expect(formatDiagnostic(diagnostic('missingFile', 'gone', { file: 'fx/sources.yaml' }))).toBe(`fx/sources.yaml gone [${CATALOGUE.missingFile.code}]`);
    expect(formatDiagnostic(diagnostic('yamlSyntax', 'bad', { file: 'a.yaml', line: 3 }))).toBe(`a.yaml:3 bad [${CATALOGUE.yamlSyntax.code}]`);
    expect(formatDiagnostic(diagnostic('usage', 'no such command'))).toBe(`no such command [${CATALOGUE.usage.code}]`);
    expect(formatDiagnostic(diagnostic('schema', 'x', { path: '' }))).toBe(`x [${CATALOGUE.schema.code}]`);
  });
  it('diagnostic() copies code and hint from the catalogue and drops undefined places', () => {
    const d = diagnostic('metric', 'm', { file: 'f', line: undefined });
    expect(d).toEqual({ kind: 'metric', code: CATALOGUE.metric.code, message: 'm', hint: CATALOGUE.metric.hint, file: 'f' });
  });
  it('BriefingError takes the highest exit code and refuses to be empty', () => {
    const err = new BriefingError([diagnostic('schema', 'a'), diagnostic('render', 'b')]);
    expect(err.exitCode).toBe(EXIT.system);
    expect(err.name).toBe('BriefingError');
    expect(err.message).toBe(`a [${CATALOGUE.schema.code}]\nb [${CATALOGUE.render.code}]`);
    expect(() => new BriefingError([])).toThrow(TypeError);
    expect(BriefingError.of('usage', 'u').exitCode).toBe(EXIT.content);
  });
  it('DiagnosticList throws only when something was collected', () => {
    const list = new DiagnosticList();
    expect(() => list.throwIfAny()).not.toThrow();
    list.add('schema', 'one', { file: 'a' });
    list.add('duplicateId', 'two', { file: 'b' });
    const err = catchBriefingError(() => list.throwIfAny());
    expect(err.diagnostics.map((d) => d.code)).toEqual([CATALOGUE.schema.code, CATALOGUE.duplicateId.code]);
  });
  it('catalogue codes are unique', () => {
    const codes = Object.values(CATALOGUE).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('parseBriefing with a ParseCache (the preview re-parses only changed files)', () => {
  it('gives the same briefing from kept parses, and a changed file its new content', () => {
    const cache = new ParseCache();
    const first = parseBriefing(sample(), cache);
    const again = parseBriefing(sample(), cache);
    expect(again).toEqual(first);
    // The kept parse is the one reused: the manifest object is the same one.
    expect(again.settings).toBe(first.settings);
    const renamed = parseBriefing(sample((f) => replaceIn(f, 'companies/nvidia.yaml', 'name: NVIDIA', 'name: NVIDIA Corporation')), cache);
    expect(renamed.companies.find((c) => c.id === 'nvidia')!.name).toBe('NVIDIA Corporation');
    expect(renamed.settings).toBe(first.settings);
    expect(parseBriefing(sample(), cache).companies.find((c) => c.id === 'nvidia')!.name).toBe('NVIDIA');
  });

  it('keeps no parse of a file with a problem, so the problem is reported on every run', () => {
    const cache = new ParseCache();
    const broken = (f: Map<string, string>): void => replaceIn(f, 'sources.yaml', '- id: s-utility-pivot', '- id: [s-utility-pivot');
    for (let run = 0; run < 2; run++) {
      const err = catchBriefingError(() => parseBriefing(sample(broken), cache));
      expect(err.diagnostics.some((d) => d.kind === 'yamlSyntax' && d.file?.endsWith('sources.yaml'))).toBe(true);
    }
  });
});

describe('readContentFiles with KnownFiles (the preview opens only changed files)', () => {
  it('keeps a file that settled, reads a change (even of the same size at the same mtime), and refuses a kept file that became a link out', async () => {
    const dir = await copySample();
    const risks = path.join(dir, 'risks.yaml');
    const before = await readFile(risks, 'utf8');
    // Settled at once, so that files written now are kept.
    const known = new KnownFiles(0n);
    const first = await readContentFiles(dir, known);
    expect(known.size).toBe(first.files.size);
    expect((await readContentFiles(dir, known)).files).toEqual(first.files);
    // The same size and modification time: the change time gives it away.
    const { mtime } = await stat(risks);
    const after = before.replace('likelihood: 4', 'likelihood: 3');
    expect(after.length).toBe(before.length);
    await writeFile(risks, after);
    await utimes(risks, mtime, mtime);
    expect((await readContentFiles(dir, known)).files.get('risks.yaml')).toBe(after);
    // A kept file replaced by a link out of the folder is refused, not served from memory.
    const outside = path.join(await tempDir(), 'risks.yaml');
    await writeFile(outside, before);
    await rm(risks);
    await symlink(outside, risks);
    const err = await readContentFiles(dir, known).then(() => undefined, (e: unknown) => e as BriefingError);
    expect(err?.diagnostics.map((d) => d.file)).toEqual([risks]);
  });

  it('keeps no file read within two seconds of its change (timestamps may be coarser than the change)', async () => {
    const dir = await copySample();
    const known = new KnownFiles();
    const risks = path.join(dir, 'risks.yaml');
    await writeFile(risks, await readFile(risks, 'utf8'));
    const read = await readContentFiles(dir, known);
    // risks.yaml was written just before: not kept (the others were copied just before too, so may be kept or not).
    expect(known.size).toBeLessThan(read.files.size);
  });
});

describe('formatDiagnostic', () => {
  it('shows control characters of untrusted words as escapes, keeping tabs and line ends', () => {
    const d = diagnostic({ kind: 'schema', code: 'BR199', text: 'note "n-1" by \u001b[2Jeve\u009b: a\tb', hint: '' }, { file: 'x/review.yaml', line: 3 });
    expect(formatDiagnostic(d)).toBe('x/review.yaml:3 note "n-1" by \\u001b[2Jeve\\u009b: a\tb [BR199]');
  });
});
