/**
 * Stage 1: content files → validated {@link Briefing}.
 *
 * ```
 * readContentFiles(dir)  ─►  ContentFiles (path → text, nothing parsed)
 * parseBriefing(files)   ─►  YAML (with positions) ─► zod ─► cross-references ─► Briefing
 * ```
 * Every problem of a run is collected and thrown together as one {@link BriefingError}, each diagnostic with
 * file, line, column and field path. Reading and parsing are split so that tests and the preview can parse
 * without touching the disk.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { ZodArray, ZodDefault, ZodObject, ZodOptional, ZodPipe, type z } from 'zod';
import { BriefingError, DiagnosticList, diagnostic, firstLine, MAX_DIAGNOSTICS, type Diagnostic, type Message, type Place } from '../errors.ts';
import { msg, problem } from '../messages.ts';
import { listFolder, MAX_FILE_BYTES, readInside } from '../files.ts';
import { parseAmount } from './amount.ts';
import { AMBIGUOUS_SIGNS, CURRENCY_ALIASES, CURRENCY_CODES, CURRENCY_SIGNS, suggestion } from './units.ts';
import { acceptsUnit, BUILT_IN_QUANTITIES, vocabularyOf, type Vocabulary } from './vocabulary.ts';
import { readCsv, readJson } from './data.ts';
import { CITATION, CITATION_AT_START, citationIds } from './citations.ts';
import { chartSchema, MAX_LINE_CHARS, metricsFileSchema, type ChartDeclaration, type MetricDeclaration } from './declarations.ts';
import {
  BUILT_IN_SECTIONS,
  claimsFileSchema,
  companySchema,
  figureSchema,
  manifestSchema,
  marketSchema,
  risksFileSchema,
  sourcesFileSchema,
  takeawaysFileSchema,
  type ClaimInput,
  type Company,
  type Figure,
  type Manifest,
  type Risk,
  type Source,
  type Takeaway,
} from './model.ts';

/** Most content files open for reading at once. */
const READ_AHEAD = 16;
/** Most YAML aliases expanded in one file (guards against alias bombs). */
export const MAX_YAML_ALIASES = 100;
/**
 * Most figures one company (or the market) and one briefing may state, from YAML and data files together.
 * One company's figures print as one table, and Chromium's table layout is what grew a renderer to 15 GB
 * for 12,000 of them; a briefing of 1,000 companies with a handful each stays well inside the total.
 */
export const FIGURE_LIMITS = { perCompany: 500, total: 50_000 } as const;
/** Deepest nesting of maps and lists in one YAML file (a briefing needs about 6). */
export const MAX_YAML_DEPTH = 64;
/** Most content files read from one briefing folder. */
export const MAX_FILES = 2000;
/** Keys refused anywhere in content: they reach for an object's prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Tags of YAML's core schema; any other tag is refused. */
const CORE_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:seq', 'tag:yaml.org,2002:map']);

/**
 * The raw files of one briefing folder: `dir` as the user named it, and each file's text keyed by its path
 * relative to `dir` with forward slashes (`companies/novo-nordisk.yaml`).
 */
export interface ContentFiles {
  readonly dir: string;
  readonly files: ReadonlyMap<string, string>;
}

/** A value together with where it was written. */
export type Located<T> = T & { readonly at: Place };

/** A prose section: id (file stem), heading taken from its first `# ` line, Markdown body after it. */
export interface ProseSection {
  readonly id: string;
  readonly title: string;
  readonly markdown: string;
  readonly file: string;
  /** 1-based line of the first body line in `file` (for citation errors). */
  readonly bodyLine: number;
}

/** A company with located figures. */
export type LoadedCompany = Omit<Company, 'figures'> & { readonly figures: readonly Located<Figure>[]; readonly at: Place };

/** A validated briefing: every reference resolves, every figure parsed. The seam between stages 1 and 2. */
export interface Briefing {
  readonly dir: string;
  readonly manifest: Manifest;
  /** Quantities, groups, risk categories and bases: built-in ones merged with the manifest's. */
  readonly vocabulary: Vocabulary;
  readonly sources: readonly Source[];
  /** Companies in reading order: by declared group (ungrouped last), then by name. */
  readonly companies: readonly LoadedCompany[];
  /** Market-wide figures (`market.yaml`). */
  readonly market: readonly Located<Figure>[];
  readonly risks: readonly Risk[];
  readonly takeaways: readonly Takeaway[];
  readonly claims: readonly Located<ClaimInput>[];
  /** Metrics of `metrics.yaml`, in declaration order. */
  readonly metrics: readonly Located<MetricDeclaration>[];
  /** Charts of `charts/<id>.yaml`, in print order (`order:`, then id). */
  readonly charts: readonly Located<ChartDeclaration & { readonly id: string }>[];
  /** Chart specs the briefing carries itself (`charts/<name>.vl.json`), by file name, as text. */
  readonly chartSpecs: ReadonlyMap<string, string>;
  /** Prose sections by id. */
  readonly prose: ReadonlyMap<string, ProseSection>;
  /** Non-fatal findings (a section file no manifest entry uses, ...). */
  readonly warnings: readonly Diagnostic[];
}

