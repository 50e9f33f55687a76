/**
 * The message catalogue: every message a user can see, one record per kind of message.
 *
 * {@link MESSAGES} holds a record per kind of message (style of Astro `errors-data.ts`): its category (a
 * `kind` of `CATALOGUE` in src/errors.ts, which gives the exit code), its own stable code, a title, the
 * message as a function of typed arguments, a hint that says what to do, and example arguments from which
 * docs/errors.md is generated (`npm run docs:errors`; a test fails when it is stale). Each code never changes
 * once released: a category's first code stays on its most representative message, and a new kind of message
 * takes the next free code in its category's hundred.
 *
 * {@link msg} says a record with arguments and gives a {@link Message} (kind, code, text, hint). Call sites
 * pass arguments only and never write message text themselves (`diags.add(msg.duplicateId('risk', id), place)`),
 * so wording lives in one place and a phrase used twice is one function (vega-lite `log/message.ts`). A test
 * keeps inline message strings and `throw new Error(` out of src/ (test/unit/messages.test.ts).
 * {@link problem} gives the text fragments a lower-level reader returns, which its caller files under a message.
 *
 * The records live in src/messages/, one module per stage that reports them (content.ts, metrics.ts,
 * charts.ts, html.ts, run.ts for the coordinators, pdf.ts), and the fragments in src/messages/problems.ts;
 * this module assembles them in pipeline order and is what the rest of src/ imports.
 *
 * The catalogue is a leaf: this module and src/messages/ import only src/errors.ts and each other. Where a
 * message reads a stage's data (the print lint's findings) it declares the shape it reads, and the stage's
 * types fit it.
 */
import { INTERNAL_ERROR, MORE_PROBLEMS, said, type ErrorData, type ErrorKind, type Message } from './errors.ts';
import { CHARTS_MESSAGES } from './messages/charts.ts';
import { CONTENT_MESSAGES } from './messages/content.ts';
import { HTML_MESSAGES } from './messages/html.ts';
import { METRICS_MESSAGES } from './messages/metrics.ts';
import { PDF_MESSAGES } from './messages/pdf.ts';
import { RUN_MESSAGES } from './messages/run.ts';
import type { ExamplesFit } from './messages/shared.ts';

export type { Message };
export { problem } from './messages/problems.ts';
export type { BlockFinding, FindingElement, HeadingFinding, OverflowFinding, PageFinding, WordFinding } from './messages/problems.ts';

/**
 * Every kind of message of `briefing`, one record each (Astro `errors-data.ts`), in pipeline order of the
 * stage that reports it (src/messages/). A record's `kind` is its category in `CATALOGUE` (src/errors.ts); its
 * `code` is its own (docs/errors.md).
 */
export const MESSAGES = {
  ...CONTENT_MESSAGES,
  ...METRICS_MESSAGES,
  ...CHARTS_MESSAGES,
  ...HTML_MESSAGES,
  ...RUN_MESSAGES,
  ...PDF_MESSAGES,
  // Reported by src/errors.ts
  moreProblems: MORE_PROBLEMS,
  internalError: INTERNAL_ERROR,
} as const satisfies Record<string, ErrorData>;
// Each module checks its own records' examples; this checks them all, src/errors.ts's records included.
MESSAGES satisfies ExamplesFit<typeof MESSAGES>;

/** The name of a record of {@link MESSAGES}. */
export type MessageName = keyof typeof MESSAGES;

/** A function per record that says it: the record's arguments in, a {@link Message} out. */
type Sayers<T extends Record<string, ErrorData>> = { readonly [K in keyof T]: (...args: Parameters<T[K]['message']>) => Message };

/** {@link Sayers} of `records`: each function says its record with the arguments it is given. */
function sayers<T extends Record<string, ErrorData>>(records: T): Sayers<T> {
  const out: Record<string, (...args: never[]) => Message> = {};
  for (const [name, record] of Object.entries(records)) out[name] = (...args: never[]) => said(record, ...args);
  return out as Sayers<T>;
}

/** The record a schema rule's message is filed under, by the kind of field it is about. */
const SCHEMA_RULES = { schema: 'schemaRule', figureValue: 'figureValueRule', unsourcedFigure: 'figureSourcesRule' } as const;

/** `message` with `prefix` before its text (`metric "x": `), same kind, code and hint. */
function prefixed(prefix: string, inner: Message): Message {
  return { ...inner, text: `${prefix}${inner.text}` };
}

/**
 * Every message of `briefing`: `msg.<record>(...args)` says a record of {@link MESSAGES} (a {@link Message}),
 * and a few helpers put a message's parts together.
 */
export const msg = {
  ...sayers(MESSAGES),
  /** A schema rule's own message (zod), filed by the kind of field it is about: a value, a figure's sources, or any other field. */
  schemaIssue: (kind: keyof typeof SCHEMA_RULES, text: string) => said(MESSAGES[SCHEMA_RULES[kind]], text),
  /** A figure with no `sources:` at all, said under the figure-sources rule. */
  figureWithoutSources: () => said(MESSAGES.figureSourcesRule, 'the figure has no sources: add sources: [source-id]'),
  /** Columns a data file's record has and figures do not: its own code, filed under the kind of field the rule found them at. */
  unknownColumns: (kind: 'schema' | 'figureValue' | 'unsourcedFigure', columns: readonly string[]): Message => ({ ...said(MESSAGES.unknownColumns, columns), kind }),
  /** A print lint finding (its text from {@link problem}`.lint*`); `approximate` when the printed pages moved after the layout pass. */
  printFinding: (kind: Extract<ErrorKind, `print${string}`>, text: string, approximate: boolean) => said(MESSAGES[kind], text, approximate),
  metricPrefix: (id: string) => `metric "${id}": `,
  /** One row of a metric: the company of an `each` row, or a scenario. */
  metricRowPrefix: (id: string, row: string) => `metric "${id}", row ${row}: `,
  claimPrefix: (id: string) => `claim "${id}": `,
  chartPrefix: (id: string) => `chart "${id}": `,
  /** `inner` said of one metric, claim or chart: its prefix (from metricPrefix, claimPrefix or chartPrefix) before the text. */
  about: (prefix: string, inner: Message) => prefixed(prefix, inner),
} as const satisfies Record<string, (...args: never[]) => Message | string>;

/**
 * A plain error carrying a catalogue message, for code whose caller locates it (Handlebars helpers, whose
 * errors the template renderer wraps with the template's place) or for invariants a caller checks first.
 * @param type the error class (`RangeError` for a value outside a function's domain, or a class of the
 *   caller's whose constructor takes the message).
 */
export function errorOf(m: Message, type?: ErrorConstructor | RangeErrorConstructor): Error;
export function errorOf<E extends Error>(m: Message, type: new (message: string) => E): E;
export function errorOf(m: Message, type: new (message: string) => Error = Error): Error {
  return new type(m.text);
}
