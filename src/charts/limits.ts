/**
 * The checks of a chart spec, before anything draws it. A briefing is untrusted input, and so is a chart spec
 * it carries (ENGINEERING.md §7): these checks refuse a spec that could reach outside the document, and what
 * would size the work of a render beyond a chart's needs, naming the field, the parameter and the limit.
 *
 * ```
 * text ─► parseChartSpec (JSON) ─► walk (iterative; refuses nesting past SPEC_LIMITS.depth) ─► each field:
 *   assertDataOnly (no url, href, loader, signals, image marks, javascript: strings), size rules (tickCount,
 *   maxbins, bin step/extent, sequence, keyvals, quantile step, density steps, width/height/step, format
 *   width) and mark names ─► (render.ts, where Vega is loaded) each string that parses as a Vega
 *   expression: no regular expressions, literal sizes of pad(), sequence() and format() within the limits
 * ```
 * What a spec computes from the data at run time is bounded by the worker that renders it (sandbox.ts):
 * a deadline and a memory limit, and the same size limits enforced inside the expression functions.
 */
import type { TopLevelSpec } from 'vega-lite';
import { BriefingError, type Message } from '../errors.ts';
import { msg } from '../messages.ts';

/**
 * The size limits of a chart spec. Every default template spec is far inside them; a chart on a page
 * needs a few dozen ticks and bins, some hundred pixels and strings of a line or two.
 */
export const SPEC_LIMITS = {
  /** Levels of nested objects and arrays in a spec (the default specs use under 10). */
  depth: 64,
  /** An axis's or legend's `tickCount`. */
  tickCount: 100,
  /** Bins of a `bin`: its `maxbins`, or its extent over its `step`. */
  bins: 1000,
  /** Values a `sequence` generator, an impute's `keyvals` or `sequence()` may make. */
  sequence: 10_000,
  /** Steps of a `density` transform (`steps`, `minsteps`, `maxsteps`); quantiles of a `quantile` (1 / `step`). */
  steps: 1000,
  /** Characters of a string an expression may build with `pad()`. */
  stringLength: 10_000,
  /** Width of a number format (`format: "1000d"` pads each label to 1000 characters). */
  formatWidth: 100,
  /** Pixels of a `width`, `height` or band `step`. */
  pixels: 4000,
  /** Levels of brackets in one expression string. */
  expressionDepth: 32,
} as const;

/** How long and how much memory a chart spec the briefing supplies may use when rendered (see sandbox.ts). */
export interface ChartLimits {
  /** Milliseconds one chart may render before its worker is stopped (default 10,000). */
  readonly deadlineMs: number;
  /** MB of JavaScript heap (V8 old generation) the chart worker may use (default 256). */
  readonly memoryMb: number;
}

/** The defaults of {@link ChartLimits}. */
export const CHART_LIMITS: ChartLimits = { deadlineMs: 10_000, memoryMb: 256 };

/** One field met by {@link walkSpec}: its value, its key, the object or array holding it, its path. */
export interface SpecField {
  readonly value: unknown;
  /** The field's key, or its index in an array; null for the spec itself. */
  readonly key: string | number | null;
  readonly parent: unknown;
  /** `layer[0].encoding.x.axis.tickCount`; empty for the spec itself. */
  readonly path: string;
}

/**
 * Visit every value of a JSON spec, depth first in document order, without recursion (a spec nesting
 * 100,000 arrays is walked in constant stack).
 * @throws BriefingError (`chart`) at `file` and the path of the first value nested deeper than
 *   {@link SPEC_LIMITS}.depth, before `visit` sees anything below it.
 */
