/**
 * Fiscal years and the order of companies (#25): period labels read with a company's `fiscalYearEnd`
 * (content/periods.ts), `latest` by the end of the year, the warning for a formula that combines companies'
 * years ending more than six months apart (metrics/years.ts, BR248), tables that name the day a period ends,
 * and a group's `companies:` that sets the order its companies print in (BR193–BR195), kept by profiles,
 * `each` rows, group lookups and charts. Small carmaker briefings parsed in memory by the real loader.
 */
import { describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/content/load.ts';
import { monthsApart, moreThanMonthsApart, parseYearEnd, periodSpan } from '../../src/content/periods.ts';
import type { Briefing } from '../../src/content/model.ts';
import { chartContent } from '../../src/charts/rows.ts';
import { createFormatter } from '../../src/format.ts';
import { buildView } from '../../src/html/view.ts';
import { MESSAGES, problem } from '../../src/messages.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import { figuresOf } from '../../src/metrics/lookup.ts';
import { yearsApart, type YearUse } from '../../src/metrics/years.ts';
import { catchBriefingError, positionOf } from './helpers.ts';

describe('periodSpan: a period label read with the fiscal year end', () => {
  const cases: [label: string, yearEnd: string | undefined, start: string, end: string][] = [
    // A calendar year: no fiscalYearEnd, or 12-31.
    ['2026', undefined, '2026-01-01', '2026-12-31'],
    ['FY2026', '12-31', '2026-01-01', '2026-12-31'],
    ['Q1 2026', undefined, '2026-01-01', '2026-03-31'],
    ['H2 2025', undefined, '2025-07-01', '2025-12-31'],
    // A year ending 31 March: FY2026 ends in 2026; its quarters and halves count from 1 April 2025.
    ['FY2026', '03-31', '2025-04-01', '2026-03-31'],
    ['2026', '03-31', '2025-04-01', '2026-03-31'],
    ['Q1 2026', '03-31', '2025-04-01', '2025-06-30'],
    ['Q2 2026', '03-31', '2025-07-01', '2025-09-30'],
    ['Q3 2026', '03-31', '2025-10-01', '2025-12-31'],
    ['Q4 2026', '03-31', '2026-01-01', '2026-03-31'],
    ['H1 2026', '03-31', '2025-04-01', '2025-09-30'],
    ['H2 2026', '03-31', '2025-10-01', '2026-03-31'],
    // A year ending 30 June; a year ending 31 January (named by the year it ends in).
    ['FY2026', '06-30', '2025-07-01', '2026-06-30'],
    ['FY2026', '01-31', '2025-02-01', '2026-01-31'],
    ['Q1 2026', '01-31', '2025-02-01', '2025-04-30'],
    // The end of February is the month's last day, 29 February in a leap year.
    ['FY2024', '02-28', '2023-03-01', '2024-02-29'],
    ['FY2025', '02-28', '2024-03-01', '2025-02-28'],
    // A year end mid-month keeps its day, clamped to shorter months.
    ['Q1 2026', '09-27', '2025-09-28', '2025-12-27'],
    ['Q2 2026', '08-30', '2025-12-01', '2026-02-28'],
  ];
  it.each(cases)('%s with year end %s covers %s to %s', (label, yearEnd, start, end) => {
    expect(periodSpan(label, yearEnd)).toMatchObject({ start, end });
  });

  it('says the kind and the fiscal year', () => {
    expect(periodSpan('Q1 2026', '03-31')).toEqual({ kind: 'quarter', fiscalYear: 2026, start: '2025-04-01', end: '2025-06-30' });
    expect(periodSpan('H1 2026')?.kind).toBe('half');
    expect(periodSpan('FY2026')?.kind).toBe('year');
  });

  it('refuses what is no period label or no year end', () => {
    for (const label of ['H3 2026', 'Q5 2026', 'FY26', '2026 Q1', 'latest', '']) expect(periodSpan(label)).toBeUndefined();
    for (const end of ['02-29', '13-01', '04-31', '3-31', '00-10', '12-00']) expect(periodSpan('FY2026', end)).toBeUndefined();
    expect(parseYearEnd('02-28')).toEqual({ month: 2, day: 28, monthEnd: true });
    expect(parseYearEnd('09-27')).toEqual({ month: 9, day: 27, monthEnd: false });
  });

  it('measures months between year ends, a month end to a month end whole', () => {
    expect(monthsApart('2025-03-31', '2025-12-31')).toBe(9);
    expect(monthsApart('2025-12-31', '2026-03-31')).toBe(3);
    expect(monthsApart('2025-12-31', '2025-03-31')).toBe(0);
    expect(moreThanMonthsApart('2025-06-30', '2025-12-31', 6)).toBe(false);
    expect(moreThanMonthsApart('2025-06-29', '2025-12-31', 6)).toBe(true);
    expect(moreThanMonthsApart('2025-12-31', '2025-03-31', 6)).toBe(true);
    expect(moreThanMonthsApart('2026-03-31', '2025-12-31', 6)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// A carmaker briefing: Toyota's year ends 31 March; Volkswagen, Tesla and BYD report calendar years.

function files(extra: Readonly<Record<string, string>> = {}, groups = '  - {id: ev-maker, title: Electric, companies: [tesla, byd]}\n'): Map<string, string> {
  const company = (id: string, name: string, group: string, yearEnd: string, figures: string): string =>
    `id: ${id}\nname: ${name}\ngroup: ${group}\ncountry: Somewhere\n${yearEnd}profile: A carmaker [@s-a].\nfigures:\n${figures}`;
  const revenue = (value: string, period: string, id = ''): string => `  - {${id === '' ? '' : `id: ${id}, `}quantity: revenue, value: "${value}", period: "${period}", sources: [s-a]}\n`;
  return new Map(
    Object.entries({
      'briefing.yaml': `id: carmakers\ntitle: Carmakers\nasOf: 2026-06-01\nauthors: [Tests]\naudience: Tests\nsections: [companies, metrics]\ngroups:\n  - {id: incumbent, title: Incumbents}\n${groups}fx:\n  - {from: JPY, to: USD, rate: 0.0067, asOf: 2026-05-29, sources: [s-a]}\n  - {from: EUR, to: USD, rate: 1.1, asOf: 2026-05-29, sources: [s-a]}\n  - {from: CNY, to: USD, rate: 0.14, asOf: 2026-05-29, sources: [s-a]}\n`,
      'sources.yaml': '- {id: s-a, title: Results, publisher: A wire}\n',
      'risks.yaml': '[]\n',
      'takeaways.yaml': '[]\n',
      'companies/toyota.yaml': company('toyota', 'Toyota', 'incumbent', 'fiscalYearEnd: 03-31\n', revenue('JPY 48T', 'FY2025', 'toyota-fy2025') + revenue('JPY 49T', 'FY2026', 'toyota-fy2026') + revenue('JPY 12T', 'Q1 2026')),
      'companies/volkswagen.yaml': company('volkswagen', 'Volkswagen', 'incumbent', '', revenue('€320B', '2024') + revenue('€325B', '2025', 'vw-2025')),
      'companies/tesla.yaml': company('tesla', 'Tesla', 'ev-maker', '', revenue('$98B', '2024') + revenue('$95B', '2025', 'tesla-2025')),
      'companies/byd.yaml': company('byd', 'BYD', 'ev-maker', '', revenue('CNY 780B', '2024') + revenue('CNY 800B', '2025', 'byd-2025')),
      ...extra,
    }),
  );
}

const load = (extra?: Readonly<Record<string, string>>, groups?: string): Briefing => parseBriefing({ dir: 'cars', files: files(extra, groups) });
const company = (b: Briefing, id: string) => b.companies.find((c) => c.id === id)!;

describe('latest reads each company’s years by their end', () => {
  it('picks the fiscal year that ends last, whatever its label', () => {
    const b = load();
    expect(figuresOf(company(b, 'toyota'), { quantity: 'revenue', period: 'latest' }).map((f) => f.period)).toEqual(['FY2026']);
    expect(figuresOf(company(b, 'tesla'), { quantity: 'revenue', period: 'latest' }).map((f) => f.period)).toEqual(['2025']);
  });

  it('counts a year once when one source writes 2025 and another FY2025', () => {
    const twice = "id: tesla\nname: Tesla\ngroup: ev-maker\ncountry: Somewhere\nprofile: A carmaker [@s-a].\nfigures:\n" +
      '  - {quantity: revenue, value: "$95B", period: "2025", sources: [s-a]}\n  - {quantity: revenue, value: "$95B", period: "FY2025", sources: [s-a]}\n';
    const metric = '- id: ev-2025\n  label: EV revenue 2025\n  unit: USD\n  inputs:\n    revenue: {group: ev-maker, quantity: revenue, period: 2025}\n  formula: sum(revenue)\n' +
      '- id: tesla-2025\n  label: Tesla revenue 2025\n  unit: USD\n  inputs:\n    revenue: {company: tesla, quantity: revenue, period: FY2025}\n  formula: revenue\n';
    const b = load({ 'companies/tesla.yaml': twice, 'metrics.yaml': metric });
    const rows = computeMetrics(b).declared.flatMap((d) => d.rows);
    // $95B once, plus BYD's CNY 800B at 0.14 ($112B); a single company's lookup gives one value, not a list.
    expect(rows.find((r) => r.id === 'ev-2025')).toMatchObject({ low: 95e9 + 112e9, high: 95e9 + 112e9 });
    expect(rows.find((r) => r.id === 'tesla-2025')).toMatchObject({ low: 95e9, high: 95e9 });
  });

  it('reads FY2025 and 2025 as one year in a lookup', () => {
    const b = load();
    expect(figuresOf(company(b, 'toyota'), { quantity: 'revenue', period: '2025' }).map((f) => f.id)).toEqual(['toyota-fy2025']);
    expect(figuresOf(company(b, 'tesla'), { quantity: 'revenue', period: 'FY2025' }).map((f) => f.id)).toEqual(['tesla-2025']);
  });

  it('says the year latest found in the formula line', () => {
    const metrics = `- {id: toyota-latest, label: Toyota latest, unit: JPY, inputs: {r: {company: toyota, quantity: revenue, period: latest}}, formula: r}\n`;
    const m = computeMetrics(load({ 'metrics.yaml': metrics }));
    expect(m.declared[0]!.rows[0]!.formula).toBe('Toyota revenue FY2026 (¥49T)');
  });
});

describe('a formula over companies’ years that end far apart warns at its metric (BR248)', () => {
  const metric = (id: string, inputs: string, formula: string, more = ''): string => `- id: ${id}\n  label: ${id}\n  unit: USD\n  inputs: ${inputs}\n  formula: ${formula}\n${more}`;

  it('warns for a sum of "2025" when one company’s 2025 ends in March, at the line of the input that found it', () => {
    const text = `${metric('latest', '{r: {companies: [toyota, volkswagen], quantity: revenue, period: latest}}', 'sum(r)')}${metric('labelled-2025', '{r: {companies: [toyota, volkswagen], quantity: revenue, period: "2025"}}', 'sum(r)')}`;
    const m = computeMetrics(load({ 'metrics.yaml': text }));
    expect(m.declared.map((d) => d.id)).toEqual(['latest', 'labelled-2025']); // computed all the same
    expect(m.warnings).toHaveLength(1);
    const [w] = m.warnings;
    expect(w!.code).toBe(MESSAGES.yearsApart.code);
    expect(w!.code).toBe('BR248');
    expect(w!.message).toBe('metric "labelled-2025": combines years that end 9 months apart: Toyota revenue FY2025 (year to 31 March 2025) and Volkswagen revenue 2025 (year to 31 December 2025)');
    expect(w!.hint).toContain('acceptMixedYears: true');
    expect({ file: w!.file, line: w!.line, path: w!.path }).toEqual({ file: 'cars/metrics.yaml', line: positionOf(text, 'period: "2025"').line, path: 'inputs.r' });
  });

  it('warns across the rows of each:, and across two inputs labelled with the same year', () => {
    const text =
      metric('each-2025', '{r: {quantity: revenue, period: "2025"}}', 'r', '  each: {companies: [toyota, tesla]}\n') +
      metric('two-inputs', '{a: toyota-fy2025, b: tesla-2025}', 'a + b') +
      metric('growth', '{a: toyota-fy2026, b: toyota-fy2025}', 'a - b') +
      metric('this-over-last', '{a: {companies: [toyota, tesla], quantity: revenue, period: latest}, b: {companies: [volkswagen, tesla], quantity: revenue, period: "2024"}}', 'sum(a) - sum(b)');
    const m = computeMetrics(load({ 'metrics.yaml': text }));
    expect(m.warnings.map((w) => w.message.split(':')[0])).toEqual(['metric "each-2025"', 'metric "two-inputs"']);
  });

  it('is silent with acceptMixedYears: true, and does not warn again where a metric that warned is used', () => {
    const text =
      metric('accepted', '{r: {companies: [toyota, tesla], quantity: revenue, period: "2025"}}', 'sum(r)', '  acceptMixedYears: true\n') +
      metric('uses-it', '{x: {metric: accepted}}', 'x * 2');
    const m = computeMetrics(load({ 'metrics.yaml': text }));
    expect(m.warnings).toEqual([]);
  });

  it('warns for a claim check too, at the claim', () => {
    const claims = '- id: c-sum\n  statement: Together about $420B.\n  stated: "~$420B"\n  sources: [s-a]\n  check: {inputs: {a: toyota-fy2025, b: vw-2025}, formula: a + b}\n';
    const m = computeMetrics(load({ 'claims.yaml': claims }));
    // The claim is also inconsistent (BR247): only the years' warning is this test's.
    const years = m.warnings.filter((w) => w.code === MESSAGES.yearsApart.code);
    expect(years.map((w) => [w.code, w.file, w.message.split(':')[0]])).toEqual([['BR248', 'cars/claims.yaml', 'claim "c-sum"']]);
  });

  it('finds the pair furthest apart among 20,000 companies of one input (no timing: speed is for the bench)', () => {
    const uses: YearUse[] = Array.from({ length: 20_000 }, (_, i) => ({ owner: `c${i}`, label: `C${i}`, fiscalYear: 2025, end: '2025-12-31', input: 'r', viaMetric: false }));
    uses.push({ owner: 'late', label: 'Late', fiscalYear: 2025, end: '2025-03-31', input: 'r', viaMetric: false });
    expect(yearsApart(uses)).toMatchObject({ early: { owner: 'late' }, months: 9 });
    expect(yearsApart(uses.map((u) => ({ ...u, owner: 'one' })))).toBeUndefined(); // years of one company are never compared
  });
});

describe('tables show the day a year ends where it is not 31 December', () => {
  it('prints the period with its end, and the year end in the company line', () => {
    const b = load();
    const view = buildView(b, computeMetrics(b), [], '', 'test');
    const data = view.sections.find((s) => s.id === 'companies')!.data as { groups: { companies: { id: string; fiscalYearEnd: string | null; figures: { when: string | null }[] }[] }[] };
    const all = data.groups.flatMap((g) => g.companies);
    const toyota = all.find((c) => c.id === 'toyota')!;
    expect(toyota.fiscalYearEnd).toBe('31 March');
    // The date holds together when the cell wraps: no-break spaces inside it.
    const nb = (s: string): string => s.replace(/\(to (\d+) (\w+) (\d+)\)/, '(to\u00a0$1\u00a0$2\u00a0$3)');
    expect(toyota.figures.map((f) => f.when)).toEqual(['FY2025 (to 31 Mar 2025)', 'FY2026 (to 31 Mar 2026)', 'Q1 2026 (to 30 Jun 2025)'].map(nb));
    const tesla = all.find((c) => c.id === 'tesla')!;
    expect(tesla.fiscalYearEnd).toBeNull();
    expect(tesla.figures.map((f) => f.when)).toEqual(['2024', '2025']);
  });

  it('formats the dates in the briefing’s locale', () => {
    const fmt = createFormatter('de');
    expect(fmt.shortDate('2026-03-31')).toBe('31. März 2026');
    expect(fmt.dayMonth('03-31')).toBe('31. März');
  });

  it('refuses a fiscal year end that is not MM-DD of a day every year has, at the field', () => {
    const e = catchBriefingError(() => load({ 'companies/byd.yaml': files().get('companies/byd.yaml')!.replace('country: Somewhere\n', 'country: Somewhere\nfiscalYearEnd: 02-29\n') }));
    expect(e.diagnostics.map((d) => [d.file, d.path, d.line])).toEqual([['cars/companies/byd.yaml', 'fiscalYearEnd', 5]]);
    expect(e.diagnostics[0]!.message).toContain('MM-DD');
  });
});

describe('a group’s companies: sets the order its companies print in', () => {
  it('lists those named first, in that order, then the rest by name; groups keep their order', () => {
    expect(load().companies.map((c) => c.id)).toEqual(['toyota', 'volkswagen', 'tesla', 'byd']);
    // Without the list, by name: BYD before Tesla.
    expect(load({}, '  - {id: ev-maker, title: Electric}\n').companies.map((c) => c.id)).toEqual(['toyota', 'volkswagen', 'byd', 'tesla']);
    // A partial list: Volkswagen first, then the group's others (Toyota) by name.
    const partial = parseBriefing({ dir: 'cars', files: new Map([...files()].map(([k, v]) => [k, k === 'briefing.yaml' ? v.replace('{id: incumbent, title: Incumbents}', '{id: incumbent, title: Incumbents, companies: [volkswagen]}') : v])) });
    expect(partial.companies.map((c) => c.id)).toEqual(['volkswagen', 'toyota', 'tesla', 'byd']);
  });

  it('is the order of profiles, each rows, group lookups and charts', () => {
    const metrics = '- {id: each-ev, label: Each, unit: USD, each: {group: ev-maker}, inputs: {r: {quantity: revenue, period: latest}}, formula: r}\n- {id: sum-ev, label: Sum, unit: USD, inputs: {r: {group: ev-maker, quantity: revenue, period: latest}}, formula: sum(r)}\n';
    const chart = 'title: EV revenue\ncaption: Latest revenue.\nspec: bars\ndata:\n  figures: {group: ev-maker, quantity: revenue, period: latest}\n  convert: USD\n';
    const b = load({ 'metrics.yaml': metrics, 'charts/ev.yaml': chart });
    const m = computeMetrics(b);
    expect(m.declared[0]!.rows.map((r) => r.key)).toEqual(['tesla', 'byd']);
    expect(m.declared[1]!.rows[0]!.formula).toMatch(/Tesla 2025 \$95B, BYD 2025/);
    expect(chartContent(b.charts[0]!, b, m).rows.map((r) => r['label'])).toEqual(['Tesla', 'BYD']);
    const view = buildView(b, m, [], '', 'test');
    const data = view.sections.find((s) => s.id === 'companies')!.data as { groups: { id: string; companies: { id: string }[] }[] };
    expect(data.groups.map((g) => [g.id, g.companies.map((c) => c.id)])).toEqual([
      ['incumbent', ['toyota', 'volkswagen']],
      ['ev-maker', ['tesla', 'byd']],
    ]);
  });

  it('refuses an unknown id, a company of another group and an id listed twice, at the id (BR193–BR195)', () => {
    const groups = '  - {id: ev-maker, title: Electric, companies: [teslaa, toyota, byd, byd]}\n';
    const b = files({}, groups);
    const e = catchBriefingError(() => parseBriefing({ dir: 'cars', files: b }));
    const yaml = b.get('briefing.yaml')!;
    const line = positionOf(yaml, 'teslaa').line;
    expect(e.diagnostics.map((d) => [d.code, d.file, d.line, d.path])).toEqual([
      ['BR193', 'cars/briefing.yaml', line, 'groups[1].companies[0]'],
      ['BR194', 'cars/briefing.yaml', line, 'groups[1].companies[1]'],
      ['BR195', 'cars/briefing.yaml', line, 'groups[1].companies[3]'],
    ]);
    expect(e.diagnostics[0]!.message).toBe(`group "ev-maker" lists "teslaa" in companies:, but no company has that id${problem.didYouMean('tesla')}`);
    expect(e.diagnostics[1]!.message).toBe('group "ev-maker" lists "toyota" in companies:, but companies/toyota.yaml puts it in group "incumbent"');
    expect(e.diagnostics[2]!.message).toBe('group "ev-maker" lists "byd" twice in companies:');
  });
});
