/**
 * End to end: the CLI as a subprocess, real Chromium, and the PDF it writes parsed like a reader would.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { copySample, runCli, SAMPLE, tempDir, type CliResult } from '../helpers/cli.ts';
import { pdfFonts, readPdf, type ParsedPdf } from '../helpers/pdf.ts';

describe('briefing build of the AI IPO sample', () => {
  let out: string;
  let run: CliResult;
  let pdf: ParsedPdf;
  let pdfPath: string;
  let html: string;

  beforeAll(async () => {
    out = await tempDir();
    run = await runCli(['build', SAMPLE, '--out', out]);
    pdfPath = path.join(out, 'ai-ipo-2026.pdf');
    if (run.code === 0) {
      pdf = await readPdf(pdfPath);
      html = await readFile(path.join(out, 'ai-ipo-2026.html'), 'utf8');
    }
  });

  it('exits 0 and reports both files', () => {
    // The sample keeps one inconsistent claim on purpose: its warning is all the build says on stderr.
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^warning: .*claims\\.yaml:\\d+:\\d+ stated: claim claim-cohort-liquidity-draw .*\\[${MESSAGES.claimInconsistent.code}\\]$`))]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/built ai-ipo-2026 \(\d+ pages\): .*ai-ipo-2026\.pdf .*ai-ipo-2026\.html/);
  });

  it('writes an A4 PDF whose cover and summary carry the briefing', () => {
    expect(pdf.pages.length).toBeGreaterThanOrEqual(12);
    for (const [w, h] of pdf.sizes) {
      expect(w).toBeCloseTo(595, 0);
      expect(h).toBeCloseTo(842, 0);
    }
    expect(pdf.pages[0]).toContain('The Trillion-Dollar Listings');
    expect(pdf.pages[0]).toContain('1 June 2026');
    expect(pdf.pages[1]).toContain('Executive summary');
    expect(pdf.pages[1]).toContain('$1.75T–$2T');
  });

  it('prints page numbers in the footer after the cover, and none on the cover', () => {
    const total = pdf.pages.length;
    expect(pdf.pages[0]).not.toMatch(/Page \d+ of/);
    expect(pdf.pages[1]).toContain(`Page 2 of ${total}`);
    expect(pdf.pages[total - 1]).toContain(`Page ${total} of ${total}`);
  });

  it('keeps conflicting figures with their sources and flags the claim that does not add up', () => {
    const text = pdf.pages.join('\n');
    expect(text).toContain('$1.77T');
    expect(text).toContain('$1.75T–$2T');
    expect(text).toContain('Figure checks');
    expect(text).toMatch(/inconsistent/);
    expect(text).toContain('Where the money is made');
  });

  it('renders the Chinese company name in an embedded CJK font', () => {
    expect(pdf.pages.join('\n')).toContain('摩尔线程');
    expect(pdfFonts(pdfPath).some((f) => f.name.includes('NotoSansSC'))).toBe(true);
  });

  it('embeds every font, none of them Type 3 and none from the host', () => {
    const fonts = pdfFonts(pdfPath);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.embedded, f.name).toBe(true);
      expect(f.type, f.name).not.toMatch(/Type 3/);
      expect(f.name).toMatch(/\+NotoSans/);
    }
  });

  it('has an outline of the section headings, a tagged structure and metadata from the manifest', () => {
    const titles = pdf.outline.flatMap(function walk(o): string[] {
      return [o.title, ...o.children.flatMap(walk)];
    });
    for (const heading of ['Executive summary', 'Company profiles', 'Key metrics', 'Charts', 'Risk register', 'Figure checks', 'Sources']) {
      expect(titles).toContain(heading);
    }
    expect(pdf.info['Title']).toBe('The Trillion-Dollar Listings');
    expect(pdf.info['Author']).toBe('Briefing desk');
    expect(pdf.info['Subject']).toMatch(/^SpaceX, OpenAI and Anthropic head to public markets/);
    expect(pdf.info['Keywords']).toBe('SpaceX OpenAI Anthropic');
    expect(String(pdf.info['ModDate'])).toMatch(/^D:20260601000000/);
    expect(pdf.info['Creator']).toMatch(/^briefing \d+\.\d+\.\d+$/);
    expect(String(pdf.info['CreationDate'])).toMatch(/^D:20260601000000/);
    expect(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
  });

  it('lists each section in the contents with the page its heading lands on', () => {
    const contents = [...html.matchAll(/<span class="toc-title">([^<]+)<\/span><span class="toc-page">(\d+)<\/span>/g)].map((m) => ({
      title: m[1]!.replace(/&amp;/g, '&').replace(/&#x27;/g, "'"),
      page: Number(m[2]),
    }));
    expect(contents.length).toBe(13);
    // Each entry's page is where the PDF's outline puts the section's heading, and that page prints it.
    const landed = new Map(pdf.outline.flatMap((o) => o.children).map((o) => [o.title, o.page]));
    for (const { title, page } of contents) {
      expect(landed.get(title), `contents says "${title}" starts on page ${page}`).toBe(page);
      expect(pdf.pages[page - 1]).toContain(title);
    }
  });

  it('has outline entries equal to the document headings, in order', () => {
    const titles = pdf.outline.flatMap(function walk(o): string[] {
      return [o.title, ...o.children.flatMap(walk)];
    });
    const headings = [...html.matchAll(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/g)].map((m) =>
      m[1]!
        .replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&#x27;/g, "'")
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(titles).toEqual(headings);
  });

  it('links every citation marker to its entry in the sources list, and source URLs to the web', () => {
    const internal = pdf.links.filter((l) => l.dest !== null);
    expect(internal.length).toBeGreaterThan(50);
    for (const l of internal) expect(l.dest).toMatch(/^(source-s-[a-z-]+|sec-[a-z-]+-h)$/);
    expect(new Set(internal.map((l) => l.dest))).toContain('source-s-gogoai');
    expect(pdf.links.some((l) => l.url === 'https://www.gogoai.xin/article/ai-boom-trillions-spent-ipos-loom')).toBe(true);
    // The contents on the cover link to the sections.
    expect(internal.filter((l) => l.page === 1).map((l) => l.dest)).toContain('sec-risks-h');
  });

  it('gives every figure of the tagged PDF alt text, the charts theirs from their data', () => {
    expect(pdf.figureAlts.length).toBeGreaterThanOrEqual(10);
    for (const alt of pdf.figureAlts) expect(alt).toBeTruthy();
    expect(pdf.figureAlts.some((a) => /Valuation \(US\$ trillion\): .*SpaceX \$1\.77T \(GogoAI News\)/.test(a ?? ''))).toBe(true);
    expect(pdf.figureAlts.some((a) => /^Figure 4\. Risk matrix/.test(a ?? ''))).toBe(true);
  });

  it('never leaves a heading at the foot of a page', () => {
    // A heading's outline destination is its top edge; below it there must be room for at least a few lines.
    const all = pdf.outline.flatMap(function walk(o): typeof pdf.outline {
      return [o, ...o.children.flatMap(walk)];
    });
    for (const o of all) expect(o.y, `"${o.title}" on page ${o.page}`).toBeGreaterThan(62 + 60);
  });

  it('repeats table header rows on every page a table runs onto', () => {
    // The risk register runs from its heading's page to the next section's; every page it is on repeats the header.
    const landed = new Map(pdf.outline.flatMap((o) => o.children).map((o) => [o.title, o.page]));
    const riskPages = pdf.pages.slice(landed.get('Risk register')! - 1, landed.get('Takeaways by stakeholder')).map((p) => ({ p })).filter(({ p }) => /\bR\d+ /.test(p));
    expect(riskPages.length).toBeGreaterThanOrEqual(2);
    for (const { p } of riskPages) expect(p).toMatch(/# Risk Category L I L×I Horizon Sources/);
  });

  it('leaves no blank page', () => {
    // Every page has body text beyond its running header and footer.
    for (const [i, text] of pdf.pages.entries()) expect(text.replace(/Page \d+ of \d+|As of 1 June 2026|The Trillion-Dollar Listings/g, '').trim().length, `page ${i + 1}`).toBeGreaterThan(200);
  });

  it('passes qpdf --check', () => {
    expect(execFileSync('qpdf', ['--check', pdfPath], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
  });

  it('draws every chart with data and numbered captions', () => {
    const text = pdf.pages.join('\n');
    for (let n = 1; n <= 5; n++) expect(text).toContain(`Figure ${n}.`);
    // Each chart is an inline SVG with marks and alt text written from its data.
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBe(5);
    for (const svg of svgs) {
      expect(svg).toMatch(/<desc id="[^"]+">[^<]{40,}<\/desc>/);
      expect(svg).toMatch(/<path|<line|<rect/);
    }
    expect(html).toMatch(/<desc id="fig-valuation-ranges-desc">Valuation \(US\$ trillion\): [^<]*SpaceX \$1\.77T \(GogoAI News\)/);
    expect(html).toMatch(/<desc id="fig-liquidity-scenarios-desc">Liquidity drawn \(US\$ trillion\): 3% \$111B–\$126B \(computed\)/);
  });

  it('writes a self-contained HTML file that fetches nothing', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href)="(https?:|\/\/|file:)(?!\/\/www\.gogoai)/i);
    expect(html).not.toMatch(/url\((?!data:|#)/);
    expect(html).toMatch(/@font-face\{font-family:'Noto Sans'/);
    expect(html).toContain("default-src 'none'");
  });

  it('prints Letter when asked on the command line', async () => {
    const letterOut = await tempDir();
    const r = await runCli(['build', SAMPLE, '--out', letterOut, '--format', 'pdf', '--page-size', 'Letter']);
    expect(r.code).toBe(0);
    const letter = await readPdf(path.join(letterOut, 'ai-ipo-2026.pdf'));
    expect(letter.sizes[0]).toEqual([612, 792]);
    expect((await readdir(letterOut)).sort()).toEqual(['ai-ipo-2026.pdf', 'manifest.json']);
  });
});

describe('briefing build with broken content', () => {
  it('reports every error with file:line, exits 1 and writes nothing', async () => {
    const dir = await copySample();
    const spacex = path.join(dir, 'companies', 'spacex.yaml');
    const text = await readFile(spacex, 'utf8');
    await writeFile(spacex, text.replace('value: "$1.77T"', 'value: "$1.7.7T"'));
    await writeFile(path.join(dir, 'risks.yaml'), (await readFile(path.join(dir, 'risks.yaml'), 'utf8')).replace(/likelihood: \d/, 'likelihood: 9'));
    const out = await tempDir();
    const r = await runCli(['build', dir, '--out', out]);
    expect(r.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('value: "$1.77T"')) + 1;
    expect(r.stderr).toContain(`${spacex}:${line}:`);
    expect(r.stderr).toContain(`[${CATALOGUE.figureValue.code}]`);
    expect(r.stderr).toMatch(/risks\.yaml:\d+:\d+ \[\d+\]\.likelihood/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // A run in which no briefing built writes nothing at all, not even a manifest.
    expect(await readdir(out)).toEqual([]);
    expect(r.stderr).toContain('0 of 1 briefings built');
  });

  it('keeps the previous output when a later build fails', async () => {
    const dir = await copySample();
    const out = await tempDir();
    expect((await runCli(['build', dir, '--out', out, '--format', 'html'])).code).toBe(0);
    const before = await readFile(path.join(out, 'ai-ipo-2026.html'));
    await writeFile(path.join(dir, 'sources.yaml'), 'not: [valid');
    const r = await runCli(['build', dir, '--out', out, '--format', 'html']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`[${CATALOGUE.yamlSyntax.code}]`);
    expect(await readFile(path.join(out, 'ai-ipo-2026.html'))).toEqual(before);
    expect((await readdir(out)).sort()).toEqual(['ai-ipo-2026.html', 'manifest.json']);
    // The manifest is the successful build's, not replaced by the failed one.
    expect(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')).ok).toBe(true);
  });

  it('says what to install when no browser can be found', async () => {
    const out = await tempDir();
    const r = await runCli(['build', SAMPLE, '--out', out, '--format', 'pdf'], { env: { BRIEFING_CHROMIUM: '/nonexistent/chromium' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`[${MESSAGES.browserEnvNotExecutable.code}]`);
    expect(r.stderr).toContain('apt-get install chromium');
  });

  it('dates the PDF from SOURCE_DATE_EPOCH when it is set', async () => {
    const out = await tempDir();
    const r = await runCli(['build', SAMPLE, '--out', out, '--format', 'pdf'], { env: { SOURCE_DATE_EPOCH: '1767225600' } });
    expect(r.code).toBe(0);
    const info = (await readPdf(path.join(out, 'ai-ipo-2026.pdf'))).info;
    expect(String(info['CreationDate'])).toMatch(/^D:20260101000000/);
    expect(String(info['ModDate'])).toMatch(/^D:20260101000000/);
  });

  it('builds byte-identical HTML and PDF from the same input', async () => {
    const a = await tempDir();
    const b = await tempDir();
    expect((await runCli(['build', SAMPLE, '--out', a])).code).toBe(0);
    expect((await runCli(['build', SAMPLE, '--out', b])).code).toBe(0);
    for (const f of ['ai-ipo-2026.pdf', 'ai-ipo-2026.html']) {
      expect(Buffer.compare(await readFile(path.join(a, f)), await readFile(path.join(b, f))), f).toBe(0);
    }
  });
});
