/**
 * The content-stream tokenizer (src/pdf/standards/content-stream.ts) reads every token class of ISO 32000-1
 * §7.2/§7.3/§8.9.7, not only what Chromium writes, and its operations cover the stream exactly: joining their
 * bytes with the white-space and comments between them gives the stream back. Every page of the sample PDFs
 * reads into standard operators.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  ContentStreamError,
  ContentStreamReader,
  dictionaryEntries,
  tokenizeContentStream,
  type ContentOperation,
  type Operand,
} from '../../src/pdf/standards/content-stream.ts';
import { chromiumPrint } from '../helpers/chromium-prints.ts';

const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array, r: { start: number; end: number }): string => String.fromCharCode(...bytes.subarray(r.start, r.end));

/** Tokenize a latin1 string. */
const tokenize = (s: string): ContentOperation[] => tokenizeContentStream(bytesOf(s));

/** Each operation as its source text. */
const sources = (s: string): string[] => tokenize(s).map((op) => text(bytesOf(s), op));

/** An operand as what a test compares: a number's or a name's value, else its kind and source text. */
const show = (bytes: Uint8Array, o: Operand): unknown => (o.kind === 'number' || o.kind === 'name' ? o.value : `${o.kind}:${text(bytes, o)}`);

/** The operands of each operation of `s`, shown. */
const operandsOf = (s: string): unknown[][] => tokenize(s).map((op) => op.operands.map((o) => show(bytesOf(s), o)));

describe('tokenizeContentStream: token classes', () => {
  it('reads numbers in every form PDF allows', () => {
    expect(operandsOf('.5 -.23999999 +3 4. -0 0 cm')).toEqual([[0.5, -0.23999999, 3, 4, -0, 0]]);
    expect(operandsOf('12 -345.678 TL')).toEqual([[12, -345.678]]);
  });

  it('refuses malformed numbers', () => {
    expect(() => tokenize('1.2.3 w')).toThrow(ContentStreamError);
    expect(() => tokenize('--5 w')).toThrow(ContentStreamError);
    expect(() => tokenize('- w')).toThrow(ContentStreamError);
  });

  it('decodes #xx escapes in names and keeps a # that escapes nothing', () => {
    expect(operandsOf('/A#20B /F#23 /Lime#2 / /#2F#2f gs')).toEqual([['A B', 'F#', 'Lime#2', '', '//', ]]);
    expect(operandsOf('/Span<</MCID 0>>BDC')).toEqual([['Span', 'dict:<</MCID 0>>']]);
  });

  it('ends literal strings at the parenthesis that balances the first, whatever the escapes', () => {
    const s = String.raw`(a (nested (twice)) b) Tj (\)) Tj (\\) Tj (\(\\\)) Tj (100% ] >> EI) Tj`;
    expect(sources(s)).toEqual([
      '(a (nested (twice)) b) Tj',
      String.raw`(\)) Tj`,
      String.raw`(\\) Tj`,
      String.raw`(\(\\\)) Tj`,
      '(100% ] >> EI) Tj',
    ]);
  });

  it('reads hexadecimal strings, with white-space and an odd final digit', () => {
    const s = '<48 65 6C6c\n6F> Tj <901FA> Tj <> Tj';
    expect(sources(s)).toEqual(['<48 65 6C6c\n6F> Tj', '<901FA> Tj', '<> Tj']);
    expect(() => tokenize('<12G4> Tj')).toThrow(ContentStreamError);
  });

  it('reads arrays and dictionaries as single operands, nested, holding any object', () => {
    const s = '[(a) -120 (b\\]) [1 2] <0041> /N <</K [3]>>] TJ /Span <</MCID 3 /ActualText (x\\)y>>) /Sub <</A [1 2]>>>> BDC';
    expect(operandsOf(s)).toEqual([
      ['array:[(a) -120 (b\\]) [1 2] <0041> /N <</K [3]>>]'],
      ['Span', 'dict:<</MCID 3 /ActualText (x\\)y>>) /Sub <</A [1 2]>>>>'],
    ]);
  });

  it('skips comments, even ones holding delimiters, and every white-space character', () => {
    const s = '1 0 0 1 0 0 cm % ) ( [ << comment\rq\x00\x0c\t%c2\r\nQ%end';
    expect(tokenize(s).map((op) => op.operator)).toEqual(['cm', 'q', 'Q']);
    expect(sources(s)).toEqual(['1 0 0 1 0 0 cm', 'q', 'Q']);
  });

  it("reads the quote operators, keywords as operands, and operators that take none", () => {
    const s = "(x) ' 1 2 (y) \" true false null d0 BX /Foo EX 0 0 d1";
    expect(tokenize(s).map((op) => op.operator)).toEqual(["'", '"', 'd0', 'BX', 'EX', 'd1']);
    expect(operandsOf(s)[2]).toEqual(['boolean:true', 'boolean:false', 'null:null']);
  });

  it('follows arrays nested deeper than the call stack would allow', () => {
    const depth = 200_000;
    const ops = tokenize(`${'['.repeat(depth)}${']'.repeat(depth)} TJ`);
    expect(ops.map((op) => [op.operator, op.end])).toEqual([['TJ', 2 * depth + 3]]);
  });

  it('reads delimiters that need no white-space around them', () => {
    expect(tokenize('q[1 2]0 d/F1 12 Tf(a)Tj<41>Tj Q').map((op) => op.operator)).toEqual(['q', 'd', 'Tf', 'Tj', 'Tj', 'Q']);
  });

  it('copies numeric operands without making objects, and refuses others', () => {
    const into = new Float64Array(6);
    const [cm, tf, text] = tokenize('1 2 3 4 5 6 cm /F 12 Tf 1 2 3 4 5 6 7 Tz');
    expect(cm!.numbers(into)).toBe(6);
    expect([...into]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tf!.numbers(into)).toBe(-1);
    expect(text!.numbers(into)).toBe(-1);
    expect(tokenize('1 %c\n2 Td')[0]!.numbers(into)).toBe(2);
  });
});

