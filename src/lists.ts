/**
 * List helpers shared by the stages. A leaf: it imports nothing of the project, so every stage may import it.
 */

/** The items of `xs` once each, in order of first appearance (`[b, a, b]` → `[b, a]`; equality as in a `Set`). */
export function unique<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}
