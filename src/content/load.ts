/**
 * Stage 1: content files → validated {@link Briefing}.
 *
 * ```
 * readContentFiles(dir)  ─►  ContentFiles (path → text, nothing parsed)                            read.ts
 * parseBriefing(files)   ─►  YAML with positions ─► zod ─► cross-references ─► prose ─► Briefing   this module
 *                            yaml.ts              validate.ts  references.ts  sections.ts  model.ts
 * ```
 * Every problem of a run is collected and thrown together as one {@link BriefingError}, each diagnostic with
 * file, line, column and field path. Reading and parsing are split so that tests and the preview can parse
 * without touching the disk. This module holds the phases' order and the small phases (files, ids, assemble);
 * the others have a module each.
 */
import path from 'node:path';
import { DiagnosticList, type BriefingError } from '../errors.ts';
import { msg } from '../messages.ts';
import { chartSchema, metricsFileSchema } from './declarations.ts';
import { claimsFileSchema, companySchema, settingsSchema, marketSchema, risksFileSchema, sourcesFileSchema, takeawaysFileSchema, type Company } from './input.ts';
import type { Briefing, LocatedChart, ProseSection } from './model.ts';
import type { ContentFiles } from './read.ts';
import type { InlineUse } from './inline.ts';
import { inlineTargets, resolveReferences, type Resolved } from './references.ts';
import { readNotes, REVIEW_FILE, reviewFileSchema } from './review.ts';
import { parseFile, uniqueIds, type Ids, type LoadRun, type ParsedFiles } from './run.ts';
import { checkInlineValues, checkProse } from './sections.ts';
import type { ParseCache, Parsed } from './validate.ts';
import { checkGroupOrder, checkVocabulary, readingOrder } from './vocabulary-check.ts';
import { vocabularyOf } from './vocabulary.ts';

/**
 * Parse and validate a briefing's files, resolve every reference, and return the {@link Briefing}.
 *
 * ```
 * ContentFiles ─1─► ParsedFiles ─2─► Ids ─3─► Resolved ─4─► prose ─5─► Briefing
 *   (files: YAML + zod)  (ids: sources, companies, vocabulary)  (references: figures, registers,
 *   claims, metrics)  (prose: sections, charts placed, citations, unsourced figures)  (assemble)
 * ```
 * Diagnostics are collected in this order across the phases and thrown together. With a {@link ParseCache},
 * files unchanged since an earlier run are not parsed again.
 * @throws BriefingError with every diagnostic of the run (YAML syntax, schema, duplicate ids, dangling
 *   references, missing sections, citations of unknown sources).
 */
export function parseBriefing(content: ContentFiles, cache?: ParseCache): Briefing {
  const run: LoadRun = { content, diags: new DiagnosticList(), warnings: [], at: (rel) => path.join(content.dir, rel), cache };
  const files = parseFiles(run); // 1. files
  const ids = collectIds(run, files); // 2. ids
  const resolved = resolveReferences(run, files, ids); // 3. references
  const prose = checkProse(run, files, ids); // 4. prose
  const inline = checkInlineValues(run, files, prose, inlineTargets(resolved, files, ids)); // 4. prose: inline values
  return assemble(run, files, ids, resolved, prose, inline); // 5. assemble
}

/**
 * Phase 1, files: every YAML file parsed and validated, charts/<id>.yaml and charts/*.vl.json, companies/*.
 * @throws BriefingError when a required file is missing or any file failed (references need them all).
 */
