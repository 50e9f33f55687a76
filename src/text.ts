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
