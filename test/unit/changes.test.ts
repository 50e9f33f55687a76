/**
 * What a build records beyond values (#26) and how two records compare: risks, takeaways, charts, sources,
 * sections and prose blocks; an older snapshot without them; the marks in reading order; the approved file read
 * back with located errors.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { proseBlocks } from '../../src/content/blocks.ts';
import { parseBriefing } from '../../src/content/load.ts';
import { citationNumbers } from '../../src/content/citations.ts';
import { createMarkdown, topLevelBlocks } from '../../src/html/markdown.ts';
import { changeMarks, changesMarkdown, compareSnapshots, sinceWords, type RecordedProse, type Snapshot } from '../../src/metrics/changes.ts';
import { editedWords, recordItems, rowMoves } from '../../src/metrics/changes-items.ts';
import { readApproved } from '../../src/approve.ts';
import { BriefingError } from '../../src/errors.ts';
import { createFormatter } from '../../src/format.ts';
import { sample } from './helpers.ts';

const fmt = createFormatter('en');

/** A snapshot with no values and the given records of the kinds of #26. */
function snap(records: Partial<Snapshot> = {}): Snapshot {
  return {
    id: 'x',
    asOf: '2026-06-01',
    figures: {},
    metrics: {},
    claims: {},
    conflicts: {},
    risks: {},
    takeaways: {},
    charts: {},
    sources: {},
    prose: {},
    sections: [],
    ...records,
  };
}

const risk = (title: string, likelihood = 3, description = 'Cuts come faster than deposits reprice.') => ({ title, likelihood, impact: 3, description });
const prose = (title: string, ...blocks: string[]): RecordedProse => ({ title, blocks });

describe('prose blocks', () => {
  it('count as the renderer keys them (prose:<section>:<n>), a ::: chart container being no block', () => {
    const b = parseBriefing(sample());
    const md = createMarkdown(citationNumbers(b));
    const texts = [...b.prose.values()].map((p) => p.markdown);
    texts.push('One.\n\n::: chart revenue\n\nTwo.\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n## Head\n\n```\ncode\n```\n\n---\n\n> quote\n');
    for (const text of texts) expect(proseBlocks(text).length).toBe(topLevelBlocks(md.parse(text, {})).length);
  });

  it('are plain text: no Markdown syntax, citations and inline values as written, quotes typographic', () => {
    const blocks = proseBlocks('Revenue rose to {figure:acme-rev} [@s-a], "up" *sharply*.\n\n- one\n- two\n');
    expect(blocks.map((b) => b.text)).toEqual(['Revenue rose to {figure:acme-rev} [@s-a], “up” sharply.', 'one\ntwo']);
    expect(blocks.map((b) => b.line)).toEqual([0, 2]);
  });

  it('a snapshot records every listed prose section with its title and blocks, and the section order', () => {
    const b = parseBriefing(sample());
    const items = recordItems(b, {});
    expect(items.sections).toEqual(b.settings.sections.map((s) => s.id));
    const [id, section] = [...b.prose.entries()][0]!;
    expect(items.prose[id]!.title).toBe(section.title);
    expect(items.prose[id]!.blocks).toEqual(proseBlocks(section.markdown).map((x) => x.text));
    expect(Object.keys(items.risks)).toEqual(b.risks.map((r) => r.id));
    expect(Object.keys(items.sources)).toEqual(b.sources.map((s) => s.id));
  });
});

