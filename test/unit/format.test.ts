import { describe, it, expect } from 'vitest';
import { createFormatter, formatAmount, formatDate, formatMoney, formatMultiple, formatPercent, formatValue } from '../../src/format.ts';

const MINUS = '\u2212';
const EN_DASH = '\u2013';

describe('formatMoney', () => {
  it('prints short-scale USD with three significant digits', () => {
    expect(formatMoney(1.77e12)).toBe('$1.77T');
    expect(formatMoney(75e9)).toBe('$75B');
    expect(formatMoney(570e6)).toBe('$570M');
    expect(formatMoney(135)).toBe('$135');
    expect(formatMoney(5e12)).toBe('$5T');
    expect(formatMoney(18.7e9)).toBe('$18.7B');
    expect(formatMoney(14.0601504e9)).toBe('$14.1B');
  });
  it('prints any currency with the sign or code Intl gives it in English', () => {
    expect(formatMoney(5e12, 'CNY')).toBe('CN¥5T');
    expect(formatMoney(290.4e9, 'DKK')).toBe('DKK\u00a0290B');
    expect(formatMoney(60.5e9, 'CHF')).toBe('CHF\u00a060.5B');
    expect(formatMoney(12e6, 'EUR')).toBe('€12M');
    expect(formatMoney(3.1e9, 'GBP')).toBe('£3.1B');
  });
  it('prints negative money with U+2212 before the currency sign', () => {
    expect(formatMoney(-4.9e9)).toBe(`${MINUS}$4.9B`);
    expect(formatMoney(-4.9e9)).not.toContain('-');
    expect(formatMoney(-5e12, 'CNY')).toBe(`${MINUS}CN¥5T`);
  });
  it('rolls a value that rounds up to the next scale into that scale', () => {
    // 999.6e9 rounds to 1.00 trillion at three significant digits.
    expect(formatMoney(999.6e9)).toBe('$1T');
    expect(formatMoney(999.4e9)).toBe('$999B');
    expect(formatMoney(999_999)).toBe('$1M');
  });
  it('prints small amounts with grouping or up to two decimals', () => {
    expect(formatMoney(1234)).toBe('$1,234');
    expect(formatMoney(12.345)).toBe('$12.35');
    expect(formatMoney(0)).toBe('$0');
  });
});

describe('createFormatter', () => {
  it('prints in the briefing locale through Intl.NumberFormat', () => {
    const da = createFormatter('da');
    expect(da.money(290.4e9, 'DKK')).toBe('290\u00a0mia.\u00a0kr.');
    expect(da.money(60.5e9, 'CHF')).toBe('60,5\u00a0mia.\u00a0CHF');
    expect(da.percent(0.0424)).toBe('4,24\u00a0%');
    expect(da.amount({ unit: 'EUR', low: 12e6, high: 15e6 })).toBe(`12\u00a0mio.\u00a0€${EN_DASH}15\u00a0mio.\u00a0€`);
    expect(da.money(-4.9e9, 'USD')).toBe(`${MINUS}4,9\u00a0mia.\u00a0US$`);
    const de = createFormatter('de-CH');
    expect(de.value(2600, 'count')).toBe("2'600");
  });
  it('keeps English forms in en', () => {
    const en = createFormatter('en');
    expect(en.amount({ unit: 'USD', low: 1.75e12, high: 2e12, qualifier: 'about' })).toBe(`~$1.75T${EN_DASH}$2T`);
    expect(en.value(10, 'GW')).toBe('10 GW');
  });
});

