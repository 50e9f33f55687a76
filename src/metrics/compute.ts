/**
 * Stage 2: {@link Briefing} → {@link Metrics}.
 *
 * Pure functions over the content model. Every result is a {@link Metric}: a low–mid–high value in a unit,
 * the formula in words, and the figures it used (with their sources), so that a reader can trace every
 * computed number back to the articles it came from. Ranges propagate by interval arithmetic.
 */
import type { Amount, Qualifier, Unit } from '../content/amount.ts';
import { parseAmount } from '../content/amount.ts';
import type { Briefing, LoadedCompany, Located } from '../content/load.ts';
import type { ClaimInput, Figure, Manifest, Quantity } from '../content/model.ts';
import path from 'node:path';
import { isCurrency, isDimensionless } from '../content/units.ts';
import { BriefingError, diagnostic, type Diagnostic, type Place } from '../errors.ts';
import { createFormatter, type Formatter } from '../format.ts';
import { findConflicts, type Conflict } from './conflicts.ts';
import { describeRate, fxTable, noRate, type AppliedRate, type FxTable } from './fx.ts';
import { add, divide, mid, multiply, overlaps, subtract, type Interval } from './interval.ts';

/**
 * What computing needs beyond the figures: the briefing's stated exchange rates and the formatter of its
 * locale (formula lines print the values they use).
 */
export interface MetricContext {
  readonly fx: FxTable;
  readonly fmt: Formatter;
}

/** The context of a briefing: its `fx:` rates and `locale:`. */
export function metricContext(b: Pick<Briefing, 'manifest'>): MetricContext {
  return { fx: fxTable(b.manifest.fx), fmt: createFormatter(b.manifest.locale) };
}

/** A context with no rates, in the default locale (for computing outside a briefing, as tests do). */
const NO_RATES: MetricContext = { fx: fxTable([]), fmt: createFormatter() };

/** A rate as a metric input, so that its sources are cited with the figures'. */
function rateInput(r: AppliedRate): MetricInput {
  return { label: `${r.from}→${r.to} rate`, amount: { unit: 'ratio', low: r.factor, high: r.factor }, sources: r.stated.sources };
}


/**
 * A metric in another currency, converted through a stated rate (the rate joins its inputs), with the rate
 * as a formula line shows it (`at 1 CNY = 0.14 USD (assumed rate)`); `rate` is empty when no conversion was needed.
 * @throws BriefingError (`metric`) at `place` when no rate between the two currencies is stated.
 */
function inCurrency(m: Metric, to: Unit, ctx: MetricContext, what: string, place: Place): { metric: Metric; rate: string } {
  if (m.unit === to) return { metric: m, rate: '' };
  const c = isCurrency(m.unit) && isCurrency(to) ? ctx.fx.convert(m, m.unit, to) : undefined;
  if (c === undefined) {
    if (isCurrency(m.unit) && isCurrency(to)) throw BriefingError.of('exchangeRate', noRate(what, m.unit, to), place);
    throw BriefingError.of('metric', `${what} combines ${m.unit} and ${to}, which cannot be added or compared`, place);
  }
  const rate = `at ${describeRate(c.rate, ctx.fmt)}`;
  return { metric: metric(m.id, m.label, to, c.value, `${m.formula}, ${rate}`, [...m.inputs, rateInput(c.rate)]), rate };
}

/** One input of a metric: a figure (with id and sources) or a parameter the manifest set. */
export interface MetricInput {
  readonly label: string;
  readonly amount: Amount;
  /** Figure id when the input is a figure. */
  readonly figureId?: string;
  readonly sources: readonly string[];
}

/**
 * A computed figure: `low`–`high` (equal for a point) and `mid`, in `unit` (percent and ratios as fractions,
 * money in whole currency units, multiples as plain numbers), with the formula and the inputs it used.
 */
