/**
 * Inline values (issue 24): the grammar, the checks of the content stage (located, with a did-you-mean),
 * the prose-figure rule, the move since an earlier build, and the Markdown that prints them.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineTokens, parseInlineToken } from '../../src/content/inline.ts';
import { parseBriefing } from '../../src/content/load.ts';
import { unsourcedFigures } from '../../src/content/prose.ts';
import { readContentFiles, type ContentFiles } from '../../src/content/read.ts';
import { createFormatter } from '../../src/format.ts';
import { move, resolveInlineValues, type InlineValues, type ResolvedValue } from '../../src/html/inline.ts';
import { createMarkdown } from '../../src/html/markdown.ts';
import { MESSAGES } from '../../src/messages.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import type { RecordedValue, Snapshot } from '../../src/metrics/changes.ts';
import { ROOT } from '../helpers/cli.ts';
import { catchBriefingError } from './helpers.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'inline');
const fmt = createFormatter('en');

/** The inline fixture's files, with `mutate` applied to a copy. */
async function fixture(mutate: (files: Map<string, string>) => void = () => undefined): Promise<ContentFiles> {
  const content = await readContentFiles(FIXTURE);
  const files = new Map(content.files);
  mutate(files);
  return { ...content, files };
}

describe('the grammar of inline values', () => {
  it('reads figure, metric, row and |change, and refuses what is not of the form', () => {
    expect(parseInlineToken('{figure:novo-revenue-2024}')).toEqual({ kind: 'figure', id: 'novo-revenue-2024', row: null, change: false, token: '{figure:novo-revenue-2024}' });
    expect(parseInlineToken('{metric:at-risk:20%|change}')).toMatchObject({ kind: 'metric', id: 'at-risk', row: '20%', change: true });
    expect(parseInlineToken('{metric:p-s:roche}')).toMatchObject({ row: 'roche', change: false });
    // In a Markdown table a pipe is escaped; the token reads without the backslash.
    expect(parseInlineToken('{metric:share\\|change}')).toMatchObject({ id: 'share', change: true, token: '{metric:share|change}' });
    for (const bad of ['{figure:Revenue}', '{metric:x|changes}', '{figure:}', '{metric:x: }']) expect(parseInlineToken(bad), bad).toBeUndefined();
  });

  it('finds the values of a text and leaves an escaped brace and other braces alone', () => {
    const found = inlineTokens('a {figure:a} \\{figure:b} {not:one} {metric:c:5%|change}');
    expect(found.map((t) => [t.token, t.index])).toEqual([
      ['{figure:a}', 2],
      ['{metric:c:5%|change}', 35],
    ]);
  });
});

describe('the prose-figure rule', () => {
  const sources = new Set(['s-wire']);
  it('counts an inline value as sourced, and does not read one as a typed figure', () => {
    expect(unsourcedFigures('Revenue was {figure:x}, a margin of 44%.', sources)).toEqual([]);
    expect(unsourcedFigures('A cut of {metric:at-risk:20%}.', sources)).toEqual([]);
    // A paragraph without a value or a citation is still flagged.
    expect(unsourcedFigures('{figure:x} here.\n\nA margin of 44%.', sources)).toEqual([{ figure: '44%', line: 2, column: 13 }]);
  });
});

describe('the checks of the content stage', () => {
  it('lists every inline value with its place', async () => {
    const b = parseBriefing(await fixture());
    const first = b.inlineValues[0]!;
    expect(first).toMatchObject({ kind: 'metric', id: 'incumbents-revenue', row: null, at: { file: path.join(FIXTURE, 'sections/summary.md'), line: 1, column: 12 } });
    expect(b.inlineValues.map((v) => v.token)).toContain('{metric:sales-at-risk:10%}');
  });

  it('locates an unknown id, an unknown row and a metric of many rows without a row, each with a did-you-mean', async () => {
    const line = 'Bad: {figure:lilly-revenue-2042}, {metric:price-to-sales:novo-nordisc}, {metric:price-to-sales}, {figure:Bad}.';
    const e = catchBriefingError(() => parseBriefing(fixtureSync(line)));
    const file = path.join(FIXTURE, 'sections/summary.md');
    expect(e.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      [MESSAGES.unknownInlineValue.code, file, 25, 6],
      [MESSAGES.unknownInlineRow.code, file, 25, 35],
      [MESSAGES.inlineNeedsRow.code, file, 25, 73],
      [MESSAGES.inlineValueForm.code, file, 25, 98],
    ]);
    expect(e.diagnostics[0]!.message).toContain('did you mean "lilly-revenue-2024"');
    expect(e.diagnostics[1]!.message).toContain('did you mean "novo-nordisk"');
  });

  it('locates an unknown id in a YAML field at its line and column', async () => {
    const e = catchBriefingError(() =>
      parseBriefing(syncFixture((files) => files.set('takeaways.yaml', files.get('takeaways.yaml')!.replace('{figure:lilly-operating-margin-2024}', '{figure:lilly-operating-margn-2024}')))),
    );
    expect(e.diagnostics.map((d) => [d.code, path.basename(d.file ?? ''), d.line, d.column])).toEqual([[MESSAGES.unknownInlineValue.code, 'takeaways.yaml', 3, 90]]);
  });
});

