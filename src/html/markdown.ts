/**
 * Markdown for prose sections and profile fields: markdown-it with raw HTML off, plus citation markers
 * `[@source-id]` rendered as numbered links to the sources list (`[3]`), and inline values (`{figure:ID}`,
 * `{metric:ID:ROW}`, see inline.ts) rendered as links to their rows, their sources cited or merged into the
 * citation marker that follows them.
 */
import { blockRanges } from '../content/blocks.ts';
import markdownItContainer from 'markdown-it-container';
import markdownIt, { type MarkdownIt, type StateCore, type StateInline } from 'markdown-it';
import { inlineTokenAt, parseInlineToken } from '../content/inline.ts';
import { CHART_DIRECTIVE } from '../content/prose.ts';
import { CITATION_AT_START, citationIds, type CitationNumbers } from '../content/citations.ts';
import { errorOf, msg } from '../messages.ts';
import { NO_INLINE_VALUES, valueHtml, type InlineValues, type ResolvedValue } from './inline.ts';
import { unique } from '../lists.ts';
import { useLangSpans } from './lang-span.ts';
import { escapeHtml } from '../text.ts';

export { citationNumbers, type CitationNumbers } from '../content/citations.ts';

/** Anchor id of a source in the sources list. */
export const sourceAnchor = (id: string): string => `source-${id}`;

/**
 * HTML of one citation marker for the given source ids: `<sup class="cite"><a href="#source-x">[1]</a>…</sup>`,
 * each link with `title="<the source's title>"` when `numbers.titles` has it.
 */
export function citationHtml(ids: readonly string[], numbers: CitationNumbers): string {
  const links = ids.map((id) => {
    const n = numbers.get(id);
    if (n === undefined) throw errorOf(msg.citationUnknownSource(id), RangeError);
    const title = numbers.titles?.get(id);
    return `<a href="#${sourceAnchor(id)}"${title === undefined ? '' : ` title="${escapeHtml(title)}"`}>${n}</a>`;
  });
  // <wbr> lets a long list of sources break instead of widening the page (Chromium would shrink every page).
  return `<sup class="cite">[${links.join(',<wbr>')}]</sup>`;
}

/** What `md.render` may be given as its environment: the prose section whose top-level blocks get keys. */
export interface ProseEnv {
  readonly section?: string;
}

/**
 * The element key of the `n`-th (1-based) top-level block of a prose section (`prose:<section>:<n>`), the
 * `data-key` the preview marks changes and problems by. Blocks are counted as {@link topLevelBlocks} does.
 */
export const proseKey = (section: string, n: number): string => `prose:${section}:${n}`;

/**
 * The indexes of a token stream's top-level blocks (paragraph, list, table, blockquote, heading, fence, rule)
 * in order: the opening token of each block at depth 0. A `::: chart` container is no block and no level: what
 * it holds counts as top-level (its closing `:::` is optional).
 */
export function topLevelBlocks(tokens: readonly { readonly type: string; readonly nesting: number }[]): number[] {
  return blockRanges(tokens).map((b) => b.first);
}

/** The marker a chart directive renders to, replaced by the chart's figure once the page is laid out. */
export const chartMarker = (id: string): string => `<!--briefing:chart:${id}-->`;

/**
 * A markdown-it instance for briefing prose: CommonMark, no raw HTML, typographic quotes, citation markers,
 * inline values (`values`; a token they do not hold prints as written), language spans `[text]{lang=ja}`
 * (lang-span.ts). Citation links carry their source's title ({@link citationHtml}).
 * Unknown citation ids throw RangeError (the loader reports them with file and line before this runs).
 */
