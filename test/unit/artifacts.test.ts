/**
 * Every drawing operator ends up tagged or an artifact (src/pdf/standards/artifacts.ts; ISO 14289-1 §7.1,
 * Matterhorn 01-001…01-005): hand-written streams shaped like Chromium's (a `@page` margin-box group, then the
 * body inside its clip, right-to-left and shaped text in see-through `/ReversedChars` and `/Span <</ActualText>>`
 * sequences) show where each artifact sequence goes, what is left alone and what the self-check counts; the
 * samples as Chromium prints them (test/setup/chromium-prints.ts) show that nothing paints outside a tagged or
 * artifact sequence afterwards (pdf.js's operator lists), and that their text (pdf.js) and pages (poppler, pages
 * 1 and 2, pixel for pixel) are unchanged.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFContentStream, PDFDocument, PDFName, PDFOperator, PDFOperatorNames, PDFRawStream, PDFRef } from 'pdf-lib';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { markUntaggedContent } from '../../src/pdf/standards/artifacts.ts';
import { tokenizeContentStream } from '../../src/pdf/standards/content-stream.ts';
import { countUnmarkedPainting } from '../../src/pdf/standards/marked-content.ts';
import { chromiumPrint } from '../helpers/chromium-prints.ts';

const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const stringOf = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const lines = (...parts: (string | readonly string[])[]): string => parts.flat().join('\n');

/** A content stream to put on a page: Flate-compressed unless it says otherwise. */
type StreamSpec = string | { text: string; filter: 'none' | 'ASCIIHexDecode' };

/** A document whose pages hold the given content streams (one stream, or an array of them, per page). */
async function docWith(...pages: StreamSpec[][]): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  for (const streams of pages) {
    const page = doc.addPage([595.92, 841.92]);
    const refs = streams.map((s) => {
      if (typeof s === 'string') return doc.context.register(doc.context.flateStream(s));
      const data = s.filter === 'none' ? s.text : Buffer.from(s.text, 'latin1').toString('hex') + '>';
      return doc.context.register(doc.context.stream(data, s.filter === 'none' ? {} : { Filter: 'ASCIIHexDecode' }));
    });
    page.node.set(PDFName.of('Contents'), refs.length === 1 ? refs[0]! : doc.context.obj(refs));
  }
  return doc;
}

/** The references of a page's content streams. */
function refsOf(doc: PDFDocument, page = 0): PDFRef[] {
  const contents = doc.getPages()[page]!.node.get(PDFName.of('Contents'))!;
  return (contents instanceof PDFArray ? contents.asArray() : [contents]) as PDFRef[];
}

/** The decoded text of each content stream of a page. */
function streamsOf(doc: PDFDocument, page = 0): string[] {
  return refsOf(doc, page).map((ref) => {
    const stream = doc.context.lookup(ref) as PDFRawStream | PDFContentStream;
    if (stream instanceof PDFContentStream) return stringOf(stream.getUnencodedContents());
    const filter = stream.dict.get(PDFName.of('Filter'));
    if (filter === undefined) return stringOf(stream.contents);
    expect(filter).toBe(PDFName.of('FlateDecode'));
    return stringOf(inflateSync(stream.contents));
  });
}

/** Mark a one-page document holding `content`; the page's content afterwards. */
async function marked(content: string): Promise<string> {
  const doc = await docWith([content]);
  expect(markUntaggedContent(doc).skipped).toEqual([]);
  return streamsOf(doc).join('\n');
}

/**
 * The painting operators of `content` outside every tagged (`/MCID`) or `/Artifact` sequence, and whether q/Q,
 * BT/ET and BDC/EMC nest strictly (no sequence straddles a group or text object).
 */
function audit(content: string): { unmarked: string[]; nested: boolean } {
  const painting = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'Tj', 'TJ', "'", '"', 'Do', 'sh', 'BI']);
  const closer: Record<string, string> = { Q: 'q', ET: 'BT', EMC: 'BDC' };
  const stack: string[] = [];
  const marks: boolean[] = [];
  const unmarked: string[] = [];
  let nested = true;
  for (const op of tokenizeContentStream(bytesOf(content))) {
    const o = op.operator === 'BMC' ? 'BDC' : op.operator;
    if (o === 'BDC') marks.push(/^\/Artifact\b|\/MCID\s/.test(content.slice(op.start, op.end)));
    if (o === 'EMC') marks.pop();
    if (o === 'q' || o === 'BT' || o === 'BDC') stack.push(o);
    else if (closer[o]) nested &&= stack.pop() === closer[o];
    else if (painting.has(o) && !marks.includes(true)) unmarked.push(o);
  }
  return { unmarked, nested: nested && stack.length === 0 };
}

