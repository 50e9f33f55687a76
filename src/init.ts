/**
 * `briefing init [dir]`: set up a project that keeps briefings in `briefings/<name>/` and builds them with the
 * installed briefing package:
 *
 * - `package.json`: the scripts `build` and `check` (every briefing) and `preview` (the one named), and
 *   briefing as a dev dependency;
 * - `briefings/example/`: the briefing `briefing new` writes;
 * - `.github/workflows/briefings.yml`: a nightly build of every briefing, compared with the last good night's
 *   (`--since`), that keeps the build cache and the manifest between nights, writes what changed to the run's
 *   summary, keeps the PDFs, HTML, manifest.json and changes.json as artifacts, and fails on content errors,
 *   named with file:line (and as annotations, through `.github/briefing-matcher.json`);
 * - `.vscode/settings.json`: the JSON Schemas in `node_modules/briefing/schema/` mapped to the content files
 *   (YAML language server, and VS Code's JSON support for data/*.json);
 * - `.gitignore`: `node_modules/` and `output/`.
 *
 * Idempotent: a second run changes nothing. A file that exists with other contents is left as it is and
 * reported as skipped, unless `force` is set; package.json and .vscode/settings.json are merged key by key
 * (the user's other keys are kept even with `force`), and .gitignore only gets the lines it lacks.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { diskEffects, withWriteError, type BuildEffects } from './effects.ts';
import { BriefingError } from './errors.ts';
import { msg } from './messages.ts';
import { CONTENT_FILES } from './content/kinds.ts';
import { briefingFiles } from './preview/scaffold.ts';
import { GENERATOR } from './version.ts';

/** Options of {@link initProject}. */
export interface InitOptions {
  /** Overwrite files (and package.json scripts, settings keys) whose contents differ. */
  readonly force?: boolean;
  /** The sample briefing's as-of date (default: today, UTC). */
  readonly today?: string;
  readonly effects?: BuildEffects;
}

/** What {@link initProject} did with each file (paths as given, under the project folder). */
export interface InitReport {
  readonly created: string[];
  /** Files that existed and were merged into or overwritten. */
  readonly updated: { readonly path: string; readonly what: string }[];
  /** Files, or parts of them, left as they were although they differ: `force` replaces them. */
  readonly skipped: { readonly path: string; readonly why: string }[];
  readonly unchanged: string[];
}

/** Folder of the briefings in a project made by init. */
export const BRIEFINGS_DIR = 'briefings';
const SAMPLE = 'example';
/** Where `npm install` puts the schemas, relative to the project. */
const SCHEMAS = 'node_modules/briefing/schema';

/**
 * The npm scripts init adds, each for every briefing of the project (npm runs them in a POSIX shell, which
 * expands `briefings/*\/` to every briefing folder): `check` and `build` take them all; `preview` takes the one
 * named after `--` (`npm run preview -- briefings/<name>`) and, given none, says so and lists the folders.
 */
export const SCRIPTS: Readonly<Record<string, string>> = {
  build: `briefing build ${BRIEFINGS_DIR}/*/ --out output`,
  check: `briefing check ${BRIEFINGS_DIR}/*/`,
  preview: `f() { if [ $# -eq 0 ]; then echo 'Name the briefing to preview: npm run preview -- ${BRIEFINGS_DIR}/<name>. The briefings here:' >&2; ls -d ${BRIEFINGS_DIR}/*/ >&2; exit 1; fi; briefing preview "$@"; }; f`,
};

/**
 * The nightly GitHub Actions workflow init writes to `.github/workflows/briefings.yml`, as docs/ci.md shows it.
 * It runs unchanged on GitHub's `ubuntu-24.04` runners, whose Google Chrome briefing finds by itself (README,
 * "How the browser is found"). The build cache (`node_modules/.cache/briefing`) and last night's manifest
 * come back through `actions/cache/restore` (a key that names the run, so the newest entry of the prefix is
 * restored) after `npm ci`, which would delete the first; the build runs with `--since`, which on the first
 * night, with no manifest, notes it and builds as usual (exit 0). `changes.md` goes to the job summary; the
 * PDFs, HTML, manifest.json and changes.json are uploaded, also after a failure; tonight's manifest is saved
 * for tomorrow only after a good night.
 */
