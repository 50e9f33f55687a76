/**
 * The standards pass as one (src/pdf/standards/index.ts): nothing runs without a standard, and a page whose
 * content cannot be marked refuses the claim (BR419) instead of printing a PDF that claims what it does not meet.
 */
import { PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { BriefingError } from '../../src/errors.ts';
import { msg } from '../../src/messages.ts';
import { applyStandards, finishStandards } from '../../src/pdf/standards/index.ts';

const INPUT = { linkLabels: new Map<string, string>() };

/** A one-page PDF whose page content is `content`, uncompressed. */
async function pdfWith(content: string): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([200, 200]);
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(content)));
  return doc;
}

describe('applyStandards', () => {
  it('does nothing when no standard is asked for', async () => {
    const doc = await pdfWith('q 0 0 10 10 re f');
    const before = await doc.save({ useObjectStreams: false });
    applyStandards(doc, [], INPUT);
    const after = await doc.save({ useObjectStreams: false });
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
    expect(finishStandards(after, [])).toBe(after);
  });

  it('refuses the claim when a page cannot be marked (BR419)', async () => {
    const doc = await pdfWith('q 0 0 10 10 re f');
    let error: unknown;
    try {
      applyStandards(doc, ['ua-1', 'a-2b'], INPUT);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BriefingError);
    const d = (error as BriefingError).diagnostics[0]!;
    expect(d.code).toBe(msg.standardsUnmet('', 1, '').code);
    expect(d.message).toContain('PDF/UA-1');
    expect(d.message).toContain('page 1');
  });

  it('marks a well-formed page and stamps the document id', async () => {
    const doc = await pdfWith('q 0 0 10 10 re f Q');
    doc.setTitle('T');
    applyStandards(doc, ['ua-1'], INPUT);
    const bytes = finishStandards(await doc.save({ useObjectStreams: false }), ['ua-1']);
    const text = Buffer.from(bytes).toString('latin1');
    expect(text).toMatch(/\/ID \[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]/i);
    expect(text).not.toMatch(/\/ID \[ <0{32}>/);
  });
});
