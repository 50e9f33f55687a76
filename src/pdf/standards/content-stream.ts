/**
 * A content-stream tokenizer: the decoded bytes of a page's content stream → the list of its operations, each
 * with its operator, its operands and the byte range it covers. pdf-lib reads and writes PDF objects but cannot
 * read a content stream; this module is the small part of a PDF reader that can.
 *
 * It follows ISO 32000-1 §7.2 (lexical conventions: white-space, delimiters, comments), §7.3 (numbers, names
 * with `#xx` escapes, literal strings with nested parentheses and backslash escapes, hexadecimal strings, arrays,
 * dictionaries), §7.8.2 (a content stream is operands followed by their operator) and §8.9.7 (inline images:
 * `BI` key–value pairs `ID` binary data `EI`, the data skipped, never tokenized).
 *
 * ```
 * .24 0 0 -.24 0 841.92 cm      → { operator: 'cm', operands: [6 numbers], start: 0, end: 29 }
 * /P <</MCID 3>> BDC            → { operator: 'BDC', operands: [name P, dict], … }
 * BI /W 4 /H 4 … ID <bytes> EI  → { operator: 'BI', operands: [/W, 4, /H, 4, …], data: { start, end }, … }
 * ```
 * Operations are contiguous except for white-space and comments: joining every operation's bytes with the
 * bytes between them gives the stream back. A stream that breaks the grammar (an unterminated string, a `]`
 * with no `[`, operands with no operator at the end, an inline image with no `EI`) throws
 * {@link ContentStreamError}; callers that rewrite streams then leave the stream as it was.
 */
import { errorOf, msg } from '../../messages.ts';

/** A range of bytes of the stream: `start` inclusive, `end` exclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** A number operand (integer or real, ISO 32000-1 §7.3.3). */
export interface NumberOperand extends ByteRange {
  readonly kind: 'number';
  readonly value: number;
}

/** A name operand, its `#xx` escapes decoded, without the `/`; each byte is one character (latin1). */
export interface NameOperand extends ByteRange {
  readonly kind: 'name';
  readonly value: string;
}

/**
 * Any other operand, kept as its byte range: a literal string `( … )`, a hex string `< … >`, an array `[ … ]`,
 * a dictionary `<< … >>` (a marked-content property list: {@link dictionaryEntries} reads it), `true`/`false`,
 * `null`, or a PostScript procedure `{ … }` (not used in page content).
 */
export interface RawOperand extends ByteRange {
  readonly kind: 'string' | 'hex' | 'array' | 'dict' | 'boolean' | 'null' | 'procedure';
}

/** One operand of an operation. */
export type Operand = NumberOperand | NameOperand | RawOperand;

/**
 * One operation: an operator and its operands. `start` is the first byte of the first operand (or of the
 * operator when it has none), `end` the byte after the operator. An inline image is one operation, operator
 * `BI`, from `BI` to the end of `EI`: its operands are the image dictionary's keys and values in order, and
 * `data` is the range of the image data (after the one white-space byte that follows `ID`, up to the
 * white-space before `EI`).
 *
 * Operands are read when first asked for: a page has tens of thousands of operations, and a caller usually
 * needs the operands of a few kinds only. {@link ContentOperation.numbers} reads numeric operands without
 * making objects.
 */
export interface ContentOperation extends ByteRange {
  readonly operator: string;
  readonly operands: readonly Operand[];
  readonly data?: ByteRange;
  /**
   * Copy the operands into `into` when every one is a number and they fit; their count, or -1 when one is not a
   * number or there are more than `into.length`.
   */
  numbers(into: Float64Array): number;
}

/** A content stream that breaks the grammar of ISO 32000-1 §7.2/§7.8.2; its message says where (byte offset). */
export class ContentStreamError extends Error {
  override readonly name = 'ContentStreamError';
}

/** The {@link ContentStreamError} for `problem` at byte `offset`. */
function syntaxError(problem: string, offset: number): ContentStreamError {
  return errorOf(msg.contentStreamSyntax(problem, offset), ContentStreamError);
}