const HEADER = '/Artifact <</Type /Pagination /Subtype /Header>> BDC';
const FOOTER = '/Artifact <</Type /Pagination /Subtype /Footer>> BDC';
const LAYOUT = '/Artifact <</Type /Layout>> BDC';

/** Chromium's first operation: 1 px = .24 pt, y down from the top of an A4 page. */
const FLIP = '.23999999 0 0 -.23999999 0 841.91998 cm';
/** Its margin-box group's state: scale, colours, graphics state. */
const BOX_STATE = ['3.125 0 0 3.125 0 0 cm', '.3569 .3882 .4275 RG .3569 .3882 .4275 rg', '/G3 gs'];
/** A running-header glyph run (y 46 px: above the body) and two footer runs (y 1085 px: below it). */
const HEADER_TEXT = ['BT', '/F5 10 Tf', '1 0 0 -1 68 46 Tm', '<0035> Tj', '5.5599976 0 Td <0049> Tj', 'ET'];
const FOOTER_TEXT = ['BT', '/F5 10 Tf', '1 0 0 -1 668.04688 1085 Tm', '<0031> Tj', 'ET', 'BT', '/F5 10 Tf', '1 0 0 -1 68 1085 Tm', '<0022> Tj', 'ET'];
/** The body: clipped to the page area inside the margins, then scaled. */
const BODY_OPEN = ['q', '212.5 259.375 2055.127 2988.1836 re', 'W* n', 'q', '3.1249259 0 0 3.1249259 212.5 259.375 cm'];
const BODY_CLOSE = ['Q', 'Q'];
/** Tagged body text. */
const TAGGED = ['/P <</MCID 0 >>BDC', 'BT', '/F4 12 Tf', '1 0 0 -1 0 126 Tm', '<0023> Tj', 'ET', 'EMC'];

