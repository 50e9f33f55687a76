/**
 * Stage 2: {@link Briefing} → {@link Metrics}.
 *
 * ```
 * metricContext(b)              fx rates and the locale's formatter
 * computeDeclaredMetrics(b)     metrics.yaml, in dependency order (declared.ts)
 * checkClaim(claim) for each    claims.yaml: the same inputs and formulas, against the stated value
 * findConflicts(b)              where sources disagree (conflicts.ts)
 * ```
 * Pure functions over the content model: the engine knows no metric of its own. Every result traces back to
 * the figures, rates and sources it used; ranges propagate by interval arithmetic.
 */
import type { Amount } from '../content/amount.ts';
import type { Briefing, Located } from '../content/model.ts';
import type { ClaimInput } from '../content/model.ts';
import { BriefingError, diagnostic, type Diagnostic } from '../errors.ts';
import { msg } from '../messages.ts';
import { createFormatter } from '../format.ts';
import { findConflicts, type Conflict } from './conflicts.ts';
import { claimResolver, computeDeclaredMetrics, metricOf, metricRefs, type ComputeContext, type DeclaredMetric, type Metric } from './declared.ts';
import { fxTable } from './fx.ts';
import { overlaps, type Interval } from './interval.ts';

export type { ComputeContext, DeclaredMetric, Metric, MetricInput, MetricRow } from './declared.ts';

/** Verdict of a claim check: stated value within tolerance of the recomputed one, or not. */
export type Verdict = 'consistent' | 'inconsistent';

/** A claim with the value recomputed from its inputs. */
export interface ClaimCheck {
  readonly id: string;
  readonly statement: string;
  readonly stated: Amount;
  readonly computed: Metric;
  /** (computed mid − stated mid) ÷ stated mid, a fraction. */
  readonly deviation: number;
  readonly tolerance: number;
  readonly verdict: Verdict;
  readonly sources: readonly string[];
}

/** Everything stage 2 computes. The seam between metrics and charts/templates. */
export interface Metrics {
  /** The metrics of metrics.yaml, in declaration order. */
  readonly declared: readonly DeclaredMetric[];
  readonly claims: readonly ClaimCheck[];
  /** Where sources disagree (see `conflicts.ts`). */
  readonly conflicts: readonly Conflict[];
  /**
   * Metrics and claim checks that combine companies' years ending more than six months apart (years.ts), each
   * at its formula; claims their recomputation does not match (BR247), each at its stated value.
   */
  readonly warnings: readonly Diagnostic[];
}

/** The context of a briefing: its `fx:` rates and `locale:`. */
export function metricContext(b: Pick<Briefing, 'settings'>): ComputeContext {
  return { fx: fxTable(b.settings.fx), fmt: createFormatter(b.settings.locale) };
}

/**
 * Recompute a claim from its inputs and compare with the stated value.
 *
 * The check's inputs and formula work as in metrics.yaml; money converts into the stated value's currency
 * through the briefing's stated rates. A claim is `consistent` when the stated value, widened by the
 * tolerance (and open-ended for `>`/`<` qualifiers), overlaps the computed range.
 * @param recompute the briefing's claim resolver ({@link claimResolver}).
 * @param warnings where the warning goes when the check combines companies' years that end more than six
 *   months apart (unless its `check:` says `acceptMixedYears: true`).
 * @throws BriefingError at the claim when an input is unknown, finds nothing, or units do not combine;
 *   (`exchangeRate`) when currencies mix without a stated rate.
 */
export function checkClaim(claim: Located<ClaimInput>, recompute: ReturnType<typeof claimResolver>, warnings: Diagnostic[] = []): ClaimCheck {
  const s = claim.stated;
  const r = recompute({ ...claim.at, path: 'check' }, msg.claimPrefix(claim.id), claim.check.inputs, claim.check.formula, s.unit);
  if (r.mixedYears !== undefined && claim.check.acceptMixedYears !== true) warnings.push(r.mixedYears);
  const computed = metricOf(`claim.${claim.id}`, claim.statement, r.value, r.text, r.inputs);
  const tol = claim.check.tolerance;
  const statedWindow: Interval = {
    low: s.qualifier === 'at-most' ? -Infinity : s.low - Math.abs(s.low) * tol,
    high: s.qualifier === 'at-least' ? Infinity : s.high + Math.abs(s.high) * tol,
  };
  const statedMid = (s.low + s.high) / 2;
  return {
    id: claim.id,
    statement: claim.statement,
    stated: s,
    computed,
    deviation: statedMid === 0 ? 0 : (computed.mid - statedMid) / statedMid,
    tolerance: tol,
    // A computed bound (a sum with a "more than" input) is open on its far side too.
    verdict: overlaps(statedWindow, {
      low: r.value.qualifier === 'at-most' ? -Infinity : r.value.value.low,
      high: r.value.qualifier === 'at-least' ? Infinity : r.value.value.high,
    })
      ? 'consistent'
      : 'inconsistent',
    sources: claim.sources,
  };
}

/** The warning for a claim whose recomputation does not match its stated value, at its `stated:`. */
function inconsistentClaim(checked: ClaimCheck, claim: Located<ClaimInput>, { fmt }: ComputeContext): Diagnostic {
  return diagnostic(msg.claimInconsistent(checked.id, checked.statement, fmt.amount(checked.stated), fmt.amount(checked.computed)), { ...claim.at, path: 'stated' });
}

/**
 * Compute every metric and claim check of a briefing, and find where its sources disagree.
 * @throws BriefingError with every metric or claim that cannot be computed, each located in its file.
 */
export function computeMetrics(b: Briefing): Metrics {
  const ctx = metricContext(b);
  const { metrics: declared, problems, warnings } = computeDeclaredMetrics(b, ctx);
  const failed = new Set(b.metrics.map((m) => m.id).filter((id) => !declared.some((d) => d.id === id)));
  const recompute = claimResolver(b, ctx, declared);
  const claims = b.claims.flatMap((claim) => {
    // A claim that uses a metric that failed is left out: that failure is reported.
    if (metricRefs(claim.check).some((r) => failed.has(r))) return [];
    try {
      const checked = checkClaim(claim, recompute, warnings);
      if (checked.verdict === 'inconsistent') warnings.push(inconsistentClaim(checked, claim, ctx));
      return [checked];
    } catch (e) {
      if (!(e instanceof BriefingError)) throw e;
      problems.push(...e.diagnostics);
      return [];
    }
  });
  if (problems.length > 0) throw new BriefingError(problems);
  return { declared, claims, conflicts: findConflicts(b), warnings };
}
