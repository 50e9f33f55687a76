/**
 * The fonts a briefing is set in. They ship with the project as npm packages (Noto Sans, and Noto Sans SC, TC,
 * JP, KR, Arabic, Hebrew, Devanagari and Thai; SIL Open Font License), never from the host, so output is the
 * same on every machine. All are TrueType outlines, so Chromium embeds them as CID TrueType subsets, never Type 3.
 *
 * Noto Sans draws Latin, Greek, Cyrillic and Devanagari; each fallback family draws its scripts' characters
 * that Noto Sans lacks, and is read from disk and inlined only when a document has such a character. Chinese,
 * Japanese and Korean share code points: the order of the CJK families in a language's font stack decides the
 * forms (Simplified Chinese by default; `:lang()` rules put Japanese, Korean or Traditional Chinese first), and
 * each CJK face is subset to the characters of the text that stack gives it.
 *
 * The same files serve the HTML (subset to the document's characters and inlined) and the chart text
 * measurement (registered with @napi-rs/canvas), so chart labels are laid out in the font they print in.
 * Subsets are TrueType for Chromium to print and the preview to show (about 3 ms a face) and WOFF2 for the
 * HTML file a build writes (half the bytes, about 70 ms a face, made while Chromium prints). Both are kept
 * in the render context's {@link Cache}, so unchanged text is never subset twice.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';
import { LRUCache } from 'lru-cache';
import { cached, cacheKey, memoized, NO_CACHE, recipe, type Cache } from './cache.ts';
import { unique } from './lists.ts';

const require = createRequire(import.meta.url);

/**
 * The writing system of a character, by its Unicode block: what a fallback face is for. `cjk` is Han with the
 * kana, Hangul, bopomofo, CJK punctuation and full-width forms; `other` is everything else (Latin, Greek,
 * Cyrillic and symbols, drawn by the main faces, and by the CJK faces where those lack a symbol).
 */
export type Script = 'cjk' | 'arabic' | 'hebrew' | 'devanagari' | 'thai' | 'other';

/** Unicode blocks of each script but `other`, as [first, last, script] in code point order (Unicode 16 block names). */
const SCRIPT_BLOCKS: readonly (readonly [number, number, Script])[] = [
  [0x0590, 0x05ff, 'hebrew'], // Hebrew
  [0x0600, 0x06ff, 'arabic'], // Arabic
  [0x0750, 0x077f, 'arabic'], // Arabic Supplement
  [0x0870, 0x08ff, 'arabic'], // Arabic Extended-B, -A
  [0x0900, 0x097f, 'devanagari'], // Devanagari
  [0x0e00, 0x0e7f, 'thai'], // Thai
  [0x1100, 0x11ff, 'cjk'], // Hangul Jamo
  [0x1cd0, 0x1cff, 'devanagari'], // Vedic Extensions
  [0x2e80, 0x9fff, 'cjk'], // CJK Radicals … CJK Unified Ideographs (kana, bopomofo, Hangul compatibility jamo, CJK symbols)
  [0xa8e0, 0xa8ff, 'devanagari'], // Devanagari Extended
  [0xa960, 0xa97f, 'cjk'], // Hangul Jamo Extended-A
  [0xac00, 0xd7ff, 'cjk'], // Hangul Syllables, Hangul Jamo Extended-B
  [0xf900, 0xfaff, 'cjk'], // CJK Compatibility Ideographs
  [0xfb1d, 0xfb4f, 'hebrew'], // Alphabetic Presentation Forms (Hebrew part)
  [0xfb50, 0xfdff, 'arabic'], // Arabic Presentation Forms-A
  [0xfe30, 0xfe4f, 'cjk'], // CJK Compatibility Forms
  [0xfe70, 0xfeff, 'arabic'], // Arabic Presentation Forms-B
  [0xff00, 0xffef, 'cjk'], // Halfwidth and Fullwidth Forms
  [0x20000, 0x3ffff, 'cjk'], // CJK Unified Ideographs Extension B and later, CJK Compatibility Supplement
];

