/**
 * The metrics a briefing declares in `metrics.yaml`, and the claim checks of `claims.yaml`, computed.
 *
 * ```
 * order by {metric: id} references (a cycle is an error)
 *   └─ for each metric: rows (one; one per company of `each`; one per scenario)
 *        └─ resolve inputs ─► evaluate the formula (formula.ts) ─► convert into the declared unit ─► row
 * ```
 * Every row is a {@link Metric}: its value, the formula with each input named and valued, the figures and
 * rates it used and their sources. Errors name the file and line of the metric (or claim).
 */
import { parseAmount, type Qualifier } from '../content/amount.ts';
import { figureOwners, type Briefing, type Figure, type FigureOwner, type Located, type LocatedMetric } from '../content/model.ts';
import type { Lookup, MetricDeclaration, MetricInputDeclaration } from '../content/declarations.ts';
import { isCurrency, isDimensionless, normaliseUnit, suggestion, type Unit } from '../content/units.ts';
import { BriefingError, diagnostic, type Diagnostic, type Message, type Place } from '../errors.ts';
import { msg } from '../messages.ts';
import type { Formatter } from '../format.ts';
import { unique } from '../lists.ts';
import { evaluate, parseFormula, printFormula, type FormulaValue, type Operand } from './formula.ts';
import * as say from './formula-text.ts';
import { describeRate, type AppliedRate, type FxTable } from './fx.ts';
import { mid, type Interval } from './interval.ts';
import { figureById, figuresOf, ownersOf, type OwnedFigure } from './lookup.ts';
import { yearsApart, type YearUse } from './years.ts';
import { isAnnual, periodKey, periodSpan } from '../content/periods.ts';

/** One input of a computed value, for tracing it to its sources: a figure, a literal, a metric or a rate. */
export interface MetricInput {
  readonly label: string;
  readonly amount: { readonly unit: Unit; readonly low: number; readonly high: number; readonly qualifier?: Qualifier };
  /** Figure id when the input is a figure. */
  readonly figureId?: string;
  readonly sources: readonly string[];
}

/**
 * A computed value: `low`–`high` (equal for a point) and `mid`, in `unit` (percent and ratios as fractions,
 * money in whole currency units), with the formula as printed and the inputs it used.
 */
export interface Metric {
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly low: number;
  readonly mid: number;
  readonly high: number;
  /** The formula with each input named and valued, and any exchange rate used. */
  readonly formula: string;
  readonly inputs: readonly MetricInput[];
  /** Union of the inputs' source ids, in first-use order. */
  readonly sources: readonly string[];
  /** Set when the value is a bound or an approximation carried from an input. */
  readonly qualifier?: Qualifier;
}

/** One row of a declared metric: the company id (for `each`), the scenario (for scenarios), or null. */
export interface MetricRow extends Metric {
  readonly key: string | null;
  /** The annual figures the row rests on, with the ends of their years (years.ts), its inputs' own included. */
  readonly years: readonly YearUse[];
}

/** A declared metric with its rows, as the metrics section and charts use it. */
export interface DeclaredMetric {
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly kind: 'single' | 'each' | 'scenarios';
  readonly rows: readonly MetricRow[];
  /** Names of the companies of `each` (or of a group lookup) left out for want of figures. */
  readonly missing: readonly string[];
  readonly table: string | null;
  readonly note: string | null;
  readonly at: Place;
}

/** What computing needs beyond the briefing: the stated rates and the formatter of its locale. */
export interface ComputeContext {
  readonly fx: FxTable;
  readonly fmt: Formatter;
}

/** A value resolved for a formula, with how to print and trace it. */
interface Resolved {
  readonly value: FormulaValue;
  readonly text: string;
  readonly inputs: readonly MetricInput[];
  readonly missing: readonly string[];
  /** The annual figures it rests on, with the ends of their years (years.ts). */
  readonly years: readonly YearUse[];
}

/** Thrown inside one row's computation when an `each` company lacks a figure: the row is left out. */
class NothingFound {
  readonly what: string;
  constructor(what: string) {
    this.what = what;
  }
}

function operandOf(m: Pick<Metric, 'low' | 'high' | 'unit' | 'qualifier'>): Operand {
  return m.qualifier === undefined ? { value: { low: m.low, high: m.high }, unit: m.unit } : { value: { low: m.low, high: m.high }, unit: m.unit, qualifier: m.qualifier };
}

