/**
 * Phase 4 of `parseBriefing`, prose: the sections briefing.yaml lists read from `sections/<id>.md`, and what
 * prose may not do filed as diagnostics: a heading or word too long to lay out, a `::: chart` naming no
 * declared chart (or placing one twice), a citation of an unknown source (in sections and in the profiles,
 * notes and descriptions of the YAML files), a figure stated without a citation, an inline value that names
 * nothing ({@link checkInlineValues}). The scanning is `prose.ts`'s and `inline.ts`'s.
 */
import { diagnostic, type DiagnosticList, type Place } from '../errors.ts';
import { msg, problem } from '../messages.ts';
import { MAX_LINE_CHARS } from './declarations.ts';
import { BUILT_IN_SECTIONS, type BriefingSettings } from './input.ts';
import { inlineTokens, type InlineUse } from './inline.ts';
import type { ProseSection } from './model.ts';
import { chartDirectives, citationProblems, langSpanProblems, unsourcedFigures } from './prose.ts';
import { inlineProblem, type InlineTargets } from './references.ts';
import type { Ids, LoadRun, ParsedFiles } from './run.ts';
import { suggestion } from './units.ts';
import type { Parsed } from './validate.ts';
import type { YamlFile } from './yaml.ts';

/** Longest run of characters without a space in prose: a longer "word" cannot be laid out in reasonable time. */
export const MAX_WORD_CHARS = 1000;

/**
 * Phase 4, prose: the listed sections read, chart directives name declared charts once, citations in prose,
 * profiles, notes and descriptions name sources, and prose states no figure without a citation.
 */
export function checkProse(run: LoadRun, files: ParsedFiles, ids: Ids): Map<string, ProseSection> {
  const prose = readSections(run, files.settings);
  for (const s of prose.values()) checkCitations(s.markdown, s.file, s.bodyLine, ids.sourceIds, run.diags);
  for (const s of prose.values()) checkProseSizes(s, run.diags);
  checkLangSpans(run, prose, files);
  checkChartPlacement(run, prose, files.charts);
  for (const s of prose.values()) {
    for (const u of unsourcedFigures(s.markdown, ids.sourceIds)) run.diags.add(msg.uncitedFigure(u.figure, 'its paragraph'), { file: s.file, line: s.bodyLine + u.line, column: u.column });
  }
  const citedField = (y: YamlFile, at: readonly PropertyKey[], text: string | undefined): void => {
    if (text === undefined) return;
    for (const { marker, message } of citationProblems(text, ids.sourceIds)) {
      run.diags.add(message, y.locateText(at, marker));
    }
  };
  for (const c of files.companies) {
    for (const u of unsourcedFigures(c.data.profile, ids.sourceIds)) run.diags.add(msg.uncitedFigure(u.figure, 'the profile'), c.y.locateText(['profile'], u.figure));
    citedField(c.y, ['profile'], c.data.profile);
    c.data.figures.forEach((f, i) => citedField(c.y, ['figures', i, 'note'], f.note));
  }
  const { market, risks, claims } = files;
  if (market) market.data.figures.forEach((f, i) => citedField(market.y, ['figures', i, 'note'], f.note));
  risks.data.forEach((r, i) => citedField(risks.y, [i, 'description'], r.description));
  claims?.data.forEach((c, i) => citedField(claims.y, [i, 'note'], c.note));
  return prose;
}

/** The sections of briefing.yaml: built-ins or sections/<id>.md, each listed once; an unlisted file is a warning. */
function readSections(run: LoadRun, settings: Parsed<BriefingSettings>): Map<string, ProseSection> {
  const prose = new Map<string, ProseSection>();
  const builtIn = new Set<string>(BUILT_IN_SECTIONS);
  const seenSections = new Set<string>();
  settings.data.sections.forEach(({ id }, i) => {
    if (seenSections.has(id)) run.diags.add(msg.sectionListedTwice(id), settings.y.locate(['sections', i]));
    seenSections.add(id);
    if (builtIn.has(id)) return;
    const rel = `sections/${id}.md`;
    const text = run.content.files.get(rel);
    if (text === undefined) {
      run.diags.add(msg.noSection(id, BUILT_IN_SECTIONS, rel), settings.y.locate(['sections', i]));
      return;
    }
    const section = parseProse(id, run.at(rel), text, run.diags);
    if (section) prose.set(id, section);
  });
  for (const rel of run.content.files.keys()) {
    const m2 = /^sections\/(.+)\.md$/.exec(rel);
    if (m2 && !seenSections.has(m2[1]!)) run.warnings.push(diagnostic(msg.sectionNotListed(rel), { file: run.at(rel) }));
  }
  return prose;
}

