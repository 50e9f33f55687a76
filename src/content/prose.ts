/**
 * Prose scanning, once for every stage: the figures prose states (`PROSE_FIGURE`, built from the amount
 * grammar of `amount.ts`), paragraphs that state one without citing a source, `::: chart <id>` directives, and
 * what is wrong with citation markers. Pure functions of text; `sections.ts` files what they find as
 * diagnostics, and the markdown and chart stages read the directives.
 */
import { msg } from '../messages.ts';
import { MAX_DIAGNOSTICS, type Message } from '../errors.ts';
import { AMOUNT_PATTERNS } from './amount.ts';
import { CITATION, CITATION_AT_START, citationIds } from './citations.ts';
import { forFigureScan } from './inline.ts';
import { suggestion } from './units.ts';

const { number: NUMBER, scaleWord: SCALE_WORD, scale: SCALE_SIGN, currencySign: CURRENCY_SIGN, currencyWord: CURRENCY_WORD, currencyName: CURRENCY_NAME, scaledCurrencyName: SCALED_CURRENCY_NAME } = AMOUNT_PATTERNS;

/**
 * A figure written in prose: money with a currency sign or ISO code before or after the number (`$75 billion`,
 * `€12M`, `DKK 290.4B`, `290.4 billion DKK`, `RMB 5T`) or a currency's name after it (`4.58 trillion yen`,
 * `61.5 billion Swiss francs`, `850 yen`; `3 billion won`, a name that is also an English word, only after a
 * scale), percentages, multiples (`94x`, `94 times`) and scaled amounts (`3.6 trillion`). Years and plain
 * counts are not figures here. Case-sensitive, so that codes are read only in capitals ("ALL 5" is money,
 * "all 5" is not).
 */
export const PROSE_FIGURE = new RegExp(
  [
    `${CURRENCY_SIGN}\\s?${NUMBER}\\s?${SCALE_SIGN}?(?![A-Za-z])`,
    // A code before a year ("CUP 2026") is not money.
    `\\b${CURRENCY_WORD}\\s?(?!(?:19|20)\\d{2}\\b(?![.,]\\d))${NUMBER}\\s?${SCALE_SIGN}?(?![A-Za-z])`,
    `\\b${NUMBER}\\s?(?:${SCALE_SIGN}\\s?)?${CURRENCY_WORD}\\b`,
    `\\b${NUMBER}\\s?(?:${SCALE_SIGN}\\s?)?${CURRENCY_SIGN}`,
    // Before the bare scaled amount below, which would take "4.58 trillion" and leave "yen".
    // A year before a name ("in 2025 dollars") is not money.
    `\\b(?!(?:19|20)\\d{2}\\s?${CURRENCY_NAME}\\b)${NUMBER}\\s?(?:${SCALE_SIGN}\\s?)?${CURRENCY_NAME}\\b`,
    `\\b${NUMBER}\\s?${SCALE_SIGN}\\s?${SCALED_CURRENCY_NAME}\\b`,
    `\\b${NUMBER}\\s?(?:%|[Pp]ercent\\b|[Pp]er cent\\b)`,
    `\\b${NUMBER}\\s?(?:x|×)(?![a-z])`,
    `\\b${NUMBER}\\s?(?:${SCALE_WORD}|times)\\b`,
  ].join('|'),
);

/**
 * Paragraphs and list items of Markdown that state a figure but cite no source: only a well-formed marker
 * naming one of `sourceIds` counts (`[@toString]` or `[@nowhere]` does not), or an inline value
 * (`{figure:ID}`, which prints with its own sources cited). An inline value is no typed figure itself.
 * `line` is 0-based within `markdown`, `column` 1-based; headings are skipped (they cannot carry citations).
 */
export function unsourcedFigures(markdown: string, sourceIds: ReadonlySet<string>): { figure: string; line: number; column: number }[] {
  const written = markdown.split('\n');
  // Inline values blanked out: a line that differs from its written form holds one.
  const lines = written.map(forFigureScan);
  const found: { figure: string; line: number; column: number }[] = [];
  let block: { start: number; text: string[] } | undefined;
  const close = (): void => {
    if (!block) return;
    const text = block.text.join('\n');
    const bound = block.text.some((l, k) => l !== written[block!.start + k]);
    if (!citesSource(text, sourceIds) && !bound) {
      const i = block.text.findIndex((l) => PROSE_FIGURE.test(l));
      if (i !== -1) {
        const m = PROSE_FIGURE.exec(block.text[i]!)!;
        found.push({ figure: m[0].trim(), line: block.start + i, column: m.index + 1 });
      }
    }
    block = undefined;
  };
  lines.forEach((line, i) => {
    if (line.trim() === '' || /^\s{0,3}#/.test(line)) return close();
    if (/^\s*(?:[-*+]|\d+[.)])\s/.test(line)) close();
    if (!block) block = { start: i, text: [] };
    block.text.push(line);
  });
  close();
  return found;
}

