/**
 * Images a template names by a relative path: `<img src="assets/logo.svg" alt="…">` in `layout.hbs` or a
 * partial, `url(assets/band.png)` in `styles.css` or a `<style>` of a template. Each is read from the
 * template's own folder and written into the template's source as a `data:` URL before it compiles, so the
 * HTML stays one self-contained file (its Content-Security-Policy loads images from `data:` only) and neither
 * the preview nor Chromium fetches anything.
 *
 * ```
 * template source ─► src="…" / url(…) ─► data: or #fragment: left as written
 *                                      ─► a scheme (https:, file:) or //host: refused (BR249)
 *                                      ─► a relative path: inside the folder? ─► .svg .png .jpg .jpeg .gif .webp?
 *                                           ─► readBytesInside (files.ts: no link out, ≤ 1 MiB) ─► data:<type>;base64,…
 * ```
 * A value with a Handlebars expression in it (`src="{{logo}}"`) is left to the template: only what the
 * source spells out can be read before it renders.
 */
import path from 'node:path';
import { BriefingError } from '../errors.ts';
import { MAX_FILE_BYTES, readBytesInside } from '../files.ts';
import { msg, problem } from '../messages.ts';

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

/** `src="…"` or `src='…'` of any element, and `url(…)` with or without quotes: group 2 is the reference. */
const REFERENCE = /\bsrc\s*=\s*(["'])(.*?)\1|\burl\(\s*(["']?)(.*?)\3\s*\)/gs;

/**
 * `text` (a template file's source, read from `file`) with each image it names by a relative path replaced by
 * the image as a `data:` URL (see the module comment). Reads each image once per call.
 * @throws BriefingError at the file, line and column of the reference: (`missingFile`, BR190) nothing at the
 *   path; (`template`, BR249) a URL to fetch or a path outside {@link ImageFolder.root}; (`template`, BR250)
 *   not an image type listed in {@link TEMPLATE_IMAGE_TYPES}; what files.ts refuses (a link out, BR110; larger
 *   than 1 MiB, BR107).
 */
export async function inlineTemplateImages(text: string, file: string, folder: ImageFolder): Promise<string> {
  const found = [...text.matchAll(REFERENCE)].map((m) => {
    const ref = m[2] ?? m[4]!;
    return { ref, at: m.index + m[0].indexOf(ref, m[0].indexOf(m[1] ?? '(') + 1) };
  });
  const wanted = found.filter(({ ref }) => isFileReference(ref));
  if (wanted.length === 0) return text;
  const urls = new Map<string, Promise<string>>();
  for (const { ref, at } of wanted) if (!urls.has(ref)) urls.set(ref, dataUrl(ref, folder, placeOf(text, at, file)));
  const inlined = new Map<string, string>();
  for (const [ref, url] of urls) inlined.set(ref, await url);
  let out = '';
  let from = 0;
  for (const { ref, at } of wanted) {
    out += text.slice(from, at) + inlined.get(ref)!;
    from = at + ref.length;
  }
  return out + text.slice(from);
}

/** True for a reference this module reads or refuses: not empty, not `data:`, not a `#fragment`, no `{{…}}`. */
function isFileReference(ref: string): boolean {
  const trimmed = ref.trim();
  return trimmed !== '' && !trimmed.startsWith('#') && !/^data:/i.test(trimmed) && !trimmed.includes('{{');
}

/** The file, line and column (1-based) of offset `at` of `text`. */
function placeOf(text: string, at: number, file: string): { file: string; line: number; column: number } {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { file, line, column: at - before.lastIndexOf('\n') };
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
  if (path.isAbsolute(rel) || inRoot.startsWith('..') || path.isAbsolute(inRoot)) throw BriefingError.of(msg.templateImageRefused(ref, problem.templateImageOutside()), place);
  const type = TEMPLATE_IMAGE_TYPES[path.extname(full).toLowerCase()];
  if (type === undefined) throw BriefingError.of(msg.templateImageType(ref), place);
  const read = await readBytesInside(folder.root, inRoot.split(path.sep).join('/'), MAX_FILE_BYTES);
  if (read === undefined) throw BriefingError.of(msg.templateImageMissing(ref, path.relative(process.cwd(), folder.base) || '.'), place);
  if ('refused' in read) throw BriefingError.of(read.refused, place);
  return `data:${type};base64,${read.bytes.toString('base64')}`;
}
