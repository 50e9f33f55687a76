/**
 * A first build (nothing can come from a cache) draws its charts and makes its font subsets in the render
 * worker (src/charts/render-thread.ts), which loads their libraries while the main thread loads the engine:
 * the main thread never loads Vega, the canvas, harfbuzz, fontkit or cacache, and the files are the bytes
 * a build from a full cache writes.
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, SAMPLE, tempDir } from '../helpers/cli.ts';

/** Reports, on exit, the packages the main thread resolved of those the render worker takes over (one line `MAIN name,…`). */
const HOOK = `import { registerHooks } from 'node:module';
import { isMainThread } from 'node:worker_threads';
const WATCHED = /\\/node_modules\\/(vega|vega-lite|@napi-rs\\/canvas|subset-font|harfbuzzjs|fontkit|cacache)\\//;
const seen = new Set();
if (isMainThread) {
  registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); const m = WATCHED.exec(r.url); if (m) seen.add(m[1]); return r; } });
  process.on('exit', () => process.stderr.write('MAIN ' + [...seen].sort().join(',') + '\\n'));
}
`;

describe('a first build on a fresh machine', () => {
  let hook: string;
  beforeAll(async () => {
    hook = path.join(await tempDir(), 'main-thread-modules.mjs');
    await writeFile(hook, HOOK);
  });

  it('loads Vega, the canvas, the font tools and cacache only in the render worker', async () => {
    const out = await tempDir();
    const r = spawnSync(process.execPath, ['--import', hook, path.join(ROOT, 'bin', 'briefing.js'), 'build', SAMPLE, '--out', out, '--no-cache'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(/^MAIN (.*)$/m.exec(r.stderr)?.[1], r.stderr).toBe('');
  });

  it('writes the bytes of a build whose charts and fonts all come from the cache', async () => {
    const [fresh, filled, cached] = [await tempDir(), await tempDir(), await tempDir()];
    const cacheDir = path.join(await tempDir(), 'cache');
    for (const [out, args] of [[fresh, ['--no-cache']], [filled, ['--cache-dir', cacheDir]], [cached, ['--cache-dir', cacheDir]]] as const) {
      const run = await runCli(['build', SAMPLE, '--out', out, ...args]);
      expect(run.code, run.stderr).toBe(0);
    }
    const lookups = (JSON.parse(await readFile(path.join(cached, 'manifest.json'), 'utf8')) as { cache: { lookups: Record<string, { misses: number }> } }).cache.lookups;
    expect([lookups['chart']!.misses, lookups['font']!.misses]).toEqual([0, 0]);
    for (const file of ['ai-ipo-2026.html', 'ai-ipo-2026.pdf']) {
      const [a, b, c] = await Promise.all([fresh, filled, cached].map((dir) => readFile(path.join(dir, file))));
      expect(a!.equals(c!), file).toBe(true);
      expect(b!.equals(c!), file).toBe(true);
    }
  });
});
