/**
 * Phase 3 of `parseBriefing`, references: figures placed in their files (those of company files, market.yaml
 * and data files), each checked against the vocabulary, its id used once and its sources declared; the risk
 * register, takeaways, claims and metrics checked for the ids they name; the counts of figures bounded; what
 * inline values of prose may name ({@link inlineTargets}, checked by {@link inlineProblem}).
 */
import { diagnostic, type Message, type Place } from '../errors.ts';
import { msg } from '../messages.ts';
import { dataFigures } from './data.ts';
import type { LocatedMetric } from './model.ts';
import type { InlineRef } from './inline.ts';
import { MARKET, type ClaimInput, type Figure, type LoadedCompany, type Located } from './model.ts';
import { uniqueIds, type Ids, type LoadRun, type ParsedFiles } from './run.ts';
import { suggestion } from './units.ts';
import { checkFigureTerms } from './vocabulary-check.ts';
import type { YamlFile } from './yaml.ts';

/**
 * Most figures one company (or the market) and one briefing may state, from YAML and data files together.
 * One company's figures print as one table, and Chromium's table layout is what grew a renderer to 15 GB
 * for 12,000 of them; a briefing of 1,000 companies with a handful each stays well inside the total.
 */
export const FIGURE_LIMITS = { perCompany: 500, total: 50_000 } as const;

/** Phase 3's result: figures placed in their files, claims and metrics located. */
export interface Resolved {
  readonly companies: LoadedCompany[];
  readonly market: Located<Figure>[];
  readonly claims: Located<ClaimInput>[];
  readonly metrics: LocatedMetric[];
}

/** Phase 3, references: figures (YAML and data files), risks, takeaways, claims, metrics and key figures. */
export function resolveReferences(run: LoadRun, files: ParsedFiles, ids: Ids): Resolved {
  const place = figurePlacer(run, ids);
  const companies = files.companies.map((c) => loadCompany(run, c, ids, place));
  const market = files.market ? locatedFigures(place, files.market.data.figures, files.market.y) : [];
  // Figures fed from data/*.csv and data/*.json join their company's (or the market's).
  const fed = dataFigures(run.content, run.at, ids.companyIds, place, run.diags);
  for (const c of companies) (c.figures as Located<Figure>[]).push(...(fed.get(c.id) ?? []));
  market.push(...(fed.get(MARKET) ?? []));
  checkFigureCounts(run, companies, market);
  checkRegisters(run, files, ids);
  const claims: Located<ClaimInput>[] = [];
  if (files.claims) {
    const { data, y } = files.claims;
    uniqueIds(run, data, 'claim', (i) => y.locate([i, 'id']));
    data.forEach((c, i) => {
      checkRefs(run, c.sources, ids.sourceIds, 'source', y, [i, 'sources']);
      claims.push({ ...c, at: y.locate([i]) });
    });
  }
  return { companies, market, claims, metrics: loadMetrics(run, files) };
}

/** Places a figure in its file: `(figure, at)` with `at()` the figure's place and `at(field, i)` a field's. */
type FigurePlacer = (stated: Figure, at: (field?: string, index?: number) => Place) => Located<Figure>;

/** A {@link FigurePlacer} that checks each figure's terms, id (once across the briefing) and sources. */
function figurePlacer(run: LoadRun, ids: Ids): FigurePlacer {
  const figureIds = new Map<string, Figure>();
  return (stated, at) => {
    const f = checkFigureTerms(stated, ids.vocabulary, (field) => at(field), run.diags);
    if (f.id !== undefined) {
      if (figureIds.has(f.id)) run.diags.add(msg.duplicateId('figure', f.id), at('id'));
      figureIds.set(f.id, f);
    }
    f.sources.forEach((s, j) => {
      if (!ids.sourceIds.has(s)) run.diags.add(msg.undefinedSource('figure', s), at('sources', j));
    });
    return { ...f, at: at() };
  };
}

