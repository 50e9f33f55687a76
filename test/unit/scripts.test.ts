/**
 * Scripts in the HTML stage and the content files: language spans in Markdown (src/html/lang-span.ts), a
 * document's text by CJK forms (src/html/lang-text.ts), and where the briefing writes a character
 * (src/content/find-text.ts).
 */
import { describe, expect, it } from 'vitest';
import { placeOfText, placesOfCharacters } from '../../src/content/find-text.ts';
import { textByCjkLocale } from '../../src/html/lang-text.ts';
import { createMarkdown } from '../../src/html/markdown.ts';
import { langSpanProblems } from '../../src/content/prose.ts';
import { parseBriefing } from '../../src/content/load.ts';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/cli.ts';

/** The scripts fixture's files, by path relative to its folder. */
function scriptsFixture(): Record<string, string> {
  const dir = path.join(ROOT, 'test', 'fixtures', 'scripts');
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const r = rel === '' ? name : `${rel}/${name}`;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out[r] = readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

describe('language spans in Markdown', () => {
  const md = createMarkdown(new Map([['s-1', 1]]));

  it('print [text]{lang=TAG} as a span with its language, isolated in direction', () => {
    expect(md.renderInline('The [東京証券取引所]{lang=ja} lists it.')).toBe('The <span lang="ja" dir="auto">東京証券取引所</span> lists it.');
    expect(md.renderInline('[שלום]{lang="he"}')).toBe('<span lang="he" dir="auto">שלום</span>');
    expect(md.renderInline('[港灣]{ lang=zh-Hant-TW }')).toBe('<span lang="zh-Hant-TW" dir="auto">港灣</span>');
  });

  it('keep Markdown, citations and nested brackets inside the span', () => {
    expect(md.renderInline('[*さくら* [x] 自動車 [@s-1]]{lang=ja}')).toBe(
      '<span lang="ja" dir="auto"><em>さくら</em> [x] 自動車 <sup class="cite">[<a href="#source-s-1">1</a>]</sup></span>',
    );
  });

  it('leave other brackets, braces and raw HTML as before', () => {
    expect(md.renderInline('[text]{class=x} and [text]{lang=!!}')).toBe('[text]{class=x} and [text]{lang=!!}');
    expect(md.renderInline('[a link](https://example.com)')).toBe('<a href="https://example.com">a link</a>');
    expect(md.renderInline('<span lang="ja">x</span>')).toBe('&lt;span lang=“ja”&gt;x&lt;/span&gt;');
  });
});

describe('language spans the loader warns about', () => {
  it('finds a span that would print as written, and a country code where a CJK language belongs', () => {
    expect(langSpanProblems('Tokyo [東京]{lang=ja} and Seoul [서울]{lang=ko-KR}.')).toEqual([]);
    expect(langSpanProblems('a [x]{lang=ja_JP} b').map((p) => [p.written, p.message.code])).toEqual([['{lang=ja_JP}', 'BR188']]);
    expect(langSpanProblems('a [x]{lang="ja} b').map((p) => p.message.code)).toEqual(['BR188']);
    expect(langSpanProblems('[東京]{lang=jp} [서울]{lang=kr}').map((p) => p.message.text)).toEqual([
      'lang=jp names no language the fonts know, so the text takes the default forms; the language tag is ja',
      'lang=kr names no language the fonts know, so the text takes the default forms; the language tag is ko',
    ]);
    // Braces that are no language span are prose, and an inline value is no span.
    expect(langSpanProblems('a set {1, 2} and [link]{#anchor} and {figure:acme-revenue}')).toEqual([]);
  });

  it('are warnings at the line and column of a section', () => {
    const files = new Map(Object.entries(scriptsFixture()));
    files.set('sections/voices.md', `${files.get('sections/voices.md')!}\nA bad one: [東京]{lang=ja_JP}.\n`);
    const b = parseBriefing({ dir: 'scripts', files });
    const w = b.warnings.find((d) => d.code === 'BR188')!;
    expect(w).toMatchObject({ file: 'scripts/sections/voices.md', column: 16 });
    expect(files.get('sections/voices.md')!.split('\n')[w.line! - 1]).toContain('{lang=ja_JP}');
  });
});

describe('a document’s text by CJK forms', () => {
  it('follows the nearest lang that names Chinese, Japanese or Korean', () => {
    const html =
      '<html lang="en"><head><style>.x{content:"直"}</style></head><body><p>Plain 直 <span lang="ja">骨 <b>さ</b> <span lang="en">in en 鬱</span></span>' +
      '<br><span lang="ko">한</span><img alt="x"><span lang=zh-TW>灣</span><span lang="zh-Hans-HK">汉</span></p><svg><text>图</text><path d="M0"/></svg></body></html>';
    const by = textByCjkLocale(html);
    const chars = (locale: string): string => [...(by.get(locale as never) ?? '')].filter((c) => c.codePointAt(0)! > 0x7e).join('');
    expect(chars('zh-Hans')).toBe('直汉图');
    expect(chars('ja')).toBe('骨さ鬱');
    expect(chars('ko')).toBe('한');
    expect(chars('zh-Hant')).toBe('灣');
  });

  it('survives stray closing tags and unclosed elements', () => {
    expect([...textByCjkLocale('</span>a<span lang="ja">b</div>c')]).toEqual([
      ['zh-Hans', 'a'],
      ['ja', 'b c'],
    ]);
  });
});

describe('where the briefing writes a character', () => {
  const content = {
    dir: '/b',
    files: new Map([
      ['briefing.yaml', '# a comment with ⚡\nid: x\ntitle: "Power ⚡"\n'],
      ['companies/a.yaml', 'id: a\nfigures:\n  - id: f\n    note: >-\n      first line\n      ሰላም here\n'],
      ['sections/s.md', '# S\n\nText ሰ and 😀.\n'],
    ]),
  };

  it('names the file, line, column and YAML field, passing over comments', () => {
    expect(placeOfText(content, '⚡')).toEqual({ file: '/b/briefing.yaml', line: 3, column: 15, path: 'title', excerpt: '⚡' });
    expect(placeOfText(content, 'ሰ')).toEqual({ file: '/b/companies/a.yaml', line: 6, column: 7, path: 'figures[0].note', excerpt: 'ሰ' });
    expect(placeOfText(content, '😀')).toEqual({ file: '/b/sections/s.md', line: 3, column: 12, excerpt: '😀' });
    expect(placeOfText(content, '§')).toBeUndefined();
  });

  it('groups characters by their first place', () => {
    expect(placesOfCharacters(content, ['ሰ', '😀', 'ላ', '§']).map((g) => [g.place?.file, g.place?.line, g.chars])).toEqual([
      ['/b/companies/a.yaml', 6, ['ሰ', 'ላ']],
      ['/b/sections/s.md', 3, ['😀']],
      [undefined, undefined, ['§']],
    ]);
  });
});
