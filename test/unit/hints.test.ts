/**
 * Hints agree with their messages (#26): the editor read "the figure has no sources: add sources: [source-id]"
 * followed by advice to cite the source in the paragraph, which is for figures typed in prose. Checked over the
 * whole catalogue where a rule can be stated, and on the messages a claim check shares with metrics.
 */
import { describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/content/load.ts';
import { CATALOGUE, type Diagnostic, type ErrorKind } from '../../src/errors.ts';
import { MESSAGES, msg, type MessageName } from '../../src/messages.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import { catchBriefingError, replaceIn, sample } from './helpers.ts';

/** Every record said with its example arguments: name, message text and hint. */
const said = Object.entries(MESSAGES).map(([name, r]) => ({ name, text: (r.message as (...a: readonly unknown[]) => string)(...r.example), hint: r.hint }));

/** The fields a message tells the reader to add or set (`add sources: [source-id]`, `or set convert:`). */
const fieldsToWrite = (text: string): string[] => [...text.matchAll(/\b(?:add|set)(?: the [a-z]+ to)? ([a-zA-Z]+):/g)].map((m) => m[1]!);

/**
 * Records a claim's check reports as well as a metric (src/metrics/declared.ts: the resolver both share). Their
 * hints must not send the writer to change "the metric" only, nor a field only metrics have as if all had it.
 */
const SHARED_WITH_CLAIMS: readonly MessageName[] = ['noFigureOf', 'noFigureInGroup', 'foundNoFigure', 'lookupNeedsOwner', 'givesList', 'unitMismatch', 'inputOwners', 'noCompanyMatches', 'notFigureNorAmount', 'inputUnknownMetric', 'inputUnknownQuantity', 'badFormula', 'namesNotInputs'];

describe('hints over the catalogue', () => {
  it('give a category’s general advice only to the record that bears the category’s code; every other record says its own', () => {
    // The editor's case: BR128 (a figure entry without sources:) said with the advice of BR108 (a figure in prose).
    for (const [name, r] of Object.entries(MESSAGES)) {
      for (const [kind, entry] of Object.entries(CATALOGUE) as [ErrorKind, (typeof CATALOGUE)[ErrorKind]][]) {
        if (entry.hint === r.hint) expect([kind, r.code], name).toEqual([r.kind, entry.code]);
      }
    }
  });

  it('name the field their message tells the reader to add or set', () => {
    const checked = [...said, { name: 'figureWithoutSources', text: msg.figureWithoutSources().text, hint: msg.figureWithoutSources().hint }];
    const withFields = checked.filter((s) => fieldsToWrite(s.text).length > 0);
    expect(withFields.map((s) => s.name)).toEqual(expect.arrayContaining(['figureWithoutSources', 'noRate', 'chartNoRate', 'bareNumberNoUnit']));
    for (const s of withFields) for (const field of fieldsToWrite(s.text)) expect(s.hint, `${s.name}: "${s.text}"`).toContain(`${field}:`);
  });

  it('of the messages a claim check shares with metrics speak to both', () => {
    for (const name of SHARED_WITH_CLAIMS) {
      const hint = MESSAGES[name].hint;
      // "the metric" of the message's own metric; a metric an input names is declared in metrics.yaml.
      expect(hint, name).not.toMatch(/\bthe metric\b(?! in metrics\.yaml)/);
      if (/\bunit:/.test(hint) || /\beach:/.test(hint)) expect(hint, `${name}: a metric's field, said as one`).toMatch(/\ba metric/);
    }
    // A claim's stated value takes no unit: (a bare number is a ratio), and the value rule's hint says so.
    expect(MESSAGES.figureValueRule.hint).toMatch(/a figure's bare number needs unit:.*claim/);
  });
});

describe('hints as the writer reads them', () => {
  const errorsOf = (mutate: (f: Map<string, string>) => void): readonly Diagnostic[] =>
    catchBriefingError(() => {
      const b = parseBriefing(sample(mutate));
      computeMetrics(b);
    }).diagnostics;

  it('a YAML figure without sources: the hint gives sources:, and says nothing of citing in a paragraph', () => {
    const [d] = errorsOf((f) => replaceIn(f, 'companies/spacex.yaml', '    sources: [s-gogoai]\n', ''));
    expect(d).toMatchObject({ code: MESSAGES.figureSourcesRule.code, message: 'the figure has no sources: add sources: [source-id]', path: 'figures[0].sources' });
    expect(d!.hint).toContain('sources: [source-id]');
    expect(d!.hint).not.toMatch(/paragraph|\[@/);
  });

  it('a claim whose input finds no figure: the hint does not send the writer to a metric', () => {
    const [d] = errorsOf((f) => replaceIn(f, 'claims.yaml', 'inputs: {valuation: spacex-valuation-ai-empire, revenue: spacex-revenue-fy2025}', 'inputs: {valuation: spacex-valuation-ai-empire, revenue: {company: spacex, quantity: revenue, period: FY2019}}'));
    expect(d).toMatchObject({ code: MESSAGES.noFigureOf.code });
    expect(d!.message).toMatch(/^claim "claim-spacex-price-to-sales": input revenue: no figure of SpaceX for revenue FY2019/);
    expect(d!.hint).not.toMatch(/metric/);
  });
});