export interface Metric {
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly low: number;
  readonly mid: number;
  readonly high: number;
  /** The formula in words, e.g. "valuation ÷ FY2025 revenue". */
  readonly formula: string;
  readonly inputs: readonly MetricInput[];
  /** Union of the inputs' source ids, in first-use order. */
  readonly sources: readonly string[];
  /** Set when the value is a bound, carried from a qualified input (a cash profit of "more than $2.5B"). */
  readonly qualifier?: Qualifier;
}

/** Metrics of one company; a field is absent when the content lacks the figures it needs. */
export interface CompanyMetrics {
  readonly company: string;
  readonly name: string;
  /** Valuation range over every source's figure (USD). */
  readonly valuation?: Metric;
  /** Latest annual revenue (USD). */
  readonly revenue?: Metric;
  /** Price-to-sales: valuation ÷ latest annual revenue (multiple). */
  readonly priceToSales?: Metric;
  readonly ipoProceeds?: Metric;
  /** Implied float: IPO proceeds ÷ valuation (percent). */
  readonly impliedFloat?: Metric;
  /** Net margin: −net loss ÷ revenue of the same fiscal year (percent). */
  readonly netMargin?: Metric;
  /** Year-on-year revenue growth (percent), from two annual revenues. */
  readonly revenueGrowth?: Metric;
  /** Prior-year revenue implied by a stated growth rate: revenue ÷ (1 + growth) (USD). */
  readonly impliedPriorRevenue?: Metric;
}

/** Liquidity drawn from the market if the cohort floats `float` of its combined valuation. */
export interface LiquidityScenario {
  /** Float percentage as a fraction (0.15 = 15%). */
  readonly float: number;
  readonly drawn: Metric;
}

/** Economics of a lease or deal (revenue per year, cash profit, margin). */
export interface DealEconomics {
  readonly id: string;
  readonly title: string;
  readonly revenue: Metric;
  readonly cashProfit: Metric;
  /** Cash profit ÷ revenue (percent). */
  readonly margin: Metric;
}

/** Revenue split of one company in one fiscal year; `derived` marks the remainder computed as total − segments. */
export interface RevenueMix {
  readonly company: string;
  readonly period: string;
  readonly total: Metric;
  readonly segments: readonly { readonly segment: string; readonly value: Metric; readonly derived: boolean }[];
}

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
  readonly companies: readonly CompanyMetrics[];
  readonly cohort: {
    readonly companies: readonly string[];
    /** Sum of the cohort's valuation ranges (USD). */
    readonly valuation?: Metric;
    /** Sum of the cohort's IPO proceeds where stated (USD); `missing` lists companies without a figure. */
    readonly proceeds?: Metric;
    readonly proceedsMissing: readonly string[];
  };
  readonly liquidity: readonly LiquidityScenario[];
  readonly deals: readonly DealEconomics[];
  readonly revenueMix?: RevenueMix;
  readonly claims: readonly ClaimCheck[];
  /** Where sources disagree (see `conflicts.ts`). */
  readonly conflicts: readonly Conflict[];
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** The span of several figures' values: lowest low to highest high. */
function span(figs: readonly Figure[]): Interval {
  return { low: Math.min(...figs.map((f) => f.amount.low)), high: Math.max(...figs.map((f) => f.amount.high)) };
}

function figureInput(f: Figure, label: string): MetricInput {
  const input: MetricInput = { label, amount: f.amount, sources: f.sources };
  return f.id === undefined ? input : { ...input, figureId: f.id };
}

/** Build a metric from an interval and its inputs. */
export function metric(id: string, label: string, unit: Unit, value: Interval, formula: string, inputs: readonly MetricInput[]): Metric {
  return {
    id,
    label,
    unit,
    low: value.low,
    high: value.high,
    mid: mid(value),
    formula,
    inputs,
    sources: unique(inputs.flatMap((i) => i.sources)),
  };
}

/**
 * A company's figures for a quantity (segment figures excluded), all in one currency.
 * @throws BriefingError (`metric`) when they are in more than one currency: no conversion is ever assumed.
 */