/** The years `rows` of a metric rest on, as uses of input `input` that came through the metric. */
const viaMetric = (input: string, rows: readonly MetricRow[]): YearUse[] => rows.flatMap((r) => r.years.map((u) => ({ ...u, input, viaMetric: true })));

/** The shared resolver of metrics and claims: inputs → formula values, in one briefing. */
class Resolver {
  private readonly figures: ReadonlyMap<string, OwnedFigure>;
  private readonly b: Briefing;
  private readonly ctx: ComputeContext;
  private readonly computed: ReadonlyMap<string, DeclaredMetric>;
  private readonly owners: ReadonlyMap<string, FigureOwner>;

  constructor(b: Briefing, ctx: ComputeContext, computed: ReadonlyMap<string, DeclaredMetric>) {
    this.b = b;
    this.ctx = ctx;
    this.computed = computed;
    this.figures = figureById(b);
    this.owners = new Map(figureOwners(b).map((o) => [o.id, o]));
  }

  /** Figure `f` of `owner` as a {@link YearUse} of input `input` when its period is a fiscal year; else none. */
  private yearUse(input: string, owner: FigureOwner, f: Figure): YearUse[] {
    const span = isAnnual(f.period) ? periodSpan(f.period!, owner.fiscalYearEnd) : undefined;
    if (span === undefined) return [];
    return [{ owner: owner.id, label: say.ownerThing(owner.name, this.thing(f.quantity, f.segment, f.period)), fiscalYear: span.fiscalYear, end: span.end, input, viaMetric: false }];
  }

  /** What `quantity` with a segment and a period names, in words: `revenue (Cloud) FY2025`. */
  private thing(quantity: string, segment: string | undefined, period: string | undefined): string {
    return say.thingText(this.b.vocabulary.quantities.get(quantity)?.title ?? quantity, segment, period);
  }

  /** Several figures of one owner as one operand: the span of their values, other currencies converted. */
  private span(figs: readonly Located<Figure>[], ownerName: string, fail: Fail, usedRate: (r: AppliedRate) => void): { operand: Operand; inputs: MetricInput[] } {
    const unit = figs[0]!.amount.unit;
    const values = figs.map((f) => {
      if (f.amount.unit === unit) return f.amount as Interval;
      const c = this.ctx.fx.convert(f.amount, f.amount.unit, unit);
      if (c === undefined) return fail(msg.noRate(say.ownerThing(ownerName, f.quantity), f.amount.unit, unit));
      usedRate(c.rate);
      return c.value;
    });
    const qualifiers = unique(figs.map((f) => f.amount.qualifier));
    const qualifier = qualifiers.length === 1 ? qualifiers[0] : undefined;
    const value = { low: Math.min(...values.map((v) => v.low)), high: Math.max(...values.map((v) => v.high)) };
    const inputs = figs.map((f): MetricInput => {
      const base = { label: say.ownerThing(ownerName, this.thing(f.quantity, f.segment, f.period)), amount: f.amount, sources: f.sources };
      return f.id === undefined ? base : { ...base, figureId: f.id };
    });
    return { operand: qualifier === undefined ? { value, unit } : { value, unit, qualifier }, inputs };
  }

  /**
   * Resolve one input. `current` is the company of an `each` row; `scenario` the value of a scenarios input.
   * @throws NothingFound when a lookup of the current company finds nothing (the row is left out).
   */
  resolve(name: string, input: MetricInputDeclaration, current: FigureOwner | undefined, scenario: Operand | undefined, fail: Fail, usedRate: (r: AppliedRate) => void): Resolved {
    const fmt = this.ctx.fmt;
    if (typeof input === 'string') {
      const owned = this.figures.get(input);
      if (owned) {
        const { operand, inputs } = this.span([owned.figure], owned.ownerName, fail, usedRate);
        const owner = this.owners.get(owned.owner);
        const years = owner === undefined ? [] : this.yearUse(name, owner, owned.figure);
        return { value: operand, text: say.valued(inputs[0]!.label, fmt.amount(owned.figure.amount)), inputs, missing: [], years };
      }
      const literal = parseAmount(input, 'ratio');
      if (typeof literal === 'string') return fail(msg.notFigureNorAmount(name, input, suggestion(input, this.figures.keys())));
      return { value: operandOf(literal), text: fmt.amount(literal), inputs: [{ label: input, amount: literal, sources: [] }], missing: [], years: [] };
    }
    if ('metric' in input) {
      const m = this.computed.get(input.metric);
      if (m === undefined) return fail(msg.inputUnknownMetric(name, input.metric, suggestion(input.metric, this.computed.keys())));
      const rowInputs = (r: MetricRow): MetricInput[] => [{ label: say.rowInputLabel(m.label, r.key === null ? null : r.label), amount: r, sources: r.sources }];
      const own = current === undefined ? undefined : m.rows.find((r) => r.key === current.id);
      if (m.kind === 'each' && current !== undefined) {
        if (own === undefined) throw new NothingFound(say.ofOwner(m.label, current.name));
        return { value: operandOf(own), text: say.valued(m.label, fmt.amount(own)), inputs: rowInputs(own), missing: [], years: viaMetric(name, [own]) };
      }
      const years = viaMetric(name, m.rows);
      if (m.kind === 'single') return { value: operandOf(m.rows[0]!), text: say.valued(m.label, fmt.amount(m.rows[0]!)), inputs: rowInputs(m.rows[0]!), missing: [], years };
      return { value: m.rows.map(operandOf), text: say.counted(m.label, m.rows.length), inputs: m.rows.flatMap(rowInputs), missing: m.missing, years };
    }
    if ('scenarios' in input) {
      return { value: scenario!, text: fmt.amount({ unit: scenario!.unit, low: scenario!.value.low, high: scenario!.value.high }), inputs: [], missing: [], years: [] };
    }
    return this.lookup(name, input, current, fail, usedRate);
  }

