/**
 * A page's content streams as markUntaggedContent (artifacts.ts) reads and rewrites them: `/Contents` (one
 * stream or an array of them, ISO 32000-1 §7.7.3.3) decoded (FlateDecode or no filter, §7.4.4), joined into one
 * as §7.8.2 reads an array of streams, and written back Flate-compressed with text inserted at byte offsets of the
 * joined bytes. Nothing else of a stream changes: every original byte stays.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFFlateStream, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument, type PDFPage } from 'pdf-lib';

/** A content stream of a page: its reference and decoded bytes. */
export interface PageStream { readonly ref: PDFRef; readonly bytes: Uint8Array }

/** Text to insert into a page's content at a byte offset of its joined streams. */
export interface Insertion { readonly offset: number; readonly text: string }

/** Why a page's streams cannot be read: a stream is not Flate-compressed or unfiltered, or `/Contents` is not made of stream references. */
export type UnreadableContent = 'filter' | 'contents';

/** The references of a page's content streams (`/Contents`: one stream or an array of them), or undefined if one is direct. */
export function contentRefs(page: PDFPage): PDFRef[] | undefined {
  const contents = page.node.get(PDFName.of('Contents'));
  if (contents === undefined) return [];
  const items = contents instanceof PDFArray ? contents.asArray() : [contents];
  return items.every((item) => item instanceof PDFRef) ? (items as PDFRef[]) : undefined;
}

/** The decoded bytes of a content stream, or undefined when its filter is not FlateDecode or none (ISO 32000-1 §7.4.4). */
function decodeStream(doc: PDFDocument, ref: PDFRef): Uint8Array | undefined {
  const stream = doc.context.lookup(ref);
  if (stream instanceof PDFFlateStream) return stream.getUnencodedContents();
  if (!(stream instanceof PDFRawStream)) return undefined;
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const names = filter instanceof PDFArray ? filter.asArray() : filter === undefined ? [] : [filter];
  const parms = stream.dict.lookup(PDFName.of('DecodeParms'));
  if (parms !== undefined && !(parms instanceof PDFArray && parms.size() === 0)) return undefined;
  if (names.length === 0) return stream.contents;
  if (names.length !== 1 || names[0] !== PDFName.of('FlateDecode')) return undefined;
  try {
    return inflateSync(stream.contents);
  } catch {
    return undefined;
  }
}

/** The content streams of a page, decoded, or the reason they cannot be marked. */
export function pageStreams(doc: PDFDocument, page: PDFPage): PageStream[] | UnreadableContent {
  const refs = contentRefs(page);
  if (!refs) return 'contents';
  const streams: PageStream[] = [];
  for (const ref of refs) {
    const bytes = decodeStream(doc, ref);
    if (!bytes) return 'filter';
    streams.push({ ref, bytes });
  }
  return streams;
}

/** The streams joined into one, a line feed between each two; `starts[i]` is where stream `i` begins. */
export function joinStreams(streams: readonly PageStream[]): { bytes: Uint8Array; starts: number[] } {
  const starts: number[] = [];
  let length = 0;
  for (const s of streams) starts.push(length), (length += s.bytes.length + 1);
  const bytes = new Uint8Array(Math.max(0, length - 1));
  streams.forEach((s, i) => {
    bytes.set(s.bytes, starts[i]!);
    if (i + 1 < streams.length) bytes[starts[i]! + s.bytes.length] = 0x0a;
  });
  return { bytes, starts };
}

/** `bytes` with each insertion's text (latin1) put in at its offset; insertions in order of offset. */
export function spliceInsertions(bytes: Uint8Array, insertions: readonly Insertion[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const ins of insertions) {
    parts.push(bytes.subarray(at, ins.offset), Buffer.from(ins.text, 'latin1'));
    at = ins.offset;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

/**
 * Splice the insertions (offsets into the joined streams, in order) into each stream of `page` and write the
 * changed ones back, Flate-compressed. A stream that other pages (or this one, twice) also show is not changed:
 * the page gets a changed copy of its own. pdf-lib shares its `q` and `Q` streams among all the pages it draws on.
 */
export function writeBack(doc: PDFDocument, page: PDFPage, streams: readonly PageStream[], starts: readonly number[], insertions: readonly Insertion[], shared: (ref: PDFRef) => boolean): void {
  const refs = streams.map((s) => s.ref);
  streams.forEach((stream, i) => {
    const from = starts[i]!;
    const own = insertions.filter((ins) => ins.offset >= from && ins.offset <= from + stream.bytes.length);
    if (own.length === 0) return;
    const data = deflateSync(spliceInsertions(stream.bytes, own.map((ins) => ({ offset: ins.offset - from, text: ins.text }))));
    const original = (doc.context.lookup(stream.ref) as PDFRawStream | PDFFlateStream).dict;
    const dict = shared(stream.ref) ? original.clone(doc.context) : original;
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    dict.delete(PDFName.of('DecodeParms'));
    dict.set(PDFName.of('Length'), PDFNumber.of(data.length));
    if (dict === original) doc.context.assign(stream.ref, PDFRawStream.of(dict, data));
    else refs[i] = doc.context.register(PDFRawStream.of(dict, data));
  });
  if (refs.some((ref, i) => ref !== streams[i]!.ref)) {
    const contents = page.node.get(PDFName.of('Contents'));
    page.node.set(PDFName.of('Contents'), contents instanceof PDFArray ? doc.context.obj(refs) : refs[0]!);
  }
}
