/**
 * Content the benchmark builds: copies of the sample with distinct ids (for batches), a synthetic briefing
 * of any number of companies (for growth with size), and the "content change" the warm re-render measures.
 * Everything is written under `os.tmpdir()`; the caller removes it.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Copy a briefing folder and give the copy another manifest id. */
export async function copyBriefing(from: string, to: string, id: string): Promise<void> {
  await cp(from, to, { recursive: true });
  const manifest = path.join(to, 'briefing.yaml');
  const text = await readFile(manifest, 'utf8');
  if (!/^id: .*$/m.test(text)) throw new Error(`no "id:" line in ${manifest}`);
  await writeFile(manifest, text.replace(/^id: .*$/m, `id: ${id}`));
}

/**
 * A content change as a writer makes it: rewrite the manifest's title. Only ASCII is added, so the font
 * subsets (cached by the set of non-ASCII characters) and the charts (their data did not change) stay warm,
 * as they do in the preview while someone edits prose. `extra` appends other characters (e.g. a letter the
 * document has never used, which forces new font subsets).
 */
export async function rewriteTitle(dir: string, revision: number, extra = ''): Promise<void> {
  const manifest = path.join(dir, 'briefing.yaml');
  const text = await readFile(manifest, 'utf8');
  const changed = text.replace(/^title: .*$/m, `title: "Benchmark revision ${revision}${extra}"`);
  if (changed === text) throw new Error(`no "title:" line in ${manifest}`);
  await writeFile(manifest, changed);
}

/** What a one-line edit of a generated company changes ({@link editCompany}). */
export type CompanyEdit = 'profile' | 'figure';

/**
 * A one-line edit of company `i` (1-based) of a briefing made by {@link generateBriefing}, as a writer makes
 * it in the preview: a few ASCII words in its profile sentence (`profile`), or its FY2025 revenue (`figure`),
 * both from the company's original text plus `revision`, so each call changes the file. ASCII only: the font
 * subsets stay warm.
 */
export async function editCompany(dir: string, i: number, revision: number, edit: CompanyEdit): Promise<void> {
  const file = path.join(dir, 'companies', `co-${pad(i)}.yaml`);
  const { yaml } = company(i);
  const changed =
    edit === 'profile'
      ? yaml.replace('sells to large enterprises', `sells to large enterprises (revision ${revision})`)
      : yaml.replace(/value: "\$(\d+)B"\n {4}period: FY2025/, (_m, v: string) => `value: "$${Number(v) + revision}B"\n    period: FY2025`);
  if (changed === yaml) throw new Error(`no ${edit} to edit in ${file}`);
  await writeFile(file, changed);
}

const GROUPS = ['incumbent', 'supplier', 'other', 'china'] as const;
const COUNTRIES = ['United States', 'Germany', 'Japan', 'United Kingdom', 'France', 'Canada', 'South Korea', 'Netherlands'];
const CJK_NAMES = ['摩尔线程', '寒武纪', '阿里巴巴', '腾讯控股', '工商银行', '农业银行', '百度', '华为'];
const SECTORS = ['cloud infrastructure', 'chip design', 'data-centre power', 'enterprise software', 'networking', 'consumer AI apps', 'robotics', 'model training'];
const RISK_CATEGORIES = ['valuation', 'liquidity', 'profitability', 'execution', 'governance', 'counterparty', 'regulatory', 'technology', 'concentration', 'geopolitical'];
const WORDS = ['Apex', 'Borealis', 'Cinder', 'Delta', 'Ember', 'Fathom', 'Granite', 'Halcyon', 'Iris', 'Juniper', 'Kestrel', 'Lumen', 'Meridian', 'Nimbus', 'Onyx', 'Pioneer', 'Quartz', 'Radiant', 'Summit', 'Tessera'];

const pad = (i: number): string => String(i).padStart(3, '0');

