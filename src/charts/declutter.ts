/**
 * Encodings that say nothing for a chart's rows are left out, so that a spec reads well at any number of
 * series: a spec may always ask for a legend or a grouped offset, and gets one only when there is something to
 * tell apart. The rules hold for every spec, the template's and the briefing's own.
 *
 * - A colour, fill, stroke or shape bound to a row field with one value draws no legend: one line of revenue
 *   needs no key saying "Revenue"; two need one.
 * - An `xOffset`/`yOffset` (grouped bars) whose field never has two values at one position is dropped: each
 *   bar then fills its band beside its label, instead of a half band with the other half empty.
 *
 * ```
 * spec (checked by limits.ts, so its depth is bounded) ─► every `encoding` object, top level and layers ─►
 *   keyed channel with one value ─► `legend: null`; offset with one value per band ─► removed
 * ```
 */

/** The channels whose legend keys tell series apart. */
const KEYED_CHANNELS = ['color', 'fill', 'stroke', 'shape'] as const;
/** Offset channels and the position channel whose bands they split. */
const OFFSET_CHANNELS = [
  ['xOffset', 'x'],
  ['yOffset', 'y'],
] as const;

type Json = unknown;
type Rows = readonly Record<string, unknown>[];

const isObject = (x: Json): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The field a channel definition binds, when it binds a row field by name. */
const fieldOf = (def: Json): string | undefined => (isObject(def) && typeof def.field === 'string' ? def.field : undefined);

/** True when no row has `field` (a field the spec computes itself: its values are not known here). */
const unknownField = (rows: Rows, field: string): boolean => !rows.some((r) => field in r);

/** The channel definition with its legend left out when its field holds one value; else as it was. */
function keyedChannel(def: Json, rows: Rows): Json {
  const field = fieldOf(def);
  if (!isObject(def) || field === undefined || def.legend === null || unknownField(rows, field)) return def;
  if (def.type === 'quantitative' || def.type === 'temporal') return def; // a gradient or a scale, not keys
  if (isObject(def.scale) && def.scale.domain !== undefined) return def; // the spec names the keys itself
  return new Set(rows.map((r) => r[field])).size <= 1 ? { ...def, legend: null } : def;
}

/** True when the offset's field never has two values among the rows at one value of the position's field. */
function offsetSplitsNothing(offset: Json, position: Json, rows: Rows): boolean {
  const [o, p] = [fieldOf(offset), fieldOf(position)];
  if (o === undefined || p === undefined || unknownField(rows, o) || unknownField(rows, p)) return false;
  const seen = new Map<unknown, unknown>();
  for (const r of rows) {
    if (seen.has(r[p]) && seen.get(r[p]) !== r[o]) return false;
    seen.set(r[p], r[o]);
  }
  return true;
}

/** One `encoding` object with both rules applied. */
function encoding(enc: Record<string, Json>, rows: Rows): Record<string, Json> {
  const out: Record<string, Json> = { ...enc };
  for (const channel of KEYED_CHANNELS) if (channel in enc) out[channel] = keyedChannel(enc[channel], rows);
  for (const [offset, position] of OFFSET_CHANNELS) if (offset in enc && offsetSplitsNothing(enc[offset], enc[position], rows)) delete out[offset];
  return out;
}

/**
 * The spec with what says nothing for `rows` left out (module comment): `legend: null` on each discrete
 * colour, fill, stroke or shape channel whose field holds at most one value (a channel with its legend off
 * already, a scale domain of its own, or a field no row has is left as it is), and each `xOffset`/`yOffset`
 * removed whose field has one value at each value of the `x`/`y` field beside it in the same encoding.
 * Returns a new spec; the input is not changed. The spec must have passed `checkSpecLimits` (its nesting is
 * bounded).
 */
export function decluttered<T>(spec: T, rows: Rows): T {
  const walk = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) out[key] = key === 'encoding' && isObject(value) ? encoding(value, rows) : walk(value);
    return out;
  };
  return walk(spec) as T;
}
