/**
 * Citations, once for every stage: the marker `[@s-id]` or `[@s-a; @s-b]` that prose and profiles write, and
 * the numbers sources print with. The loader checks markers against sources.yaml; markdown renders them;
 * charts and templates number sources with {@link citationNumbers}.
 */

/** The citation markers of a text: `[@s-id]` or `[@s-a; @s-b]`; group 1 holds the ids. */
export const CITATION = /\[@([a-z0-9][a-z0-9-]*(?:\s*[;,]\s*@[a-z0-9][a-z0-9-]*)*)\]/g;

/** A citation marker at the start of a text (for a markdown-it inline rule). */
export const CITATION_AT_START = new RegExp(`^${CITATION.source}`);

/** The source ids inside one citation marker's captured group. */
export function citationIds(group: string): string[] {
  return group.split(/[;,]/).map((s) => s.trim().replace(/^@/, ''));
}

/** Source id → its number in the sources list (1-based). */
export type CitationNumbers = ReadonlyMap<string, number>;

/** Source id → number in the sources list, in `sources.yaml` order. */
export function citationNumbers(b: { readonly sources: readonly { readonly id: string }[] }): Map<string, number> {
  return new Map(b.sources.map((s, i) => [s.id, i + 1]));
}
