/**
 * `briefing new <dir>`: a minimal briefing that builds as it is: a manifest that shows the vocabulary a
 * briefing declares (locale, groups, quantities, risk categories, bases, exchange rates), one source, one
 * company with figures in two currencies, one metric (metrics.yaml) and one chart (charts/), one risk, one
 * takeaway and one prose section. `briefing new <dir> --example <name>` copies instead one of the full
 * example briefings that ship with briefing ({@link EXAMPLES_ROOT}; see {@link exampleFiles}). Every file is
 * written in its final form only after all have been prepared; an existing non-empty folder is never touched.
 *
 * Each YAML file names its JSON Schema in its first line (`# yaml-language-server: $schema=<path>`) for
 * completion and validation in editors, as a path relative to the file, so that it resolves on any machine
 * that has the project installed (see {@link schemaFolderFor}).
 */
import { access, mkdir, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScalar, parseDocument } from 'yaml';
import { suggestion } from '../content/units.ts';
import { withWriteError, type BuildEffects, type FileWrite } from '../effects.ts';
import { BriefingError } from '../errors.ts';
import { msg } from '../messages.ts';

/** The JSON Schemas that ship with this briefing (`schema/` beside `src/` in the repository, or `dist/` when installed). */
export const SCHEMA_ROOT = fileURLToPath(new URL('../../schema/', import.meta.url));

/**
 * The example briefings that ship with briefing, one folder each: `content/` beside `src/` in the repository,
 * or beside `dist/` when installed (package.json `files` ships the samples there).
 */
export const EXAMPLES_ROOT = fileURLToPath(new URL('../../content/', import.meta.url));

/** The folder holding the `node_modules` this briefing is installed in, or the repository when it is not installed. */
function projectOf(schemaRoot: string): string {
  const parts = path.resolve(schemaRoot).split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  return at === -1 ? path.dirname(path.resolve(schemaRoot)) : parts.slice(0, at).join(path.sep) || path.sep;
}

const inside = (dir: string, root: string): boolean => {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * The schema folder the YAML files of a briefing in `dir` should name:
 * - the schemas of the running briefing, when `dir` is inside the project it is installed in (or inside
 *   the repository, for development): `node_modules/briefing/schema` of that project;
 * - else `node_modules/briefing/schema` of the nearest folder above `dir` with a package.json, where
 *   `npm install -D briefing` (or `briefing init`) puts it;
 * - else null: the files get no schema line.
 */
export async function schemaFolderFor(dir: string, schemaRoot: string = SCHEMA_ROOT): Promise<string | null> {
  const target = path.resolve(dir);
  if (inside(target, projectOf(schemaRoot))) return path.resolve(schemaRoot);
  for (let at = target; ; at = path.dirname(at)) {
    if (await access(path.join(at, 'package.json')).then(() => true, () => false)) return path.join(at, 'node_modules', 'briefing', 'schema');
    if (path.dirname(at) === at) return null;
  }
}

/** The content kind (schema name) of a briefing file, by its path in the folder; undefined for non-YAML files. */
export function kindOfFile(rel: string): string | undefined {
  const posix = rel.split(path.sep).join('/');
  if (!posix.endsWith('.yaml')) return undefined;
  if (posix.startsWith('companies/')) return 'company';
  if (posix.startsWith('charts/')) return 'chart';
  return posix.replace(/\.yaml$/, '');
}

/** The first line of a YAML file at `file` that names `schemaFile` of the folder `schemas`, as a path relative to the file. */
function schemaLine(file: string, schemaFile: string, schemas: string): string {
  const ref = path.relative(path.dirname(path.resolve(file)), path.join(schemas, schemaFile)).split(path.sep).join('/');
  return `# yaml-language-server: $schema=${ref}\n`;
}

/**
 * The files of a new briefing in `dir` with their final contents: {@link scaffoldFiles} with, in each YAML
 * file's first line, the path from that file to its schema in `schemas` (none when `schemas` is null).
 */
export function briefingFiles(dir: string, id: string, asOf: string, schemas: string | null): { path: string; data: string }[] {
  return Object.entries(scaffoldFiles(id, asOf)).map(([rel, data]) => {
    const file = path.join(dir, rel);
    const kind = kindOfFile(rel);
    if (kind === undefined || schemas === null) return { path: file, data };
    return { path: file, data: `${schemaLine(file, `${kind}.schema.json`, schemas)}${data}` };
  });
}

/** A schema line as the examples' YAML files start with; group 1 is the schema's file name. */
const SCHEMA_LINE = /^# yaml-language-server: \$schema=(?:[^\n]*\/)?([^/\n]+)\r?\n/;

/** `text` of a YAML file going to `file` with its schema line (if it has one) pointing into `schemas`, or without it when `schemas` is null. */
function reschema(text: string, file: string, schemas: string | null): string {
  const line = SCHEMA_LINE.exec(text);
  if (line === null) return text;
  const rest = text.slice(line[0].length);
  return schemas === null ? rest : `${schemaLine(file, line[1]!, schemas)}${rest}`;
}

/** A manifest's text with the value of its top-level `id:` replaced by `id`, everything else (comments, layout) as it was. */
function withId(text: string, id: string): string {
  const node = parseDocument(text).get('id', true);
  if (!isScalar(node) || node.range === undefined || node.range === null) return text;
  const [start, end] = node.range;
  return `${text.slice(0, start)}${id}${text.slice(end)}`;
}

/**
 * The examples that ship: the names of the folders of `root` that hold a briefing.yaml, sorted; none when
 * `root` does not exist.
 */
export async function shippedExamples(root: string = EXAMPLES_ROOT): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const names = await Promise.all(
    entries.filter((e) => e.isDirectory()).map(async (e) => ((await access(path.join(root, e.name, 'briefing.yaml')).then(() => true, () => false)) ? e.name : undefined)),
  );
  return names.filter((n): n is string => n !== undefined).sort();
}