describe('comparing the kinds of #26', () => {
  it('reports risks, takeaways, charts and sources added, changed (with the fields) and removed, in reading order', () => {
    const before = snap({
      risks: { 'r-a': risk('Rates'), 'r-b': risk('Funding'), 'r-c': risk('Credit') },
      takeaways: { 't-a': { stakeholder: 'Investors', text: 'Watch margins.', stance: 'cautious' } },
      charts: { nii: { title: 'NII', rows: [{ label: 'Rheinbank', value: '€8.4B' }, { label: 'Nord', value: '€2B' }] } },
      sources: { 's-a': { publisher: 'Wire', title: 'Results', date: '2025-02-20', url: null } },
    });
    const after = snap({
      risks: { 'r-a': risk('Rates', 4), 'r-new': risk('Conduct'), 'r-c': risk('Credit', 3, 'Losses rise.') },
      takeaways: { 't-a': { stakeholder: 'Investors', text: 'Watch margins.', stance: 'negative' }, 't-b': { stakeholder: 'Staff', text: 'Expect cuts.', stance: 'neutral' } },
      charts: { nii: { title: 'NII', rows: [{ label: 'Rheinbank', value: '€8.6B' }, { label: 'Solar', value: '€1B' }] } },
      sources: { 's-a': { publisher: 'Wire', title: 'Results, revised', date: '2025-02-21', url: null } },
    });
    const r = compareSnapshots(before, after);
    expect(r.risks!.map((c) => [c.key, c.change, c.fields])).toEqual([
      ['r-a', 'changed', ['likelihood']],
      ['r-new', 'added', []],
      ['r-b', 'removed', []],
      ['r-c', 'changed', ['description']],
    ]);
    expect(r.takeaways!.map((c) => [c.key, c.change, c.fields])).toEqual([
      ['t-a', 'changed', ['stance']],
      ['t-b', 'added', []],
    ]);
    expect(r.charts!.map((c) => [c.key, c.change, c.fields])).toEqual([['nii', 'changed', ['rows']]]);
    expect(rowMoves(r.charts![0]!.before!.rows, r.charts![0]!.after!.rows)).toEqual(['Rheinbank €8.4B → €8.6B', 'Solar €1B added', 'Nord removed']);
    expect(r.sources!.map((c) => [c.key, c.change, c.fields])).toEqual([['s-a', 'changed', ['title', 'date']]]);
    expect(r.count).toBe(4 + 2 + 1 + 1);
    const md = changesMarkdown(r);
    expect(md).toContain('- Risk changed: Rates: likelihood 3 → 4');
    expect(md).toContain('- Risk added: Conduct (likelihood 3, impact 3)');
    expect(md).toContain('- Risk removed: Funding');
    expect(md).toContain('- Risk changed: Credit: description edited');
    expect(md).toContain('- Takeaway changed for Investors: stance cautious → negative; now “Watch margins.”');
    expect(md).toContain('- Chart changed: NII: Rheinbank €8.4B → €8.6B; Solar €1B added; Nord removed');
    expect(md).toContain('- Source changed: Wire, Results, revised: title Results → Results, revised; date 2025-02-20 → 2025-02-21');
    expect(md).not.toContain('Not compared');
  });

  it('aligns prose blocks by their text: an inserted paragraph is added, the next ones keep their match', () => {
    const before = snap({ sections: ['summary', 'risks'], prose: { summary: prose('Summary', 'One.', 'Two.', 'Three.', 'Four.') } });
    const after = snap({ sections: ['summary', 'risks'], prose: { summary: prose('Summary', 'One.', 'New.', 'Two.', 'Three, edited.', 'Four.') } });
    const r = compareSnapshots(before, after);
    expect(r.prose!.map((c) => [c.key, c.change])).toEqual([
      ['summary:2', 'added'],
      ['summary:4', 'changed'],
    ]);
    expect(r.prose![1]!.before!.text).toBe('Three.');
    expect(r.sections).toEqual([]);
    const gone = compareSnapshots(before, snap({ sections: ['summary', 'risks'], prose: { summary: prose('Summary', 'One.', 'Four.') } }));
    expect(gone.prose!.map((c) => [c.key, c.change, c.before?.text])).toEqual([
      ['summary:2', 'removed', 'Two.'],
      ['summary:3', 'removed', 'Three.'],
    ]);
    expect(changesMarkdown(r)).toContain('- Summary, paragraph 2 added: “New.”');
  });

  it('reports sections added, removed and retitled, and not their blocks', () => {
    const before = snap({ sections: ['summary', 'outlook', 'risks'], prose: { summary: prose('Summary', 'A.'), outlook: prose('Outlook', 'B.') } });
    const after = snap({ sections: ['summary', 'risks', 'method', 'sources'], prose: { summary: prose('In short', 'A.'), method: prose('Method', 'C.') } });
    const r = compareSnapshots(before, after);
    expect(r.sections!.map((c) => [c.key, c.change, c.fields])).toEqual([
      ['summary', 'changed', ['title']],
      ['outlook', 'removed', []],
      ['method', 'added', []],
      ['sources', 'added', []],
    ]);
    expect(r.prose).toEqual([]);
    expect(changesMarkdown(r)).toContain('- Section retitled: Summary → In short');
  });

  it('an older snapshot without these kinds compares as no record, not as everything added', () => {
    const old: Snapshot = { id: 'x', asOf: '2026-06-01', figures: {}, metrics: {}, claims: {}, conflicts: {} };
    const r = compareSnapshots(old, snap({ risks: { 'r-a': risk('Rates') }, sections: ['summary'], prose: { summary: prose('Summary', 'A.') } }));
    expect([r.risks, r.takeaways, r.charts, r.sources, r.sections, r.prose]).toEqual([null, null, null, null, null, null]);
    expect(r.count).toBe(0);
    const md = changesMarkdown(r);
    expect(md).toContain('Not compared: sections, prose, risks, takeaways, charts, sources (the earlier build did not record them).');
    expect(md).toContain('No change.');
  });

  it('says where prose was edited, with a few words around', () => {
    const e = editedWords('Each bank now guides to flat or slightly lower margins for 2025, as before.', 'Each bank now guides to lower margins for 2025, as before.');
    expect(e).toEqual({ before: 'Each bank now guides to flat or slightly lower margins for 2025, as…', after: 'Each bank now guides to lower margins for 2025, as…' });
  });

  it('names an approved version by the day it was approved', () => {
    const r = compareSnapshots({ ...snap(), approved: '2026-06-02T09:15:00Z' }, snap());
    expect(r.sinceApproved).toBe('2026-06-02T09:15:00Z');
    expect(sinceWords(r, (iso) => fmt.date(iso))).toBe('the version approved on 2 June 2026');
  });
});

