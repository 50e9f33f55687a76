/**
 * Language spans in briefing prose: `[東京証券取引所]{lang=ja}` prints its text as
 * `<span lang="ja" dir="auto">東京証券取引所</span>`, Pandoc's bracketed-span form restricted to the one
 * attribute. `lang` picks the CJK forms (the `:lang()` rules of src/fonts.ts) and tells screen readers and
 * hyphenation the language; `dir="auto"` sets right-to-left text (Arabic, Hebrew) right to left and isolates
 * it from the sentence around it (HTML gives an element with `dir` `unicode-bidi: isolate`).
 *
 * Raw HTML stays off in Markdown, so `<span lang="ja">` prints as written; a bracket followed by anything but
 * `{lang=TAG}` is a link or plain text as before.
 */
import type { MarkdownIt, StateInline } from 'markdown-it';
import { LANG_ATTRIBUTE } from '../content/prose.ts';

/**
 * Add the `lang_span` inline rule to `md` (before links: `[text]{lang=x}` is never a link). The text inside
 * the brackets is Markdown (emphasis, citations and inline values work in it); brackets may nest.
 */
export function useLangSpans(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'lang_span', (state: StateInline, silent: boolean): boolean => {
    const start = state.pos;
    if (state.src.charCodeAt(start) !== 0x5b /* [ */) return false;
    const end = state.md.helpers.parseLinkLabel(state, start, false);
    if (end < 0) return false;
    const m = LANG_ATTRIBUTE.exec(state.src.slice(end + 1, end + 1 + 64));
    if (m === null) return false;
    if (!silent) {
      const open = state.push('lang_span_open', 'span', 1);
      open.attrs = [
        ['lang', m[2]!],
        ['dir', 'auto'],
      ];
      const max = state.posMax;
      state.pos = start + 1;
      state.posMax = end;
      state.md.inline.tokenize(state);
      state.posMax = max;
      state.push('lang_span_close', 'span', -1);
    }
    state.pos = end + 1 + m[0].length;
    return true;
  });
}
