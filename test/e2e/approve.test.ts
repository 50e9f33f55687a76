/**
 * The approved version (#26), through the CLI as a subprocess: `briefing approve` records a build in
 * approved.json, `build` then compares with it by default (changes.json, changes.md, the PDF's changes
 * section), `--since` overrides it, and approve refuses with a located error when there is nothing to approve
 * or the build is older than the content.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';
import { readPdf } from '../helpers/pdf.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'three-banks');

/** The three-bank fixture in a temporary folder, printing the changes section last. */
async function threeBanks(): Promise<string> {
  const dir = path.join(await tempDir(), 'three-banks');
  await cp(FIXTURE, dir, { recursive: true });
  await edit(dir, 'briefing.yaml', 'takeaways, sources]', 'takeaways, sources, changes]');
  return dir;
}

/** Replace `from` (which must be there) by `to` in a file of the briefing. */
async function edit(dir: string, rel: string, from: string, to: string): Promise<void> {
  const file = path.join(dir, rel);
  const text = await readFile(file, 'utf8');
  expect(text, `${rel} holds ${from}`).toContain(from);
  await writeFile(file, text.replace(from, to));
}

/** A figure, a sentence, a risk and a source, edited as an analyst would. */
async function editFour(dir: string): Promise<void> {
  await edit(dir, 'companies/rheinbank.yaml', 'value: 15.9%', 'value: 16.2%');
  await edit(dir, 'sections/summary.md', 'Each bank now guides to flat or slightly lower margins for 2025.', 'Each bank now guides to lower margins for 2025.');
  await edit(dir, 'risks.yaml', 'likelihood: 3', 'likelihood: 4');
  await edit(dir, 'sources.yaml', 'title: Reference exchange rates, 28 February 2025', 'title: Reference exchange rates at month end, 28 February 2025');
}

type Keyed = { key: string; change?: string; fields?: string[] };
const keys = (xs: Keyed[]): string[] => xs.map((x) => `${x.key}${x.change ? `=${x.change}` : ''}${x.fields ? `:${x.fields.join(',')}` : ''}`);