// Character codes.
const [LPAREN, RPAREN, LT, GT, LBRACKET, RBRACKET, LBRACE, RBRACE] = [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d];
const [SLASH, PERCENT, BACKSLASH, CR, LF] = [0x2f, 0x25, 0x5c, 0x0d, 0x0a];

/**
 * Character classes: 0 regular, 1 white-space (ISO 32000-1 Table 1), 2 delimiter (Table 2: `( ) < > [ ] { } / %`).
 * A constant table, never written after it is built.
 */
const CLASS: Readonly<Uint8Array> = (() => {
  const table = new Uint8Array(256);
  for (const c of [0x00, 0x09, LF, 0x0c, CR, 0x20]) table[c] = 1;
  for (const c of '()<>[]{}/%') table[c.charCodeAt(0)] = 2;
  return table;
})();

/** 1 for the bytes a hexadecimal string may hold (hex digits and white-space), else 0. A constant table. */
const IN_HEX_STRING: Readonly<Uint8Array> = (() => {
  const table = new Uint8Array(256);
  for (const c of '0123456789ABCDEFabcdef\x00\t\n\x0c\r ') table[c.charCodeAt(0)] = 1;
  return table;
})();

/** White-space characters (ISO 32000-1 Table 1): NUL, HT, LF, FF, CR, SP. */
export function isWhiteSpace(c: number): boolean {
  return CLASS[c] === 1;
}

/** The value of a hexadecimal digit, or -1. */
function hexValue(c: number): number {
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
}

/** Bytes as a string, one character per byte. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/**
 * The value of a number token (`12`, `-3`, `+3`, `.5`, `-.23999999`, `4.`) that {@link numberEnd} accepted:
 * one optional sign, digits with at most one period, at least one digit.
 */
function numberValue(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const sign = bytes[i] === 0x2d ? -1 : 1;
  if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
  let whole = 0;
  let fraction = 0;
  let scale = 1;
  let period = false;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c === 0x2e) period = true;
    else if (period) (fraction = fraction * 10 + (c - 0x30)), (scale *= 10);
    else whole = whole * 10 + (c - 0x30);
  }
  return sign * (whole + fraction / scale);
}

/**
 * The end of the number token starting at `start` (a sign, a digit or a period), checked without computing its
 * value: one optional sign, digits with at most one period, at least one digit, up to the first white-space or
 * delimiter byte or `limit`; what {@link numberValue} accepts.
 * @throws ContentStreamError when the token is not a number.
 */
function numberEnd(bytes: Uint8Array, start: number, limit: number): number {
  let i = start;
  let c = bytes[i]!;
  if (c === 0x2b || c === 0x2d) i++;
  let digits = 0;
  let period = false;
  for (; i < limit; i++) {
    c = bytes[i]!;
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e && !period) period = true;
    else break;
  }
  if (digits === 0 || (i < limit && CLASS[c] === 0)) {
    throw syntaxError(`malformed number "${latin1(bytes, start, regularEnd(bytes, i, limit))}"`, start);
  }
  return i;
}

/**
 * A cursor over a stream's bytes, reading objects (ISO 32000-1 §7.3) up to `limit`. One instance per
 * {@link ContentStreamReader} or operand read: the only state is the cursor.
 */
class Lexer {
  readonly bytes: Uint8Array;
  readonly limit: number;
  pos: number;
  constructor(bytes: Uint8Array, pos = 0, limit = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.limit = limit;
  }

  /** Skip white-space and comments (`%` to the end of the line); false at the limit. */
  skipSpace(): boolean {
    this.pos = spaceEnd(this.bytes, this.pos, this.limit);
    return this.pos < this.limit;
  }

  /** The end of the run of regular characters starting at `pos`. */
  regularEnd(pos: number): number {
    return regularEnd(this.bytes, pos, this.limit);
  }

