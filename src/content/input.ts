/**
 * The input schemas of a briefing's files, as zod schemas: what a writer may write in each file and how a
 * value as written is read (`$1.77T` → an {@link Amount}). They are the one source of truth for validation,
 * for the JSON Schemas editors use (`schema.ts`) and for the types the validated model is made of; the model
 * itself, what the content stage hands on, is `model.ts`.
 *
 * A briefing is a folder:
 * ```
 * briefing.yaml        settings: id, title, as-of date, authors, audience, section order, template, page
 * sources.yaml         list of sources
 * companies/*.yaml     one company per file, with its figures
 * market.yaml          optional: market-wide figures (index concentration, total market value, ...)
 * risks.yaml           list of risks
 * takeaways.yaml       list of stakeholder takeaways
 * claims.yaml          optional: figures a source states that can be recomputed from other figures
 * metrics.yaml         optional: metrics the briefing computes (see declarations.ts)
 * charts/<id>.yaml     optional: charts the briefing draws (see declarations.ts)
 * sections/*.md        prose sections in Markdown, first line `# Heading`
 * review.yaml          optional: an editor's review notes, never printed (see review.ts)
 * templates/           optional: layout, partials, styles and chart specs that override the template's
 * ```
 * Every object is strict: unknown keys are errors.
 */
import { z } from 'zod';
import { parseAmount, type Amount } from './amount.ts';
import { currencyCode, CURRENCY_CODES, normaliseUnit, suggestion } from './units.ts';
import { QUANTITY_KINDS, type QuantityKind } from './vocabulary.ts';
import { claimCheckSchema, line, listFileSchema, PLAIN_PROSE_HELP, PROSE_HELP, text } from './declarations.ts';
import { problem } from '../messages.ts';
import { orderedStandards, PAGE_SIZES, PDF_STANDARDS, type PdfStandard } from './kinds.ts';
import { LANGUAGE_TAG } from './prose.ts';
import { parseYearEnd } from './periods.ts';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, problem.idForm('novo-nordisk', 's-reuters-2026'));

/** ISO calendar date `YYYY-MM-DD`; YAML may give it unquoted, which the loader keeps as text. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, problem.dateForm())
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), problem.notCalendarDate());

// Text fields (`text`, `line`: declarations.ts). A YAML number written unquoted (`horizon: 2025`, `period:
// 2024`, `ticker: 700`) is taken as its text (dates are text already: the loader reads YAML with the core
// schema). Write leading zeros in quotes (`ticker: "0700"`): YAML reads 0700 as the number 700.

/** An ISO 4217 code (or the alias RMB), normalised to the code: `DKK`, `rmb` → `CNY`. */
const currency = z.string().transform((v, ctx) => {
  const code = currencyCode(v);
  if (code === undefined) {
    ctx.addIssue({ code: 'custom', message: problem.notCurrencyCode(v, suggestion(v.toUpperCase(), CURRENCY_CODES)) });
    return z.NEVER;
  }
  return code;
});

/**
 * Name of a quantity a figure measures: a built-in one or one the briefing declares (see `vocabulary.ts`).
 * The loader checks it against the briefing's {@link Vocabulary}.
 */
export type Quantity = string;

