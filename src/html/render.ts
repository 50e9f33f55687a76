/**
 * Stage 4–5: {@link View} → one self-contained HTML document (CSS, fonts and charts inline; fetches nothing).
 *
 * Templates are the project's own files: `templates/<name>/layout.hbs`, `partials/*.hbs`, `styles.css` and
 * `charts/*.vl.json`. Handlebars runs in an isolated environment in strict mode (a missing field is an
 * error), escapes by default, and only the partials found in the template folder exist.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { TopLevelSpec } from 'vega-lite';
import { parseChartSpec } from '../charts/limits.ts';
import { listFolder, MAX_FILE_BYTES, readInside } from '../files.ts';
import { BriefingError, firstLine } from '../errors.ts';
import { msg } from '../messages.ts';
import type { ChartSet } from '../charts/catalogue.ts';
import { DEFAULT_CJK_LOCALE, type FontSet } from '../fonts.ts';
import { createFormatter, type Formatter } from '../format.ts';
import { unique } from '../lists.ts';
import { registerHelpers } from './helpers.ts';
import { inlineTemplateImages, type ImageFolder } from './template-images.ts';
import { createMarkdown, type CitationNumbers } from './markdown.ts';
import { NO_INLINE_VALUES, type InlineValues } from './inline.ts';
import { setsCjkLanguage, textByCjkLocale } from './lang-text.ts';
import { fillEmptyCells } from './empty-cells.ts';
import { decodeEntities } from './entities.ts';
import { linkLabelsOf } from './link-labels.ts';
import { inlineField, type View } from './view.ts';

/** A template folder read from disk: layout and partial sources, CSS, and chart specs by file name. */
export interface TemplateSet {
  readonly name: string;
  readonly dir: string;
  readonly layout: string;
  readonly partials: ReadonlyMap<string, string>;
  readonly css: string;
  /** Chart specs by file name (`bars.vl.json`), each with the file it was read from. */
  readonly charts: ReadonlyMap<string, { readonly spec: TopLevelSpec; readonly file: string }>;
}

/** A heading of the document: its `id` attribute (null when it has none) and its text. */
export interface Heading {
  readonly id: string | null;
  readonly text: string;
}

/**
 * The finished HTML document and its headings in document order (for the PDF outline and contents).
 * `headings` and `linkLabels` are worked out on first read.
 */
export interface HtmlDocument {
  /** The document with its fonts inlined as TrueType subsets: what Chromium prints and the preview shows. */
  readonly html: string;
  readonly headings: readonly Heading[];
  /** Characters the shipped fonts cannot draw (see {@link FontSet.missingCharacters}). */
  readonly missingCharacters: readonly string[];
  /**
   * What each link goes to, in words, by target (`#id` or the URL; see link-labels.ts): the PDF's link
   * annotations carry them as `/Contents` (src/pdf/standards/links.ts).
   */
  readonly linkLabels: ReadonlyMap<string, string>;
  /**
   * The same document with WOFF2 font subsets (about half the font bytes): the HTML file a build writes.
   * Call it early to make the subsets while other work runs; the font set caches them.
   */
  readonly compact: () => Promise<string>;
}

/**
 * Read a template folder, with a briefing's own `templates/` folder over it: a layout, styles, partial or
 * chart spec there replaces the template's file of the same name, and the rest fall back to the template.
 * Images the layout, partials and styles name by a relative path are inlined, the path read from the folder of
 * the set the file comes from: the template's, or the briefing's `templates/` (template-images.ts).
 * @param root the `templates/` folder; `name` a folder in it (`default`).
 * @param own the briefing's `templates/` folder, when it has one.
 * @throws BriefingError (`missingFile`) when the folder or its layout is missing; (`chart`) for a bad spec;
 *   what `inlineTemplateImages` throws for an image it cannot inline.
 */
