/**
 * Links that say where they go (PDF/UA ISO 14289-1 7.18.5, Matterhorn 28-004): the labels read from the final
 * HTML (src/html/link-labels.ts), the Link annotations' /Contents written from them
 * (src/pdf/standards/links.ts), and the citation markers that carry their source's title (src/html/markdown.ts).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { citationHtml, createMarkdown } from '../../src/html/markdown.ts';
import { linkLabelsOf } from '../../src/html/link-labels.ts';
import { chromiumPrint } from '../helpers/chromium-prints.ts';
import { labelLinks } from '../../src/pdf/standards/links.ts';


describe('linkLabelsOf', () => {
  it('takes the title, else the aria-label, else the visible text', () => {
    const labels = linkLabelsOf(
      [
        '<a href="#a" title="Source A" aria-label="not this">1</a>',
        '<a href="#b" aria-label="Source B">2</a>',
        '<a href="#c" title="  ">Visible <em>text</em>\n  of   C</a>',
        '<a href="https://x.org/p">https:/<wbr>/x.<wbr>org/<wbr>p</a>',
      ].join(' '),
    );
    expect([...labels]).toEqual([
      ['#a', 'Source A'],
      ['#b', 'Source B'],
      ['#c', 'Visible text of C'],
      ['https://x.org/p', 'https://x.org/p'],
    ]);
  });

  it('says the heading a link inside the document goes to, found before or after it', () => {
    const html = [
      '<nav><ol><li><a href="#intro-h"><span class="toc-title">Intro</span><span class="toc-page">2</span></a></li></ol></nav>',
      '<h2 id="intro-h">Intro&nbsp;&amp; <span lang="ja">概要</span></h2>',
      '<h3 id="later">Later</h3><a href="#later">see below</a>',
    ].join('');
    const labels = linkLabelsOf(html);
    expect(labels.get('#intro-h')).toBe('Intro & 概要');
    expect(labels.get('#later')).toBe('Later');
  });

  it('decodes entities in keys and labels and separates words at line-breaking tags only', () => {
    const labels = linkLabelsOf(
      '<a href="https://x.org/?a=1&amp;b=2" title="R&amp;D &#x1F600; &#39;q&#39; &mdash; &unknown;">x</a>' +
        '<a href="#d">one<br>two<div>three</div>fo<b>ur</b><img src="" alt="five"></a>',
    );
    expect(labels.get('https://x.org/?a=1&b=2')).toBe("R&D 😀 'q' — &unknown;");
    expect(labels.get('#d')).toBe('one two three four five');
  });

  it('keeps the first anchor with words per key', () => {
    const labels = linkLabelsOf('<a href="#k"> </a><a href="#k">second</a><a href="#k">third</a>');
    expect(labels.get('#k')).toBe('second');
  });

  it('reads tags the way a browser does: quotes, case, comments, scripts, stray <, unclosed elements', () => {
    const html = [
      '<!-- <a href="#comment">no</a> -->',
      '<script>document.write(\'<a href="#script">no</a>\')</script>',
      '<style>a[href="#style"]::after { content: "<a>" }</style>',
      '<a href="#q" title="a > b">1</a>',
      '<A HREF=#up Title=Up>u</A>',
      "<a href='#single'>x &lt; y < z</a>",
      '<a name="no-href">anchor</a>',
      '<a href="#open">runs to <b>the end',
    ].join('\n');
    expect(Object.fromEntries(linkLabelsOf(html))).toEqual({ '#q': 'a > b', '#up': 'Up', '#single': 'x < y < z', '#open': 'runs to the end' });
  });

  it('takes linear time on hostile input', () => {
    const cases = [
      '<a href="#x">'.repeat(50_000),
      '<h2 id="h">'.repeat(50_000) + '<a href="#h">x</a>',
      '<a title="'.repeat(50_000),
      '<'.repeat(200_000),
      '<a href="#s">' + '<script>'.repeat(20_000),
      '<!--'.repeat(50_000),
      `<h2 id="big">${' '.repeat(100_000)}</h2>${'<a href="#big"></a>'.repeat(20_000)}`,
    ];
    for (const html of cases) {
      const start = performance.now();
      linkLabelsOf(html);
      expect(performance.now() - start).toBeLessThan(1000);
    }
  });
});

describe('citation markers', () => {
  const plain = new Map([
    ['s-a', 1],
    ['s-b', 2],
  ]);
  const numbers = Object.assign(new Map(plain), { titles: new Map([['s-a', 'The "AI" boom & <bust>']]) });
  it('carry the cited source title when it is known', () => {
    expect(citationHtml(['s-a', 's-b'], numbers)).toBe(
      '<sup class="cite">[<a href="#source-s-a" title="The &quot;AI&quot; boom &amp; &lt;bust&gt;">1</a>,<wbr><a href="#source-s-b">2</a>]</sup>',
    );
    expect(createMarkdown(numbers).renderInline('x [@s-a]')).toContain('title="The &quot;AI&quot; boom');
    expect(linkLabelsOf(citationHtml(['s-a'], numbers)).get('#source-s-a')).toBe('The "AI" boom & <bust>');
  });
  it('stay as they were without titles', () => {
    expect(citationHtml(['s-b'], plain)).toBe('<sup class="cite">[<a href="#source-s-b">2</a>]</sup>');
  });
});

/** The /Contents of every Link annotation of `doc`, in page order. */
function linkContents(doc: PDFDocument): (string | undefined)[] {
  return doc.getPages().flatMap((page) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    return (annots?.asArray() ?? [])
      .map((ref) => doc.context.lookup(ref, PDFDict))
      .filter((a) => a.get(PDFName.of('Subtype')) === PDFName.of('Link'))
      .map((a) => a.lookupMaybe(PDFName.of('Contents'), PDFString, PDFHexString)?.decodeText());
  });
}

