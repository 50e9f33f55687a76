/**
 * The package's README (scripts/package-readme.ts, scripts/pack.ts): GitHub's anchors, sections of README.md
 * included into PACKAGE.md, the link check, and PACKAGE.md itself against the repository's README.md. The
 * tarball that ships it is tested in test/package/tarball.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { brokenLinks, expandIncludes, headingsOf, linksOf, sectionOf, slugOf } from '../../scripts/package-readme.ts';
import { ROOT } from '../helpers/cli.ts';

const DOC = `# Title

## PDF/UA-1 and PDF/A-2b

Text with a [link](#scripts-names-and-quotations) and \`[not](a-link)\`.

\`\`\`yaml
# not a heading
\`\`\`

### Charts: \`charts/<id>.yaml\`

Charts.

## Scripts: names and quotations

More.

## Scripts: names and quotations
`;

describe('anchors', () => {
  it("are GitHub's: lower case, punctuation left out, spaces as hyphens, repeats numbered", () => {
    expect(slugOf('Print lint: how the pages read')).toBe('print-lint-how-the-pages-read');
    expect(slugOf("The briefing's vocabulary")).toBe('the-briefings-vocabulary');
    expect(slugOf('Figures from data files: data/*.csv and data/*.json')).toBe('figures-from-data-files-datacsv-and-datajson');
    expect(slugOf('Zusammenfassung – Überblick_2')).toBe('zusammenfassung--überblick_2');
    expect(headingsOf(DOC).map((h) => `${h.level} ${h.slug}`)).toEqual(['1 title', '2 pdfua-1-and-pdfa-2b', '3 charts-chartsidyaml', '2 scripts-names-and-quotations', '2 scripts-names-and-quotations-1']);
  });
});

describe('includes', () => {
  it('take a section to the next heading of its level, a code block’s # lines included, and move its headings', () => {
    expect(sectionOf(DOC, 'pdfua-1-and-pdfa-2b')).toEqual(DOC.split('\n').slice(2, 13)); // trailing blank lines dropped
    const moved = sectionOf(DOC, 'pdfua-1-and-pdfa-2b', -1);
    expect(moved[0]).toBe('# PDF/UA-1 and PDF/A-2b');
    expect(moved).toContain('## Charts: `charts/<id>.yaml`');
    expect(moved).toContain('# not a heading');
    expect(() => sectionOf(DOC, 'nowhere')).toThrow(/no heading with the anchor #nowhere/);
  });

  it('replace each include line with the section, at the level asked for', () => {
    const template = '# Package\n\n## Intro\n\n<!-- include DOC.md#charts-chartsidyaml level=2 -->\n\nEnd.\n';
    expect(expandIncludes(template, () => DOC)).toBe('# Package\n\n## Intro\n\n## Charts: `charts/<id>.yaml`\n\nCharts.\n\nEnd.\n');
    expect(() => expandIncludes('<!-- include DOC.md#gone -->', () => DOC)).toThrow(/include DOC\.md#gone.*no heading/);
  });
});

describe('the link check', () => {
  it('finds anchors with no heading, files outside the package or missing from it, and anchors into its Markdown files', () => {
    const text = ['[a](#title) [b](#nowhere) [c](docs/ci.md) [d](docs/ci.md#nightly) [e](docs/ci.md#gone)', '[f](content/ex/) [g](../x.md) [h](CONTRIBUTING.md) [i](https://example.org) ![j](img/logo.png)', '`[k](code.md)`'].join('\n\n') + '\n\n# Title\n';
    const files = ['README.md', 'docs/ci.md', 'content/ex/briefing.yaml'];
    expect(linksOf(text).map((l) => l.href)).toEqual(['#title', '#nowhere', 'docs/ci.md', 'docs/ci.md#nightly', 'docs/ci.md#gone', 'content/ex/', '../x.md', 'CONTRIBUTING.md', 'https://example.org', 'img/logo.png']);
    expect(brokenLinks(text, files, () => '# CI\n\n## Nightly\n')).toEqual([
      'line 1: #nowhere (no heading has this anchor)',
      'line 1: docs/ci.md#gone (docs/ci.md has no heading with this anchor)',
      'line 3: ../x.md (outside the package)',
      'line 3: CONTRIBUTING.md (no such file in the package)',
      'line 3: img/logo.png (no such file in the package)',
    ]);
    expect(brokenLinks('[up](../README.md)', files, () => '', 'docs/ci.md')).toEqual([]);
  });
});

describe('PACKAGE.md', () => {
  const template = readFileSync(path.join(ROOT, 'PACKAGE.md'), 'utf8');
  const readme = expandIncludes(template, (file) => readFileSync(path.join(ROOT, file), 'utf8'));

  it('includes sections of README.md that exist, and opens with install and init', () => {
    expect(readme).not.toMatch(/<!-- include/);
    const second = headingsOf(readme).filter((h) => h.level === 2);
    expect(second[0]!.slug).toBe('use-it-in-your-project');
    expect(second.map((h) => h.slug)).toEqual(expect.arrayContaining(['write-a-briefing', 'the-commands', 'nightly-builds-in-ci', 'the-api', 'the-command-line', 'the-content-format']));
  });

  it('links only to headings it has (the files it links to are checked against the tarball in test/package)', () => {
    expect(brokenLinks(readme, [], () => '').filter((b) => /\(no heading has this anchor\)$/.test(b))).toEqual([]);
  });

  it("has YAML and JSON examples that parse (its own; README.md's are checked with README.md)", () => {
    for (const [, lang, body] of template.matchAll(/^```(yaml|json)\n([\s\S]*?)^```/gm)) {
      if (lang === 'json') expect(() => JSON.parse(body!), body).not.toThrow();
      else expect(parseAllDocuments(body!).flatMap((d) => d.errors.map((e) => e.message)), body).toEqual([]);
    }
  });
});