describe('the approved version', () => {
  it('build compares with it by default: exactly the edited figure, sentence, risk and source (and the chart of the figure)', async () => {
    const dir = await threeBanks();
    const first = await tempDir();
    expect((await runCli(['build', dir, '--out', first, '--format', 'html'])).code).toBe(EXIT.ok);
    const approve = await runCli(['approve', dir, '--out', first]);
    expect(approve.code, approve.stderr).toBe(EXIT.ok);
    expect(approve.stdout).toContain(`approved three-banks: the build of `);
    expect(approve.stdout).toMatch(/recorded 12 figures, 5 metric rows, 0 claims, 1 risk, 1 takeaway, 2 charts, 2 sources, 1 prose section \(3 paragraphs\)/);
    const approved = JSON.parse(await readFile(path.join(dir, 'approved.json'), 'utf8'));
    expect(approved.approved).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(approved.manifest).toMatchObject({ id: 'three-banks', ok: true });
    expect(approved.snapshot.prose.summary.blocks).toHaveLength(3);

    await editFour(dir);
    // The build is now older than the content: approving it is refused at the file changed last.
    const stale = await runCli(['approve', dir, '--out', first]);
    expect(stale.code).toBe(EXIT.content);
    // (Files written in one millisecond tie: any of the four edited may be named.)
    const at = stale.stderr.slice('error: '.length, stale.stderr.indexOf(' the build of'));
    expect(['companies/rheinbank.yaml', 'sections/summary.md', 'risks.yaml', 'sources.yaml'].map((f) => path.join(dir, f))).toContain(at);
    expect(stale.stderr).toContain(` the build of "three-banks" in ${path.join(first, 'manifest.json')} is older than the content (this file changed after it)`);
    expect(stale.stderr).toContain('[BR310]');

    const second = await tempDir();
    const r = await runCli(['build', dir, '--out', second]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stderr).toContain(`three-banks: 5 changes since the version approved on ${approved.approved.slice(0, 10)} (baseline ${path.join(dir, 'approved.json')}; `);
    const changes = JSON.parse(await readFile(path.join(second, 'changes.json'), 'utf8'));
    expect(changes.since).toBe('approved');
    const report = changes.briefings[0].changes;
    expect(changes.briefings[0].baseline).toBe(path.join(dir, 'approved.json'));
    expect(report.count).toBe(5);
    expect(keys(report.figures.changed)).toEqual(['rheinbank-cet1']);
    expect([report.figures.added, report.figures.removed, report.metrics.changed, report.metrics.added, report.metrics.removed, report.claims]).toEqual([[], [], [], [], [], []]);
    expect(keys(report.prose)).toEqual(['summary:2=changed:text']);
    expect(keys(report.risks)).toEqual(['r-rate-cuts=changed:likelihood']);
    expect(keys(report.sources)).toEqual(['s-rates=changed:title']);
    // The chart that draws the edited figure changed with it; nothing else did.
    expect(keys(report.charts)).toEqual(['cet1=changed:rows']);
    expect([report.takeaways, report.sections]).toEqual([[], []]);

    const md = await readFile(path.join(second, 'changes.md'), 'utf8');
    expect(md).toContain(`### three-banks: what changed since the version approved on ${approved.approved.slice(0, 10)}`);
    expect(md).toContain('- Rheinbank CET1 ratio FY2024: 15.9% → 16.2% (+0.3\u00a0pp)');
    expect(md).toContain('- Summary, paragraph 2 edited: “Each bank now guides to lower margins for 2025. Fee…” (was “Each bank now guides to flat or slightly lower margins for 2025. Fee…”)');
    expect(md).toContain('- Risk changed: Faster rate cuts squeeze margins: likelihood 3 → 4');
    expect(md).toContain('- Source changed: Fixture FX Desk, Reference exchange rates at month end, 28 February 2025 (fictional test source): title ');
    expect(md.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(5);

    // The PDF's changes section says the same.
    const pdf = (await readPdf(path.join(second, 'three-banks.pdf'))).pages.join(' ').replace(/\s+/g, ' ');
    expect(pdf).toContain('What changed since the version approved on');
    for (const words of ['Figures that changed', 'Rheinbank CET1 ratio FY2024', 'Summary, paragraph 2 edited', 'Risk changed: Faster rate cuts squeeze margins: likelihood 3 → 4', 'Source changed: Fixture FX Desk', 'Chart changed:']) expect(pdf).toContain(words);

    // --since overrides the approved version: compared with the first build, which printed the same as approved.
    const third = await tempDir();
    const since = await runCli(['build', dir, '--out', third, '--format', 'html', '--since', first]);
    expect(since.code, since.stderr).toBe(EXIT.ok);
    expect(since.stderr).toContain(`(baseline ${path.join(first, 'manifest.json')}; `);
    const overridden = JSON.parse(await readFile(path.join(third, 'changes.json'), 'utf8'));
    expect(overridden.since).toBe(path.join(first, 'manifest.json'));
    expect(overridden.briefings[0].changes).toMatchObject({ count: 5, sinceApproved: null });
    // Against the second build, nothing changed: --since wins over approved.json, which would say 5.
    const fourth = await tempDir();
    const none = await runCli(['build', dir, '--out', fourth, '--format', 'html', '--since', second]);
    expect(JSON.parse(await readFile(path.join(fourth, 'changes.json'), 'utf8')).briefings[0].changes.count).toBe(0);
    expect(none.stderr).toContain('0 changes since');
  });

  it('approve without a build fails at the manifest it looked in; a failed or foreign build is no build to approve', async () => {
    const dir = await threeBanks();
    const empty = await tempDir();
    const r = await runCli(['approve', dir, '--out', empty]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`error: ${path.join(empty, 'manifest.json')} no build of briefing "three-banks" is recorded here; build it before approving it [BR309]`);
    expect(r.stderr).toContain('→ Build the briefing into that folder');
    const other = await tempDir();
    expect((await runCli(['build', path.join(ROOT, 'test', 'fixtures', 'pharma-fx'), '--out', other, '--format', 'html'])).code).toBe(EXIT.ok);
    expect((await runCli(['approve', dir, '--out', other])).stderr).toContain('[BR309]');
    await expect(readFile(path.join(dir, 'approved.json'))).rejects.toThrow();
  });

  it('refuses to approve a draft: the approved version carries no Draft mark', async () => {
    const dir = await threeBanks();
    const out = await tempDir();
    expect((await runCli(['build', dir, '--out', out, '--format', 'pdf', '--draft'])).code).toBe(EXIT.ok);
    const r = await runCli(['approve', dir, '--out', out]);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain('[BR314]');
    expect(r.stderr).toContain(path.join(out, 'manifest.json'));
  });

  it('a bad approved.json fails the build of its briefing at its line', async () => {
    const dir = await threeBanks();
    await writeFile(path.join(dir, 'approved.json'), '{\n  "approved": "yesterday",\n  "manifest": {}\n}\n');
    const out = await tempDir();
    const r = await runCli(['build', dir, '--out', out, '--format', 'html']);
    expect(r.code).toBe(EXIT.content);
    expect(r.stderr).toContain(`${path.join(dir, 'approved.json')}:2:15 approved: approved.json is not an approved version as briefing approve writes it`);
    expect(r.stderr).toContain('[BR196]');
  });
});
