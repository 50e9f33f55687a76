/**
 * The `briefing` command line. The only place that catches errors, prints them and sets the exit code
 * (0 ok, 1 content or usage errors, 2 renderer or system failures; see {@link EXIT}). Stack traces only
 * with `--debug`.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Browser } from 'puppeteer';
import { buildBriefing, createRenderContext, GENERATOR, renderDraft, type BuildResult, type Format } from '../build.ts';
import { PAGE_SIZES, type Manifest } from '../content/model.ts';
import { BriefingError, CATALOGUE, EXIT, formatDiagnostic, type Diagnostic } from '../errors.ts';
import { launchBrowser } from '../pdf/browser.ts';

/** Where the CLI writes: injected so tests can capture output without spawning. */
export interface Console {
  out(line: string): void;
  err(line: string): void;
}

const processConsole: Console = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

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

function describe(r: BuildResult): string {
  const files = r.files.map((f) => `${f.path} (${(f.bytes / 1024).toFixed(0)} KiB${f.format === 'pdf' && r.pages !== undefined ? `, ${r.pages} pages` : ''})`);
  const ms = Object.values(r.timings).reduce((a, b) => a + (b ?? 0), 0);
  return `built ${r.id}: ${files.join(', ')} in ${(ms / 1000).toFixed(1)} s`;
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
    .option('--timeout <ms>', 'time limit for printing one briefing, in ms', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('give a positive whole number of milliseconds');
      return n;
    })
    .action(async (dirs: string[], opts: { out: string; format: Format[]; pageSize?: Manifest['pageSize']; timeout?: number }) => {
      const debug = program.opts<{ debug?: boolean }>().debug === true;
      const ctx = createRenderContext();
      let browser: Promise<Browser> | undefined;
      let failed = 0;
      try {
        for (const dir of dirs) {
          try {
            const result = await buildBriefing(dir, ctx, {
              outDir: opts.out,
              formats: opts.format,
              overrides: opts.pageSize ? { pageSize: opts.pageSize } : {},
              browser: () => (browser ??= launchBrowser()),
              ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
            });
            printWarnings(result.warnings, io);
            io.out(describe(result));
          } catch (e) {
            failed++;
            if (dirs.length > 1) io.err(`failed: ${dir}`);
            exitCode = Math.max(exitCode, printError(e, io, debug));
          }
        }
      } finally {
        if (browser) await (await browser.catch(() => undefined))?.close().catch(() => undefined);
      }
      if (dirs.length > 1) io.err(`${dirs.length - failed} of ${dirs.length} briefings built`);
    });

  program
    .command('check')
    .description('validate content, compute metrics, render charts and templates, without a browser')
    .argument('<content-dir...>', 'briefing folders')
    .option('--json', 'print one JSON document on stdout')
    .action(async (dirs: string[], opts: { json?: boolean }) => {
      const debug = program.opts<{ debug?: boolean }>().debug === true;
      const ctx = createRenderContext();
      const results: { dir: string; ok: boolean; errors: Diagnostic[]; warnings: Diagnostic[] }[] = [];
      for (const dir of dirs) {
        try {
          const draft = await renderDraft(dir, ctx);
          results.push({ dir, ok: true, errors: [], warnings: [...draft.warnings] });
          if (!opts.json) {
            printWarnings(draft.warnings, io);
            io.out(`ok ${dir}: ${draft.briefing.companies.length} companies, ${draft.charts.length} charts, ${draft.metrics.claims.length} claims checked`);
          }
        } catch (e) {
          const code = opts.json ? (e instanceof BriefingError ? e.exitCode : EXIT.system) : printError(e, io, debug);
          exitCode = Math.max(exitCode, code);
          const errors = e instanceof BriefingError ? [...e.diagnostics] : [{ kind: 'render', code: CATALOGUE.render.code, message: String((e as Error)?.message), hint: CATALOGUE.render.hint } as Diagnostic];
          results.push({ dir, ok: false, errors, warnings: [] });
        }
      }
      if (opts.json) io.out(JSON.stringify({ ok: exitCode === EXIT.ok, results }, null, 2));
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
