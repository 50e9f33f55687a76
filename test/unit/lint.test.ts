/** The print lint's rules on plain layout facts (src/pdf/lint.ts), without a browser. */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/errors.ts';
import type { ElementRef, LayoutFacts } from '../../src/pdf/facts.ts';
import { DEFAULT_MIN_FILL, LINT_MESSAGES, lintDiagnostics, lintLayout, parseMinFill } from '../../src/pdf/lint.ts';

const el = (description: string, allow: string[] = []): ElementRef => ({ description, selector: `p.${description.replace(/\W+/g, '-')}`, allow });
const H = 956;

/** Facts of `n` full pages, each ending a section, with nothing else. */
function facts(over: Partial<LayoutFacts> = {}, n = 4): LayoutFacts {
  return {
    box: { width: 658, height: H },
    pageCount: n,
    minFill: '',
    pages: Array.from({ length: n }, (_, i) => ({ page: i + 1, bottom: H, breakAfter: true, next: null, last: el(`last of ${i + 1}`) })),
    headings: [],
    blocks: [],
    brokenWords: [],
    overflows: [],
    ...over,
  };
}

const word = (w: string, at: number, width = 60, available = 600) => ({ element: el('cell'), page: 3, word: w, at, before: w[at - 1]!, after: w[at]!, width, available });