export const NIGHTLY_WORKFLOW = `# Builds every briefing in ${BRIEFINGS_DIR}/ each night and on demand, and reports what changed since the last
# good night in the run's summary. The PDFs, HTML, manifest.json and changes.json are kept as the run's
# artifacts; a content error fails the run, with file:line in the log and as an annotation on the file.
# Written by \`briefing init\`; edit it as you like (\`briefing init --force\` writes it again).
name: briefings
on:
  schedule:
    - cron: '30 2 * * *'
  workflow_dispatch:
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-24.04
    timeout-minutes: 30
    # GitHub's Ubuntu runners come with Google Chrome, which briefing finds by itself. On a runner without
    # it, install a Chromium-based browser and name it here:
    # env:
    #   BRIEFING_CHROMIUM: /usr/bin/chromium
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-node@v5
        with:
          node-version: 24
          cache: npm
      - run: npm ci
      # After npm ci, which empties node_modules/. The keys name this run, so they never match: restore-keys
      # brings back the newest entry saved by an earlier run.
      - name: Restore the build cache (font subsets, charts)
        uses: actions/cache/restore@v5
        with:
          path: node_modules/.cache/briefing
          key: briefing-cache-\${{ github.run_id }}-\${{ github.run_attempt }}
          restore-keys: briefing-cache-
      - name: Restore last night's manifest
        uses: actions/cache/restore@v5
        with:
          path: last-night
          key: briefing-manifest-\${{ github.run_id }}-\${{ github.run_attempt }}
          restore-keys: briefing-manifest-
      - run: echo "::add-matcher::.github/briefing-matcher.json"
      - name: Check the content (no browser; fails with file:line on errors)
        run: npx briefing check ${BRIEFINGS_DIR}/*/
      # The first night, with no last-night/manifest.json, briefing says so and builds as usual.
      - name: Build every briefing and compare with last night
        run: npx briefing build ${BRIEFINGS_DIR}/*/ --out output --since last-night/manifest.json
      - name: What changed, in the run's summary
        if: always()
        run: if [ -f output/changes.md ]; then cat output/changes.md >> "$GITHUB_STEP_SUMMARY"; fi
      - uses: actions/upload-artifact@v6
        if: always()
        with:
          name: briefings
          path: |
            output/*.pdf
            output/*.html
            output/manifest.json
            output/changes.json
          if-no-files-found: warn
      - name: Save the build cache
        if: always()
        uses: actions/cache/save@v5
        with:
          path: node_modules/.cache/briefing
          key: briefing-cache-\${{ github.run_id }}-\${{ github.run_attempt }}
      # Only after a good night: tomorrow compares with the last night that built.
      - name: Keep tonight's manifest for tomorrow
        run: mkdir -p last-night && cp output/manifest.json last-night/manifest.json
      - uses: actions/cache/save@v5
        with:
          path: last-night
          key: briefing-manifest-\${{ github.run_id }}-\${{ github.run_attempt }}
`;

/** The GitHub problem matcher init writes to `.github/briefing-matcher.json`: briefing's `error: file:line:column message [BRnnn]` lines as annotations. */
export const MATCHER = `${JSON.stringify(
  {
    problemMatcher: [
      {
        owner: 'briefing',
        pattern: [{ regexp: '^(error|warning): (\\S+?):(\\d+)(?::(\\d+))? (.+)$', severity: 1, file: 2, line: 3, column: 4, message: 5 }],
      },
    ],
  },
  null,
  2,
)}\n`;

const IGNORED = ['node_modules/', 'output/'];