describe('markUntaggedContent: where artifacts go', () => {
  it('marks the running header and footer as pagination artifacts, leaving state operators outside', async () => {
    const content = lines(FLIP, 'q', BOX_STATE, HEADER_TEXT, FOOTER_TEXT, 'Q', BODY_OPEN, TAGGED, BODY_CLOSE);
    expect(await marked(content)).toBe(
      lines(FLIP, 'q', BOX_STATE, HEADER, HEADER_TEXT, 'EMC', FOOTER, FOOTER_TEXT, 'EMC', 'Q', BODY_OPEN, TAGGED, BODY_CLOSE),
    );
  });

  it('marks a decoration drawn inside the body as a layout artifact, path object whole', async () => {
    const leader = ['.8353 .8549 .8784 RG', '0 100 m', '658 100 l', 'S'];
    const border = ['0 200 2 50 re', 'f'];
    const content = lines(FLIP, BODY_OPEN, TAGGED, leader, '.5 g', border, BODY_CLOSE);
    expect(await marked(content)).toBe(lines(FLIP, BODY_OPEN, TAGGED, '.8353 .8549 .8784 RG', LAYOUT, leader.slice(1), '.5 g', border, 'EMC', BODY_CLOSE));
  });

  it('wraps a whole group that paints in one place only', async () => {
    const group = ['q', ...BOX_STATE, ...HEADER_TEXT, 'Q'];
    expect(await marked(lines(FLIP, group, BODY_OPEN, TAGGED, BODY_CLOSE))).toBe(lines(FLIP, HEADER, group, 'EMC', BODY_OPEN, TAGGED, BODY_CLOSE));
  });

  it('marks painting in a side margin as a header above the page’s middle, a footer below, and painting with no body clip as layout', async () => {
    // 1 px = .75 pt from the top of an 841.92 pt page: y 500 px is 466.92 pt (above the middle), 700 px 316.92 pt.
    const [high, low] = [500, 700].map((y) => ['BT', `1 0 0 -1 10 ${y} Tm`, '<0001> Tj', 'ET']);
    expect(await marked(lines(FLIP, 'q', BOX_STATE, high!, low!, HEADER_TEXT, 'Q', BODY_OPEN, TAGGED, BODY_CLOSE))).toBe(
      lines(FLIP, 'q', BOX_STATE, HEADER, high!, 'EMC', FOOTER, low!, 'EMC', HEADER, HEADER_TEXT, 'EMC', 'Q', BODY_OPEN, TAGGED, BODY_CLOSE),
    );
    expect(await marked(lines(FLIP, 'q', BOX_STATE, HEADER_TEXT, FOOTER_TEXT, 'Q'))).toBe(lines(FLIP, LAYOUT, 'q', BOX_STATE, HEADER_TEXT, FOOTER_TEXT, 'Q', 'EMC'));
  });

  it('goes into a group that mixes tagged and untagged painting, and wraps only the untagged part', async () => {
    const group = ['q', '.8 .8 .8 rg', '/Figure <</MCID 1 >>BDC', '0 0 10 10 re', 'f', 'EMC', '0 20 10 10 re', 'f', 'Q'];
    const content = lines(FLIP, BODY_OPEN, group, BODY_CLOSE);
    expect(await marked(content)).toBe(lines(FLIP, BODY_OPEN, group.slice(0, 6), LAYOUT, group.slice(6, 8), 'EMC', 'Q', BODY_CLOSE));
  });

  it('never lets a sequence straddle q/Q or BT/ET, going into a text object that mixes marked and unmarked text', async () => {
    const content = lines(
      FLIP, BODY_OPEN,
      'BT', '(a) Tj', 'ET', 'q', '1 0 0 1 5 5 cm', '0 0 1 1 re', 'f', 'Q',
      'BT', '/Span <</MCID 2>> BDC', '(b) Tj', 'EMC', '10 0 Td', '(c) Tj', "(d) '", 'ET',
      BODY_CLOSE,
    );
    const result = await marked(content);
    expect(result).toBe(
      lines(
        FLIP, BODY_OPEN,
        LAYOUT, 'BT', '(a) Tj', 'ET', 'q', '1 0 0 1 5 5 cm', '0 0 1 1 re', 'f', 'Q', 'EMC',
        'BT', '/Span <</MCID 2>> BDC', '(b) Tj', 'EMC', '10 0 Td', LAYOUT, '(c) Tj', "(d) '", 'EMC', 'ET',
        BODY_CLOSE,
      ),
    );
    expect(audit(result)).toEqual({ unmarked: [], nested: true });
  });

  it('wraps an inline image whole and keeps its binary data', async () => {
    const image = 'BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xff EI';
    const result = await marked(lines(FLIP, BODY_OPEN, TAGGED, image, BODY_CLOSE));
    expect(result).toBe(lines(FLIP, BODY_OPEN, TAGGED, LAYOUT, image, 'EMC', BODY_CLOSE));
  });

  it('inserts line breaks where operations touch', async () => {
    expect(await marked('/P <</MCID 0>>BDC(a)Tj EMC(b)Tj/P <</MCID 1>>BDC(c)Tj EMC')).toBe(
      `/P <</MCID 0>>BDC(a)Tj EMC\n${LAYOUT}\n(b)Tj\nEMC\n/P <</MCID 1>>BDC(c)Tj EMC`,
    );
    expect(await marked('(a)Tj(b)Tj')).toBe(`${LAYOUT}\n(a)Tj(b)Tj\nEMC`);
  });
});

/** Chromium's right-to-left run in a running header (an Arabic title): see-through sequences, no MCID. */
const RTL_HEADER = [
  'BT', '/ReversedChars BMC', '/F17 10 Tf', '1 0 0 -1 175.46875 45 Tm', '<0010> Tj',
  '/Span<</ActualText <feff0626> >> BDC', '5.2999878 -1.13999939 Td <0021> Tj', '.020004272 1.13999939 Td <000a> Tj', 'EMC',
  '2.6900024 0 Td <0001> Tj', 'EMC', 'ET',
];
/** A shaped glyph pair Chromium marks with the text it stands for, with no MCID. */
const SHAPED = ['/Span <</ActualText <FEFF0628>>> BDC', '(b) Tj', '(c) Tj', 'EMC'];