  /**
   * Skip one object starting at the cursor with a delimiter other than `%`: a name, string, array, dictionary
   * or procedure; its kind. Nothing is decoded.
   */
  skipObject(): RawOperand['kind'] | 'name' {
    const { bytes } = this;
    const start = this.pos;
    const c = bytes[start]!;
    if (c === SLASH) return (this.pos = this.regularEnd(start + 1)), 'name';
    if (c === LPAREN) return (this.pos = literalStringEnd(bytes, start, this.limit)), 'string';
    if (c === LT && bytes[start + 1] === LT) return (this.pos = this.container(start + 2, GT)), 'dict';
    if (c === LT) return (this.pos = hexStringEnd(bytes, start, this.limit)), 'hex';
    if (c === LBRACKET) return (this.pos = this.container(start + 1, RBRACKET)), 'array';
    if (c === LBRACE) return (this.pos = this.container(start + 1, RBRACE)), 'procedure';
    throw syntaxError(`unexpected "${String.fromCharCode(c)}"`, start);
  }

  /**
   * Skip one operand at the cursor; its kind, or undefined (cursor unmoved) when the token there is an
   * operator. A token of regular characters that starts like a number must be one.
   */
  skipOperand(): Operand['kind'] | undefined {
    const { bytes } = this;
    const start = this.pos;
    const c = bytes[start]!;
    if (CLASS[c] !== 0) return this.skipObject();
    if (isNumberStart(c)) return (this.pos = numberEnd(bytes, start, this.limit)), 'number';
    const end = this.regularEnd(start);
    const kind = keywordKind(bytes, start, end);
    if (kind) this.pos = end;
    return kind;
  }

  /** Read one operand at the cursor, as {@link skipOperand} does, making its object; undefined at an operator. */
  operand(): Operand | undefined {
    const start = this.pos;
    const kind = this.skipOperand();
    const end = this.pos;
    if (kind === 'number') return { kind, value: numberValue(this.bytes, start, end), start, end };
    if (kind === 'name') return { kind, value: nameValue(this.bytes, start + 1, end), start, end };
    return kind === undefined ? undefined : { kind, start, end };
  }

  /**
   * Skip the objects of an array, dictionary or procedure whose opening delimiter ends just before `pos`, up to
   * its closing delimiter (`]`, `}`, or `>>` when `close` is `>`); the offset after the closing delimiter.
   * Nested containers are followed with a stack, not by recursion: no depth of nesting overflows the call stack.
   */
  container(pos: number, close: number): number {
    const { bytes } = this;
    const closers = [close];
    this.pos = pos;
    for (let expected = close; closers.length > 0; expected = closers[closers.length - 1]!) {
      if (!this.skipSpace()) throw syntaxError('unterminated array or dictionary', pos);
      const c = bytes[this.pos]!;
      const opens = c === LBRACKET ? RBRACKET : c === LBRACE ? RBRACE : c === LT && bytes[this.pos + 1] === LT ? GT : 0;
      if (c === expected && (expected !== GT || bytes[this.pos + 1] === GT)) (this.pos += expected === GT ? 2 : 1), closers.pop();
      else if (c === RBRACKET || c === RBRACE || c === GT || c === RPAREN) throw syntaxError(`unbalanced "${String.fromCharCode(c)}"`, this.pos);
      else if (opens) (this.pos += opens === GT ? 2 : 1), closers.push(opens);
      else if (CLASS[c] === 0) this.pos = this.regularEnd(this.pos);
      else this.skipObject();
    }
    return this.pos;
  }
}

/** A name's value from the bytes after its `/`: `#xx` escapes decoded (a `#` without two hex digits is kept). */
function nameValue(bytes: Uint8Array, start: number, end: number): string {
  let value = '';
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    const escaped = c === 0x23 && i + 2 < end;
    const hi = escaped ? hexValue(bytes[i + 1]!) : -1;
    const lo = escaped ? hexValue(bytes[i + 2]!) : -1;
    if (hi >= 0 && lo >= 0) (value += String.fromCharCode(hi * 16 + lo)), (i += 2);
    else value += String.fromCharCode(c);
  }
  return value;
}