describe('ContentStreamReader: one operation at a time', () => {
  it('reads the operations tokenizeContentStream lists, making an object only when asked', () => {
    const s = '1 0 0 1 0 0 cm /P <</MCID 0>> BDC BI /W 1 /H 1 ID x EI (a) Tj EMC';
    const reader = new ContentStreamReader(bytesOf(s));
    const read: unknown[] = [];
    while (reader.next()) read.push([reader.operator, reader.start, reader.end, reader.operation().operands.length]);
    expect(read).toEqual(tokenize(s).map((op) => [op.operator, op.start, op.end, op.operands.length]));
    expect(reader.next()).toBe(false);
  });

  it('throws where tokenizeContentStream does, after the operations before', () => {
    const reader = new ContentStreamReader(bytesOf('q 1.2.3 w'));
    expect(reader.next()).toBe(true);
    expect(() => reader.next()).toThrow(ContentStreamError);
    expect(() => new ContentStreamReader(bytesOf('1 2')).next()).toThrow(ContentStreamError); // operands with no operator
  });
});

describe('dictionaryEntries: marked-content property lists', () => {
  /** The entries of the dictionary operand of the last operation of `s`, shown. */
  const entriesOf = (s: string): [string, unknown][] => {
    const dict = tokenize(s).at(-1)!.operands.find((o) => o.kind === 'dict')!;
    return [...dictionaryEntries(bytesOf(s), dict)].map(([key, value]) => [key, show(bytesOf(s), value)]);
  };

  it('reads keys and values in order, nested values as byte ranges, escapes in keys decoded', () => {
    expect(entriesOf('/P <</MCID 3 >>BDC')).toEqual([['MCID', 3]]);
    expect(entriesOf('/Span<</ActualText <feff0626> >> BDC')).toEqual([['ActualText', 'hex:<feff0626>']]);
    expect(entriesOf(String.raw`/Span <</Lang (ar) /M#43ID 0 /Sub <</A [1 <</B 2>>]>> /Flag true /ActualText (a\)>>b)>> BDC`)).toEqual([
      ['Lang', 'string:(ar)'], ['MCID', 0], ['Sub', 'dict:<</A [1 <</B 2>>]>>'], ['Flag', 'boolean:true'], ['ActualText', String.raw`string:(a\)>>b)`],
    ]);
    expect(entriesOf('/X <<>> BDC')).toEqual([]);
  });

  it('stops at an entry that is not a name and an operand, keeping the ones before', () => {
    expect(entriesOf('/X <</A 1 2 /MCID 0>> BDC')).toEqual([['A', 1]]);
    expect(entriesOf('/X <</A 1 /B word /MCID 0>> BDC')).toEqual([['A', 1]]);
    expect(entriesOf('/X <</A 1 /B 1.2.3 /MCID 0>> BDC')).toEqual([['A', 1]]);
    expect(entriesOf('/X <</A 1 /B>> BDC')).toEqual([['A', 1]]);
  });
});

describe('tokenizeContentStream: inline images', () => {
  /** `BI … ID`, binary data holding "EI" and every byte value, then `EI`. */
  const binary = [...Array(256).keys()].map((b) => String.fromCharCode(b)).join('');
  const data = `EI${binary} EI\x00\x01\x02 EI\n\xff`;
  const stream = `q BI /W 4 /H 4 /BPC 8 /CS /G /F [/AHx] ID ${data}\nEI Q`;

  it('skips the data up to the EI that is followed by content, never tokenizing it', () => {
    const ops = tokenize(stream);
    expect(ops.map((op) => op.operator)).toEqual(['q', 'BI', 'Q']);
    const image = ops[1]!;
    expect(text(bytesOf(stream), image.data!)).toBe(data);
    expect(text(bytesOf(stream), image).endsWith('\nEI')).toBe(true);
    expect(image.operands.map((o) => show(bytesOf(stream), o))).toEqual(['W', 4, 'H', 4, 'BPC', 8, 'CS', 'G', 'F', 'array:[/AHx]']);
  });

  it('takes the data length from /L when EI follows it', () => {
    const s = 'BI /W 1 /H 1 /L 5 ID ab EI\nEI Q';
    const [image, q] = tokenize(s);
    expect(text(bytesOf(s), image!.data!)).toBe('ab EI');
    expect(q!.operator).toBe('Q');
  });

  it('refuses an inline image with no EI or no ID', () => {
    expect(() => tokenize('BI /W 1 ID \x00\x01\x02')).toThrow(ContentStreamError);
    expect(() => tokenize('BI /W 1 /H 1')).toThrow(ContentStreamError);
    expect(() => tokenize('BI /W 1 Q ID x EI')).toThrow(ContentStreamError);
  });
});

