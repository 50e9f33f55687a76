/**
 * The preview's review without a browser (#26): editor links from a URL template, the marks of what differs
 * from a baseline (details, word parts, where a removed element's placeholder goes, agreement with the change
 * report), and the element a problem's place belongs to.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDraft } from '../../src/build.ts';
import { createRenderContext } from '../../src/context.ts';
import { BriefingError } from '../../src/errors.ts';
import { compareSnapshots, type Snapshot } from '../../src/metrics/changes.ts';
import { recordMarks, reviewMarks, wordParts } from '../../src/preview/changes.ts';
import { DEFAULT_EDITOR_URL, editorLinks } from '../../src/preview/editor.ts';
import { placeKeys } from '../../src/preview/problems.ts';
import { ROOT } from '../helpers/cli.ts';

/** A snapshot with the given records. */
function snap(records: Partial<Snapshot> = {}): Snapshot {
  return { id: 'x', asOf: '2026-06-01', figures: {}, metrics: {}, claims: {}, conflicts: {}, risks: {}, takeaways: {}, charts: {}, sources: {}, prose: {}, sections: [], ...records };
}

const value = (text: string, low: number) => ({ label: `Acme revenue ${text}`, amount: { unit: 'USD' as const, low, high: low }, text, sources: ['s-a'] });

describe('editor links', () => {
  it('fills {file} (absolute), {line} and {column}, 1 for a place without them; none gives no link', () => {
    const link = editorLinks();
    expect(DEFAULT_EDITOR_URL).toBe('vscode://file/{file}:{line}:{column}');
    expect(link({ file: '/work/b/risks.yaml', line: 4, column: 7 })).toBe('vscode://file/work/b/risks.yaml:4:7');
    expect(link({ file: '/work/b/my notes#1.md' })).toBe('vscode://file/work/b/my%20notes%231.md:1:1');
    expect(link({ file: 'rel/x.yaml', line: 2 })).toBe(`vscode://file${encodeURI(path.resolve('rel/x.yaml'))}:2:1`);
    expect(link({})).toBeNull();
    expect(editorLinks('none')({ file: '/a.yaml', line: 1 })).toBeNull();
    expect(editorLinks('idea://open?file={file}&line={line}')({ file: '/a.yaml', line: 3 })).toBe('idea://open?file=/a.yaml&line=3');
  });

  it('refuses a template that is no URL naming {file}, or whose scheme runs code (BR312), and an unknown placeholder (BR313)', () => {
    for (const t of ['code --goto {file}', 'vscode://file/', 'javascript:alert({file})', 'data:text/html,{file}']) {
      expect(() => editorLinks(t), t).toThrow(BriefingError);
      try {
        editorLinks(t);
      } catch (e) {
        expect((e as BriefingError).diagnostics[0]!.code).toBe('BR312');
      }
    }
    expect(() => editorLinks('idea://open?file={file}&col={col}')).toThrow(/names \{col\}/);
  });
});