describe('labelLinks', () => {
  it('labels each kind of link target, and falls back to words of its own', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const page = doc.addPage();
    const second = doc.addPage();
    const link = (extra: Record<string, unknown>): PDFRef => doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 1, 1], ...extra }));
    const uri = (u: string): PDFDict => doc.context.obj({ S: 'URI', URI: PDFString.of(u) });
    const annots = [
      link({ Dest: 'sec-a-h' }),
      link({ Dest: PDFName.of('caf#C3#A9') }),
      link({ A: uri('https://example.org') }),
      link({ A: uri('https://example.org/?q=1') }),
      link({ A: uri('https://unlabelled.example/') }),
      link({ Dest: [second.ref, 'XYZ', 0, 0, 0] }),
      link({ A: doc.context.obj({ S: 'GoTo', D: PDFString.of('named') }) }),
      link({ Dest: 'nolabel' }),
      link({ A: doc.context.obj({ S: 'Launch' }) }),
      doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [0, 0, 1, 1] })),
    ];
    page.node.set(PDFName.of('Annots'), doc.context.obj(annots));
    const labels = new Map([
      ['#sec-a-h', 'Section A'],
      ['#café', 'Café'],
      ['https://example.org/', 'Example'],
      ['https://example.org/?q=1', 'Query'],
      ['#named', 'Named destination'],
    ]);
    labelLinks(doc, labels);
    expect(linkContents(doc)).toEqual(['Section A', 'Café', 'Example', 'Query', 'https://unlabelled.example/', 'Link to page 2', 'Named destination', 'Link to nolabel', 'Link']);
    expect(doc.context.lookup(annots.at(-1), PDFDict).has(PDFName.of('Contents'))).toBe(false);
  });

  it('gives every link of the first sample words (as Chromium printed it)', async () => {
    const doc = await PDFDocument.load(readFileSync(chromiumPrint('ai-ipo-2026')), { updateMetadata: false, parseSpeed: Infinity });
    const labels = linkLabelsOf(readFileSync(chromiumPrint('ai-ipo-2026', 'html'), 'utf8'));
    const start = performance.now();
    labelLinks(doc, labels);
    const took = performance.now() - start;
    const contents = linkContents(doc);
    expect(contents.length).toBeGreaterThan(40);
    expect(contents.every((c) => c !== undefined && c.trim() !== '')).toBe(true);
    // The contents entries say their heading; citations and source links say the source's title.
    expect(contents).toContain('Executive summary');
    const sources = parse(readFileSync(new URL('../../content/ai-ipo-2026/sources.yaml', import.meta.url), 'utf8')) as { title: string }[];
    expect(contents).toContain(sources[0]!.title);
    console.log(`labelLinks on ${contents.length} links: ${took.toFixed(1)} ms`);
  });
});