/** The editor settings: each content kind's schema mapped to its files in every briefing. */
function editorSettings(): Record<string, unknown> {
  const yamlSchemas: Record<string, string> = {};
  let data = '';
  for (const [kind, { files }] of Object.entries(CONTENT_FILES)) {
    const glob = `${BRIEFINGS_DIR}/*/${files.replace('<id>', '*')}`;
    if (files.endsWith('.json')) data = glob;
    else yamlSchemas[`./${SCHEMAS}/${kind}.schema.json`] = glob;
  }
  return {
    'yaml.schemas': yamlSchemas,
    'json.schemas': [{ fileMatch: [data], url: `./${SCHEMAS}/data.schema.json` }],
  };
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw BriefingError.of(msg.cannotRead(file, (e as Error).message), { file }, e);
  }
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Plan of one file: what to write (if anything) and how to report it. */
type Step = { path: string; data?: string; report: (r: InitReport) => void };

/** A file init owns whole: created, unchanged, or skipped (overwritten with force). */
async function wholeFile(file: string, data: string, force: boolean): Promise<Step> {
  const now = await readText(file);
  if (now === undefined) return { path: file, data, report: (r) => r.created.push(file) };
  if (now === data) return { path: file, report: (r) => r.unchanged.push(file) };
  if (force) return { path: file, data, report: (r) => r.updated.push({ path: file, what: 'overwritten (--force)' }) };
  return { path: file, report: (r) => r.skipped.push({ path: file, why: 'exists with other contents' }) };
}

/** A key (as a path into the object) and the value init wants there. */
type Wanted = readonly [readonly string[], unknown];

/**
 * A JSON file merged key by key: keys absent are added; keys with other values are replaced only with
 * `force`; every other key is kept. A missing file is created from `fresh` and the wanted keys.
 */
