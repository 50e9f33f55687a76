/**
 * The top-level blocks of a prose section's Markdown, with their plain text: what a build records of its prose
 * (src/metrics/changes.ts). Block n (from 1) is the element keyed `prose:<section id>:<n>`, which the renderer
 * counts with this module's walk ({@link blockRanges}, through html/markdown.ts `topLevelBlocks`), so the two
 * cannot drift apart.
 *
 * A top-level block is a block markdown-it parses at the outermost level of the section body: a paragraph, a
 * list (one block however many items), a table, a block quote, a heading, a code block, a rule. A `::: chart`
 * container is not a block of its own (its chart is keyed `chart:<id>`), and the blocks inside it count as
 * top-level: its closing `:::` is optional, so it often holds the rest of the section. Blocks are numbered
 * from 1 in reading order.
 */
import markdownIt, { type MarkdownIt, type Token } from 'markdown-it';
import markdownItContainer from 'markdown-it-container';
import { CHART_DIRECTIVE } from './prose.ts';

/** One top-level block: its plain text, the 0-based line of the body where it starts and the line after its end. */
export interface ProseBlock {
  /**
   * The block's words as written, without Markdown syntax: inline runs joined by a space, the items of a list
   * or the cells of a table by a line break, code as written. Citations (`[@s-wire]`) and inline values
   * (`{figure:x}`) stay as written, so a renumbered source list or a changed figure does not change the text.
   * Quotes and dashes are typographic, as printed.
   */
  readonly text: string;
  readonly line: number;
  readonly end: number;
}

/** The block parser: the renderer's options and its `::: chart` container (html/markdown.ts), no inline plugins. */
function blockParser(): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: true });
  md.use(markdownItContainer, 'chart', { validate: (params: string) => CHART_DIRECTIVE.test(`:::${params}`) });
  return md;
}

const PARSER = blockParser();

/**
 * The top-level blocks of a token stream (markdown-it's `parse` of a section body), as the renderer keys them
 * (html/markdown.ts `topLevelBlocks` reads the first of each from here): the index of each block's first token
 * and of its last. A `::: chart` container is no block.
 */
export function blockRanges(tokens: readonly { readonly type: string; readonly nesting: number }[]): { first: number; last: number }[] {
  const blocks: { first: number; last: number }[] = [];
  let depth = 0;
  tokens.forEach((t, i) => {
    if (t.type.startsWith('container_chart')) return;
    if (depth === 0 && t.nesting >= 0 && t.type !== 'inline') blocks.push({ first: i, last: i });
    depth += t.nesting;
    // Back at depth 0: the block that began last ends here.
    if (depth === 0 && blocks.length > 0) blocks.at(-1)!.last = i;
  });
  return blocks;
}

/** The plain text of tokens `first`..`last` (see {@link ProseBlock.text}). */
function plainText(tokens: readonly Token[], first: number, last: number): string {
  const parts: string[] = [];
  for (let i = first; i <= last; i++) {
    const t = tokens[i]!;
    if (t.type === 'inline') {
      parts.push(
        (t.children ?? [])
          .map((c) => (c.type === 'text' || c.type === 'code_inline' || c.type === 'image' ? c.content : c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : ''))
          .join(''),
      );
    } else if (t.type === 'fence' || t.type === 'code_block') parts.push(t.content.replace(/\n$/, ''));
  }
  return parts.join('\n');
}

/** The top-level blocks of a section body in reading order (block n is `prose:<section>:<n>`). */
export function proseBlocks(markdown: string): ProseBlock[] {
  const tokens = PARSER.parse(markdown, {});
  return blockRanges(tokens).map(({ first, last }) => {
    const [line, end] = tokens[first]!.map ?? [0, 1];
    return { text: plainText(tokens, first, last), line, end };
  });
}
