/**
 * Text helpers shared by the stages and the coordinators. A leaf: it imports nothing of the project, so
 * every stage may import it.
 */

/**
 * `text` safe inside HTML or XML, as element text or a double-quoted attribute value: `&`, `<`, `>` and `"`
 * become entities (`a < b & "c"` → `a &lt; b &amp; &quot;c&quot;`). Single quotes are kept as they are.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `text` as a regular-expression source that matches it literally (`$1.5` → `\$1\.5`). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The 1-based line and column of offset `at` of `text` (lines end at `\n`; a column counts UTF-16 units). */
export function lineColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}