/** A section file read: its heading (the first `# ` line, within a line field's length) and body, or undefined. */
function parseProse(id: string, file: string, text: string, diags: DiagnosticList): ProseSection | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  const heading = first === -1 ? undefined : /^#\s+(.+?)\s*#*\s*$/.exec(lines[first]!);
  if (!heading) {
    diags.add(msg.sectionHeading(), { file, line: first === -1 ? 1 : first + 1, column: 1 });
    return undefined;
  }
  if (heading[1]!.length > MAX_LINE_CHARS) {
    diags.add(msg.schemaIssue('schema', problem.tooLong(MAX_LINE_CHARS)), { file, line: first + 1, column: 1 });
    return undefined;
  }
  return { id, title: heading[1]!, markdown: lines.slice(first + 1).join('\n'), file, bodyLine: first + 2 };
}

/**
 * Language spans that would print as written or pick no CJK forms (prose.ts `langSpanProblems`), as warnings:
 * in sections at their line and column, in profiles, notes and descriptions at their field.
 */
function checkLangSpans(run: LoadRun, prose: ReadonlyMap<string, ProseSection>, files: ParsedFiles): void {
  for (const s of prose.values()) {
    s.markdown.split('\n').forEach((text, i) => {
      for (const p of langSpanProblems(text)) run.warnings.push(diagnostic(p.message, { file: s.file, line: s.bodyLine + i, column: text.indexOf(p.written) + 1, excerpt: p.written }));
    });
  }
  const field = (y: YamlFile, at: readonly PropertyKey[], text: string | undefined): void => {
    for (const p of text === undefined ? [] : langSpanProblems(text)) run.warnings.push(diagnostic(p.message, y.locateText(at, p.written)));
  };
  for (const c of files.companies) field(c.y, ['profile'], c.data.profile);
  files.risks.data.forEach((r, i) => field(files.risks.y, [i, 'description'], r.description));
}

