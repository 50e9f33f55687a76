/**
 * The content model of a briefing, as zod schemas (the one source of truth for validation and types).
 *
 * A briefing is a folder:
 * ```
 * briefing.yaml        manifest: id, title, as-of date, authors, audience, section order, template, page
 * sources.yaml         list of sources
 * companies/*.yaml     one company per file, with its figures
 * market.yaml          optional: market-wide figures (index concentration, total market value, ...)
 * risks.yaml           list of risks
 * takeaways.yaml       list of stakeholder takeaways
 * claims.yaml          optional: figures a source states that can be recomputed from other figures
 * sections/*.md        prose sections in Markdown, first line `# Heading`
 * ```
 * Every object is strict: unknown keys are errors.
 */
import { z } from 'zod';
import { parseAmount, UNITS, type Amount, type Unit } from './amount.ts';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes, like "spacex" or "s-reuters-2026"');

/** ISO calendar date `YYYY-MM-DD`; YAML may give it unquoted, which the loader keeps as text. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'write dates as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');

/**
 * Quantities a figure can measure, with the unit kinds each accepts.
 * Metrics look figures up by these names (see `src/metrics/compute.ts`).
 */
export const QUANTITIES = {
  valuation: 'money',
  'market-value': 'money',
  revenue: 'money',
  'segment-revenue': 'money',
  backlog: 'money',
  'net-loss': 'money',
  'operating-profit': 'money',
  'cash-flow': 'money',
  'cash-profit': 'money',
  'new-orders': 'money',
  'ipo-proceeds': 'money',
  'offer-price': 'money',
  investment: 'money',
  'capital-spending': 'money',
  'revenue-growth': 'percent',
  'market-share': 'percent',
  'float-percentage': 'percent',
  'loss-per-revenue-dollar': 'ratio',
  'price-to-sales': 'multiple',
  'price-to-earnings': 'multiple',
  'listing-count': 'count',
  'compute-commitment': 'power',
} as const satisfies Record<string, 'money' | 'percent' | 'ratio' | 'multiple' | 'count' | 'power'>;

/** Name of a quantity a figure measures (key of {@link QUANTITIES}). */
export type Quantity = keyof typeof QUANTITIES;

const UNIT_KINDS: Record<(typeof QUANTITIES)[Quantity], readonly Unit[]> = {
  money: ['USD', 'RMB'],
  percent: ['percent'],
  ratio: ['ratio'],
  multiple: ['multiple'],
  count: ['count'],
  power: ['GW'],
};

/** How a source presents a figure. */
export const BASES = ['reported', 'filed', 'target', 'expected', 'estimate', 'last-round', 'projection'] as const;

const figureInput = z.strictObject({
  /** Optional id, unique in the briefing, so that claims can name this figure as an input. */
  id: id.optional(),
  quantity: z.enum(Object.keys(QUANTITIES) as [Quantity, ...Quantity[]]).describe('What the figure measures; each quantity accepts one kind of unit.'),
  /** `$1.77T`, `33%`, `94x`, `$1.75T-$2T`, or a bare number with `unit`. */
  value: z.union([z.string(), z.number()]).describe('As written: $1.77T, $75B, RMB 5T, 33%, 94x, 10 GW, a range $1.75T-$2T, with ~ > < for about, more than, less than.'),
  unit: z.enum(UNITS as [Unit, ...Unit[]]).optional(),
  /** What the figure is about within the company, e.g. the segment for `segment-revenue` ("Starlink"). */
  segment: z.string().min(1).optional(),
  /** Period the figure covers: `FY2025`, `Q1 2026`, `2026`. */
  period: z.string().regex(/^(FY\d{4}|Q[1-4] \d{4}|H[12] \d{4}|\d{4})$/, 'write periods as FY2025, Q1 2026, H1 2026 or 2026').optional(),
  /** Date the figure holds at (a backlog "as of March 2026" is `2026-03-31`). */
  asOf: isoDate.optional(),
  basis: z.enum(BASES).optional().describe('How the source presents the figure.'),
  /** Source ids; at least one. */
  sources: z.array(id).min(1, 'every figure needs at least one source').describe('Ids of the sources (sources.yaml) that state the figure; at least one.'),
  note: z.string().min(1).optional(),
});