export async function loadTemplateSet(root: string, name: string, own?: string): Promise<TemplateSet> {
  const dir = path.join(root, name);
  const ownFiles = own === undefined ? new Set<string>() : await ownTemplateFiles(own);
  const names = async (sub: string, ext: string): Promise<string[]> => {
    const shipped = (await readdir(path.join(dir, sub)).catch(() => [] as string[])).filter((f) => f.endsWith(ext));
    const mine = [...ownFiles].filter((rel) => rel.startsWith(`${sub}/`) && rel.endsWith(ext)).map((rel) => rel.slice(sub.length + 1));
    return unique([...shipped, ...mine]).sort();
  };
  /** The file's path and text: the briefing's own copy when there is one, else the template's. */
  const read = async (rel: string): Promise<{ file: string; text: string; images: ImageFolder }> => {
    if (own !== undefined && ownFiles.has(rel)) return { file: path.join(own, rel), text: await readOwn(own, rel), images: { base: own, root: path.dirname(own) } };
    const file = path.join(dir, rel);
    try {
      return { file, text: await readFile(file, 'utf8'), images: { base: dir, root: dir } };
    } catch {
      throw BriefingError.of(msg.templateFileMissing(name, rel), { file });
    }
  };
  /** A layout, partial or stylesheet: its text with the images it names inlined (template-images.ts). */
  const source = async (rel: string): Promise<string> => {
    const { file, text, images } = await read(rel);
    return inlineTemplateImages(text, file, images);
  };
  const layout = await source('layout.hbs');
  const css = await source('styles.css');
  const partials = new Map<string, string>();
  for (const f of await names('partials', '.hbs')) partials.set(f.slice(0, -4), await source(`partials/${f}`));
  const charts = new Map<string, { spec: TopLevelSpec; file: string }>();
  for (const f of await names('charts', '.vl.json')) {
    const { file, text } = await read(`charts/${f}`);
    charts.set(f, { spec: parseChartSpec(text, file), file });
  }
  return { name, dir, layout, partials, css, charts };
}

/**
 * The files of a briefing's own `templates/` folder that may override a template's (`layout.hbs`,
 * `styles.css`, `partials/*.hbs`, `charts/*.vl.json`), as paths relative to it.
 * @throws BriefingError (`encoding`) for a name that is not text.
 */
async function ownTemplateFiles(own: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const sub of ['', 'partials', 'charts']) {
    // A sub-folder that is a link could lead anywhere on the host: it is refused, not listed.
    if (sub !== '' && (await lstat(path.join(own, sub)).catch(() => undefined))?.isSymbolicLink()) {
      throw BriefingError.of(msg.symlinkedFolder(`templates/${sub}`), { file: path.join(own, sub) });
    }
    for (const { name, shown } of await listFolder(own, sub)) {
      if (name === undefined) throw BriefingError.of(msg.badFileName(shown), { file: path.join(own, sub) });
      found.add(sub === '' ? name : `${sub}/${name}`);
    }
  }
  return found;
}

/**
 * A file of a briefing's own template folder, read from inside the briefing only (see src/files.ts).
 * @throws BriefingError (`symlink`, `encoding`, `fileTooLarge`) when it is refused.
 */
async function readOwn(own: string, rel: string): Promise<string> {
  const briefing = path.dirname(own);
  const result = await readInside(briefing, path.join(path.basename(own), rel), MAX_FILE_BYTES);
  if (result === undefined) throw BriefingError.of(msg.noFile(`templates/${rel}`), { file: path.join(own, rel) });
  if ('refused' in result) throw BriefingError.of(result.refused, { file: path.join(own, rel), line: result.line });
  return result.text;
}

/** Marker the layout's `{{{fontFaces}}}` renders first; replaced by the subset fonts once the text is known. */
const FONT_MARKER = '/*briefing:font-faces*/';

/** How every template compiles: a missing field is an error, output escaped, partials not re-indented. */
const COMPILE_OPTIONS = { strict: true, noEscape: false, preventIndent: true, data: true } as const;

/** Handlebars' compiler classes, which `Handlebars.create()` exposes but its types do not declare. */
interface HandlebarsCompilers {
  readonly Compiler: new () => { compile(ast: unknown, options: object): unknown };
  readonly JavaScriptCompiler: new () => { compile(environment: unknown, options: object, context: undefined, asObject: true): TemplateSpecification };
}

/** Compiled templates by source, the most recently compiled last; at most {@link MAX_SPECS}. */
const SPECS = new Map<string, TemplateSpecification>();
const MAX_SPECS = 500;

/**
 * A template's compiled form, as `Handlebars.compile` makes it (parse, compile, JavaScript as an object of
 * functions), kept by source for the process's life: it holds no helper or partial (those are looked up in
 * the environment each call), so each render's environment instantiates it with `hb.template`. Parsing and
 * compiling the template set took ~50 ms of every 1,000-company preview re-render.
 * @throws Handlebars' own Error for a syntax or compile error (the caller locates it in its file).
 */
