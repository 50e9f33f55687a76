/**
 * What every command of the CLI shares: where it writes, how it reports errors and sets the exit code, and
 * the option parsers. Light on purpose: commands load the stages they use only when they run.
 */
import { InvalidArgumentError } from 'commander';
import type { Format } from '../build.ts';
import type { Shard } from '../batch.ts';
import { orderedStandards, PDF_STANDARDS, type PdfStandard } from '../content/kinds.ts';
import { BriefingError, EXIT, formatDiagnostic, INTERNAL_ERROR, said, traceOf, type Diagnostic } from '../errors.ts';
import type { ProgressStream } from './progress.ts';
import { problem } from '../messages.ts';

/** Where the CLI writes: lines, and the raw streams progress draws on. Injected so tests can capture output. */
export interface Console {
  out(line: string): void;
  err(line: string): void;
  readonly stream: ProgressStream;
  readonly errStream: ProgressStream;
}

/** What a command gets: the console, the run's exit code (the worst one set wins) and `--debug`. */
export interface CliIo extends Console {
  exit(code: number): void;
  readonly debug: () => boolean;
}

export const processConsole: Console = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stream: process.stdout,
  errStream: process.stderr,
};

export const TEMPLATES_HELP = 'folder of template sets (default: the templates/ folder that ships with briefing)';

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(problem.positiveWholeNumber());
  return n;
}

export function wholeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(problem.wholeNumberOrZero());
  return n;
}

export function parseFormats(value: string): Format[] {
  const formats = value.split(',').map((s) => s.trim().toLowerCase());
  for (const f of formats) if (f !== 'pdf' && f !== 'html') throw new InvalidArgumentError(problem.unknownFormat(f));
  return [...new Set(formats)] as Format[];
}

/**
 * Parse `--pdf-standard`: comma-separated standards (`ua-1`, `a-2b`), or `none` for Chromium's print as it is.
 * Returns them in {@link PDF_STANDARDS} order, no repeats.
 * @throws InvalidArgumentError naming an unknown standard, or `none` beside another.
 */
export function parsePdfStandards(value: string): PdfStandard[] {
  const asked = value.split(',').map((s) => s.trim().toLowerCase());
  if (asked.length === 1 && asked[0] === 'none') return [];
  for (const s of asked) if (!(PDF_STANDARDS as readonly string[]).includes(s)) throw new InvalidArgumentError(problem.unknownPdfStandard(s));
  return orderedStandards(asked);
}

/**
 * Parse `--shard k/n` (as Playwright's and Jest's `--shard`): shard k of n, whole numbers with 1 ≤ k ≤ n.
 * @throws InvalidArgumentError ({@link problem.shardForm}) for anything else: `0/3`, `4/3`, `1/0`, `x`.
 */
export function parseShard(value: string): Shard {
  const parts = /^(\d+)\/(\d+)$/.exec(value.trim());
  const [index, total] = [Number(parts?.[1]), Number(parts?.[2])];
  if (parts === null || !Number.isSafeInteger(total) || index < 1 || index > total) throw new InvalidArgumentError(problem.shardForm(value));
  return { index, total };
}

/** Print an error with its hint (a stack trace with `--debug`) and return its exit code. */
export function printError(e: unknown, io: Console, debug: boolean): number {
  if (e instanceof BriefingError) {
    for (const d of e.diagnostics) {
      io.err(`error: ${formatDiagnostic(d)}`);
      io.err(`  → ${d.hint}`);
    }
    const trace = traceOf(e);
    if (debug && trace !== undefined) io.err(trace);
    return e.exitCode;
  }
  // Not a BriefingError: a bug, said through the catalogue's record for it (its code, its hint).
  const bug = said(INTERNAL_ERROR, (e as Error)?.message ?? String(e));
  io.err(`error: ${bug.text} [${bug.code}]`);
  io.err(debug ? String((e as Error)?.stack) : `  → ${bug.hint}`);
  return EXIT.system;
}

export function printWarnings(warnings: readonly Diagnostic[], io: Console): void {
  for (const w of warnings) io.err(`warning: ${formatDiagnostic(w)}`);
}

/** `n` and the noun, plural unless n is 1: `count(1, 'chart')` is "1 chart", `count(2, 'company', 'companies')` "2 companies". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
