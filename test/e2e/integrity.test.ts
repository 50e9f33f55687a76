/**
 * Editorial integrity: conflicts between sources, recomputed claims, figures without sources, the JSON Schema
 * editors use, and units discipline. The CLI runs as a subprocess.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, EXIT } from '../../src/errors.ts';
import { MESSAGES, msg } from '../../src/messages.ts';
import { copySample, ROOT, runCli, SAMPLE, tempDir } from '../helpers/cli.ts';
import { readPdf } from '../helpers/pdf.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'integrity');

describe('conflicts and claims', () => {
  it('finds exactly the fixture’s one disagreement and one wrong claim', async () => {
    const r = await runCli(['check', FIXTURE, '--json']);
    expect(r.code).toBe(EXIT.ok);
    const result = JSON.parse(r.stdout).results[0];
    // Alpha: $100B vs $130B differ by 30% > the fixture's 10% tolerance; Beta's $50B vs $52B (4%) do not.
    expect(result.conflicts.map((c: { id: string }) => c.id)).toEqual(['alpha.valuation']);
    const [conflict] = result.conflicts;
    expect(conflict.verdict).toBe('disagree');
    expect(conflict.values.map((v: { amount: { low: number }; sources: string[] }) => [v.amount.low, v.sources])).toEqual([
      [100e9, ['s-one']],
      [130e9, ['s-two']],
    ]);
    expect(conflict.difference.low).toBe(30e9);
    expect(conflict.relative).toBeCloseTo(0.3, 9);
    expect(conflict.tolerance).toBe(0.1);
    // $100B / $10B = 10x: the 10x claim holds, the 20x claim does not.
    expect(result.claims.map((c: { id: string; verdict: string }) => [c.id, c.verdict])).toEqual([
      ['alpha-ps-right', 'consistent'],
      ['alpha-ps-wrong', 'inconsistent'],
    ]);
    const wrong = result.claims[1];
    expect(wrong.computed.low).toBe(10);
    expect(wrong.computed.formula).toBe('valuation ÷ revenue; where valuation = Alpha valuation ($100B); revenue = Alpha revenue FY2025 ($10B)');
    expect(wrong.sources).toEqual(['s-two']);
  });

  it('fails --strict on the wrong claim, and lists every claim and disagreement in text mode', async () => {
    const strict = await runCli(['check', FIXTURE, '--strict']);
    expect(strict.code).toBe(EXIT.warnings);
    expect(strict.stdout).toContain('claim FAIL alpha-ps-wrong: stated 20×, computed 10×');
    expect(strict.stdout).toContain('claim ok   alpha-ps-right');
    expect(strict.stdout).toContain('sources disagree on alpha.valuation: $100B [s-one] vs $130B [s-two], a spread of $30B');
  });

  it('prints the disagreement box and the figure checks appendix in the PDF', async () => {
    const out = await tempDir();
    const r = await runCli(['build', FIXTURE, '--out', out, '--format', 'pdf']);
    expect(r.code, r.stderr).toBe(0);
    const text = (await readPdf(path.join(out, 'integrity-fixture.pdf'))).pages.join('\n');
    expect(text).toMatch(/WHERE SOURCES DISAGREE/);
    expect(text).toMatch(/Difference: \$30B from the lowest to the highest value \(30%\)/);
    expect(text).toContain('Figure checks');
    expect(text).toMatch(/inconsistent/);
    expect(text).toMatch(/computed midpoint −50% off the stated value/);
  });

  it('reports the sample’s disagreements: Tencent’s yuan figure against its dollar one at the stated rate, SpaceX no longer', async () => {
    const r = await runCli(['check', SAMPLE, '--json']);
    const conflicts = JSON.parse(r.stdout).results[0].conflicts as { id: string; verdict: string; relative: number; rates: { from: string; to: string; basis: string }[] }[];
    expect(conflicts.map((c) => c.id)).toEqual(['anthropic.valuation', 'tencent.market-value']);
    const tencent = conflicts.find((c) => c.id === 'tencent.market-value')!;
    expect(tencent.verdict).toBe('disagree');
    expect(tencent.relative + 1).toBeCloseTo(10, 6);
    expect(tencent.rates).toEqual([expect.objectContaining({ from: 'CNY', to: 'USD', basis: 'assumption' })]);
  });
});

describe('every figure has a source', () => {
  it('fails check with file:line when a figure has no sources', async () => {
    const dir = await copySample();
    const file = path.join(dir, 'companies', 'spacex.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('    sources: [s-gogoai]\n', ''));
    const line = text.split('\n').findIndex((l) => l.includes('id: spacex-valuation-gogoai')) + 1;
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${file}:${line}:5 figures[0].sources: the figure has no sources`);
    expect(r.stderr).toContain(`[${msg.figureWithoutSources().code}]`);
  });

  it('fails build when prose states a figure without a citation in its paragraph', async () => {
    const dir = await copySample();
    const file = path.join(dir, 'sections', 'outlook.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text.trimEnd()}\n\nThe listings could raise $240 billion in total.\n`);
    const out = await tempDir();
    const r = await runCli(['build', dir, '--out', out, '--format', 'html']);
    expect(r.code).toBe(EXIT.content);
    const line = text.trimEnd().split('\n').length + 2;
    expect(r.stderr).toContain(`${file}:${line}:26 "$240 billion" has no citation in its paragraph [${CATALOGUE.unsourcedFigure.code}]`);
    expect((await readdir(out)).filter((f) => f.endsWith('.html'))).toEqual([]);
  });
});

describe('JSON Schema for editors', () => {
  it('is generated from the content model and committed in schema/', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    const generated = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(generated).sort()).toEqual(['briefing', 'chart', 'claims', 'company', 'data', 'market', 'metrics', 'review', 'risks', 'sources', 'takeaways']);
    for (const [kind, schema] of Object.entries(generated)) {
      const committed = JSON.parse(await readFile(path.join(ROOT, 'schema', `${kind}.schema.json`), 'utf8'));
      expect(committed, `schema/${kind}.schema.json is stale: run npx briefing schema --out schema`).toEqual(schema);
    }
  });

  it('validates every file of both samples with an independent validator (Ajv), and the files point at it', async () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    const files: [string, string, string][] = [];
    for (const briefing of [SAMPLE, path.join(ROOT, 'content', 'china-ai-2026')]) {
      const top = (await readdir(briefing)).filter((f) => f.endsWith('.yaml'));
      files.push(...top.map((f): [string, string, string] => [briefing, f, f === 'briefing.yaml' ? 'briefing' : f.replace(/\.yaml$/, '')]));
      files.push(...(await readdir(path.join(briefing, 'companies'))).map((f): [string, string, string] => [briefing, `companies/${f}`, 'company']));
      files.push(...(await readdir(path.join(briefing, 'charts'))).map((f): [string, string, string] => [briefing, `charts/${f}`, 'chart']));
    }
    expect(files.length).toBeGreaterThan(40);
    expect(files.map(([, , kind]) => kind)).toEqual(expect.arrayContaining(['metrics', 'chart', 'claims', 'market']));
    for (const [briefing, file, kind] of files) {
      const text = await readFile(path.join(briefing, file), 'utf8');
      const schemaPath = path.join(ROOT, 'schema', `${kind}.schema.json`);
      const modeline = new RegExp(`^# yaml-language-server: \\$schema=(\\S+)`).exec(text);
      expect(modeline, file).not.toBeNull();
      expect(path.resolve(path.dirname(path.join(briefing, file)), modeline![1]!)).toBe(schemaPath);
      const validate = ajv.getSchema(kind) ?? (ajv.addSchema(JSON.parse(await readFile(schemaPath, 'utf8')), kind), ajv.getSchema(kind)!);
      expect(validate(parse(text)), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('rejects what the loader rejects: an unknown key in a figure', async () => {
    const ajv = new Ajv2020.default({ strict: false });
    const validate = ajv.compile(JSON.parse(await readFile(path.join(ROOT, 'schema', 'company.schema.json'), 'utf8')));
    const company = parse(await readFile(path.join(SAMPLE, 'companies', 'spacex.yaml'), 'utf8'));
    company.figures[0].colour = 'red';
    expect(validate(company)).toBe(false);
  });
});

describe('units discipline', () => {
  it('adds a group valued in two currencies only through a stated rate', async () => {
    const dir = await copySample();
    const file = path.join(dir, 'companies', 'openai.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('value: "$1T"', 'value: "RMB 7T"'));
    const converted = await runCli(['check', dir, '--json']);
    expect(converted.code, converted.stderr).toBe(EXIT.ok);
    const manifest = path.join(dir, 'briefing.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(/fx:\n(?: {2,}.*\n)+/, ''));
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`metric "issuers-valuation": sum() in "sum(valuation)" mixes CNY and USD with no stated rate; add the rate to fx: in briefing.yaml [${MESSAGES.noRate.code}]`);
    const metrics = path.join(dir, 'metrics.yaml');
    const line = (await readFile(metrics, 'utf8')).split('\n').findIndex((l) => l.includes('id: issuers-valuation')) + 1;
    expect(r.stderr).toContain(`${metrics}:${line}:`);
  });

  it('prints every figure with its unit and its period or date', async () => {
    const html = await readFile(path.join(ROOT, 'test', 'golden', 'ai-ipo-2026.html'), 'utf8');
    const rows = [...html.matchAll(/<table class="figures">[\s\S]*?<\/table>/g)].flatMap((t) => [...t[0].matchAll(/<tr[^>]*>\s*<td[\s>][\s\S]*?<\/tr>/g)].map((m) => m[0]));
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.trim());
      expect(cells[1], row).toMatch(/^[~>&lt;gt;]*(\$|CN¥|[\d.,]+(%|×| GW)?)/);
      expect(cells[2], row).not.toBe('');
    }
  });
});