describe('markUntaggedContent: see-through sequences (right-to-left and shaped text)', () => {
  it('marks a running header that holds /ReversedChars and /Span <</ActualText>> sequences, each kept whole', async () => {
    const content = lines(FLIP, 'q', BOX_STATE, HEADER_TEXT, RTL_HEADER, FOOTER_TEXT, 'Q', BODY_OPEN, TAGGED, BODY_CLOSE);
    const result = await marked(content);
    expect(result).toBe(lines(FLIP, 'q', BOX_STATE, HEADER, HEADER_TEXT, RTL_HEADER, 'EMC', FOOTER, FOOTER_TEXT, 'EMC', 'Q', BODY_OPEN, TAGGED, BODY_CLOSE));
    expect(audit(lines(RTL_HEADER)).unmarked).toEqual(['Tj', 'Tj', 'Tj', 'Tj']); // see-through: no sequence marks them
    expect(audit(result)).toEqual({ unmarked: [], nested: true });
  });

  it('puts a see-through sequence inside an artifact run whole, next to unmarked siblings', async () => {
    const text = ['BT', '/P <</MCID 0 >>BDC', '(a) Tj', 'EMC', '/ReversedChars BMC', '(r) Tj', 'EMC', ...SHAPED, '(d) Tj', 'ET'];
    const result = await marked(lines(FLIP, BODY_OPEN, text, BODY_CLOSE));
    expect(result).toBe(lines(FLIP, BODY_OPEN, text.slice(0, 4), LAYOUT, text.slice(4, -1), 'EMC', 'ET', BODY_CLOSE));
    expect(audit(result)).toEqual({ unmarked: [], nested: true });
  });

  it('goes into a see-through sequence that holds tagged content, and wraps only what is unmarked in it', async () => {
    const rtl = ['/ReversedChars BMC', '/P <</MCID 0 >>BDC', '(a) Tj', 'EMC', '(b) Tj', "(c) '", 'EMC'];
    const result = await marked(lines(FLIP, BODY_OPEN, 'BT', rtl, 'ET', BODY_CLOSE));
    expect(result).toBe(lines(FLIP, BODY_OPEN, 'BT', rtl.slice(0, 4), LAYOUT, rtl.slice(4, 6), 'EMC', 'EMC', 'ET', BODY_CLOSE));
    expect(audit(result)).toEqual({ unmarked: [], nested: true });
  });

  it('leaves see-through sequences inside tagged or artifact content as they are', async () => {
    const content = lines('/P <</MCID 0>> BDC', '/ReversedChars BMC', '(a) Tj', 'EMC', 'EMC', '/Artifact BMC', SHAPED, 'EMC');
    const doc = await docWith([content]);
    expect(markUntaggedContent(doc)).toEqual({ artifacts: 0, skipped: [], unmarked: [], bodyText: [] });
    expect(streamsOf(doc)).toEqual([content]);
  });

  it('looks a named property list up in the page’s /Properties: it marks only with an /MCID', async () => {
    const [tagged, plain, unknown, artifact] = ['/P /MC0 BDC (a) Tj EMC', '/Span /MC1 BDC (b) Tj EMC', '/Span /MC2 BDC (c) Tj EMC', '/Artifact /MC1 BDC (d) Tj EMC'];
    const doc = await docWith([lines(tagged, plain, unknown, artifact)]);
    doc.getPages()[0]!.node.set(PDFName.of('Resources'), doc.context.obj({ Properties: { MC0: { MCID: 0 }, MC1: { Lang: 'ar' } } }));
    expect(markUntaggedContent(doc)).toEqual({ artifacts: 1, skipped: [], unmarked: [], bodyText: [1] });
    expect(streamsOf(doc)).toEqual([lines(tagged, LAYOUT, plain, unknown, 'EMC', artifact)]);
  });

  it('wraps what a see-through sequence paints after the group it opened in has closed, never crossing its EMC', async () => {
    const content = lines(FLIP, BODY_OPEN, 'q', SHAPED[0]!, 'BT', '(a) Tj', 'ET', 'Q', '0 0 1 1 re', 'f', 'EMC', BODY_CLOSE);
    const doc = await docWith([content]);
    expect(markUntaggedContent(doc)).toEqual({ artifacts: 2, skipped: [], unmarked: [], bodyText: [1] });
    expect(streamsOf(doc)).toEqual([
      lines(FLIP, BODY_OPEN, 'q', SHAPED[0]!, LAYOUT, 'BT', '(a) Tj', 'ET', 'EMC', 'Q', LAYOUT, '0 0 1 1 re', 'f', 'EMC', 'EMC', BODY_CLOSE),
    ]);
  });
});

