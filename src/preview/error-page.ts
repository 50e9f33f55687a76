/**
 * The preview's error page, shown while the draft has no good render yet (afterwards an error shows as a
 * banner over the last good render: page.ts): every diagnostic with its place (linked to the editor), message,
 * hint and the lines around it. It reads at 390 px: a viewport, and code frames that wrap.
 */
import path from 'node:path';
import { codeFrameColumns } from '@babel/code-frame';
import { placeWords, type Diagnostic } from '../errors.ts';
import { isInside, MAX_FILE_BYTES, readInside } from '../files.ts';
import { problem } from '../messages.ts';
import { escapeHtml } from '../text.ts';
import type { EditorLink } from './editor.ts';

/**
 * The lines of `file` around `line` (1-based), the line itself marked, and under it a caret at `column` when
 * the diagnostic has one: @babel/code-frame's frame, escaped for HTML, the marked line set apart for the
 * overlay's style. The file is read only from inside one of `roots` (the briefing folder, the templates),
 * through {@link readInside}: a diagnostic about a link that leads outside never shows its target's lines.
 * Empty when the file cannot be read.
 */
export async function codeFrame(file: string, line: number, column: number | undefined, roots: readonly string[], around = 3): Promise<string> {
  const root = roots.find((r) => isInside(path.resolve(r), path.resolve(file)));
  const read = root === undefined ? undefined : await readInside(root, path.relative(root, file), MAX_FILE_BYTES);
  if (read === undefined || !('text' in read)) return '';
  const frame = codeFrameColumns(read.text, { start: column === undefined ? { line } : { line, column } }, { linesAbove: around, linesBelow: around, highlightCode: false });
  // The marked line starts with '>' in the frame: tested before escaping, which turns it into &gt;.
  const rows = frame.split('\n').map((row) => (row.startsWith('>') ? `<span class="hit">${escapeHtml(row)}</span>` : escapeHtml(row)));
  return `<pre class="frame">${rows.join('\n')}</pre>`;
}

/** A place as HTML: a link to the editor when there is one, else plain. */
export function placeHtml(where: string, link: string | null, className = 'where'): string {
  if (where === '') return '';
  return link === null ? `<code class="${className}">${escapeHtml(where)}</code>` : `<a class="${className}" href="${escapeHtml(link)}">${escapeHtml(where)}</a>`;
}

/** The error page: every diagnostic with its place (an editor link), field, code, message, hint and code frame. */
export async function errorPage(errors: readonly Diagnostic[], roots: readonly string[], link: EditorLink): Promise<string> {
  const items = await Promise.all(
    errors.map(async (d) => {
      const frame = d.file !== undefined && d.line !== undefined ? await codeFrame(d.file, d.line, d.column, roots) : '';
      return `<li class="error"><p class="where">${placeHtml(placeWords(d), link(d), 'place')}${d.path ? ` <span class="field">${escapeHtml(d.path)}</span>` : ''} <span class="code">${d.code}</span></p>
<p class="message">${escapeHtml(d.message)}</p><p class="hint">${escapeHtml(d.hint)}</p>${frame}</li>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Error: briefing preview</title><style>
body{margin:0;font:14px/1.5 system-ui,sans-serif;background:#2b1214;color:#fbeaea}
.overlay{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:18px;color:#ff8f8f;margin:0 0 16px}
ol{list-style:none;padding:0}.error{background:#3a1a1d;border-left:4px solid #ff6b6b;padding:12px 16px;margin:0 0 16px}
.where{font-family:ui-monospace,monospace;color:#ffd7d7;margin:0;overflow-wrap:anywhere}.where a{color:inherit}.field{color:#ffb86b}.code{color:#bbb;font-size:12px}
.message{font-weight:600;margin:6px 0;overflow-wrap:anywhere}.hint{color:#e8c8c8;margin:0 0 8px}
.frame{background:#1d0d0f;padding:8px;overflow:auto;font-size:13px;white-space:pre-wrap;overflow-wrap:anywhere}.hit{color:#fff;background:#5a2327;display:inline-block;min-width:100%}
@media (max-width:40rem){.overlay{padding:12px}.error{padding:10px}.frame{font-size:12px}}
</style></head><body><div class="overlay" id="briefing-error-overlay" role="alert">
<h1>${escapeHtml(problem.draftErrors(errors.length))}</h1>
<ol>${items.join('\n')}</ol></div></body></html>`;
}