function figuresOf(c: LoadedCompany, q: Quantity): Located<Figure>[] {
  const figs = c.figures.filter((f) => f.quantity === q && f.segment === undefined);
  const odd = figs.find((f) => f.amount.unit !== figs[0]!.amount.unit);
  if (odd) {
    throw BriefingError.of(
      'metric',
      `${c.name} ${q} is stated in both ${figs[0]!.amount.unit} and ${odd.amount.unit}; the built-in company metrics take one currency per quantity, so keep one currency for ${q}`,
      odd.at,
    );
  }
  return figs;
}


/** Fiscal year of a period (`FY2025` and `2025` → 2025); undefined for quarters and halves. */
export function fiscalYear(period: string | undefined): number | undefined {
  const m = period === undefined ? null : /^(?:FY)?(\d{4})$/.exec(period);
  return m ? Number(m[1]) : undefined;
}

/**
 * Valuation range of a company over every source: low = lowest low, high = highest high (USD).
 * Returns undefined when no USD valuation figure exists.
 */
export function valuationRange(c: LoadedCompany): Metric | undefined {
  const figs = figuresOf(c, 'valuation');
  if (figs.length === 0) return undefined;
  const value = span(figs);
  return metric(`${c.id}.valuation`, `${c.name} valuation`, figs[0]!.amount.unit, value, 'lowest to highest valuation stated across sources', figs.map((f) => figureInput(f, sourceLabel(f))));
}

function sourceLabel(f: Figure): string {
  return `${f.quantity}${f.period ? ` ${f.period}` : ''}${f.basis ? ` (${f.basis})` : ''}`;
}

/** Annual revenue figures of a company grouped by fiscal year, as a range over sources (USD). */
function annualRevenue(c: LoadedCompany, year: number): Metric | undefined {
  const figs = figuresOf(c, 'revenue').filter((f) => fiscalYear(f.period) === year);
  if (figs.length === 0) return undefined;
  const value = span(figs);
  return metric(`${c.id}.revenue.FY${year}`, `${c.name} revenue FY${year}`, figs[0]!.amount.unit, value, `revenue stated for FY${year}`, figs.map((f) => figureInput(f, `revenue FY${year}`)));
}

/** Latest fiscal year with an annual revenue figure, or undefined. */
export function latestRevenueYear(c: LoadedCompany): number | undefined {
  const years = figuresOf(c, 'revenue').map((f) => fiscalYear(f.period)).filter((y): y is number => y !== undefined);
  return years.length === 0 ? undefined : Math.max(...years);
}

/**
 * Year-on-year growth (percent as a fraction): current ÷ prior − 1, by interval arithmetic.
 * @throws RangeError when the prior range contains zero.
 */
export function yearOnYearGrowth(current: Interval, prior: Interval): Interval {
  return subtract(divide(current, prior), { low: 1, high: 1 });
}

/**
 * Metrics of one company (see {@link CompanyMetrics} for each formula). A formula that combines two of its
 * metrics in different currencies converts the second through a stated rate.
 * @throws BriefingError (`metric`) at the company when no rate is stated.
 */