/** The {@link Script} of the first code point of `ch`. */
export function scriptOf(ch: string): Script {
  const cp = ch.codePointAt(0)!;
  for (const [first, last, script] of SCRIPT_BLOCKS) {
    if (cp < first) return 'other';
    if (cp <= last) return script;
  }
  return 'other';
}

/** One font face: CSS family, weight and style, the absolute path of its `.ttf` file, and what it draws. */
export interface FontFace {
  readonly family: string;
  readonly weight: 400 | 600 | 700;
  readonly style: 'normal' | 'italic';
  readonly file: string;
  /**
   * False for the main faces (Noto Sans: Latin, Greek, Cyrillic, Devanagari), which draw every character they
   * have. True for a fallback face: it draws only characters of its {@link scripts} that the main faces lack,
   * and is inlined only when the document has such a character.
   */
  readonly fallback: boolean;
  /** The scripts a fallback face draws (empty for the main faces). */
  readonly scripts: readonly Script[];
}

/** Which regional forms CJK characters take: Simplified or Traditional Chinese, Japanese or Korean. */
export type CjkLocale = 'zh-Hans' | 'zh-Hant' | 'ja' | 'ko';

/** The forms of text with no `lang` that says otherwise (and of the charts): Simplified Chinese. */
export const DEFAULT_CJK_LOCALE: CjkLocale = 'zh-Hans';

/**
 * The CJK families in the order each locale tries them: its own first, then the nearest forms. A character
 * a family lacks falls to the next (Noto Sans JP has no Hangul; Noto Sans SC lacks a few Traditional forms).
 */
const CJK_ORDER: Readonly<Record<CjkLocale, readonly string[]>> = {
  'zh-Hans': ['Noto Sans SC', 'Noto Sans TC', 'Noto Sans JP', 'Noto Sans KR'],
  'zh-Hant': ['Noto Sans TC', 'Noto Sans SC', 'Noto Sans JP', 'Noto Sans KR'],
  ja: ['Noto Sans JP', 'Noto Sans TC', 'Noto Sans SC', 'Noto Sans KR'],
  ko: ['Noto Sans KR', 'Noto Sans TC', 'Noto Sans SC', 'Noto Sans JP'],
};

/** The families after the CJK ones: one script each, so their order does not matter. */
const SCRIPT_FAMILIES = ['Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans Devanagari', 'Noto Sans Thai'] as const;

/** The families in the order text of `locale` tries them: Noto Sans, the CJK families, the other scripts. */
function familyOrder(locale: CjkLocale): string[] {
  return ['Noto Sans', ...CJK_ORDER[locale], ...SCRIPT_FAMILIES];
}

/** CSS `font-family` value of text in `locale`'s CJK forms: every shipped family, each quoted. */
export function fontStack(locale: CjkLocale = DEFAULT_CJK_LOCALE): string {
  return familyOrder(locale).map((f) => `'${f}'`).join(', ');
}

/**
 * CSS `font-family` value for body and chart text: Noto Sans, then the CJK families (Simplified Chinese
 * first), Arabic, Hebrew, Devanagari and Thai. templates/default/styles.css writes the same list.
 */
export const FONT_STACK = fontStack();

/**
 * The CJK forms a BCP 47 language tag asks for, or undefined for a language that does not write CJK (its text
 * keeps the forms around it). `ja` and `ko` their own; Chinese by its second subtag: `Hant`, `TW`, `HK` or `MO`
 * Traditional, anything else Simplified (`zh`, `zh-Hans`, `zh-CN`, `zh-SG`). Case-insensitive and by prefix,
 * as Chromium matches {@link LANG_CSS}'s `:lang()` selectors (so `zh-yue-HK` is Simplified there too).
 */
export function cjkLocaleOf(lang: string): CjkLocale | undefined {
  const [language, second] = lang.toLowerCase().split('-');
  if (language === 'ja' || language === 'ko') return language;
  if (language !== 'zh') return undefined;
  return second === 'hant' || second === 'tw' || second === 'hk' || second === 'mo' ? 'zh-Hant' : 'zh-Hans';
}

