/**
 * What the catalogue's modules share: {@link clip} for the text of long values, and {@link ExamplesFit}, the
 * compile-time check that each record's example arguments are arguments its message takes.
 *
 * This module is a leaf of the catalogue: it imports only src/errors.ts.
 */
import type { ErrorData } from '../errors.ts';

/** `text` cut to `n` characters (an ellipsis the last of them) when it is longer; `text` itself otherwise. */
export function clip(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

/**
 * Each record's example arguments are arguments its message takes: `RECORDS satisfies ExamplesFit<typeof
 * RECORDS>` fails to compile, at the record, when an example has the wrong number or types of arguments.
 */
export type ExamplesFit<T extends Record<string, ErrorData>> = { readonly [K in keyof T]: { readonly example: Readonly<Parameters<T[K]['message']>> } };
