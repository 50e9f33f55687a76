/**
 * The "Draft" mark (#26): `build --draft` and the preview's `/pdf` mark every page with the word, drawn as a
 * pagination artifact (`/Artifact <</Type /Pagination /Subtype /Watermark>> BDC … EMC`) in an embedded subset of
 * Noto Sans Bold; text extraction finds the word once a page. A build without --draft carries no mark and adds
 * no content stream to Chromium's; manifest.json says `draft: true` only for a draft. On the time-series
 * fixture (a few pages).
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFObject } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { preview } from '../../src/api.ts';
import { EXIT } from '../../src/errors.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';
import { pdfFonts } from '../helpers/pdf.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'time-series');
const ARTIFACT = /\/Artifact\s*<<\s*\/Type\s*\/Pagination\s*\/Subtype\s*\/Watermark\s*>>\s*BDC\b([\s\S]*?)\bEMC\b/g;

/** Each page's content streams, decoded and joined, and whether the page kept Chromium's single stream. */
async function pageContents(bytes: Uint8Array): Promise<{ text: string; streams: number }[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const decode = (obj: PDFObject | undefined): string => {
    const s = obj === undefined ? undefined : doc.context.lookup(obj);
    return s instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(s).decode()).toString('latin1') : '';
  };
  return doc.getPages().map((p) => {
    const contents = p.node.Contents();
    return contents instanceof PDFArray ? { text: contents.asArray().map(decode).join('\n'), streams: contents.size() } : { text: decode(contents), streams: 1 };
  });
}

/** pdftotext of one page (1-based). */
const pageText = (file: string, page: number): string => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });

/** The count of `word` as a word in `text`. */
const occurrences = (text: string, word: string): number => text.split(/\s+/).filter((w) => w === word).length;

/** Build the fixture into a new folder; returns the folder. */
async function built(...flags: string[]): Promise<string> {
  const out = await tempDir();
  const r = await runCli(['build', FIXTURE, '--out', out, '--format', 'pdf', ...flags]);
  expect(r.code, r.stderr).toBe(EXIT.ok);
  return out;
}

const PDF = 'time-series-fixture.pdf';

describe('build --draft', () => {
  let draft: string;
  let plain: string;
  beforeAll(async () => {
    [draft, plain] = await Promise.all([built('--draft'), built()]);
  });

  it('marks every page with a watermark artifact holding the word, which pdftotext finds once a page', async () => {
    const file = path.join(draft, PDF);
    const pages = await pageContents(await readFile(file));
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, p] of pages.entries()) {
      const marks = [...p.text.matchAll(ARTIFACT)];
      expect(marks, `page ${i + 1}`).toHaveLength(1);
      // The label and the word: a filled path and one text object, inside the artifact.
      expect(marks[0]![1]).toMatch(/\bh\s+f\b[\s\S]*\bBT\b[\s\S]*\bTj\b[\s\S]*\bET\b/);
      expect(occurrences(pageText(file, i + 1), 'Draft'), `page ${i + 1}`).toBe(1);
    }
    // Set in an embedded subset of Noto Sans Bold, as PDF/A asks of every font.
    expect(pdfFonts(file)).toContainEqual(expect.objectContaining({ name: 'BRDRFT+NotoSans-Bold', type: 'CID TrueType', embedded: true }));
  });

  it('changes no other text of a page, and says draft: true in the manifest', async () => {
    const [d, p] = [path.join(draft, PDF), path.join(plain, PDF)];
    const pages = (await pageContents(await readFile(d))).length;
    for (let i = 1; i <= pages; i++) expect(pageText(d, i).replace(/^Draft\n\n?/m, ''), `page ${i}`).toBe(pageText(p, i));
    expect(JSON.parse(await readFile(path.join(draft, 'manifest.json'), 'utf8')).draft).toBe(true);
  });

  it('without --draft: no mark, no stream added to Chromium’s, no draft in the manifest', async () => {
    const file = path.join(plain, PDF);
    const pages = await pageContents(await readFile(file));
    for (const [i, p] of pages.entries()) {
      expect(p.text, `page ${i + 1}`).not.toMatch(/\/Watermark/);
      // One content stream: Chromium's, which the standards pass marks in place (running header and footer as
      // pagination artifacts), with no stream of the draft mark's added.
      expect(p.streams, `page ${i + 1}`).toBe(1);
      expect(occurrences(pageText(file, i + 1), 'Draft')).toBe(0);
    }
    expect(pdfFonts(file).map((f) => f.name)).not.toContain('BRDRFT+NotoSans-Bold');
    expect(JSON.parse(await readFile(path.join(plain, 'manifest.json'), 'utf8'))).not.toHaveProperty('draft');
  });

  it('prints the same bytes twice, with the mark and without', async () => {
    const [draft2, plain2] = await Promise.all([built('--draft'), built()]);
    for (const [a, b] of [[draft, draft2], [plain, plain2]] as const) expect((await readFile(path.join(a, PDF))).equals(await readFile(path.join(b, PDF)))).toBe(true);
  });
});

describe('the preview’s /pdf', () => {
  it('is a draft: every page carries the mark', async () => {
    const p = await preview(FIXTURE, { port: 0 });
    try {
      const res = await fetch(new URL('pdf', p.url));
      expect(res.status).toBe(200);
      const pages = await pageContents(new Uint8Array(await res.arrayBuffer()));
      expect(pages.length).toBeGreaterThan(1);
      for (const [i, page] of pages.entries()) expect([...page.text.matchAll(ARTIFACT)], `page ${i + 1}`).toHaveLength(1);
    } finally {
      await p.close();
    }
  });
});
