/**
 * Untrusted input is parsed safely and bounded: YAML tricks, prototype keys, oversized and pathological
 * input, paths that try to leave the briefing, hostile chart specs, and property-based tests showing that
 * arbitrary YAML only ever ends in a located BriefingError.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/content/load.ts';
import { readContentFiles } from '../../src/content/read.ts';
import { MAX_WORD_CHARS } from '../../src/content/sections.ts';
import { MAX_FILE_BYTES } from '../../src/files.ts';
import { MESSAGES, msg } from '../../src/messages.ts';
import { BriefingError, CATALOGUE } from '../../src/errors.ts';
import { createMarkdown } from '../../src/html/markdown.ts';
import { assertDataOnly } from '../../src/charts/limits.ts';
import { copySample, ROOT, runCli, tempDir } from '../helpers/cli.ts';
import { catchBriefingError, replaceIn, sample, sampleFiles } from '../unit/helpers.ts';

const kinds = (e: BriefingError): string[] => e.diagnostics.map((d) => d.kind);

describe('YAML from content', () => {
  it('stops an alias bomb (billion laughs) with a clear error', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)].join('\n');
    const err = catchBriefingError(() => parseBriefing(sample((f) => f.set('market.yaml', bomb))));
    const d = err.diagnostics.find((x) => x.file === 'fx/market.yaml')!;
    expect(d.kind).toBe('yamlSyntax');
    expect(d.message).toMatch(/alias/i);
  });

  it('refuses custom and unsafe tags instead of reading them', () => {
    for (const tagged of ['title: !!js/function "function () { return 1 }"', 'title: !custom hello', 'title: !!binary aGVsbG8=']) {
      const err = catchBriefingError(() => parseBriefing(sample((f) => replaceIn(f, 'briefing.yaml', 'title: The Trillion-Dollar Listings', tagged))));
      expect(kinds(err), tagged).toContain('yamlSyntax');
      expect(err.diagnostics[0]!.file).toBe('fx/briefing.yaml');
    }
  });

  it('refuses __proto__, constructor and prototype keys, naming the line', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const files = sampleFiles();
      const text = files.get('companies/spacex.yaml')!.replace('name: SpaceX', `name: SpaceX\n${key}:\n  polluted: true`);
      const err = catchBriefingError(() => parseBriefing(sample((f) => f.set('companies/spacex.yaml', text))));
      const d = err.diagnostics.find((x) => x.message.includes(key))!;
      expect(d.kind).toBe('schema');
      expect(d.line).toBe(text.split('\n').findIndex((l) => l.startsWith(key)) + 1);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('fails fast on a file over the size limit, writing nothing', async () => {
    const dir = await copySample();
    await writeFile(path.join(dir, 'market.yaml'), `figures: []\n# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
    const err = await readContentFiles(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BriefingError);
    expect((err as BriefingError).diagnostics[0]!.code).toBe(CATALOGUE.fileTooLarge.code);
  });

  it('keeps template and section names inside their folders', () => {
    const template = catchBriefingError(() => parseBriefing(sample((f) => replaceIn(f, 'briefing.yaml', 'template: default', 'template: ../../../etc'))));
    expect(template.diagnostics[0]!.path).toBe('template');
    const section = catchBriefingError(() => parseBriefing(sample((f) => replaceIn(f, 'briefing.yaml', '  - outlook', '  - ../../../etc/passwd'))));
    expect(section.diagnostics.some((d) => d.path?.startsWith('sections['))).toBe(true);
  });

  it('accepts only http(s) URLs for sources', () => {
    const err = catchBriefingError(() =>
      parseBriefing(sample((f) => replaceIn(f, 'sources.yaml', 'https://www.gogoai.xin/article/ai-boom-trillions-spent-ipos-loom', 'file:///etc/passwd'))),
    );
    expect(err.diagnostics[0]!.path).toMatch(/url$/);
  });

  it('gets through pathological Markdown quickly (nesting, emphasis runs, brackets)', () => {
    const md = createMarkdown(new Map([['s-gogoai', 1]]));
    const inputs = ['>'.repeat(50_000) + ' deep', '*a **'.repeat(20_000), '['.repeat(50_000) + 'x' + ']'.repeat(50_000), '- '.repeat(20_000) + 'x', '`'.repeat(40_000)];
    for (const input of inputs) expect(md.render(input).length).toBeGreaterThan(0);
  });

  it('gets through a pathological section in a whole briefing, refusing its endless words at their lines', () => {
    const body = `# Deep\n\n${'>'.repeat(30_000)} [@s-gogoai] nested\n\n${'[@s-gogoai]'.repeat(5_000)}\n`;
    const e = catchBriefingError(() => parseBriefing(sample((f) => f.set('sections/outlook.md', body))));
    expect(e.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      [MESSAGES.wordTooLong.code, 'fx/sections/outlook.md', 3, 1],
      [MESSAGES.wordTooLong.code, 'fx/sections/outlook.md', 5, 1],
    ]);
    expect(e.diagnostics[0]!.message).toBe(msg.wordTooLong(MAX_WORD_CHARS).text);
  });
});

describe('property: the loader never throws anything but a located BriefingError', () => {
  const files = ['briefing.yaml', 'sources.yaml', 'risks.yaml', 'companies/spacex.yaml', 'claims.yaml', 'market.yaml'] as const;

  it('for arbitrary text in any content file', () => {
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.string({ maxLength: 400 }), (file, text) => {
        try {
          parseBriefing(sample((f) => f.set(file, text)));
        } catch (e) {
          if (!(e instanceof BriefingError)) throw e;
          expect(e.diagnostics.length).toBeGreaterThan(0);
          for (const d of e.diagnostics) expect(d.file, d.message).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for arbitrary YAML values (any shape) in any content file', () => {
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.jsonValue({ maxDepth: 4 }), (file, value) => {
        try {
          parseBriefing(sample((f) => f.set(file, stringify(value))));
        } catch (e) {
          if (!(e instanceof BriefingError)) throw e;
          for (const d of e.diagnostics) expect(d.file).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for arbitrary values of a figure', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.double(), fc.integer()), (value) => {
        const text = sampleFiles().get('companies/spacex.yaml')!.replace('value: "$1.77T"', `value: ${JSON.stringify(value)}`);
        try {
          parseBriefing(sample((f) => f.set('companies/spacex.yaml', text)));
        } catch (e) {
          if (!(e instanceof BriefingError)) throw e;
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('chart specs', () => {
  const refused = (spec: unknown): BriefingError => catchBriefingError(() => assertDataOnly(spec, 'x.vl.json'));

  it('refuses data.url (it would read files or fetch)', () => {
    expect(refused({ data: { url: 'http://169.254.169.254/latest' }, mark: 'bar' }).diagnostics[0]!.path).toBe('data.url');
  });

  it('refuses image marks', () => {
    expect(refused({ mark: { type: 'image' }, encoding: { url: { field: 'u' } } }).diagnostics[0]!.kind).toBe('chart');
    expect(refused({ layer: [{ mark: 'image' }] }).diagnostics[0]!.path).toBe('layer[0].mark');
  });

  it('refuses href encodings and javascript: strings', () => {
    expect(refused({ mark: 'bar', encoding: { href: { field: 'link' } } }).diagnostics[0]!.path).toBe('encoding.href');
    expect(refused({ mark: 'text', encoding: { text: { value: 'javascript:alert(1)' } } }).diagnostics[0]!.kind).toBe('chart');
  });

  it('fails the build for a template set whose spec asks for a URL, and fetches nothing', async () => {
    const templates = path.join(await tempDir(), 'templates');
    await cp(path.join(ROOT, 'templates'), templates, { recursive: true });
    const spec = path.join(templates, 'default', 'charts', 'bars.vl.json');
    const parsed = JSON.parse(await readFile(spec, 'utf8'));
    parsed.data = { url: 'file:///etc/passwd' };
    await writeFile(spec, JSON.stringify(parsed));
    const out = await tempDir();
    const r = await runCli(['build', path.join(ROOT, 'content', 'ai-ipo-2026'), '--out', out, '--format', 'html', '--templates', templates]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${spec} data.url: "url" is not allowed in a chart spec`);
    expect(r.stderr).not.toContain('root:');
  });
});

describe('content never runs as code', () => {
  it('escapes a template expression in a YAML field and compiles only template files', async () => {
    const dir = await copySample();
    const file = path.join(dir, 'companies', 'openai.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('name: OpenAI', 'name: "{{#with (lookup this \\"constructor\\")}}{{this}}{{/with}}"'));
    const out = await tempDir();
    const r = await runCli(['build', dir, '--out', out, '--format', 'html']);
    expect(r.code, r.stderr).toBe(0);
    const html = await readFile(path.join(out, 'ai-ipo-2026.html'), 'utf8');
    expect(html).toContain('{{#with (lookup this &quot;constructor&quot;)}}{{this}}{{/with}}');
    expect(html).not.toContain('function Object()');
  });

  it('reads a briefing only from its own folder: nothing in a sibling folder is read', async () => {
    const root = await tempDir();
    const dir = path.join(root, 'b');
    await cp(path.join(ROOT, 'content', 'ai-ipo-2026'), dir, { recursive: true });
    await mkdir(path.join(root, 'companies'));
    await writeFile(path.join(root, 'companies', 'evil.yaml'), 'id: evil\nname: EVIL-SIBLING\n');
    const files = await readContentFiles(dir);
    expect([...files.files.keys()].some((k) => k.includes('evil'))).toBe(false);
  });
});