describe('markUntaggedContent: the self-check and body text', () => {
  it('counts painting outside every tagged or artifact sequence, following BDC/BMC/EMC as a reader does', () => {
    const content = lines(
      '(a) Tj', '/ReversedChars BMC', '(b) Tj', '/P <</MCID 0>> BDC', '(c) Tj', '0 0 1 1 re f', 'EMC', 'sh', '/Im0 Do', 'EMC',
      '/Artifact BMC', '(d) Tj', 'EMC', 'q', '/P <</MCID 1>> BDC', 'Q', '(e) Tj', 'EMC', 'BI /W 1 /H 1 ID x EI', '0 0 m n', '/Span /MC0 BDC [(f)] TJ EMC',
    );
    expect(countUnmarkedPainting(bytesOf(content), () => false)).toBe(6); // (a) (b) sh Do BI [(f)]: none for n, nor inside an MCID that closes after a Q
    expect(countUnmarkedPainting(bytesOf(content), (name) => name === 'MC0')).toBe(5);
  });

  it('flags painting it could not mark (an operation split across two streams, a page it skipped); runs stay in one stream', async () => {
    const doc = await docWith(['q (a)', 'Tj (b) Tj Q'], ['(c) Tj (d) Tj EMC']);
    const unmarked = [{ page: 1, operators: 1 }, { page: 2, operators: 2 }];
    expect(markUntaggedContent(doc)).toEqual({ artifacts: 1, skipped: [{ page: 2, reason: 'nesting' }], unmarked, bodyText: [1] });
    expect(streamsOf(doc)).toEqual(['q (a)', `Tj ${LAYOUT}\n(b) Tj\nEMC Q`]);
    const split = await docWith(['q (a) Tj', '(b) Tj Q']); // a run never crosses from one content stream to the next
    expect(markUntaggedContent(split).unmarked).toEqual([]);
    expect(streamsOf(split)).toEqual([`q ${LAYOUT}\n(a) Tj\nEMC`, `${LAYOUT}\n(b) Tj\nEMC Q`]);
  });

  it('names the pages where text in the body became a layout artifact, not those with running heads or decorations only', async () => {
    const pages = [
      lines(FLIP, 'q', BOX_STATE, HEADER_TEXT, FOOTER_TEXT, 'Q', BODY_OPEN, TAGGED, BODY_CLOSE),
      lines(FLIP, BODY_OPEN, TAGGED, '0 200 2 50 re', 'f', BODY_CLOSE),
      lines(FLIP, BODY_OPEN, TAGGED, 'BT', '1 0 0 -1 0 300 Tm', '(generated) Tj', 'ET', BODY_CLOSE),
    ];
    expect(markUntaggedContent(await docWith(...pages.map((p) => [p])))).toEqual({ artifacts: 4, skipped: [], unmarked: [], bodyText: [3] });
  });
});