/** A copied briefing starts without an approved version: it would be another briefing's (BR315). */
const NOT_COPIED = new Set(['approved.json']);

/**
 * The files of example `name` (a folder of `root`) copied into `dir`, with their final contents: every file
 * but approved.json, as it is, except that each YAML file's schema line points into `schemas` (or is left
 * out when `schemas` is null), and briefing.yaml's `id` becomes the folder's name ({@link idFromFolder}), as
 * in a briefing `briefing new` writes, so that copies build side by side into one output folder.
 * @throws BriefingError (`usage`, BR330) when no example of that name ships; it lists those that do.
 */
export async function exampleFiles(dir: string, name: string, schemas: string | null, root: string = EXAMPLES_ROOT): Promise<FileWrite[]> {
  const shipped = await shippedExamples(root);
  if (!shipped.includes(name)) throw BriefingError.of(msg.unknownExample(name, shipped, suggestion(name, shipped)));
  const from = path.join(root, name);
  const rels = (await readdir(from, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(from, path.join(e.parentPath, e.name)))
    .filter((rel) => !NOT_COPIED.has(rel))
    .sort();
  return Promise.all(
    rels.map(async (rel) => {
      const file = path.join(dir, rel);
      const data = await readFile(path.join(from, rel));
      if (!rel.endsWith('.yaml')) return { path: file, data };
      const text = reschema(data.toString('utf8'), file, schemas);
      return { path: file, data: rel === 'briefing.yaml' ? withId(text, idFromFolder(dir)) : text };
    }),
  );
}

/** A manifest id made from a folder name: lower-case letters, digits and hyphens, starting with a letter or digit. */
export function idFromFolder(dir: string): string {
  const id = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'new-briefing';
  return /^[a-z0-9]/.test(id) ? id : `b-${id}`;
}

/** The files of a new briefing, keyed by path relative to its folder. `id` becomes the manifest id. */
export function scaffoldFiles(id: string, asOf: string): Record<string, string> {
  return {
    'briefing.yaml': `id: ${id}
title: New briefing
subtitle: What this briefing is about, in one line
asOf: ${asOf}
authors: [Your name]
audience: Who will read it
# Amounts print in this locale (en, en-GB, de, da, fr-CH, ...).
locale: en
# Groups of companies, in the order the company profiles list them.
groups:
  - id: leaders
    title: Market leaders
  - id: challengers
    title: Challengers
# What figures measure beyond the built-in quantities (valuation, revenue, net-income, market-share, ...):
# a name and its unit kind (money, percent, ratio, multiple, count, power, energy).
quantities:
  operating-margin: percent
# Risk categories and figure bases beyond the built-in ones.
riskCategories:
  - {id: supply, title: Supply chain}
bases:
  - {id: guidance, title: company guidance}
# Exchange rates, never fetched: 1 from = rate × to. A rate a source states has asOf and sources;
# a rate you assume says basis: assumption and why in a note.
fx:
  - from: EUR
    to: USD
    rate: 1.08
    basis: assumption
    note: Replace with a rate a source states, with its date and sources.
# Headline numbers above the summary: metrics of metrics.yaml (id, or id:company for one row).
keyFigures: [price-to-sales]
# Reading order. Sections flow on from page to page; {id: sources, newPage: true} starts one on a new page.
sections: [summary, companies, metrics, charts, risks, takeaways, {id: sources, newPage: true}]
`,
    'metrics.yaml': `# What this briefing computes: named inputs (figure ids, lookups, other metrics, amounts such as "15%",
# or scenarios) and a formula over them (+ - * /, parentheses, sum, min, max, mean). Ranges stay ranges.
- id: price-to-sales
  label: Price-to-sales
  unit: multiple
  each: {group: leaders}                              # one result per company of the group
  inputs:
    value: {quantity: valuation}                      # inside each: the current company's figure
    revenue: {quantity: revenue, period: latest}
  formula: value / revenue                            # the euro revenue converts through fx:
`,
    'data/figures.csv': `company,id,quantity,value,period,segment,basis,sources,note
example-co,example-co-revenue-2024,revenue,€780M,FY2024,,reported,s-example,"Rows of \`data/*.csv\` (or \`data/*.json\`) are figures like those in \`companies/*.yaml\`"
`,
    'charts/price-to-sales.yaml': `# A chart: a reusable spec of the template (ranges, bars, columns, stacked-bars, scatter, line, area, risk-matrix)
# and the data it draws (figures: {lookup}, metrics: [ids] or risks: all). line and area draw a lookup over time:
# figures: {group: leaders, quantity: revenue, period: quarters}.
title: Price-to-sales by company
caption: Valuation divided by the latest annual revenue, converted at the stated rate.
spec: bars
data:
  metrics: [price-to-sales]
`,
    'sources.yaml': `- id: s-example
  title: Title of the article or filing
  publisher: Publisher
  date: ${asOf}
  note: Replace with a real source; every figure and every figure in prose must cite one.
`,
    'companies/example-co.yaml': `id: example-co
name: Example Co
group: leaders
country: Germany
status: Filing expected
profile: >-
  One paragraph on the company, in Markdown. Cite sources like this [@s-example].
figures:
  - id: example-co-valuation
    quantity: valuation
    value: $10B
    basis: target
    sources: [s-example]
  - id: example-co-revenue
    quantity: revenue
    value: €900M
    period: FY2025
    basis: reported
    sources: [s-example]
  - quantity: operating-margin
    value: 12%
    period: FY2026
    basis: guidance
    sources: [s-example]
`,
    'risks.yaml': `- id: r-example
  title: A risk the sources raise
  category: supply
  likelihood: 3
  impact: 3
  horizon: 12 months
  description: What could happen and why it matters.
  companies: [example-co]
  sources: [s-example]
`,
    'takeaways.yaml': `- id: t-example
  stakeholder: Investors
  takeaway: The one thing this group should take away.
  actions: [A first thing to do, A second thing to do]
  stance: neutral
  sources: [s-example]
`,
    'sections/summary.md': `# Summary

Write the summary here. Write a number the data holds as an inline value, \\{figure:ID} or \\{metric:ID:ROW}
(add |change for its move since the build given with --since), so that the words follow the figures: Example
Co booked {figure:example-co-revenue-2024} of revenue in 2024 and is valued at
{metric:price-to-sales:example-co} its latest sales [@s-example].
`,
  };
}

/** Options of {@link createBriefing}. */
export interface NewBriefingOptions {
  /** Copy this example briefing (a folder name of `examplesRoot`) instead of writing the minimal one. */
  readonly example?: string;
  /** Where the examples are; default {@link EXAMPLES_ROOT}. */
  readonly examplesRoot?: string;
}

/**
 * Create a new briefing in `dir` (created if missing): the minimal one `today` as its as-of date, or a copy
 * of `options.example` ({@link exampleFiles}). Returns the paths written.
 * @throws BriefingError (`usage`) when `dir` is a file (BR304) or exists and is not empty (BR305), or when no
 *   example of that name ships (BR330).
 */
export async function createBriefing(dir: string, effects: BuildEffects, today: string, options: NewBriefingOptions = {}): Promise<string[]> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw BriefingError.of(msg.newIsFile(dir), { file: dir });
  if (info && (await readdir(dir)).length > 0) throw BriefingError.of(msg.newNotEmpty(dir), { file: dir });
  const schemas = await schemaFolderFor(dir);
  const written = options.example === undefined ? briefingFiles(dir, idFromFolder(dir), today, schemas) : await exampleFiles(dir, options.example, schemas, options.examplesRoot);
  await withWriteError(
    written.map((f) => f.path),
    { file: dir },
    async () => {
      await mkdir(dir, { recursive: true });
      await effects.writeFiles(written);
    },
  );
  return written.map((f) => f.path);
}