  private lookup(name: string, l: Lookup, current: FigureOwner | undefined, fail: Fail, usedRate: (r: AppliedRate) => void): Resolved {
    const fmt = this.ctx.fmt;
    if (!this.b.vocabulary.quantities.has(l.quantity)) return fail(msg.inputUnknownQuantity(name, l.quantity, suggestion(l.quantity, this.b.vocabulary.quantities.keys())));
    const single = l.company !== undefined || (l.companies === undefined && l.group === undefined);
    let owners: FigureOwner[];
    if (l.company === undefined && l.companies === undefined && l.group === undefined) {
      if (current === undefined) return fail(msg.lookupNeedsOwner(name));
      owners = [current];
    } else {
      const found = ownersOf(this.b, l);
      if (typeof found === 'string') return fail(msg.inputOwners(name, found));
      owners = found;
    }
    const what = this.thing(l.quantity, l.segment, l.period);
    if (owners.length === 0) return fail(msg.noCompanyMatches(name, l.company, l.group));
    const amount = (o: Operand): string => fmt.amount({ ...o.value, unit: o.unit, ...(o.qualifier ? { qualifier: o.qualifier } : {}) });
    const parts = owners.map((o) => ({ owner: o, values: this.things(name, o, l, fail, usedRate) }));
    if (single && parts[0]!.values.length <= 1) {
      const { owner, values } = parts[0]!;
      if (values.length === 0) {
        if (current !== undefined && l.company === undefined) throw new NothingFound(say.ownerThing(owner.name, what));
        return fail(msg.noFigureOf(name, owner.name, what));
      }
      const { operand, inputs, years, period } = values[0]!;
      // `latest` is said as the year it found (`Acme revenue FY2025`).
      const found = l.period === 'latest' && period !== undefined ? this.thing(l.quantity, l.segment, period) : what;
      return { value: operand, text: say.valued(say.ownerThing(owner.name, found), amount(operand)), inputs, missing: [], years };
    }
    const present = parts.filter((p) => p.values.length > 0);
    if (present.length === 0) return fail(msg.noFigureInGroup(name, l.group, what));
    const values = present.flatMap((p) => p.values);
    const whose = single ? parts[0]!.owner.name : l.group !== undefined ? (this.b.vocabulary.groups.get(l.group)?.title ?? l.group) : undefined;
    return {
      value: values.map((v) => v.operand),
      text: say.listText(what, whose, values.map((v) => ({ label: v.label, amount: amount(v.operand) }))),
      inputs: values.flatMap((v) => v.inputs),
      missing: parts.filter((p) => p.values.length === 0).map((p) => p.owner.name),
      years: values.flatMap((v) => v.years),
    };
  }

