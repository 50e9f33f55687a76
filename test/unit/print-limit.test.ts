/** src/pdf/print-draft.ts `printLimit`: the print's time limit grows with the document, never below --timeout. */
import { describe, expect, it } from 'vitest';
import { LIMIT_BYTES, printLimit } from '../../src/pdf/print-draft.ts';

describe('printLimit', () => {
  it('is --timeout for a document of up to 1 MiB of HTML', () => {
    expect(LIMIT_BYTES).toBe(1024 * 1024);
    expect(printLimit(60_000, 0)).toBe(60_000);
    expect(printLimit(60_000, 444_013)).toBe(60_000);
    expect(printLimit(60_000, LIMIT_BYTES)).toBe(60_000);
  });

  it('grows in proportion beyond it: a 1,000-company briefing (7 MiB) gets seven times as long', () => {
    expect(printLimit(60_000, 2 * LIMIT_BYTES)).toBe(120_000);
    expect(printLimit(60_000, 6_956_589)).toBe(398_059);
    expect(printLimit(1_000, 7 * LIMIT_BYTES)).toBe(7_000);
  });
});
