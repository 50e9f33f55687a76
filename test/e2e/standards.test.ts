/**
 * Standards-grade output (issue #27): every PDF claims and meets PDF/UA-1 and PDF/A-2b by default. Checked with
 * the suite's own conformance check (test/helpers/conformance.ts, which shares no code with the standards pass)
 * on both samples, a three-company fixture, a generated 100-company briefing, a draft, a briefing whose own
 * template adds a running header and a side box, one with a right-to-left title, and one whose template shows
 * text outside the structure (a warning); and the standards pass changes neither the pages' look nor their text: each page is
 * rendered with and without it and compared pixel for pixel, and pdftotext reads the same words.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { appendFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyBriefing, generateBriefing } from '../../bench/lib/content.ts';
import { ROOT, runCli, SAMPLE, tempDir, type CliResult } from '../helpers/cli.ts';
import { checkConformance } from '../helpers/conformance.ts';

const SECOND = path.join(ROOT, 'content', 'china-ai-2026');
const BANKS = path.join(ROOT, 'test', 'fixtures', 'three-banks');
const BOTH = ['ua-1', 'a-2b'] as const;

/** Every page of a PDF rendered in grey at `dpi` by poppler, as raw PGM bytes. */
function renderPages(file: string, dpi = 40): Buffer[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'pages-'));
  try {
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), file, path.join(dir, 'p')]);
    return readdirSync(dir)
      .sort()
      .map((name) => readFileSync(path.join(dir, name)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text poppler reads from a PDF, in reading order as laid out. */
function pdftotext(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The manifest's entry for a briefing id. */
async function manifestEntry(out: string, id: string): Promise<Record<string, unknown>> {
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { briefings: Record<string, unknown>[] };
  return manifest.briefings.find((b) => b['id'] === id)!;
}

describe('PDF/UA-1 and PDF/A-2b by default', () => {
  let out: string;
  let plain: string;
  let run: CliResult;
  let runPlain: CliResult;
  const ids = ['ai-ipo-2026', 'china-ai-2026', 'three-banks', 'hundred-companies', 'banks-own-header', 'banks-rtl-title'];
  let draftOut: string;
  let runDraft: CliResult;
  let fixedOut: string;
  let runFixed: CliResult;

  beforeAll(async () => {
    const root = await tempDir();
    const hundred = path.join(root, 'hundred');
    await generateBriefing(hundred, 100, 'hundred-companies');
    // A briefing whose own template adds a running header of its own in a page margin box.
    const ownHeader = path.join(root, 'own-header');
    await copyBriefing(BANKS, ownHeader, 'banks-own-header');
    await mkdir(path.join(ownHeader, 'templates'), { recursive: true });
    await cp(path.join(ROOT, 'templates', 'default', 'styles.css'), path.join(ownHeader, 'templates', 'styles.css'));
    // Its own header text, and a box of its own in the left margin.
    await appendFile(
      path.join(ownHeader, 'templates', 'styles.css'),
      '\n@page { @top-left { content: "Internal: not for distribution"; font-size: 8pt; } @left-middle { content: "CONFIDENTIAL"; font-size: 7pt; } }\n',
    );
    // A right-to-left title: Chromium sets it (in the running header too) inside /ReversedChars marked content.
    const rtl = path.join(root, 'rtl');
    await copyBriefing(BANKS, rtl, 'banks-rtl-title');
    const yaml = path.join(rtl, 'briefing.yaml');
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace(/^title: .*$/m, 'title: "Bank margins — هوامش البنوك"'));
    // Text a template shows in the page body outside the structure: a fixed-position box.
    const fixed = path.join(root, 'fixed');
    await copyBriefing(BANKS, fixed, 'banks-fixed-box');
    await mkdir(path.join(fixed, 'templates'), { recursive: true });
    await cp(path.join(ROOT, 'templates', 'default', 'styles.css'), path.join(fixed, 'templates', 'styles.css'));
    await appendFile(path.join(fixed, 'templates', 'styles.css'), '\nbody::after { content: "Internal use only"; position: fixed; top: 40%; left: 0; }\n');
    out = await tempDir();
    plain = await tempDir();
    draftOut = await tempDir();
    fixedOut = await tempDir();
    const dirs = [SAMPLE, SECOND, BANKS, hundred, ownHeader, rtl];
    // One at a time: a document loaded while another page printed could lose the page margin boxes of its
    // right-to-left running header (Chromium 156; see the batch test), and this test compares the two runs.
    run = await runCli(['build', ...dirs, '--out', out, '--format', 'pdf', '--concurrency', '1']);
    runPlain = await runCli(['build', ...dirs, '--out', plain, '--format', 'pdf', '--concurrency', '1', '--pdf-standard', 'none']);
    runDraft = await runCli(['build', BANKS, '--out', draftOut, '--format', 'pdf', '--draft']);
    runFixed = await runCli(['build', fixed, '--out', fixedOut, '--format', 'pdf']);
  });

  it('builds every briefing, with and without the standards', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(runPlain.code, runPlain.stderr).toBe(0);
  });

  it.each(ids)('%s meets every checkpoint of PDF/UA-1 and PDF/A-2b that the suite checks', async (id) => {
    const findings = await checkConformance(new Uint8Array(await readFile(path.join(out, `${id}.pdf`))), BOTH);
    expect(findings).toEqual([]);
  });

  it('a draft, its mark drawn after printing, meets them too', async () => {
    expect(runDraft.code, runDraft.stderr).toBe(0);
    expect(await checkConformance(new Uint8Array(await readFile(path.join(draftOut, 'three-banks.pdf'))), BOTH)).toEqual([]);
  });

  it('warns, with the page, about text a template shows outside the structure, and still meets the checkpoints', async () => {
    expect(runFixed.code, runFixed.stderr).toBe(0);
    const warnings = (await manifestEntry(fixedOut, 'banks-fixed-box'))['warnings'] as { code: string; page?: number }[];
    const hidden = warnings.filter((w) => w.code === 'BR508');
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((w) => typeof w.page === 'number')).toBe(true);
    expect(await checkConformance(new Uint8Array(await readFile(path.join(fixedOut, 'banks-fixed-box.pdf'))), BOTH)).toEqual([]);
  });

  it('the same PDFs without the standards pass fail those checkpoints (the check sees real faults)', async () => {
    const findings = await checkConformance(new Uint8Array(await readFile(path.join(plain, 'three-banks.pdf'))), BOTH);
    const checkpoints = new Set(findings.map((f) => f.checkpoint));
    expect(checkpoints.size).toBeGreaterThanOrEqual(4);
  });

  it('manifest.json records what each PDF claims', async () => {
    for (const id of ids) expect((await manifestEntry(out, id))['pdfStandard'], id).toEqual([...BOTH]);
    expect((await manifestEntry(plain, 'three-banks'))['pdfStandard']).toEqual([]);
  });

  it.each(ids)('%s: the pages look the same and read the same with and without the standards pass', (id) => {
    const [a, b] = [path.join(out, `${id}.pdf`), path.join(plain, `${id}.pdf`)];
    const [pagesA, pagesB] = [renderPages(a), renderPages(b)];
    expect(pagesA.length).toBe(pagesB.length);
    const differing = pagesA.flatMap((p, i) => (p.equals(pagesB[i]!) ? [] : [i + 1]));
    expect(differing, 'pages that render differently').toEqual([]);
    expect(pdftotext(a)).toBe(pdftotext(b));
  });
});

