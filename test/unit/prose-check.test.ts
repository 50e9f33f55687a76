/**
 * Stale numbers (issue 24, src/metrics/prose-check.ts): amounts typed in prose must match a figure of the
 * sources their sentence cites, or a metric computed from them, within the precision they are written to.
 * Pure matching first, then the inline fixture parsed in memory by the real loader.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Unit } from '../../src/content/amount.ts';
import { parseBriefing } from '../../src/content/load.ts';
import { readContentFiles } from '../../src/content/read.ts';
import { MESSAGES } from '../../src/messages.ts';
import { computeMetrics } from '../../src/metrics/compute.ts';
import { fxTable } from '../../src/metrics/fx.ts';
import { checkProseNumbers, matches, TOLERANCE, typedAmounts, type Candidate } from '../../src/metrics/prose-check.ts';

const FX = fxTable([{ from: 'CNY', to: 'USD', rate: 0.14 } as Parameters<typeof fxTable>[0][number]]);

/** A candidate of `unit` from `low` to `high` (a point when `high` is left out). */
const fig = (unit: Unit, low: number, high = low): Candidate => ({ label: 'f', amount: { unit, low, high }, sources: ['s'] });

/** The one amount typed in `text`. */
function typed(text: string): ReturnType<typeof typedAmounts>[number] {
  const found = typedAmounts(text);
  expect(found, text).toHaveLength(1);
  return found[0]!;
}

/** Whether the amount typed in `text` states `c`. */
const states = (text: string, c: Candidate): boolean => matches(typed(text), c, FX);

describe('typed amounts', () => {
  it('are found with their scale, unit, range and qualifier; inline values and years are not', () => {
    expect(typedAmounts('revenue rose 32% in 2024 to $45.0 billion [@r] and {figure:x} of 2,600 IPOs').map((t) => t.written)).toEqual(['32%', '$45.0 billion']);
    expect(typed('valued at $1.75–2 trillion').amount).toMatchObject({ unit: 'USD', low: 1.75e12, high: 2e12 });
    expect(typed('the usual 15–25% of shares')).toMatchObject({ written: '15–25%', range: true, amount: { unit: 'percent', low: 0.15, high: 0.25 } });
    expect(typed('$1.75 trillion–$2 trillion').amount).toMatchObject({ low: 1.75e12, high: 2e12 });
    expect(typed('about 94 times sales')).toMatchObject({ qualifier: 'about', amount: { unit: 'multiple', low: 94 } });
    expect(typed('nearly RMB 5 trillion')).toMatchObject({ qualifier: 'nearly', amount: { unit: 'CNY', low: 5e12 } });
    expect(typed('$1.2 trillion or more')).toMatchObject({ qualifier: 'at-least' });
    expect(typed('a loss of $1.22 per dollar').amount.unit).toBe('ratio');
    expect(typed('worth 45 percent.').amount).toMatchObject({ unit: 'percent', low: 0.45 });
  });

  it("are read with a currency's name after them, and in every currency a name or sign may stand for", () => {
    expect(typed('revenue of 4.58 trillion yen [@s]')).toMatchObject({ written: '4.58 trillion yen', amount: { unit: 'JPY', low: 4.58e12 } });
    expect(typed('worth 61.5 billion Swiss francs')).toMatchObject({ amount: { unit: 'CHF', low: 61.5e9 } });
    expect(typed('priced at 850 yen a share').amount).toMatchObject({ unit: 'JPY', low: 850 });
    expect(typed('between 4.5 trillion–4.9 trillion yen')).toMatchObject({ range: true, amount: { unit: 'JPY', low: 4.5e12, high: 4.9e12 } });
    expect(typed('5 billion dollars').currencies).toEqual(['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD', 'TWD']);
    expect(typed('sales of ¥4.9tn')).toMatchObject({ currencies: ['CNY', 'JPY'], amount: { low: 4.9e12 } });
    // The signs that name one currency are read as it: CN¥, NT$, MX$.
    expect(typed('sales of CN¥4.9tn')).toMatchObject({ amount: { unit: 'CNY', low: 4.9e12 } });
    expect(typed('sales of CN¥4.9tn').currencies).toBeUndefined();
    expect(typed('TSMC earned NT$1.2 trillion').amount).toMatchObject({ unit: 'TWD', low: 1.2e12 });
    expect(typed('MX$50 billion').amount.unit).toBe('MXN');
    expect(typed('at 7.1 yuan to the dollar').amount).toMatchObject({ unit: 'ratio', low: 7.1 });
    expect(typed('between 4.9 trillion yen–5 trillion yen')).toMatchObject({ range: true, amount: { unit: 'JPY', low: 4.9e12, high: 5e12 } });
    // Money that merely goes to, or stands against, a currency stays money.
    expect(typed('$50 billion against the euro').amount.unit).toBe('USD');
    expect(typed('$50 billion to the dollar bloc').amount.unit).toBe('USD');
    // A name that is also a word, or a unit of weight, is money only after a scale; a year before a name is not money.
    expect(typedAmounts('in 2025 dollars, 2024 won the vote, 500 pounds of thrust, 5 million pounds of freight, a 10 billion real-terms cut').map((t) => t.written)).toEqual([]);
    expect(typed('3 billion won').amount).toMatchObject({ unit: 'KRW', low: 3e9 });
  });
});

