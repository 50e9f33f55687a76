/**
 * Reading a briefing folder as untrusted input: every file a briefing supplies (content, data, chart specs,
 * its own templates) is read through here, never with a bare `readFile`.
 *
 * ```
 * listFolder(root, sub)  ─►  names read as bytes: undecodable or control-character names are reported
 * readInside(root, rel)  ─►  realpath inside root? ─► open without following links ─► regular file, size,
 *                            UTF-8 checked ─► text
 * ```
 * Policy: a symbolic link whose target lies inside the briefing folder is followed (writers share a file
 * between two places); one whose target lies outside it is refused, and the refusal names the link, never
 * its target or any byte of it (ENGINEERING.md §7).
 */
import { constants, type Dirent } from 'node:fs';
import { lstat, open, readdir, realpath, type FileHandle } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { Message } from './errors.ts';
import { msg } from './messages.ts';

/** A file read, or why it was not: a catalogue message to report at the file's path. */
export type ReadResult = { readonly text: string } | { readonly refused: Message; readonly line?: number };

/** Largest file a briefing supplies, in bytes (1 MiB): a content file, a template, a chart spec. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** True when `inner` is `outer` or lies below it (both absolute, resolved). */
export function isInside(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The error code of a file-system error (`ENOENT`), or the error's text. */
function codeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/**
 * The real path of `root/rel` when it is a regular file inside `root` (links resolved), else a refusal: a
 * link that leads outside (`linkOutside`), nowhere or round in a loop (`brokenLink`), a folder, pipe or
 * device (`notAFile`, checked before opening: opening a named pipe would wait for a writer for ever).
 * @returns undefined when nothing is at the path.
 */
async function resolveInside(root: string, rel: string): Promise<{ real: string } | { refused: Message } | undefined> {
  const full = path.join(root, rel);
  let real: string;
  let realRoot: string;
  try {
    [realRoot, real] = await Promise.all([realpath(root), realpath(full)]);
  } catch (e) {
    const link = await lstat(full).then((i) => i.isSymbolicLink(), () => undefined);
    if (link === undefined) return undefined;
    return { refused: link ? msg.brokenLink(rel, codeOf(e)) : msg.unreadableFile(rel, codeOf(e)) };
  }
  if (!isInside(realRoot, real)) return { refused: msg.linkOutside(rel) };
  const info = await lstat(real).catch(() => undefined);
  if (info === undefined) return undefined;
  return info.isFile() ? { real } : { refused: msg.notAFile(rel) };
}

/** 1-based line of the first bytes of `bytes` that are not UTF-8. */
export function firstBadLine(bytes: Buffer): number {
  let start = 0;
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start);
    const slice = bytes.subarray(start, end === -1 ? bytes.length : end);
    if (!isUtf8(slice) || end === -1) return line;
    start = end + 1;
  }
}

/**
 * At most `limit` bytes of an open file from its start (fewer when it is shorter). The buffer starts at the
 * size the file reported plus one byte and grows only for a file that has grown since: a briefing of a
 * thousand files is read on every preview edit, and a zeroed buffer of `limit` bytes each was most of it.
 */
async function readAtMost(handle: FileHandle, limit: number, expected: number): Promise<Buffer> {
  let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(limit, expected + 1)));
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      if (filled >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(limit, filled * 2));
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    const n = (await handle.read(buffer, filled, buffer.length - filled, filled)).bytesRead;
    if (n === 0) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

/**
 * Read `rel` (a path relative to `root`, forward slashes) as UTF-8 text, from inside `root` only.
 * @param maxBytes largest file read; a larger one is refused with `fileTooLarge`, and no more than one byte
 *   past it is ever read.
 * @returns the text; or a refusal (see {@link resolveInside}), `fileTooLarge`, `unreadableFile` with the system's
 *   reason, `notUtf8` with the first line that does not decode. Undefined when nothing is at the path.
 */
export async function readInside(root: string, rel: string, maxBytes: number): Promise<ReadResult | undefined> {
  const read = await readBytesInside(root, rel, maxBytes);
  if (read === undefined || 'refused' in read) return read;
  if (!isUtf8(read.bytes)) return { refused: msg.notUtf8(), line: firstBadLine(read.bytes) };
  return { text: read.bytes.toString('utf8') };
}

/**
 * Read `rel` (a path relative to `root`, forward slashes) as bytes, from inside `root` only: {@link readInside}
 * without the UTF-8 check, for files that are not text (a template's images).
 * @returns the bytes, a refusal as {@link readInside} gives (but `notUtf8`), or undefined when nothing is at the path.
 */
export async function readBytesInside(root: string, rel: string, maxBytes: number): Promise<{ readonly bytes: Buffer } | { readonly refused: Message } | undefined> {
  const where = await resolveInside(root, rel);
  if (where === undefined || 'refused' in where) return where;
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: the resolved path must not have become a link since; O_NONBLOCK: nor a pipe that would wait.
    handle = await open(where.real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { refused: codeOf(e) === 'ELOOP' ? msg.linkOutside(rel) : msg.unreadableFile(rel, codeOf(e)) };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { refused: msg.notAFile(rel) };
    const bytes = await readAtMost(handle, maxBytes + 1, info.size);
    if (bytes.length > maxBytes) return { refused: msg.fileTooLarge(Math.max(info.size, bytes.length), maxBytes) };
    return { bytes };
  } finally {
    await handle.close();
  }
}

/** A name in a folder listing: shown as text, and whether it is a usable name. */
export interface ListedName {
  /** The name, undecodable bytes written `\xff` and control characters escaped (`\n`). */
  readonly shown: string;
  /** The name as text, when it is UTF-8 without control characters. */
  readonly name?: string;
}

/** `bytes` as text a message can show: valid UTF-8 kept, other bytes as `\xNN`, control characters escaped. */
function showName(bytes: Buffer): string {
  const text = isUtf8(bytes) ? bytes.toString('utf8') : [...bytes].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(text).slice(1, -1).replace(/\\\\x/g, '\\x');
}

/**
 * The entries of `root/sub` other than folders: files, links, and pipes or devices (which {@link readInside}
 * then resolves or refuses, so that none is skipped without a word),
 * names read as bytes so that none is lost or garbled.
 * @returns the names sorted by their text; `[]` when the folder does not exist.
 */
export async function listFolder(root: string, sub: string): Promise<ListedName[]> {
  let entries: Dirent<Buffer>[];
  try {
    entries = await readdir(path.join(root, sub), { withFileTypes: true, encoding: 'buffer' });
  } catch {
    return [];
  }
  return entries
    .filter((e) => !e.isDirectory())
    .map((e): ListedName => {
      const bytes = e.name;
      const shown = showName(bytes);
      // eslint-disable-next-line no-control-regex
      const usable = isUtf8(bytes) && !/[\u0000-\u001f\u007f]/.test(bytes.toString('utf8'));
      return usable ? { shown, name: bytes.toString('utf8') } : { shown };
    })
    .sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
}