export function createMarkdown(numbers: CitationNumbers, values: InlineValues = NO_INLINE_VALUES): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: true });
  useInlineValues(md, values, numbers);
  md.inline.ruler.before('link', 'citation', (state: StateInline, silent: boolean): boolean => {
    const src = state.src.slice(state.pos);
    const m = CITATION_AT_START.exec(src);
    if (!m) return false;
    if (!silent) {
      const token = state.push('citation', '', 0);
      token.meta = { ids: citationIds(m[1]!) };
    }
    state.pos += m[0].length;
    return true;
  });
  md.renderer.rules['citation'] = (tokens, idx) => citationHtml((tokens[idx]!.meta as { ids: string[] }).ids, numbers);
  useLangSpans(md);
  // Section files use `##` for sub-headings under the section's own <h2>: shift them one level down.
  for (const rule of ['heading_open', 'heading_close'] as const) {
    md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
      const token = tokens[idx]!;
      const level = Math.min(6, Number(token.tag.slice(1)) + 1);
      token.tag = `h${level}`;
      return self.renderToken(tokens, idx, options);
    };
  }
  // `::: chart <id>` places a declared chart in the prose: a marker here, the chart's figure after the layout
  // renders (see compileTemplates). A closing `:::` is optional: what follows the marker renders as usual.
  md.use(markdownItContainer, 'chart', {
    validate: (params: string) => CHART_DIRECTIVE.test(`:::${params}`),
    render: (tokens: { nesting: number; info: string }[], idx: number) => {
      const token = tokens[idx]!;
      return token.nesting === 1 ? chartMarker(CHART_DIRECTIVE.exec(`:::${token.info}`)![1]!) : '';
    },
  });
  // A prose section's top-level blocks carry their keys (`{{md markdown section=id}}`).
  md.core.ruler.push('block_keys', (state: StateCore) => {
    const section = (state.env as ProseEnv | undefined)?.section;
    if (typeof section !== 'string') return;
    topLevelBlocks(state.tokens).forEach((at, i) => state.tokens[at]!.attrSet('data-key', proseKey(section, i + 1)));
  });
  // Images never load: a briefing's pictures are its charts. An image in Markdown prints as its alt text.
  md.renderer.rules['image'] = (tokens, idx) => `<span class="image-alt">${md.utils.escapeHtml(tokens[idx]!.content)}</span>`;
  // Links open nowhere inside the print page; external links keep their href for the PDF reader.
  md.renderer.rules['link_open'] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!;
    const href = String(token.attrGet('href') ?? '');
    if (!/^(https?:|mailto:|#)/i.test(href)) token.attrSet('href', '#');
    return self.renderToken(tokens, idx, options);
  };
  return md;
}

/** What an `inline_value` token carries: the value, and the sources its own citation marker shows (none when merged). */
interface InlineValueMeta {
  readonly value: ResolvedValue;
  cite: readonly string[];
}

/**
 * The inline values of `values` in Markdown: an inline rule reads the token, a core rule (after inline
 * parsing) merges each value's sources into a citation marker that follows it (after a space at most), in
 * the order of the sources list; a value in a heading is cited nowhere (headings carry no citations).
 */
function useInlineValues(md: MarkdownIt, values: InlineValues, numbers: CitationNumbers): void {
  md.inline.ruler.before('link', 'inline_value', (state: StateInline, silent: boolean): boolean => {
    const written = inlineTokenAt(state.src, state.pos);
    const ref = written === undefined ? undefined : parseInlineToken(written);
    const value = ref === undefined ? undefined : values.get(ref.token);
    if (value === undefined) return false;
    if (!silent) state.push('inline_value', '', 0).meta = { value, cite: value.sources } satisfies InlineValueMeta;
    state.pos += written!.length;
    return true;
  });
  const order = (ids: readonly string[]): string[] => unique(ids).sort((a, b) => (numbers.get(a) ?? 0) - (numbers.get(b) ?? 0));
  md.core.ruler.push('inline_value_citations', (state: StateCore) => {
    state.tokens.forEach((block, b) => {
      const inHeading = state.tokens[b - 1]?.type === 'heading_open';
      const children = block.type === 'inline' ? (block.children ?? []) : [];
      children.forEach((t, i) => {
        if (t.type !== 'inline_value') return;
        const meta = t.meta as unknown as InlineValueMeta;
        const gap = children[i + 1]?.type === 'text' && /^[ \t]*$/.test(children[i + 1]!.content) ? 2 : 1;
        const next = children[i + gap];
        if (inHeading) meta.cite = [];
        else if (next?.type === 'citation') {
          const marker = next.meta as { ids: string[] };
          marker.ids = order([...meta.cite, ...marker.ids]);
          meta.cite = [];
        }
      });
    });
  });
  md.renderer.rules['inline_value'] = (tokens, idx) => {
    const meta = tokens[idx]!.meta as unknown as InlineValueMeta;
    return valueHtml(meta.value) + (meta.cite.length === 0 ? '' : citationHtml(meta.cite, numbers));
  };
}