  /**
   * The values lookup `l` (input `name`) finds for owner `o`. Figures of one thing (same segment, period and
   * date) from several sources make one value, the span of theirs; figures of different things (two segments,
   * two years) stay apart, one value each.
   */
  private things(name: string, o: FigureOwner, l: Lookup, fail: Fail, usedRate: (r: AppliedRate) => void): { label: string; period: string | undefined; operand: Operand; inputs: MetricInput[]; years: YearUse[] }[] {
    const byThing = new Map<string, Located<Figure>[]>();
    for (const f of figuresOf(o, l)) {
      // FY2025 and 2025 name one year: their figures are one thing, not two values.
      const key = [f.segment ?? '', f.period === undefined ? '' : periodKey(f.period), f.asOf ?? ''].join('\u0000');
      byThing.set(key, [...(byThing.get(key) ?? []), f]);
    }
    return [...byThing.values()].map((figs) => {
      const f = figs[0]!;
      return { label: say.figureLabel(o.name, f.segment, f.period ?? f.asOf), period: f.period, ...this.span(figs, o.name, fail, usedRate), years: this.yearUse(name, o, f) };
    });
  }

  /**
   * Evaluate `formula` over `inputs` (one row) and convert the result into `unit`.
   * @throws NothingFound for an `each` row without figures; otherwise whatever `fail` throws.
   */
  row(
    what: string,
    inputs: Readonly<Record<string, MetricInputDeclaration>>,
    formula: string,
    unit: Unit,
    current: FigureOwner | undefined,
    scenario: Operand | undefined,
    fail: Fail,
  ): { value: Operand; text: string; inputs: MetricInput[]; missing: string[]; years: YearUse[] } {
    const parsed = parseFormula(formula);
    if (typeof parsed === 'string') return fail(msg.badFormula(parsed));
    const missingNames = parsed.names.filter((n) => !Object.hasOwn(inputs, n));
    if (missingNames.length > 0) return fail(msg.namesNotInputs(missingNames, Object.keys(inputs)));
    const rates: AppliedRate[] = [];
    const usedRate = (r: AppliedRate): void => {
      if (!rates.some((x) => x.stated === r.stated && x.inverted === r.inverted)) rates.push(r);
    };
    const env = new Map<string, FormulaValue>();
    const described: say.NamedInput[] = [];
    const traced: MetricInput[] = [];
    const missing: string[] = [];
    const years: YearUse[] = [];
    for (const [name, input] of Object.entries(inputs)) {
      const r = this.resolve(name, input, current, scenario, fail, usedRate);
      env.set(name, r.value);
      if (!(typeof input === 'object' && 'scenarios' in input)) described.push({ name, text: r.text });
      traced.push(...r.inputs);
      missing.push(...r.missing);
      years.push(...r.years);
    }
    const preferred = isCurrency(unit) ? unit : undefined;
    let result = evaluate(parsed, env, { fx: this.ctx.fx, fail, usedRate, ...(preferred ? { preferred } : {}) });
    if (Array.isArray(result)) return fail(msg.givesList(what));
    let value = result as Operand;
    // The declared unit: money converts into it; dimensionless results take its name.
    if (isCurrency(unit)) {
      if (!isCurrency(value.unit)) return fail(msg.unitMismatch(value.unit, unit));
      if (value.unit !== unit) {
        const c = this.ctx.fx.convert(value.value, value.unit, unit);
        if (c === undefined) return fail(msg.noRate(what, value.unit, unit));
        usedRate(c.rate);
        value = { ...value, value: c.value, unit };
      }
    } else if (isDimensionless(unit) || unit === 'count') {
      if (!isDimensionless(value.unit) && value.unit !== 'count') return fail(msg.unitMismatch(say.unitWords(value.unit), unit));
      value = { ...value, unit };
    } else if (value.unit !== unit) return fail(msg.unitMismatch(value.unit, unit));
    result = value;
    // A formula that is one input reads as that input; others name each input with its value.
    const lone = parsed.ast.type === 'Identifier' && described.length === 1;
    const text = say.formulaLine(printFormula(formula), lone, described, rates.map((r) => describeRate(r, this.ctx.fmt)));
    return { value, text, inputs: [...traced, ...rates.map(rateInput)], missing, years };
  }
}

/** A rate as a metric input, so that its sources are cited with the figures'. */
export function rateInput(r: AppliedRate): MetricInput {
  return { label: say.rateLabel(r.from, r.to), amount: { unit: 'ratio', low: r.factor, high: r.factor }, sources: r.stated.sources };
}

/** Throws a catalogue message as a located error. */
type Fail = (message: Message) => never;

/** A located error thrower for a metric or claim at `at`; `prefix` (msg.metricPrefix, msg.claimPrefix) names it. */
function failAt(at: Place, prefix: string): Fail {
  return (message) => {
    throw BriefingError.of(msg.about(prefix, message), at);
  };
}