export function companyMetrics(c: LoadedCompany, ctx: MetricContext = NO_RATES): CompanyMetrics {
  const sameUnit = (a: Metric, b: Metric): { metric: Metric; rate: string } => inCurrency(b, a.unit, ctx, `${a.label} with ${b.label}`, c.at);
  const out: { -readonly [K in keyof CompanyMetrics]: CompanyMetrics[K] } = { company: c.id, name: c.name };
  const valuation = valuationRange(c);
  if (valuation) out.valuation = valuation;
  const year = latestRevenueYear(c);
  const revenue = year === undefined ? undefined : annualRevenue(c, year);
  if (revenue) out.revenue = revenue;
  if (valuation && revenue) {
    const { metric: sales, rate } = sameUnit(valuation, revenue);
    out.priceToSales = metric(`${c.id}.priceToSales`, `${c.name} price-to-sales`, 'multiple', divide(valuation, sales), `valuation ÷ FY${year} revenue${rate && `, ${rate}`}`, [
      ...valuation.inputs,
      ...sales.inputs,
    ]);
  }
  const proceedsFigs = figuresOf(c, 'ipo-proceeds');
  if (proceedsFigs.length > 0) {
    const p = span(proceedsFigs);
    const proceeds = metric(`${c.id}.ipoProceeds`, `${c.name} IPO proceeds`, proceedsFigs[0]!.amount.unit, p, 'IPO proceeds stated across sources', proceedsFigs.map((f) => figureInput(f, 'IPO proceeds')));
    out.ipoProceeds = proceeds;
    if (valuation) {
      const { metric: value, rate } = sameUnit(proceeds, valuation);
      out.impliedFloat = metric(`${c.id}.impliedFloat`, `${c.name} implied float`, 'percent', divide(proceeds, value), `IPO proceeds ÷ valuation${rate && `, ${rate}`}`, [
        ...proceeds.inputs,
        ...value.inputs,
      ]);
    }
  }
  if (revenue && year !== undefined) {
    const loss = figuresOf(c, 'net-loss').filter((f) => fiscalYear(f.period) === year);
    if (loss.length > 0) {
      const l = span(loss);
      if (loss[0]!.amount.unit !== revenue.unit) {
        throw BriefingError.of('metric', `${c.name} net loss FY${year} is in ${loss[0]!.amount.unit} but revenue in ${revenue.unit}; the built-in net margin takes both in one currency`, loss[0]!.at);
      }
      out.netMargin = metric(`${c.id}.netMargin`, `${c.name} net margin FY${year}`, 'percent', divide({ low: -l.high, high: -l.low }, revenue), `−net loss ÷ revenue, FY${year}`, [
        ...loss.map((f) => figureInput(f, `net loss FY${year}`)),
        ...revenue.inputs,
      ]);
    }
    const prior = annualRevenue(c, year - 1);
    if (prior) {
      out.revenueGrowth = metric(`${c.id}.revenueGrowth`, `${c.name} revenue growth FY${year}`, 'percent', yearOnYearGrowth(revenue, prior), `FY${year} revenue ÷ FY${year - 1} revenue − 1`, [
        ...revenue.inputs,
        ...prior.inputs,
      ]);
    } else {
      const growth = c.figures.filter((f) => f.quantity === 'revenue-growth' && f.segment === undefined && fiscalYear(f.period) === year);
      if (growth.length > 0) {
        const g = span(growth);
        out.impliedPriorRevenue = metric(
          `${c.id}.impliedPriorRevenue`,
          `${c.name} implied revenue FY${year - 1}`,
          revenue.unit,
          divide(revenue, add(g, { low: 1, high: 1 })),
          `FY${year} revenue ÷ (1 + stated growth)`,
          [...revenue.inputs, ...growth.map((f) => figureInput(f, `revenue growth FY${year}`))],
        );
      }
    }
  }
  return out;
}

/** The sum of some metrics in the first one's unit, others converted through stated rates. */
function sumMetrics(id: string, label: string, parts: readonly Metric[], formula: string, place: Place, ctx: MetricContext): Metric | undefined {
  if (parts.length === 0) return undefined;
  const unit = parts[0]!.unit;
  const same = parts.map((p) => inCurrency(p, unit, ctx, label, place));
  const rates = [...new Set(same.map((p) => p.rate).filter((r) => r !== ''))];
  const value = same.reduce<Interval>((acc, p) => add(acc, p.metric), { low: 0, high: 0 });
  return metric(id, label, unit, value, [formula, ...rates].join('; '), same.flatMap((p) => p.metric.inputs));
}

/** A figure with the name of what it belongs to ("SpaceX", or "Market" for market.yaml). */
export interface OwnedFigure {
  readonly figure: Located<Figure>;
  readonly owner: string;
}

/** Every figure with an id, keyed by id. */
export function figureById(b: Briefing): Map<string, OwnedFigure> {
  const map = new Map<string, OwnedFigure>();
  for (const c of b.companies) for (const f of c.figures) if (f.id !== undefined) map.set(f.id, { figure: f, owner: c.name });
  for (const f of b.market) if (f.id !== undefined) map.set(f.id, { figure: f, owner: 'Market' });
  return map;
}