const figureInput = z.strictObject({
  /** Optional id, unique in the briefing, so that claims can name this figure as an input. */
  id: id.optional(),
  quantity: id.describe('What the figure measures: a built-in quantity (valuation, revenue, market-value, ...) or one declared under quantities: in briefing.yaml; each accepts one kind of unit.'),
  /** `$1.77T`, `DKK 290.4B`, `33%`, `94x`, `$1.75T-$2T`, or a bare number with `unit`. */
  value: z
    .union([z.string(), z.number()])
    .describe('As written: $1.77T, DKK 290.4B, 290.4B DKK, €12M, RMB 5T, 33%, 94x, 10 GW, a range $1.75T-$2T, with ~ > < for about, more than, less than.'),
  /** Unit of a bare number: an ISO 4217 code, percent, ratio, multiple, count or a physical unit (GW). */
  unit: z.string().optional().describe('Unit of a bare number: an ISO 4217 currency code (USD, DKK), percent, ratio, multiple, count, or a physical unit such as GW.'),
  /** What the figure is about within the company, e.g. the segment for `segment-revenue` ("Cloud"). */
  segment: text.optional(),
  /** Period the figure covers: `FY2025`, `Q1 2026`, `2026`. */
  period: text.pipe(z.string().regex(/^(FY\d{4}|Q[1-4] \d{4}|H[12] \d{4}|\d{4})$/, problem.periodForm())).optional(),
  /** Date the figure holds at (a backlog "as of March 2026" is `2026-03-31`). */
  asOf: isoDate.optional(),
  basis: id.optional().describe('How the source presents the figure: a built-in basis (reported, filed, target, expected, estimate, last-round, projection) or one declared under bases: in briefing.yaml.'),
  /** Source ids; at least one. */
  sources: z.array(id).min(1, problem.figureNeedsSource()).describe('Ids of the sources (sources.yaml) that state the figure; at least one.'),
  note: text.optional().describe(`A note printed in the figure's row. ${PROSE_HELP}`),
});

/**
 * A figure: a number with a unit, a period or as-of date where it has one, a point value or a range, and the
 * sources that state it. `amount` is the parsed `value` (see {@link Amount} for units and scales).
 */
export type Figure = Omit<z.infer<typeof figureInput>, 'value' | 'unit'> & {
  readonly amount: Amount;
  readonly value: string | number;
  /** The `unit:` the writer gave (normalised: RMB → CNY), when they gave one. */
  readonly unit?: string;
};

/**
 * Parses the value; whether the unit suits the quantity is checked by the loader, which knows the briefing's
 * declared quantities.
 */
const figure = figureInput.transform((f, ctx): Figure => {
  const unit = f.unit === undefined ? undefined : normaliseUnit(f.unit);
  if (f.unit !== undefined && unit === undefined) {
    ctx.addIssue({ code: 'custom', message: problem.unknownFigureUnit(f.unit), path: ['unit'] });
    return z.NEVER;
  }
  // A bare YAML number without unit: is read as a count or a ratio for now; the loader reads it again in the
  // unit its quantity is measured in (and refuses it for money).
  const parsed = parseAmount(f.value, unit ?? (typeof f.value === 'number' ? (Number.isInteger(f.value) ? 'count' : 'ratio') : undefined));
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed, path: ['value'] });
    return z.NEVER;
  }
  if (unit !== undefined && typeof f.value === 'string' && parsed.unit !== unit) {
    ctx.addIssue({ code: 'custom', message: problem.valueUnitDiffers(parsed.unit, unit), path: ['unit'] });
  }
  if (f.quantity === 'segment-revenue' && f.segment === undefined) {
    ctx.addIssue({ code: 'custom', message: problem.segmentNeeded(), path: ['segment'] });
  }
  const { unit: _unit, ...rest } = f;
  return unit === undefined ? { ...rest, amount: parsed } : { ...rest, unit, amount: parsed };
});

/** One figure as a company file, market.yaml or a data file row writes it (validated and parsed). */
export const figureSchema = figure;


const length = z.string().regex(/^\d+(\.\d+)?(mm|cm|in|pt)$/, problem.lengthForm());

/** Built-in section kinds `briefing.yaml` may place in `sections`; any other id names `sections/<id>.md`. */
export const BUILT_IN_SECTIONS = ['companies', 'metrics', 'charts', 'risks', 'takeaways', 'claims', 'sources', 'changes'] as const;

/**
 * One entry of `sections:` in briefing.yaml: a section id (`risks`), or `{id: risks, newPage: true}` for a
 * section that starts on a new page. Read as `{id, newPage}` either way.
 */
const sectionEntry = z
  .union([id, z.strictObject({ id, newPage: z.boolean().default(false) })], { error: problem.sectionEntryForm() })
  .transform((s): SectionEntry => (typeof s === 'string' ? { id: s, newPage: false } : s));