describe('matching', () => {
  it('holds within the precision the amount is written to', () => {
    expect(states('$45.0 billion', fig('USD', 45.04e9))).toBe(true);
    expect(states('$45.0 billion', fig('USD', 45.06e9))).toBe(false);
    expect(states('$45 billion', fig('USD', 45.4e9))).toBe(true);
    expect(states('45%', fig('percent', 0.454))).toBe(true);
    expect(states('45%', fig('percent', 0.456))).toBe(false);
    expect(states('45.0%', fig('percent', 0.4506))).toBe(false);
  });

  it('widens by the tolerance for about, on one side for nearly and more than', () => {
    expect(TOLERANCE).toBe(0.1);
    expect(states('about $70 billion', fig('USD', 76e9))).toBe(true);
    expect(states('about $70 billion', fig('USD', 78e9))).toBe(false);
    expect(states('~$70 billion', fig('USD', 64e9))).toBe(true);
    expect(states('nearly $1.0 trillion', fig('USD', 0.92e12))).toBe(true);
    expect(states('nearly $1.0 trillion', fig('USD', 1.08e12))).toBe(false);
    expect(states('more than $2.5 billion', fig('USD', 2.7e9))).toBe(true);
    expect(states('more than $2.5 billion', fig('USD', 2.3e9))).toBe(false);
    // A bound is a near one: "more than $2.5 billion" does not state a trillion.
    expect(states('more than $2.5 billion', fig('USD', 1e12))).toBe(false);
  });

  it('matches a typed range with a range figure end by end, not with a point', () => {
    expect(states('$1.75–2 trillion', fig('USD', 1.75e12, 2e12))).toBe(true);
    expect(states('$1.75–2 trillion', fig('USD', 1.75e12, 2.6e12))).toBe(false);
    expect(states('$1.75–2 trillion', fig('USD', 1.77e12))).toBe(false);
    expect(states('$1.77 trillion', fig('USD', 1.75e12, 2e12))).toBe(false);
  });

  it('converts scale words and currencies through the stated rates, and needs a rate', () => {
    expect(states('$700 billion', fig('USD', 0.7e12))).toBe(true);
    expect(states('$0.7T', fig('USD', 700e9))).toBe(true);
    expect(states('$700M', fig('USD', 700e9))).toBe(false);
    // RMB 5 trillion at 0.14 is $700 billion.
    expect(states('RMB 5 trillion', fig('USD', 700e9))).toBe(true);
    expect(states('$700 billion', fig('CNY', 5e12))).toBe(true);
    expect(states('€700 billion', fig('USD', 700e9))).toBe(false);
    expect(states('94 times', fig('multiple', 94.3))).toBe(true);
    expect(states('94x', fig('ratio', 94.3))).toBe(true);
    expect(states('94%', fig('multiple', 0.94))).toBe(false);
  });

  it('matches an amount whose name or sign stands for several currencies in any of them', () => {
    expect(states('¥4.58tn', fig('JPY', 4.58e12))).toBe(true);
    expect(states('¥4.58tn', fig('CNY', 4.58e12))).toBe(true);
    expect(states('¥4.9tn', fig('JPY', 4.58e12))).toBe(false);
    expect(states('5 billion dollars', fig('HKD', 5e9))).toBe(true);
    expect(states('5 billion US dollars', fig('HKD', 5e9))).toBe(false);
    expect(states('4.58 trillion yen', fig('CNY', 4.58e12))).toBe(false);
  });

  it('reads power and energy, and compares them across prefixes of one kind', () => {
    expect(typed('commitments covering 10 GW of compute').amount).toMatchObject({ unit: 'GW', low: 10 });
    expect(typed('a 1.2–1.5 GW campus')).toMatchObject({ range: true, amount: { unit: 'GW', low: 1.2, high: 1.5 } });
    expect(typedAmounts('the Model 3 W series')).toEqual([]);
    expect(states('10 GW', fig('MW', 10_000))).toBe(true);
    expect(states('10 GW', fig('MW', 12_000))).toBe(false);
    expect(states('2.5 TWh', fig('GWh', 2_500))).toBe(true);
    expect(states('10 GW', fig('GWh', 10))).toBe(false);
  });

  it('does not judge the sign the words give', () => {
    expect(states('sales fell 26%', fig('percent', -0.26))).toBe(true);
  });
});