describe('markUntaggedContent: what it leaves alone', () => {
  it('leaves content already in marked content as it is, tagged or an artifact', async () => {
    const draft = ['/Artifact <</Type /Pagination /Subtype /Watermark>> BDC', 'q', '0 0 10 10 re', 'f', 'Q', 'EMC'];
    const content = lines(FLIP, BODY_OPEN, TAGGED, BODY_CLOSE, draft);
    const doc = await docWith([content]);
    const before = (doc.context.lookup(refsOf(doc)[0]!) as PDFRawStream).contents;
    expect(markUntaggedContent(doc)).toEqual({ artifacts: 0, skipped: [], unmarked: [], bodyText: [] });
    expect((doc.context.lookup(refsOf(doc)[0]!) as PDFRawStream).contents).toBe(before);
  });

  it('reads Chromium’s last sequence, which closes after the groups it opened in', async () => {
    const tail = ['q', '/P <</MCID 9 >>BDC', 'BT', 'ET', 'Q', 'Q', 'EMC'];
    const clip = ['q', '212.5 259.375 2055.127 2988.1836 re', 'W* n'];
    const content = lines(FLIP, 'q', BOX_STATE, HEADER_TEXT, FOOTER_TEXT, 'Q', clip, '0 0 1 1 re', 'f', tail);
    const result = await marked(content);
    expect(result).toBe(lines(FLIP, 'q', BOX_STATE, HEADER, HEADER_TEXT, 'EMC', FOOTER, FOOTER_TEXT, 'EMC', 'Q', clip, LAYOUT, '0 0 1 1 re', 'f', 'EMC', tail));
    expect(audit(result).unmarked).toEqual([]);
  });

  it.each([
    ['an unclosed q', 'q (a) Tj', 1],
    ['a Q with no q', '(a) Tj Q', 1],
    ['an EMC with no BDC', '(a) Tj EMC', 1],
    ['a BDC never closed', '/P <</MCID 0>> BDC (a) Tj', 0],
    ['a text object inside another', 'BT BT (a) Tj ET ET', 1],
    ['a q inside a path object', '0 0 m q 1 1 l S Q', 1],
    ['an EMC that would close a sequence across a q', '/Span <</ActualText (x)>> BDC q (a) Tj EMC Q', 1],
  ])('leaves a stream with broken nesting unchanged, counting what it leaves unmarked: %s', async (_what, content, left) => {
    const doc = await docWith([content]);
    const before = (doc.context.lookup(refsOf(doc)[0]!) as PDFRawStream).contents;
    const unmarked = left > 0 ? [{ page: 1, operators: left }] : [];
    expect(markUntaggedContent(doc)).toEqual({ artifacts: 0, skipped: [{ page: 1, reason: 'nesting' }], unmarked, bodyText: [] });
    expect((doc.context.lookup(refsOf(doc)[0]!) as PDFRawStream).contents).toBe(before);
  });

  it('leaves content nested deeper than readers must follow unchanged', async () => {
    const deep = `${'q '.repeat(300)}(a) Tj${' Q'.repeat(300)}`;
    expect(markUntaggedContent(await docWith([deep])).skipped).toEqual([{ page: 1, reason: 'nesting' }]);
  });

  it('leaves a stream it cannot read unchanged, and says why', async () => {
    const doc = await docWith(['(unterminated Tj'], [{ text: '(a) Tj', filter: 'ASCIIHexDecode' }]);
    expect(markUntaggedContent(doc).skipped).toEqual([{ page: 1, reason: 'syntax' }, { page: 2, reason: 'filter' }]);
    expect(streamsOf(doc)).toEqual(['(unterminated Tj']);
  });

  it('gives each page its own copy of a stream it shares with another before changing it', async () => {
    const doc = await docWith(['(a) Tj'], ['(b) Tj']);
    const shared = refsOf(doc, 0)[0]!;
    doc.getPages()[1]!.node.set(PDFName.of('Contents'), doc.context.obj([shared, doc.context.register(doc.context.flateStream('/P <</MCID 0>> BDC (c) Tj EMC'))]));
    expect(markUntaggedContent(doc)).toEqual({ artifacts: 2, skipped: [], unmarked: [], bodyText: [1, 2] });
    expect(stringOf(inflateSync((doc.context.lookup(shared) as PDFRawStream).contents))).toBe('(a) Tj');
    expect(refsOf(doc, 0)[0]).not.toBe(shared);
    expect(refsOf(doc, 1)[0]).not.toBe(refsOf(doc, 0)[0]);
    expect(streamsOf(doc, 0)).toEqual([`${LAYOUT}\n(a) Tj\nEMC`]);
    expect(streamsOf(doc, 1)).toEqual([`${LAYOUT}\n(a) Tj\nEMC`, '/P <</MCID 0>> BDC (c) Tj EMC']);
  });

  it('leaves a page whose /Contents is not made of stream references alone', async () => {
    const doc = await docWith(['(a) Tj']);
    doc.getPages()[0]!.node.set(PDFName.of('Contents'), doc.context.obj([doc.context.flateStream('(a) Tj')]));
    expect(markUntaggedContent(doc).skipped).toEqual([{ page: 1, reason: 'contents' }]);
  });
});

