/**
 * Character references in HTML text, decoded once for every reader of the final HTML: the font subsets' text
 * (render.ts `visibleText`) and the link labels (link-labels.ts).
 */

/** Named character references decoded (what templates and markdown-it write); others stay as written. */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad', ndash: '\u2013', mdash: '\u2014',
  hellip: '\u2026', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', laquo: '\u00ab', raquo: '\u00bb',
  middot: '\u00b7', bull: '\u2022', thinsp: '\u2009', ensp: '\u2002', emsp: '\u2003', copy: '\u00a9', reg: '\u00ae',
  trade: '\u2122', deg: '\u00b0', times: '\u00d7', minus: '\u2212', euro: '\u20ac', pound: '\u00a3', yen: '\u00a5',
};

/**
 * `text` with numeric character references and the {@link NAMED} ones decoded; a number past Unicode's last
 * code point (or zero) decodes to nothing, an unknown name stays as written.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#[xX]([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));/g, (m, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? m;
    const n = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
  });
}
