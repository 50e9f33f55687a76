/**
 * The fonts a briefing is set in. They ship with the project as npm packages (Noto Sans and Noto Sans SC,
 * SIL Open Font License), never from the host, so output is the same on every machine. Both are TrueType
 * outlines, so Chromium embeds them as CID TrueType subsets, never Type 3.
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

const require = createRequire(import.meta.url);

/** One font face: CSS family, weight and style, and the absolute path of its `.ttf` file. */
export interface FontFace {
  readonly family: string;
  readonly weight: 400 | 600 | 700;
  readonly style: 'normal' | 'italic';
  readonly file: string;
  /** True for the CJK fallback face, subset only to the CJK characters a document uses and those the main faces lack. */
  readonly fallback: boolean;
}

/** CSS `font-family` value for body and chart text: Noto Sans, then Noto Sans SC for CJK characters. */
export const FONT_STACK = "'Noto Sans', 'Noto Sans SC'";

const face = (family: string, weight: FontFace['weight'], style: FontFace['style'], pkgPath: string, fallback = false): FontFace => ({
  family,
  weight,
  style,
  file: require.resolve(pkgPath),
  fallback,
});

/** Every face the default template uses. */
export const FONT_FACES: readonly FontFace[] = [
  face('Noto Sans', 400, 'normal', '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  face('Noto Sans', 400, 'italic', '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf'),
  face('Noto Sans', 600, 'normal', '@expo-google-fonts/noto-sans/600SemiBold/NotoSans_600SemiBold.ttf'),
  face('Noto Sans', 700, 'normal', '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
  face('Noto Sans', 700, 'italic', '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf'),
  face('Noto Sans SC', 400, 'normal', '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf', true),
  face('Noto Sans SC', 700, 'normal', '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf', true),
];

/** How a subset is inlined: TrueType (fast to make) or WOFF2 (compressed, for files that are kept). */
export type FontFormat = 'truetype' | 'woff2';

/** Most subset stylesheets a {@link FontSet} keeps in memory (the disk cache keeps the rest). */
const CSS_MEMO_SIZE = 50;

/**
 * Font files loaded once per process (or per preview session) and the subsets made from them, cached by
 * the set of characters and format, in memory and in `cache`. Passed to the stages that need fonts; never
 * held in a module global.
 */
export class FontSet {
  private readonly buffers = new Map<string, Promise<Buffer>>();
  /** Subset font CSS by format and characters: a preview session makes one per edit that adds a character, so it is bounded. */
  private readonly css = new LRUCache<string, Promise<string>>({ max: CSS_MEMO_SIZE });

  readonly faces: readonly FontFace[];
  private readonly cache: Cache;

  constructor(faces: readonly FontFace[] = FONT_FACES, cache: Cache = NO_CACHE) {
    this.faces = faces;
    this.cache = cache;
  }

  private buffer(f: FontFace): Promise<Buffer> {
    return memoized(this.buffers, f.file, () => readFile(f.file));
  }

  private readonly opened = new Map<string, Promise<{ hasGlyphForCodePoint(cp: number): boolean }>>();

  /** A face opened with fontkit, once (fontkit loads on first use: a build whose lookups are cached never loads it). */
  private open(f: FontFace): Promise<{ hasGlyphForCodePoint(cp: number): boolean }> {
    return memoized(this.opened, f.file, () => import('fontkit').then((fontkit) => fontkit.openSync(f.file) as fontkit.Font));
  }

  /**
   * The characters of `chars` that none of `faces` can draw, in the order given; kept in the cache by the
   * faces (file name and size) and the characters.
   */
  private lacking(faces: readonly FontFace[], chars: readonly string[]): Promise<string[]> {
    const key = cacheKey('coverage', [faces.map((f) => [path.basename(f.file), statSync(f.file).size]), chars.join('')]);
    const look = async (): Promise<string[]> => {
      const fonts = await Promise.all(faces.map((f) => this.open(f)));
      return chars.filter((ch) => !fonts.some((font) => font.hasGlyphForCodePoint(ch.codePointAt(0)!)));
    };
    return cached(this.cache, key, look, (list) => JSON.stringify(list), (b) => JSON.parse(b.toString('utf8')) as string[]);
  }

  /**
   * The characters of `text` that none of the regular faces can draw (whitespace and control characters
   * aside), each once, in order of appearance. Chromium would draw them in a host font, which makes output
   * differ between machines; the caller reports them. Kept in the font set's cache by character set, so a
   * build whose characters were seen before neither loads fontkit nor opens a font.
   */
  async missingCharacters(text: string): Promise<string[]> {
    // Printable ASCII is drawn by every main face; the rest is looked up once per character set, on disk too.
    const chars = [...new Set(text)].filter((ch) => {
      const cp = ch.codePointAt(0)!;
      return cp > 0x7e && !/\s/u.test(ch) && !(cp >= 0x7f && cp < 0xa0) && cp !== 0xfeff && cp !== 0xad;
    });
    return chars.length === 0 ? [] : this.lacking(this.faces.filter((f) => f.weight === 400 && f.style === 'normal'), chars);
  }

  /**
   * `@font-face` rules with every face subset to `text`'s characters (plus printable ASCII) as inline
   * data URLs in `format` (default TrueType). The CJK fallback faces are left out when `text` has no
   * character beyond Latin. Deterministic: the same text and format give the same bytes.
   */
  fontFaceCss(text: string, format: FontFormat = 'truetype'): Promise<string> {
    const chars = [...new Set(text)].filter((c) => c.codePointAt(0)! > 0x7e).sort();
    const key = `${format}:${chars.join('')}`;
    return memoized(this.css, key, () => this.makeCss(chars, format));
  }

  /** One face subset to `text` in `format`, through the disk cache (keyed by the font file, text and format). */
  private subset(f: FontFace, text: string, format: FontFormat): Promise<Buffer> {
    // The face by file name and size (not its path: a CI checkout elsewhere finds the same entries).
    const key = cacheKey('font', [recipe(import.meta.url, ['subset-font', 'harfbuzzjs']), path.basename(f.file), statSync(f.file).size, format, text]);
    const make = async (): Promise<Buffer> => {
      // harfbuzz (WebAssembly) loads on the first subset, so commands that inline no font never load it.
      const { default: subsetFont } = await import('subset-font');
      return subsetFont(await this.buffer(f), text, { targetFormat: format });
    };
    return cached(this.cache, key, make, (b) => b, (b) => b);
  }

  private async makeCss(extra: readonly string[], format: FontFormat): Promise<string> {
    let ascii = '';
    for (let c = 0x20; c <= 0x7e; c++) ascii += String.fromCharCode(c);
    // The fallback face draws CJK text, and any other character the main regular face lacks (≈, →) that it has.
    const main = this.faces.find((f) => !f.fallback && f.weight === 400 && f.style === 'normal');
    const lacked = new Set(main === undefined || extra.length === 0 ? [] : await this.lacking([main], extra));
    const cjk = extra.filter((c) => /[\u2E80-\u9FFF\uF900-\uFAFF\u3000-\u303F\uFF00-\uFFEF]/u.test(c) || lacked.has(c));
    const rules = await Promise.all(
      this.faces.map(async (f) => {
        const text = f.fallback ? cjk.join('') : ascii + extra.join('');
        if (text === '') return '';
        const data = await this.subset(f, text, format);
        const mime = format === 'woff2' ? 'font/woff2' : 'font/ttf';
        return (
          `@font-face{font-family:'${f.family}';font-style:${f.style};font-weight:${f.weight};font-display:block;` +
          `src:url(data:${mime};base64,${data.toString('base64')}) format('${format}')}`
        );
      }),
    );
    return rules.filter((r) => r !== '').join('\n');
  }
}
