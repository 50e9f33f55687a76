/**
 * The layout pass (src/pdf/layout.ts) against real prints of hand-made documents whose headings sit where the
 * estimate and print used to part: a line that fits the page only in print's whole-pixel page box, and the
 * content after a chart taller than two pages. Each document is printed as a build prints it (one page: load,
 * layout pass, print) and every heading must land on the page the pass gave it.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/pdf/browser.ts';
import type { PageEstimate } from '../../src/pdf/layout.ts';
import { withPrintPage, type OutlineEntry, type PdfMetadata } from '../../src/pdf/print.ts';
import { tempDir } from '../helpers/cli.ts';
import { readPdf } from '../helpers/pdf.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A4 less 20 mm above and 24 mm below: 956.23 px of CSS, 957 in print. */
const PAGE = '@page { size: A4; margin: 20mm 18mm 24mm; } body { margin: 0; font: 10pt/1.4 sans-serif; } h2 { margin: 0; font: 700 16px/20px sans-serif; }';

/** Headings of `html` in order (id, text), for the outline. */
function headingsOf(html: string): Array<[string, string]> {
  return [...html.matchAll(/<h2 id="([^"]+)"[^>]*>([^<]+)<\/h2>/g)].map((m) => [m[1]!, m[2]!]);
}

/** The PDF metadata of a test print with these outline titles. */
function metaOf(headings: readonly string[]): PdfMetadata {
  return { title: 'Layout pass', authors: ['Test'], subject: 'Layout pass', keywords: [], creator: 'test', date: new Date('2025-01-15T00:00:00Z'), headings, standards: [], linkLabels: new Map() };
}

/**
 * Load `html`, run the layout pass, print: the estimate and each heading's printed page (by the outline). With
 * `edited` (`html` with other text), the page is updated to it in place before the print, as a build puts the
 * contents' numbers in.
 */
async function estimateAndPrint(html: string, edited?: string): Promise<{ estimate: PageEstimate; printed: Map<string, number> }> {
  const headings = headingsOf(html);
  const meta = metaOf(headings.map(([, text]) => text));
  return withPrintPage(browser, async (page) => {
    await page.load(html);
    const estimate = await page.estimate(false);
    if (edited !== undefined) expect(await page.update(edited)).toBe(true);
    const { outline } = await page.print(meta);
    const printed = new Map(headings.map(([id, text]) => [id, outline.find((o: OutlineEntry) => o.title === text)?.page ?? 0]));
    return { estimate, printed };
  });
}

describe('the layout pass lands headings where print does', () => {
  it("lays pages out in print's box of whole pixels, so a line that fits a page in print fits its column", async () => {
    // The heading ends at 956.5 px: past the CSS box (956.23 px), inside print's (957 px).
    const html = `<!doctype html><html lang="en"><head><style>${PAGE}</style></head><body><h2 id="first">First</h2><div style="height:916.5px"></div><h2 id="edge">Edge</h2></body></html>`;
    const { estimate, printed } = await estimateAndPrint(html);
    expect(estimate.box).toEqual({ width: 658, height: 957 });
    expect(printed.get('edge')).toBe(1);
    expect(Object.fromEntries(estimate.pages)).toEqual(Object.fromEntries(printed));
  });

  it('places what follows a chart taller than two pages where print does, with no blank under its slices', async () => {
    // Print sliced a chart's wrapper across pages and, when the figure's own text ran on past the slices' last
    // page, left half a page blank at the top of the next: the heading after it printed a page later than the
    // layout pass put it (measured in docs/performance.md): the tallest of these three moved "After" a page on.
    // Printed as loaded, and after an update in place, which must keep what the load set up.
    const sources = Array.from({ length: 1000 }, (_, i) => `${i + 3},<wbr>`).join('');
    // In a wrapper of its own (a block), or inline and alone on its line between the caption and the notes,
    // where the line is the wrapper: the 2,800 px chart's "After" printed a page later than estimated.
    for (const wrapped of [true, false]) {
      for (const tall of [1500, 2672, 2800]) {
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="${tall}" viewBox="0 0 600 ${tall}"${wrapped ? ' style="display:block"' : ''} role="img" aria-label="Tall"><rect width="600" height="${tall}" fill="#ccd"/></svg>`;
        // The wrapper scrolls on screen, as the default template's does: print's styles decide the clip.
        const html = `<!doctype html><html lang="en"><head><style>${PAGE} @media screen { .chart-body { overflow-x: auto; } }</style></head><body><h2 id="start">Start</h2>
<figure style="margin:0;break-inside:avoid"><figcaption>Figure 1. A tall chart</figcaption>${wrapped ? `<div class="chart-body">${svg}</div>` : `\n${svg}\n`}
<p>Likelihood and impact.</p><p style="font-size:7.5pt;margin:0">Sources: ${sources}</p></figure>
<h2 id="after">After</h2><p>Text after the chart.</p></body></html>`;
        for (const edited of [undefined, html.replace('Text after the chart.', 'Edited text after the chart.')]) {
          const { estimate, printed } = await estimateAndPrint(html, edited);
          expect(Object.fromEntries(estimate.pages), `chart ${tall} px tall, ${wrapped ? 'wrapped' : 'inline'}${edited ? ', updated' : ''}`).toEqual(Object.fromEntries(printed));
        }
      }
    }
  });

  it("cuts nothing of a chart that paints past its wrapper's box, and keeps a template's crop a crop", async () => {
    // Print leaves out what a clipped box hides: the clip margin keeps a label below a too-short wrapper, and a
    // wrapper the template clips itself keeps its clip (the label below its crop stays out).
    const chart = (label: string): string => `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" role="img" aria-label="Chart"><text x="10" y="250" font-size="20">${label}</text></svg>`;
    const html = `<!doctype html><html lang="en"><head><style>${PAGE} .crop { height: 100px; overflow: hidden; }</style></head><body><div style="height:100px">${chart('Belowline')}</div><div class="crop">${chart('Cropped')}</div></body></html>`;
    const bytes = await withPrintPage(browser, async (page) => {
      await page.load(html);
      return (await (await page.print(metaOf([]))).finish()).bytes;
    });
    const file = path.join(await tempDir(), 'wrapper.pdf');
    await writeFile(file, bytes);
    const [text] = (await readPdf(file)).pages;
    expect(text).toContain('Belowline');
    expect(text).not.toContain('Cropped');
  });
});
