/**
 * The one catalogue of errors for `briefing`.
 *
 * Every problem the tool reports is a {@link Diagnostic} built from an entry of {@link CATALOGUE}: a stable
 * code (tests and CI scripts match on it, never on the wording), an exit code, and a hint that says what to
 * do. The wording of each message is a function in `messages.ts` giving a {@link Message} of an entry. Stages throw a {@link BriefingError} carrying every diagnostic of the run; only the CLI entry catches,
 * prints and exits with the error's exit code (style of Astro `errors-data.ts`, Observable Framework `error.ts`).
 */

/** Process exit codes of the CLI (documented in the README). */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Content, template or usage errors: the writer must change a file or the command. */
  content: 1,
  /** The renderer or the system failed (no browser, crash, timeout, disk). */
  system: 2,
  /** `check --strict` or `build --strict` found warnings (and no errors). */
  warnings: 3,
} as const;

/** One catalogue entry: stable code, exit code and the advice shown under the message. */
export interface CatalogueEntry {
  /** Stable code, e.g. `BR102`. */
  readonly code: string;
  /** Exit code the CLI uses for this error (the highest of a run's errors wins). */
  readonly exit: number;
  /** What to do about it, in one sentence. */
  readonly hint: string;
}

/** All errors `briefing` can report, keyed by name. Codes never change once released. */
export const CATALOGUE = {
  yamlSyntax: { code: 'BR101', exit: EXIT.content, hint: 'Fix the YAML syntax at the position shown.' },
  schema: { code: 'BR102', exit: EXIT.content, hint: 'Change the field to match the content format described in the README.' },
  unknownReference: { code: 'BR103', exit: EXIT.content, hint: 'Use an id that is defined in the briefing, or add the missing entry.' },
  duplicateId: { code: 'BR104', exit: EXIT.content, hint: 'Give every entry of this kind a unique id.' },
  figureValue: { code: 'BR105', exit: EXIT.content, hint: 'Write amounts like $1.77T, DKK 290.4B, €12M, 33%, 94x, 0.35 or a range like $1.75T-$2T; a bare number needs unit:.' },
  missingFile: { code: 'BR106', exit: EXIT.content, hint: 'Create the file, or correct the path or id that names it.' },
  fileTooLarge: { code: 'BR107', exit: EXIT.content, hint: 'Split the file or remove what does not belong in a briefing.' },
  unsourcedFigure: {
    code: 'BR108',
    exit: EXIT.content,
    hint: 'Cite the source of the figure in the same paragraph, like [@source-id], or take the figure out of the prose.',
  },
  missingGlyphs: {
    code: 'BR109',
    exit: EXIT.content,
    hint: 'Replace the characters, or add a font that has them to the template; otherwise Chromium takes them from a host font and output differs between machines.',
  },
  symlink: {
    code: 'BR110',
    exit: EXIT.content,
    hint: 'Put the file itself in the briefing folder instead of a link to it: briefing reads nothing outside the folder it builds.',
  },
  limit: {
    code: 'BR111',
    exit: EXIT.content,
    hint: 'Make it smaller or split it: the limits keep a briefing from hanging or exhausting the machine that builds it (README, "Limits").',
  },
  encoding: { code: 'BR112', exit: EXIT.content, hint: 'Save the file as UTF-8, and name files in UTF-8 without control characters such as line breaks.' },
  citationSyntax: { code: 'BR113', exit: EXIT.content, hint: 'Write a citation as [@source-id] or [@source-a; @source-b], with ids that sources.yaml defines.' },
  template: { code: 'BR201', exit: EXIT.content, hint: 'Fix the template, or supply the value it asks for in the content.' },
  chart: { code: 'BR202', exit: EXIT.content, hint: 'Fix the chart specification; specs may only use inline data bound by briefing.' },
  metric: { code: 'BR203', exit: EXIT.content, hint: 'Add the figures the metric needs, or remove the chart or table that asks for it.' },
  exchangeRate: {
    code: 'BR204',
    exit: EXIT.content,
    hint: 'Add the rate to fx: in briefing.yaml: from, to, rate, asOf and sources, or basis: assumption with a note. briefing never fetches or assumes a rate.',
  },
  // Print lint (src/pdf/lint.ts): warnings about how the laid-out pages read; the rule's name is what
  // data-lint-allow / --lint-allow take to silence it.
  printBrokenWord: { code: 'BR501', exit: EXIT.warnings, hint: 'Give the column room for its longest word (table-layout auto, a min-width, overflow-wrap: break-word rather than anywhere), or mark break points (soft hyphen &shy;, <wbr>); rule broken-word.' },
  printLongToken: { code: 'BR502', exit: EXIT.warnings, hint: 'Shorten the token or give it break points (spaces, -, /, a soft hyphen); a template can insert <wbr> after / - _ . with the breakable helper; rule long-token.' },
  printOrphanHeading: { code: 'BR503', exit: EXIT.warnings, hint: 'Keep the heading with what follows: break-after: avoid on the heading and break-inside: avoid on a short first block after it; rule orphan-heading.' },
  printDetachedTable: { code: 'BR504', exit: EXIT.warnings, hint: 'Keep the heading or caption with the start of its table or figure: wrap short blocks in break-inside: avoid, or break-after: avoid on what precedes the table; rule detached-table.' },
  printSplitFigure: { code: 'BR505', exit: EXIT.warnings, hint: 'Give the figure break-inside: avoid and make it shorter than the page (a smaller chart height or fewer rows); rule split-figure.' },
  printOverflow: { code: 'BR506', exit: EXIT.warnings, hint: 'Let the content wrap (overflow-wrap, table-layout auto, max-width: 100% on images and charts) or give it a wider box; rule overflow.' },
  printUnderfilledPage: { code: 'BR507', exit: EXIT.warnings, hint: 'Let the block that did not fit break (break-inside: auto on long tables and lists), make it shorter, or end the section there with a forced break; set --lint-min-page-fill on :root to change the threshold; rule underfilled-page.' },
  usage: { code: 'BR301', exit: EXIT.content, hint: 'Run `briefing --help` for the commands and options.' },
  browserNotFound: {
    code: 'BR401',
    exit: EXIT.system,
    hint: 'Install Chromium or Google Chrome (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: `brew install --cask google-chrome`), or set BRIEFING_CHROMIUM to a browser\'s path.',
  },
  render: { code: 'BR402', exit: EXIT.system, hint: 'Run again with --debug for details; if the browser crashed, check free memory and disk.' },
  write: { code: 'BR403', exit: EXIT.system, hint: 'Check that the output folder is writable and the disk is not full.' },
} as const satisfies Record<string, CatalogueEntry>;