/**
 * A figure: a number with a unit, a period or as-of date where it has one, a point value or a range, and the
 * sources that state it. `amount` is the parsed `value` (see {@link Amount} for units and scales).
 */
export type Figure = Omit<z.infer<typeof figureInput>, 'value' | 'unit'> & { readonly amount: Amount; readonly value: string | number };

const figure = figureInput.transform((f, ctx): Figure => {
  const parsed = parseAmount(f.value, f.unit);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed, path: ['value'] });
    return z.NEVER;
  }
  if (f.unit !== undefined && typeof f.value === 'string' && parsed.unit !== f.unit) {
    ctx.addIssue({ code: 'custom', message: `the value is in ${parsed.unit} but unit says ${f.unit}`, path: ['unit'] });
  }
  const allowed = UNIT_KINDS[QUANTITIES[f.quantity]];
  if (!allowed.includes(parsed.unit)) {
    ctx.addIssue({
      code: 'custom',
      message: `${f.quantity} is measured in ${allowed.join(' or ')}, but "${f.value}" reads as ${parsed.unit}`,
      path: ['value'],
    });
  }
  if (f.quantity === 'segment-revenue' && f.segment === undefined) {
    ctx.addIssue({ code: 'custom', message: 'segment-revenue needs segment: (e.g. Starlink)', path: ['segment'] });
  }
  const { unit: _unit, ...rest } = f;
  return { ...rest, amount: parsed };
});

/** Page sizes the PDF stage can print. */
export const PAGE_SIZES = ['A4', 'Letter'] as const;

const length = z.string().regex(/^\d+(\.\d+)?(mm|cm|in|pt)$/, 'write lengths like 18mm, 0.75in or 54pt');

/** Built-in section kinds a manifest may place in `sections`; any other id names `sections/<id>.md`. */
export const BUILT_IN_SECTIONS = ['companies', 'metrics', 'charts', 'risks', 'takeaways', 'claims', 'sources'] as const;

/** `briefing.yaml`. */
export const manifestSchema = z.strictObject({
  id,
  title: z.string().min(1),
  subtitle: z.string().min(1).optional(),
  /** The date the briefing's figures hold at; also the PDF's creation date. */
  asOf: isoDate,
  authors: z.array(z.string().min(1)).min(1),
  audience: z.string().min(1),
  /** Order of sections: prose section ids (`sections/<id>.md`) and built-in kinds ({@link BUILT_IN_SECTIONS}). */
  sections: z.array(id).min(1),
  /** Template folder name under `templates/` (only `default` ships). */
  template: z.string().regex(/^[a-z0-9-]+$/).default('default'),
  pageSize: z.enum(PAGE_SIZES).default('A4'),
  margins: z
    .strictObject({ top: length, right: length, bottom: length, left: length })
    .default({ top: '22mm', right: '18mm', bottom: '22mm', left: '18mm' }),
  /** Company ids whose IPOs form "the cohort" for combined valuation, proceeds and liquidity metrics. */
  cohort: z.array(id).default([]),
  /** Float percentages (fractions, 0.03 = 3%) for the liquidity scenarios. */
  floatScenarios: z.array(z.string()).default(['3%', '8%', '15%', '25%']),
  /**
   * Relative difference (a fraction) beyond which two sources' figures for the same quantity count as a
   * disagreement and are shown in "Where sources disagree" (default 0.05 = 5%).
   */
  conflictTolerance: z.number().min(0).max(1).default(0.05),
  /** Company id whose revenue mix is charted (optional). */
  revenueMixOf: id.optional(),
  /** Lease or deal economics to compute (see `deal` metric). */
  deals: z
    .array(
      z.strictObject({
        id,
        title: z.string().min(1),
        lessor: id,
        lessee: id,
        revenue: z.string().describe('figure id of the deal revenue per year'),
        cashProfit: z.string().describe('figure id of the deal cash profit per year'),
      }),
    )
    .default([]),
});

/** The parsed manifest. */
export type Manifest = z.infer<typeof manifestSchema>;

/** Sentiment a source states about its subject (`score` from -1 to 1). */
const sentiment = z.strictObject({ label: z.string().min(1), score: z.number().min(-1).max(1).optional() });

