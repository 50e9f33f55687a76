/**
 * Test helpers that read a PDF the way a reader's software does: pdf.js for text, pages, outline and
 * metadata; poppler's `pdffonts` for font embedding.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One outline (bookmark) entry and its children. */
export interface OutlineEntry {
  title: string;
  children: OutlineEntry[];
}

/** What a test needs to know about a PDF. */
export interface ParsedPdf {
  /** Text of each page, items joined with spaces, in page order. */
  pages: string[];
  /** Page sizes in pt, [width, height]. */
  sizes: [number, number][];
  outline: OutlineEntry[];
  info: Record<string, unknown>;
}

/** Parse a PDF file with pdf.js. */
export async function readPdf(file: string): Promise<ParsedPdf> {
  const data = new Uint8Array(await readFile(file));
  const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    const sizes: [number, number][] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      pages.push(
        content.items
          .map((item) => ('str' in item ? item.str : ''))
          .join(' ')
          .replace(/\s+/g, ' '),
      );
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      sizes.push([Math.round((x1 - x0) * 100) / 100, Math.round((y1 - y0) * 100) / 100]);
    }
    type RawOutline = { title: string; items: RawOutline[] };
    const convert = (items: RawOutline[] | null): OutlineEntry[] => (items ?? []).map((o) => ({ title: o.title, children: convert(o.items) }));
    const outline = convert((await doc.getOutline()) as RawOutline[] | null);
    const meta = await doc.getMetadata();
    return { pages, sizes, outline, info: meta.info as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}

/** One row of `pdffonts`: font name, type, and whether it is embedded. */
export interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
}

/** Fonts of a PDF as `pdffonts` lists them. */
export function pdfFonts(file: string): FontRow[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      // name, then type (may contain spaces), encoding, emb, sub, uni, object, id
      const m = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(l);
      if (!m) throw new Error(`cannot read pdffonts line: ${l}`);
      return { name: m[1]!, type: m[2]!, embedded: m[4] === 'yes' };
    });
}