describe('choosing the standards', () => {
  it('briefing.yaml pdfStandard: one standard, or none; the command line overrides it', async () => {
    const root = await tempDir();
    const dir = path.join(root, 'banks');
    await copyBriefing(BANKS, dir, 'banks-ua');
    const yaml = path.join(dir, 'briefing.yaml');
    await writeFile(yaml, `${await readFile(yaml, 'utf8')}pdfStandard: ua-1\n`);
    const out = await tempDir();
    const built = await runCli(['build', dir, '--out', out, '--format', 'pdf']);
    expect(built.code, built.stderr).toBe(0);
    expect((await manifestEntry(out, 'banks-ua'))['pdfStandard']).toEqual(['ua-1']);
    const bytes = new Uint8Array(await readFile(path.join(out, 'banks-ua.pdf')));
    expect(await checkConformance(bytes, ['ua-1'])).toEqual([]);
    // PDF/UA only: no PDF/A identification in the XMP.
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('pdfaid:part');
    const over = await runCli(['build', dir, '--out', out, '--format', 'pdf', '--pdf-standard', 'none']);
    expect(over.code, over.stderr).toBe(0);
    expect((await manifestEntry(out, 'banks-ua'))['pdfStandard']).toEqual([]);
  });

  it('refuses an unknown standard, in briefing.yaml at its line and on the command line', async () => {
    const root = await tempDir();
    const dir = path.join(root, 'banks');
    await copyBriefing(BANKS, dir, 'banks-bad');
    const yaml = path.join(dir, 'briefing.yaml');
    const text = await readFile(yaml, 'utf8');
    await writeFile(yaml, `${text}pdfStandard: [ua-2]\n`);
    const out = await tempDir();
    const bad = await runCli(['build', dir, '--out', out, '--format', 'pdf']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(`briefing.yaml:${text.split('\n').length}`);
    expect(bad.stderr).toContain('pdfStandard');
    const cli = await runCli(['build', BANKS, '--out', out, '--pdf-standard', 'ua-1,pdf-x']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('unknown PDF standard "pdf-x"');
  });
});