/**
 * Each character of `text` past printable ASCII (code point above U+007E), once, in order of first appearance:
 * what a font subset or a glyph lookup has to consider, printable ASCII being in every main face. A surrogate
 * pair is one character; a lone surrogate is kept as itself (as string iteration does). Linear, and cheap on
 * mostly-ASCII text: a 1,000-company briefing's 7 MB is scanned on every preview edit.
 */
function charactersPast(text: string): string[] {
  const seen = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x7e) continue;
    const d = c >= 0xd800 && c <= 0xdbff ? text.charCodeAt(i + 1) : NaN;
    if (d >= 0xdc00 && d <= 0xdfff) {
      seen.add((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000);
      i++;
    } else seen.add(c);
  }
  return [...seen].map((cp) => String.fromCodePoint(cp));
}

/**
 * The `:lang()` rules that put a language's CJK family first, as {@link cjkLocaleOf} reads tags (checked in
 * Chromium). Inside `:where()`, so they weigh nothing: they set the font of an
 * element in that language unless the template's own rules set one for it. Inlined with the fonts only when
 * a document has CJK text in a language other than the default's.
 */
export const LANG_CSS = [
  [':lang(zh)', 'zh-Hans'],
  [':lang(zh-TW),:lang(zh-HK),:lang(zh-MO),:lang(zh-Hant)', 'zh-Hant'],
  [':lang(ja)', 'ja'],
  [':lang(ko)', 'ko'],
]
  .map(([selector, locale]) => `:where(${selector}){font-family:${fontStack(locale as CjkLocale)},sans-serif}`)
  .join('\n');

const face = (family: string, weight: FontFace['weight'], style: FontFace['style'], pkgPath: string, scripts: readonly Script[] = []): FontFace => ({
  family,
  weight,
  style,
  file: require.resolve(`@expo-google-fonts/${pkgPath}`),
  fallback: scripts.length > 0,
  scripts,
});

/** A fallback family's regular and bold faces: `@expo-google-fonts/<pkg>/{400Regular,700Bold}/<Stem>_….ttf`. */
const fallbackFamily = (family: string, pkg: string, stem: string, scripts: readonly Script[]): FontFace[] => [
  face(family, 400, 'normal', `${pkg}/400Regular/${stem}_400Regular.ttf`, scripts),
  face(family, 700, 'normal', `${pkg}/700Bold/${stem}_700Bold.ttf`, scripts),
];

/** The CJK faces also draw the symbols Noto Sans lacks (≈, →, ✓), as the first of them in a locale's order has them. */
const CJK: readonly Script[] = ['cjk', 'other'];

/**
 * Every face the default template uses: Noto Sans in five faces, then the fallback families in regular and
 * bold (a semibold request takes the bold). All TrueType outlines (SIL Open Font License), from npm.
 */
export const FONT_FACES: readonly FontFace[] = [
  face('Noto Sans', 400, 'normal', 'noto-sans/400Regular/NotoSans_400Regular.ttf'),
  face('Noto Sans', 400, 'italic', 'noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf'),
  face('Noto Sans', 600, 'normal', 'noto-sans/600SemiBold/NotoSans_600SemiBold.ttf'),
  face('Noto Sans', 700, 'normal', 'noto-sans/700Bold/NotoSans_700Bold.ttf'),
  face('Noto Sans', 700, 'italic', 'noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf'),
  ...fallbackFamily('Noto Sans SC', 'noto-sans-sc', 'NotoSansSC', CJK),
  ...fallbackFamily('Noto Sans TC', 'noto-sans-tc', 'NotoSansTC', CJK),
  ...fallbackFamily('Noto Sans JP', 'noto-sans-jp', 'NotoSansJP', CJK),
  ...fallbackFamily('Noto Sans KR', 'noto-sans-kr', 'NotoSansKR', CJK),
  ...fallbackFamily('Noto Sans Arabic', 'noto-sans-arabic', 'NotoSansArabic', ['arabic']),
  ...fallbackFamily('Noto Sans Hebrew', 'noto-sans-hebrew', 'NotoSansHebrew', ['hebrew']),
  ...fallbackFamily('Noto Sans Devanagari', 'noto-sans-devanagari', 'NotoSansDevanagari', ['devanagari']),
  ...fallbackFamily('Noto Sans Thai', 'noto-sans-thai', 'NotoSansThai', ['thai']),
];