/** Build a {@link Metric} from an operand and its trace. */
export function metricOf(id: string, label: string, value: Operand, formula: string, inputs: readonly MetricInput[]): Metric {
  const m: Metric = { id, label, unit: value.unit, low: value.value.low, high: value.value.high, mid: mid(value.value), formula, inputs, sources: unique(inputs.flatMap((i) => i.sources)) };
  return value.qualifier === undefined ? m : { ...m, qualifier: value.qualifier };
}

/** Metric ids in dependency order; a cycle or an unknown reference is reported at the metric. */
function dependencyOrder(metrics: readonly LocatedMetric[], problems: Diagnostic[]): LocatedMetric[] {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const refs = metricRefs;
  const order: LocatedMetric[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: LocatedMetric, path: string[]): boolean => {
    if (state.get(m.id) === 'done') return true;
    if (state.get(m.id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(m.id)), m.id];
      problems.push(diagnostic(msg.metricCycle(cycle), { ...m.at, path: 'inputs' }));
      return false;
    }
    state.set(m.id, 'visiting');
    let ok = true;
    for (const r of refs(m)) {
      const dep = byId.get(r);
      if (dep === undefined) {
        problems.push(diagnostic(msg.unknownMetricOfMetric(m.id, r, suggestion(r, byId.keys())), { ...m.at, path: 'inputs' }));
        ok = false;
      } else if (!visit(dep, [...path, m.id])) ok = false;
    }
    state.set(m.id, 'done');
    if (ok) order.push(m);
    return ok;
  };
  for (const m of metrics) visit(m, []);
  return order;
}

/** The ids of the metrics a metric uses (`{metric: id}` inputs). */
export function metricRefs(m: Pick<MetricDeclaration, 'inputs'>): string[] {
  return Object.values(m.inputs).flatMap((i) => (typeof i === 'object' && 'metric' in i ? [i.metric] : []));
}

/**
 * Compute every metric of `metrics.yaml` in dependency order. A metric that uses one that failed is left out
 * without a message of its own: the failure it depends on is reported.
 * @returns the metrics that could be computed, in declaration order, and every problem, each at its metric:
 *   unknown ids, lookups that find nothing, units that do not combine, currencies without a stated rate,
 *   divisions by a range that spans zero, cycles.
 */
export function computeDeclaredMetrics(b: Briefing, ctx: ComputeContext): { metrics: DeclaredMetric[]; problems: Diagnostic[]; warnings: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const done = new Map<string, DeclaredMetric>();
  const resolver = new Resolver(b, ctx, done);
  for (const m of dependencyOrder(b.metrics, problems)) {
    if (metricRefs(m).some((r) => !done.has(r))) continue;
    try {
      const computed = computeOne(m, b, resolver, ctx.fmt);
      done.set(m.id, computed);
      const apart = m.acceptMixedYears === true ? undefined : mixedYears(computed.rows.flatMap((r) => r.years), (input) => m.inputAt[input] ?? m.formulaAt, msg.metricPrefix(m.id), ctx.fmt);
      if (apart !== undefined) warnings.push(apart);
    } catch (e) {
      if (e instanceof BriefingError) problems.push(...e.diagnostics);
      else throw e;
    }
  }
  return { metrics: b.metrics.flatMap((m) => done.get(m.id) ?? []), problems, warnings };
}

/**
 * The warning for a metric or claim (`prefix`) whose annual figures `years` end more than six months apart
 * between companies (years.ts), or undefined when they line up; placed at the input that found the year ending
 * first (`at(input name)`: the input's line in metrics.yaml).
 */
export function mixedYears(years: readonly YearUse[], at: (input: string) => Place, prefix: string, fmt: Formatter): Diagnostic | undefined {
  const apart = yearsApart(years);
  if (apart === undefined) return undefined;
  const { early, late, months } = apart;
  return diagnostic(msg.about(prefix, msg.yearsApart(early.label, fmt.date(early.end), late.label, fmt.date(late.end), months)), at(early.input));
}

/**
 * How the rows of metric `m` are named: by its `rowLabel:` pattern with `{row}` for the row's own name, or by
 * that name alone (`undefined`: the default). Checks the pattern: it must hold `{row}`, and the metric have
 * several rows (`several`).
 */
function rowNamer(m: LocatedMetric, several: boolean): ((name: string) => string) | undefined {
  if (m.rowLabel === undefined) return undefined;
  const fail = failAt({ ...m.at, path: 'rowLabel' }, msg.metricPrefix(m.id));
  if (!several) fail(msg.rowLabelOnOneRow());
  if (!m.rowLabel.includes(say.ROW_PLACEHOLDER)) fail(msg.rowLabelWithoutRow(m.rowLabel));
  const pattern = m.rowLabel;
  return (name) => say.namedRow(pattern, name);
}