/** "SpaceX revenue FY2025 (~$18.7B)": how a figure reads as a formula input. */
function describeFigure({ figure: f, owner }: OwnedFigure, fmt: Formatter): string {
  const what = f.segment !== undefined ? `${f.segment} ${f.quantity}` : f.quantity.replace(/-/g, ' ');
  return `${owner} ${what}${f.period ? ` ${f.period}` : ''} (${fmt.amount(f.amount)})`;
}

/**
 * Recompute a claim from its inputs and compare with the stated value.
 *
 * Inputs are figure ids or literal amounts. Units: `sum`/`difference` need one unit; `product` of money and
 * a dimensionless value is money; `quotient` of two amounts of one kind is dimensionless. Money in another
 * currency is converted into the running currency, and the result into the stated value's currency, through
 * the briefing's stated rates (`ctx.fx`); the formula line names each rate. A claim is `consistent` when the
 * stated value, widened by the tolerance (and open-ended for `>`/`<` qualifiers), overlaps the computed range.
 * @throws BriefingError (`metric`) when inputs mix currencies with no stated rate, or units the formula cannot combine.
 */
export function checkClaim(claim: Located<ClaimInput>, figures: ReadonlyMap<string, OwnedFigure>, ctx: MetricContext = NO_RATES): ClaimCheck {
  const inputs: MetricInput[] = claim.check.inputs.map((ref) => {
    const owned = figures.get(ref);
    if (owned) return figureInput(owned.figure, describeFigure(owned, ctx.fmt));
    // A bare number ("2") is a ratio: a factor, not a count.
    const literal = parseAmount(ref, 'ratio');
    if (typeof literal === 'string') throw BriefingError.of('unknownReference', `input "${ref}" is neither a figure id nor an amount`, { ...claim.at, path: 'check.inputs' });
    return { label: ref, amount: literal, sources: [] };
  });
  const fail = (why: string, kind: 'metric' | 'exchangeRate' = 'metric'): never => {
    throw BriefingError.of(kind, `claim "${claim.id}": ${why}`, { ...claim.at, path: 'check' });
  };
  const rates: AppliedRate[] = [];
  /** `value` in `from` as an amount in `to`, through a stated rate. */
  const convert = (value: Interval, from: Unit, to: Unit): Interval => {
    const c = ctx.fx.convert(value, from, to);
    if (c === undefined) return fail(noRate('the computation', from, to), 'exchangeRate');
    if (!rates.includes(c.rate)) rates.push(c.rate);
    return c.value;
  };
  const money = (u: Unit): boolean => isCurrency(u);
  const stated = claim.stated.unit;
  // Money goes into the stated currency first where a rate to it is stated, so that DKK + CHF compared with
  // USD needs only the DKK→USD and CHF→USD rates.
  const amounts: Interval[] = inputs.map((i) => (money(i.amount.unit) && money(stated) && ctx.fx.rate(i.amount.unit, stated) ? convert(i.amount, i.amount.unit, stated) : i.amount));
  const unitOf = (i: number): Unit => (amounts[i] === inputs[i]!.amount ? inputs[i]!.amount.unit : stated);
  let unit = unitOf(0);
  let value: Interval = amounts[0]!;
  for (let k = 1; k < inputs.length; k++) {
    const u = unitOf(k);
    let amount: Interval = amounts[k]!;
    if (u !== unit && money(u) && money(unit) && claim.check.formula !== 'product') amount = convert(amount, u, unit);
    const same = u === unit || (money(u) && money(unit));
    switch (claim.check.formula) {
      case 'sum':
      case 'difference':
        if (!same) fail(`cannot ${claim.check.formula === 'sum' ? 'add' : 'subtract'} ${u} and ${unit}`);
        value = claim.check.formula === 'sum' ? add(value, amount) : subtract(value, amount);
        break;
      case 'product':
        if (!isDimensionless(u) && !isDimensionless(unit)) fail(`cannot multiply ${unit} by ${u}`);
        value = multiply(value, amount);
        if (isDimensionless(unit)) unit = u;
        break;
      case 'quotient':
        if (isDimensionless(u)) {
          value = divide(value, amount);
        } else if (same) {
          value = divide(value, amount);
          unit = 'ratio'; // same unit over same unit: dimensionless
        } else fail(`cannot divide ${unit} by ${u}`);
        break;
    }
  }
  if (money(unit) && money(stated) && unit !== stated) {
    value = convert(value, unit, stated);
    unit = stated;
  }
  const dimension = (x: Unit): string => (isDimensionless(x) ? 'dimensionless' : x);
  if (dimension(unit) !== dimension(stated)) fail(`the inputs give ${unit} but the stated value is in ${stated}`);
  if (isDimensionless(unit)) unit = stated;
  const verb = { sum: ' + ', difference: ' − ', product: ' × ', quotient: ' ÷ ' }[claim.check.formula];
  const formula = inputs.map((i) => i.label).join(verb) + rates.map((r) => `; at ${describeRate(r, ctx.fmt)}`).join('');
  const computed = metric(`claim.${claim.id}`, claim.statement, unit, value, formula, [...inputs, ...rates.map(rateInput)]);
  const tol = claim.check.tolerance;
  const s = claim.stated;
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
    verdict: overlaps(statedWindow, value) ? 'consistent' : 'inconsistent',
    sources: claim.sources,
  };
}

