/**
 * Stage 3a: {@link Briefing} + {@link Metrics} → chart rows, captions and alt text; then every chart rendered.
 *
 * Each chart is a Vega-Lite spec file under `templates/<template>/charts/` bound to rows computed here. The
 * alt text is written from the same rows the chart draws, so it cannot drift from the picture.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { Briefing } from '../content/load.ts';
import { BriefingError } from '../errors.ts';
import { citationNumbers } from '../html/markdown.ts';
import { createFormatter } from '../format.ts';
import type { Metric, Metrics } from '../metrics/compute.ts';
import { renderChart, type ChartRequest, type ChartSvg } from './render.ts';

/** A chart ready for the page: number, title, caption, alt text, sources, and the SVG. */
export interface ChartFigure {
  readonly id: string;
  /** 1-based figure number in document order. */
  readonly number: number;
  readonly title: string;
  /** What the chart shows and how to read it. */
  readonly caption: string;
  /** Alt text generated from the chart's rows. */
  readonly alt: string;
  /** Source ids behind every value drawn. */
  readonly sources: readonly string[];
  /** Formula of computed values, when the chart shows any. */
  readonly formula?: string;
  readonly svg: string;
  /** Vega-Lite warnings met while compiling the spec. */
  readonly warnings: readonly string[];
}

/** All charts of a briefing in document order. The seam between charts and templates. */
export type ChartSet = readonly ChartFigure[];

type Row = Record<string, string | number | boolean | null>;

/** What a chart definition returns for a briefing: rows plus the words around them, or undefined to skip. */
interface ChartContent {
  readonly rows: Row[];
  readonly title: string;
  readonly caption: string;
  readonly alt: string;
  readonly sources: readonly string[];
  readonly formula?: string;
}

interface ChartDefinition {
  readonly id: string;
  /** Spec file name under `templates/<template>/charts/`. */
  readonly spec: string;
  readonly build: (b: Briefing, m: Metrics) => ChartContent | undefined;
}

const unique = <T,>(xs: readonly T[]): T[] => [...new Set(xs)];

function publisherOf(b: Briefing, id: string): string {
  return b.sources.find((s) => s.id === id)?.publisher ?? id;
}

function sourcesOf(b: Briefing, ids: readonly string[]): string {
  return unique(ids.map((id) => publisherOf(b, id))).join('; ');
}