/** The kind of a keyword operand (`true`, `false`, `null`) spelled by `start`…`end`, or undefined. */
function keywordKind(bytes: Uint8Array, start: number, end: number): 'boolean' | 'null' | undefined {
  const c = bytes[start];
  if (end - start === 4) {
    if (c === 0x74) return bytes[start + 1] === 0x72 && bytes[start + 2] === 0x75 && bytes[start + 3] === 0x65 ? 'boolean' : undefined; // true
    if (c === 0x6e) return bytes[start + 1] === 0x75 && bytes[start + 2] === 0x6c && bytes[start + 3] === 0x6c ? 'null' : undefined; // null
  } else if (end - start === 5 && c === 0x66) {
    return bytes[start + 1] === 0x61 && bytes[start + 2] === 0x6c && bytes[start + 3] === 0x73 && bytes[start + 4] === 0x65 ? 'boolean' : undefined; // false
  }
  return undefined;
}

/** Whether a regular token starting with `c` is a number (a digit, a sign or a period). */
function isNumberStart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
}

/** The offset after the literal string starting at `start` (its `(`): parentheses nest, `\` escapes the next byte. */
function literalStringEnd(bytes: Uint8Array, start: number, limit: number): number {
  let depth = 0;
  for (let i = start; i < limit; i++) {
    const c = bytes[i]!;
    if (c === BACKSLASH) i++;
    else if (c === LPAREN) depth++;
    else if (c === RPAREN && --depth === 0) return i + 1;
  }
  throw syntaxError('unterminated literal string', start);
}

/** The offset after the hexadecimal string starting at `start` (its `<`): hex digits and white-space up to `>`. */
function hexStringEnd(bytes: Uint8Array, start: number, limit: number): number {
  for (let i = start + 1; i < limit; i++) {
    const c = bytes[i]!;
    if (IN_HEX_STRING[c] === 1) continue;
    if (c === GT) return i + 1;
    throw syntaxError('bad character in hexadecimal string', i);
  }
  throw syntaxError('unterminated hexadecimal string', start);
}

/** A {@link ContentOperation} whose operands lie in `operandsStart`…`operandsEnd` of `bytes`, read on demand. */
class Operation implements ContentOperation {
  readonly operator: string;
  readonly start: number;
  readonly end: number;
  readonly data?: ByteRange;
  readonly #bytes: Uint8Array;
  readonly #operandsEnd: number;
  #operands: readonly Operand[] | undefined;

