/**
 * Amounts typed as the briefing's locale prints them are read as the prose check reads English ones
 * (src/metrics/local-numbers.ts), and placed back in the text as written.
 */
import { describe, expect, it } from 'vitest';
import { localNumbers } from '../../src/metrics/local-numbers.ts';
import { typedAmounts } from '../../src/metrics/prose-check.ts';
import { createFormatter } from '../../src/format.ts';

/** The amounts typed in `text` as `locale` reads them: what was written, and the value. */
function read(text: string, locale: string): [string, string, number, number][] {
  const local = localNumbers(text, locale);
  return typedAmounts(local.text).map((t) => [text.slice(local.at(t.index), local.at(t.index + t.written.length)), t.amount.unit, t.amount.low, t.amount.high]);
}

describe('an amount the draft prints, typed back into prose', () => {
  it('reads as the amount, in every currency and each locale tried', () => {
    // English locales are left as written: the franc zones' signs (FCFA, F CFA, CFPF) and Cg. are not read there.
    const unread = new Set(['en XAF', 'en XCG', 'en XOF', 'en XPF', 'en-GB XAF', 'en-GB XCG', 'en-GB XOF', 'en-GB XPF']);
    const wrong: string[] = [];
    for (const locale of ['en', 'en-GB', 'de', 'de-CH', 'fr', 'es', 'sv', 'da', 'ja']) {
      const fmt = createFormatter(locale);
      for (const code of Intl.supportedValuesOf('currency')) {
        const shown = fmt.money(1.2e12, code);
        const [t, ...rest] = read(`It made ${shown} [@s].`, locale);
        const ok = t !== undefined && rest.length === 0 && t[0] === shown && (t[1] === code || (/[¥￥]/.test(shown) && ['CNY', 'JPY'].includes(code))) && t[2] === 1.2e12;
        if (ok === unread.has(`${locale} ${code}`)) wrong.push(`${locale} ${code} ${shown} → ${JSON.stringify(t)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('localNumbers', () => {
  it("reads the locale's short scales and separators, and gives back the text as written", () => {
    expect(read('Roche booked CHF 63 Mrd. in 2025, with 1’234 staff.', 'de-CH')).toEqual([['CHF 63 Mrd.', 'CHF', 63e9, 63e9]]);
    expect(read('Umsatz 1,5 Mrd. € und 1.234,5 Mio. €; 12,5 %', 'de')).toEqual([
      ['1,5 Mrd. €', 'EUR', 1.5e9, 1.5e9],
      ['1.234,5 Mio. €', 'EUR', 1234.5e6, 1234.5e6],
      ['12,5 %', 'percent', 0.125, 0.125],
    ]);
    // A locale's scale wins over the English one of the same spelling: French Bn and Swedish bn are trillions.
    expect(read('valued at 1,5 Bn € or $1.5bn', 'fr')).toEqual([['1,5 Bn €', 'EUR', 1.5e12, 1.5e12], ['$1.5bn', 'USD', 1.5e9, 1.5e9]]);
    expect(read('värde SEK 1,5 bn', 'sv')).toEqual([['SEK 1,5 bn', 'SEK', 1.5e12, 1.5e12]]);
  });

  it("reads the currency signs the locale prints, beside a number, as their codes", () => {
    expect(read('1,2 Bn $AU et 3 Md $CA [@s]', 'fr')).toEqual([['1,2 Bn $AU', 'AUD', 1.2e12, 1.2e12], ['3 Md $CA', 'CAD', 3e9, 3e9]]);
    expect(read('元 1.2兆', 'ja')).toEqual([['元 1.2兆', 'CNY', 1.2e12, 1.2e12]]);
    expect(read('1,2 Bio. ฿', 'de')).toEqual([['1,2 Bio. ฿', 'THB', 1.2e12, 1.2e12]]);
  });

  it('leaves English numbers in such a locale as English prose writes them', () => {
    expect(read('$45.0 billion and USD 1,500 across 2,600 IPOs', 'de')).toEqual([['$45.0 billion', 'USD', 45e9, 45e9], ['USD 1,500', 'USD', 1500, 1500]]);
    // A scale English spells too is the locale's only after a number in the locale's decimal form.
    expect(read('$50B and $50 B, against 1,5 B €', 'es')).toEqual([['$50B', 'USD', 50e9, 50e9], ['$50 B', 'USD', 50e9, 50e9], ['1,5 B €', 'EUR', 1.5e12, 1.5e12]]);
    expect(read('$0.05tn', 'sv')).toEqual([['$0.05tn', 'USD', 0.05e12, 0.05e12]]);
    // French Bn is no English scale (English writes bn or B): a trillion after any number.
    expect(read('$1.5bn or 50 Bn €', 'fr')).toEqual([['$1.5bn', 'USD', 1.5e9, 1.5e9], ['50 Bn €', 'EUR', 50e12, 50e12]]);
  });

  it('changes nothing in an English locale', () => {
    const text = 'It raised £1.5bn, $2.5B and 1,234.5 million euros.';
    for (const locale of ['en', 'en-GB', 'en-US']) expect(localNumbers(text, locale).text).toBe(text);
  });
});