describe('the marks in reading order', () => {
  it('go section by section as this build prints them, prose blocks by number, removed ones by their old key', () => {
    const value = { label: 'v', amount: { unit: 'USD', low: 1, high: 1 }, text: '$1', sources: [] };
    const before = snap({
      figures: { f1: value },
      sources: { 's-a': { publisher: 'W', title: 'T', date: null, url: null } },
      risks: { 'r-a': risk('Rates') },
      sections: ['summary', 'companies', 'risks', 'sources'],
      prose: { summary: prose('Summary', 'A.', 'B.', 'C.') },
    });
    const after = snap({
      figures: { f1: { ...value, amount: { unit: 'USD', low: 2, high: 2 }, text: '$2' } },
      sources: { 's-a': { publisher: 'W', title: 'T2', date: null, url: null } },
      risks: { 'r-a': risk('Rates', 5) },
      sections: ['summary', 'companies', 'risks', 'sources'],
      prose: { summary: prose('Summary', 'A.', 'C, edited.', 'B.') },
    });
    const marks = changeMarks(compareSnapshots(before, after));
    // B kept its match, so the edited C is a block added before it and the old C a block removed (key in the earlier build).
    expect(marks.map((m) => `${m.kind}:${m.key}=${m.change}`)).toEqual(['prose:summary:2=added', 'prose:summary:3=removed', 'figure:f1=changed', 'risk:r-a=changed', 'source:s-a=changed']);
    // A section this build does not list puts its marks last.
    const unlisted = changeMarks(compareSnapshots({ ...before, sections: ['summary'] }, { ...after, sections: ['summary'] }));
    expect(unlisted.map((m) => m.kind)).toEqual(['prose', 'prose', 'figure', 'risk', 'source']);
  });
});

describe('approved.json read back', () => {
  const write = async (text: string): Promise<string> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefing-approved-'));
    await writeFile(path.join(dir, 'approved.json'), text);
    return dir;
  };

  it('is undefined when there is none, and the approved snapshot carries when it was approved and built', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefing-approved-'));
    expect(await readApproved(dir)).toBeUndefined();
    const ok = await write(JSON.stringify({ approved: '2026-06-02T09:15:00Z', manifest: { id: 'x', dir: 'x', built: '2026-06-02T09:00:00Z' }, snapshot: snap() }));
    const a = await readApproved(ok);
    expect(a!.snapshot).toMatchObject({ id: 'x', approved: '2026-06-02T09:15:00Z', built: '2026-06-02T09:00:00Z' });
  });

  it('a bad one is BR196 at the line and column of what is wrong', async () => {
    const text = JSON.stringify({ approved: 'yesterday', manifest: { id: 'x', dir: 'x' }, snapshot: snap() }, null, 2);
    const dir = await write(text);
    const e = await readApproved(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BriefingError);
    const d = (e as BriefingError).diagnostics[0]!;
    expect([d.code, d.file, d.line, d.path]).toEqual(['BR196', path.join(dir, 'approved.json'), 2, 'approved']);
    expect(d.message).toMatch(/^approved\.json is not an approved version as briefing approve writes it: /);
    const broken = await write('{"approved": "2026-06-02T09:15:00Z",\n  "manifest": {');
    const s = ((await readApproved(broken).catch((x: unknown) => x)) as BriefingError).diagnostics[0]!;
    expect([s.code, s.line]).toEqual(['BR196', 2]);
  });
});

describe('keys that name properties of every object', () => {
  it('compares a figure whose id is constructor or __proto__ like any other', () => {
    const value = (low: number) => ({ label: 'Acme revenue', amount: { unit: 'USD', low, high: low }, text: `$${low}`, sources: ['s'] });
    const snap = (figures: Snapshot['figures']): Snapshot => ({ id: 'b', asOf: '2026-01-01', figures, metrics: {}, claims: {}, conflicts: {} });
    const before = snap({ revenue: value(1) });
    const after = snap(Object.fromEntries([['constructor', value(2)], ['toString', value(3)]]));
    const report = compareSnapshots(before, after);
    expect(report.figures.added.map((a) => a.key).sort()).toEqual(['constructor', 'toString']);
    expect(report.figures.removed.map((r) => r.key)).toEqual(['revenue']);
    expect(report.figures.changed).toEqual([]);
  });
});