/** No heading of a section is longer than a line field may be, and no word longer than {@link MAX_WORD_CHARS}. */
function checkProseSizes(s: ProseSection, diags: DiagnosticList): void {
  s.markdown.split('\n').forEach((text, i) => {
    const place = { file: s.file, line: s.bodyLine + i, column: 1 };
    if (/^\s{0,3}#/.test(text) && text.length > MAX_LINE_CHARS) diags.add(msg.schemaIssue('schema', problem.tooLong(MAX_LINE_CHARS)), place);
    // Runs of non-space matched whole (linear); a pattern of {1001} repeats would re-scan each run per start.
    const word = [...text.matchAll(/\S+/g)].find((w) => w[0].length > MAX_WORD_CHARS);
    if (word) diags.add(msg.wordTooLong(MAX_WORD_CHARS), { ...place, column: word.index + 1 });
  });
}

/** Every `::: chart <id>` in prose names a declared chart, and places it once. */
function checkChartPlacement(run: LoadRun, prose: ReadonlyMap<string, ProseSection>, charts: ParsedFiles['charts']): void {
  const chartIds = new Set(charts.map((c) => c.id));
  const placed = new Set<string>();
  for (const s of prose.values()) {
    for (const d of chartDirectives(s.markdown)) {
      const where = { file: s.file, line: s.bodyLine + d.line, column: 1 };
      if (!chartIds.has(d.id)) run.diags.add(msg.unknownChartDirective(d.id, suggestion(d.id, chartIds)), where);
      else if (placed.has(d.id)) run.diags.add(msg.chartPlacedTwice(d.id), where);
      placed.add(d.id);
    }
  }
}

/** Every citation marker of a section is well formed and names a source: each problem at its line and column. */
function checkCitations(markdown: string, file: string, firstLine: number, sourceIds: ReadonlySet<string>, diags: DiagnosticList): void {
  markdown.split('\n').forEach((line, i) => {
    if (diags.full) return;
    for (const { marker, message } of citationProblems(line, sourceIds)) {
      diags.add(message, { file, line: firstLine + i, column: line.indexOf(marker) + 1 });
    }
  });
}

/** A prose text of the briefing and how to place a part of it: `place(index, needle)` gives file, line and column. */
interface ProseText {
  readonly text: string;
  readonly place: (index: number, needle: string) => Place;
}

/**
 * Every inline value of the briefing's prose, checked and placed: in sections (headings too), company
 * profiles and figure notes, market figure notes, metric notes, chart captions, risk descriptions, takeaways
 * and claim notes. A token not of the form, an unknown id or row, or a metric of several rows named without
 * one is a diagnostic at its line and column, with a did-you-mean.
 * @returns the values in reading order (sections first), each with its place.
 */
export function checkInlineValues(run: LoadRun, files: ParsedFiles, prose: ReadonlyMap<string, ProseSection>, targets: InlineTargets): InlineUse[] {
  const uses: InlineUse[] = [];
  for (const { text, place } of proseTexts(run, files, prose)) {
    for (const t of inlineTokens(text)) {
      const at = place(t.index, t.token);
      const problem = t.ref === undefined ? msg.inlineValueForm(t.token) : inlineProblem(t.ref, targets);
      if (problem !== undefined) run.diags.add(problem, at);
      else uses.push({ ...t.ref!, at });
    }
  }
  return uses;
}

/** The prose texts inline values may be written in, each with its placer (see {@link ProseText}). */
function proseTexts(run: LoadRun, files: ParsedFiles, prose: ReadonlyMap<string, ProseSection>): ProseText[] {
  const texts: ProseText[] = [];
  for (const s of prose.values()) {
    // The heading line, then the body, each line placed by its number in the file.
    // Code is printed as written, so a token in a fenced block or a code span is not a value (nor checked).
    let fenced = false;
    const lines = [`# ${s.title}`, ...s.markdown.split('\n')];
    lines.forEach((written, i) => {
      const fence = /^\s{0,3}(?:```|~~~)/.test(written);
      if (fence) fenced = !fenced;
      if (fence || fenced) return;
      const line = written.replace(/(`+)[^`]*?\1/g, (code) => ' '.repeat(code.length));
      const at = s.bodyLine - 1 + i;
      texts.push({ text: line, place: (index, needle) => ({ file: s.file, line: at, column: i === 0 ? Math.max(1, lineOf(run, s.file, at).indexOf(needle) + 1) : index + 1 }) });
    });
  }
  const field = (y: YamlFile, at: readonly PropertyKey[], text: string | undefined): void => {
    if (text !== undefined) texts.push({ text, place: (_i, needle) => y.locateText(at, needle) });
  };
  for (const c of files.companies) {
    field(c.y, ['profile'], c.data.profile);
    c.data.figures.forEach((f, i) => field(c.y, ['figures', i, 'note'], f.note));
  }
  const { market, metrics, risks, takeaways, claims } = files;
  if (market) market.data.figures.forEach((f, i) => field(market.y, ['figures', i, 'note'], f.note));
  if (metrics) metrics.data.forEach((m, i) => field(metrics.y, [i, 'note'], m.note));
  for (const c of files.charts) texts.push({ text: c.caption, place: (_i, needle) => rawPlace(run, c.at.file ?? run.at(`charts/${c.id}.yaml`), needle) });
  risks.data.forEach((r, i) => field(risks.y, [i, 'description'], r.description));
  takeaways.data.forEach((t, i) => field(takeaways.y, [i, 'takeaway'], t.takeaway));
  claims?.data.forEach((c, i) => field(claims.y, [i, 'note'], c.note));
  return texts;
}

/** The text of line `line` (1-based) of a file of the briefing, as read ('' when there is none). */
function lineOf(run: LoadRun, file: string, line: number): string {
  const rel = [...run.content.files.keys()].find((r) => run.at(r) === file);
  return (rel === undefined ? '' : run.content.files.get(rel)!.replace(/^\uFEFF/, '').split(/\r?\n/)[line - 1]) ?? '';
}

/** Where `needle` first occurs in a file of the briefing, as read (the file alone when nowhere). */
function rawPlace(run: LoadRun, file: string, needle: string): Place {
  const rel = [...run.content.files.keys()].find((r) => run.at(r) === file);
  const text = rel === undefined ? '' : run.content.files.get(rel)!;
  const at = text.indexOf(needle);
  if (at === -1) return { file };
  const before = text.slice(0, at).split('\n');
  return { file, line: before.length, column: before.at(-1)!.length + 1 };
}