/** The content files of one sub-folder of a briefing (`''` for its top level), by name. */
function isContentName(sub: string, name: string): boolean {
  return /\.(ya?ml|md)$/.test(name) || (sub === 'charts' && name.endsWith('.vl.json')) || (sub === 'data' && /\.(csv|json)$/.test(name));
}

/**
 * Read every `.yaml`/`.yml`/`.md` file of a briefing folder (top level, `companies/`, `sections/`,
 * `charts/`, where `.vl.json` chart specs are read too, and `data/` with `.csv` and `.json`), through
 * {@link readInside}: nothing outside the folder is read.
 * @throws BriefingError `missingFile` when `dir` or its `briefing.yaml` does not exist; `fileTooLarge` past
 *   {@link MAX_FILE_BYTES} or {@link MAX_FILES}; `symlink` for a link leading out of the folder; `encoding` for
 *   a file that is not UTF-8 (at its first bad line) or a name that cannot be shown as text.
 */
export async function readContentFiles(dir: string): Promise<ContentFiles> {
  const files = new Map<string, string>();
  const readAhead = pLimit(READ_AHEAD);
  const diags = new DiagnosticList();
  const manifestPath = path.join(dir, 'briefing.yaml');
  if (!(await lstat(manifestPath).then(() => true, () => false))) throw BriefingError.of(msg.noBriefing(manifestPath), { file: dir });
  for (const sub of ['', 'companies', 'sections', 'charts', 'data']) {
    // A folder that is a symbolic link could lead anywhere on the host: it is not read.
    if (sub !== '' && (await lstat(path.join(dir, sub)).catch(() => undefined))?.isSymbolicLink()) {
      diags.add(msg.symlinkedFolder(sub), { file: path.join(dir, sub) });
      continue;
    }
    const rels: string[] = [];
    for (const { name, shown } of await listFolder(dir, sub)) {
      if (name === undefined) diags.add(msg.badFileName(shown), { file: path.join(dir, sub) });
      else if (isContentName(sub, name)) rels.push(sub === '' ? name : `${sub}/${name}`);
    }
    if (files.size + rels.length > MAX_FILES) {
      diags.add(msg.tooManyFiles(MAX_FILES), { file: dir });
      break;
    }
    // Read a folder's files together (at most READ_AHEAD open at a time), then keep them in order.
    const read = await Promise.all(rels.map((rel) => readAhead(async () => ({ rel, result: await readInside(dir, rel, MAX_FILE_BYTES) }))));
    for (const { rel, result } of read) {
      if (result === undefined) continue;
      if ('text' in result) files.set(rel, result.text);
      else diags.add(result.refused, { file: path.join(dir, rel), line: result.line });
    }
  }
  diags.throwIfAny();
  return { dir, files };
}

interface YamlFile {
  readonly file: string;
  readonly value: unknown;
  readonly locate: (pathInFile: readonly PropertyKey[], keyOf?: boolean) => Place;
  /** Where `needle` first occurs in the source of the node at `pathInFile` (the node's place if nowhere). */
  readonly locateText: (pathInFile: readonly PropertyKey[], needle: string) => Place;
}

/**
 * Keys that reach for an object's prototype, and tags other than YAML's core ones (!!binary, !custom, js
 * functions), are refused, not silently read as text: a diagnostic each, at its line and column.
 */
function refuseKeysAndTags(doc: Document, lineCounter: LineCounter, file: string, diags: DiagnosticList): void {
  visit(doc, {
    // Keys of one map are unique, checked here with a set: the parser's own check compares each key with every
    // earlier one, and 50,000 keys took minutes.
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          const pos = lineCounter.linePos(pair.key.range?.[0] ?? 0);
          diags.add(msg.yamlProblem(problem.duplicateKey()), { file, line: pos.line, column: pos.col });
        }
        seen.add(pair.key.value);
      }
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && FORBIDDEN_KEYS.has(pair.key.value)) {
        const pos = lineCounter.linePos(pair.key.range?.[0] ?? 0);
        diags.add(msg.forbiddenKey(pair.key.value), { file, line: pos.line, column: pos.col });
      }
    },
    Node(_key, node) {
      if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
        const pos = lineCounter.linePos(node.range?.[0] ?? 0);
        diags.add(msg.forbiddenTag(node.tag), { file, line: pos.line, column: pos.col });
      }
    },
  });
}

