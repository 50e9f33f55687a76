/**
 * Which marked-content sequences mark their content, and the self-check that counts the painting left unmarked.
 *
 * PDF/UA-1 wants every painting operator to be real content, tagged by a structure element through an `/MCID`,
 * or an artifact (ISO 14289-1 §7.1; Matterhorn 01-001 to 01-005; ISO 32000-1 §14.7.4, §14.8.2.2). A
 * marked-content sequence therefore **marks** what it holds when its tag is `/Artifact` or its property list has
 * an `/MCID`. Any other sequence is **see-through**: Chromium wraps right-to-left runs in `/ReversedChars BMC … EMC`
 * and shaped glyphs in `/Span <</ActualText …>> BDC … EMC`, with no MCID, and what they paint still needs a mark.
 *
 * ```
 * /Artifact BMC                         → marks
 * /P <</MCID 3>> BDC                    → marks
 * /Span /MC0 BDC                        → marks if /MC0 in the page's /Properties has an /MCID
 * /ReversedChars BMC                    → see-through
 * /Span <</ActualText <FEFF0626>>> BDC  → see-through
 * ```
 */
import { ContentStreamReader, dictionaryEntries, type ContentOperation } from './content-stream.ts';

/**
 * Whether the property list the page's resources name `name` (ISO 32000-1 §14.6.2: `/Properties` in the
 * resource dictionary) has an `/MCID`; false when there is no such entry.
 */
export type NamedPropertiesMark = (name: string) => boolean;

/** Text-showing operators (ISO 32000-1 Table 107). */
export const TEXT_SHOWING: ReadonlySet<string> = new Set(['Tj', 'TJ', "'", '"']);

/**
 * Painting operators: text showing (Table 107), path painting (Table 60, `n` excepted: it paints nothing),
 * XObjects (`Do`), shadings (`sh`) and inline images (`BI`, standing for `BI … ID … EI`).
 */
export const PAINTING: ReadonlySet<string> = new Set([...TEXT_SHOWING, 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'Do', 'sh', 'BI']);

/** How each operation opens marked content: 0 when it does not (not `BMC`/`BDC`), else {@link MARKS} or {@link SEE_THROUGH}. */
export const [MARKS, SEE_THROUGH] = [1, 2];

/**
 * Whether the `BMC` or `BDC` operation `op` of `bytes` opens a sequence that marks its content: its tag is
 * `/Artifact`, or its property list (a dictionary operand, or a name `named` resolves) has an `/MCID`.
 */
export function opensMarkingSequence(bytes: Uint8Array, op: ContentOperation, named: NamedPropertiesMark): boolean {
  const [tag, properties] = op.operands;
  if (tag?.kind === 'name' && tag.value === 'Artifact') return true;
  if (op.operator !== 'BDC' || !properties) return false;
  if (properties.kind === 'name') return named(properties.value);
  return properties.kind === 'dict' && dictionaryEntries(bytes, properties).has('MCID');
}

/**
 * How an operation with operator `operator` opens marked content: 0 when it does not, else {@link MARKS} or
 * {@link SEE_THROUGH}; `op` makes the operation, read only for a `BMC` or `BDC`.
 */
function sequenceKind(bytes: Uint8Array, operator: string, op: () => ContentOperation, named: NamedPropertiesMark): number {
  if (operator !== 'BDC' && operator !== 'BMC') return 0;
  return opensMarkingSequence(bytes, op(), named) ? MARKS : SEE_THROUGH;
}

/** For each operation of `ops`, how it opens marked content: 0, {@link MARKS} or {@link SEE_THROUGH}. */
export function sequenceKinds(bytes: Uint8Array, ops: readonly ContentOperation[], named: NamedPropertiesMark): Uint8Array {
  const kinds = new Uint8Array(ops.length);
  ops.forEach((op, i) => (kinds[i] = sequenceKind(bytes, op.operator, () => op, named)));
  return kinds;
}

/**
 * The self-check: how many painting operators ({@link PAINTING}) of the content `bytes` (a page's streams
 * joined, as ISO 32000-1 §7.8.2 reads them) are outside every sequence that marks, following `BMC`/`BDC`/`EMC`
 * alone as a reader does (an `EMC` closes the innermost open sequence, whatever `q`/`Q` lie between; one with
 * nothing open is ignored).
 * @throws ContentStreamError when `bytes` breaks the content-stream grammar.
 */
export function countUnmarkedPainting(bytes: Uint8Array, named: NamedPropertiesMark): number {
  // One operation at a time: only the BMC and BDC operations need objects of their own.
  const reader = new ContentStreamReader(bytes);
  const open: number[] = [];
  let marking = 0; // sequences that mark among those open
  let unmarked = 0;
  const operation = (): ContentOperation => reader.operation();
  while (reader.next()) {
    const { operator } = reader;
    const kind = sequenceKind(bytes, operator, operation, named);
    if (kind !== 0) {
      open.push(kind);
      if (kind === MARKS) marking++;
    } else if (operator === 'EMC') {
      if (open.pop() === MARKS) marking--;
    } else if (marking === 0 && PAINTING.has(operator)) unmarked++;
  }
  return unmarked;
}
