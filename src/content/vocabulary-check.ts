/**
 * Checks of a briefing's words against its {@link Vocabulary} (`vocabulary.ts`): briefing.yaml's own
 * declarations (ids declared once, built-in quantities keep their kind, exchange rates sourced and one per
 * pair), and each figure's quantity, unit and basis. Each problem is a diagnostic at its place.
 */
import type { DiagnosticList, Place } from '../errors.ts';
import { msg } from '../messages.ts';
import { parseAmount } from './amount.ts';
import type { Figure, BriefingSettings } from './input.ts';
import { suggestion, unitKind } from './units.ts';
import { acceptsUnit, BUILT_IN_QUANTITIES, type Vocabulary } from './vocabulary.ts';
import type { YamlFile } from './yaml.ts';

/**
 * The declarations of briefing.yaml: no id declared twice, built-in quantities keep their kind, every rate's sources
 * exist, and one rate per pair of currencies (the inverse follows from it).
 */
export function checkVocabulary(m: BriefingSettings, y: YamlFile, sourceIds: ReadonlySet<string>, diags: DiagnosticList): void {
  for (const key of ['groups', 'riskCategories', 'bases'] as const) {
    const seen = new Set<string>();
    m[key].forEach((t, i) => {
      if (seen.has(t.id)) diags.add(msg.declaredTwice(key, t.id), y.locate([key, i, 'id']));
      seen.add(t.id);
    });
  }
  for (const [name, decl] of Object.entries(m.quantities)) {
    const builtIn = BUILT_IN_QUANTITIES.find((q) => q.id === name);
    const kind = typeof decl === 'string' ? decl : decl.kind;
    if (builtIn && builtIn.kind !== kind) {
      diags.add(msg.builtInQuantityKind(name, builtIn.kind, kind), y.locate(['quantities', name]));
    }
  }
  const pairs = new Map<string, number>();
  m.fx.forEach((r, i) => {
    r.sources.forEach((s, j) => {
      if (!sourceIds.has(s)) diags.add(msg.undefinedSource('rate', s), y.locate(['fx', i, 'sources', j]));
    });
    const pair = [r.from, r.to].sort().join('/');
    if (pairs.has(pair)) diags.add(msg.secondRate(r.from, r.to, pairs.get(pair)!), y.locate(['fx', i]));
    else pairs.set(pair, i);
  });
}

/**
 * Each group's `companies:` (the order its companies print in) names companies of that group, each once: an
 * unknown id (with a did-you-mean), a company whose `group:` is another or none, and a repeated id are errors
 * at the id's place in briefing.yaml.
 * @param companies every company file's id and group, with its path in the folder (`companies/acme.yaml`).
 */
export function checkGroupOrder(m: BriefingSettings, y: YamlFile, companies: readonly { readonly id: string; readonly group?: string | undefined; readonly rel: string }[], diags: DiagnosticList): void {
  const byId = new Map(companies.map((c) => [c.id, c]));
  m.groups.forEach((g, i) => {
    const seen = new Set<string>();
    g.companies?.forEach((id, j) => {
      const at = y.locate(['groups', i, 'companies', j]);
      const c = byId.get(id);
      if (c === undefined) diags.add(msg.groupListsUnknown(g.id, id, suggestion(id, byId.keys())), at);
      else if (c.group !== g.id) diags.add(msg.groupListsOther(g.id, id, c.group ?? null, c.rel), at);
      else if (seen.has(id)) diags.add(msg.groupListsTwice(g.id, id), at);
      seen.add(id);
    });
  });
}

/**
 * The order companies print in: by group, in the order briefing.yaml declares them (companies in no group
 * last), and within a group those its `companies:` lists first, in that order, then the others by name.
 * @returns `companies`, sorted in place.
 */
export function readingOrder<C extends { readonly id: string; readonly name: string; readonly group?: string | undefined }>(companies: C[], groups: BriefingSettings['groups']): C[] {
  const groupIndex = new Map(groups.map((g, i) => [g.id, i]));
  const listed = new Map(groups.flatMap((g) => (g.companies ?? []).map((id, i) => [`${g.id}\u0000${id}`, i] as const)));
  const group = (c: C): number => (c.group === undefined ? groups.length : (groupIndex.get(c.group) ?? groups.length));
  const place = (c: C): number => listed.get(`${c.group ?? ''}\u0000${c.id}`) ?? Number.MAX_SAFE_INTEGER;
  return companies.sort((a, b) => group(a) - group(b) || place(a) - place(b) || a.name.localeCompare(b.name, 'en'));
}

/**
 * A figure's quantity and basis are in the briefing's vocabulary, and its unit suits the quantity. A value
 * written without a unit sign (`1.2M`, `2`, a bare YAML number) is read in the quantity's unit when that is a
 * count, ratio or multiple: `weekly-prescriptions: count` takes `1.2M` as 1,200,000 prescriptions.
 * @returns the figure, its amount read again where the quantity's kind decided it.
 */
export function checkFigureTerms(f: Figure, v: Vocabulary, at: (field: string) => Place, diags: DiagnosticList): Figure {
  const quantity = v.quantities.get(f.quantity);
  if (quantity !== undefined && f.unit === undefined && !acceptsUnit(quantity.kind, f.amount.unit) && (f.amount.unit === 'count' || f.amount.unit === 'ratio')) {
    const plain = ['count', 'ratio', 'multiple'].includes(quantity.kind) ? parseAmount(f.value, quantity.kind) : undefined;
    if (plain !== undefined && typeof plain !== 'string' && acceptsUnit(quantity.kind, plain.unit)) f = { ...f, amount: plain };
  }
  if (quantity === undefined) {
    diags.add(msg.unknownQuantity(f.quantity, suggestion(f.quantity, v.quantities.keys()), unitKind(f.amount.unit)), at('quantity'));
  } else if (!acceptsUnit(quantity.kind, f.amount.unit)) {
    const kind = quantity.kind === 'money' ? 'money (a currency)' : quantity.kind;
    const bare = typeof f.value === 'number' && f.unit === undefined;
    diags.add(bare ? msg.bareNumberNoUnit(f.quantity, kind, f.value) : msg.wrongUnitKind(f.quantity, kind, f.value, f.amount.unit), at('value'));
  }
  if (f.basis !== undefined && !v.bases.has(f.basis)) {
    diags.add(msg.unknownBasis(f.basis, suggestion(f.basis, v.bases.keys()), [...v.bases.keys()]), at('basis'));
  }
  return f;
}