/** A document's visible text by the CJK forms it is set in; a plain string is all in {@link DEFAULT_CJK_LOCALE}. */
export type LocalizedText = string | ReadonlyMap<CjkLocale, string>;

/**
 * How a subset is inlined: TrueType (fast to make) or WOFF2 (compressed, for files that are kept; a fallback
 * face of more than {@link WOFF2_MAX_CHARS} characters is WOFF, compressed less but 30 times faster).
 */
export type FontFormat = 'truetype' | 'woff2';

/**
 * Most characters of a fallback face compressed as WOFF2 for the written HTML; a larger subset is WOFF (zlib).
 * Measured on Noto Sans SC: 300 Han characters make a 43 KB WOFF2 in 280 ms or a 55 KB WOFF in 25 ms; 2,000
 * make 325 KB in 1.7 s or 434 KB in 60 ms (per face, and each CJK family has two). A briefing written in
 * Chinese or Japanese would otherwise wait seconds for Brotli after Chromium has printed.
 */
const WOFF2_MAX_CHARS = 256;

/**
 * The work on font files that a {@link FontSet} asks for: subsets and glyph coverage. {@link LocalFontWork}
 * does it on the calling thread; the render worker (src/charts/render-thread.ts) does the same with a
 * LocalFontWork of its own, off the calling thread.
 */
export interface FontWork {
  /** The font file at `file` subset to the characters of `text` (harfbuzz, subset-font), in `format`. */
  subset(file: string, text: string, format: FontFormat | 'woff'): Promise<Buffer>;
  /** The characters of `chars` that none of the font files `files` has a glyph for, in the order given (fontkit). */
  lacking(files: readonly string[], chars: readonly string[]): Promise<string[]>;
}

/**
 * {@link FontWork} on this thread. Each font file is read once and opened with fontkit once; harfbuzz
 * (WebAssembly) and fontkit load on first use, so commands that inline no font never load them.
 */
export class LocalFontWork implements FontWork {
  private readonly buffers = new Map<string, Promise<Buffer>>();
  private readonly opened = new Map<string, Promise<{ hasGlyphForCodePoint(cp: number): boolean }>>();

  private buffer(file: string): Promise<Buffer> {
    return memoized(this.buffers, file, () => readFile(file));
  }

  /** A font file opened with fontkit, once, from the same buffer the subsets are made of. */
  private open(file: string): Promise<{ hasGlyphForCodePoint(cp: number): boolean }> {
    return memoized(this.opened, file, async () => {
      const [fontkit, data] = await Promise.all([import('fontkit'), this.buffer(file)]);
      return fontkit.create(data) as fontkit.Font;
    });
  }

  async subset(file: string, text: string, format: FontFormat | 'woff'): Promise<Buffer> {
    const [{ default: subsetFont }, data] = await Promise.all([import('subset-font'), this.buffer(file)]);
    return subsetFont(data, text, { targetFormat: format });
  }

  async lacking(files: readonly string[], chars: readonly string[]): Promise<string[]> {
    const fonts = await Promise.all(files.map((f) => this.open(f)));
    return chars.filter((ch) => !fonts.some((font) => font.hasGlyphForCodePoint(ch.codePointAt(0)!)));
  }
}

/** Most subset stylesheets a {@link FontSet} keeps in memory (the disk cache keeps the rest). */
const CSS_MEMO_SIZE = 50;

/**
 * Font files loaded once per process (or per preview session) and the subsets made from them, cached by
 * the set of characters and format, in memory and in `cache`. Passed to the stages that need fonts; never
 * held in a module global.
 */