describe('tokenizeContentStream: broken streams', () => {
  it.each([
    ['an unterminated literal string', '(abc\\) Tj'],
    ['an unterminated hex string', '<414 Tj'],
    ['an unterminated array', '[1 2 TJ'],
    ['a stray closing bracket', '1 ] w'],
    ['a stray >>', '/P >> BDC'],
    ['operands with no operator at the end', 'q 1 2'],
    ['a stray )', ') Tj'],
  ])('throws on %s', (_what, s) => {
    expect(() => tokenize(s)).toThrow(ContentStreamError);
  });
});

/** A token of a content stream and how it is written; the tokenizer must find every one. */
const operand = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((n) => String(Math.round(n * 1000) / 1000).replace(/^(-?)0\./, '$1.')),
  fc.constantFrom('/F1', '/A#20B', '/Span', 'true', 'null', '(a (b) c)', String.raw`(\) \\ \053)`, '<0041>', '<>', '[1 (x) /N]', '<</MCID 3>>', '()'),
);
const operator = fc.constantFrom('q', 'Q', 'cm', 'Tj', 'TJ', "'", '"', 'BDC', 'EMC', 're', 'f*', 'W*', 'n', 'BT', 'ET', 'Td', 'd0');
const space = fc.constantFrom(' ', '\n', '\r\n', '\t', '\x00', '\x0c', ' % a comment ( [\n', '%\r');
const operation = fc.tuple(fc.array(operand, { maxLength: 6 }), operator);

describe('tokenizeContentStream: covering the stream', () => {
  it('gives operations that, joined with the white-space and comments between them, are the stream', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(operation, fc.array(space, { minLength: 1, maxLength: 3 }))), space, (parts, lead) => {
        const source = lead + parts.map(([[args, op], gaps]) => [...args, op].join(gaps[0]!) + gaps.join('')).join('');
        const bytes = bytesOf(source);
        const ops = tokenizeContentStream(bytes);
        expect(ops.map((op) => op.operator)).toEqual(parts.map(([[, op]]) => op));
        expect(ops.map((op) => op.operands.length)).toEqual(parts.map(([[args]]) => args.length));
        let at = 0;
        let rebuilt = '';
        for (const op of ops) {
          const gap = source.slice(at, op.start);
          expect(gap).toMatch(/^(?:[\x00\t\n\x0c\r ]|%[^\r\n]*)*$/);
          rebuilt += gap + text(bytes, op);
          at = op.end;
        }
        expect(source.slice(at)).toMatch(/^(?:[\x00\t\n\x0c\r ]|%[^\r\n]*)*$/);
        expect(rebuilt + source.slice(at)).toBe(source);
      }),
      { numRuns: 300 },
    );
  });
});

/** Every operator of ISO 32000-1 Table A.1 (`BI` stands for a whole inline image). */
const OPERATORS = new Set(
  ('b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EMC ET EX f F f* G g gs h i j J K k l m M MP n q Q re ' +
    "RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"").split(' '),
);

describe('tokenizeContentStream on the sample PDFs', () => {
  it.each(['ai-ipo-2026', 'china-ai-2026'] as const)('reads every page of %s into standard operators that cover it', async (name) => {
    const doc = await PDFDocument.load(readFileSync(chromiumPrint(name)), { parseSpeed: Infinity, updateMetadata: false });
    let count = 0;
    for (const page of doc.getPages()) {
      const contents = page.node.get(PDFName.of('Contents'));
      const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
      for (const ref of refs) {
        const bytes = inflateSync((doc.context.lookup(ref as PDFRef) as PDFRawStream).contents);
        const ops = tokenizeContentStream(bytes);
        count += ops.length;
        expect(ops.filter((op) => !OPERATORS.has(op.operator)).map((op) => op.operator)).toEqual([]);
        let at = 0;
        for (const op of ops) {
          expect(bytes.subarray(at, op.start).every((b) => b === 0x20 || b === 0x0a || b === 0x0d)).toBe(true);
          at = op.end;
        }
        expect(at).toBe(bytes.length - (bytes.at(-1) === 0x0a ? 1 : 0));
      }
    }
    expect(count).toBeGreaterThan(1000);
  });
});
