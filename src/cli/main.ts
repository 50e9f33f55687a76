/**
 * The `briefing` command line: a thin layer over the API (`src/api.ts`), one `registerX(program, io)` per
 * command in `commands/`. The only place that catches errors, prints them and sets the exit code (0 ok,
 * 1 content or usage errors, 2 renderer or system failures, 3 warnings under `check --strict`; see
 * {@link EXIT}). Stack traces only with `--debug`.
 *
 * Commands load the stages they use when they run (puppeteer-core, Vega, Handlebars, the font tools), so that
 * --help, --version, new, init and schema start without them.
 */
import { Command, CommanderError } from 'commander';
import { CATALOGUE, EXIT } from '../errors.ts';
import { GENERATOR } from '../version.ts';
import { registerApprove } from './commands/approve.ts';
import { registerBuild } from './commands/build.ts';
import { registerCheck } from './commands/check.ts';
import { registerDiff } from './commands/diff.ts';
import { registerInit } from './commands/init.ts';
import { registerMerge } from './commands/merge.ts';
import { registerNew } from './commands/new.ts';
import { registerPreview } from './commands/preview.ts';
import { registerSchema } from './commands/schema.ts';
import { printError, processConsole, type CliIo, type Console } from './io.ts';

export type { Console } from './io.ts';

/**
 * Run the CLI with `argv` (without `node` and the script path) and return the exit code.
 * Never throws for user input; unexpected errors are reported as internal (exit 2).
 */
export async function run(argv: readonly string[], console: Console = processConsole): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('briefing')
    .description('Turn a briefing content folder into print-grade HTML and PDF')
    .version(GENERATOR.split(' ')[1]!, '-v, --version')
    .option('--debug', 'print stack traces with errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => console.out(s.trimEnd()), writeErr: (s) => console.err(s.trimEnd()) });
  const io: CliIo = {
    ...console,
    exit: (code) => (exitCode = Math.max(exitCode, code)),
    debug: () => program.opts<{ debug?: boolean }>().debug === true,
  };
  for (const register of [registerBuild, registerMerge, registerCheck, registerPreview, registerApprove, registerDiff, registerNew, registerInit, registerSchema]) register(program, io);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      console.err(`  → ${CATALOGUE.usage.hint}`);
      return EXIT.content;
    }
    return printError(e, console, argv.includes('--debug'));
  }
  return exitCode;
}
