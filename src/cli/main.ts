/**
 * The `briefing` command line. The only place that catches errors, prints them and sets the exit code
 * (0 ok, 1 content or usage errors, 2 renderer or system failures, 3 warnings under `--strict`; see
 * {@link EXIT}). Stack traces only with `--debug`.
 */
import path from 'node:path';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import findCacheDirectory from 'find-cache-dir';
import { availableParallelism } from 'node:os';
import type { BatchEntry } from '../batch.ts';
import type { Format } from '../build.ts';
import { diskEffects } from '../effects.ts';
import { GENERATOR } from '../version.ts';
import { CONTENT_KINDS, jsonSchema, jsonSchemas, type ContentKind } from '../content/schema.ts';
import { PAGE_SIZES, type Manifest } from '../content/model.ts';
import { createFormatter } from '../format.ts';
import { describeRate } from '../metrics/fx.ts';
import { asFailure, BriefingError, CATALOGUE, EXIT, formatDiagnostic, type Diagnostic } from '../errors.ts';
import { WS_ENDPOINT_ENV } from '../pdf/endpoint.ts';
import { createProgress, type ProgressStream } from './progress.ts';
import { createBriefing } from '../preview/scaffold.ts';
// Commands load the stages they use when they run (puppeteer, Vega, Handlebars, the font tools), so that
// --help, --version, new and schema start without them.

/** Where the CLI writes: lines, and the raw streams progress draws on. Injected so tests can capture output. */
export interface Console {
  out(line: string): void;
  err(line: string): void;
  readonly stream: ProgressStream;
  readonly errStream: ProgressStream;
}

const processConsole: Console = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stream: process.stdout,
  errStream: process.stderr,
};

/** Options of `briefing build` as commander parses them. */
interface BuildCliOptions {
  out: string;
  format: Format[];
  pageSize?: Manifest['pageSize'];
  since?: string;
  concurrency: number;
  timeout: number;
  restartAfter: number;
  browserWsEndpoint?: string;
  templates?: string;
  cacheDir?: string;
  cache: boolean;
  strict?: boolean;
}

const TEMPLATES_HELP = 'folder of template sets (default: the templates/ folder that ships with briefing)';

/** One briefing's entry in `check --json`. */
interface CheckResult {
  dir: string;
  id: string | null;
  ok: boolean;
  errors: readonly Diagnostic[];
  warnings: readonly Diagnostic[];
  conflicts: readonly unknown[];
  claims: readonly { readonly verdict: string }[];
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('give a positive whole number');
  return n;
}

function wholeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('give a whole number, 0 or more');
  return n;
}

function parseFormats(value: string): Format[] {
  const formats = value.split(',').map((s) => s.trim().toLowerCase());
  for (const f of formats) if (f !== 'pdf' && f !== 'html') throw new InvalidArgumentError(`unknown format "${f}" (use pdf, html or pdf,html)`);
  return [...new Set(formats)] as Format[];
}

function printError(e: unknown, io: Console, debug: boolean): number {
  if (e instanceof BriefingError) {
    for (const d of e.diagnostics) {
      io.err(`error: ${formatDiagnostic(d)}`);
      io.err(`  → ${d.hint}`);
    }
    if (debug && e.cause instanceof Error && e.cause.stack) io.err(e.cause.stack);
    return e.exitCode;
  }
  io.err(`error: ${(e as Error)?.message ?? String(e)} [internal]`);
  io.err(debug ? String((e as Error)?.stack) : '  → This is a bug in briefing; run again with --debug and report the output.');
  return EXIT.system;
}

function printWarnings(warnings: readonly Diagnostic[], io: Console): void {
  for (const w of warnings) io.err(`warning: ${formatDiagnostic(w)}`);
}

/**
 * Run the CLI with `argv` (without `node` and the script path) and return the exit code.
 * Never throws for user input; unexpected errors are reported as internal (exit 2).
 */