/** A BCP 47 language tag as briefings write it (`ja`, `zh-Hant`, `ar-SA`): localLang and language spans. */
export const LANGUAGE_TAG = /[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*/;

/** `{lang=TAG}` right after a span's closing bracket, the tag quoted or not (Pandoc's bracketed span, one attribute). */
export const LANG_ATTRIBUTE = new RegExp(`^\\{\\s*lang=(["']?)(${LANGUAGE_TAG.source})\\1\\s*\\}`);

/** Country codes and three-letter codes written where the language tag of a CJK language belongs, and that tag. */
const LANGUAGE_FOR = new Map([
  ['jp', 'ja'], ['jpn', 'ja'], ['kr', 'ko'], ['kor', 'ko'], ['cn', 'zh-Hans'], ['zho', 'zh'], ['chi', 'zh'], ['tw', 'zh-Hant'], ['hk', 'zh-Hant'],
]);

/**
 * What is wrong with the language spans of `text`: a `]{lang…}` that is not read as one (a bad tag such as
 * `ja_JP`, an unclosed quote: it would print as written) and a tag that names a country or a three-letter
 * code where a CJK language belongs (`jp`: the text would take the default forms). Each with the words as
 * written, to place it.
 */
export function langSpanProblems(text: string): { written: string; message: Message }[] {
  if (!text.includes('{')) return [];
  const found: { written: string; message: Message }[] = [];
  for (const m of text.matchAll(/\]\{[^}\n]{0,64}\}?/g)) {
    if (!/^\]\{\s*lang\b/.test(m[0])) continue;
    const attr = LANG_ATTRIBUTE.exec(m[0].slice(1));
    const written = m[0].slice(1);
    if (attr === null) {
      found.push({ written, message: msg.langSpanForm(written) });
      continue;
    }
    const better = LANGUAGE_FOR.get(attr[2]!.split('-')[0]!.toLowerCase());
    if (better !== undefined) found.push({ written, message: msg.langSpanCountry(attr[2]!, better) });
  }
  return found;
}

/** A chart directive in prose: `::: chart segment-sales` places charts/segment-sales.yaml there. */
export const CHART_DIRECTIVE = /^:::\s*chart\s+([a-z0-9][a-z0-9-]*)\s*$/;

/** Ids of the charts a Markdown text places with `::: chart <id>`, in reading order, with their 0-based lines. */
export function chartDirectives(markdown: string): { id: string; line: number }[] {
  return markdown.split('\n').flatMap((l, line) => {
    const m = CHART_DIRECTIVE.exec(l.trim());
    return m ? [{ id: m[1]!, line }] : [];
  });
}

/**
 * The charts a briefing's prose places with `::: chart <id>`, in reading order: chart id → id of the section
 * that places it (the first, when one is placed twice, which the loader reports). Such a chart prints only
 * there; the `charts` section holds the others.
 */
export function placedCharts(sections: readonly { readonly id: string }[], prose: ReadonlyMap<string, { readonly markdown: string }>): Map<string, string> {
  const placed = new Map<string, string>();
  for (const { id } of sections) for (const d of chartDirectives(prose.get(id)?.markdown ?? '')) if (!placed.has(d.id)) placed.set(d.id, id);
  return placed;
}

/** Longest citation marker read, in characters (a marker of many sources stays far below). */
const MAX_MARKER = 2000;

/**
 * What is wrong with the citation markers of `text`: a marker that is not well formed (`[@toString]`,
 * `[@s-Gogoai]`, an unclosed `[@s`) or that names a source sources.yaml lacks. Each with the marker as
 * written (to locate it) and the message.
 */
export function citationProblems(text: string, sourceIds: ReadonlySet<string>, max = MAX_DIAGNOSTICS): { marker: string; message: Message }[] {
  const found: { marker: string; message: Message }[] = [];
  // Past `max` (what a list keeps) the rest are not worth a did-you-mean each: that search is what costs.
  for (let at = text.indexOf('[@'); at !== -1 && found.length < max; at = text.indexOf('[@', at + 2)) {
    const m = CITATION_AT_START.exec(text.slice(at, at + MAX_MARKER));
    if (m) {
      for (const id of citationIds(m[1]!)) if (!sourceIds.has(id)) found.push({ marker: m[0], message: msg.unknownCitation(id, suggestion(id, sourceIds)) });
      continue;
    }
    const marker = /^\[@[^\]\n]{0,40}\]?/.exec(text.slice(at))![0];
    const id = /^\[@([^\]\s;,]*)/.exec(marker)![1]!;
    found.push({ marker, message: msg.malformedCitation(marker, suggestion(id.toLowerCase(), sourceIds)) });
  }
  return found;
}

/** True when `text` holds a well-formed citation marker that names at least one declared source. */
function citesSource(text: string, sourceIds: ReadonlySet<string>): boolean {
  return [...text.matchAll(CITATION)].some((m) => citationIds(m[1]!).some((id) => sourceIds.has(id)));
}
