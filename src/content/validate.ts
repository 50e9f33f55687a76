/**
 * Validation: parsed YAML checked against its input schema (`input.ts`, `declarations.ts`), each zod issue
 * turned into a diagnostic at the file, line, column and field path it concerns, with a did-you-mean for an
 * unknown field. Clean parses can be kept across runs in a {@link ParseCache}.
 *
 * ```
 * text ─► parseYaml (yaml.ts) ─► schema.safeParse ─► Parsed { data, y }, or each zod issue ─► a diagnostic
 * ```
 */
import { ZodArray, ZodDefault, ZodNullable, ZodObject, ZodOptional, ZodPipe, type z } from 'zod';
import type { DiagnosticList } from '../errors.ts';
import { msg } from '../messages.ts';
import { suggestion } from './units.ts';
import { parseYaml, type YamlFile } from './yaml.ts';

/** The field names a zod schema allows at a path inside the file (for did-you-mean), or undefined. */
function keysAt(schema: z.ZodType, p: readonly PropertyKey[]): string[] | undefined {
  const unwrap = (s: z.ZodType | undefined): z.ZodType | undefined => {
    let t = s;
    for (;;) {
      if (t instanceof ZodPipe) t = t.in as z.ZodType;
      else if (t instanceof ZodOptional || t instanceof ZodDefault || t instanceof ZodNullable) t = t.unwrap() as z.ZodType;
      else return t;
    }
  };
  let s = unwrap(schema);
  for (const key of p) {
    if (s instanceof ZodArray) s = unwrap(s.element as z.ZodType);
    else if (s instanceof ZodObject && typeof key === 'string') s = unwrap(s.shape[key] as z.ZodType | undefined);
    else return undefined;
  }
  return s instanceof ZodObject ? Object.keys(s.shape) : undefined;
}

/** The value at a path inside parsed YAML (undefined where the path leads nowhere). */
function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of p) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * Validate a parsed YAML file against `schema`.
 * @param prefix path of the validated value inside the file (empty: the whole file).
 * @returns the schema's output, or undefined when it failed: then each issue is a diagnostic in `diags` (an
 *   unknown field with a did-you-mean, a missing field, a value not among those allowed; figure values and
 *   sources filed under their own kinds). Past the list's cap issues are only counted.
 */
export function validate<S extends z.ZodType>(schema: S, y: YamlFile, diags: DiagnosticList, prefix: readonly PropertyKey[] = []): z.output<S> | undefined {
  const result = schema.safeParse(y.value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    // Past the list's cap problems are only counted: locating each one is what costs (linear, not quadratic).
    if (diags.full) {
      diags.omit(issue.code === 'unrecognized_keys' ? issue.keys.length : 1, { file: y.file });
      continue;
    }
    const p = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const [k, key] of issue.keys.entries()) {
        if (diags.full) {
          diags.omit(issue.keys.length - k, { file: y.file });
          break;
        }
        const known = keysAt(schema, p);
        const settingsTop = p.length === 0 && y.file.endsWith('briefing.yaml');
        diags.add(msg.unknownField(key, known ? suggestion(key, known) : '', settingsTop), y.locate([...p, key], true));
      }
      continue;
    }
    if (p.at(-1) === 'inputs' && p.at(-2) === 'check' && Array.isArray(valueAt(y.value, issue.path))) {
      diags.add(msg.oldClaimCheck(), y.locate(p));
      continue;
    }
    const field = String(p.at(-1));
    const figureSources = field === 'sources' && p.includes('figures');
    const kind = figureSources ? 'unsourcedFigure' : field === 'value' || field === 'stated' ? 'figureValue' : 'schema';
    // A missing field and a value outside a list have codes of their own; any other rule is said under its field's kind.
    const absent = (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value') && valueAt(y.value, issue.path) === undefined;
    let said = msg.schemaIssue(kind, issue.message);
    if (absent) {
      const expected = issue.code === 'invalid_type' ? issue.expected : issue.code === 'invalid_value' ? `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` : 'text';
      said = figureSources ? msg.figureWithoutSources() : msg.missingField(field, expected);
    }
    else if (issue.code === 'invalid_value' && 'values' in issue) said = msg.notOneOf(issue.values);
    diags.add(said, y.locate(p));
  }
  return undefined;
}

/** A validated YAML file: its data and its positions. */
export interface Parsed<T> {
  readonly data: T;
  readonly y: YamlFile;
}

/**
 * Files parsed and validated in earlier runs, kept by a long-lived caller (the preview's render context):
 * a file whose text and schema are unchanged is not parsed or validated again. One entry per file path, so it
 * holds at most one version of each file. Only files that parsed cleanly are kept. Entries are shared between
 * runs, so the phases after parsing never change parsed data in place.
 */
export class ParseCache {
  private readonly entries = new Map<string, { readonly text: string; readonly schema: z.ZodType; readonly parsed: Parsed<unknown> }>();

  /** The parse of `file` when its text and schema are those of the kept entry. */
  get<S extends z.ZodType>(file: string, text: string, schema: S): Parsed<z.output<S>> | undefined {
    const entry = this.entries.get(file);
    return entry !== undefined && entry.text === text && entry.schema === schema ? (entry.parsed as Parsed<z.output<S>>) : undefined;
  }

  /** Keep the clean parse of `file` (replacing an older version). */
  set(file: string, text: string, schema: z.ZodType, parsed: Parsed<unknown>): void {
    this.entries.set(file, { text, schema, parsed });
  }
}

/**
 * Parse `text` as YAML with positions and validate it against `schema`, or take the kept parse from `cache`
 * when the text and schema are unchanged.
 * @param file the path diagnostics name (and the cache's key).
 * @returns the parse, or undefined when it had a problem (each one added to `diags`); only a parse that added
 *   no diagnostic is kept.
 */
export function parseValidated<S extends z.ZodType>(file: string, text: string, schema: S, diags: DiagnosticList, cache: ParseCache | undefined): Parsed<z.output<S>> | undefined {
  const kept = cache?.get(file, text, schema);
  if (kept !== undefined) return kept;
  const before = diags.count;
  const y = parseYaml(file, text, diags);
  if (!y) return undefined;
  const data = validate(schema, y, diags);
  if (data === undefined) return undefined;
  if (diags.count === before) cache?.set(file, text, schema, { data, y });
  return { data, y };
}