describe('markUntaggedContent: streams and bytes', () => {
  it('writes an unfiltered stream back Flate-compressed, with its length', async () => {
    const doc = await docWith([{ text: '(a) Tj', filter: 'none' }]);
    markUntaggedContent(doc);
    const stream = doc.context.lookup(refsOf(doc)[0]!) as PDFRawStream;
    expect(stream.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
    expect(stream.dict.get(PDFName.of('Length'))?.toString()).toBe(String(stream.contents.length));
    expect(streamsOf(doc)).toEqual([`${LAYOUT}\n(a) Tj\nEMC`]);
  });

  it('reads an array of streams as one, as pdf-lib leaves a page after drawing on it', async () => {
    const body = lines(FLIP, 'q', BOX_STATE, HEADER_TEXT, FOOTER_TEXT, 'Q', BODY_OPEN, TAGGED, BODY_CLOSE);
    const draft = '/Artifact <</Type /Pagination /Subtype /Watermark>> BDC\nq 0 0 1 1 re f Q\nEMC';
    const doc = await docWith(['q', body, 'Q', draft]);
    expect(markUntaggedContent(doc)).toEqual({ artifacts: 2, skipped: [], unmarked: [], bodyText: [] });
    expect(streamsOf(doc)).toEqual(['q', lines(FLIP, 'q', BOX_STATE, HEADER, HEADER_TEXT, 'EMC', FOOTER, FOOTER_TEXT, 'EMC', 'Q', BODY_OPEN, TAGGED, BODY_CLOSE), 'Q', draft]);
  });

  it('reads the streams pdf-lib draws (such as the draft mark) before it encodes them, and its shared q and Q', async () => {
    const content = lines(FLIP, 'q', BOX_STATE, HEADER_TEXT, 'Q', BODY_OPEN, TAGGED, BODY_CLOSE);
    const doc = await PDFDocument.load(await (await docWith([content], [content])).save());
    const artifact = doc.context.obj({ Type: 'Pagination', Subtype: 'Watermark' }) as unknown as PDFName;
    for (const page of doc.getPages()) {
      page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Artifact'), artifact]));
      page.drawRectangle({ x: 500, y: 800, width: 40, height: 12 });
      page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
    }
    doc.getPages()[0]!.drawRectangle({ x: 300, y: 400, width: 5, height: 5 });
    const [q, unq] = [refsOf(doc, 0)[0]!, refsOf(doc, 0)[2]!];
    expect([refsOf(doc, 1)[0], refsOf(doc, 1)[2]]).toEqual([q, unq]);

    expect(markUntaggedContent(doc)).toEqual({ artifacts: 3, skipped: [], unmarked: [], bodyText: [] });
    const pages = [streamsOf(doc, 0), streamsOf(doc, 1)];
    const marked = lines(FLIP, HEADER, 'q', BOX_STATE, HEADER_TEXT, 'Q', 'EMC', BODY_OPEN, TAGGED, BODY_CLOSE);
    expect(pages.map((streams) => streams.slice(0, 3))).toEqual([['q\n', marked, 'Q\n'], ['q\n', marked, 'Q\n']]);
    expect([refsOf(doc, 1)[0], refsOf(doc, 1)[2]]).toEqual([q, unq]);
    expect(pages[0]![3]).toMatch(/^\/Artifact <<\n\/Type \/Pagination\n\/Subtype \/Watermark\n>> BDC\n[^]*\nEMC\n\/Artifact <<\/Type \/Layout>> BDC\nq\n[^]*\nQ\nEMC\n?$/);
    expect(pages[1]![3]).not.toContain('/Layout');
    for (const streams of pages) expect(audit(streams.join('\n'))).toEqual({ unmarked: [], nested: true });
  });

  it('gives the same bytes every time', async () => {
    const build = async (): Promise<Uint8Array> => {
      const doc = await docWith([lines(FLIP, 'q', BOX_STATE, HEADER_TEXT, FOOTER_TEXT, 'Q')]);
      markUntaggedContent(doc);
      return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
    };
    expect(Buffer.from(await build()).equals(Buffer.from(await build()))).toBe(true);
  });
});

/** Painting operators of pdf.js's operator lists (`constructPath` carries its painting operator as its first argument). */
const PAINTING = new Set<number>([
  OPS.fill, OPS.eoFill, OPS.stroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeStroke, OPS.closeFillStroke, OPS.closeEOFillStroke,
  OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText, OPS.shadingFill,
  OPS.paintFormXObjectBegin, OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject,
  OPS.paintSolidColorImageMask, OPS.paintImageXObjectRepeat, OPS.paintImageMaskXObjectRepeat, OPS.paintInlineImageXObjectGroup,
]);

/** A text item of pdf.js's `getTextContent()`. */
interface TextItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
  width: number;
  fontName: string;
}

/** What a page reads as, per pdf.js. */
interface PageReading {
  /** Painting operators outside marked content. */
  unmarked: number;
  /** The text: each item's string, a line feed where an item ends a line. */
  text: string;
  /** Each piece of text that shows something: its string, position, width and font (without the document part, `g_d0_`). */
  pieces: string[];
}