/** Name of a catalogue entry. */
export type ErrorKind = keyof typeof CATALOGUE;

/**
 * One reported problem, located in a file where the problem has a place.
 * `line` and `column` are 1-based; `path` is the field path inside the file (`figures[2].value`).
 */
export interface Diagnostic {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
  readonly hint: string;
  /** 1-based page of the PDF, for print lint warnings. */
  readonly page?: number;
  /** CSS-ish path of the element a print lint warning is about. */
  readonly element?: string;
  /** The print lint rule (what `data-lint-allow` takes to silence it). */
  readonly rule?: string;
}

/** Where a diagnostic points: file (path as given to the CLI), 1-based line/column, field path. */
export interface Place {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
}

/**
 * One message of the catalogue (`msg` in src/messages.ts): the entry it belongs to, that entry's code and
 * hint, and the text.
 */
export interface Message {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly text: string;
  readonly hint: string;
}

/**
 * Build a diagnostic from a catalogue message and an optional place. The older form, a kind and the text
 * written at the call site, is kept for the modules that have not moved to the catalogue yet (see
 * test/unit/messages.test.ts).
 */
export function diagnostic(message: Message, place?: Place): Diagnostic;
export function diagnostic(kind: ErrorKind, message: string, place?: Place): Diagnostic;
export function diagnostic(first: Message | ErrorKind, second?: string | Place, third?: Place): Diagnostic {
  const [kind, message, place] = typeof first === 'string' ? [first, second as string, third ?? {}] : [first.kind, first.text, (second as Place | undefined) ?? {}];
  const entry = CATALOGUE[kind];
  return { kind, code: entry.code, message, hint: entry.hint, ...definedOnly(place) };
}

function definedOnly(place: Place): Place {
  const out: Place = {};
  if (place.file !== undefined) out.file = place.file;
  if (place.line !== undefined) out.line = place.line;
  if (place.column !== undefined) out.column = place.column;
  if (place.path !== undefined && place.path !== '') out.path = place.path;
  return out;
}

/**
 * The single error type of `briefing`: one or more diagnostics. Its exit code is the highest of theirs.
 * Thrown by every stage; caught only by the CLI (and the preview server, which shows it in the page).
 */