export function walkSpec(spec: unknown, file: string, visit: (field: SpecField) => void): void {
  const stack: { field: SpecField; depth: number }[] = [{ field: { value: spec, key: null, parent: undefined, path: '' }, depth: 0 }];
  while (stack.length > 0) {
    const { field, depth } = stack.pop()!;
    visit(field);
    const node = field.value;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= SPEC_LIMITS.depth) throw BriefingError.of(msg.specTooDeep(SPEC_LIMITS.depth), { file, path: field.path });
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, value] = entries[i]!;
      const path = typeof key === 'number' ? `${field.path}[${key}]` : field.path === '' ? key : `${field.path}.${key}`;
      stack.push({ field: { value, key, parent: node, path }, depth: depth + 1 });
    }
  }
}

/**
 * Parse a chart spec file's text.
 * @throws BriefingError (`chart`) when it is not JSON.
 */
export function parseChartSpec(text: string, file: string): TopLevelSpec {
  try {
    return JSON.parse(text) as TopLevelSpec;
  } catch (e) {
    throw BriefingError.of(msg.specNotJson((e as Error).message), { file });
  }
}

const FORBIDDEN_KEYS = new Set(['url', 'href', 'loader', 'signals']);

/**
 * Reject a spec that could reach outside the document: any `url` or `href` key, image marks, or
 * `javascript:` strings. Charts bind data from the briefing only. Walks without recursion (see
 * {@link walkSpec}), so a deeply nested spec is refused by its depth, not by a stack overflow.
 * @throws BriefingError (`chart`) naming the offending field path, or the depth limit.
 */
export function assertDataOnly(spec: unknown, file: string): void {
  walkSpec(spec, file, ({ value, key, path }) => {
    if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw BriefingError.of(msg.specForbiddenKey(key), { file, path });
    if ((key === 'mark' || key === 'type') && (value === 'image' || (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'image'))) {
      throw BriefingError.of(msg.specImageMark(), { file, path });
    }
    if (typeof value === 'string' && /^\s*(javascript|vbscript|data|file):/i.test(value)) throw BriefingError.of(msg.specReference(value.slice(0, 20)), { file, path });
  });
}

