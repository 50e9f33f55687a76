/**
 * Run as its own process by bench/run.ts: the first font subsetting in a fresh process (reading the font
 * files, compiling the harfbuzz and WOFF2 WebAssembly, subsetting), as a cold build pays it in its HTML stage.
 *
 *   node bench/lib/cold-fonts.ts <all|latin> <text-file>
 *
 * Prints one JSON line: {"firstMs": ..., "secondMs": ...} (second: a cache miss in the same, now warm, FontSet).
 */
import { readFile } from 'node:fs/promises';
import { FONT_FACES, FontSet } from '../../src/fonts.ts';

const [which, textFile] = process.argv.slice(2);
if ((which !== 'all' && which !== 'latin') || textFile === undefined) {
  process.stderr.write('usage: node bench/lib/cold-fonts.ts <all|latin> <text-file>\n');
  process.exit(2);
}
const text = await readFile(textFile, 'utf8');
const fonts = new FontSet(which === 'all' ? FONT_FACES : FONT_FACES.filter((f) => !f.fallback));
let start = performance.now();
await fonts.fontFaceCss(text);
const firstMs = performance.now() - start;
start = performance.now();
const unused = [...'ȩȫȭȯȱȳ'].find((c) => !text.includes(c)) ?? '';
await fonts.fontFaceCss(text + unused);
const secondMs = performance.now() - start;
process.stdout.write(`${JSON.stringify({ firstMs, secondMs })}\n`);