/** A section as briefing.yaml places it: its id, and whether it starts a new page (false: it follows on the page). */
export interface SectionEntry {
  readonly id: string;
  readonly newPage: boolean;
}

/** A declared entry of an open list (group, risk category, basis): id, printed title, optional description. */
const term = z.strictObject({ id, title: line, description: text.optional() });

/**
 * A declared group: a {@link term}, and optionally `companies:`, ids of its companies in the order they print
 * (those listed first, in that order; the group's other companies after them, by name).
 */
const groupTerm = term.extend({
  companies: z.array(id).min(1).optional().describe('Ids of companies of this group in the order they print: those listed first, in this order, then the group’s others by name.'),
});

/** What a declared quantity is measured in (see `vocabulary.ts`). */
const quantityKind = z.enum(QUANTITY_KINDS as [QuantityKind, ...QuantityKind[]]);

/** Basis of an exchange rate: `stated` by the sources named, or an `assumption` of the briefing's authors. */
export const FX_BASES = ['stated', 'assumption'] as const;

/** One exchange rate of `fx:`: 1 `from` = `rate` × `to`. */
const fxRate = z
  .strictObject({
    from: currency,
    to: currency,
    /** How many `to` one `from` buys (0.14 for CNY→USD at 7.14 yuan a dollar). */
    rate: z.number().positive('a rate is a positive number of `to` per `from`'),
    /** Date the rate holds at. */
    asOf: isoDate.optional(),
    basis: z.enum(FX_BASES).default('stated'),
    sources: z.array(id).default([]),
    note: text.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.from === r.to) ctx.addIssue({ code: 'custom', message: problem.rateToItself(r.from), path: ['to'] });
    if (r.basis === 'stated' && r.sources.length === 0) {
      ctx.addIssue({ code: 'custom', message: problem.statedRateSources(), path: ['sources'] });
    }
    if (r.basis === 'stated' && r.asOf === undefined) ctx.addIssue({ code: 'custom', message: problem.statedRateDate(), path: ['asOf'] });
    if (r.basis === 'assumption' && r.note === undefined) ctx.addIssue({ code: 'custom', message: problem.assumedRateNote(), path: ['note'] });
  });

/** A stated or assumed exchange rate, its currencies normalised to ISO codes. */
export type FxRate = z.infer<typeof fxRate>;

/**
 * `pdfStandard:` of briefing.yaml, normalised to the list of standards claimed (`none` → empty): `ua-1`,
 * `a-2b`, `[ua-1, a-2b]` or `none`; default {@link PDF_STANDARDS} (both).
 */
const pdfStandardSetting = z
  .union([z.literal('none').transform((): PdfStandard[] => []), z.enum(PDF_STANDARDS).transform((s) => [s]), z.array(z.enum(PDF_STANDARDS)).min(1)])
  .default([...PDF_STANDARDS])
  .transform(orderedStandards)
  .describe('Standards the PDF claims and meets: ua-1 (PDF/UA-1), a-2b (PDF/A-2b), a list of them, or none; default [ua-1, a-2b].');

