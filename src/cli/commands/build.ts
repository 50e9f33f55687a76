/** `briefing build`: briefing folders → PDF and HTML, through {@link build} of the API. */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Shard } from '../../shard.ts';
import type { Format } from '../../build.ts';
import { PAGE_SIZES, type PdfStandard } from '../../content/kinds.ts';
import type { BriefingSettings } from '../../content/model.ts';
import { EXIT } from '../../errors.ts';
import { splitEndpoints, WS_ENDPOINT_ENV } from '../../pdf/endpoint.ts';
import { problem } from '../../messages.ts';
import { count, parseFormats, parsePdfStandards, parseShard, positiveInt, TEMPLATES_HELP, wholeNumber, type CliIo } from '../io.ts';
import { createProgress } from '../progress.ts';

/** Options of `briefing build` as commander parses them. */
interface BuildCliOptions {
  out: string;
  format: Format[];
  pageSize?: BriefingSettings['pageSize'];
  pdfStandard?: PdfStandard[];
  since?: string;
  concurrency: number;
  timeout: number;
  restartAfter: number;
  browserWsEndpoint?: string[];
  templates?: string;
  cacheDir?: string;
  cache: boolean;
  strict?: boolean;
  draft?: boolean;
  shard?: Shard;
}

/** Register `briefing build` on the program: its options, parsed and checked by commander, then {@link runBuild}. */
export function registerBuild(program: Command, io: CliIo): void {
  program
    .command('build')
    .description('build briefings into PDF and HTML')
    .argument('<content-dir...>', 'briefing folders (each with a briefing.yaml)')
    .option('-o, --out <dir>', 'output folder', 'output')
    .option('-f, --format <formats>', 'comma-separated formats: pdf, html', parseFormats, ['pdf', 'html'] as Format[])
    .addOption(new Option('--page-size <size>', 'override the page size briefing.yaml gives').choices(PAGE_SIZES))
    .option('--pdf-standard <list>', "standards each PDF claims and meets, over briefing.yaml's pdfStandard: ua-1 (PDF/UA-1), a-2b (PDF/A-2b), ua-1,a-2b (the default), or none", parsePdfStandards)
    .option('-j, --concurrency <n>', 'briefings printed at the same time, while as many more are rendered (default: number of cores)', positiveInt, availableParallelism())
    .option('--timeout <ms>', 'time limit of loading and of printing a briefing, in ms per MiB of its HTML (never less)', positiveInt, 60_000)
    .option('--restart-after <n>', 'start a fresh browser after this many documents (0: never)', wholeNumber, 50)
    .option('--browser-ws-endpoint <url>', `print on a running browser (DevTools WebSocket URL); repeat it for several: each print goes to the least busy, and one that cannot be reached is left to the others (env ${WS_ENDPOINT_ENV}: URLs separated by commas or spaces)`, (url: string, urls: string[] | undefined) => [...(urls ?? []), ...splitEndpoints(url)])
    .option('--templates <dir>', TEMPLATES_HELP)
    .option('--since <manifest>', "compare with an earlier build (its manifest.json or output folder) instead of each briefing's approved version (<content-dir>/approved.json, the default when there is one): writes changes.json and changes.md, and fills the changes section")
    .option('--cache-dir <dir>', 'keep font subsets and rendered charts here between builds (default: node_modules/.cache/briefing of the project, or $CACHE_DIR)')
    .option('--no-cache', 'subset fonts and render charts afresh, and keep nothing')
    .option('--strict', `exit ${EXIT.warnings} on warnings, content or print (the print lint's page warnings)`)
    .option('--shard <k/n>', 'build only shard k of n of the folders (sorted by path; the i-th when i % n == k-1); manifest.json records the shard, for briefing merge', parseShard)
    .option('--draft', 'mark every page of the PDF "Draft" (a watermark artifact, outside the document\'s structure); manifest.json says draft: true')
    .action((dirs: string[], opts: BuildCliOptions) => runBuild(dirs, opts, io));
}

/** `briefing build` once its options are parsed: build, report each briefing and the run, set the exit code. */
async function runBuild(dirs: string[], opts: BuildCliOptions, io: CliIo): Promise<void> {
  // Ctrl-C and SIGTERM end the run as an exit (128 + the signal's number), so that the browser is killed
  // and its profile deleted on the way out. The run's files are temp files until its commit, which the next
  // build removes, or finishes when the exit came after the commit point (src/effects.ts).
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  const [{ build }, { sinceWords }] = await Promise.all([import('../../api.ts'), import('../../metrics/changes.ts')]);
  // --shard k/n (checked by parseShard): the count of the folders this run builds, for its progress and summary;
  // the build chooses them by the same rule (src/shard.ts), which loads without the engine.
  const share = opts.shard === undefined ? dirs : (await import('../../shard.ts')).shareOf(dirs, opts.shard).dirs;
  const progress = createProgress(io.stream, io.errStream, share.length, process.env, io.debug());
  const wsEndpoints = opts.browserWsEndpoint ?? splitEndpoints(process.env[WS_ENDPOINT_ENV]);
  const run = await build(dirs, {
    outDir: opts.out,
    formats: opts.format,
    ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
    ...(opts.pdfStandard ? { pdfStandard: opts.pdfStandard } : {}),
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    ...(opts.templates !== undefined ? { templates: opts.templates } : {}),
    ...(opts.cache ? (opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}) : { cacheDir: null }),
    strict: opts.strict === true,
    ...(opts.draft === true ? { draft: true } : {}),
    ...(opts.shard !== undefined ? { shard: opts.shard } : {}),
    ...(wsEndpoints.length > 0 ? { browserWSEndpoint: wsEndpoints } : {}),
    timeoutMs: opts.timeout,
    concurrency: opts.concurrency,
    restartAfter: opts.restartAfter,
    onStart: (dir) => progress.start(dir),
    onDone: (entry) => progress.done(entry),
    onBrowserEvent: (event, death) => {
      if (event === 'crash') progress.note('browser crashed or disconnected: starting a new one and retrying');
      else if (event === 'restart') progress.note(`starting a fresh browser after ${opts.restartAfter} documents`);
      else if (event === 'endpoint-dead' && death) progress.note(`browser at ${death.endpoint} cannot be reached (${death.reason}): ${death.live > 0 ? `its documents print on the ${death.live} other endpoint${death.live === 1 ? '' : 's'}` : 'no endpoint is left'}`);
    },
  }).finally(() => progress.finish());
  if (run.sinceNote) io.err(`note: ${run.sinceNote}`);
  const changesFile = path.join(opts.out, 'changes.md');
  // Each briefing says what it was compared with: the --since manifest or its approved.json.
  for (const b of run.changes?.briefings ?? []) io.err(b.changes === null ? `note: ${b.note}` : `${b.id}: ${count(b.changes.count, 'change')} since ${sinceWords(b.changes, (iso) => iso)} (baseline ${b.baseline}; ${changesFile})`);
  if (opts.shard !== undefined && share.length === 0) io.err(`note: ${problem.emptyShard(opts.shard.index, opts.shard.total, dirs.length)} (manifest: ${run.manifestFile})`);
  const failed = run.entries.filter((e) => !e.ok).map((e) => e.dir);
  if (share.length > 1 || failed.length > 0) {
    // True as said: a run's files go in place with its manifest or not at all (src/effects.ts).
    const where = run.manifestFile === null ? 'nothing written' : `manifest: ${run.manifestFile}`;
    io.err(`${share.length - failed.length} of ${share.length} briefings built${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''} (${where})`);
  }
  io.exit(run.exitCode);
}