/** One source (`sources.yaml` is a list of these). */
export const sourceSchema = z.strictObject({
  id,
  title: z.string().min(1),
  publisher: z.string().min(1),
  /** Publication date when the source shows one. */
  date: isoDate.optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  sentiment: sentiment.optional(),
  /** The seed file or archive copy this source was taken from. */
  file: z.string().optional(),
  note: z.string().optional(),
});
export type Source = z.infer<typeof sourceSchema>;

/** Where a company sits in the briefing's story. */
export const COMPANY_GROUPS = ['ipo-candidate', 'incumbent', 'supplier', 'china', 'other'] as const;

/** One company file (`companies/<id>.yaml`). */
export const companySchema = z.strictObject({
  id,
  name: z.string().min(1),
  /** Name in the company's own script, e.g. 摩尔线程. */
  localName: z.string().min(1).optional(),
  group: z.enum(COMPANY_GROUPS),
  country: z.string().min(2),
  ticker: z.string().optional(),
  /** IPO status in a few words ("S-1 filed; trading from 2026-06-12"). */
  ipoStatus: z.string().optional(),
  /** Listing date when known. */
  listingDate: isoDate.optional(),
  /** One-paragraph profile in Markdown; citations as [@source-id]. */
  profile: z.string().min(1),
  figures: z.array(figure).default([]),
});
export type Company = z.infer<typeof companySchema>;

/** `market.yaml`: market-wide figures that belong to no company. */
export const marketSchema = z.strictObject({
  figures: z.array(figure).default([]),
});

/** Kinds of risk in the register. */
export const RISK_CATEGORIES = ['valuation', 'liquidity', 'profitability', 'execution', 'governance', 'counterparty', 'regulatory', 'technology', 'concentration', 'geopolitical'] as const;

const score = z.number().int().min(1, 'use 1 (lowest) to 5 (highest)').max(5, 'use 1 (lowest) to 5 (highest)');

/** One risk (`risks.yaml`). Likelihood and impact on a 1–5 scale. */
export const riskSchema = z.strictObject({
  id,
  title: z.string().min(1),
  category: z.enum(RISK_CATEGORIES),
  likelihood: score,
  impact: score,
  /** When it could bite: "3–12 months", "2026–2029". */
  horizon: z.string().min(1),
  description: z.string().min(1),
  companies: z.array(id).default([]),
  sources: z.array(id).min(1),
});
export type Risk = z.infer<typeof riskSchema>;

/** How a takeaway leans for its stakeholder group. */
export const STANCES = ['positive', 'cautious', 'negative', 'neutral'] as const;

/** One stakeholder takeaway (`takeaways.yaml`). */
export const takeawaySchema = z.strictObject({
  id,
  stakeholder: z.string().min(1),
  takeaway: z.string().min(1),
  actions: z.array(z.string().min(1)).min(1),
  stance: z.enum(STANCES),
  sources: z.array(id).min(1),
});
export type Takeaway = z.infer<typeof takeawaySchema>;

/** Formulas a claim check can use; inputs are figure ids or literal amounts. */
export const FORMULAS = ['quotient', 'product', 'sum', 'difference'] as const;

/** One claim (`claims.yaml`): a figure a source states that can be recomputed from other figures. */
export const claimSchema = z.strictObject({
  id,
  statement: z.string().min(1),
  /** What the source states: `94x`, `>$3.6T`, `$400B-$500B`. */
  stated: z.union([z.string(), z.number()]).transform((v, ctx): Amount => {
    const parsed = parseAmount(v);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  }),
  sources: z.array(id).min(1),
  check: z.strictObject({
    formula: z.enum(FORMULAS),
    /** Figure ids (`spacex-valuation-1`) or literal amounts (`15%-25%`). Order matters for quotient and difference. */
    inputs: z.array(z.string().min(1)).min(2),
    /** Relative tolerance as a fraction (default 0.05 = 5%). */
    tolerance: z.number().min(0).max(1).default(0.05),
  }),
  note: z.string().optional(),
});
export type ClaimInput = z.infer<typeof claimSchema>;

/** `sources.yaml`, `risks.yaml`, `takeaways.yaml` and `claims.yaml` are lists of their items. */
export const sourcesFileSchema = z.array(sourceSchema);
export const risksFileSchema = z.array(riskSchema);
export const takeawaysFileSchema = z.array(takeawaySchema);
export const claimsFileSchema = z.array(claimSchema);
