/**
 * `check` of the programmatic API (re-exported by src/api.ts): every briefing validated, its metrics and claim
 * checks computed and its templates filled, without a browser; what `briefing check --json` prints.
 */
import type { Draft } from './build.ts';
import type { RenderContext } from './context.ts';
import { asFailure, EXIT, type Diagnostic } from './errors.ts';
import { raceAbort } from './abort.ts';
import { strictExitCode } from './strict.ts';

/** One folder or several, as a list. */
const list = (dirs: string | readonly string[]): readonly string[] => (typeof dirs === 'string' ? [dirs] : dirs);

/** One briefing's result in {@link check} (and in `briefing check --json`). */
export interface CheckResult {
  readonly dir: string;
  readonly id: string | null;
  readonly ok: boolean;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  /** Where sources disagree: values, spread, tolerance and the rates used. */
  readonly conflicts: readonly unknown[];
  /** Every claim with its stated and computed value and verdict (`consistent` or `inconsistent`). */
  readonly claims: readonly { readonly verdict: string }[];
  /**
   * Every inline value of the prose (`{figure:ID}`, `{metric:ID:ROW}`, with `|change`) and what it resolved
   * to: kind, id, row (null for none), the text it prints, the row it links to, its sources, and where it is
   * written (file, 1-based line and column).
   */
  readonly inlineValues: readonly InlineValueReport[];
}

/** One inline value in {@link CheckResult}. */
export interface InlineValueReport {
  readonly token: string;
  readonly kind: 'figure' | 'metric';
  readonly id: string;
  readonly row: string | null;
  readonly change: boolean;
  readonly text: string;
  readonly anchor: string;
  readonly sources: readonly string[];
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

/** What {@link check} found: the document `briefing check --json` prints. */
export interface CheckReport {
  readonly ok: boolean;
  /** 0, 1 (content), 2 (system), or 3 (under `strict`, a warning that fails `check --strict`: src/strict.ts). */
  readonly exitCode: number;
  readonly strict: boolean;
  /** Every briefing's errors and warnings, each with the folder it comes from. */
  readonly errors: readonly (Diagnostic & { readonly dir: string })[];
  readonly warnings: readonly (Diagnostic & { readonly dir: string })[];
  readonly results: readonly CheckResult[];
}

/** Options of {@link check}. */
export interface CheckOptions {
  /**
   * Content warnings fail the check with exit code 3 when it has no error (default false): inconsistent claims,
   * stale prose numbers and every other warning it reports, as `build --strict` does (src/strict.ts).
   */
  readonly strict?: boolean;
  readonly templates?: string;
  readonly signal?: AbortSignal;
  /** Called for each briefing in order, with its rendered draft or the error that stopped it (the CLI prints from these). */
  readonly onChecked?: (dir: string, outcome: { readonly ok: true; readonly draft: Draft } | { readonly ok: false; readonly error: unknown }) => void;
}

/** The JSON form of one checked draft. */
function checkResult(dir: string, draft: Draft): CheckResult {
  return {
    dir,
    id: draft.briefing.settings.id,
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
    inlineValues: draft.inlineValues.uses.map((v) => ({
      token: v.ref.token,
      kind: v.ref.kind,
      id: v.ref.id,
      row: v.ref.row,
      change: v.ref.change,
      text: v.text,
      anchor: v.anchor,
      sources: v.sources,
      file: v.at.file ?? null,
      line: v.at.line ?? null,
      column: v.at.column ?? null,
    })),
  };
}

/**
 * Validate briefings without a browser, like `briefing check`: content, metrics and claim checks, charts
 * and templates. Never throws for a briefing's errors: they are in the report.
 * @throws the signal's reason when aborted.
 */
export async function check(dirs: string | readonly string[], options: CheckOptions = {}): Promise<CheckReport> {
  const { createRenderContext } = await import('./context.ts');
  const ctx = createRenderContext(options.templates);
  let checked: { results: CheckResult[]; exitCode: number };
  try {
    checked = await checkEach(list(dirs), ctx, options);
  } finally {
    await ctx.close();
  }
  const { results } = checked;
  const strict = options.strict === true;
  // An inconsistent claim is one of the warnings (BR247), as in build's manifest.
  const exitCode = strictExitCode(checked.exitCode, results.flatMap((r) => r.warnings), 'check', strict);
  const tag = (r: CheckResult, diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => ({ dir: r.dir, ...d }));
  return {
    ok: exitCode === EXIT.ok,
    exitCode,
    strict,
    errors: results.flatMap((r) => tag(r, r.errors)),
    warnings: results.flatMap((r) => tag(r, r.warnings)),
    results,
  };
}

/** Each folder checked in turn (draft without drawing shipped charts): its result, and the run's exit code so far. */
async function checkEach(dirs: readonly string[], ctx: RenderContext, options: CheckOptions): Promise<{ results: CheckResult[]; exitCode: number }> {
  const { renderDraft } = await import('./build.ts');
  const results: CheckResult[] = [];
  let exitCode: number = EXIT.ok;
  for (const dir of dirs) {
    options.signal?.throwIfAborted();
    try {
      const draft = await raceAbort(renderDraft(dir, ctx, {}, { draw: false }), options.signal);
      results.push(checkResult(dir, draft));
      options.onChecked?.(dir, { ok: true, draft });
    } catch (e) {
      if (options.signal?.aborted) throw options.signal.reason;
      const failure = asFailure(e);
      results.push({ dir, id: null, ok: false, errors: failure.errors, warnings: [], conflicts: [], claims: [], inlineValues: [] });
      exitCode = Math.max(exitCode, failure.exitCode);
      options.onChecked?.(dir, { ok: false, error: e });
    }
  }
  return { results, exitCode };
}