export class FontSet {
  /** Subset font CSS by format and characters: a preview session makes one per edit that adds a character, so it is bounded. */
  private readonly css = new LRUCache<string, Promise<string>>({ max: CSS_MEMO_SIZE });
  /** Glyph lookups by faces and characters ({@link lacking}), bounded like {@link css}. */
  private readonly coverage = new LRUCache<string, Promise<readonly string[]>>({ max: CSS_MEMO_SIZE });

  readonly faces: readonly FontFace[];
  private readonly cache: Cache;
  private readonly work: FontWork;

  /**
   * @param work makes the subsets and looks up the glyphs: on this thread by default ({@link LocalFontWork}),
   *   or in the render worker (src/charts/render-thread.ts), which gives the same bytes.
   */
  constructor(faces: readonly FontFace[] = FONT_FACES, cache: Cache = NO_CACHE, work: FontWork = new LocalFontWork()) {
    this.faces = faces;
    this.cache = cache;
    this.work = work;
  }

  /**
   * The characters of `chars` that none of `faces` can draw, in the order given; kept in the cache by the
   * faces (file name and size) and the characters.
   */
  private lacking(faces: readonly FontFace[], chars: readonly string[]): Promise<readonly string[]> {
    const key = cacheKey('coverage', [faces.map((f) => [path.basename(f.file), statSync(f.file).size]), chars.join('')]);
    const look = (): Promise<string[]> => this.work.lacking(faces.map((f) => f.file), chars);
    // Kept in memory too: the PDF stage renders the document again with its contents numbers (the same characters).
    return memoized(this.coverage, key, () => cached(this.cache, key, look, (list) => JSON.stringify(list), (b) => JSON.parse(b.toString('utf8')) as string[]));
  }

  /**
   * Which fallback family draws each character the main regular face lacks, for text in each CJK locale: the
   * first family in the locale's order ({@link fontStack}) whose scripts include the character's and whose
   * regular face has it, as Chromium picks it from the same stack. A family is opened only when a character
   * of its scripts reaches it, so a Latin document opens none and a Chinese one only Noto Sans SC.
   * @returns the characters of each family (in the order given), and those no face draws.
   */
  private async plan(byLocale: ReadonlyMap<CjkLocale, readonly string[]>): Promise<{ families: Map<string, Set<string>>; missing: string[] }> {
    const regular = (family: string): FontFace | undefined => this.faces.find((f) => f.family === family && f.weight === 400 && f.style === 'normal');
    const main = this.faces.find((f) => !f.fallback && f.weight === 400 && f.style === 'normal');
    const all = unique([...byLocale.values()].flat());
    const lacked = new Set(main === undefined ? all : await this.lacking([main], all));
    const families = new Map<string, Set<string>>();
    const missing = new Set<string>();
    for (const [locale, chars] of byLocale) {
      let pending = chars.filter((c) => lacked.has(c));
      for (const family of familyOrder(locale)) {
        const f = regular(family);
        if (f === undefined || !f.fallback) continue;
        const candidates = pending.filter((c) => f.scripts.includes(scriptOf(c)));
        if (candidates.length === 0) continue;
        const no = new Set(await this.lacking([f], candidates));
        const drawn = new Set(candidates.filter((c) => !no.has(c)));
        if (drawn.size === 0) continue;
        families.set(family, new Set([...(families.get(family) ?? []), ...drawn]));
        pending = pending.filter((c) => !drawn.has(c));
      }
      for (const c of pending) missing.add(c);
    }
    return { families, missing: all.filter((c) => missing.has(c)) };
  }

  /**
   * The characters of `text` that no face can draw (whitespace, control and format characters aside), each
   * once, in order of appearance: a character the main faces lack reaches only the fallback faces of its
   * script. Chromium would draw them in a host font, which makes output differ between machines; the caller
   * reports them. Kept in the font set's cache by character set, so a build whose characters were seen before
   * neither loads fontkit nor opens a font.
   */
  async missingCharacters(text: string): Promise<string[]> {
    // Printable ASCII is drawn by every main face; the rest is looked up once per character set, on disk too.
    const chars = charactersPast(text).filter((ch) => !/[\s\p{Cc}\p{Cf}]/u.test(ch));
    return chars.length === 0 ? [] : (await this.plan(new Map([[DEFAULT_CJK_LOCALE, chars]]))).missing;
  }