describe('print lint rules', () => {
  it('reports a word broken without a hyphen, and not one broken after a hyphen, slash or soft hyphen', () => {
    const found = lintLayout(facts({ brokenWords: [word('projection', 9), word('price-to-sales', 6), word('a/b/c', 2), word('con\u00adcentration', 4)] }));
    expect(found).toEqual([expect.objectContaining({ rule: 'broken-word', page: 3 })]);
    expect(found[0]!.message).toContain('"projectio / n"');
  });

  it('reports a token wider than all the room it has as a long token instead', () => {
    const found = lintLayout(facts({ brokenWords: [word('x'.repeat(200), 120, 1400, 658)] }));
    expect(found.map((f) => f.rule)).toEqual(['long-token']);
  });

  it('reports a heading whose content starts on the next page, or whose lines are on two pages', () => {
    const found = lintLayout(
      facts({
        headings: [
          { element: el('heading "A"'), firstPage: 2, page: 2, nextPage: 3, linesBelow: null },
          { element: el('heading "B"'), firstPage: 2, page: 2, nextPage: 2, linesBelow: null },
          { element: el('heading "C"'), firstPage: 3, page: 4, nextPage: 4, linesBelow: null },
          { element: el('heading "D"'), firstPage: 4, page: 4, nextPage: null, linesBelow: null },
        ],
      }),
    );
    expect(found.map((f) => [f.rule, f.page, f.element.description])).toEqual([
      ['orphan-heading', 2, 'heading "A"'],
      ['orphan-heading', 3, 'heading "C"'],
    ]);
  });

  it('reports a heading kept with under three lines of its content at the foot of a page (keep-with-next)', () => {
    const found = lintLayout(
      facts({
        headings: [
          { element: el('heading "Volkswagen Group"'), firstPage: 3, page: 3, nextPage: 3, linesBelow: 2 },
          { element: el('heading "Kept"'), firstPage: 3, page: 3, nextPage: 3, linesBelow: 3 },
          { element: el('heading "Whole"'), firstPage: 4, page: 4, nextPage: 4, linesBelow: null },
        ],
      }),
    );
    expect(found.map((f) => [f.rule, f.page, f.element.description, f.message])).toEqual([
      ['orphan-heading', 3, 'heading "Volkswagen Group"', 'heading "Volkswagen Group" has only 2 lines of its content under it at the foot of page 3; the rest is on the next page'],
    ]);
  });

  it('reports a table that starts a page when its heading ends the page before, unless content bridges them', () => {
    const table = (page: number, introPage: number, lastBetweenPage: number | null) => ({
      kind: 'table' as const,
      element: el(`table ${page}`),
      firstPage: page,
      lastPage: page,
      pages: [page],
      introducer: { element: el('heading'), page: introPage, lastBetweenPage },
    });
    const found = lintLayout(facts({ blocks: [table(3, 2, 2), table(3, 2, 3), table(4, 2, null), table(2, 2, 2)] }));
    expect(found.map((f) => [f.rule, f.page, f.element.description])).toEqual([['detached-table', 3, 'table 3']]);
  });

  it('reports a figure on more than one page, and overflow wider than the box or the page', () => {
    const found = lintLayout(
      facts({
        blocks: [{ kind: 'figure', element: el('figure'), firstPage: 2, lastPage: 3, pages: [2, 3], introducer: null }],
        overflows: [
          { element: el('cell'), page: 3, where: 'box', by: 40 },
          { element: el('chart'), page: 4, where: 'height', by: 100 },
          { element: el('rounding'), page: 4, where: 'page', by: 0.5 },
        ],
      }),
    );
    expect(found.map((f) => [f.rule, f.page])).toEqual([
      ['split-figure', 2],
      ['overflow', 3],
      ['overflow', 4],
    ]);
  });

  it('reports a page under the fill threshold unless a forced page break follows it', () => {
    const pages = [
      { page: 1, bottom: 0.1 * H, breakAfter: true, next: el('heading'), last: el('a') },
      { page: 2, bottom: 0.1 * H, breakAfter: false, next: el('figure'), last: el('b') },
      { page: 3, bottom: 0.4 * H, breakAfter: false, next: el('table'), last: el('c') },
      { page: 4, bottom: 0.05 * H, breakAfter: true, next: null, last: el('d') },
    ];
    expect(lintLayout(facts({ pages })).map((f) => [f.rule, f.page, f.element.description])).toEqual([['underfilled-page', 2, 'figure']]);
    expect(lintLayout(facts({ pages, minFill: '45%' })).map((f) => f.page)).toEqual([2, 3]);
    expect(lintLayout(facts({ pages }), 0.05)).toEqual([]);
  });

  it('names a page with nothing of its own by the last content before it, and skips one with none before', () => {
    const pages = [
      { page: 1, bottom: 0, breakAfter: false, next: null, last: null },
      { page: 2, bottom: 0.9 * H, breakAfter: false, next: null, last: el('chart') },
      { page: 3, bottom: 0, breakAfter: false, next: null, last: null },
      { page: 4, bottom: 0.05 * H, breakAfter: true, next: null, last: el('end') },
    ];
    expect(lintLayout(facts({ pages })).map((f) => [f.rule, f.page, f.element.description])).toEqual([['underfilled-page', 3, 'chart']]);
    // The element it is named by can allow it.
    const allowing = pages.map((p) => (p.last?.description === 'chart' ? { ...p, last: el('chart', ['underfilled-page']) } : p));
    expect(lintLayout(facts({ pages: allowing }))).toEqual([]);
  });

  it('stays quiet where the template allows a rule, by name or with all', () => {
    const found = lintLayout(
      facts({
        headings: [{ element: el('heading', ['orphan-heading']), firstPage: 2, page: 2, nextPage: 3, linesBelow: null }],
        brokenWords: [{ ...word('projection', 9), element: el('cell', ['all']) }],
        pages: [{ page: 1, bottom: 10, breakAfter: false, next: el('block', ['underfilled-page']), last: el('p') }, { page: 2, bottom: H, breakAfter: true, next: null, last: el('q') }],
      }),
    );
    expect(found).toEqual([]);
  });

  it('reads the minimum fill as a share or a percentage, and refuses anything else', () => {
    expect(parseMinFill('')).toBe(DEFAULT_MIN_FILL);
    expect(parseMinFill(' 0.4')).toBe(0.4);
    expect(parseMinFill('"30%"')).toBe(0.3);
    expect(() => parseMinFill('half')).toThrow(/--lint-min-page-fill/);
    expect(() => parseMinFill('150%')).toThrow(/from 0 to 1/);
  });

  it('turns findings into catalogue warnings with the page, element and rule', () => {
    const [d] = lintDiagnostics(lintLayout(facts({ brokenWords: [word('projection', 9)] })), 'content/x', true);
    expect(d).toMatchObject({ code: CATALOGUE[LINT_MESSAGES['broken-word'].kind].code, page: 3, element: 'p.cell', rule: 'broken-word', file: 'content/x' });
    expect(d!.message).toContain('page approximate');
  });
});

describe('breakable helper', () => {
  it('puts <wbr> after / - _ . in long tokens only, escaping the rest', async () => {
    const { breakable } = await import('../../src/html/helpers.ts');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    expect(breakable('see https://example.com/a-long_path?x=1&y=<2> now', esc)).toBe('see https:/<wbr>/<wbr>example.<wbr>com/<wbr>a-<wbr>long_<wbr>path?<wbr>x=<wbr>1&amp;<wbr>y=<wbr>&lt;2> now');
    expect(breakable('short/one', esc)).toBe('short/one');
  });
});