  constructor(bytes: Uint8Array, operator: string, start: number, operandsEnd: number, end: number, inline?: { operands: Operand[]; data: ByteRange }) {
    this.#bytes = bytes;
    this.operator = operator;
    this.start = start;
    this.#operandsEnd = operandsEnd;
    this.end = end;
    if (inline) (this.#operands = inline.operands), (this.data = inline.data);
  }

  get operands(): readonly Operand[] {
    if (this.#operands) return this.#operands;
    const lexer = new Lexer(this.#bytes, this.start, this.#operandsEnd);
    const operands: Operand[] = [];
    while (lexer.skipSpace()) operands.push(lexer.operand()!);
    return (this.#operands = operands);
  }

  numbers(into: Float64Array): number {
    if (this.#operands) return numbersOf(this.#operands, into);
    const bytes = this.#bytes;
    const limit = this.#operandsEnd;
    let n = 0;
    for (let pos = this.start; ; n++) {
      while (pos < limit && CLASS[bytes[pos]!] === 1) pos++;
      if (pos >= limit) return n;
      const c = bytes[pos]!;
      if (c === PERCENT) return numbersOf(this.operands, into); // a comment among the operands: the slow way
      if (n >= into.length || !isNumberStart(c)) return -1;
      const start = pos;
      pos = regularEnd(bytes, pos, limit);
      into[n] = numberValue(bytes, start, pos);
    }
  }
}

/** {@link ContentOperation.numbers} over operands already read. */
function numbersOf(operands: readonly Operand[], into: Float64Array): number {
  if (operands.length > into.length) return -1;
  for (let k = 0; k < operands.length; k++) {
    const operand = operands[k]!;
    if (operand.kind !== 'number') return -1;
    into[k] = operand.value;
  }
  return operands.length;
}

/**
 * The entries of a dictionary operand (`dict`, the range of a `<< … >>` token of `bytes`), in order, keyed by
 * name (its `#xx` escapes decoded): what a marked-content property list says (ISO 32000-1 §14.6.2), such as
 * whether it has an `/MCID`. Values are read as {@link Operand}s, so a nested dictionary or array is a byte
 * range. Reading stops at the first entry that is not a name followed by an operand, such as a malformed number
 * (the tokenizer skips over a dictionary's tokens without reading them): the entries before it are returned. A later entry with the same key wins.
 */
export function dictionaryEntries(bytes: Uint8Array, dict: ByteRange): ReadonlyMap<string, Operand> {
  const entries = new Map<string, Operand>();
  const lexer = new Lexer(bytes, dict.start + 2, dict.end - 2);
  try {
    while (lexer.skipSpace()) {
      const key = lexer.operand();
      const value = key?.kind === 'name' && lexer.skipSpace() ? lexer.operand() : undefined;
      if (!value) break;
      entries.set((key as NameOperand).value, value);
    }
  } catch (error) {
    if (!(error instanceof ContentStreamError)) throw error; // a malformed number the tokenizer skipped over
  }
  return entries;
}

/**
 * Split the decoded bytes of a content stream into its operations, in order.
 * @throws ContentStreamError when the bytes break the grammar (see the module comment).
 */
export function tokenizeContentStream(bytes: Uint8Array): ContentOperation[] {
  const reader = new ContentStreamReader(bytes);
  const operations: ContentOperation[] = [];
  while (reader.next()) operations.push(reader.operation());
  return operations;
}

/**
 * The operations of a content stream read one at a time, as {@link tokenizeContentStream} reads them, without
 * making an object for each: for a caller that needs the operators of most operations and the operands of a few
 * (the self-check of marked-content.ts reads a whole page for its `BDC`s).
 *
 * ```
 * const reader = new ContentStreamReader(bytes);
 * while (reader.next()) if (reader.operator === 'BDC') look(reader.operation());
 * ```
 */
export class ContentStreamReader {
  #operator = '';
  #start = 0;
  #end = 0;
  readonly #bytes: Uint8Array;
  readonly #lexer: Lexer;
  /** Operator tokens read so far that are not standard ({@link word}). */
  readonly #words = new Map<number, string>();
  /** Where the next token is read from. */
  #pos = 0;
  /** Where the current operation's operator starts (its operands end before it). */
  #operandsEnd = 0;
  /** The current operation when it is an inline image, read whole by {@link next}. */
  #image: ContentOperation | undefined;

  /** A reader before the first operation of `bytes` (the decoded stream). */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#lexer = new Lexer(bytes);
  }

  /** The current operation's operator (`BI` for an inline image); empty before the first {@link next} and after the last. */
  get operator(): string {
    return this.#operator;
  }

  /** The current operation's first byte: its first operand's, or its operator's when it has none. */
  get start(): number {
    return this.#start;
  }

  /** The byte after the current operation's operator (after `EI` for an inline image). */
  get end(): number {
    return this.#end;
  }

  /**
   * Move to the next operation; false at the end of the stream.
   * @throws ContentStreamError when the bytes break the grammar (see the module comment).
   */
  next(): boolean {
    const bytes = this.#bytes;
    const lexer = this.#lexer;
    const limit = bytes.length;
    let pos = this.#pos;
    let first = -1; // where the pending operands start
    // Lexer.skipSpace and skipOperand, inlined: this loop reads every byte of every page twice.
    for (;;) {
      pos = spaceEnd(bytes, pos, limit);
      if (pos >= limit) break;
      const start = pos;
      const c = bytes[start]!;
      if (CLASS[c] !== 0) {
        // The delimiters that start most operands, read here; the rest by the lexer.
        if (c === SLASH) pos = lexer.regularEnd(start + 1);
        else if (c === LT && bytes[start + 1] !== LT) pos = hexStringEnd(bytes, start, limit);
        else {
          lexer.pos = start;
          lexer.skipObject();
          pos = lexer.pos;
        }
        if (first < 0) first = start;
        continue;
      }
      if (isNumberStart(c)) {
        pos = numberEnd(bytes, start, limit);
        if (first < 0) first = start;
        continue;
      }
      let end = regularEnd(bytes, start + 1, limit);
      pos = end;
      if (keywordKind(bytes, start, end) !== undefined) {
        if (first < 0) first = start;
        continue;
      }
      const operator = word(this.#words, bytes, start, end);
      this.#image = undefined;
      if (operator === 'BI') {
        if (first >= 0) throw syntaxError('operands before BI', first);
        lexer.pos = end;
        this.#image = inlineImage(lexer, start);
        pos = lexer.pos;
        end = pos;
      }
      this.#operator = operator;
      this.#start = first < 0 ? start : first;
      this.#operandsEnd = start;
      this.#end = end;
      this.#pos = pos;
      return true;
    }
    this.#pos = pos;
    if (first >= 0) throw syntaxError('operands with no operator', first);
    this.#operator = '';
    this.#image = undefined;
    return false;
  }

  /**
   * The current operation as an object of its own, its operands read when asked for. Only after a {@link next}
   * that returned true (before the first or after the last, it would be an operation with no operator).
   */
  operation(): ContentOperation {
    return this.#image ?? new Operation(this.#bytes, this.#operator, this.#start, this.#operandsEnd, this.#end);
  }
}

/** The end of the run of regular characters (neither white-space nor delimiter) starting at `pos`, at most `limit`. */
function regularEnd(bytes: Uint8Array, pos: number, limit: number): number {
  while (pos < limit && CLASS[bytes[pos]!] === 0) pos++;
  return pos;
}

/** The offset of the first byte at or after `pos` that is not white-space or in a comment; `limit` if none. */
function spaceEnd(bytes: Uint8Array, pos: number, limit: number): number {
  while (pos < limit) {
    const c = bytes[pos]!;
    if (CLASS[c] === 1) pos++;
    else if (c === PERCENT) while (pos < limit && bytes[pos] !== CR && bytes[pos] !== LF) pos++;
    else break;
  }
  return pos;
}

/** The key {@link word} files a token of up to three bytes under: its length, then its bytes, base 256. */
function wordKey(bytes: ArrayLike<number>, start: number, end: number): number {
  let key = end - start;
  for (let i = start; i < end; i++) key = key * 256 + bytes[i]!;
  return key;
}

/**
 * Every operator of ISO 32000-1 Table A.1 (`BI` included; `ID` and `EI` are read inside it), by
 * {@link wordKey}. A constant table, never written after it is built: its strings are the source's literals,
 * which compare with the literals of callers (`op.operator === 'Tj'`, `switch`, `Set.has`) without reading
 * their characters.
 */
const OPERATORS: ReadonlyMap<number, string> = new Map(
  ['b', 'B', 'b*', 'B*', 'BDC', 'BI', 'BMC', 'BT', 'BX', 'c', 'cm', 'CS', 'cs', 'd', 'd0', 'd1', 'Do', 'DP', 'EMC', 'ET', 'EX',
    'f', 'F', 'f*', 'G', 'g', 'gs', 'h', 'i', 'j', 'J', 'K', 'k', 'l', 'm', 'M', 'MP', 'n', 'q', 'Q', 're', 'RG', 'rg', 'ri', 's', 'S',
    'SC', 'sc', 'SCN', 'scn', 'sh', 'T*', 'Tc', 'Td', 'TD', 'Tf', 'Tj', 'TJ', 'TL', 'Tm', 'Tr', 'Ts', 'Tw', 'Tz', 'v', 'w', 'W',
    'W*', 'y', "'", '"'].map((op) => [wordKey(Array.from(op, (ch) => ch.charCodeAt(0)), 0, op.length), op]),
);

/**
 * The operator token `start`…`end` as a string: a standard operator's from {@link OPERATORS}; any other token
 * of up to three bytes made once and kept in `words`, a longer one made each time. A stream has tens of
 * thousands of operators, a few dozen distinct.
 */
function word(words: Map<number, string>, bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 3) return latin1(bytes, start, end);
  const key = wordKey(bytes, start, end);
  let found = OPERATORS.get(key) ?? words.get(key);
  if (found === undefined) words.set(key, (found = latin1(bytes, start, end)));
  return found;
}

/**
 * The inline image whose `BI` starts at `start` (ISO 32000-1 §8.9.7), the lexer just after `BI`: the key–value
 * pairs up to `ID`, one white-space byte, the data, then `EI`. The data is never tokenized: its end is found by
 * its length when the dictionary gives one (`/L` or `/Length`, PDF 2.0) and `EI` follows it, else by the first
 * `EI` that has white-space before and after it and only text-like bytes (no control or 8-bit bytes) in the
 * 32 bytes after it, as binary data rarely does.
 */
function inlineImage(lexer: Lexer, start: number): ContentOperation {
  const { bytes } = lexer;
  const operands: Operand[] = [];
  let idAt = -1; // where `ID` is
  while (idAt < 0) {
    if (!lexer.skipSpace()) throw syntaxError('inline image with no ID', start);
    const operand = lexer.operand();
    if (operand) operands.push(operand);
    else {
      const at = lexer.pos;
      lexer.pos = lexer.regularEnd(at);
      if (lexer.pos - at !== 2 || bytes[at] !== 0x49 || bytes[at + 1] !== 0x44) {
        throw syntaxError(`operator "${latin1(bytes, at, lexer.pos)}" inside an inline image dictionary`, at);
      }
      idAt = at;
    }
  }
  const dataStart = lexer.pos < bytes.length && isWhiteSpace(bytes[lexer.pos]!) ? lexer.pos + 1 : lexer.pos;
  const dataEnd = dataEndByLength(bytes, dataStart, operands) ?? dataEndBySearch(bytes, dataStart);
  if (dataEnd === undefined) throw syntaxError('inline image with no EI', start);
  const ei = bytes.indexOf(0x45, dataEnd);
  lexer.pos = ei + 2;
  return new Operation(bytes, 'BI', start, idAt, ei + 2, { operands, data: { start: dataStart, end: dataEnd } });
}

/** Whether `EI` is at `i`, followed by white-space or the end of the stream. */
function endsAt(bytes: Uint8Array, i: number): boolean {
  return bytes[i] === 0x45 && bytes[i + 1] === 0x49 && (i + 2 === bytes.length || isWhiteSpace(bytes[i + 2]!));
}

/** The end of the image data from its `/L` or `/Length` entry, when there is one and `EI` follows it. */
function dataEndByLength(bytes: Uint8Array, dataStart: number, operands: readonly Operand[]): number | undefined {
  for (let k = 0; k + 1 < operands.length; k += 2) {
    const key = operands[k]!;
    const value = operands[k + 1]!;
    if (key.kind !== 'name' || (key.value !== 'L' && key.value !== 'Length') || value.kind !== 'number') continue;
    const end = dataStart + value.value;
    let i = end;
    while (i < bytes.length && isWhiteSpace(bytes[i]!)) i++;
    if (Number.isInteger(value.value) && value.value >= 0 && endsAt(bytes, i)) return end;
  }
  return undefined;
}

/** The end of the image data found by looking for its `EI` (see {@link inlineImage}). */
function dataEndBySearch(bytes: Uint8Array, dataStart: number): number | undefined {
  for (let i = bytes.indexOf(0x45, dataStart); i >= 0; i = bytes.indexOf(0x45, i + 1)) {
    if (!endsAt(bytes, i) || (i > dataStart && !isWhiteSpace(bytes[i - 1]!))) continue;
    let textLike = true;
    for (let j = i + 2; j < Math.min(bytes.length, i + 34) && textLike; j++) {
      const c = bytes[j]!;
      textLike = (c >= 0x20 && c < 0x7f) || c === LF || c === CR || c === 0x09 || c === 0x0c;
    }
    if (textLike) return i > dataStart ? i - 1 : i;
  }
  return undefined;
}