function specOf(hb: typeof Handlebars, src: string): TemplateSpecification {
  let spec = SPECS.get(src);
  if (spec === undefined) {
    const { Compiler, JavaScriptCompiler } = hb as unknown as HandlebarsCompilers;
    const environment = new Compiler().compile(hb.parse(src), { ...COMPILE_OPTIONS });
    spec = new JavaScriptCompiler().compile(environment, { ...COMPILE_OPTIONS }, undefined, true);
    if (SPECS.size >= MAX_SPECS) SPECS.delete(SPECS.keys().next().value!);
    SPECS.set(src, spec);
  }
  return spec;
}

/**
 * Compile a template set into a render function: isolated Handlebars, helpers, fixed partial registry.
 * @param fmt prints numbers in the briefing's locale (default `en`).
 * @param charts the briefing's rendered charts, for those its prose places with `::: chart id`.
 * @param values the briefing's inline values, resolved: Markdown and the captions of charts placed in prose print them.
 * @throws BriefingError (`template`) when a template does not compile.
 */
export function compileTemplates(t: TemplateSet, numbers: CitationNumbers, fmt: Formatter = createFormatter(), charts: ChartSet = [], values: InlineValues = NO_INLINE_VALUES): (view: View) => string {
  const hb = Handlebars.create();
  const md = createMarkdown(numbers, values);
  registerHelpers(hb, md, numbers, fmt);
  const compileOne = (src: string, file: string): Handlebars.TemplateDelegate => {
    try {
      return hb.template(specOf(hb, src));
    } catch (e) {
      throw BriefingError.of(msg.templateProblem(firstLine(e)), { file: path.join(t.dir, file) }, e);
    }
  };
  /** A runtime error of a template, located in its file (the innermost partial it happened in). */
  const located = (e: unknown, file: string): BriefingError => {
    if (e instanceof BriefingError) return e;
    const message = (e as Error).message;
    const at = / - (\d+):(\d+)$/.exec(message) ?? /\(template line (\d+), column (\d+)\)/.exec(message);
    const place = at ? { file: path.join(t.dir, file), line: Number(at[1]), column: Number(at[2]) + (at[0].startsWith(' - ') ? 1 : 0) } : { file: path.join(t.dir, file) };
    return BriefingError.of(msg.templateProblem(message.replace(/ - \d+:\d+$/, '')), place, e);
  };
  for (const [name, src] of t.partials) {
    const delegate = compileOne(src, `partials/${name}.hbs`);
    hb.registerPartial(name, ((context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        return delegate(context, options);
      } catch (e) {
        throw located(e, `partials/${name}.hbs`);
      }
    }) as Handlebars.TemplateDelegate);
  }
  const layout = compileOne(t.layout, 'layout.hbs');
  // A chart placed in prose (`::: chart id`) prints through the chart-figure partial, with its ids made its own.
  const figure = t.partials.has('chart-figure') ? compileOne('{{> chart-figure this}}', 'partials/chart-figure.hbs') : undefined;
  const inline = (id: string): string => {
    const chart = charts.find((c) => c.id === id);
    if (chart === undefined || figure === undefined) return '';
    const own = `${id}-in-text`;
    return figure({ ...chart, id: own, key: id, caption: inlineField(chart.caption, values, numbers), svg: chart.svg.replaceAll(`fig-${id}-`, `fig-${own}-`) });
  };
  return (view) => {
    try {
      return layout(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }).replace(/<!--briefing:chart:([a-z0-9-]+)-->/g, (_m, id: string) => inline(id));
    } catch (e) {
      throw located(e, 'layout.hbs');
    }
  };
}

/**
 * Render the document: layout with the view, then subset fonts to the characters it uses and inline them
 * (TrueType in `html`, WOFF2 in `compact()`). With `inlineFonts: false` (`check`, which shows nothing) no
 * font is subset and the document carries no `@font-face`.
 * @throws BriefingError (`template`) on a missing field or a helper without its value.
 */