function computeOne(m: LocatedMetric, b: Briefing, resolver: Resolver, fmt: Formatter): DeclaredMetric {
  const fail = failAt({ ...m.at, path: 'formula' }, msg.metricPrefix(m.id));
  const unit = normaliseUnit(m.unit) ?? fail(msg.unknownUnit(m.unit));
  const scenarioInputs = Object.entries(m.inputs).filter(([, i]) => typeof i === 'object' && 'scenarios' in i);
  if (scenarioInputs.length > 1) fail(msg.twoScenarioInputs());
  if (scenarioInputs.length === 1 && m.each !== undefined) fail(msg.eachAndScenarios());
  const named = rowNamer(m, m.each !== undefined || scenarioInputs.length === 1);
  const base = { id: m.id, label: m.label, unit, table: m.table ?? null, note: m.note ?? null, at: m.at };
  if (m.each !== undefined) {
    const owners = ownersOf(b, m.each);
    if (typeof owners === 'string') return fail(msg.eachOwners(owners));
    if (m.each.group === undefined && m.each.companies === undefined) fail(msg.eachNeedsGroup());
    const rows: MetricRow[] = [];
    const missing: string[] = [];
    for (const owner of owners) {
      try {
        const r = resolver.row(m.id, m.inputs, m.formula, unit, owner, undefined, failAt({ ...m.at, path: 'formula' }, msg.metricRowPrefix(m.id, owner.name)));
        rows.push({ ...metricOf(`${m.id}.${owner.id}`, named?.(owner.name) ?? owner.name, r.value, r.text, r.inputs), key: owner.id, years: r.years });
      } catch (e) {
        if (e instanceof NothingFound) missing.push(owner.name);
        else throw e;
      }
    }
    if (rows.length === 0) fail(msg.eachFindsNothing(missing));
    return { ...base, kind: 'each', rows, missing };
  }
  if (scenarioInputs.length === 1) {
    const [name, input] = scenarioInputs[0]! as [string, { scenarios: string[] }];
    const rows = input.scenarios.map((s): MetricRow => {
      const a = parseAmount(s, 'ratio');
      if (typeof a === 'string') return fail(msg.badScenario(s, name, a));
      const r = resolver.row(m.id, m.inputs, m.formula, unit, undefined, operandOf(a), failAt({ ...m.at, path: 'formula' }, msg.metricRowPrefix(m.id, s)));
      const label = named?.(fmt.amount(a)) ?? say.scenarioLabel(name, s);
      return { ...metricOf(`${m.id}[${s}]`, label, r.value, say.scenarioLine(r.text, name, s), r.inputs), key: s, years: r.years };
    });
    return { ...base, kind: 'scenarios', rows, missing: [] };
  }
  try {
    const r = resolver.row(m.id, m.inputs, m.formula, unit, undefined, undefined, fail);
    return { ...base, kind: 'single', rows: [{ ...metricOf(m.id, m.label, r.value, r.text, r.inputs), key: null, years: r.years }], missing: unique(r.missing) };
  } catch (e) {
    if (e instanceof NothingFound) return fail(msg.foundNoFigure(e.what));
    throw e;
  }
}

/**
 * The resolver for claim checks, which use the same inputs and formulas as metrics. Its result carries the
 * warning for companies' years that end more than six months apart ({@link mixedYears}, at `at`), if any.
 */
export function claimResolver(b: Briefing, ctx: ComputeContext, metrics: readonly DeclaredMetric[]): (at: Place, prefix: string, inputs: Readonly<Record<string, MetricInputDeclaration>>, formula: string, unit: Unit) => { value: Operand; text: string; inputs: MetricInput[]; mixedYears: Diagnostic | undefined } {
  const resolver = new Resolver(b, ctx, new Map(metrics.map((m) => [m.id, m])));
  return (at, prefix, inputs, formula, unit) => {
    const fail = failAt(at, prefix);
    try {
      const r = resolver.row(prefix, inputs, formula, unit, undefined, undefined, fail);
      return { ...r, mixedYears: mixedYears(r.years, () => at, prefix, ctx.fmt) };
    } catch (e) {
      if (e instanceof NothingFound) return fail(msg.foundNoFigure(e.what));
      throw e;
    }
  };
}