function parseFiles(run: LoadRun): ParsedFiles {
  const settings = parseFile(run, 'briefing.yaml', settingsSchema, true);
  const sources = parseFile(run, 'sources.yaml', sourcesFileSchema, true);
  const risks = parseFile(run, 'risks.yaml', risksFileSchema, true);
  const takeaways = parseFile(run, 'takeaways.yaml', takeawaysFileSchema, true);
  const claims = parseFile(run, 'claims.yaml', claimsFileSchema, false);
  const market = parseFile(run, 'market.yaml', marketSchema, false);
  const metrics = parseFile(run, 'metrics.yaml', metricsFileSchema, false);
  const { charts, chartSpecs } = parseCharts(run);
  const notes = readNotes(parseFile(run, REVIEW_FILE, reviewFileSchema, false), run.diags, run.warnings);
  const companies: (Parsed<Company> & { rel: string })[] = [];
  for (const rel of run.content.files.keys()) {
    if (!/^companies\/.+\.ya?ml$/.test(rel)) continue;
    const c = parseFile(run, rel, companySchema, true);
    if (c) companies.push({ ...c, rel });
  }
  // Cross-references need every file to have parsed.
  if (!settings || !sources || !risks || !takeaways || run.diags.count > 0) run.diags.throwIfAny();
  return { settings: settings!, sources: sources!, risks: risks!, takeaways: takeaways!, claims, market, metrics, charts, chartSpecs, companies, notes };
}

/** The chart declarations (charts/<id>.yaml, sorted by order, then id) and the briefing's own specs by file name. */
function parseCharts(run: LoadRun): Pick<ParsedFiles, 'charts' | 'chartSpecs'> {
  const charts: LocatedChart[] = [];
  const chartSpecs = new Map<string, string>();
  for (const [rel, text] of run.content.files) {
    const spec = /^charts\/(.+\.vl\.json)$/.exec(rel);
    if (spec) chartSpecs.set(spec[1]!, text);
    const m2 = /^charts\/([a-z0-9][a-z0-9-]*)\.ya?ml$/.exec(rel);
    if (!m2) {
      if (/^charts\/.+\.ya?ml$/.test(rel)) run.diags.add(msg.chartFileName(), { file: run.at(rel) });
      continue;
    }
    const c = parseFile(run, rel, chartSchema, true);
    if (c) charts.push({ ...c.data, id: m2[1]!, at: c.y.locate([]), dataAt: c.y.locate(['data'], true), specAt: c.y.locate(['spec']) });
  }
  charts.sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || a.id.localeCompare(b.id, 'en'));
  return { charts, chartSpecs };
}

/** Phase 2, ids: source and company ids used once, and briefing.yaml's vocabulary checked. */
function collectIds(run: LoadRun, files: ParsedFiles): Ids {
  const { sources, companies, settings } = files;
  const sourceIds = uniqueIds(run, sources.data, 'source', (i) => sources.y.locate([i, 'id']));
  const companyIds = uniqueIds(run, companies.map((c) => c.data), 'company', (i) => companies[i]!.y.locate(['id']));
  const vocabulary = vocabularyOf(settings.data);
  checkVocabulary(settings.data, settings.y, sourceIds, run.diags);
  checkGroupOrder(settings.data, settings.y, companies.map((c) => ({ id: c.data.id, group: c.data.group, rel: c.rel })), run.diags);
  return { sourceIds, companyIds, vocabulary };
}

/**
 * Phase 5, assemble: throw what the run collected, or return the {@link Briefing}, companies in reading order
 * (their groups' order, then each group's `companies:` list, then by name: `readingOrder`).
 */
function assemble(run: LoadRun, files: ParsedFiles, ids: Ids, resolved: Resolved, prose: Map<string, ProseSection>, inlineValues: InlineUse[]): Briefing {
  run.diags.throwIfAny();
  readingOrder(resolved.companies, files.settings.data.groups);
  return {
    dir: run.content.dir,
    settings: files.settings.data,
    vocabulary: ids.vocabulary,
    sources: files.sources.data,
    companies: resolved.companies,
    market: resolved.market,
    risks: files.risks.data,
    takeaways: files.takeaways.data,
    claims: resolved.claims,
    metrics: resolved.metrics,
    charts: files.charts,
    chartSpecs: files.chartSpecs,
    prose,
    inlineValues,
    warnings: run.warnings,
    notes: files.notes,
  };
}
