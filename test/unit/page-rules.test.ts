/** Which documents a batch prints with no other page opening beside them (src/pdf/print-draft.ts). */
import { describe, expect, it } from 'vitest';
import { pageRulesHoldRightToLeft } from '../../src/pdf/print-draft.ts';

const doc = (css: string, body = ''): string => `<!doctype html><html><head><style>${css}</style></head><body>${body}</body></html>`;

describe('pageRulesHoldRightToLeft', () => {
  it("finds right-to-left text in an @page rule's margin boxes", () => {
    expect(pageRulesHoldRightToLeft(doc('@page { size: A4; @top-left { content: "Bank margins — هوامش البنوك"; } }'))).toBe(true);
    expect(pageRulesHoldRightToLeft(doc('@page :first { @bottom-right { content: "עמוד"; } }'))).toBe(true);
    expect(pageRulesHoldRightToLeft(doc('@page { @top-left { content: "Title \u200F"; } }'))).toBe(true);
  });

  it('leaves documents whose @page rules are left to right alone, whatever their body holds', () => {
    expect(pageRulesHoldRightToLeft(doc('@page { @top-left { content: "Bank margins"; } } p { color: red }', '<p dir="rtl">هوامش البنوك</p>'))).toBe(false);
    expect(pageRulesHoldRightToLeft(doc('@page { margin: 20mm } .x::after { content: "هوامش" }'))).toBe(false);
    expect(pageRulesHoldRightToLeft(doc('', '<p>@page { content: "هوامش" }</p>'))).toBe(false);
    expect(pageRulesHoldRightToLeft(doc('@page'))).toBe(false);
  });
});
