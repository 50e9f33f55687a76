/**
 * Images a template names by a relative path: `<img src="assets/logo.svg" alt="…">` in `layout.hbs` or a
 * partial, `url(assets/band.png)` in `styles.css` or a `<style>` of a template. Each is read from the
 * template's own folder and written into the template's source as a `data:` URL before it compiles, so the
 * HTML stays one self-contained file (its Content-Security-Policy loads images from `data:` only) and neither
 * the preview nor Chromium fetches anything.
 *
 * ```
 * template source ─► <img src="…">, url(…) (not in a comment, not an @import)
 *   ─► data: or #fragment: left as written
 *   ─► a scheme (https:, file:) or //host: refused (BR249)
 *   ─► a relative path: inside the folder? ─► .svg .png .jpg .jpeg .gif .webp?
 *        ─► readBytesInside (files.ts: no link out, ≤ 1 MiB) ─► data:<type>;base64,…
 * ```
 * A value with a Handlebars expression in it (`src="{{logo}}"`) is left to the template: only what the
 * source spells out can be read before it renders.
 */
import path from 'node:path';
import { BriefingError } from '../errors.ts';
import { MAX_FILE_BYTES, readBytesInside } from '../files.ts';
import { msg, problem } from '../messages.ts';
import { lineColumn } from '../text.ts';

/** The media type of each image file a template may name, by extension (lower case). */
export const TEMPLATE_IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** Where a template file's images come from. */
export interface ImageFolder {
  /** The folder relative paths start from: the template's (`templates/<name>`, or a briefing's `templates/`). */
  readonly base: string;
  /** The folder nothing may be read outside of: the template's, or for a briefing's own templates the briefing's. */
  readonly root: string;
}

/** Longest reference read, in characters: a path, not a document; it also bounds the scan of each match. */
const MAX_REFERENCE = 2048;

/**
 * An `@import` (matched to be left alone: the page's policy blocks it), the `src` of an `<img>` (group 2), or
 * a `url(…)` (group 4), each scanned at most {@link MAX_REFERENCE} characters, so a file of unclosed
 * `url(` takes linear time.
 */
const REFERENCE = new RegExp(
  [
    `@import\\b[^;\\n]{0,${MAX_REFERENCE}}`,
    `<img\\b[^<>]{0,${MAX_REFERENCE}}?(?<=\\s)src\\s*=\\s*(["'])([^"'<>\\n]{0,${MAX_REFERENCE}})\\1`,
    `\\burl\\(\\s*(["']?)([^"'()\\n]{0,${MAX_REFERENCE}})\\3\\s*\\)`,
  ].join('|'),
  'g',
);

/**
 * `text` (a template file's source, read from `file`) with each image it names by a relative path replaced by
 * the image as a `data:` URL (see the module comment). References inside comments (`<!-- -->`, `/* *\/`,
 * `{{!-- --}}`, `{{! }}`) are left as written. Reads each image once per call, one after another.
 * @throws BriefingError at the file, line and column of the first reference that fails: (`missingFile`,
 *   BR190) nothing at the path; (`template`, BR249) a URL to fetch or a path outside {@link ImageFolder.root};
 *   (`template`, BR250) not an image type listed in {@link TEMPLATE_IMAGE_TYPES}; what files.ts refuses (a
 *   link out, BR110; larger than 1 MiB, BR107).
 */
export async function inlineTemplateImages(text: string, file: string, folder: ImageFolder): Promise<string> {
  const comments = commentSpans(text);
  let c = 0;
  const wanted: { ref: string; at: number }[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    while (c < comments.length && comments[c]![1] <= m.index) c++;
    const ref = m[2] ?? m[4];
    if (ref === undefined || (c < comments.length && comments[c]![0] <= m.index) || !isFileReference(ref)) continue;
    // The reference is the last of its text in the match: only a quote, spaces or `)` follow it.
    wanted.push({ ref, at: m.index + m[0].lastIndexOf(ref) });
  }
  if (wanted.length === 0) return text;
  const inlined = new Map<string, string>();
  for (const { ref, at } of wanted) if (!inlined.has(ref)) inlined.set(ref, await dataUrl(ref, folder, { file, ...lineColumn(text, at) }));
  let out = '';
  let from = 0;
  for (const { ref, at } of wanted) {
    out += text.slice(from, at) + inlined.get(ref)!;
    from = at + ref.length;
  }
  return out + text.slice(from);
}

/**
 * The comments of a template's source, as [start, end) offsets in order: HTML `<!-- -->`, CSS `/* *\/`, and
 * Handlebars `{{!-- --}}` and `{{! }}`; one left open runs to the end. Linear in the text.
 */
function commentSpans(text: string): [number, number][] {
  const kinds = [
    ['{{!--', '--}}'],
    ['{{!', '}}'],
    ['<!--', '-->'],
    ['/*', '*/'],
  ] as const;
  const next = kinds.map(([open]) => text.indexOf(open));
  const spans: [number, number][] = [];
  let i = 0;
  for (;;) {
    let k = -1;
    for (let j = 0; j < kinds.length; j++) {
      if (next[j]! !== -1 && next[j]! < i) next[j] = text.indexOf(kinds[j]![0], i);
      if (next[j]! !== -1 && (k === -1 || next[j]! < next[k]!)) k = j;
    }
    if (k === -1) return spans;
    const [open, close] = kinds[k]!;
    const start = next[k]!;
    const end = text.indexOf(close, start + open.length);
    spans.push([start, end === -1 ? text.length : end + close.length]);
    if (end === -1) return spans;
    i = end + close.length;
  }
}

/** True for a reference this module reads or refuses: not empty, not `data:`, not a `#fragment`, no `{{…}}`. */
function isFileReference(ref: string): boolean {
  const trimmed = ref.trim();
  return trimmed !== '' && !trimmed.startsWith('#') && !/^data:/i.test(trimmed) && !trimmed.includes('{{');
}

/** The image `ref` names, as a `data:` URL; refused at `place` as {@link inlineTemplateImages} says. */
async function dataUrl(ref: string, folder: ImageFolder, place: { file: string; line: number; column: number }): Promise<string> {
  const trimmed = ref.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) throw BriefingError.of(msg.templateImageRefused(ref, problem.templateImageRemote()), place);
  // A path is a URL's: `%20` is a space, and a query or fragment is no part of the file.
  let rel: string;
  try {
    rel = decodeURIComponent(trimmed.replace(/[?#].*$/s, ''));
  } catch {
    rel = trimmed;
  }
  const full = path.resolve(folder.base, rel);
  const inRoot = path.relative(folder.root, full);
  if (path.isAbsolute(rel) || inRoot === '..' || inRoot.startsWith(`..${path.sep}`) || path.isAbsolute(inRoot)) throw BriefingError.of(msg.templateImageRefused(ref, problem.templateImageOutside()), place);
  const type = TEMPLATE_IMAGE_TYPES[path.extname(full).toLowerCase()];
  if (type === undefined) throw BriefingError.of(msg.templateImageType(ref), place);
  const read = await readBytesInside(folder.root, inRoot.split(path.sep).join('/'), MAX_FILE_BYTES);
  if (read === undefined) throw BriefingError.of(msg.templateImageMissing(ref, path.relative(process.cwd(), folder.base) || '.'), place);
  if ('refused' in read) throw BriefingError.of(read.refused, place);
  return `data:${type};base64,${read.bytes.toString('base64')}`;
}