describe('change marks', () => {
  it('details a changed, an added and a removed figure, the removed one placed beside its nearest kept neighbour', () => {
    const before = snap({ figures: { a: value('$1B', 1e9), b: value('$2B', 2e9), c: value('$3B', 3e9) } });
    const after = snap({ figures: { a: value('$1.5B', 1.5e9), c: value('$3B', 3e9), d: value('$4B', 4e9) } });
    const marks = reviewMarks(compareSnapshots(before, after), before, after);
    expect(marks.map((m) => `${m.change} ${m.key}`).sort()).toEqual(['added figure:d', 'changed figure:a', 'removed figure:b']);
    const removed = marks.find((m) => m.change === 'removed')!;
    expect(removed.before).toBe('Acme revenue $2B: $2B');
    expect(removed.place).toEqual({ after: 'figure:a', before: 'figure:c' });
    expect(marks.find((m) => m.key === 'figure:a')!.before).toBe('Acme revenue $1B: $1B');
  });

  it('lines prose blocks up: a new paragraph is added alone, rewritten ones change word by word, a removed one keeps its old number', () => {
    const prose = (blocks: string[]) => ({ s: { title: 'Summary', blocks } });
    const before = snap({ prose: prose(['One two three.', 'Cut this one.', 'Keep me.']), sections: ['s'] });
    const after = snap({ prose: prose(['New first.', 'One two four.', 'Keep me.']), sections: ['s'] });
    const marks = recordMarks(before, after);
    expect(marks.map((m) => `${m.change} ${m.key}`)).toEqual(['changed prose:s:1', 'changed prose:s:2']);
    // Two removed and two added blocks pair off in order: the first pair is the rewritten opening.
    expect(marks[1]!.words).toEqual(wordParts('Cut this one.', 'One two four.'));
    const inserted = recordMarks(snap({ prose: prose(['A.', 'C.']), sections: ['s'] }), snap({ prose: prose(['A.', 'B.', 'C.']), sections: ['s'] }));
    expect(inserted.map((m) => `${m.change} ${m.key}`)).toEqual(['added prose:s:2']);
    const cut = recordMarks(snap({ prose: prose(['A.', 'B.', 'C.']), sections: ['s'] }), snap({ prose: prose(['A.', 'C.']), sections: ['s'] }));
    expect(cut).toEqual([{ key: 'prose:s:was-2', change: 'removed', before: 'B.', after: null, words: null, place: { after: 'prose:s:1', before: 'prose:s:2' } }]);
    expect(wordParts('fewer loan losses', 'lower loan losses')).toEqual([
      { part: 'del', text: 'fewer' },
      { part: 'ins', text: 'lower' },
      { part: 'same', text: ' loan losses' },
    ]);
  });

  it('marks what the change report lists and nothing else: a figure whose sources alone changed is not marked', () => {
    const before = snap({ figures: { a: value('$1B', 1e9) } });
    const after = snap({ figures: { a: { ...value('$1B', 1e9), sources: ['s-b'] } } });
    expect(recordMarks(before, after)).toHaveLength(1);
    expect(reviewMarks(compareSnapshots(before, after), before, after)).toEqual([]);
  });

  it('marks nothing of a kind the baseline did not record', () => {
    const old: Snapshot = { id: 'x', asOf: '2026-06-01', figures: {}, metrics: {}, claims: {}, conflicts: {} };
    const now = snap({ risks: { r: { title: 'R', likelihood: 1, impact: 1, description: 'd' } }, prose: { s: { title: 'S', blocks: ['A.'] } }, sections: ['s'] });
    expect(reviewMarks(compareSnapshots(old, now), old, now)).toEqual([]);
  });
});

describe('the element a place belongs to', () => {
  it('finds the figure, risk, prose block and chart of a place in the three-bank fixture', async () => {
    const dir = path.join(ROOT, 'test', 'fixtures', 'three-banks');
    const draft = await renderDraft(dir, createRenderContext(), {}, { draw: false });
    const keys = placeKeys(draft);
    expect(keys({ file: path.join(dir, 'companies', 'rheinbank.yaml'), path: 'figures[3].value', line: 33 })).toEqual(['figure:rheinbank-payout']);
    expect(keys({ file: path.join(dir, 'risks.yaml'), path: '[0].likelihood' })).toEqual(['risk:r-rate-cuts']);
    expect(keys({ file: path.join(dir, 'sections', 'summary.md'), line: 8 })).toEqual(['prose:summary:2']);
    expect(keys({ file: path.join(dir, 'charts', 'nii.yaml'), line: 4, path: 'data' })).toEqual(['chart:nii']);
    expect(keys({ file: path.join(dir, 'metrics.yaml'), path: '[1].formula' })).toEqual(['metric:nii-growth.banco-solar', 'metric:nii-growth.northgate-bank', 'metric:nii-growth.rheinbank']);
    expect(keys({ file: path.join(dir, 'nowhere.yaml') })).toEqual([]);
  });
});
