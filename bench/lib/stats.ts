/** Summaries of timing samples: median, min, max (never a mean: one slow outlier should not move it). */

/** Median, min and max of a set of samples, with the samples themselves (for results.json). */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
  readonly samples: readonly number[];
}

/** Summarise samples; an empty list gives NaN everywhere (the table prints "—"). */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0, samples: [] };
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: round(median), min: round(sorted[0]!), max: round(sorted[n - 1]!), n, samples: samples.map(round) };
}

/** Round to 0.1 (ms, MiB): enough for a benchmark, short in JSON. */
export function round(x: number): number {
  return Number((Math.round(x * 10) / 10).toFixed(1));
}

/** Round to 0.01 (ratios, rates). */
export function round2(x: number): number {
  return Number(x.toFixed(2));
}

/** Least-squares fit y = a + b·x and its R². */
export function linearFit(xs: readonly number[], ys: readonly number[]): { intercept: number; slope: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { intercept, slope, r2 };
}

/** Milliseconds `work` takes, by `performance.now()`. */
export async function time<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** How a cost grows with size ({@link growthOf}). */
export interface Growth {
  /** `super-linear` when the last marginal cost is over 1.5× the average, `sub-linear` under 0.5×, else `linear` (`flat`: no growth). */
  readonly shape: 'linear' | 'super-linear' | 'sub-linear' | 'flat';
  /** False only for super-linear growth. */
  readonly pass: boolean;
  readonly fit: { intercept: number; slope: number; r2: number };
  /** Cost of one more unit between each pair of neighbouring sizes. */
  readonly slopes: readonly number[];
  /** Cost of one more unit over the whole range (first to last size). */
  readonly overall: number;
  /** The last of {@link Growth.slopes}. */
  readonly last: number;
}

/**
 * "Linear in size": one more unit costs no more between the two largest sizes than on average over the whole
 * range (at most 1.5×). Super-linear growth (the thing to catch) shows as a last segment much steeper than
 * the average; fixed costs make small sizes dearer per unit, which is fine (sub-linear). `sizes` ascending,
 * at least two, `ys` the cost at each.
 */
export function growthOf(sizes: readonly number[], ys: readonly number[]): Growth {
  if (sizes.length < 2) throw new Error(`a growth needs at least two sizes, not ${sizes.length}`);
  const fit = linearFit(sizes, ys);
  const k = sizes.length - 1;
  const slopes = sizes.slice(1).map((n, i) => (ys[i + 1]! - ys[i]!) / (n - sizes[i]!));
  const overall = (ys[k]! - ys[0]!) / (sizes[k]! - sizes[0]!);
  const last = slopes[k - 1]!;
  const shape = overall <= 0 ? 'flat' : last > 1.5 * overall ? 'super-linear' : last < 0.5 * overall ? 'sub-linear' : 'linear';
  return { pass: shape !== 'super-linear', shape, fit, slopes, overall, last };
}

/** A growth verdict for results.json: shape, marginal and average cost per unit, the fit (ms, rounded). */
export function growthJson(g: Growth): Record<string, unknown> {
  return { shape: g.shape, pass: g.pass, marginalMsPerCompany: g.slopes.map(round), averageMsPerCompany: round(g.overall), fit: { interceptMs: round(g.fit.intercept), slopeMs: round(g.fit.slope), r2: Math.round(g.fit.r2 * 1000) / 1000 } };
}
