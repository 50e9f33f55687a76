/**
 * YAML with positions: one content file parsed with YAML's core schema only, its nesting, keys and tags
 * checked, and a locator that gives the file, line, column and field path of any path inside it (every
 * diagnostic of the content stage is placed through one).
 *
 * ```
 * text ─► parseDocument ─► depth ≤ MAX_YAML_DEPTH ─► keys and tags refused ─► toJS (aliases bounded) ─► YamlFile
 * ```
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { DiagnosticList, firstLine, type Place } from '../errors.ts';
import { msg, problem } from '../messages.ts';

/** Most YAML aliases expanded in one file (guards against alias bombs). */
export const MAX_YAML_ALIASES = 100;
/** Deepest nesting of maps and lists in one YAML file (a briefing needs about 6). */
export const MAX_YAML_DEPTH = 64;

/** Keys refused anywhere in content: they reach for an object's prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Tags of YAML's core schema; any other tag is refused. */
const CORE_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:seq', 'tag:yaml.org,2002:map']);

/**
 * One parsed YAML file: its path as diagnostics name it, its value (plain data) and its locators. `locate(path)`
 * is the place of the node at `path` (of its key with `keyOf`), the nearest existing ancestor's where the path
 * leads nowhere.
 */
export interface YamlFile {
  readonly file: string;
  readonly value: unknown;
  readonly locate: (pathInFile: readonly PropertyKey[], keyOf?: boolean) => Place;
  /** Where `needle` first occurs in the source of the node at `pathInFile` (the node's place if nowhere). */
  readonly locateText: (pathInFile: readonly PropertyKey[], needle: string) => Place;
}

/**
 * Keys that reach for an object's prototype, and tags other than YAML's core ones (!!binary, !custom, js
 * functions), are refused, not silently read as text: a diagnostic each, at its line and column.
 */
function refuseKeysAndTags(doc: Document, lineCounter: LineCounter, file: string, diags: DiagnosticList): void {
  visit(doc, {
    // Keys of one map are unique, checked here with a set: the parser's own check compares each key with every
    // earlier one, and 50,000 keys took minutes.
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          const pos = lineCounter.linePos(pair.key.range?.[0] ?? 0);
          diags.add(msg.yamlProblem(problem.duplicateKey()), { file, line: pos.line, column: pos.col });
        }
        seen.add(pair.key.value);
      }
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && FORBIDDEN_KEYS.has(pair.key.value)) {
        const pos = lineCounter.linePos(pair.key.range?.[0] ?? 0);
        diags.add(msg.forbiddenKey(pair.key.value), { file, line: pos.line, column: pos.col });
      }
    },
    Node(_key, node) {
      if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
        const pos = lineCounter.linePos(node.range?.[0] ?? 0);
        diags.add(msg.forbiddenTag(node.tag), { file, line: pos.line, column: pos.col });
      }
    },
  });
}

/** The `locate` and `locateText` of a {@link YamlFile}: places of paths (and of text inside them) in `doc`. */
function yamlLocator(doc: Document, lineCounter: LineCounter, file: string, text: string): Pick<YamlFile, 'locate' | 'locateText'> {
  const nodeAt = (pathInFile: readonly PropertyKey[], keyOf: boolean): Node | null | undefined => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let found: Node | null | undefined = node;
    for (const [i, key] of pathInFile.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        if (!pair) break;
        const last = i === pathInFile.length - 1;
        found = (keyOf && last) || pair.value === null ? (pair.key as Node) : (pair.value as Node);
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key] as Node | undefined;
        if (!node) break;
        found = node;
      } else break;
    }
    return found;
  };
  const placeAt = (offset: number, pathInFile: readonly PropertyKey[]): Place => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col, path: formatPath(pathInFile) };
  };
  const locate = (pathInFile: readonly PropertyKey[], keyOf = false): Place => placeAt(nodeAt(pathInFile, keyOf)?.range?.[0] ?? 0, pathInFile);
  const locateText = (pathInFile: readonly PropertyKey[], needle: string): Place => {
    const range = nodeAt(pathInFile, false)?.range;
    if (!range) return locate(pathInFile);
    const at = text.slice(range[0], range[1]).indexOf(needle);
    return placeAt(at === -1 ? range[0] : range[0] + at, pathInFile);
  };
  return { locate, locateText };
}

/**
 * Parse one YAML file with positions (core schema only, unique keys, no merge keys, aliases bounded).
 * @returns the file, or undefined when it had a problem (each one added to `diags`).
 */
export function parseYaml(file: string, text: string, diags: DiagnosticList): YamlFile | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, merge: false, schema: 'core', prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  const before = diags.count;
  // The parser, its visitor and the schema walk recursively: a file nested past the limit is refused first.
  const deep = problems.some((e) => e.message.includes('call stack')) ? { depth: Infinity, offset: 0 } : deepest(doc);
  if (deep.depth > MAX_YAML_DEPTH) {
    const pos = lineCounter.linePos(deep.offset);
    diags.add(msg.yamlTooDeep(MAX_YAML_DEPTH), { file, line: pos.line, column: pos.col });
    return undefined;
  }
  refuseKeysAndTags(doc, lineCounter, file, diags);
  if (problems.length > 0) {
    for (const e of problems) {
      const pos = e.linePos?.[0];
      diags.add(msg.yamlProblem(firstLine(e).replace(/ at line \d+, column \d+:?$/, '')), { file, line: pos?.line, column: pos?.col });
    }
    return undefined;
  }
  if (diags.count > before) return undefined;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    diags.add(msg.tooManyAliases((e as Error).message, MAX_YAML_ALIASES), { file });
    return undefined;
  }
  return { file, value: value ?? null, ...yamlLocator(doc, lineCounter, file, text) };
}

/** The deepest nesting of maps and lists in `doc` (walked with a stack, not recursion) and where it is. */
function deepest(doc: Document): { depth: number; offset: number } {
  const stack: [unknown, number][] = [[doc.contents, 1]];
  let found = { depth: 0, offset: 0 };
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > found.depth) found = { depth, offset: node.range?.[0] ?? 0 };
    if (depth > MAX_YAML_DEPTH) break;
    for (const item of node.items) {
      if (isPair(item)) stack.push([item.key, depth + 1], [item.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return found;
}

/** `figures[2].value` from `['figures', 2, 'value']`. */
export function formatPath(p: readonly PropertyKey[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
}