/** The marks Vega-Lite 6 draws (`mark: "bar"` or `mark: {type: "bar"}`). */
export const VEGA_LITE_MARKS = ['arc', 'area', 'bar', 'boxplot', 'circle', 'errorband', 'errorbar', 'geoshape', 'image', 'line', 'point', 'rect', 'rule', 'square', 'text', 'tick', 'trail'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `v` when it is within `limit` (numbers only; `1e309` parses to Infinity and is over), else a message. */
function over(parameter: string, v: unknown, limit: number): Message | undefined {
  return typeof v === 'number' && !(v <= limit) ? msg.specOverLimit(parameter, v, limit) : undefined;
}

/** How many values `start` to `stop` by `step` makes; Infinity when they are not finite numbers or step is 0. */
export function stepCount(start: unknown, stop: unknown, step: unknown = 1): number {
  if (typeof start !== 'number' || typeof stop !== 'number' || typeof step !== 'number' || step === 0) return Infinity;
  const n = Math.ceil((stop - start) / step);
  return Number.isFinite(n) ? Math.max(0, n) : Infinity;
}

/** A range object (`sequence`, impute `keyvals`) with a start, a stop and a step: over the limit? */
function rangeOver(parameter: string, v: unknown): Message | undefined {
  if (!isRecord(v) || !('stop' in v)) return undefined;
  const n = stepCount(v['start'] ?? 0, v['stop'], v['step'] ?? 1);
  return n > SPEC_LIMITS.sequence ? msg.specOverLimit(`${parameter} (values from start to stop by step)`, n, SPEC_LIMITS.sequence) : undefined;
}

/** A `bin` object: a `step` or `steps` only with an `extent` that bounds its number of bins (`maxbins` has its own rule). */
function binOver(v: unknown): Message | undefined {
  if (!isRecord(v)) return undefined;
  const steps = Array.isArray(v['steps']) ? v['steps'] : [];
  // The smallest of `steps` is the worst case; a step that is not a number makes the count unknown (Infinity).
  const step = steps.length > 0 && v['step'] === undefined ? Math.min(...steps.map((s) => (typeof s === 'number' ? s : 0))) : v['step'];
  if (step === undefined) return undefined;
  const extent = v['extent'];
  if (!Array.isArray(extent) || extent.length !== 2) return msg.specBinStepNeedsExtent(SPEC_LIMITS.bins);
  const n = stepCount(extent[0], extent[1], step);
  return n > SPEC_LIMITS.bins ? msg.specOverLimit('bin (extent over step)', n, SPEC_LIMITS.bins) : undefined;
}

/** The width a d3 number format pads to (`"1000d"`, `"*^500,.2f"`), 0 without one. */
export function formatWidth(specifier: string): number {
  const m = /^(?:.?[<>=^])?[-+( ]?[$#]?0?(\d+)/.exec(specifier);
  return m ? Number(m[1]) : 0;
}

/** A width or height: a number of pixels, or `{step: px}`. */
function sizeOver(parameter: string, v: unknown): Message | undefined {
  return isRecord(v) ? over(`${parameter}.step`, v['step'], SPEC_LIMITS.pixels) : over(parameter, v, SPEC_LIMITS.pixels);
}

/** Rules by field name: what a value of that field may not be. `parent` is the object holding the field. */
const SIZE_RULES: Record<string, (v: unknown, parent: unknown) => Message | undefined> = {
  tickCount: (v) => over('tickCount', v, SPEC_LIMITS.tickCount),
  maxbins: (v) => over('maxbins', v, SPEC_LIMITS.bins),
  bin: binOver,
  sequence: (v) => rangeOver('sequence', v),
  keyvals: (v) => rangeOver('keyvals', v),
  steps: (v, parent) => (isRecord(parent) && 'density' in parent ? over('density steps', v, SPEC_LIMITS.steps) : undefined),
  minsteps: (v) => over('minsteps', v, SPEC_LIMITS.steps),
  maxsteps: (v) => over('maxsteps', v, SPEC_LIMITS.steps),
  step: (v, parent) => (isRecord(parent) && 'quantile' in parent && typeof v === 'number' && !(v * SPEC_LIMITS.steps >= 1) ? msg.specOverLimit('quantile (1 / step)', 1 / v, SPEC_LIMITS.steps) : undefined),
  width: (v) => sizeOver('width', v),
  height: (v) => sizeOver('height', v),
  continuousWidth: (v) => over('continuousWidth', v, SPEC_LIMITS.pixels),
  continuousHeight: (v) => over('continuousHeight', v, SPEC_LIMITS.pixels),
  discreteWidth: (v) => sizeOver('discreteWidth', v),
  discreteHeight: (v) => sizeOver('discreteHeight', v),
  format: (v) => (typeof v === 'string' && formatWidth(v) > SPEC_LIMITS.formatWidth ? msg.specOverLimit('format width', formatWidth(v), SPEC_LIMITS.formatWidth) : undefined),
  mark: (v) => {
    const type = isRecord(v) ? v['type'] : v;
    return typeof type === 'string' && !(VEGA_LITE_MARKS as readonly string[]).includes(type) ? msg.specUnknownMark(type, VEGA_LITE_MARKS) : undefined;
  },
};

/**
 * Refuse a spec whose parameters would size the work of a render past {@link SPEC_LIMITS}, that nests past
 * its depth, or that names a mark Vega-Lite does not have. Cheap (one walk, no Vega): run it on every spec
 * before anything else reads it.
 * @throws BriefingError (`chart`) at `file` and the field's path, naming the parameter and the limit.
 */
export function checkSpecLimits(spec: unknown, file: string): void {
  walkSpec(spec, file, ({ value, key, parent, path }) => {
    if (typeof key !== 'string' || !Object.hasOwn(SIZE_RULES, key)) return;
    const problem = SIZE_RULES[key]!(value, parent);
    if (problem) throw BriefingError.of(problem, { file, path });
  });
}

/** A node of a Vega expression's syntax tree (vega-expression's ESTree subset), as far as the checks read it. */
export interface ExpressionNode {
  readonly type: string;
  readonly name?: string;
  readonly value?: unknown;
  readonly regex?: unknown;
  readonly callee?: ExpressionNode;
  readonly arguments?: readonly ExpressionNode[];
  readonly [child: string]: unknown;
}

/** How deep brackets nest in `text` (strings inside it included: a conservative count). */
function bracketDepth(text: string): number {
  let depth = 0;
  let most = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') most = Math.max(most, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return most;
}

/** A literal number or string argument, else undefined (computed arguments are bounded at run time). */
const literal = (n: ExpressionNode | undefined): unknown => (n?.type === 'Literal' ? n.value : undefined);

/** What one call in an expression may not do: regular expressions, and literal sizes past the limits. */
function callProblem(call: ExpressionNode): Message | undefined {
  const name = call.callee?.type === 'Identifier' ? call.callee.name : undefined;
  const args = call.arguments ?? [];
  if (name === 'regexp' || name === 'test') return msg.specRegex(`${name}()`);
  if (name === 'pad') return over('pad() length', literal(args[1]), SPEC_LIMITS.stringLength);
  if (name === 'sequence' && args.length > 0 && args.every((a) => typeof literal(a) === 'number')) {
    const [a, b, c] = args.map(literal);
    const n = args.length === 1 ? stepCount(0, a) : stepCount(a, b, c ?? 1);
    return n > SPEC_LIMITS.sequence ? msg.specOverLimit('sequence() length', n, SPEC_LIMITS.sequence) : undefined;
  }
  const spec = literal(args[1]);
  if (name === 'format' && typeof spec === 'string' && formatWidth(spec) > SPEC_LIMITS.formatWidth) return msg.specOverLimit('format() width', formatWidth(spec), SPEC_LIMITS.formatWidth);
  return undefined;
}

/** The first problem in one expression's syntax tree, walked without recursion. */
function expressionProblem(root: ExpressionNode): Message | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (node === null || typeof node !== 'object' || typeof (node as ExpressionNode).type !== 'string') continue;
    const n = node as ExpressionNode;
    if (n.type === 'Literal' && (n.regex !== undefined || n.value instanceof RegExp)) return msg.specRegex(`/${String((n.regex as { pattern?: string } | undefined)?.pattern ?? '')}/`);
    const problem = n.type === 'CallExpression' ? callProblem(n) : undefined;
    if (problem) return problem;
    for (const [k, v] of Object.entries(n)) if (k !== 'type' && v !== null && typeof v === 'object') stack.push(v);
  }
  return undefined;
}

/**
 * Refuse regular expressions and over-limit literal sizes in a spec's expressions. Every string that could be
 * an expression (it has a bracket or a slash, and `parse` accepts it) is checked, whatever field holds it:
 * Vega-Lite reads expressions from `calculate`, `filter`, `test`, `expr`, `signal`, `labelExpr` and
 * more. Regular expressions are refused outright (policy: a pattern can backtrack for ever, and a
 * deadline only stops it late): regex literals, `regexp()` and `test()`.
 * @param parse Vega's expression parser (`vega.parseExpression`), passed in so that this module loads no Vega.
 * @throws BriefingError (`chart`) at `file` and the string's path.
 */
export function checkExpressions(spec: unknown, file: string, parse: (text: string) => ExpressionNode): void {
  walkSpec(spec, file, ({ value, path }) => {
    if (typeof value !== 'string' || !/[(/[]/.test(value)) return;
    if (bracketDepth(value) > SPEC_LIMITS.expressionDepth) throw BriefingError.of(msg.specOverLimit('bracket nesting of an expression', bracketDepth(value), SPEC_LIMITS.expressionDepth), { file, path });
    let tree: ExpressionNode;
    try {
      tree = parse(value);
    } catch {
      return; // Not an expression (a title, a colour): Vega never evaluates it.
    }
    const problem = expressionProblem(tree);
    if (problem) throw BriefingError.of(problem, { file, path });
  });
}