describe('formatPercent', () => {
  it('prints fractions as percentages with three significant digits', () => {
    expect(formatPercent(0.0424)).toBe('4.24%');
    expect(formatPercent(0.33)).toBe('33%');
    expect(formatPercent(0.0375)).toBe('3.75%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
  });
  it('prints negative percentages with U+2212', () => {
    expect(formatPercent(-0.262)).toBe(`${MINUS}26.2%`);
    expect(formatPercent(-0.2620320855614973)).toBe(`${MINUS}26.2%`);
  });
});

describe('formatMultiple', () => {
  it('prints multiples with ×', () => {
    expect(formatMultiple(94)).toBe('94×');
    expect(formatMultiple(93.57)).toBe('93.6×');
    expect(formatMultiple(106.95)).toBe('107×');
    expect(formatMultiple(0.5)).toBe('0.5×');
  });
});

describe('formatValue', () => {
  it('dispatches on the unit', () => {
    expect(formatValue(75e9, 'USD')).toBe('$75B');
    expect(formatValue(5e12, 'CNY')).toBe('CN¥5T');
    expect(formatValue(0.33, 'percent')).toBe('33%');
    expect(formatValue(94.65, 'multiple')).toBe('94.7×');
    expect(formatValue(1.22, 'ratio')).toBe('1.22');
    expect(formatValue(2600, 'count')).toBe('2,600');
    expect(formatValue(10, 'GW')).toBe('10 GW');
  });
});

describe('formatAmount', () => {
  it('prints a point value', () => {
    expect(formatAmount({ unit: 'USD', low: 1.77e12, high: 1.77e12 })).toBe('$1.77T');
  });
  it('prints a range with an en dash', () => {
    expect(formatAmount({ unit: 'USD', low: 1.75e12, high: 2e12 })).toBe(`$1.75T${EN_DASH}$2T`);
    expect(formatAmount({ unit: 'percent', low: 0.15, high: 0.25 })).toBe(`15%${EN_DASH}25%`);
    expect(formatAmount({ unit: 'multiple', low: 93.58, high: 106.95 })).toBe(`93.6×${EN_DASH}107×`);
  });
  it('prints qualifiers ~, > and <', () => {
    expect(formatAmount({ unit: 'USD', low: 1e12, high: 1e12, qualifier: 'about' })).toBe('~$1T');
    expect(formatAmount({ unit: 'USD', low: 2.5e9, high: 2.5e9, qualifier: 'at-least' })).toBe('>$2.5B');
    expect(formatAmount({ unit: 'percent', low: 0.03, high: 0.08, qualifier: 'at-most' })).toBe(`<3%${EN_DASH}8%`);
  });
  it('collapses a range whose ends print the same', () => {
    expect(formatAmount({ unit: 'USD', low: 1.771e12, high: 1.772e12 })).toBe('$1.77T');
  });
  it('prints counts and power', () => {
    expect(formatAmount({ unit: 'count', low: 2600, high: 2600 })).toBe('2,600');
    expect(formatAmount({ unit: 'GW', low: 10, high: 10 })).toBe('10 GW');
  });
});

describe('formatDate', () => {
  it('prints ISO dates as day month year', () => {
    expect(formatDate('2026-06-01')).toBe('1 June 2026');
    expect(formatDate('2026-01-31')).toBe('31 January 2026');
    expect(formatDate('2026-12-09')).toBe('9 December 2026');
  });
  it('throws RangeError for text that is not YYYY-MM-DD', () => {
    expect(() => formatDate('2026-6-1')).toThrow(RangeError);
    expect(() => formatDate('1 June 2026')).toThrow(RangeError);
    expect(() => formatDate('')).toThrow(RangeError);
    expect(() => formatDate('2026-06-01T00:00:00Z')).toThrow(RangeError);
    // well-formed but not on the calendar
    expect(() => formatDate('2026-13-01')).toThrow(RangeError);
    expect(() => formatDate('2026-00-05')).toThrow(RangeError);
    expect(() => formatDate('2026-02-31')).toThrow(RangeError);
    expect(formatDate('2028-02-29')).toBe('29 February 2028');
  });
});

describe('rounding at the thousands boundary', () => {
  it('groups digits whether a value reaches 1,000 before or after rounding', () => {
    expect(formatMultiple(999.7)).toBe('1,000×'); // rounds to 1000 at three significant digits
    expect(formatMultiple(1000)).toBe('1,000×');
    expect(formatPercent(9.997)).toBe('1,000%'); // 999.7%
  });
});