/** The `locate` and `locateText` of a {@link YamlFile}: places of paths (and of text inside them) in `doc`. */
function yamlLocator(doc: Document, lineCounter: LineCounter, file: string, text: string): Pick<YamlFile, 'locate' | 'locateText'> {
  const nodeAt = (pathInFile: readonly PropertyKey[], keyOf: boolean): Node | null | undefined => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let found: Node | null | undefined = node;
    for (const [i, key] of pathInFile.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        if (!pair) break;
        const last = i === pathInFile.length - 1;
        found = (keyOf && last) || pair.value === null ? (pair.key as Node) : (pair.value as Node);
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key] as Node | undefined;
        if (!node) break;
        found = node;
      } else break;
    }
    return found;
  };
  const placeAt = (offset: number, pathInFile: readonly PropertyKey[]): Place => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col, path: formatPath(pathInFile) };
  };
  const locate = (pathInFile: readonly PropertyKey[], keyOf = false): Place => placeAt(nodeAt(pathInFile, keyOf)?.range?.[0] ?? 0, pathInFile);
  const locateText = (pathInFile: readonly PropertyKey[], needle: string): Place => {
    const range = nodeAt(pathInFile, false)?.range;
    if (!range) return locate(pathInFile);
    const at = text.slice(range[0], range[1]).indexOf(needle);
    return placeAt(at === -1 ? range[0] : range[0] + at, pathInFile);
  };
  return { locate, locateText };
}

/**
 * Parse one YAML file with positions (core schema only, unique keys, no merge keys, aliases bounded).
 * @returns the file, or undefined when it had a problem (each one added to `diags`).
 */
function parseYaml(file: string, text: string, diags: DiagnosticList): YamlFile | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, merge: false, schema: 'core', prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  const before = diags.count;
  // The parser, its visitor and the schema walk recursively: a file nested past the limit is refused first.
  const deep = problems.some((e) => e.message.includes('call stack')) ? { depth: Infinity, offset: 0 } : deepest(doc);
  if (deep.depth > MAX_YAML_DEPTH) {
    const pos = lineCounter.linePos(deep.offset);
    diags.add(msg.yamlTooDeep(MAX_YAML_DEPTH), { file, line: pos.line, column: pos.col });
    return undefined;
  }
  refuseKeysAndTags(doc, lineCounter, file, diags);
  if (problems.length > 0) {
    for (const e of problems) {
      const pos = e.linePos?.[0];
      diags.add(msg.yamlProblem(firstLine(e).replace(/ at line \d+, column \d+:?$/, '')), { file, line: pos?.line, column: pos?.col });
    }
    return undefined;
  }
  if (diags.count > before) return undefined;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    diags.add(msg.tooManyAliases((e as Error).message, MAX_YAML_ALIASES), { file });
    return undefined;
  }
  return { file, value: value ?? null, ...yamlLocator(doc, lineCounter, file, text) };
}

/** The deepest nesting of maps and lists in `doc` (walked with a stack, not recursion) and where it is. */
function deepest(doc: Document): { depth: number; offset: number } {
  const stack: [unknown, number][] = [[doc.contents, 1]];
  let found = { depth: 0, offset: 0 };
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > found.depth) found = { depth, offset: node.range?.[0] ?? 0 };
    if (depth > MAX_YAML_DEPTH) break;
    for (const item of node.items) {
      if (isPair(item)) stack.push([item.key, depth + 1], [item.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return found;
}

/** `figures[2].value` from `['figures', 2, 'value']`. */
export function formatPath(p: readonly PropertyKey[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
}

/** The field names a zod schema allows at a path inside the file (for did-you-mean), or undefined. */
function keysAt(schema: z.ZodType, p: readonly PropertyKey[]): string[] | undefined {
  const unwrap = (s: z.ZodType | undefined): z.ZodType | undefined => {
    let t = s;
    for (;;) {
      if (t instanceof ZodPipe) t = t.in as z.ZodType;
      else if (t instanceof ZodOptional || t instanceof ZodDefault) t = t.unwrap() as z.ZodType;
      else return t;
    }
  };
  let s = unwrap(schema);
  for (const key of p) {
    if (s instanceof ZodArray) s = unwrap(s.element as z.ZodType);
    else if (s instanceof ZodObject && typeof key === 'string') s = unwrap(s.shape[key] as z.ZodType | undefined);
    else return undefined;
  }
  return s instanceof ZodObject ? Object.keys(s.shape) : undefined;
}

/** The value at a path inside parsed YAML (undefined where the path leads nowhere). */
function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of p) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function validate<S extends z.ZodType>(schema: S, y: YamlFile, diags: DiagnosticList, prefix: readonly PropertyKey[] = []): z.output<S> | undefined {
  const result = schema.safeParse(y.value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    // Past the list's cap problems are only counted: locating each one is what costs (linear, not quadratic).
    if (diags.full) {
      diags.omit(issue.code === 'unrecognized_keys' ? issue.keys.length : 1, { file: y.file });
      continue;
    }
    const p = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const [k, key] of issue.keys.entries()) {
        if (diags.full) {
          diags.omit(issue.keys.length - k, { file: y.file });
          break;
        }
        const known = keysAt(schema, p);
        const manifestTop = p.length === 0 && y.file.endsWith('briefing.yaml');
        diags.add(msg.unknownField(key, known ? suggestion(key, known) : '', manifestTop), y.locate([...p, key], true));
      }
      continue;
    }
    if (p.at(-1) === 'inputs' && p.at(-2) === 'check' && Array.isArray(valueAt(y.value, issue.path))) {
      diags.add(msg.oldClaimCheck(), y.locate(p));
      continue;
    }
    const field = String(p.at(-1));
    const figureSources = field === 'sources' && p.includes('figures');
    const kind = figureSources ? 'unsourcedFigure' : field === 'value' || field === 'stated' ? 'figureValue' : 'schema';
    let text = issue.message;
    const absent = (issue.code === 'invalid_type' || issue.code === 'invalid_union') && valueAt(y.value, issue.path) === undefined;
    if (absent) {
      const expected = issue.code === 'invalid_type' ? issue.expected : 'text';
      text = (figureSources ? msg.figureWithoutSources() : msg.missingField(field, expected)).text;
    } else if (issue.code === 'invalid_value' && 'values' in issue) {
      text = msg.notOneOf(issue.values).text;
    }
    diags.add(msg.schemaIssue(kind, text), y.locate(p));
  }
  return undefined;
}

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
  return assemble(run, files, ids, resolved, prose); // 5. assemble
}

