// Loaded with `node --import` by test/e2e/startup.test.ts: on exit, prints which heavy packages the process
// resolved (puppeteer, Vega, Handlebars, the font tools, zod), one line `HEAVY name,name`.
import { registerHooks } from 'node:module';

const HEAVY = /\/node_modules\/(puppeteer|puppeteer-core|vega|vega-lite|handlebars|fontkit|subset-font|@napi-rs\/canvas|zod)\//;
const seen = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    const m = HEAVY.exec(result.url);
    if (m) seen.add(m[1]);
    return result;
  },
});
process.on('exit', () => process.stderr.write(`HEAVY ${[...seen].sort().join(',')}\n`));