/**
 * Compute every metric of a briefing.
 * @throws BriefingError (`metric`) with every claim or deal that cannot be computed, located in its file.
 */
export function computeMetrics(b: Briefing): Metrics {
  const problems: Diagnostic[] = [];
  /** Run one computation; its errors join the list. A division by a range holding zero is located at `place`. */
  const collect = <T,>(work: () => T, place: Place): T | undefined => {
    try {
      return work();
    } catch (e) {
      if (e instanceof RangeError) problems.push(diagnostic('metric', `${e.message}: a figure this metric divides by is zero or spans zero`, place));
      else if (e instanceof BriefingError) problems.push(...e.diagnostics);
      else throw e;
      return undefined;
    }
  };
  const ctx = metricContext(b);
  const companies = b.companies.map((c) => collect(() => companyMetrics(c, ctx), c.at) ?? { company: c.id, name: c.name });
  const byId = new Map(companies.map((c) => [c.company, c]));
  const cohortMetrics = b.manifest.cohort.map((id) => byId.get(id)!);
  const cohortPlace: Place = { file: path.join(b.dir, 'briefing.yaml'), path: 'cohort' };
  const valuation = collect(() =>
    sumMetrics(
      'cohort.valuation',
      'Cohort combined valuation',
      cohortMetrics.flatMap((c) => (c.valuation ? [c.valuation] : [])),
      `sum of valuation ranges: ${cohortMetrics.map((c) => c.name).join(' + ')}`,
      cohortPlace,
      ctx,
    ),
    cohortPlace,
  );
  const proceeds = collect(() =>
    sumMetrics('cohort.proceeds', 'Cohort IPO proceeds where stated', cohortMetrics.flatMap((c) => (c.ipoProceeds ? [c.ipoProceeds] : [])), 'sum of stated IPO proceeds', cohortPlace, ctx),
    cohortPlace,
  );
  const liquidity: LiquidityScenario[] = [];
  if (valuation) {
    for (const s of b.manifest.floatScenarios) {
      const a = parseAmount(s) as Amount;
      const param: MetricInput = { label: `float scenario ${s}`, amount: a, sources: [] };
      liquidity.push({
        float: a.low,
        drawn: metric(`liquidity.${s}`, `Liquidity drawn at ${s} float`, valuation.unit, multiply(valuation, a), 'cohort combined valuation × float percentage', [...valuation.inputs, param]),
      });
    }
  }
  const figures = figureById(b);
  const deals: DealEconomics[] = b.manifest.deals.flatMap((d) => collect(() => [dealEconomics(d)], figures.get(d.revenue)!.figure.at) ?? []);
  function dealEconomics(d: Manifest['deals'][number]): DealEconomics {
    const rev = figures.get(d.revenue)!.figure;
    const profit = figures.get(d.cashProfit)!.figure;
    const qualified = (m: Metric, q: Qualifier | undefined): Metric => (q === undefined ? m : { ...m, qualifier: q });
    const revenue = qualified(metric(`deal.${d.id}.revenue`, `${d.title} revenue per year`, rev.amount.unit, rev.amount, 'stated', [figureInput(rev, 'revenue')]), rev.amount.qualifier);
    const cashProfit = qualified(
      metric(`deal.${d.id}.cashProfit`, `${d.title} cash profit per year`, profit.amount.unit, profit.amount, 'stated', [figureInput(profit, 'cash profit')]),
      profit.amount.qualifier,
    );
    if (rev.amount.unit !== profit.amount.unit) {
      problems.push(diagnostic('metric', `deal "${d.id}": revenue is in ${rev.amount.unit} but cash profit in ${profit.amount.unit}`, { file: rev.at.file, line: rev.at.line }));
    }
    // A bound on the profit ("more than $2.5B") bounds the margin the same way; a bound on revenue too would leave it open.
    const margin = qualified(
      metric(`deal.${d.id}.margin`, `${d.title} cash margin`, 'percent', divide(profit.amount, rev.amount), 'cash profit ÷ revenue', [...cashProfit.inputs, ...revenue.inputs]),
      rev.amount.qualifier === undefined ? profit.amount.qualifier : undefined,
    );
    return { id: d.id, title: d.title, revenue, cashProfit, margin };
  }
  const claims = b.claims.flatMap((claim) => collect(() => [checkClaim(claim, figures, ctx)], { ...claim.at, path: 'check' }) ?? []);
  if (problems.length > 0) throw new BriefingError(problems);
  const out: { -readonly [K in keyof Metrics]: Metrics[K] } = {
    companies,
    cohort: {
      companies: b.manifest.cohort,
      ...(valuation ? { valuation } : {}),
      ...(proceeds ? { proceeds } : {}),
      proceedsMissing: cohortMetrics.filter((c) => !c.ipoProceeds).map((c) => c.company),
    },
    liquidity,
    deals,
    claims,
    conflicts: findConflicts(b),
  };
  if (b.manifest.revenueMixOf !== undefined) {
    const mix = revenueMix(b.companies.find((c) => c.id === b.manifest.revenueMixOf)!);
    if (mix) out.revenueMix = mix;
  }
  return out;
}