describe('checkProseNumbers on the inline fixture', () => {
  const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'inline');

  /** The fixture with `sentence` added to its summary (and printing in `locale`, when given), checked. */
  async function check(sentence: string, locale?: string): Promise<ReturnType<typeof checkProseNumbers>> {
    const read = await readContentFiles(FIXTURE);
    const files = new Map(read.files);
    files.set('sections/summary.md', `${files.get('sections/summary.md')!}\n${sentence}\n`);
    if (locale !== undefined) files.set('briefing.yaml', files.get('briefing.yaml')!.replace(/^locale: .*$/m, `locale: ${locale}`));
    const content = { ...read, files };
    const b = parseBriefing(content);
    return checkProseNumbers(b, computeMetrics(b), content);
  }

  it('is clean as the fixture stands', async () => {
    expect(await check('')).toEqual([]);
  });

  it('accepts a figure of a cited source and a metric computed from them, and warns at the amount otherwise', async () => {
    // $50B is s-wire's; $109B the incumbents-revenue metric, whose inputs include s-wire's figures.
    expect(await check('Lilly booked $50 billion, and the incumbents about $109 billion [@s-wire].')).toEqual([]);
    const [w, ...rest] = await check('Lilly booked $52 billion [@s-wire].');
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ code: MESSAGES.staleProseFigure.code, file: path.join(FIXTURE, 'sections', 'summary.md'), line: 25, column: 14 });
    expect(w!.message).toContain('"$52 billion" matches no figure of s-wire');
    expect(w!.message).toContain('lilly-revenue-2024 ($50B)');
    expect(w!.message).toContain('write {figure:lilly-revenue-2024}');
  });

  it('reads amounts as the locale prints them, and places a warning at the amount as written', async () => {
    // The draft prints s-wire's $50B as "50 Mrd. $" in German; a sentence end after "Mrd." is no sentence end.
    expect(await check('Lilly booked 50 Mrd. $ [@s-wire].', 'de')).toEqual([]);
    const [w, ...rest] = await check('Lilly booked 52,5 Mrd. $ [@s-wire].', 'de');
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ line: 25, column: 14, excerpt: '52,5 Mrd. $' });
    expect(w!.message).toContain('"52,5 Mrd. $" matches no figure of s-wire');
  });

  it('finds the citation of a sentence however long the run of markers after it', async () => {
    const markers = Array.from({ length: 6 }, () => '[@s-wire]').join('');
    expect((await check(`Lilly booked $52 billion.${markers}`)).map((d) => d.code)).toEqual([MESSAGES.staleProseFigure.code]);
  });

  it('reads the sources of the sentence, else of the paragraph, and leaves uncited prose to the citation rule', async () => {
    // $700B is s-ledger's, not s-wire's.
    expect(await check('Lilly is worth $700 billion [@s-ledger]. Sales grew [@s-wire].')).toEqual([]);
    expect((await check('Lilly is worth $700 billion [@s-wire]. Sales grew [@s-ledger].')).map((d) => d.code)).toEqual([MESSAGES.staleProseFigure.code]);
    expect(await check('Lilly is worth $700 billion. Sales grew [@s-ledger].')).toEqual([]);
  });
});