/**
 * The text of a page, and its non-empty pieces. pdf.js starts a new text item at every marked-content boundary,
 * so the end of a line can move from the last piece of a line to an empty item after it: compared item by item
 * the pages would differ without any text, position or line break differing.
 */
function textOf(items: TextItem[]): Pick<PageReading, 'text' | 'pieces'> {
  return {
    text: items.map((i) => i.str + (i.hasEOL ? '\n' : '')).join(''),
    pieces: items.filter((i) => i.str !== '').map((i) => JSON.stringify([i.str, i.transform, i.width, i.fontName.replace(/^g_d\d+_/, '')])),
  };
}

/** The tag of a `BMC`/`BDC` in pdf.js's operator list: a string, or a name object `{ name }`. */
const tagOf = (arg: unknown): unknown => (typeof arg === 'object' && arg !== null && 'name' in arg ? arg.name : arg);

/**
 * Per page, as pdf.js reads it: painting operators outside every sequence tagged (pdf.js gives a `BDC` its
 * `/MCID` as second argument) or `/Artifact`, and the text content.
 */
async function readPages(data: Uint8Array): Promise<PageReading[]> {
  const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: PageReading[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const list = await page.getOperatorList();
      const marks: boolean[] = [];
      let unmarked = 0;
      list.fnArray.forEach((fn, k) => {
        const args = list.argsArray[k] as unknown[];
        if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) marks.push(tagOf(args[0]) === 'Artifact' || typeof args[1] === 'number');
        else if (fn === OPS.endMarkedContent) marks.pop();
        const op = fn === OPS.constructPath ? (args as number[])[0]! : fn;
        if (!marks.includes(true) && PAINTING.has(op)) unmarked++;
      });
      pages.push({ unmarked, ...textOf((await page.getTextContent()).items as TextItem[]) });
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Pages `first`…`last` rendered by poppler at 50 dpi. */
function render(file: string, first: number, last: number): PNG[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'artifacts-'));
  try {
    execFileSync('pdftoppm', ['-r', '50', '-png', '-f', String(first), '-l', String(last), file, path.join(dir, 'p')]);
    return readdirSync(dir).sort().map((name) => PNG.sync.read(readFileSync(path.join(dir, name))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('markUntaggedContent on the sample PDFs', () => {
  it.each(['ai-ipo-2026', 'china-ai-2026'] as const)('leaves no painting outside marked content in %s, and its text and pages as they were', async (name) => {
    const sample = chromiumPrint(name);
    const original = new Uint8Array(readFileSync(sample));
    const doc = await PDFDocument.load(original, { parseSpeed: Infinity, updateMetadata: false });
    const report = markUntaggedContent(doc);
    expect(report.skipped).toEqual([]);
    expect(report.unmarked).toEqual([]);
    // The samples' templates draw no text outside the structure inside the body.
    expect(report.bodyText).toEqual([]);
    // Running header and footer on every page but the cover; decorations in the body.
    expect(report.artifacts).toBeGreaterThanOrEqual(2 * (doc.getPageCount() - 1));
    const after = await doc.save({ useObjectStreams: false });

    // pdf.js takes the data it reads: give it copies.
    const [pagesBefore, pagesAfter] = [await readPages(original.slice()), await readPages(after.slice())];
    expect(pagesBefore.some((p) => p.unmarked > 0)).toBe(true);
    expect(pagesAfter.map((p) => p.unmarked)).toEqual(pagesAfter.map(() => 0));
    expect(pagesAfter.map((p) => p.text)).toEqual(pagesBefore.map((p) => p.text));
    expect(pagesAfter.map((p) => p.pieces)).toEqual(pagesBefore.map((p) => p.pieces));

    const dir = mkdtempSync(path.join(tmpdir(), 'artifacts-'));
    try {
      const file = path.join(dir, 'after.pdf');
      writeFileSync(file, after);
      const [before, marked] = [render(sample, 1, 2), render(file, 1, 2)];
      expect(marked).toHaveLength(2);
      marked.forEach((png, i) => {
        const other = before[i]!;
        expect([png.width, png.height]).toEqual([other.width, other.height]);
        expect(pixelmatch(png.data, other.data, undefined, png.width, png.height, { threshold: 0 })).toBe(0);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
