/**
 * A briefing's vocabulary: groups, quantities, risk categories, bases and exchange rates declared in
 * briefing.yaml, checked by the real loader on the sample with one change at a time. Every error must name
 * the file, line and field, and suggest the nearest known name where there is one.
 */
import { describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/content/load.ts';
import { unsourcedFigures } from '../../src/content/prose.ts';
import { MESSAGES } from '../../src/messages.ts';
import { BUILT_IN_QUANTITIES, titleFromId, vocabularyOf, acceptsUnit } from '../../src/content/vocabulary.ts';
import { didYouMean } from '../../src/content/units.ts';
import type { Diagnostic } from '../../src/errors.ts';
import { catchBriefingError, positionOf, replaceIn, sample, sampleFiles } from './helpers.ts';

function diagnosticsOf(mutate: (files: Map<string, string>) => void): readonly Diagnostic[] {
  return catchBriefingError(() => parseBriefing(sample(mutate))).diagnostics;
}

/** Where `needle` sits in `file` after replacing `from` with `to` in it. */
function placeAfter(file: string, from: string, to: string, needle: string): { line: number; column: number } {
  const files = sampleFiles();
  replaceIn(files, file, from, to);
  return positionOf(files.get(file)!, needle);
}

const MANIFEST = 'briefing.yaml';

describe('groups declared by the briefing', () => {
  it('lists the declared groups with their titles, in order', () => {
    const b = parseBriefing(sample());
    expect([...b.vocabulary.groups.values()].map((g) => g.title)).toEqual(['IPO candidates', 'Incumbents', 'Suppliers', 'Chinese companies', 'Acquisitions and targets']);
  });

  it('refuses a group the manifest does not declare, at the group field, with a did-you-mean', () => {
    const [d, ...rest] = diagnosticsOf((f) => replaceIn(f, 'companies/nvidia.yaml', 'group: supplier', 'group: suplier'));
    expect(rest).toEqual([]);
    expect(d!.kind).toBe('unknownReference');
    expect(d!.file).toBe('fx/companies/nvidia.yaml');
    expect(d!.path).toBe('group');
    expect(d!.line).toBe(placeAfter('companies/nvidia.yaml', 'group: supplier', 'group: suplier', 'suplier').line);
    expect(d!.message).toMatch(/unknown group "suplier".*did you mean "supplier"/);
  });

  it('says to declare groups when the manifest has none', () => {
    const diags = diagnosticsOf((f) => {
      const text = f.get(MANIFEST)!;
      f.set(MANIFEST, text.replace(/groups:\n(?: {2}- id: .*\n {4}title: .*\n)+/, ''));
    });
    expect(diags.length).toBe(20);
    expect(diags[0]!.message).toMatch(/declares no groups: add groups:/);
  });

  it('accepts a company without a group, sorted after the grouped ones', () => {
    const b = parseBriefing(sample((f) => replaceIn(f, 'companies/nvidia.yaml', 'group: supplier\n', '')));
    expect(b.companies.at(-1)!.id).toBe('nvidia');
    expect(b.companies.at(-1)!.group).toBeUndefined();
  });

  it('refuses a group declared twice', () => {
    const diags = diagnosticsOf((f) => replaceIn(f, MANIFEST, '  - id: supplier\n', '  - id: incumbent\n'));
    expect(diags.some((d) => d.kind === 'duplicateId' && d.path === 'groups[2].id' && /"incumbent" twice/.test(d.message))).toBe(true);
  });
});

describe('quantities declared by the briefing', () => {
  it('keeps a built-in vocabulary of company reporting and adds the declared ones with titles', () => {
    const b = parseBriefing(sample());
    expect(b.vocabulary.quantities.get('revenue')).toEqual({ id: 'revenue', kind: 'money', title: 'Revenue' });
    expect(b.vocabulary.quantities.get('ipo-proceeds')).toEqual({ id: 'ipo-proceeds', kind: 'money', title: 'IPO proceeds' });
    // Declared as a bare kind: the title comes from the name.
    expect(b.vocabulary.quantities.get('float-percentage')).toEqual({ id: 'float-percentage', kind: 'percent', title: 'Float percentage' });
    expect(BUILT_IN_QUANTITIES.map((q) => q.id)).not.toContain('ipo-proceeds');
  });

  it('refuses an undeclared quantity with a did-you-mean over built-in and declared names', () => {
    const [d, ...rest] = diagnosticsOf((f) => replaceIn(f, 'companies/spacex.yaml', 'quantity: ipo-proceeds', 'quantity: ipo-proceed'));
    expect(rest).toEqual([]);
    expect(d!.kind).toBe('unknownReference');
    expect(d!.path).toMatch(/^figures\[\d+\]\.quantity$/);
    expect(d!.line).toBe(placeAfter('companies/spacex.yaml', 'quantity: ipo-proceeds', 'quantity: ipo-proceed', 'quantity: ipo-proceed').line);
    expect(d!.message).toMatch(/unknown quantity "ipo-proceed" \(did you mean "ipo-proceeds"\?\); declare it under quantities:/);
    // The declaration it suggests takes the unit kind of the figure's value: SpaceX's proceeds are money.
    expect(d!.message).toContain('(for this value, ipo-proceed: money)');
    const builtIn = diagnosticsOf((f) => replaceIn(f, 'companies/spacex.yaml', 'quantity: ipo-proceeds', 'quantity: revenu'));
    expect(builtIn[0]!.message).toMatch(/did you mean "revenue"/);
  });

  it('reads a value without a unit sign in the unit of its quantity: counts, ratios and multiples', () => {
    const b = parseBriefing(
      sample((f) => {
        replaceIn(f, MANIFEST, 'quantities:\n', 'quantities:\n  weekly-prescriptions: count\n  current-ratio: ratio\n');
        replaceIn(f, 'companies/nvidia.yaml', 'figures:\n', 'figures:\n  - {quantity: weekly-prescriptions, value: 1.2M, sources: [s-gogoai]}\n  - {quantity: current-ratio, value: "2", sources: [s-gogoai]}\n  - {quantity: employees, value: 36000, sources: [s-gogoai]}\n');
      }),
    );
    const figs = b.companies.find((c) => c.id === 'nvidia')!.figures;
    expect(figs.slice(0, 3).map((f) => f.amount)).toEqual([
      { unit: 'count', low: 1.2e6, high: 1.2e6 },
      { unit: 'ratio', low: 2, high: 2 },
      { unit: 'count', low: 36000, high: 36000 },
    ]);
    const [d] = diagnosticsOf((f) => replaceIn(f, 'companies/nvidia.yaml', 'figures:\n', 'figures:\n  - {quantity: valuation, value: 4000000, sources: [s-gogoai]}\n'));
    expect(d!.message).toMatch(/the bare number 4000000 says no unit/);
  });

  it('refuses an unknown company field, suggesting the nearest field of the format (ipoStatus → status)', () => {
    const [d] = diagnosticsOf((f) => replaceIn(f, 'companies/spacex.yaml', '\nstatus:', '\nipoStatus:'));
    expect(d!.message).toMatch(/unknown field "ipoStatus" \(did you mean "status"\?\)/);
  });

  it('checks the unit against the declared kind', () => {
    const [d] = diagnosticsOf((f) => replaceIn(f, MANIFEST, 'float-percentage: percent', 'float-percentage: count'));
    expect(d!.kind).toBe('figureValue');
    expect(d!.message).toMatch(/float-percentage is measured in count, but "[^"]+" reads as percent/);
  });

  it('refuses a built-in quantity redeclared with another kind, at its declaration', () => {
    const [d] = diagnosticsOf((f) => replaceIn(f, MANIFEST, 'quantities:\n', 'quantities:\n  revenue: percent\n'));
    expect(d!.kind).toBe('schema');
    expect(d!.file).toBe('fx/briefing.yaml');
    expect(d!.path).toBe('quantities.revenue');
    expect(d!.message).toMatch(/built-in quantity measured in money/);
  });

  it('accepts money in any currency, physical quantities in their own units', () => {
    expect(acceptsUnit('money', 'DKK')).toBe(true);
    expect(acceptsUnit('money', 'percent')).toBe(false);
    expect(acceptsUnit('power', 'MW')).toBe(true);
    expect(acceptsUnit('GW', 'MW')).toBe(false);
    expect(acceptsUnit('energy', 'TWh')).toBe(true);
    expect(titleFromId('weekly-prescriptions')).toBe('Weekly prescriptions');
  });
});

describe('risk categories and bases', () => {
  it('refuses an unknown category or basis, and accepts declared ones with their titles', () => {
    const diags = diagnosticsOf((f) => {
      replaceIn(f, 'risks.yaml', 'category: valuation', 'category: clinical');
      replaceIn(f, 'companies/spacex.yaml', 'basis: target', 'basis: guidance');
    });
    expect(diags.map((d) => d.message)).toEqual([
      expect.stringMatching(/unknown basis "guidance".*declare it under bases:/),
      expect.stringMatching(/unknown risk category "clinical".*declare it under riskCategories:/),
    ]);
    const b = parseBriefing(
      sample((f) => {
        replaceIn(f, 'risks.yaml', 'category: valuation', 'category: clinical');
        replaceIn(f, 'companies/spacex.yaml', 'basis: target', 'basis: guidance');
        replaceIn(f, MANIFEST, 'quantities:\n', 'riskCategories: [{id: clinical, title: Clinical}]\nbases: [{id: guidance, title: company guidance}]\nquantities:\n');
      }),
    );
    expect(b.vocabulary.riskCategories.get('clinical')!.title).toBe('Clinical');
    expect(b.vocabulary.riskCategories.has('valuation')).toBe(true);
    expect(b.vocabulary.bases.get('guidance')!.title).toBe('company guidance');
  });

  it('suggests the nearest name only for a likely typo', () => {
    expect(didYouMean('liquidty', ['liquidity', 'valuation'])).toBe('liquidity');
    expect(didYouMean('banking', ['liquidity', 'valuation'])).toBeUndefined();
  });
});

describe('exchange rates', () => {
  const withFx = (fx: string) => (f: Map<string, string>) => {
    const text = f.get(MANIFEST)!;
    f.set(MANIFEST, text.replace(/fx:\n(?: {2}.*\n| {4}.*\n| {6}.*\n)+/, `fx:\n${fx}`));
  };

  it('reads the sample’s assumed CNY→USD rate', () => {
    const b = parseBriefing(sample());
    expect(b.settings.fx).toEqual([expect.objectContaining({ from: 'CNY', to: 'USD', rate: 0.14, basis: 'assumption', sources: [] })]);
  });

  it('normalises RMB to CNY and refuses a code that is not ISO 4217', () => {
    const b = parseBriefing(sample(withFx('  - {from: RMB, to: USD, rate: 0.14, basis: assumption, note: round}\n')));
    expect(b.settings.fx[0]!.from).toBe('CNY');
    const [d] = diagnosticsOf(withFx('  - {from: DKX, to: USD, rate: 0.14, basis: assumption, note: round}\n'));
    expect(d!.path).toBe('fx[0].from');
    expect(d!.message).toMatch(/"DKX" is not an ISO 4217 currency code \(did you mean "DKK"\?\)/);
  });

  it('needs sources and a date for a stated rate, a note for an assumed one', () => {
    const diags = diagnosticsOf(withFx('  - {from: DKK, to: USD, rate: 0.145}\n  - {from: CHF, to: USD, rate: 1.1, basis: assumption}\n'));
    expect(diags.map((d) => d.path)).toEqual(['fx[0].sources', 'fx[0].asOf', 'fx[1].note']);
  });

  it('refuses a second rate for one pair, in either direction, and rates citing unknown sources', () => {
    const diags = diagnosticsOf(
      withFx('  - {from: DKK, to: USD, rate: 0.145, asOf: 2025-01-02, sources: [s-nope]}\n  - {from: USD, to: DKK, rate: 6.9, basis: assumption, note: round}\n'),
    );
    expect(diags.map((d) => [d.kind, d.path])).toEqual([
      ['unknownReference', 'fx[0].sources[0]'],
      ['duplicateId', 'fx[1]'],
    ]);
  });
});

describe('text fields take what YAML gives', () => {
  it('reads unquoted numbers as text: horizon 2025, period 2024, ticker 700', () => {
    const b = parseBriefing(
      sample((f) => {
        replaceIn(f, 'risks.yaml', /horizon: .*/.exec(f.get('risks.yaml')!)![0], 'horizon: 2025');
        replaceIn(f, 'companies/tencent.yaml', 'country: China\n', 'country: China\nticker: 700\n');
        replaceIn(f, 'companies/spacex.yaml', 'period: FY2025', 'period: 2025');
      }),
    );
    expect(b.risks[0]!.horizon).toBe('2025');
    expect(b.companies.find((c) => c.id === 'tencent')!.ticker).toBe('700');
    expect(b.companies.find((c) => c.id === 'spacex')!.figures.some((f) => f.period === '2025')).toBe(true);
  });

  it('still says a missing text field is missing', () => {
    const [d] = diagnosticsOf((f) => replaceIn(f, 'companies/tencent.yaml', 'country: China\n', ''));
    expect(d!.message).toBe('missing required field "country" (expected text)');
  });
});

describe('vocabularyOf', () => {
  it('lets a declaration retitle a built-in quantity of the same kind', () => {
    const v = vocabularyOf({ quantities: { revenue: { kind: 'money', title: 'Net sales' } }, groups: [], riskCategories: [], bases: [] });
    expect(v.quantities.get('revenue')!.title).toBe('Net sales');
    expect(v.groups.size).toBe(0);
  });
});

describe('metric inputs', () => {
  it('say which forms an input may take when it takes none of them, at the input', () => {
    const [d, ...rest] = diagnosticsOf((f) => replaceIn(f, 'metrics.yaml', 'revenue: {quantity: revenue, period: latest}', 'revenue: {figure: openai-revenue}'));
    expect(rest).toEqual([]);
    expect(d!.file).toBe('fx/metrics.yaml');
    expect(d!.path).toMatch(/inputs\.revenue$/);
    expect(d!.message).toMatch(/write an input as a figure id .*\{metric: id\} or \{scenarios:/);
  });

  it('as other fields that take one of several forms, say what they take: text, a quantity kind', () => {
    const diags = diagnosticsOf((f) => {
      replaceIn(f, MANIFEST, 'title: ', 'title: [');
      replaceIn(f, MANIFEST, '\nsubtitle:', ']\nsubtitle:');
    });
    expect(diags.map((d) => [d.path, d.message])).toEqual([['title', expect.stringMatching(/^write text here: a list or a mapping is not text/)]]);
    const [q] = diagnosticsOf((f) => replaceIn(f, MANIFEST, 'quantities:\n', 'quantities:\n  pipeline-assets: {kind: counts}\n'));
    expect(q!.message).toMatch(/^write a unit kind \(money, percent, .*\) or \{kind, title\}/);
  });
});

describe('list files', () => {
  it('hold no entries when empty or only comments, as [] does', () => {
    const b = parseBriefing(sample((f) => f.set('claims.yaml', '# no claims yet\n')));
    expect(b.claims).toEqual([]);
  });

  it('name a missing field that takes one of a list of values as missing, with the values', () => {
    const [d, ...rest] = diagnosticsOf((f) => replaceIn(f, 'takeaways.yaml', '  stance: cautious\n', ''));
    expect(rest).toEqual([]);
    expect(d!.code).toBe(MESSAGES.missingField.code);
    expect(d!.message).toBe('missing required field "stance" (expected one of "positive", "cautious", "negative", "neutral")');
  });
});

describe('the prose scanner knows every currency', () => {
  const WIRE = new Set(['s-wire']);
  it('finds amounts in any ISO code or currency sign that cite no source', () => {
    for (const text of ['Novo booked DKK 290.4 billion last year.', 'Sales reached 290.4B DKK.', 'Roche made CHF 60.5B.', 'A €12M grant.', 'A £3.1B deal.', 'Tencent is worth RMB 5T.', 'Takeda booked 4.58 trillion yen.', 'A share costs 850 yen.', 'It raised 3 billion won.']) {
      expect(unsourcedFigures(text, WIRE), text).toHaveLength(1);
    }
    expect(unsourcedFigures('Novo booked DKK 290.4 billion [@s-wire].', WIRE)).toEqual([]);
    expect(unsourcedFigures('Novo booked DKK 290.4 billion [@s-elsewhere].', WIRE)).toHaveLength(1);
  });

  it('reads codes only in capitals, so ordinary words before a number are not money', () => {
    expect(unsourcedFigures('All 5 companies listed in 2026.', WIRE)).toEqual([]);
    expect(unsourcedFigures('In 2024 won a tender; prices are in 2025 dollars; the stage lifts 500 pounds.', WIRE)).toEqual([]);
  });
});