/** `briefing.yaml`. */
export const settingsSchema = z.strictObject({
  id,
  title: line,
  subtitle: line.optional(),
  /** The date the briefing's figures hold at; also the PDF's creation date. */
  asOf: isoDate,
  authors: z.array(line).min(1),
  audience: line,
  /**
   * Order of sections: prose section ids (`sections/<id>.md`) and built-in kinds ({@link BUILT_IN_SECTIONS}),
   * each an id, or `{id, newPage: true}` for a section that starts a new page (sections otherwise flow on).
   */
  sections: z.array(sectionEntry).min(1),
  /** Template folder name under `templates/` (only `default` ships). */
  template: z.string().regex(/^[a-z0-9-]+$/).default('default'),
  pageSize: z.enum(PAGE_SIZES).default('A4'),
  /**
   * The standards the PDF claims and meets (src/pdf/standards/): `ua-1` (PDF/UA-1, accessible) and `a-2b`
   * (PDF/A-2b, archival), a list of them or one, or `none` for Chromium's print as it is. Default both.
   */
  pdfStandard: pdfStandardSetting,
  margins: z
    .strictObject({ top: length, right: length, bottom: length, left: length })
    .default({ top: '22mm', right: '18mm', bottom: '22mm', left: '18mm' }),
  /**
   * BCP 47 locale that amounts print in (`en`, `en-GB`, `da`, `de-CH`), through `Intl.NumberFormat`:
   * `$1.77T` in `en`, `1,77 bio. US$` in `da`. Default `en`.
   */
  locale: z
    .string()
    .default('en')
    .refine((l) => {
      try {
        return Intl.NumberFormat.supportedLocalesOf(l).length > 0;
      } catch {
        return false;
      }
    }, problem.notLocale())
    .describe('Locale amounts print in (BCP 47: en, en-GB, da, de-CH); default en.'),
  /**
   * Exchange rates the briefing states; the toolkit never fetches or assumes one. 1 `from` = `rate` × `to`;
   * the inverse follows. Conversions (conflict and claim checks, metrics) go only through these.
   */
  fx: z.array(fxRate).default([]).describe('Exchange rates: 1 from = rate × to. Each has a date and sources, or basis: assumption with a note.'),
  /** Groups companies fall into, in display order (a company's `group` names one). */
  groups: z.array(groupTerm).default([]).describe('Groups of companies in display order; a company’s group: names one of these ids, and companies: may set the order of the group’s companies.'),
  /** Quantities this briefing's figures measure beyond the built-in ones: name → unit kind (or {kind, title}). */
  quantities: z
    .record(id, z.union([quantityKind, z.strictObject({ kind: quantityKind, title: line.optional(), description: text.optional() })], { error: problem.quantityForm(QUANTITY_KINDS) }))
    .default({})
    .describe('Quantities beyond the built-in ones: name → unit kind (money, percent, ratio, multiple, count, power, energy, or a unit such as GW), or {kind, title}.'),
  /** Risk categories beyond the built-in ones (valuation, liquidity, regulatory, ...). */
  riskCategories: z.array(term).default([]).describe('Risk categories beyond the built-in ones, as {id, title}.'),
  /** Figure bases beyond the built-in ones (reported, filed, target, expected, estimate, last-round, projection). */
  bases: z.array(term).default([]).describe('Figure bases beyond the built-in ones, as {id, title}.'),
  /**
   * Relative gap (a fraction) beyond which two sources' figures for the same quantity count as a
   * disagreement and are shown in "Where sources disagree" (default 0.05 = 5%).
   */
  conflictTolerance: z.number().min(0).max(1).default(0.05),
  /** Keywords of the PDF's metadata; the company names when left out. */
  keywords: z.array(text).optional(),
  /**
   * The headline numbers above the executive summary: declared metrics by id (`total-revenue`, every row)
   * or one row of one (`price-to-sales:novo-nordisk` for a company of `each`, `liquidity-drawn:25%` for a scenario).
   */
  keyFigures: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*(:.+)?$/, problem.keyFigureForm())).default([]),
});

/** What `briefing.yaml` declares: the briefing's settings (id, title, as-of date, sections, template, vocabulary). */
export type BriefingSettings = z.infer<typeof settingsSchema>;

/** Sentiment a source states about its subject (`score` from -1 to 1). */
const sentiment = z.strictObject({ label: line, score: z.number().min(-1).max(1).optional() });

/** One source (`sources.yaml` is a list of these). */
export const sourceSchema = z.strictObject({
  id,
  title: line,
  publisher: line,
  /** Publication date when the source shows one. */
  date: isoDate.optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  sentiment: sentiment.optional(),
  /** The seed file or archive copy this source was taken from. */
  file: z.string().optional(),
  note: text.optional(),
});
export type Source = z.infer<typeof sourceSchema>;