/** What every phase of {@link parseBriefing} shares: the files, the diagnostics and warnings so far. */
interface LoadRun {
  readonly content: ContentFiles;
  readonly diags: DiagnosticList;
  readonly warnings: Diagnostic[];
  /** The path of a file of the briefing, as diagnostics name it. */
  readonly at: (rel: string) => string;
  /** Clean parses kept from earlier runs, when the caller keeps them. */
  readonly cache: ParseCache | undefined;
}

/** A validated YAML file: its data and its positions. */
interface Parsed<T> {
  readonly data: T;
  readonly y: YamlFile;
}

/** Phase 1's result: every content file parsed and validated against its schema. */
interface ParsedFiles {
  readonly manifest: Parsed<Manifest>;
  readonly sources: Parsed<Source[]>;
  readonly risks: Parsed<Risk[]>;
  readonly takeaways: Parsed<Takeaway[]>;
  readonly claims: Parsed<z.output<typeof claimsFileSchema>> | undefined;
  readonly market: Parsed<z.output<typeof marketSchema>> | undefined;
  readonly metrics: Parsed<z.output<typeof metricsFileSchema>> | undefined;
  readonly charts: Located<ChartDeclaration & { id: string }>[];
  readonly chartSpecs: Map<string, string>;
  readonly companies: (Parsed<Company> & { rel: string })[];
}

/** Phase 2's result: the ids references may name, and the manifest's vocabulary. */
interface Ids {
  readonly sourceIds: Set<string>;
  readonly companyIds: Set<string>;
  readonly vocabulary: Vocabulary;
}

/** Phase 3's result: figures placed in their files, claims and metrics located. */
interface Resolved {
  readonly companies: LoadedCompany[];
  readonly market: Located<Figure>[];
  readonly claims: Located<ClaimInput>[];
  readonly metrics: Located<MetricDeclaration>[];
}

/**
 * Files parsed and validated in earlier runs, kept by a long-lived caller (the preview's render context):
 * a file whose text and schema are unchanged is not parsed or validated again. One entry per file path, so it
 * holds at most one version of each file. Only files that parsed cleanly are kept. Entries are shared between
 * runs, so the phases after parsing never change parsed data in place.
 */
export class ParseCache {
  private readonly entries = new Map<string, { readonly text: string; readonly schema: z.ZodType; readonly parsed: Parsed<unknown> }>();

  /** The parse of `file` when its text and schema are those of the kept entry. */
  get<S extends z.ZodType>(file: string, text: string, schema: S): Parsed<z.output<S>> | undefined {
    const entry = this.entries.get(file);
    return entry !== undefined && entry.text === text && entry.schema === schema ? (entry.parsed as Parsed<z.output<S>>) : undefined;
  }

  /** Keep the clean parse of `file` (replacing an older version). */
  set(file: string, text: string, schema: z.ZodType, parsed: Parsed<unknown>): void {
    this.entries.set(file, { text, schema, parsed });
  }
}

