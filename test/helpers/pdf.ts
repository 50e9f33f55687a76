/**
 * Test helpers that read a PDF the way a reader's software does: pdf.js for text, pages, outline and
 * metadata; poppler's `pdffonts` for font embedding.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One outline (bookmark) entry, the page (1-based) and height (pt from the bottom) it points at, and its children. */
export interface OutlineEntry {
  title: string;
  page: number;
  y: number;
  children: OutlineEntry[];
}

/** A link annotation: an internal destination name or an external URL. */
export interface LinkAnnotation {
  page: number;
  dest: string | null;
  url: string | null;
}

/** What a test needs to know about a PDF. */
export interface ParsedPdf {
  /** Text of each page, items joined with spaces, in page order. */
  pages: string[];
  /** Page sizes in pt, [width, height]. */
  sizes: [number, number][];
  outline: OutlineEntry[];
  info: Record<string, unknown>;
  links: LinkAnnotation[];
  /** Alt text of every Figure element of the tagged structure, in page order. */
  figureAlts: (string | null)[];
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
    type RawOutline = { title: string; dest: unknown; items: RawOutline[] };
    const convert = async (items: RawOutline[] | null): Promise<OutlineEntry[]> =>
      Promise.all(
        (items ?? []).map(async (o) => {
          const dest = (typeof o.dest === 'string' ? await doc.getDestination(o.dest) : o.dest) as [{ num: number; gen: number }, unknown, number, number] | null;
          return {
            title: o.title,
            page: dest ? (await doc.getPageIndex(dest[0])) + 1 : 0,
            y: dest ? dest[3] : 0,
            children: await convert(o.items),
          };
        }),
      );
    const outline = await convert((await doc.getOutline()) as RawOutline[] | null);
    const meta = await doc.getMetadata();
    const links: LinkAnnotation[] = [];
    const figureAlts: (string | null)[] = [];
    type StructNode = { role?: string; alt?: string; children?: StructNode[] };
    const walk = (n: StructNode): void => {
      if (n.role === 'Figure') figureAlts.push(n.alt ?? null);
      (n.children ?? []).forEach(walk);
    };
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      for (const a of (await page.getAnnotations()) as { subtype: string; dest?: unknown; url?: string }[]) {
        if (a.subtype === 'Link') links.push({ page: i, dest: typeof a.dest === 'string' ? a.dest : null, url: a.url ?? null });
      }
      const tree = (await page.getStructTree()) as StructNode | null;
      if (tree) walk(tree);
    }
    return { pages, sizes, outline, info: meta.info as Record<string, unknown>, links, figureAlts };
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

/** Resolution pages are rendered at to measure their fill, dots per inch. */
const DPI = 30;

/**
 * How full each page of a PDF is, measured from the rendered pages: per page, the lowest ink in the content box
 * (page height less `marginMm` top and bottom, where the running header and footer print) as a share (0–1)
 * of the content box's height. Pages are rendered in grey at 30 dpi with poppler's `pdftoppm`; a pixel darker
 * than 240 of 255 is ink.
 */
export function pageFill(file: string, marginMm = 22): number[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'fill-'));
  try {
    execFileSync('pdftoppm', ['-gray', '-r', String(DPI), file, path.join(dir, 'p')]);
    return readdirSync(dir)
      .sort()
      .map((name) => {
        const pgm = readFileSync(path.join(dir, name));
        // Binary PGM: "P5", width, height, maxval, each followed by one whitespace, then the pixels.
        const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'))!;
        const [w, h] = [Number(header[1]), Number(header[2])];
        const pixels = pgm.subarray(header[0].length);
        const margin = Math.round((marginMm / 25.4) * DPI);
        const [top, bottom] = [margin, h - margin];
        let lowest = top;
        for (let y = top; y < bottom; y++) {
          for (let x = 0; x < w; x++) if (pixels[y * w + x]! < 240) { lowest = y + 1; break; }
        }
        return (lowest - top) / (bottom - top);
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