/** The fixture's files read once (synchronously usable in `catchBriefingError`). */
const BASE = await readContentFiles(FIXTURE);
function syncFixture(mutate: (files: Map<string, string>) => void): ContentFiles {
  const files = new Map(BASE.files);
  mutate(files);
  return { ...BASE, files };
}
/** The fixture with `line` appended to its summary (as line 25). */
function fixtureSync(line: string): ContentFiles {
  return syncFixture((files) => files.set('sections/summary.md', `${files.get('sections/summary.md')!}\n${line}\n`));
}

describe('the move since an earlier build', () => {
  const recorded = (amount: RecordedValue['amount']): RecordedValue => ({ label: 'x', amount, text: fmt.amount(amount), sources: [] });
  const earlier = { id: 'x', asOf: '2025-01-01', figures: {}, metrics: {}, claims: {}, conflicts: {} } as Snapshot;
  it('reads as a desk writes it: money in percent, a percent in percentage points', () => {
    const money = { unit: 'USD', low: 88.145e9, high: 88.145e9 };
    expect(move(money, '$88.1B', earlier, recorded({ unit: 'USD', low: 87.1e9, high: 87.1e9 }), fmt)).toBe('up 1.2% from $87.1B');
    const pct = { unit: 'percent', low: 0.0853, high: 0.0853 };
    expect(move(pct, '8.53%', earlier, recorded({ unit: 'percent', low: 0.0825, high: 0.0825 }), fmt)).toBe('up 0.28 pp from 8.25%');
    expect(move({ unit: 'percent', low: 0.08, high: 0.08 }, '8%', earlier, recorded({ unit: 'percent', low: 0.0825, high: 0.0825 }), fmt)).toBe('down 0.25 pp from 8.25%');
    expect(move(money, '$88.1B', earlier, recorded(money), fmt)).toBe('unchanged');
    expect(move(money, '$88.1B', earlier, undefined, fmt)).toBe('new');
    expect(move(money, '$88.1B', undefined, undefined, fmt)).toBe('$88.1B');
  });

  it('prints the value alone without an earlier build, and the move with one', async () => {
    const b = parseBriefing(await fixture());
    const m = computeMetrics(b);
    const alone = resolveInlineValues(b, m, undefined, fmt);
    expect(alone.get('{figure:lilly-revenue-2024|change}')!.text).toBe('$50B');
    const before = { ...earlier, figures: { 'lilly-revenue-2024': recorded({ unit: 'USD', low: 49e9, high: 49e9 }) } };
    const moved = resolveInlineValues(b, m, before, fmt);
    expect(moved.get('{figure:lilly-revenue-2024|change}')!.text).toBe('up 2.04% from $49B');
    expect(moved.get('{metric:ozempic-share|change}')!.text).toBe('new');
  });
});

describe('inline values in Markdown', () => {
  const numbers = new Map([
    ['s-a', 1],
    ['s-b', 2],
  ]);
  const value: ResolvedValue = { ref: parseInlineToken('{figure:x}')!, text: '$45.0B', anchor: 'figure-row-x', title: 'X revenue "FY2024"', sources: ['s-b', 's-a'] };
  const values: InlineValues = { get: (t) => (t === '{figure:x}' ? value : undefined), anchors: new Set(['figure-row-x']), uses: [] };
  const md = createMarkdown(numbers, values);
  const link = '<a class="inline-value" href="#figure-row-x" title="X revenue &quot;FY2024&quot;">$45.0B</a>';

  it('links the value to its row, with the formula as its title, and cites its sources in their order', () => {
    expect(md.renderInline('Revenue {figure:x}.')).toBe(`Revenue ${link}<sup class="cite">[<a href="#source-s-b">2</a>,<wbr><a href="#source-s-a">1</a>]</sup>.`);
  });

  it('merges the sources into the citation that follows, without duplicates, in the order of the sources list', () => {
    expect(md.renderInline('Revenue {figure:x} [@s-b].')).toBe(`Revenue ${link} <sup class="cite">[<a href="#source-s-a">1</a>,<wbr><a href="#source-s-b">2</a>]</sup>.`);
    expect(md.renderInline('Revenue {figure:x}[@s-a].')).toBe(`Revenue ${link}<sup class="cite">[<a href="#source-s-a">1</a>,<wbr><a href="#source-s-b">2</a>]</sup>.`);
  });

  it('prints in table cells and headings (a heading carries no citation), and an escaped brace as a brace', () => {
    expect(md.render('## At {figure:x}')).toBe(`<h3>At ${link}</h3>\n`);
    expect(md.render('| a |\n| --- |\n| {figure:x} |')).toContain(`<td>${link}<sup class="cite">`);
    expect(md.renderInline('\\{figure:x} and {figure:unknown}')).toBe('{figure:x} and {figure:unknown}');
  });
});

describe('inline values in code', () => {
  it('are neither values nor errors inside a code span or a fenced block, which print as written', async () => {
    const files = await readContentFiles(path.join(import.meta.dirname, '..', 'fixtures', 'inline'));
    const section = '# Notes\n\nWrite `{figure:nope}` to bind a value.\n\n```\n{metric:nothing}\n```\n';
    const withCode: ContentFiles = { dir: files.dir, files: new Map([...files.files, ['sections/notes.md', section]]) };
    const settings = withCode.files.get('briefing.yaml')!.replace(/^sections: \[/m, 'sections: [notes, ');
    const b = parseBriefing({ dir: files.dir, files: new Map([...withCode.files, ['briefing.yaml', settings]]) });
    expect(b.prose.get('notes')).toBeDefined();
    expect(b.inlineValues.filter((v) => v.id === 'nope' || v.id === 'nothing')).toEqual([]);
  });
});