/** Parse and validate one file; a missing required file is a diagnostic. undefined when it is absent or wrong. */
function parseFile<S extends z.ZodType>(run: LoadRun, rel: string, schema: S, required: boolean): Parsed<z.output<S>> | undefined {
  const text = run.content.files.get(rel);
  if (text === undefined) {
    if (required) run.diags.add(msg.noFile(rel), { file: run.at(rel) });
    return undefined;
  }
  const file = run.at(rel);
  const kept = run.cache?.get(file, text, schema);
  if (kept !== undefined) return kept;
  const before = run.diags.count;
  const y = parseYaml(file, text, run.diags);
  if (!y) return undefined;
  const data = validate(schema, y, run.diags);
  if (data === undefined) return undefined;
  if (run.diags.count === before) run.cache?.set(file, text, schema, { data, y });
  return { data, y };
}

/**
 * Phase 1, files: every YAML file parsed and validated, charts/<id>.yaml and charts/*.vl.json, companies/*.
 * @throws BriefingError when a required file is missing or any file failed (references need them all).
 */
function parseFiles(run: LoadRun): ParsedFiles {
  const manifest = parseFile(run, 'briefing.yaml', manifestSchema, true);
  const sources = parseFile(run, 'sources.yaml', sourcesFileSchema, true);
  const risks = parseFile(run, 'risks.yaml', risksFileSchema, true);
  const takeaways = parseFile(run, 'takeaways.yaml', takeawaysFileSchema, true);
  const claims = parseFile(run, 'claims.yaml', claimsFileSchema, false);
  const market = parseFile(run, 'market.yaml', marketSchema, false);
  const metrics = parseFile(run, 'metrics.yaml', metricsFileSchema, false);
  const { charts, chartSpecs } = parseCharts(run);
  const companies: (Parsed<Company> & { rel: string })[] = [];
  for (const rel of run.content.files.keys()) {
    if (!/^companies\/.+\.ya?ml$/.test(rel)) continue;
    const c = parseFile(run, rel, companySchema, true);
    if (c) companies.push({ ...c, rel });
  }
  // Cross-references need every file to have parsed.
  if (!manifest || !sources || !risks || !takeaways || run.diags.count > 0) run.diags.throwIfAny();
  return { manifest: manifest!, sources: sources!, risks: risks!, takeaways: takeaways!, claims, market, metrics, charts, chartSpecs, companies };
}

/** The chart declarations (charts/<id>.yaml, sorted by order, then id) and the briefing's own specs by file name. */
function parseCharts(run: LoadRun): Pick<ParsedFiles, 'charts' | 'chartSpecs'> {
  const charts: Located<ChartDeclaration & { id: string }>[] = [];
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
    if (c) charts.push({ ...c.data, id: m2[1]!, at: c.y.locate([]) });
  }
  charts.sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || a.id.localeCompare(b.id, 'en'));
  return { charts, chartSpecs };
}

/** The ids of `items`, each used once: a second use is a `duplicateId` diagnostic naming `what`. */
function uniqueIds<T extends { id: string }>(run: LoadRun, items: readonly T[], what: string, place: (i: number) => Place): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) run.diags.add(msg.duplicateId(what, item.id), place(i));
    seen.add(item.id);
  });
  return seen;
}

