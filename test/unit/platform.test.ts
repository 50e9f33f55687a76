/**
 * The small shared modules and the code that now leans on the platform or a library: escaping (src/text.ts),
 * `unique` (src/lists.ts), deadlines over `AbortSignal` (src/abort.ts), package versions through
 * `module.findPackageJSON` and its Node 22.13 fallback (src/version.ts), dates through `Intl.DateTimeFormat`
 * (src/format.ts), and the words of formula lines (src/metrics/formula-text.ts).
 */
import { readFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { raceAbort, withDeadline } from '../../src/abort.ts';
import { createFormatter, formatDate } from '../../src/format.ts';
import { unique } from '../../src/lists.ts';
import { formulaLine, scenarioLine, unitWords } from '../../src/metrics/formula-text.ts';
import { escapeHtml } from '../../src/text.ts';
import { packageVersion } from '../../src/version.ts';
import { ROOT } from '../helpers/cli.ts';

describe('escapeHtml', () => {
  it('escapes & < > and " and keeps the rest', () => {
    expect(escapeHtml(`a < b & "c" > 'd'`)).toBe(`a &lt; b &amp; &quot;c&quot; &gt; 'd'`);
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('unique', () => {
  it('keeps the first of each item, in order', () => {
    expect(unique(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
    expect(unique(new Set([1, 2]))).toEqual([1, 2]);
  });
});

describe('withDeadline and raceAbort', () => {
  const never = new Promise<never>(() => undefined);
  it('gives the work when it ends in time, and its rejection', async () => {
    expect(await withDeadline(Promise.resolve(7), 1000, () => new Error('late'))).toBe(7);
    await expect(withDeadline(Promise.reject(new Error('own')), 1000, () => new Error('late'))).rejects.toThrow('own');
  });
  it('rejects with onLate’s error at the deadline, once', async () => {
    let calls = 0;
    const late = new Error('late');
    await expect(withDeadline(never, 10, () => (calls++, late))).rejects.toBe(late);
    expect(calls).toBe(1);
  });
  it('has no limit without ms', async () => {
    expect(await withDeadline(Promise.resolve('x'), undefined, () => new Error('late'))).toBe('x');
  });
  it('rejects with the reason of a signal that aborts, or has aborted', async () => {
    const stop = new AbortController();
    const racing = raceAbort(never, stop.signal);
    stop.abort(new Error('stopped'));
    await expect(racing).rejects.toThrow('stopped');
    expect(() => raceAbort(never, stop.signal)).toThrow('stopped');
  });
});

describe('packageVersion', () => {
  const installed = (name: string): string => (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

  it('reads the installed version, and "?" for a package that is not installed', () => {
    expect(packageVersion('vega')).toBe(installed('vega'));
    expect(packageVersion('@napi-rs/canvas')).toBe(installed('@napi-rs/canvas'));
    expect(packageVersion('no-such-package-here')).toBe('?');
  });

  it('finds the same without module.findPackageJSON (Node 22.13)', () => {
    const holder = module as unknown as { findPackageJSON?: unknown };
    const saved = holder.findPackageJSON;
    holder.findPackageJSON = undefined;
    try {
      expect(packageVersion('vega-lite')).toBe(installed('vega-lite'));
      expect(packageVersion('harfbuzzjs')).toBe(installed('harfbuzzjs'));
      expect(packageVersion('no-such-package-here')).toBe('?');
    } finally {
      holder.findPackageJSON = saved;
    }
  });
});

describe('dates through Intl.DateTimeFormat', () => {
  it('prints day month year in every English locale, and the locale’s long form elsewhere', () => {
    expect(createFormatter('en-US').date('2026-06-01')).toBe('1 June 2026');
    expect(createFormatter('en-GB').date('2026-06-01')).toBe(formatDate('2026-06-01'));
    expect(createFormatter('de').date('2026-06-01')).toBe('1. Juni 2026');
    expect(() => createFormatter('de').date('2026-02-30')).toThrow(RangeError);
  });
});

describe('formula lines', () => {
  it('names each input, then each rate; a lone input reads as itself', () => {
    const inputs = [
      { name: 'valuation', text: 'X valuation ($1.75T)' },
      { name: 'revenue', text: 'X revenue ($18.7B)' },
    ];
    expect(formulaLine('valuation ÷ revenue', false, inputs, ['1 DKK = 0.145 USD (rate)'])).toBe(
      'valuation ÷ revenue; where valuation = X valuation ($1.75T); revenue = X revenue ($18.7B); at 1 DKK = 0.145 USD (rate)',
    );
    expect(formulaLine('valuation', true, inputs.slice(0, 1), [])).toBe('X valuation ($1.75T)');
    expect(scenarioLine('valuation × shock; where valuation = v', 'shock', '25%')).toBe('valuation × shock 25%; where valuation = v');
    expect([unitWords('percent'), unitWords('ratio'), unitWords('USD'), unitWords('count'), unitWords('GW')]).toEqual(['a percentage', 'a ratio', 'money (USD)', 'a count', 'GW']);
  });
});
