/** The shipped font set (src/fonts.ts): which characters it can draw, and which face draws each script. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cjkLocaleOf, FONT_FACES, FONT_STACK, fontStack, FontSet, LANG_CSS, scriptOf, type CjkLocale, type FontFace } from '../../src/fonts.ts';

/** The families a stylesheet inlines, in order. */
const families = (css: string): string[] => [...new Set([...css.matchAll(/@font-face\{font-family:'([^']+)'/g)].map((m) => m[1]!))];

/** The characters a face of `family` was subset to, read back from the inlined TrueType subset's cmap (its 0xFFFF end marker aside). */
async function subsetChars(css: string, family: string): Promise<string[]> {
  const m = new RegExp(`@font-face\\{font-family:'${family}';font-style:normal;font-weight:400;[^}]*base64,([^)]+)\\)`).exec(css);
  if (m === null) return [];
  const fontkit = await import('fontkit');
  const font = fontkit.create(Buffer.from(m[1]!, 'base64')) as import('fontkit').Font;
  return font.characterSet.filter((cp) => cp > 0x7e && cp !== 0xffff).map((cp) => String.fromCodePoint(cp));
}

describe('scripts and language tags', () => {
  it('reads a character’s script from its Unicode block', () => {
    expect(['a', 'é', 'Ω', 'Ж', '€', '≈', '😀'].map(scriptOf)).toEqual(Array(7).fill('other'));
    expect(['中', 'さ', 'ア', '한', 'ㄅ', '，', '、', '𠮷'].map(scriptOf)).toEqual(Array(8).fill('cjk'));
    expect(['ش', 'ﻻ', 'א', 'ﬠ', 'क', 'ก'].map(scriptOf)).toEqual(['arabic', 'arabic', 'hebrew', 'hebrew', 'devanagari', 'thai']);
  });

  it('maps BCP 47 tags to CJK forms the way Chromium matches the :lang() rules (by prefix)', () => {
    const cases: [string, CjkLocale | undefined][] = [
      ['ja', 'ja'], ['ja-JP', 'ja'], ['ko', 'ko'], ['KO-kr', 'ko'],
      ['zh', 'zh-Hans'], ['zh-CN', 'zh-Hans'], ['zh-Hans', 'zh-Hans'], ['zh-SG', 'zh-Hans'],
      ['zh-Hant', 'zh-Hant'], ['zh-TW', 'zh-Hant'], ['zh-HK', 'zh-Hant'], ['zh-MO', 'zh-Hant'], ['zh-Hant-TW', 'zh-Hant'],
      ['zh-Hans-HK', 'zh-Hans'], ['zh-Hans-TW', 'zh-Hans'], ['zh-yue-HK', 'zh-Hans'], ['zh-Latn-TW', 'zh-Hans'],
      ['en', undefined], ['ar', undefined], ['jav', undefined],
    ];
    for (const [tag, locale] of cases) expect(cjkLocaleOf(tag), tag).toBe(locale);
  });

  it('puts each language’s CJK family first in its stack, Simplified Chinese by default', () => {
    expect(FONT_STACK).toBe("'Noto Sans', 'Noto Sans SC', 'Noto Sans TC', 'Noto Sans JP', 'Noto Sans KR', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans Devanagari', 'Noto Sans Thai'");
    expect(fontStack('ja')).toMatch(/^'Noto Sans', 'Noto Sans JP',/);
    expect(fontStack('ko')).toMatch(/^'Noto Sans', 'Noto Sans KR',/);
    expect(fontStack('zh-Hant')).toMatch(/^'Noto Sans', 'Noto Sans TC',/);
    expect(LANG_CSS).toContain(`:where(:lang(ja)){font-family:${fontStack('ja')},sans-serif}`);
    // The Traditional rule comes after the Chinese one it refines (:lang() matches by prefix).
    expect(LANG_CSS.indexOf(':lang(zh-HK)')).toBeGreaterThan(LANG_CSS.indexOf(':lang(zh)'));
  });

  it('is the stack the default template writes', () => {
    const css = readFileSync(path.join(import.meta.dirname, '../../templates/default/styles.css'), 'utf8');
    const stacks = [...css.matchAll(/font-family:\s*([^;]+);/g)].map((m) => m[1]!.replace(/, sans-serif$/, ''));
    expect(stacks.length).toBeGreaterThan(0);
    for (const s of stacks) expect(s).toBe(FONT_STACK);
  });

  it('ships every face as a TrueType file', () => {
    for (const f of FONT_FACES) expect(readFileSync(f.file).readUInt32BE(0), f.file).toBe(0x00010000);
  });
});

describe('FontSet', () => {
  it('finds characters the shipped fonts cannot draw', async () => {
    const fonts = new FontSet();
    expect(await fonts.missingCharacters('SpaceX 摩尔线程 − – ×')).toEqual([]);
    expect(await fonts.missingCharacters('Example 한국 Co ⚡')).toEqual(['⚡']);
    expect(await fonts.missingCharacters('Ελληνικά Русский トヨタ 臺灣 𠮷 شركة טבע गंगा ॲ ปตท ≈ →')).toEqual([]);
    expect(await fonts.missingCharacters('ሰላም 😀 \u200d\u200f\u00ad\ufeff')).toEqual(['ሰ', 'ላ', 'ም', '😀']);
  });

  it('inlines only the faces a document’s characters need', async () => {
    const fonts = new FontSet();
    expect(families(await fonts.fontFaceCss('Plain Latin, Ελληνικά, Русский, गंगा'))).toEqual(['Noto Sans']);
    expect(families(await fonts.fontFaceCss('Moore Threads 摩尔线程'))).toEqual(['Noto Sans', 'Noto Sans SC']);
    expect(families(await fonts.fontFaceCss('Hanbit 한빛전자'))).toEqual(['Noto Sans', 'Noto Sans KR']);
    expect(families(await fonts.fontFaceCss('Aramco شركة and Teva טבע and PTT ปตท'))).toEqual(['Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans Thai']);
    // Kana fall past nothing: Noto Sans SC has them, so untagged Japanese takes the default forms.
    expect(families(await fonts.fontFaceCss('トヨタ自動車'))).toEqual(['Noto Sans', 'Noto Sans SC']);
    expect(await fonts.fontFaceCss('Plain Latin')).not.toContain(':lang(');
  });

  it('gives each CJK face the characters of its language, and the :lang() rules when a language needs them', async () => {
    const fonts = new FontSet();
    const css = await fonts.fontFaceCss(
      new Map<CjkLocale, string>([
        ['zh-Hans', 'Untagged 直 and ≈'],
        ['ja', 'さくら 骨'],
        ['ko', '한빛 直'],
        ['zh-Hant', '灣'],
      ]),
    );
    expect(families(css)).toEqual(['Noto Sans', 'Noto Sans SC', 'Noto Sans TC', 'Noto Sans JP', 'Noto Sans KR']);
    expect(await subsetChars(css, 'Noto Sans SC')).toEqual(['≈', '直']);
    expect(await subsetChars(css, 'Noto Sans JP')).toEqual(['く', 'さ', 'ら', '骨']);
    expect(await subsetChars(css, 'Noto Sans KR')).toEqual(['直', '빛', '한']);
    expect(await subsetChars(css, 'Noto Sans TC')).toEqual(['灣']);
    expect(css.endsWith(LANG_CSS)).toBe(true);
    // Chinese in a zh span only: the default forms, no rules.
    expect(await fonts.fontFaceCss(new Map<CjkLocale, string>([['zh-Hans', '直']]))).not.toContain(':lang(');
  });

  it('compresses a large CJK subset as WOFF, a small one as WOFF2, for the written HTML', async () => {
    const fonts = new FontSet();
    let many = '';
    for (let i = 0; i < 300; i++) many += String.fromCodePoint(0x4e00 + i * 7);
    const formats = (css: string): string[] => [...css.matchAll(/font-family:'([^']+)';[^}]*format\('([a-z0-9]+)'\)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(new Set(formats(await fonts.fontFaceCss(`Names 摩尔线程`, 'woff2')))).toEqual(new Set(['Noto Sans woff2', 'Noto Sans SC woff2']));
    expect(new Set(formats(await fonts.fontFaceCss(`Names ${many}`, 'woff2')))).toEqual(new Set(['Noto Sans woff2', 'Noto Sans SC woff']));
  });

  it('reads no fallback font file a document does not need', async () => {
    // Fallback faces whose files do not exist: opening one would throw.
    const absent = (f: FontFace): FontFace => (f.fallback && f.family !== 'Noto Sans SC' ? { ...f, file: path.join(import.meta.dirname, 'no-such-font.ttf') } : f);
    const fonts = new FontSet(FONT_FACES.map(absent));
    expect(families(await fonts.fontFaceCss('Latin only, and ≈ → from the first CJK face'))).toEqual(['Noto Sans', 'Noto Sans SC']);
    expect(families(await fonts.fontFaceCss('A Chinese name: 摩尔线程'))).toEqual(['Noto Sans', 'Noto Sans SC']);
    await expect(fonts.fontFaceCss('한빛')).rejects.toThrow();
  });
});