/** Phase 2, ids: source and company ids used once, and the manifest's vocabulary checked. */
function collectIds(run: LoadRun, files: ParsedFiles): Ids {
  const { sources, companies, manifest } = files;
  const sourceIds = uniqueIds(run, sources.data, 'source', (i) => sources.y.locate([i, 'id']));
  const companyIds = new Set<string>();
  for (const c of companies) {
    if (companyIds.has(c.data.id)) run.diags.add(msg.duplicateId('company', c.data.id), c.y.locate(['id']));
    companyIds.add(c.data.id);
  }
  const vocabulary = vocabularyOf(manifest.data);
  checkVocabulary(manifest.data, manifest.y, sourceIds, run.diags);
  return { sourceIds, companyIds, vocabulary };
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

/** Phase 3, references: figures (YAML and data files), risks, takeaways, claims, metrics and key figures. */
function resolveReferences(run: LoadRun, files: ParsedFiles, ids: Ids): Resolved {
  const place = figurePlacer(run, ids);
  const companies = files.companies.map((c) => loadCompany(run, c, ids, place));
  const market = files.market ? locatedFigures(place, files.market.data.figures, files.market.y) : [];
  // Figures fed from data/*.csv and data/*.json join their company's (or the market's).
  const fed = dataFigures(run.content, run.at, ids.companyIds, place, run.diags);
  for (const c of companies) (c.figures as Located<Figure>[]).push(...(fed.get(c.id) ?? []));
  market.push(...(fed.get(MARKET_OWNER) ?? []));
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

/** The declared metrics, located, ids used once; every key figure of the manifest names one of them. */
function loadMetrics(run: LoadRun, files: ParsedFiles): Located<MetricDeclaration>[] {
  const metrics: Located<MetricDeclaration>[] = [];
  if (files.metrics) {
    const { data, y } = files.metrics;
    uniqueIds(run, data, 'metric', (i) => y.locate([i, 'id']));
    data.forEach((x, i) => metrics.push({ ...x, at: y.locate([i]) }));
  }
  const metricIds = metrics.map((x) => x.id);
  files.manifest.data.keyFigures.forEach((ref, i) => {
    const id = ref.split(':')[0]!;
    if (!metricIds.includes(id)) run.diags.add(msg.undeclaredKeyFigure(id, suggestion(id, metricIds)), files.manifest.y.locate(['keyFigures', i]));
  });
  return metrics;
}

/**
 * Phase 4, prose: the listed sections read, chart directives name declared charts once, citations in prose,
 * profiles, notes and descriptions name sources, and prose states no figure without a citation.
 */
function checkProse(run: LoadRun, files: ParsedFiles, ids: Ids): Map<string, ProseSection> {
  const prose = readSections(run, files.manifest);
  for (const s of prose.values()) checkCitations(s.markdown, s.file, s.bodyLine, ids.sourceIds, run.diags);
  for (const s of prose.values()) checkProseSizes(s, run.diags);
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

/** The manifest's sections: built-ins or sections/<id>.md, each listed once; an unlisted file is a warning. */
function readSections(run: LoadRun, manifest: Parsed<Manifest>): Map<string, ProseSection> {
  const prose = new Map<string, ProseSection>();
  const builtIn = new Set<string>(BUILT_IN_SECTIONS);
  const seenSections = new Set<string>();
  manifest.data.sections.forEach((id, i) => {
    if (seenSections.has(id)) run.diags.add(msg.sectionListedTwice(id), manifest.y.locate(['sections', i]));
    seenSections.add(id);
    if (builtIn.has(id)) return;
    const rel = `sections/${id}.md`;
    const text = run.content.files.get(rel);
    if (text === undefined) {
      run.diags.add(msg.noSection(id, BUILT_IN_SECTIONS, rel), manifest.y.locate(['sections', i]));
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

/** Longest run of characters without a space in prose: a longer "word" cannot be laid out in reasonable time. */
export const MAX_WORD_CHARS = 1000;

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

/**
 * Phase 5, assemble: throw what the run collected, or return the {@link Briefing}, companies in the order of
 * their groups (then by name).
 */
function assemble(run: LoadRun, files: ParsedFiles, ids: Ids, resolved: Resolved, prose: Map<string, ProseSection>): Briefing {
  run.diags.throwIfAny();
  const groupOrder = [...ids.vocabulary.groups.keys()];
  const groupIndex = (g: string | undefined): number => (g === undefined ? groupOrder.length : groupOrder.indexOf(g));
  resolved.companies.sort((a, b) => groupIndex(a.group) - groupIndex(b.group) || a.name.localeCompare(b.name, 'en'));
  return {
    dir: run.content.dir,
    manifest: files.manifest.data,
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
    warnings: run.warnings,
  };
}

/** Owner id of market-wide figures in data files. */
const MARKET_OWNER = 'market';

/**
 * The figures of every data file, by owner (company id or `market`), validated like figures in YAML: each
 * row at its file, line and column. Unknown companies, duplicate rows and unreadable values are errors.
 */
function dataFigures(
  content: ContentFiles,
  at: (rel: string) => string,
  companyIds: ReadonlySet<string>,
  placeFigure: (f: Figure, at: (field?: string, index?: number) => Place) => Located<Figure>,
  diags: DiagnosticList,
): Map<string, Located<Figure>[]> {
  const byOwner = new Map<string, Located<Figure>[]>();
  for (const [rel, text] of content.files) {
    const m = /^data\/.+\.(csv|json)$/.exec(rel);
    if (!m) continue;
    const { rows, problems } = m[1] === 'csv' ? readCsv(at(rel), text) : readJson(at(rel), text);
    for (const p of problems) diags.add(msg.dataProblem(p.message), p.at);
    const seen = new Set<string>();
    for (const row of rows) {
      const key = JSON.stringify([row.company, row.figure]);
      if (seen.has(key)) {
        diags.add(msg.repeatedRow(), row.at());
        continue;
      }
      seen.add(key);
      if (row.company !== MARKET_OWNER && !companyIds.has(row.company)) {
        diags.add(msg.unknownDataCompany(row.company, suggestion(row.company, companyIds)), row.at('company'));
        continue;
      }
      const parsed = figureSchema.safeParse(row.figure);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'value');
          const kind = field === 'value' ? 'figureValue' : field === 'sources' ? 'unsourcedFigure' : 'schema';
          diags.add(issue.code === 'unrecognized_keys' ? msg.unknownColumns(kind, issue.keys) : msg.schemaIssue(kind, issue.message), row.at(field));
        }
        continue;
      }
      const f = placeFigure(parsed.data, (field) => row.at(field));
      byOwner.set(row.company, [...(byOwner.get(row.company) ?? []), f]);
    }
  }
  return byOwner;
}

/**
 * The manifest's declarations: no id declared twice, built-in quantities keep their kind, every rate's sources
 * exist, and one rate per pair of currencies (the inverse follows from it).
 */
function checkVocabulary(m: Manifest, y: YamlFile, sourceIds: ReadonlySet<string>, diags: DiagnosticList): void {
  for (const key of ['groups', 'riskCategories', 'bases'] as const) {
    const seen = new Set<string>();
    m[key].forEach((t, i) => {
      if (seen.has(t.id)) diags.add(msg.declaredTwice(key, t.id), y.locate([key, i, 'id']));
      seen.add(t.id);
    });
  }
  for (const [name, decl] of Object.entries(m.quantities)) {
    const builtIn = BUILT_IN_QUANTITIES.find((q) => q.id === name);
    const kind = typeof decl === 'string' ? decl : decl.kind;
    if (builtIn && builtIn.kind !== kind) {
      diags.add(msg.builtInQuantityKind(name, builtIn.kind, kind), y.locate(['quantities', name]));
    }
  }
  const pairs = new Map<string, number>();
  m.fx.forEach((r, i) => {
    r.sources.forEach((s, j) => {
      if (!sourceIds.has(s)) diags.add(msg.undefinedSource('rate', s), y.locate(['fx', i, 'sources', j]));
    });
    const pair = [r.from, r.to].sort().join('/');
    if (pairs.has(pair)) diags.add(msg.secondRate(r.from, r.to, pairs.get(pair)!), y.locate(['fx', i]));
    else pairs.set(pair, i);
  });
}

/**
 * A figure's quantity and basis are in the briefing's vocabulary, and its unit suits the quantity. A value
 * written without a unit sign (`1.2M`, `2`, a bare YAML number) is read in the quantity's unit when that is a
 * count, ratio or multiple: `weekly-prescriptions: count` takes `1.2M` as 1,200,000 prescriptions.
 * @returns the figure, its amount read again where the quantity's kind decided it.
 */
function checkFigureTerms(f: Figure, v: Vocabulary, at: (field: string) => Place, diags: DiagnosticList): Figure {
  const quantity = v.quantities.get(f.quantity);
  if (quantity !== undefined && f.unit === undefined && !acceptsUnit(quantity.kind, f.amount.unit) && (f.amount.unit === 'count' || f.amount.unit === 'ratio')) {
    const plain = ['count', 'ratio', 'multiple'].includes(quantity.kind) ? parseAmount(f.value, quantity.kind) : undefined;
    if (plain !== undefined && typeof plain !== 'string' && acceptsUnit(quantity.kind, plain.unit)) f = { ...f, amount: plain };
  }
  if (quantity === undefined) {
    diags.add(msg.unknownQuantity(f.quantity, suggestion(f.quantity, v.quantities.keys())), at('quantity'));
  } else if (!acceptsUnit(quantity.kind, f.amount.unit)) {
    const kind = quantity.kind === 'money' ? 'money (a currency)' : quantity.kind;
    const bare = typeof f.value === 'number' && f.unit === undefined;
    diags.add(bare ? msg.bareNumberNoUnit(f.quantity, kind, f.value) : msg.wrongUnitKind(f.quantity, kind, f.value, f.amount.unit), at('value'));
  }
  if (f.basis !== undefined && !v.bases.has(f.basis)) {
    diags.add(msg.unknownBasis(f.basis, suggestion(f.basis, v.bases.keys()), [...v.bases.keys()]), at('basis'));
  }
  return f;
}

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

const NUMBER = String.raw`\d[\d.,]*`;
const SCALE_WORD = '(?:[Tt]housand|[Mm]illion|[Bb]illion|[Tt]rillion)';
const SCALE_SIGN = `(?:[kKmMbBtT]n?|${SCALE_WORD})`;
const CURRENCY_SIGN = `(?:${[...CURRENCY_SIGNS.map(([sign]) => sign), ...Object.keys(AMBIGUOUS_SIGNS)].map((x) => x.replace(/\$/g, '\\$')).join('|')})`;
const CURRENCY_WORD = `(?:${[...CURRENCY_CODES, ...Object.keys(CURRENCY_ALIASES)].join('|')})`;

/**
 * A figure written in prose: money with a currency sign or ISO code before or after the number (`$75 billion`,
 * `€12M`, `DKK 290.4B`, `290.4 billion DKK`, `RMB 5T`), percentages, multiples (`94x`, `94 times`) and
 * scaled amounts (`3.6 trillion`). Years and plain counts are not figures here. Case-sensitive, so that codes
 * are read only in capitals ("ALL 5" is money, "all 5" is not).
 */
export const PROSE_FIGURE = new RegExp(
  [
    `${CURRENCY_SIGN}\\s?${NUMBER}\\s?${SCALE_SIGN}?(?![A-Za-z])`,
    // A code before a year ("CUP 2026") is not money.
    `\\b${CURRENCY_WORD}\\s?(?!(?:19|20)\\d{2}\\b(?![.,]\\d))${NUMBER}\\s?${SCALE_SIGN}?(?![A-Za-z])`,
    `\\b${NUMBER}\\s?(?:${SCALE_SIGN}\\s?)?${CURRENCY_WORD}\\b`,
    `\\b${NUMBER}\\s?(?:${SCALE_SIGN}\\s?)?${CURRENCY_SIGN}`,
    `\\b${NUMBER}\\s?(?:%|[Pp]ercent\\b|[Pp]er cent\\b)`,
    `\\b${NUMBER}\\s?(?:x|×)(?![a-z])`,
    `\\b${NUMBER}\\s?(?:${SCALE_WORD}|times)\\b`,
  ].join('|'),
);

/**
 * Paragraphs and list items of Markdown that state a figure but cite no source: only a well-formed marker
 * naming one of `sourceIds` counts (`[@toString]` or `[@nowhere]` does not).
 * `line` is 0-based within `markdown`, `column` 1-based; headings are skipped (they cannot carry citations).
 */
export function unsourcedFigures(markdown: string, sourceIds: ReadonlySet<string>): { figure: string; line: number; column: number }[] {
  const lines = markdown.split('\n');
  const found: { figure: string; line: number; column: number }[] = [];
  let block: { start: number; text: string[] } | undefined;
  const close = (): void => {
    if (!block) return;
    const text = block.text.join('\n');
    if (!citesSource(text, sourceIds)) {
      const i = block.text.findIndex((l) => PROSE_FIGURE.test(l));
      if (i !== -1) {
        const m = PROSE_FIGURE.exec(block.text[i]!)!;
        found.push({ figure: m[0].trim(), line: block.start + i, column: m.index + 1 });
      }
    }
    block = undefined;
  };
  lines.forEach((line, i) => {
    if (line.trim() === '' || /^\s{0,3}#/.test(line)) return close();
    if (/^\s*(?:[-*+]|\d+[.)])\s/.test(line)) close();
    if (!block) block = { start: i, text: [] };
    block.text.push(line);
  });
  close();
  return found;
}

/** A chart directive in prose: `::: chart segment-sales` places charts/segment-sales.yaml there. */
export const CHART_DIRECTIVE = /^:::\s*chart\s+([a-z0-9][a-z0-9-]*)\s*$/;

/** Ids of the charts a Markdown text places with `::: chart <id>`, in reading order, with their 0-based lines. */
export function chartDirectives(markdown: string): { id: string; line: number }[] {
  return markdown.split('\n').flatMap((l, line) => {
    const m = CHART_DIRECTIVE.exec(l.trim());
    return m ? [{ id: m[1]!, line }] : [];
  });
}

/**
 * What is wrong with the citation markers of `text`: a marker that is not well formed (`[@toString]`,
 * `[@s-Gogoai]`, an unclosed `[@s`) or that names a source sources.yaml lacks. Each with the marker as
 * written (to locate it) and the message.
 */
function citationProblems(text: string, sourceIds: ReadonlySet<string>, max = MAX_DIAGNOSTICS): { marker: string; message: Message }[] {
  const found: { marker: string; message: Message }[] = [];
  // Past `max` (what a list keeps) the rest are not worth a did-you-mean each: that search is what costs.
  for (let at = text.indexOf('[@'); at !== -1 && found.length < max; at = text.indexOf('[@', at + 2)) {
    const m = CITATION_AT_START.exec(text.slice(at, at + MAX_MARKER));
    if (m) {
      for (const id of citationIds(m[1]!)) if (!sourceIds.has(id)) found.push({ marker: m[0], message: msg.unknownCitation(id, suggestion(id, sourceIds)) });
      continue;
    }
    const marker = /^\[@[^\]\n]{0,40}\]?/.exec(text.slice(at))![0];
    const id = /^\[@([^\]\s;,]*)/.exec(marker)![1]!;
    found.push({ marker, message: msg.malformedCitation(marker, suggestion(id.toLowerCase(), sourceIds)) });
  }
  return found;
}

/** Longest citation marker read, in characters (a marker of many sources stays far below). */
const MAX_MARKER = 2000;

function checkCitations(markdown: string, file: string, firstLine: number, sourceIds: ReadonlySet<string>, diags: DiagnosticList): void {
  markdown.split('\n').forEach((line, i) => {
    if (diags.full) return;
    for (const { marker, message } of citationProblems(line, sourceIds)) {
      diags.add(message, { file, line: firstLine + i, column: line.indexOf(marker) + 1 });
    }
  });
}

/** True when `text` holds a well-formed citation marker that names at least one declared source. */
function citesSource(text: string, sourceIds: ReadonlySet<string>): boolean {
  return [...text.matchAll(CITATION)].some((m) => citationIds(m[1]!).some((id) => sourceIds.has(id)));
}