/** The `figures:` of a YAML file, placed. */
function locatedFigures(place: FigurePlacer, figs: readonly Figure[], y: YamlFile): Located<Figure>[] {
  return figs.map((f, i) => place(f, (field, j) => y.locate(field === undefined ? ['figures', i] : j === undefined ? ['figures', i, field] : ['figures', i, field, j])));
}

/**
 * No company (or the market) has more than {@link FIGURE_LIMITS}.perCompany figures, and the briefing no
 * more than `.total`: the limit is reported at the company's file, long before a renderer grows to gigabytes.
 */
function checkFigureCounts(run: LoadRun, companies: readonly LoadedCompany[], market: readonly Located<Figure>[]): void {
  const owners = [...companies.map((c) => ({ figures: c.figures, at: c.at })), { figures: market, at: market[0]?.at ?? { file: run.at('market.yaml') } }];
  for (const o of owners) {
    if (o.figures.length > FIGURE_LIMITS.perCompany) run.diags.add(msg.tooManyFigures('company', o.figures.length, FIGURE_LIMITS.perCompany), { file: o.at.file });
  }
  const total = owners.reduce((n, o) => n + o.figures.length, 0);
  if (total > FIGURE_LIMITS.total) run.diags.add(msg.tooManyFigures('briefing', total, FIGURE_LIMITS.total), { file: run.content.dir });
}