/** Files of one generated company (1-based `i`) and its source id. */
function company(i: number): { id: string; source: string; yaml: string } {
  const id = `co-${pad(i)}`;
  const source = `s-co-${pad(i)}`;
  const group = i <= 3 ? 'ipo-candidate' : GROUPS[i % GROUPS.length]!;
  const name = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} ${pad(i)}`;
  const revenue = 2 + (i % 17); // $B, FY2025
  const prior = Math.max(1, revenue - 1 - (i % 3)); // $B, FY2024
  const multiple = 10 + (i % 23);
  const valuation = revenue * multiple; // $B
  const lines = [
    `id: ${id}`,
    `name: ${name}`,
    ...(group === 'china' ? [`localName: ${CJK_NAMES[i % CJK_NAMES.length]}`] : []),
    `group: ${group}`,
    `country: ${group === 'china' ? 'China' : COUNTRIES[i % COUNTRIES.length]}`,
    ...(group === 'ipo-candidate' ? [`status: Filing expected in 2026`, `listingDate: 2026-0${(i % 6) + 4}-15`] : []),
    'profile: >-',
    `  ${name} works in ${SECTORS[i % SECTORS.length]} and sells to large enterprises and public-sector buyers. Its revenue`,
    `  reached {figure:${id}-revenue-fy2025} in 2025, up from {figure:${id}-revenue-fy2024}, according to its latest filing [@${source}]. Market commentary sees it`,
    `  as one of the companies whose results will show whether AI spending turns into profit [@s-desk].`,
    'figures:',
    `  - id: ${id}-revenue-fy2025`,
    '    quantity: revenue',
    `    value: "$${revenue}B"`,
    '    period: FY2025',
    '    basis: reported',
    `    sources: [${source}]`,
    `  - id: ${id}-revenue-fy2024`,
    '    quantity: revenue',
    `    value: "$${prior}B"`,
    '    period: FY2024',
    '    basis: reported',
    `    sources: [${source}]`,
    `  - quantity: ${i % 2 === 0 ? 'operating-profit' : 'net-loss'}`,
    `    value: "$${(revenue * 0.1 + (i % 5) * 0.1).toFixed(1)}B"`,
    '    period: FY2025',
    '    basis: reported',
    `    sources: [${source}]`,
    '  - quantity: capital-spending',
    `    value: "~$${(revenue * 0.3).toFixed(1)}B"`,
    "    period: '2026'",
    '    basis: expected',
    `    sources: [${source}, s-market]`,
    `    note: Planned spending on data centres and chips, which the source links to [@s-market] demand forecasts.`,
  ];
  // Every fourth company (and the cohort) carries valuations, so the price-to-sales chart grows as n/4.
  if (group === 'ipo-candidate' || i % 4 === 1) {
    lines.push(
      `  - id: ${id}-valuation`,
      '    quantity: valuation',
      `    value: "$${valuation}B"`,
      `    basis: ${group === 'ipo-candidate' ? 'target' : 'estimate'}`,
      `    sources: [${source}]`,
      '  - quantity: valuation',
      `    value: "$${Math.round(valuation * 0.9)}B-$${Math.round(valuation * 1.25)}B"`,
      '    basis: estimate',
      '    sources: [s-market]',
      '  - quantity: price-to-sales',
      `    value: "~${multiple}x"`,
      '    basis: estimate',
      `    sources: [${source}]`,
    );
  } else {
    lines.push('  - quantity: market-value', `    value: "$${valuation}B"`, '    basis: reported', '    sources: [s-market]');
  }
  if (group === 'ipo-candidate') {
    lines.push('  - quantity: ipo-proceeds', `    value: "$${Math.max(1, Math.round(valuation * 0.05))}B"`, '    basis: target', `    sources: [${source}]`);
  }
  if (i === 1) {
    lines.push(
      '  - quantity: segment-revenue',
      '    segment: Cloud',
      `    value: "$${(revenue * 0.6).toFixed(1)}B"`,
      '    period: FY2025',
      '    basis: filed',
      `    sources: [${source}]`,
    );
  }
  return { id, source, yaml: `${lines.join('\n')}\n` };
}

/**
 * Write a valid briefing of `n` companies to `dir`: one source per company plus two shared ones, about seven
 * figures per company (revenue for two years, profit or loss, capital spending, market value or two
 * valuations and a stated multiple), one risk per company, a claim per valued company, four takeaways and a
 * prose summary. Sizes scale with `n` the way a bigger briefing would.
 */
export async function generateBriefing(dir: string, n: number, id: string): Promise<void> {
  const companies = Array.from({ length: n }, (_, k) => company(k + 1));
  await mkdir(path.join(dir, 'companies'), { recursive: true });
  await mkdir(path.join(dir, 'sections'), { recursive: true });
  await writeFile(
    path.join(dir, 'briefing.yaml'),
    [
      `id: ${id}`,
      `title: "Synthetic briefing of ${n} companies"`,
      'subtitle: Generated by the benchmark to measure how build time grows with size',
      'asOf: 2026-06-01',
      'authors: [Benchmark]',
      'audience: Whoever reads benchmark results',
      'groups:',
      ...['ipo-candidate', ...GROUPS].map((g) => `  - {id: ${g}, title: "Group ${g}"}`),
      'quantities: {ipo-proceeds: money}',
      'keyFigures: [listing-valuation, liquidity-drawn]',
      'sections: [executive-summary, companies, metrics, charts, risks, takeaways, claims, sources]',
      '',
    ].join('\n'),
  );
  const sources = [
    '- id: s-desk\n  title: "Desk notes on the AI listings"\n  publisher: Benchmark desk\n  date: 2026-05-30\n',
    '- id: s-market\n  title: "Market data compilation"\n  publisher: Benchmark market data\n  date: 2026-05-29\n  url: https://example.com/market-data\n',
    ...companies.map((c, k) => `- id: ${c.source}\n  title: "Annual filing of company ${pad(k + 1)}"\n  publisher: Filing ${pad(k + 1)}\n  date: 2026-0${(k % 5) + 1}-1${k % 10}\n  note: Generated source.\n`),
  ];
  await writeFile(path.join(dir, 'sources.yaml'), sources.join(''));
  for (const c of companies) await writeFile(path.join(dir, 'companies', `${c.id}.yaml`), c.yaml);
  const risks = companies.map((c, k) =>
    [
      `- id: r-${c.id}`,
      `  title: Execution risk at company ${pad(k + 1)}`,
      `  category: ${RISK_CATEGORIES[k % RISK_CATEGORIES.length]}`,
      `  likelihood: ${(k % 5) + 1}`,
      `  impact: ${((k * 3) % 5) + 1}`,
      '  horizon: 2026–2027',
      '  description: >-',
      `    Growth depends on customers keeping their spending plans; a pause by a few large buyers would show up in`,
      `    revenue within two quarters and test the valuation the market gives it.`,
      `  companies: [${c.id}${k > 0 ? `, ${companies[k - 1]!.id}` : ''}]`,
      `  sources: [${c.source}, s-desk]`,
      '',
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'risks.yaml'), risks.join(''));
  const stakeholders = ['Institutional investors', 'Corporate buyers of AI services', 'Policy makers', 'Employees with equity'];
  await writeFile(
    path.join(dir, 'takeaways.yaml'),
    stakeholders
      .map((s, k) =>
        [
          `- id: t-${k + 1}`,
          `  stakeholder: ${s}`,
          '  takeaway: >-',
          '    Compare what each company has contracted with what it hopes to sell, and weigh the gap before acting.',
          '  actions:',
          '    - Read the filings for contracted revenue',
          '    - Compare multiples across the group',
          `  stance: ${['cautious', 'neutral', 'positive', 'negative'][k]}`,
          '  sources: [s-desk, s-market]',
          '',
        ].join('\n'),
      )
      .join(''),
  );
  const valued = companies.filter((_, k) => k < 3 || (k + 1) % 4 === 1);
  await writeFile(
    path.join(dir, 'claims.yaml'),
    valued
      .map((c) => {
        const k = Number(c.id.slice(3));
        const multiple = 10 + (k % 23);
        return [
          `- id: claim-${c.id}-ps`,
          `  statement: The valuation of company ${pad(k)} is said to be about ${multiple} times its 2025 revenue.`,
          `  stated: "~${multiple}x"`,
          `  sources: [${c.source}]`,
          '  check:',
          `    inputs: {valuation: ${c.id}-valuation, revenue: ${c.id}-revenue-fy2025}`,
          '    formula: valuation / revenue',
          '    tolerance: 0.05',
          '',
        ].join('\n');
      })
      .join(''),
  );
  await writeFile(
    path.join(dir, 'metrics.yaml'),
    [
      '- {id: valuation-range, label: Valuation range, unit: USD, each: {group: ipo-candidate}, inputs: {valuation: {quantity: valuation}}, formula: valuation}',
      '- {id: price-to-sales, label: Price-to-sales, unit: multiple, each: {group: ipo-candidate}, inputs: {valuation: {quantity: valuation}, revenue: {quantity: revenue, period: latest}}, formula: valuation / revenue}',
      '- {id: revenue-growth, label: Revenue growth, unit: percent, each: {group: incumbent}, inputs: {now: {quantity: revenue, period: FY2025}, before: {quantity: revenue, period: FY2024}}, formula: now / before - 1}',
      '- {id: listing-valuation, label: Combined valuation of the listings, unit: USD, inputs: {valuation: {group: ipo-candidate, quantity: valuation}}, formula: sum(valuation)}',
      "- {id: liquidity-drawn, label: Liquidity drawn, unit: USD, inputs: {valuation: {metric: listing-valuation}, float: {scenarios: ['3%', '8%', '15%', '25%']}}, formula: valuation * float}",
      '',
    ].join('\n'),
  );
  await mkdir(path.join(dir, 'charts'), { recursive: true });
  const charts: Record<string, string> = {
    'valuations.yaml': 'title: Valuations by source\ncaption: One line per stated figure.\nspec: ranges\norder: 1\ndata: {figures: {quantity: valuation}}\n',
    'price-to-sales.yaml': 'title: Price-to-sales\ncaption: Computed multiples.\nspec: bars\norder: 2\ndata: {metrics: [price-to-sales]}\n',
    'liquidity.yaml': 'title: Liquidity by float\ncaption: Combined valuation times float.\nspec: columns\norder: 3\ndata: {metrics: [liquidity-drawn]}\n',
    'risks.yaml': 'title: Risk matrix\ncaption: Likelihood and impact.\nspec: risk-matrix\norder: 4\ndata: {risks: all}\n',
  };
  for (const [name, text] of Object.entries(charts)) await writeFile(path.join(dir, 'charts', name), text);
  const paragraphs = companies.slice(0, Math.min(n, 12)).map((c, k) => `- Company ${pad(k + 1)} reports revenue growth and plans more spending on compute [@${c.source}].`);
  await writeFile(
    path.join(dir, 'sections', 'executive-summary.md'),
    [
      '# Executive summary',
      '',
      `This synthetic briefing covers ${n} companies. The first three form the listing cohort; their combined`,
      'valuation and the liquidity their listings would draw are computed from the figures below [@s-market].',
      '',
      ...paragraphs,
      '',
      'Where two sources give different valuations, both are kept and the spread is shown [@s-desk].',
      '',
    ].join('\n'),
  );
}