/** One company file (`companies/<id>.yaml`). */
export const companySchema = z.strictObject({
  id,
  name: line,
  /** Name in the company's own script, e.g. 摩尔线程. */
  localName: line.optional(),
  /** One of the groups declared in briefing.yaml (`groups:`); companies without one are listed after the groups. */
  group: id.optional(),
  country: line,
  ticker: line.optional(),
  /** Where the company stands, in a few words ("Filing expected", "Delisted in 2025"), printed beside its country. */
  status: line.optional(),
  /** Language tag of `localName` (`zh-Hans`, `ja`), so that its script prints in the right form. */
  localLang: z.string().regex(new RegExp(`^${LANGUAGE_TAG.source}$`), problem.languageTagForm()).optional(),
  /** Listing date when known. */
  listingDate: isoDate.optional(),
  /**
   * The day the company's fiscal year ends, `MM-DD` (default `12-31`): `FY2026` is then the year ending on that day
   * in 2026, and its quarters and halves count from the day after the year before ended (see `periods.ts`).
   */
  fiscalYearEnd: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: problem.fiscalYearEndForm(), abort: true })
    .refine((s) => parseYearEnd(s) !== undefined, problem.fiscalYearEndForm())
    .optional()
    .describe('The day the fiscal year ends, MM-DD (default 12-31). FY2026 (or 2026) is the fiscal year ending on that day in 2026; Q1 2026 and H1 2026 are its first quarter and half. A year ending in March: 03-31.'),
  /** One-paragraph profile in Markdown; citations as [@source-id]. */
  profile: text.describe(`One paragraph on the company. ${PROSE_HELP}`),
  figures: z.array(figure).default([]),
});
export type Company = z.infer<typeof companySchema>;

/** `market.yaml`: market-wide figures that belong to no company. */
export const marketSchema = z.strictObject({
  figures: z.array(figure).default([]),
});

const score = z.number().int().min(1, problem.scoreRange()).max(5, problem.scoreRange());

/** One risk (`risks.yaml`). Likelihood and impact on a 1–5 scale. */
export const riskSchema = z.strictObject({
  id,
  title: line,
  /** A built-in risk category (valuation, liquidity, regulatory, ...) or one declared under riskCategories:. */
  category: id,
  likelihood: score,
  impact: score,
  /** When it could bite: "3–12 months", "2026–2029". */
  horizon: line,
  description: text.describe(`What could happen and why it matters. ${PROSE_HELP}`),
  companies: z.array(id).default([]),
  sources: z.array(id).min(1),
});
export type Risk = z.infer<typeof riskSchema>;

/** How a takeaway leans for its stakeholder group. */
export const STANCES = ['positive', 'cautious', 'negative', 'neutral'] as const;

/** One stakeholder takeaway (`takeaways.yaml`). */
export const takeawaySchema = z.strictObject({
  id,
  stakeholder: line,
  takeaway: text.describe(`The takeaway, one sentence or two. ${PLAIN_PROSE_HELP}`),
  actions: z.array(text).min(1),
  stance: z.enum(STANCES),
  sources: z.array(id).min(1),
});
export type Takeaway = z.infer<typeof takeawaySchema>;

/** One claim (`claims.yaml`): a figure a source states that can be recomputed from other figures. */
export const claimSchema = z.strictObject({
  id,
  statement: text,
  /** What the source states: `94x`, `>$3.6T`, `$400B-$500B`. */
  stated: z.union([z.string(), z.number()]).transform((v, ctx): Amount => {
    // A bare number states a ratio (0.2), as a bare number does in a formula.
    const parsed = parseAmount(v, typeof v === 'number' ? 'ratio' : undefined);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  }),
  sources: z.array(id).min(1),
  /** Inputs and formula that recompute the stated value, as in metrics.yaml, and a tolerance. */
  check: claimCheckSchema,
  note: text.optional().describe(`A note printed with the claim. ${PROSE_HELP}`),
});
export type ClaimInput = z.infer<typeof claimSchema>;

/** `sources.yaml`, `risks.yaml`, `takeaways.yaml` and `claims.yaml` are lists of their items (empty: none). */
export const sourcesFileSchema = listFileSchema(sourceSchema);
export const risksFileSchema = listFileSchema(riskSchema);
export const takeawaysFileSchema = listFileSchema(takeawaySchema);
export const claimsFileSchema = listFileSchema(claimSchema);
