/**
 * The package's README: PACKAGE.md, with sections of the repository's README.md included where it says so, and
 * the check that every link in it resolves inside the package.
 *
 * The repository's README.md opens with the developer's quick start (`npm run setup && npm run briefing`), so the
 * package cannot ship it as it is; the reference it holds (the command line, the content format, the PDF, the
 * print lint) is written once, there. PACKAGE.md is the package's own README and takes those sections in with
 * a line of its own:
 *
 *     <!-- include README.md#the-command-line -->          the section, its heading and sub-sections, as they are
 *     <!-- include README.md#the-api level=2 -->           the same, its headings moved so that the first is a ##
 *
 * A section runs from its heading to the next heading of the same or a higher level, found with markdown-it
 * (so a `# comment` in a code block is no heading). Anchors are GitHub's: the heading's text in lower case, its
 * punctuation left out, spaces as hyphens, `-1`, `-2` … after repeats ({@link slugOf}).
 *
 * {@link brokenLinks} lists the links of a Markdown text that do not resolve in a set of files (a package's):
 * an anchor names a heading of the text itself; a relative path names a file or a folder of the set (and, for
 * a Markdown file, one of its headings when it has an anchor). Web links (`https:`, `mailto:`) are not checked.
 */
import path from 'node:path';
import markdownIt, { type MarkdownIt } from 'markdown-it';

/** A heading of a Markdown text: level 1–6, plain text, GitHub anchor, and its 0-based line. */
export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly slug: string;
  readonly line: number;
}

/** A link or image of a Markdown text: its target as written and its 1-based line. */
export interface Link {
  readonly href: string;
  readonly line: number;
}

const markdown = (): MarkdownIt => markdownIt({ html: true });

/**
 * The anchor GitHub (and npm) give a heading: lower case, every character that is not a letter, digit, mark,
 * space, hyphen or underscore left out, spaces as hyphens (github-slugger's rule). Repeats are told apart by
 * {@link headingsOf}.
 */
export function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The plain text of an inline token's children (text and code spans; markup left out). */
function plainText(children: readonly { type: string; content: string }[] | null): string {
  return (children ?? []).map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'softbreak' ? ' ' : '')).join('');
}

/** Every heading of `text`, in order, with GitHub's anchors (`-1`, `-2` … after the first of a repeated one). */
export function headingsOf(text: string): Heading[] {
  const tokens = markdown().parse(text, {});
  const seen = new Map<string, number>();
  const out: Heading[] = [];
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open' || t.map === null) return;
    const plain = plainText(tokens[i + 1]!.children);
    const base = slugOf(plain);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.push({ level: Number(t.tag.slice(1)), text: plain, slug: n === 0 ? base : `${base}-${n}`, line: t.map[0] });
  });
  return out;
}

/**
 * The lines of the section of `text` whose heading has anchor `slug`: the heading and everything up to the next
 * heading of the same or a higher level, with trailing blank lines dropped; its headings moved by `shift`
 * levels (ATX headings only).
 * @throws Error when no heading has that anchor, or a heading to move is not an ATX heading.
 */
export function sectionOf(text: string, slug: string, shift = 0): string[] {
  const all = headingsOf(text);
  const at = all.findIndex((h) => h.slug === slug);
  if (at === -1) throw new Error(`no heading with the anchor #${slug}; the headings are ${all.map((h) => `#${h.slug}`).join(', ')}`);
  const start = all[at]!;
  const end = all.slice(at + 1).find((h) => h.level <= start.level)?.line ?? Number.POSITIVE_INFINITY;
  const lines = text.split('\n');
  const inside = new Set(all.filter((h) => h.line >= start.line && h.line < end).map((h) => h.line));
  const out = lines.slice(start.line, Math.min(end, lines.length)).map((line, i) => {
    if (shift === 0 || !inside.has(start.line + i)) return line;
    const atx = /^(#{1,6})(\s.*)$/.exec(line);
    if (atx === null) throw new Error(`the heading "${line}" is not an ATX heading (# …) and cannot be moved`);
    return `${'#'.repeat(Math.min(6, Math.max(1, atx[1]!.length + shift)))}${atx[2]}`;
  });
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out;
}

/** An include line of PACKAGE.md: the file, the section's anchor, and the level its heading takes. */
const INCLUDE = /^<!-- include (\S+?)#(\S+?)(?: level=([1-6]))? -->$/;

/**
 * `template` with each include line replaced by the section it names ({@link sectionOf}); `read` gives a
 * file's text by its path as written in the include line.
 * @throws Error when an include names a heading the file lacks.
 */
export function expandIncludes(template: string, read: (file: string) => string): string {
  return template
    .split('\n')
    .flatMap((line) => {
      const m = INCLUDE.exec(line.trim());
      if (m === null) return [line];
      const [, file, slug, level] = m;
      const text = read(file!);
      const own = headingsOf(text).find((h) => h.slug === slug);
      const shift = level === undefined || own === undefined ? 0 : Number(level) - own.level;
      try {
        return sectionOf(text, slug!, shift);
      } catch (e) {
        throw new Error(`${line.trim()}: ${(e as Error).message}`, { cause: e });
      }
    })
    .join('\n');
}

/** Every link and image of `text` (not those in code), with its line. */
export function linksOf(text: string): Link[] {
  const out: Link[] = [];
  for (const t of markdown().parse(text, {})) {
    if (t.type !== 'inline' || t.map === null) continue;
    for (const c of t.children ?? []) {
      const href = c.type === 'link_open' ? c.attrGet('href') : c.type === 'image' ? c.attrGet('src') : null;
      if (href !== null) out.push({ href: String(href), line: t.map[0] + 1 });
    }
  }
  return out;
}

/**
 * The links of `text` (a file at `from`, a path relative to the package root with `/`) that do not resolve in
 * the package whose files (relative paths with `/`) are `files`, each as `line N: href (why)`. `read` gives
 * the text of a Markdown file of the package, to check an anchor into it.
 */
export function brokenLinks(text: string, files: readonly string[], read: (file: string) => string, from = 'README.md'): string[] {
  const own = new Set(headingsOf(text).map((h) => h.slug));
  const set = new Set(files);
  const folder = (p: string): boolean => files.some((f) => f.startsWith(`${p.replace(/\/$/, '')}/`));
  const broken: string[] = [];
  for (const { href, line } of linksOf(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
    const [rawPath = '', anchor] = href.split('#', 2);
    const why = rawPath === '' ? (anchor !== undefined && own.has(anchor) ? undefined : 'no heading has this anchor') : missing(decodeURI(rawPath.split('?')[0]!), anchor);
    if (why !== undefined) broken.push(`line ${line}: ${href} (${why})`);
  }
  return broken;

  function missing(rel: string, anchor: string | undefined): string | undefined {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), rel));
    if (target.startsWith('../') || path.posix.isAbsolute(rel)) return 'outside the package';
    if (!set.has(target)) return folder(target) ? undefined : 'no such file in the package';
    if (anchor === undefined || !target.endsWith('.md')) return undefined;
    return headingsOf(read(target)).some((h) => h.slug === anchor) ? undefined : `${target} has no heading with this anchor`;
  }
}