/**
 * Revenue mix of a company in its latest fiscal year: each segment-revenue figure of that year, plus the
 * remainder (total − segments) marked `derived`. Undefined without annual revenue or segments.
 */
export function revenueMix(c: LoadedCompany): RevenueMix | undefined {
  const year = latestRevenueYear(c);
  if (year === undefined) return undefined;
  const total = annualRevenue(c, year)!;
  const segs = c.figures.filter((f) => f.quantity === 'segment-revenue' && f.amount.unit === total.unit && fiscalYear(f.period) === year);
  if (segs.length === 0) return undefined;
  // Several sources for one segment make one bar spanning their values, as for the total.
  const names = [...new Set(segs.map((f) => f.segment!))];
  const segments = names.map((name) => {
    const figs = segs.filter((f) => f.segment === name);
    return {
      segment: name,
      value: metric(`${c.id}.segment.${name}`, `${name} revenue FY${year}`, total.unit, span(figs), 'stated', figs.map((f) => figureInput(f, `${name} revenue`))),
      derived: false,
    };
  });
  const named = segments.reduce<Interval>((acc, s) => add(acc, s.value), { low: 0, high: 0 });
  const rest = subtract(total, named);
  if (rest.high > 0) {
    segments.push({
      segment: 'Other segments',
      value: metric(`${c.id}.segment.other`, `Other segments FY${year}`, total.unit, { low: Math.max(rest.low, 0), high: rest.high }, `FY${year} revenue − named segments`, [
        ...total.inputs,
        ...segments.flatMap((s) => s.value.inputs),
      ]),
      derived: true,
    });
  }
  return { company: c.id, period: `FY${year}`, total, segments };
}