/** One company with its figures placed; a file named other than its id is a warning, an unknown group an error. */
function loadCompany(run: LoadRun, c: ParsedFiles['companies'][number], ids: Ids, place: FigurePlacer): LoadedCompany {
  const { groups } = ids.vocabulary;
  const stem = c.rel.replace(/^companies\//, '').replace(/\.ya?ml$/, '');
  if (stem !== c.data.id) {
    run.warnings.push(diagnostic(msg.fileNameNotId(stem, c.data.id), c.y.locate(['id'])));
  }
  if (c.data.group !== undefined && !groups.has(c.data.group)) {
    run.diags.add(msg.unknownGroup(c.data.group, [...groups.keys()], suggestion(c.data.group, groups.keys())), c.y.locate(['group']));
  }
  return { ...c.data, figures: locatedFigures(place, c.data.figures, c.y), at: c.y.locate([]) };
}

/** Every id of `ids` is in `known`; an unknown one is a diagnostic naming `what`, at `base` + its index. */
function checkRefs(run: LoadRun, ids: readonly string[], known: Set<string>, what: string, y: YamlFile, base: readonly PropertyKey[]): void {
  ids.forEach((id, j) => {
    if (!known.has(id)) run.diags.add(msg.unknownId(what, id), y.locate([...base, j]));
  });
}

/** The risk register and the takeaways: ids used once, categories declared, companies and sources known. */
function checkRegisters(run: LoadRun, files: ParsedFiles, ids: Ids): void {
  const { risks, takeaways } = files;
  const categories = ids.vocabulary.riskCategories;
  uniqueIds(run, risks.data, 'risk', (i) => risks.y.locate([i, 'id']));
  risks.data.forEach((r, i) => {
    if (!categories.has(r.category)) {
      run.diags.add(msg.unknownRiskCategory(r.category, suggestion(r.category, categories.keys()), [...categories.keys()]), risks.y.locate([i, 'category']));
    }
    checkRefs(run, r.companies, ids.companyIds, 'company', risks.y, [i, 'companies']);
    checkRefs(run, r.sources, ids.sourceIds, 'source', risks.y, [i, 'sources']);
  });
  uniqueIds(run, takeaways.data, 'takeaway', (i) => takeaways.y.locate([i, 'id']));
  takeaways.data.forEach((t, i) => checkRefs(run, t.sources, ids.sourceIds, 'source', takeaways.y, [i, 'sources']));
}

/** The declared metrics, located, ids used once; every key figure of briefing.yaml names one of them. */
function loadMetrics(run: LoadRun, files: ParsedFiles): LocatedMetric[] {
  const metrics: LocatedMetric[] = [];
  if (files.metrics) {
    const { data, y } = files.metrics;
    uniqueIds(run, data, 'metric', (i) => y.locate([i, 'id']));
    data.forEach((x, i) => metrics.push({ ...x, at: y.locate([i]), formulaAt: { ...y.locate([i, 'formula']), path: 'formula' }, inputAt: Object.fromEntries(Object.keys(x.inputs).map((name) => [name, { ...y.locate([i, 'inputs', name]), path: `inputs.${name}` }])) }));
  }
  const metricIds = metrics.map((x) => x.id);
  files.settings.data.keyFigures.forEach((ref, i) => {
    const id = ref.split(':')[0]!;
    if (!metricIds.includes(id)) run.diags.add(msg.undeclaredKeyFigure(id, suggestion(id, metricIds)), files.settings.y.locate(['keyFigures', i]));
  });
  return metrics;
}

/**
 * What inline values (`{figure:ID}`, `{metric:ID:ROW}`, see inline.ts) may name: the figure ids of the
 * briefing, and each metric with the rows it may have (the companies of its `each:`, or the values of its
 * `scenarios:` input, as written; none for a metric of one row).
 */
export interface InlineTargets {
  readonly figureIds: ReadonlySet<string>;
  readonly metrics: ReadonlyMap<string, { readonly kind: 'single' | 'each' | 'scenarios'; readonly rows: readonly string[] }>;
}

/** The {@link InlineTargets} of a briefing whose references phase 3 resolved. */
export function inlineTargets(resolved: Resolved, files: ParsedFiles, ids: Ids): InlineTargets {
  const figureIds = new Set<string>();
  for (const f of [...resolved.companies.flatMap((c) => c.figures), ...resolved.market]) if (f.id !== undefined) figureIds.add(f.id);
  const groupOf = new Map(files.companies.map((c) => [c.data.id, c.data.group]));
  const metrics = new Map<string, { kind: 'single' | 'each' | 'scenarios'; rows: string[] }>();
  for (const m of resolved.metrics) {
    const scenarios = Object.values(m.inputs).find((i): i is { scenarios: string[] } => typeof i === 'object' && 'scenarios' in i);
    if (m.each !== undefined) {
      const rows = m.each.companies ?? [...ids.companyIds].filter((id) => m.each!.group === undefined || groupOf.get(id) === m.each!.group);
      metrics.set(m.id, { kind: 'each', rows });
    } else if (scenarios !== undefined) metrics.set(m.id, { kind: 'scenarios', rows: scenarios.scenarios });
    else metrics.set(m.id, { kind: 'single', rows: [] });
  }
  return { figureIds, metrics };
}

/**
 * What is wrong with an inline value, or undefined: an id that names no figure or metric, a row its metric
 * cannot have (a figure has none), a metric of several rows named without a row. Each with a did-you-mean.
 */
export function inlineProblem(ref: InlineRef, targets: InlineTargets): Message | undefined {
  if (ref.kind === 'figure') {
    if (!targets.figureIds.has(ref.id)) return msg.unknownInlineValue('figure', ref.id, suggestion(ref.id, targets.figureIds));
    return ref.row === null ? undefined : msg.unknownInlineRow(ref.token, ref.row, [], '');
  }
  const metric = targets.metrics.get(ref.id);
  if (metric === undefined) return msg.unknownInlineValue('metric', ref.id, suggestion(ref.id, targets.metrics.keys()));
  if (ref.row === null) return metric.kind === 'single' ? undefined : msg.inlineNeedsRow(ref.id, metric.rows);
  if (metric.rows.includes(ref.row)) return undefined;
  return msg.unknownInlineRow(ref.token, ref.row, metric.rows, suggestion(ref.row, metric.rows));
}
