/**
 * The "Draft" mark of a draft PDF (`build --draft`, the preview's `/pdf`): the word in a small filled label at
 * the top right of every page, above the running header, drawn after printing with pdf-lib as a pagination
 * artifact, so that the structure tree (tagged PDF, PDF/UA) does not see it:
 *
 * ```
 * /Artifact <</Type /Pagination /Subtype /Watermark>> BDC
 *   q … m l l l h f Q                  the label
 *   q BT /F 8 Tf … Tj ET Q              the word, in white
 * EMC
 * ```
 * The word is set in the project's Noto Sans Bold, subset to its letters (about 3 KB, src/fonts.ts) and
 * embedded once per document as a CID TrueType font with a ToUnicode map, as Chromium embeds its own fonts: a
 * standard PDF font would not be embedded, which PDF/A forbids. Text extraction finds the word once a page, on
 * a line of its own (it sits above the running header); the page's own text is unchanged. A build without the
 * mark never reaches this module, so its bytes are those of a build before the mark existed.
 */
import { PDFName, PDFOperator, PDFOperatorNames, rgb, type PDFDocument } from 'pdf-lib';

/** The word the mark says. */
export const DRAFT_WORD = 'Draft';

/** The weight of the main face the word is set in (bold). */
export const DRAFT_FONT_WEIGHT = 700;

/**
 * The embedded font's name: a subset tag (six capitals and `+`, as PDF requires of a subset) and the face's
 * PostScript name. Fixed, so that two draft builds of one input print the same bytes.
 */
const FONT_NAME = 'BRDRFT+NotoSans-Bold';

/** Size of the word, padding around it and the label's distance from the page's top and right edges, in points. */
const SIZE = 8;
const PAD_X = 4;
const PAD_Y = 2.5;
const FROM_TOP = 10;
const FROM_RIGHT = 36;
/** The label's colour: the default template's warning red; the word is white on it. */
const LABEL = rgb(0.722, 0.251, 0.227);
const WORD = rgb(1, 1, 1);

/** An operand of a content-stream operator, as pdf-lib types it (it does not export the type). */
type OperatorArg = Parameters<typeof PDFOperator.of>[1] extends readonly (infer A)[] | undefined ? A : never;

/** The type pdf-lib's `registerFontkit` takes (the `fontkit` package, which pdf-lib reads through). */
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/**
 * Draw the mark on every page of `doc`, each in its own marked-content sequence tagged as a watermark artifact.
 * @param font TrueType data of the face the word is set in, holding at least the word's letters
 *   (`FontSet.mainFaceSubset(DRAFT_FONT_WEIGHT, DRAFT_WORD)`).
 */
export async function markDraft(doc: PDFDocument, font: Uint8Array): Promise<void> {
  const fontkit = await import('fontkit');
  doc.registerFontkit(fontkit as unknown as Fontkit);
  const face = await doc.embedFont(font, { subset: false, customName: FONT_NAME });
  // An inline property list: pdf-lib's operand type leaves dictionaries out, but writes them as any object.
  const artifact = doc.context.obj({ Type: 'Pagination', Subtype: 'Watermark' }) as unknown as OperatorArg;
  const textWidth = face.widthOfTextAtSize(DRAFT_WORD, SIZE);
  const ascent = face.heightAtSize(SIZE, { descender: false });
  const descent = face.heightAtSize(SIZE) - ascent;
  const width = textWidth + 2 * PAD_X;
  const height = face.heightAtSize(SIZE) + 2 * PAD_Y;
  for (const page of doc.getPages()) {
    const { width: pageWidth, height: pageHeight } = page.getSize();
    const x = pageWidth - FROM_RIGHT - width;
    const y = pageHeight - FROM_TOP - height;
    page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Artifact'), artifact]));
    page.drawRectangle({ x, y, width, height, color: LABEL });
    page.drawText(DRAFT_WORD, { x: x + PAD_X, y: y + PAD_Y + descent, size: SIZE, font: face, color: WORD });
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  }
}