async function mergedJson(file: string, fresh: Record<string, unknown>, wanted: readonly Wanted[], force: boolean): Promise<Step> {
  const text = await readText(file);
  if (text === undefined) return { path: file, data: json(merge(fresh, wanted, true).value), report: (r) => r.created.push(file) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const keys = wanted.map(([key]) => key.join('.')).join(', ');
    return { path: file, report: (r) => r.skipped.push({ path: file, why: `not plain JSON (comments?); add by hand: ${keys}` }) };
  }
  const current = parsed as Record<string, unknown>;
  const { value, added, replaced, kept } = merge(current, wanted, force);
  const what = [added.length ? `added ${added.join(', ')}` : '', replaced.length ? `replaced ${replaced.join(', ')} (--force)` : ''].filter(Boolean).join('; ');
  return {
    path: file,
    ...(what ? { data: json(value) } : {}),
    report: (r) => {
      if (what) r.updated.push({ path: file, what });
      if (kept.length) r.skipped.push({ path: file, why: `${kept.join(', ')} ${kept.length === 1 ? 'differs' : 'differ'}` });
      if (!what && !kept.length) r.unchanged.push(file);
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Set each wanted key in a copy of `obj` (one or two levels deep), reporting what was added, replaced and kept. */
function merge(obj: Record<string, unknown>, wanted: readonly Wanted[], force: boolean): { value: Record<string, unknown>; added: string[]; replaced: string[]; kept: string[] } {
  const value: Record<string, unknown> = { ...obj };
  const added: string[] = [];
  const replaced: string[] = [];
  const kept: string[] = [];
  for (const [key, want] of wanted) {
    const name = key.join('.');
    const [outer, inner] = key as [string, string | undefined];
    const group = inner === undefined ? value : isObject(value[outer]) ? { ...value[outer] } : {};
    const field = inner ?? outer;
    if (!(field in group)) added.push(name);
    else if (same(group[field], want)) continue;
    else if (force) replaced.push(name);
    else {
      kept.push(name);
      continue;
    }
    group[field] = want;
    if (inner !== undefined) value[outer] = group;
  }
  return { value, added, replaced, kept };
}

/** package.json: the scripts one by one, and briefing as a dev dependency unless it is a dependency already. */
async function packageJson(dir: string, force: boolean): Promise<Step> {
  const file = path.join(dir, 'package.json');
  let current: unknown;
  try {
    current = JSON.parse((await readText(file)) ?? '{}');
  } catch {
    current = undefined; // reported as not plain JSON by mergedJson
  }
  const listed = (field: string): boolean => isObject(current) && isObject(current[field]) && 'briefing' in current[field];
  const wanted: Wanted[] = Object.entries(SCRIPTS).map(([name, command]) => [['scripts', name], command]);
  if (!listed('dependencies') && !listed('devDependencies')) wanted.push([['devDependencies', 'briefing'], `^${GENERATOR.split(' ')[1]!}`]);
  const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'briefings';
  return mergedJson(file, { name, private: true }, wanted, force);
}

/** .gitignore: the lines init needs that it lacks, appended. */
async function gitignore(dir: string): Promise<Step> {
  const file = path.join(dir, '.gitignore');
  const text = await readText(file);
  if (text === undefined) return { path: file, data: `${IGNORED.join('\n')}\n`, report: (r) => r.created.push(file) };
  const lines = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = IGNORED.filter((l) => !lines.has(l) && !lines.has(l.replace(/\/$/, '')) && !lines.has(`/${l}`));
  if (missing.length === 0) return { path: file, report: (r) => r.unchanged.push(file) };
  return { path: file, data: `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${missing.join('\n')}\n`, report: (r) => r.updated.push({ path: file, what: `added ${missing.join(', ')}` }) };
}

/** The sample briefing, as a whole: written when its folder is missing or empty, or with `force`. */
async function sample(dir: string, today: string, force: boolean): Promise<Step[]> {
  const folder = path.join(dir, BRIEFINGS_DIR, SAMPLE);
  const files = briefingFiles(folder, SAMPLE, today, path.join(path.resolve(dir), ...SCHEMAS.split('/')));
  const exists = await stat(folder).then((s) => (s.isDirectory() ? readdir(folder).then((l) => l.length > 0) : true), () => false);
  if (!exists) return files.map((f) => ({ path: f.path, data: f.data, report: (r) => r.created.push(f.path) }));
  if (!force) return [{ path: folder, report: (r) => r.skipped.push({ path: folder, why: 'the sample briefing exists' }) }];
  return Promise.all(files.map((f) => wholeFile(f.path, f.data, true)));
}

/**
 * Set up `dir` (created if missing) as a briefing project; see the module comment.
 * @throws BriefingError (`usage`) when `dir` is a file or a file cannot be read; (`write`) when writing fails.
 */
export async function initProject(dir: string, options: InitOptions = {}): Promise<InitReport> {
  const force = options.force === true;
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw BriefingError.of(msg.initIsFile(dir), { file: dir });
  const steps: Step[] = [
    await packageJson(dir, force),
    ...(await sample(dir, options.today ?? new Date().toISOString().slice(0, 10), force)),
    await wholeFile(path.join(dir, '.github', 'workflows', 'briefings.yml'), NIGHTLY_WORKFLOW, force),
    await wholeFile(path.join(dir, '.github', 'briefing-matcher.json'), MATCHER, force),
    await mergedJson(path.join(dir, '.vscode', 'settings.json'), {}, Object.entries(editorSettings()).map(([k, v]) => [[k], v] as const), force),
    await gitignore(dir),
  ];
  const writes = steps.filter((s): s is Step & { data: string } => s.data !== undefined).map((s) => ({ path: s.path, data: s.data }));
  await withWriteError(writes.map((w) => w.path), { file: dir }, () => (options.effects ?? diskEffects).writeFiles(writes));
  const report: InitReport = { created: [], updated: [], skipped: [], unchanged: [] };
  for (const s of steps) s.report(report);
  return report;
}
