/**
 * Where the briefing writes a piece of text: for a problem found only in the rendered document (a character the
 * fonts cannot draw), the file, line and column it was typed at, and in a YAML file the field it belongs to.
 */
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Place } from '../errors.ts';
import type { ContentFiles } from './read.ts';
import { formatPath } from './yaml.ts';
import { lineColumn } from '../text.ts';

/** The field path of the scalar value (or key) of `doc` that holds `offset`, or undefined when none does (a comment). */
function fieldAt(contents: Node | null, offset: number): PropertyKey[] | undefined {
  const at: PropertyKey[] = [];
  const holds = (n: unknown): n is Node => n != null && typeof n === 'object' && 'range' in n && Array.isArray((n as Node).range) && (n as Node).range![0] <= offset && offset < (n as Node).range![1];
  let node: unknown = contents;
  // Down one level a step: a map's pair or a list's item whose range holds the offset (no recursion).
  for (;;) {
    if (isScalar(node)) return holds(node) ? at : undefined;
    const items: unknown[] = isMap(node) || isSeq(node) ? node.items : [];
    const i = items.findIndex((item) => (isPair(item) ? holds(item.key) || holds(item.value) : holds(item)));
    if (i === -1) return undefined;
    const item = items[i];
    if (isPair(item)) {
      if (!isScalar(item.key)) return undefined;
      at.push(String(item.key.value));
      node = holds(item.key) ? item.key : item.value;
    } else {
      at.push(i);
      node = item;
    }
  }
}

/** A YAML file parsed with positions, once per search ({@link placeOfText}'s `parsed`). */
export interface ParsedYaml {
  readonly contents: Node | null;
  readonly lineCounter: LineCounter;
}

/** The place of the first occurrence of `needle` in a YAML file's values (not its comments), with its field. */
function inYaml(file: string, text: string, needle: string, parsed: Map<string, ParsedYaml>): Place | undefined {
  let yaml = parsed.get(file);
  if (yaml === undefined) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false, merge: false, schema: 'core' });
    yaml = { contents: doc.contents as Node | null, lineCounter };
    parsed.set(file, yaml);
  }
  const { contents, lineCounter } = yaml;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    const field = fieldAt(contents, at);
    if (field === undefined) continue;
    const pos = lineCounter.linePos(at);
    return { file, line: pos.line, column: pos.col, path: formatPath(field), excerpt: needle };
  }
  return undefined;
}

/** The place of the first occurrence of `needle` in a text file (Markdown, CSV, JSON): line and column. */
function inText(file: string, text: string, needle: string): Place | undefined {
  const at = text.indexOf(needle);
  if (at === -1) return undefined;
  return { file, ...lineColumn(text, at), excerpt: needle };
}

/**
 * Where `needle` is first written in the briefing's content files, in the order they were read (briefing.yaml,
 * its other top-level files, companies/, sections/, charts/, data/): file, line and column, and for YAML the
 * field path (`figures[2].note`); text in a YAML comment is passed over. Undefined when no file holds it as
 * typed (an escape such as `"\u26A1"`, or text the template or a format adds).
 * @param parsed YAML files already parsed, by path: pass one map to many searches to parse each file once.
 */
export function placeOfText(content: ContentFiles, needle: string, parsed = new Map<string, ParsedYaml>()): Place | undefined {
  for (const [rel, text] of content.files) {
    if (!text.includes(needle)) continue;
    const file = path.join(content.dir, rel);
    const place = /\.ya?ml$/.test(rel) ? inYaml(file, text, needle, parsed) : inText(file, text, needle);
    if (place !== undefined) return place;
  }
  return undefined;
}

/**
 * The characters of `chars` grouped by where each is first written ({@link placeOfText}), groups in the order
 * of their first character; the characters no file holds as typed are one group with no place.
 */
export function placesOfCharacters(content: ContentFiles, chars: readonly string[]): { place: Place | undefined; chars: string[] }[] {
  const groups = new Map<string, { place: Place | undefined; chars: string[] }>();
  const parsed = new Map<string, ParsedYaml>();
  for (const ch of chars) {
    const place = placeOfText(content, ch, parsed);
    const key = place === undefined ? '' : `${place.file}\u0000${place.line}\u0000${place.path ?? ''}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { place, chars: [ch] });
    else group.chars.push(ch);
  }
  return [...groups.values()];
}