/** The charts of the default template, in the order they appear. */
export const CHARTS: readonly ChartDefinition[] = [
  {
    id: 'valuation-ranges',
    spec: 'valuation-ranges.vl.json',
    build: (b) => {
      const numbers = citationNumbers(b);
      const fmt = createFormatter(b.manifest.locale);
      const rows: Row[] = [];
      for (const c of b.companies.filter((c) => b.manifest.cohort.includes(c.id))) {
        for (const f of c.figures.filter((f) => f.quantity === 'valuation' && f.amount.unit === 'USD')) {
          const refs = f.sources.map((s) => numbers.get(s)!).join(',');
          rows.push({
            row: `${c.name} [${refs}]`,
            company: c.name,
            source: sourcesOf(b, f.sources),
            low: f.amount.low / 1e12,
            high: f.amount.high / 1e12,
            label: `${fmt.amount(f.amount)}${f.basis ? ` · ${b.vocabulary.bases.get(f.basis)?.title ?? f.basis}` : ''}`,
          });
        }
      }
      if (rows.length === 0) return undefined;
      // Two figures of one company from the same sources would share a row: number them apart.
      const seen = new Map<string, number>();
      for (const r of rows) {
        const n = (seen.get(r.row as string) ?? 0) + 1;
        seen.set(r.row as string, n);
        if (n > 1) r.row = `${r.row} (${n})`;
      }
      const byCompany = unique(rows.map((r) => r.company as string)).map((name) => {
        const rs = rows.filter((r) => r.company === name);
        return `${name}: ${rs.map((r) => `${r.label} (${r.source})`).join(', ')}`;
      });
      return {
        rows,
        title: 'Valuations stated for the IPO cohort, by source',
        caption: 'One line per figure as a source states it (source numbers in brackets): a dot is a single value, a bar a stated range. Where sources disagree, every figure is shown.',
        alt: `Range chart of valuation by company in US$ trillion. ${byCompany.join('. ')}.`,
        sources: unique(b.companies.filter((c) => b.manifest.cohort.includes(c.id)).flatMap((c) => c.figures.filter((f) => f.quantity === 'valuation').flatMap((f) => f.sources))),
      };
    },
  },
  {
    id: 'price-to-sales',
    spec: 'price-to-sales.vl.json',
    build: (b, m) => {
      const numbers = citationNumbers(b);
      const fmt = createFormatter(b.manifest.locale);
      const rows: Row[] = [];
      const sources: string[] = [];
      for (const c of m.companies) {
        if (c.priceToSales) {
          rows.push({ company: c.name, kind: 'Computed', low: c.priceToSales.low, high: c.priceToSales.high, value: c.priceToSales.mid, label: fmt.amount(c.priceToSales) });
          sources.push(...c.priceToSales.sources);
        }
      }
      for (const c of b.companies) {
        for (const f of c.figures.filter((f) => f.quantity === 'price-to-sales')) {
          rows.push({ company: c.name, kind: `Stated by source [${f.sources.map((s) => numbers.get(s)!).join(',')}]`, low: f.amount.low, high: f.amount.high, value: (f.amount.low + f.amount.high) / 2, label: fmt.amount(f.amount) });
          sources.push(...f.sources);
        }
      }
      if (rows.length === 0) return undefined;
      const formula = unique(m.companies.flatMap((c) => (c.priceToSales ? [c.priceToSales.formula] : []))).join('; ');
      return {
        rows,
        title: 'Price-to-sales multiples: computed and stated',
        caption: 'Computed multiples divide each valuation figure by the latest annual revenue and span the sources’ valuation range; stated multiples are as the sources give them.',
        alt: `Bar chart of price-to-sales multiples. ${rows.map((r) => `${r.company} ${String(r.kind).replace(/ \[.*$/, '').toLowerCase()}: ${r.label}`).join('; ')}.`,
        sources: unique(sources),
        formula,
      };
    },
  },
  {
    id: 'liquidity-scenarios',
    spec: 'liquidity-scenarios.vl.json',
    build: (b, m) => {
      if (m.liquidity.length === 0 || !m.cohort.valuation) return undefined;
      const fmt = createFormatter(b.manifest.locale);
      const rows: Row[] = m.liquidity.map((s) => ({
        float: fmt.percent(s.float),
        order: s.float,
        low: s.drawn.low / 1e9,
        high: s.drawn.high / 1e9,
        value: s.drawn.mid / 1e9,
        label: `${fmt.money(s.drawn.low, s.drawn.unit)}–${fmt.money(s.drawn.high, s.drawn.unit)}`,
      }));
      const names = m.cohort.companies.map((id) => b.companies.find((c) => c.id === id)?.name ?? id).join(', ');
      return {
        rows,
        title: 'Liquidity the cohort’s listings would draw, by float scenario',
        caption: `Amount investors would need to absorb if ${names} floated the given share of a combined valuation of ${fmt.amount(m.cohort.valuation)}. Bars show the midpoint; whiskers the range over the sources’ valuations.`,
        alt: `Bar chart of liquidity drawn in US$ billion by float percentage: ${rows.map((r) => `${r.float} float draws ${r.label}`).join('; ')}.`,
        sources: m.cohort.valuation.sources,
        formula: 'combined valuation × float percentage',
      };
    },
  },
  {
    id: 'risk-matrix',
    spec: 'risk-matrix.vl.json',
    build: (b) => {
      if (b.risks.length === 0) return undefined;
      const rows: Row[] = [];
      for (let likelihood = 1; likelihood <= 5; likelihood++) {
        for (let impact = 1; impact <= 5; impact++) {
          const here = b.risks.map((r, i) => ({ r, n: i + 1 })).filter(({ r }) => r.likelihood === likelihood && r.impact === impact);
          rows.push({ likelihood, impact, severity: likelihood * impact, label: here.map(({ n }) => `R${n}`).join(' '), count: here.length });
        }
      }
      return {
        rows,
        title: 'Risk matrix: likelihood and impact',
        caption: 'Each risk of the register (R1, R2, …) placed by its likelihood and impact on a 1–5 scale; darker cells carry more risk (likelihood × impact).',
        alt: `Risk matrix of ${b.risks.length} risks by likelihood and impact (1–5): ${b.risks.map((r, i) => `R${i + 1} ${r.title} (likelihood ${r.likelihood}, impact ${r.impact})`).join('; ')}.`,
        sources: unique(b.risks.flatMap((r) => r.sources)),
      };
    },
  },
  {
    id: 'revenue-mix',
    spec: 'revenue-mix.vl.json',
    build: (b, m) => {
      const mix = m.revenueMix;
      if (!mix) return undefined;
      const fmt = createFormatter(b.manifest.locale);
      const name = b.companies.find((c) => c.id === mix.company)?.name ?? mix.company;
      const rows: Row[] = mix.segments.map((s) => ({
        segment: s.derived ? `${s.segment} (derived)` : s.segment,
        value: s.value.mid / 1e9,
        low: s.value.low / 1e9,
        high: s.value.high / 1e9,
        share: s.value.mid / mix.total.mid,
        label: `${fmt.amount(s.value)} (${fmt.percent(s.value.mid / mix.total.mid)})`,
        derived: s.derived,
      }));
      return {
        rows,
        title: `${name} revenue mix, ${mix.period}`,
        caption: `${name}’s ${mix.period} revenue of ${fmt.amount(mix.total)} split into the segments the sources name; the remainder is derived as total minus named segments, and different sources supply the total and the segments.`,
        alt: `Bar chart of ${name} revenue by segment for ${mix.period} in US$ billion: ${rows.map((r) => `${r.segment} ${r.label}`).join('; ')}.`,
        sources: unique([...mix.total.sources, ...mix.segments.flatMap((s) => s.value.sources)]),
        formula: `other segments = ${mix.period} revenue − named segments; share = segment ÷ total`,
      };
    },
  },
];

/**
 * Read a chart spec file of a template.
 * @throws BriefingError (`missingFile`, `chart`) when the file is missing or not JSON.
 */
export async function readChartSpec(templateDir: string, file: string): Promise<TopLevelSpec> {
  const full = path.join(templateDir, 'charts', file);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch {
    throw BriefingError.of('missingFile', `chart spec ${file} not found`, { file: full });
  }
  try {
    return JSON.parse(text) as TopLevelSpec;
  } catch (e) {
    throw BriefingError.of('chart', `not valid JSON: ${(e as Error).message}`, { file: full });
  }
}

/**
 * Build and render every chart that has data, numbering them in order.
 * @param loadSpec returns the spec for a file name.
 * @param render renders one chart (the coordinator passes a cached renderer).
 * @throws BriefingError (`chart`) from {@link renderChart}.
 */
export async function renderCharts(
  b: Briefing,
  m: Metrics,
  loadSpec: (file: string) => Promise<{ spec: TopLevelSpec; file: string }>,
  render: (req: ChartRequest) => Promise<ChartSvg> = renderChart,
): Promise<ChartSet> {
  const planned = CHARTS.flatMap((def) => {
    const content = def.build(b, m);
    return content ? [{ def, content }] : [];
  });
  return Promise.all(
    planned.map(async ({ def, content }, i) => {
      const { spec, file } = await loadSpec(def.spec);
      const { svg, warnings } = await render({ id: `fig-${def.id}`, spec, rows: content.rows, title: content.title, description: content.alt, file });
      const figure: ChartFigure = { id: def.id, number: i + 1, title: content.title, caption: content.caption, alt: content.alt, sources: content.sources, svg, warnings };
      return content.formula === undefined ? figure : { ...figure, formula: content.formula };
    }),
  );
}
