/**
 * Review notes (#26): review.yaml's schema as the loader reads it (located errors, open notes as warnings,
 * resolved ones silent), anchors checked against what the draft prints (did-you-mean, out of range), and the
 * element key each note sits beside in the preview.
 */
import { describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/content/load.ts';
import { anchorKey, anchorOfKey, checkNoteAnchors, reviewFileSchema, type NoteTargets, type PlacedNote } from '../../src/content/review.ts';
import { noteAnchorProblems, noteKeys, noteTargets } from '../../src/html/note-anchors.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import { MESSAGES, problem } from '../../src/messages.ts';
import { isLoopback } from '../../src/preview/notes.ts';
import { catchBriefingError, positionOf, sample } from './helpers.ts';

const REVIEW = `# Notes for the analyst
- id: n-1
  author: Maria Jensen
  text: Is this the listing valuation or the last round?
  anchor: {figure: spacex-valuation-gogoai}
  created: 2026-06-02
- id: n-2
  author: Maria Jensen
  text: Cite the second source here.
  status: resolved
  anchor: {section: executive-summary, paragraph: 2}
- id: n-3
  author: Ola Berg
  text: Which rate?
  anchor: {file: sections/executive-summary.md, line: 5}
`;

/** The sample with `review` as its review.yaml. */
const withReview = (review: string) => sample((files) => files.set('review.yaml', review));

describe('review.yaml in the loader', () => {
  it('reads the notes, each placed, status open by default', () => {
    const b = parseBriefing(withReview(REVIEW));
    expect(b.notes.map((n) => [n.id, n.status])).toEqual([['n-1', 'open'], ['n-2', 'resolved'], ['n-3', 'open']]);
    expect(b.notes[0]!.created).toBe('2026-06-02');
    expect(b.notes[0]!.at).toMatchObject({ file: 'fx/review.yaml', ...positionOf(REVIEW, 'id: n-1') });
  });

  it('lists each open note as a warning at its line with author and text; a resolved one is silent', () => {
    const b = parseBriefing(withReview(REVIEW));
    const open = b.warnings.filter((w) => w.code === MESSAGES.openNote.code);
    expect(open.map((w) => w.message)).toEqual([
      'open note "n-1" by Maria Jensen: Is this the listing valuation or the last round?',
      'open note "n-3" by Ola Berg: Which rate?',
    ]);
    expect(open[0]).toMatchObject({ file: 'fx/review.yaml', line: positionOf(REVIEW, 'id: n-1').line, hint: MESSAGES.openNote.hint });
  });

  it('has no notes and no warnings without the file, or with one of comments only', () => {
    for (const content of [sample(), withReview('# Notes come here\n'), withReview('[]\n')]) {
      const b = parseBriefing(content);
      expect(b.notes).toEqual([]);
      expect(b.warnings).toEqual([]);
    }
  });

  it('offers the fields of a note for a misspelt one', () => {
    const diags = catchBriefingError(() => parseBriefing(withReview(REVIEW.replace('  author: Ola Berg', '  autor: Ola Berg')))).diagnostics;
    expect(diags.find((d) => d.path === '[2].autor')!.message).toContain(problem.didYouMean('author'));
  });

  it('reports a bad file at file, line, column and field', () => {
    const bad = REVIEW.replace('  author: Ola Berg\n', '').replace('status: resolved', 'status: done').replace('{figure: spacex-valuation-gogoai}', '{figure: x, risk: y}');
    const diags = catchBriefingError(() => parseBriefing(withReview(bad))).diagnostics;
    const byPath = Object.fromEntries(diags.map((d) => [d.path, d]));
    expect(Object.keys(byPath).sort()).toEqual(['[0].anchor', '[1].status', '[2].author']);
    expect(byPath['[1].status']).toMatchObject({ code: MESSAGES.notOneOf.code, file: 'fx/review.yaml', ...positionOf(bad, 'done') });
    expect(byPath['[2].author']!.code).toBe(MESSAGES.missingField.code);
    expect(byPath['[0].anchor']!.message).toContain(problem.noteAnchorForm());
  });

  it('refuses a note id used twice', () => {
    const twice = REVIEW.replace('id: n-3', 'id: n-1');
    const [d] = catchBriefingError(() => parseBriefing(withReview(twice))).diagnostics;
    expect(d).toMatchObject({ code: MESSAGES.duplicateId.code, path: '[2].id', line: positionOf(twice, 'id: n-1\n  author: Ola').line });
  });
});

describe('anchors', () => {
  const targets: NoteTargets = {
    figures: new Set(['acme-revenue-fy2025']),
    metrics: new Set(['price-to-sales.acme']),
    risks: new Set(['rate-cuts']),
    sections: new Map([['outlook', 3], ['risks', null]]),
    files: new Map([['companies/acme.yaml', 40]]),
  };
  const note = (anchor: PlacedNote['anchor']): PlacedNote => ({ id: 'n-1', author: 'A', text: 't', status: 'open', anchor, at: { file: 'review.yaml', line: 2 }, anchorAt: Object.fromEntries(Object.keys(anchor).map((k) => [k, { file: 'review.yaml', line: 9, path: `[0].anchor.${k}` }])) });
  const check = (anchor: PlacedNote['anchor']) => checkNoteAnchors([note(anchor)], targets);

  it('accepts what the draft prints', () => {
    for (const a of [{ figure: 'acme-revenue-fy2025' }, { metric: 'price-to-sales.acme' }, { risk: 'rate-cuts' }, { section: 'risks' }, { section: 'outlook', paragraph: 3 }, { file: 'companies/acme.yaml', line: 40 }]) expect(check(a)).toEqual([]);
  });

  it('names an unknown figure, metric row, risk, section or file at its field, with a did-you-mean', () => {
    const cases = [
      [{ figure: 'acme-revenue-fy2052' }, 'figure', 'acme-revenue-fy2025'],
      [{ metric: 'price-to-sale.acme' }, 'metric', 'price-to-sales.acme'],
      [{ risk: 'rate-cut' }, 'risk', 'rate-cuts'],
      [{ section: 'outlok', paragraph: 1 }, 'section', 'outlook'],
      [{ file: 'companies/acme.yml', line: 1 }, 'file', 'companies/acme.yaml'],
    ] as const;
    for (const [anchor, field, meant] of cases) {
      const [d, ...rest] = check(anchor);
      expect(rest).toEqual([]);
      expect(d).toMatchObject({ code: MESSAGES.unknownNoteAnchor.code, kind: 'unknownReference', path: `[0].anchor.${field}`, line: 9 });
      expect(d!.message).toContain(problem.didYouMean(meant));
    }
  });

  it('leaves a resolved note alone when what it was about is gone', () => {
    expect(checkNoteAnchors([{ ...note({ figure: 'acme-revenue-fy2052' }), status: 'resolved' }], targets)).toEqual([]);
  });

  it('refuses a paragraph or line past the end, and paragraphs of a built-in section', () => {
    expect(check({ section: 'outlook', paragraph: 4 })[0]!.message).toBe(MESSAGES.noteAnchorOutOfRange.message('n-1', 'paragraph', 4, 'section "outlook"', 3));
    expect(check({ section: 'risks', paragraph: 1 })[0]!.code).toBe(MESSAGES.noteAnchorOutOfRange.code);
    expect(check({ file: 'companies/acme.yaml', line: 41 })[0]).toMatchObject({ code: MESSAGES.noteAnchorOutOfRange.code, path: '[0].anchor.line' });
  });

  it('maps anchors to element keys and back', () => {
    for (const [anchor, key] of [
      [{ figure: 'a|revenue||FY2025||s-x' }, 'figure:a|revenue||FY2025||s-x'],
      [{ metric: 'liquidity-drawn[25%]' }, 'metric:liquidity-drawn[25%]'],
      [{ risk: 'rate-cuts' }, 'risk:rate-cuts'],
      [{ section: 'outlook' }, 'section:outlook'],
      [{ section: 'outlook', paragraph: 2 }, 'prose:outlook:2'],
    ] as const) {
      expect(anchorKey(anchor)).toBe(key);
      expect(anchorOfKey(key)).toEqual(anchor);
    }
    expect(anchorKey({ file: 'a.yaml', line: 1 })).toBeNull();
    expect(anchorOfKey('claim:x')).toBeUndefined();
    expect(anchorOfKey('prose:outlook')).toBeUndefined();
  });

  it('are checked against the sample as it prints: its figures, metric rows, sections and blocks, files', () => {
    const content = withReview(REVIEW);
    const b = parseBriefing(content);
    const m = computeMetrics(b);
    expect(noteAnchorProblems(b, m, content)).toEqual([]);
    const t = noteTargets(b, m, content);
    expect(t.metrics.has('price-to-sales.spacex')).toBe(true);
    expect(t.sections.get('risks')).toBeNull();
    // Executive summary: an opening paragraph, the list, then paragraphs.
    expect(t.sections.get('executive-summary')).toBeGreaterThan(2);
    const wrong = withReview(REVIEW.replace('{figure: spacex-valuation-gogoai}', '{figure: spacex-valuation-gogo}'));
    const [d] = noteAnchorProblems(parseBriefing(wrong), m, wrong);
    expect(d).toMatchObject({ code: MESSAGES.unknownNoteAnchor.code, file: 'fx/review.yaml', path: '[0].anchor.figure' });
  });

  it('place a note on a line of a file beside the element written there', () => {
    const b = parseBriefing(withReview(REVIEW));
    const keys = noteKeys(b);
    expect(keys.get('n-1')).toBe('figure:spacex-valuation-gogoai');
    expect(keys.get('n-2')).toBe('prose:executive-summary:2');
    // Line 5 of the section file is inside its bullet list, the second top-level block.
    expect(keys.get('n-3')).toBe('prose:executive-summary:2');
    const onFigure = parseBriefing(withReview(REVIEW.replace('{file: sections/executive-summary.md, line: 5}', '{file: companies/spacex.yaml, line: 25}')));
    expect(noteKeys(onFigure).get('n-3')).toBe('figure:spacex-valuation-ai-empire');
    const onRisks = parseBriefing(withReview(REVIEW.replace('{file: sections/executive-summary.md, line: 5}', '{file: risks.yaml, line: 3}')));
    expect(noteKeys(onRisks).get('n-3')).toBe('section:risks');
  });

  it('is a JSON Schema-able list of notes', () => {
    expect(reviewFileSchema.safeParse([{ id: 'n-1', author: 'A', text: 'x', anchor: { risk: 'r' } }]).success).toBe(true);
    expect(reviewFileSchema.safeParse([{ id: 'N 1', author: 'A', text: 'x', anchor: { risk: 'r' } }]).success).toBe(false);
  });
});

describe('the notes route', () => {
  it('takes writes only from a loopback peer', () => {
    for (const a of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of [undefined, '', '10.0.0.2', '::ffff:192.168.1.4', 'fe80::1', '128.0.0.1', '127.0.0.1.evil']) expect(isLoopback(a), String(a)).toBe(false);
  });
});
