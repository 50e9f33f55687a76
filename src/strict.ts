/**
 * What `--strict` means, once for `check` and `build` (issue #28): which warnings fail a run with exit code 3
 * when it has no error.
 *
 * A warning is one of two scopes, read from its catalogue category (`kind`, whose code's hundred says the
 * stage; src/errors.ts `CATALOGUE`), never from its wording:
 *
 * - `content`: every warning a draft reports (inconsistent claims, stale prose numbers, open review notes,
 *   charts, glyphs, an approved version of another briefing): fails `check --strict` and `build --strict`.
 * - `print`: the print lint's page warnings and text outside the structure (BR5xx), which only a print can
 *   see: fails `build --strict`.
 *
 * `check` never prints, so it never sees a `print` warning; were one handed to it, it would not fail it.
 * Notes that are no warnings (`--since` found no earlier build, what a briefing was compared with) fail nothing.
 */
import { CATALOGUE, EXIT, type Diagnostic } from './errors.ts';

/** The command whose `--strict` is asked about. */
export type StrictCommand = 'check' | 'build';

/** Where a warning comes from: the content (any draft reports it) or the printed pages (only a build's print). */
export type WarningScope = 'content' | 'print';

/** The hundred of the catalogue's codes that the print stage's page warnings take (src/errors.ts: BR5xx print lint). */
const PRINT_HUNDRED = 'BR5';

/** The scopes whose warnings fail each command under `--strict`. */
const FAILING: Readonly<Record<StrictCommand, readonly WarningScope[]>> = {
  check: ['content'],
  build: ['content', 'print'],
};

/** The scope of a warning, from its category's code in the catalogue: BR5xx is `print`, every other is `content`. */
export function warningScope(warning: Pick<Diagnostic, 'kind'>): WarningScope {
  return CATALOGUE[warning.kind].code.startsWith(PRINT_HUNDRED) ? 'print' : 'content';
}

/** Whether `warning` fails `command --strict` (see the module's table). */
export function failsStrict(warning: Pick<Diagnostic, 'kind'>, command: StrictCommand): boolean {
  return FAILING[command].includes(warningScope(warning));
}

/**
 * A run's exit code under `--strict`: `exitCode` as it is when the run had errors (non-zero) or is not strict,
 * else {@link EXIT.warnings} (3) when any of `warnings` fails `command --strict` ({@link failsStrict}), else 0.
 */
export function strictExitCode(exitCode: number, warnings: Iterable<Pick<Diagnostic, 'kind'>>, command: StrictCommand, strict: boolean): number {
  if (exitCode !== EXIT.ok || !strict) return exitCode;
  for (const w of warnings) if (failsStrict(w, command)) return EXIT.warnings;
  return exitCode;
}