export async function renderHtml(render: (view: View) => string, view: View, fonts: FontSet, options: { readonly inlineFonts?: boolean } = {}): Promise<HtmlDocument> {
  // An empty table cell gets a no-break space: Chromium tags no TD for an empty <td>, which leaves its row short in the PDF.
  const html = fillEmptyCells(render({ ...view, fontFaces: FONT_MARKER }));
  const text = visibleText(html);
  // The subsets by the CJK forms each text is set in (its `lang`), each piece's entities decoded.
  // A document with no element in Chinese, Japanese or Korean has all its text in the default forms (a
  // script's text, which the split leaves out, counts there: a superset of characters is harmless).
  const localized = setsCjkLanguage(html) ? new Map([...textByCjkLocale(html)].map(([locale, t]) => [locale, visibleText(t)])) : new Map([[DEFAULT_CJK_LOCALE, text]]);
  const css = options.inlineFonts === false ? '' : await fonts.fontFaceCss(localized, 'truetype');
  // Headings and link labels serve the PDF only: read on first use, so a preview re-render does without them.
  let headings: readonly Heading[] | undefined;
  let linkLabels: ReadonlyMap<string, string> | undefined;
  return {
    html: html.replace(FONT_MARKER, () => css),
    get headings() {
      return (headings ??= headingsOf(html));
    },
    missingCharacters: await fonts.missingCharacters(text),
    get linkLabels() {
      return (linkLabels ??= linkLabelsOf(html));
    },
    compact: async () => {
      const woff2 = await fonts.fontFaceCss(localized, 'woff2');
      return html.replace(FONT_MARKER, () => woff2);
    },
  };
}

/**
 * Most elements one document may have, and most characters of text: past them Chromium's layout takes
 * minutes and gigabytes. The sample's 24 pages hold about 2,600 elements and 60,000 characters; a generated
 * briefing of 1,000 companies (about 950 pages) stays well inside, so these leave room for a few thousand pages.
 */
export const DOCUMENT_LIMITS = { elements: 300_000, characters: 10_000_000 } as const;

/**
 * Refuse a document too large to print, before any browser sees it.
 * @param file where the error points: the briefing folder.
 * @throws BriefingError (`limit`) naming the count and the limit ({@link DOCUMENT_LIMITS}).
 */
export function assertPrintable(html: string, file: string): void {
  let elements = 0;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    const c = html.charCodeAt(at + 1);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) elements++;
  }
  if (elements > DOCUMENT_LIMITS.elements) throw BriefingError.of(msg.documentTooLarge('elements', elements, DOCUMENT_LIMITS.elements), { file });
  const characters = textLength(html);
  if (characters > DOCUMENT_LIMITS.characters) throw BriefingError.of(msg.documentTooLarge('characters of text', characters, DOCUMENT_LIMITS.characters), { file });
}

/** `html` without the blocks `<name …>…</name>` of each of `names`, in one pass (an unclosed block runs to the end). */
function withoutBlocks(html: string, names: readonly string[]): string {
  // The next opening of each name at or after `at`, kept between rounds so that each is searched for once.
  const next = names.map((n) => html.indexOf(`<${n}`));
  let out = '';
  let at = 0;
  for (;;) {
    names.forEach((n, i) => {
      if (next[i]! !== -1 && next[i]! < at) next[i] = html.indexOf(`<${n}`, at);
    });
    const open = Math.min(...next.map((i) => (i === -1 ? Infinity : i)));
    if (open === Infinity) return out + html.slice(at);
    const name = names[next.indexOf(open)]!;
    const close = html.indexOf(`</${name}>`, open);
    out += `${html.slice(at, open)} `;
    if (close === -1) return out;
    at = close + name.length + 3;
  }
}

/** Characters of text a document shows outside its stylesheets and charts, not counting white space (linear). */
function textLength(html: string): number {
  const text = withoutBlocks(html, ['style', 'svg']);
  let n = 0;
  let inTag = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 60) inTag = true; // <
    else if (c === 62) inTag = false; // >
    else if (!inTag && c > 32) n++;
  }
  return n;
}

/** Every `<h1>`–`<h6>` in document order: id and text, whitespace collapsed. */
export function headingsOf(html: string): Heading[] {
  const headings: Heading[] = [];
  // Where no closing tag of a level follows any more: a later opening tag of that level is not searched again
  // (so that many unclosed headings cost one scan, not one each).
  const noCloseAfter = new Map<string, number>();
  for (const m of html.matchAll(/<h([1-6])\b([^<>]*)>/g)) {
    const level = m[1]!;
    const start = m.index + m[0].length;
    if (start >= (noCloseAfter.get(level) ?? Infinity)) continue;
    const close = html.indexOf(`</h${level}>`, start);
    if (close === -1) {
      noCloseAfter.set(level, start);
      continue;
    }
    headings.push({ id: /\sid="([^"]+)"/.exec(m[2]!)?.[1] ?? null, text: visibleText(html.slice(start, close)).replace(/\s+/g, ' ').trim() });
  }
  return headings;
}

/** The characters a document can show: tags removed, entities decoded (a superset is harmless). */
export function visibleText(html: string): string {
  return decodeEntities(withoutBlocks(html, ['style']).replace(/<[^<>]+>/g, ' '));
}
