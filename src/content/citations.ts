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

/**
 * Source id → its number in the sources list (1-based), and, when known, source id → the source's title: a
 * citation link carries the title, so that it says what it goes to (the PDF link's `/Contents`, PDF/UA
 * ISO 14289-1 7.18.5; src/pdf/standards/link-labels.ts).
 */
export interface CitationNumbers extends ReadonlyMap<string, number> {
  readonly titles?: ReadonlyMap<string, string>;
}

/** Source id → number in the sources list, in `sources.yaml` order, with each source's title. */
export function citationNumbers(b: { readonly sources: readonly { readonly id: string; readonly title: string }[] }): CitationNumbers {
  return Object.assign(new Map(b.sources.map((s, i) => [s.id, i + 1])), { titles: new Map(b.sources.map((s) => [s.id, s.title])) });
}