  /**
   * `@font-face` rules with every face subset to the characters it draws, as inline data URLs in `format`
   * (default TrueType): each main face to printable ASCII and all of `text`'s characters, each fallback face
   * to the characters {@link plan} gives it (none: the face is left out, so a Latin document inlines no
   * fallback font). Followed by {@link LANG_CSS} when text in Japanese, Korean or Traditional Chinese has CJK
   * characters. Deterministic: the same text and format give the same bytes.
   */
  fontFaceCss(text: LocalizedText, format: FontFormat = 'truetype'): Promise<string> {
    const byLocale = new Map<CjkLocale, string[]>();
    for (const [locale, t] of typeof text === 'string' ? [[DEFAULT_CJK_LOCALE, text] as const] : text) {
      const chars = charactersPast(t).sort();
      if (chars.length > 0) byLocale.set(locale, chars);
    }
    const key = `${format}:${[...byLocale].map(([locale, chars]) => `${locale}=${chars.join('')}`).sort().join('\u0000')}`;
    return memoized(this.css, key, () => this.makeCss(byLocale, format));
  }

  /**
   * The upright main face of `weight` (Noto Sans; the first main face when the set has none of that weight)
   * subset to `text`, as TrueType, through the cache: what a mark drawn into the printed PDF embeds (the
   * "Draft" mark, src/pdf/draft-mark.ts). About 3 KB for a word.
   */
  mainFaceSubset(weight: FontFace['weight'], text: string): Promise<Buffer> {
    const main = this.faces.filter((f) => !f.fallback && f.style === 'normal');
    return this.subset(main.find((f) => f.weight === weight) ?? main[0]!, text, 'truetype');
  }

  /** One face subset to `text` in `format`, through the disk cache (keyed by the font file, text and format). */
  private subset(f: FontFace, text: string, format: FontFormat | 'woff'): Promise<Buffer> {
    // The face by file name and size (not its path: a CI checkout elsewhere finds the same entries).
    const key = cacheKey('font', [recipe(import.meta.url, ['subset-font', 'harfbuzzjs']), path.basename(f.file), statSync(f.file).size, format, text]);
    const make = (): Promise<Buffer> => this.work.subset(f.file, text, format);
    return cached(this.cache, key, make, (b) => b, (b) => b);
  }

  private async makeCss(byLocale: ReadonlyMap<CjkLocale, readonly string[]>, format: FontFormat): Promise<string> {
    let ascii = '';
    for (let c = 0x20; c <= 0x7e; c++) ascii += String.fromCharCode(c);
    const extra = unique([...byLocale.values()].flat()).sort();
    const { families } = await this.plan(byLocale);
    const rules = await Promise.all(
      this.faces.map(async (f) => {
        const text = f.fallback ? [...(families.get(f.family) ?? [])].sort().join('') : ascii + extra.join('');
        if (text === '') return '';
        const as = format === 'woff2' && f.fallback && [...text].length > WOFF2_MAX_CHARS ? 'woff' : format;
        const data = await this.subset(f, text, as);
        const mime = as === 'truetype' ? 'font/ttf' : `font/${as}`;
        return (
          `@font-face{font-family:'${f.family}';font-style:${f.style};font-weight:${f.weight};font-display:block;` +
          `src:url(data:${mime};base64,${data.toString('base64')}) format('${as}')}`
        );
      }),
    );
    const localized = [...byLocale].some(([locale, chars]) => locale !== DEFAULT_CJK_LOCALE && chars.some((c) => scriptOf(c) === 'cjk'));
    return [...rules.filter((r) => r !== ''), ...(localized ? [LANG_CSS] : [])].join('\n');
  }
}