export class BriefingError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  readonly exitCode: number;

  constructor(diagnostics: readonly Diagnostic[], options?: { cause?: unknown }) {
    if (diagnostics.length === 0) throw new TypeError('BriefingError needs at least one diagnostic');
    super(diagnostics.map(formatDiagnostic).join('\n'), options);
    this.name = 'BriefingError';
    this.diagnostics = diagnostics;
    this.exitCode = Math.max(...diagnostics.map((d) => CATALOGUE[d.kind].exit));
  }

  /** Shorthand for an error with one diagnostic: a catalogue message (a kind and text only in tests). */
  static of(message: Message, place?: Place, cause?: unknown): BriefingError;
  static of(kind: ErrorKind, message: string, place?: Place, cause?: unknown): BriefingError;
  static of(first: Message | ErrorKind, ...rest: unknown[]): BriefingError {
    const [d, cause] = typeof first === 'string' ? [diagnostic(first, rest[0] as string, rest[1] as Place | undefined), rest[2]] : [diagnostic(first, rest[0] as Place | undefined), rest[1]];
    return new BriefingError([d], cause === undefined ? undefined : { cause });
  }
}

/** `file:line:column field: message [CODE]`, the form editors and terminals make clickable. */
export function formatDiagnostic(d: Diagnostic): string {
  let where = '';
  if (d.file !== undefined) {
    where = d.file;
    if (d.line !== undefined) where += `:${d.line}`;
    if (d.line !== undefined && d.column !== undefined) where += `:${d.column}`;
    if (d.page !== undefined) where += ` page ${d.page}:`;
    where += ' ';
  }
  const field = d.path !== undefined ? `${d.path}: ` : '';
  return `${where}${field}${d.message} [${d.code}]`;
}

/**
 * Most diagnostics one list keeps ({@link DiagnosticList}): past it they are only counted, so that a file
 * with 50,000 mistakes is reported in linear time and a few KB, not megabytes of JSON.
 */
export const MAX_DIAGNOSTICS = 200;

/**
 * Collects diagnostics across a stage so that all errors of a run are reported together. It keeps the first
 * {@link MAX_DIAGNOSTICS} and counts the rest; {@link throwIfAny} reports the count as one last diagnostic.
 */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  /** Diagnostics added past the cap, counted and not kept. */
  private omitted = 0;
  /** The file of the first diagnostic not kept: where the count of the rest points. */
  private restAt: Place = {};

  /** Add a catalogue message (a kind and text only in tests) at a place. */
  add(message: Message, place?: Place): void;
  add(kind: ErrorKind, message: string, place?: Place): void;
  add(first: Message | ErrorKind, second?: string | Place, third?: Place): void {
    if (this.full) {
      this.omit(1, typeof first === 'string' ? third : (second as Place | undefined));
      return;
    }
    this.items.push(typeof first === 'string' ? diagnostic(first, second as string, third) : diagnostic(first, second as Place | undefined));
  }

  /** True once the list keeps no more diagnostics: a loop over many problems may stop locating them. */
  get full(): boolean {
    return this.items.length >= MAX_DIAGNOSTICS;
  }

  /** How many diagnostics were added, kept or only counted. */
  get count(): number {
    return this.items.length + this.omitted;
  }

  /** Count `n` problems a full list did not locate (see {@link full}), `place` where the first of them is. */
  omit(n: number, place?: Place): void {
    if (this.omitted === 0 && place?.file !== undefined) this.restAt = { file: place.file };
    this.omitted += n;
  }

  /** Throw a {@link BriefingError} with everything collected, if anything was, the count of the rest last. */
  throwIfAny(): void {
    if (this.items.length === 0) return;
    const rest = this.omitted === 0 ? [] : [diagnostic('limit', `and at least ${this.omitted} more problems not listed (the first ${MAX_DIAGNOSTICS} are); fix these and run again`, this.restAt)];
    throw new BriefingError([...this.items, ...rest]);
  }
}

/** The first line of an error's message (a library's error often goes on with a stack or a dump), for a diagnostic. */
export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

/** Turn anything thrown by a build into diagnostics and an exit code; unknown errors count as system errors. */
export function asFailure(e: unknown): { errors: Diagnostic[]; exitCode: number } {
  if (e instanceof BriefingError) return { errors: [...e.diagnostics], exitCode: e.exitCode };
  return { errors: [diagnostic('render', `internal error: ${(e as Error)?.message ?? String(e)}`)], exitCode: EXIT.system };
}