export async function run(argv: readonly string[], io: Console = processConsole): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('briefing')
    .description('Turn a briefing content folder into print-grade HTML and PDF')
    .version(GENERATOR.split(' ')[1]!, '-v, --version')
    .option('--debug', 'print stack traces with errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('build')
    .description('build briefings into PDF and HTML')
    .argument('<content-dir...>', 'briefing folders (each with a briefing.yaml)')
    .option('-o, --out <dir>', 'output folder', 'output')
    .option('-f, --format <formats>', 'comma-separated formats: pdf, html', parseFormats, ['pdf', 'html'] as Format[])
    .addOption(new Option('--page-size <size>', 'override the manifest page size').choices(PAGE_SIZES))
    .option('-j, --concurrency <n>', 'briefings built at the same time (default: number of cores)', positiveInt, availableParallelism())
    .option('--timeout <ms>', 'time limit for printing one briefing, in ms', positiveInt, 60_000)
    .option('--restart-after <n>', 'start a fresh browser after this many documents (0: never)', wholeNumber, 50)
    .option('--browser-ws-endpoint <url>', `print on a running browser (DevTools WebSocket URL; env ${WS_ENDPOINT_ENV})`)
    .option('--templates <dir>', TEMPLATES_HELP)
    .option('--since <manifest>', 'compare with an earlier build (its manifest.json or output folder): writes changes.json and changes.md, and fills the changes section')
    .option('--cache-dir <dir>', 'keep font subsets and rendered charts here between builds (default: node_modules/.cache/briefing of the project, or $CACHE_DIR)')
    .option('--no-cache', 'subset fonts and render charts afresh, and keep nothing')
    .option('--strict', `exit ${EXIT.warnings} on warnings, content or print (the print lint's page warnings)`)
    .action(async (dirs: string[], opts: BuildCliOptions) => {
      const [{ createRenderContext }, { batchExitCode, buildMany, buildManifest, changesOf, changesSummary, readSnapshots, writeManifest }, { BrowserSupervisor }] = await Promise.all([
        import('../build.ts'),
        import('../batch.ts'),
        import('../pdf/supervisor.ts'),
      ]);
      const cacheDir = opts.cache ? (opts.cacheDir ?? findCacheDirectory({ name: 'briefing' })) : undefined;
      const ctx = createRenderContext(opts.templates, cacheDir === undefined ? {} : { cacheDir });
      const progress = createProgress(io.stream, io.errStream, dirs.length);
      const wsEndpoint = opts.browserWsEndpoint ?? process.env[WS_ENDPOINT_ENV];
      const supervisor = new BrowserSupervisor({
        ...(wsEndpoint ? { wsEndpoint } : {}),
        restartAfter: opts.restartAfter,
        onEvent: (event) => {
          if (event === 'crash') progress.note('browser crashed or disconnected: starting a new one and retrying');
          else if (event === 'restart') progress.note(`starting a fresh browser after ${opts.restartAfter} documents`);
        },
      });
      // Read the earlier build first: the earlier manifest may be the one this build replaces.
      const since = opts.since === undefined ? undefined : await readSnapshots(opts.since);
      if (since?.note) io.err(`note: ${since.note}`);
      let entries: BatchEntry[];
      try {
        entries = await buildMany(dirs, ctx, {
          outDir: opts.out,
          formats: opts.format,
          overrides: { ...(opts.pageSize ? { pageSize: opts.pageSize } : {}), ...(since ? { previous: since.snapshots } : {}) },
          timeoutMs: opts.timeout,
          concurrency: opts.concurrency,
          supervisor,
          onStart: (dir) => progress.start(dir),
          onDone: (entry) => progress.done(entry),
        });
      } finally {
        progress.finish();
        await supervisor.close();
      }
      const manifestFile = await writeManifest(buildManifest(entries, opts.out, ctx.cache), opts.out);
      if (since !== undefined && entries.some((e) => e.ok)) {
        const changes = changesOf(entries, since);
        const summary = changesSummary(changes, createFormatter());
        await diskEffects.writeFiles([
          { path: path.join(opts.out, 'changes.json'), data: `${JSON.stringify(changes, null, 2)}\n` },
          { path: path.join(opts.out, 'changes.md'), data: summary },
        ]);
        for (const b of changes.briefings) io.err(b.changes === null ? `note: ${b.note}` : `${b.id}: ${b.changes.count} change${b.changes.count === 1 ? '' : 's'} since ${b.changes.since} (${path.join(opts.out, 'changes.md')})`);
      }
      const failed = entries.filter((e) => !e.ok).map((e) => e.dir);
      if (dirs.length > 1 || failed.length > 0) {
        io.err(`${dirs.length - failed.length} of ${dirs.length} briefings built${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''} (manifest: ${manifestFile})`);
      }
      exitCode = batchExitCode(entries);
      // --strict: any warning (content, chart or print lint) fails the build once there are no errors.
      if (exitCode === EXIT.ok && opts.strict && entries.some((e) => e.ok && e.result.warnings.length > 0)) exitCode = EXIT.warnings;
    });

  program
    .command('check')
    .description('validate content, compute metrics and claim checks, fill the templates, without a browser (draws only charts with their own spec)')
    .argument('<content-dir...>', 'briefing folders')
    .option('--json', 'print one JSON document on stdout and nothing else there')
    .option('--strict', `exit ${EXIT.warnings} on warnings or on a stated figure that its recomputation does not match (templates are always strict)`)
    .option('--templates <dir>', TEMPLATES_HELP)
    .action(async (dirs: string[], opts: { json?: boolean; strict?: boolean; templates?: string }) => {
      const { createRenderContext, renderDraft } = await import('../build.ts');
      const debug = program.opts<{ debug?: boolean }>().debug === true;
      const ctx = createRenderContext(opts.templates);
      const results: CheckResult[] = [];
      for (const dir of dirs) {
        try {
          const draft = await renderDraft(dir, ctx, {}, { draw: false });
          results.push({
            dir,
            id: draft.briefing.manifest.id,
            ok: true,
            errors: [],
            warnings: [...draft.warnings],
            conflicts: draft.metrics.conflicts.map((c) => ({
              id: c.id,
              owner: c.owner,
              quantity: c.quantity,
              segment: c.segment,
              period: c.period,
              verdict: c.verdict,
              values: c.values,
              difference: c.difference,
              relative: c.relative,
              tolerance: c.tolerance,
              rates: c.rates.map((r) => ({ from: r.from, to: r.to, factor: r.factor, inverted: r.inverted, basis: r.stated.basis, asOf: r.stated.asOf ?? null, sources: r.stated.sources })),
            })),
            claims: draft.metrics.claims.map((c) => ({
              id: c.id,
              statement: c.statement,
              stated: c.stated,
              computed: { unit: c.computed.unit, low: c.computed.low, high: c.computed.high, formula: c.computed.formula },
              deviation: c.deviation,
              tolerance: c.tolerance,
              verdict: c.verdict,
              sources: c.sources,
            })),
          });
          if (!opts.json) {
            printWarnings(draft.warnings, io);
            const m = draft.metrics;
            const fmt = createFormatter(draft.briefing.manifest.locale);
            for (const c of m.claims) {
              io.out(`claim ${c.verdict === 'consistent' ? 'ok  ' : 'FAIL'} ${c.id}: stated ${fmt.amount(c.stated)}, computed ${fmt.amount(c.computed)} (${c.computed.formula})`);
            }
            for (const c of m.conflicts) {
              const values = c.values.map((v) => `${fmt.amount(v.amount)}${v.converted ? ` (≈ ${fmt.amount(v.converted)})` : ''} [${v.sources.join(', ')}]`).join(' vs ');
              const rates = c.rates.length === 0 ? '' : `, at ${c.rates.map((r) => describeRate(r, fmt)).join('; ')}`;
              io.out(`sources disagree on ${c.id}: ${values}${c.difference ? `, a spread of ${fmt.amount(c.difference)}${rates}` : ' (different units, no exchange rate stated)'}`);
            }
            const bad = m.claims.filter((c) => c.verdict === 'inconsistent').length;
            io.out(`ok ${dir}: ${draft.briefing.companies.length} companies, ${draft.charts.length} charts, ${m.claims.length} claims checked (${bad} inconsistent), ${m.conflicts.length} disagreements between sources`);
          }
        } catch (e) {
          const failure = asFailure(e);
          if (!opts.json) printError(e, io, debug);
          results.push({ dir, id: null, ok: false, errors: failure.errors, warnings: [], conflicts: [], claims: [] });
          exitCode = Math.max(exitCode, failure.exitCode);
        }
      }
      // --strict: warnings, and stated figures that do not match their recomputation, fail the check.
      const strictFindings = results.some((r) => r.warnings.length > 0 || r.claims.some((c) => c.verdict === 'inconsistent'));
      if (exitCode === EXIT.ok && opts.strict && strictFindings) exitCode = EXIT.warnings;
      if (opts.json) {
        const tag = (r: CheckResult, list: readonly Diagnostic[]) => list.map((d) => ({ dir: r.dir, ...d }));
        io.out(
          JSON.stringify(
            {
              ok: exitCode === EXIT.ok,
              exitCode,
              strict: opts.strict === true,
              errors: results.flatMap((r) => tag(r, r.errors)),
              warnings: results.flatMap((r) => tag(r, r.warnings)),
              results,
            },
            null,
            2,
          ),
        );
      }
    });

  program
    .command('preview')
    .description('serve a live HTML draft of a briefing that reloads as its files change')
    .argument('<content-dir>', 'briefing folder')
    .option('-p, --port <n>', 'port (0: any free port)', wholeNumber, 4321)
    .option('--host <address>', 'address to listen on (default 127.0.0.1; another exposes the draft to the network)', '127.0.0.1')
    .option('--open', 'open the draft in the default browser')
    .option('--templates <dir>', TEMPLATES_HELP)
    .action(async (dir: string, opts: { port: number; host: string; open?: boolean; templates?: string }) => {
      const [{ createRenderContext }, { startPreview }, { default: open }] = await Promise.all([import('../build.ts'), import('../preview/server.ts'), import('open')]);
      const ctx = createRenderContext(opts.templates);
      const preview = await startPreview({
        dir,
        ctx,
        host: opts.host,
        port: opts.port,
        onRender: ({ ok, ms, errors }) => {
          if (ok) io.out(`rendered ${dir} in ${Math.round(ms)} ms`);
          else for (const d of errors) io.err(`error: ${formatDiagnostic(d)}`);
        },
      });
      io.out(`preview of ${dir} at ${preview.url} (PDF at ${preview.url}pdf); Ctrl+C to stop`);
      if (opts.open) await open(preview.url).catch(() => io.err(`could not open a browser; visit ${preview.url}`));
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await preview.close();
    });

  program
    .command('diff')
    .description('print what changed between two builds (their manifest.json files or output folders), without building')
    .argument('<old>', 'the earlier build')
    .argument('<new>', 'the later build')
    .option('--json', 'print the report as JSON (the form of changes.json)')
    .action(async (older: string, newer: string, opts: { json?: boolean }) => {
      const { changesBetween, changesSummary, readSnapshots } = await import('../batch.ts');
      const [before, after] = await Promise.all([readSnapshots(older), readSnapshots(newer)]);
      if (after.note) throw BriefingError.of('usage', `there is no build manifest with recorded values at ${after.file}`, { file: after.file });
      const changes = changesBetween(before, after.snapshots.values());
      io.out(opts.json ? JSON.stringify(changes, null, 2) : changesSummary(changes, createFormatter()));
    });

  program
    .command('new')
    .description('start a new briefing folder with one of everything, ready to build')
    .argument('<dir>', 'folder to create')
    .action(async (dir: string) => {
      const files = await createBriefing(dir, diskEffects, new Date().toISOString().slice(0, 10));
      for (const f of files) io.out(`created ${f}`);
      io.out(`next: npx briefing preview ${dir}`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of a content file kind (or of all kinds), generated from the content model')
    .addArgument(new Argument('[kind]', 'content file kind').choices(Object.keys(CONTENT_KINDS)))
    .option('--out <dir>', 'write <dir>/<kind>.schema.json for every kind instead of printing')
    .action(async (kind: ContentKind | undefined, opts: { out?: string }) => {
      if (opts.out !== undefined) {
        const files = Object.entries(jsonSchemas()).map(([k, schema]) => ({ path: path.join(opts.out!, `${k}.schema.json`), data: `${JSON.stringify(schema, null, 2)}\n` }));
        await diskEffects.writeFiles(files);
        for (const f of files) io.out(`wrote ${f.path}`);
        return;
      }
      io.out(JSON.stringify(kind === undefined ? jsonSchemas() : jsonSchema(kind), null, 2));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      io.err(`  → ${CATALOGUE.usage.hint}`);
      return EXIT.content;
    }
    return printError(e, io, argv.includes('--debug'));
  }
  return exitCode;
}
