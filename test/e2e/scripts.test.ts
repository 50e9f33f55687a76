/**
 * Every script a company or a quotation may be written in (issue #25): the scripts fixture names a company in
 * each through localName/localLang and quotes each with a language span; built by the CLI to a real PDF, its
 * text is read back with pdftotext, the font each run is set in with pdf.js, and the embedded fonts with
 * pdffonts. A character no shipped face has is a warning at the file, line and field it is typed in.
 */
import { execFileSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { ROOT, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { pdfFonts } from '../helpers/pdf.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'scripts');

/** Each script's company name as localName writes it, and its font family's PostScript stem (null: Noto Sans). */
const NAMES: readonly [script: string, name: string, font: string | null][] = [
  ['Latin', 'Réseau Aurore', null],
  ['Greek', 'Ακτοπλοΐα Αιγαίου', null],
  ['Cyrillic', 'Волжская железная дорога', null],
  ['Simplified Chinese', '莲花机器人', 'NotoSansSC'],
  ['Traditional Chinese', '港灣半導體', 'NotoSansTC'],
  ['Japanese', 'さくら自動車', 'NotoSansJP'],
  ['Korean', '한빛전자', 'NotoSansKR'],
  ['Arabic', 'شركة الصحراء للبتروكيماويات', 'NotoSansArabic'],
  ['Hebrew', 'גליל פארמה', 'NotoSansHebrew'],
  ['Devanagari', 'गंगा स्टील', null],
  ['Thai', 'สยามฟู้ดส์', 'NotoSansThai'],
];

/** Text without white space and bidirectional marks (pdftotext wraps right-to-left runs in embedding marks). */
const bare = (s: string): string => s.replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

/** One run of text on a page: its string, the PostScript name of its font (subset tag removed), and its x in pt. */
interface Run {
  readonly str: string;
  readonly font: string;
  readonly x: number;
}

/** The text runs of each page of a PDF, with the font each is set in (pdf.js resolves a run's font after loading the page's operators). */
async function runsOf(file: string): Promise<Run[][]> {
  const doc = await getDocument({ data: new Uint8Array(await readFile(file)), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: Run[][] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      await page.getOperatorList();
      const items = (await page.getTextContent()).items.filter((t) => 'str' in t && t.str.trim() !== '');
      pages.push(items.map((t) => ('str' in t ? { str: t.str, font: (page.commonObjs.get(t.fontName) as { name: string }).name.replace(/^[A-Z]{6}\+/, ''), x: t.transform[4] as number } : { str: '', font: '', x: 0 })));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

describe('scripts', () => {
  let out: string;
  let run: CliResult;
  let text: string;
  let runs: Run[][];
  const pdf = (): string => path.join(out, 'scripts.pdf');

  beforeAll(async () => {
    out = await tempDir();
    run = await runCli(['build', FIXTURE, '--out', out]);
    text = execFileSync('pdftotext', [pdf(), '-'], { encoding: 'utf8' });
    runs = await runsOf(pdf());
  });

  it('builds without a missing-glyph warning', () => {
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stderr).not.toContain(MESSAGES.missingGlyphs.code);
  });

  it('prints each company name in its own script, in the face of its script', () => {
    for (const [script, name, font] of NAMES) {
      expect(bare(text), script).toContain(bare(name));
      if (font === null) continue;
      const set = runs.flat().filter((r) => name.includes(r.str.trim()) && /[^\u0000-\u007f]/.test(r.str));
      expect(set.length, script).toBeGreaterThan(0);
      for (const r of set) expect(r.font, `${script}: ${r.str}`).toMatch(new RegExp(`^${font}-`));
    }
  });

  it('embeds every face as a CID TrueType subset, never Type 3', () => {
    const fonts = pdfFonts(pdf());
    for (const f of fonts) {
      expect(f.type, f.name).toBe('CID TrueType');
      expect(f.embedded, f.name).toBe(true);
      expect(f.name, f.name).toMatch(/^[A-Z]{6}\+/);
    }
    const families = new Set(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '').replace(/-.*$/, '')));
    expect([...families].sort()).toEqual(['NotoSans', 'NotoSansArabic', 'NotoSansHebrew', 'NotoSansJP', 'NotoSansKR', 'NotoSansSC', 'NotoSansTC', 'NotoSansThai']);
  });

  it('sets Han characters in the forms of their language: lang picks the CJK face', () => {
    // 直骨 is drawn differently in Chinese, Japanese and Korean; each quotation and the untagged line carry it.
    const fontsOf = (before: string): string[] => {
      const page = runs.find((p) => p.some((r) => r.str.includes(before)))!;
      const at = page.findIndex((r) => r.str.includes(before));
      return page.slice(at).filter((r) => r.str.includes('直骨')).slice(0, 1).map((r) => r.font);
    };
    expect(fontsOf('Simplified Chinese:')).toEqual(['NotoSansSC-Regular']);
    expect(fontsOf('Traditional Chinese:')).toEqual(['NotoSansTC-Regular']);
    expect(fontsOf('Japanese:')).toEqual(['NotoSansJP-Regular']);
    expect(fontsOf('Korean:')).toEqual(['NotoSansKR-Regular']);
    expect(fontsOf('outside any span')).toEqual(['NotoSansSC-Regular']);
  });

  it('sets Arabic and Hebrew right to left inside the Latin sentence around them', () => {
    const page = runs.find((p) => p.some((r) => r.str.startsWith('Arabic: the name')))!;
    const line = (start: string, words: readonly string[], end: string): void => {
      const from = page.findIndex((r) => r.str.startsWith(start));
      const to = page.findIndex((r, i) => i > from && r.str.startsWith(end));
      const x = (w: string): number => page.slice(from, to).find((r) => r.str.includes(w))!.x;
      // The first word in reading order stands right of the second; the Latin text keeps its order around both.
      expect(x(words[0]!), words[0]).toBeGreaterThan(x(words[1]!));
      expect(page[from]!.x).toBeLessThan(Math.min(x(words[0]!), x(words[1]!)));
      expect(page[to]!.x).toBeGreaterThan(Math.max(x(words[0]!), x(words[1]!)));
    };
    line('Arabic: the name', ['رك', 'الصحراء'], 'comes first');
    line('Hebrew: the name', ['גליל', 'פארמה'], 'comes first');
    expect(text).toMatch(/Arabic: the name .*\n?.*comes first in its filing\./);
  });

  it('marks the language and direction of local names and language spans in the HTML', async () => {
    const html = await readFile(path.join(out, 'scripts.html'), 'utf8');
    expect(html).toContain('<span class="local-name" lang="ja" dir="auto">さくら自動車</span>');
    expect(html).toContain('<span lang="ar" dir="auto">شركة الصحراء</span>');
    expect(html).toMatch(/:where\(:lang\(ja\)\)\{font-family:'Noto Sans', 'Noto Sans JP',/);
  });
});

describe('a character no shipped face has', () => {
  it('is a warning at the file, line, column and field it is typed in', async () => {
    const dir = path.join(await tempDir(), 'scripts');
    await cp(FIXTURE, dir, { recursive: true });
    const company = path.join(dir, 'companies', 'aigaio-ferries.yaml');
    await writeFile(company, (await readFile(company, 'utf8')).replace('A ferry line registered', 'A ferry line ⚡ registered'));
    await writeFile(path.join(dir, 'sections', 'voices.md'), `${await readFile(path.join(dir, 'sections', 'voices.md'), 'utf8')}Ethiopic has no face: ሰላም.\n`);
    const r = await runCli(['check', dir]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const code = MESSAGES.missingGlyphs.code;
    expect(r.stderr).toContain(`${path.join(dir, 'companies', 'aigaio-ferries.yaml')}:7:23 profile: the fonts have no glyph for "⚡" (U+26A1) [${code}]`);
    expect(r.stderr).toContain(`${path.join(dir, 'sections', 'voices.md')}:18:23 the fonts have no glyph for "ሰ" (U+1230), "ላ" (U+120B), "ም" (U+121D) [${code}]`);
  });
});
