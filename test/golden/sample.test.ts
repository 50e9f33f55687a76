/**
 * Golden test: the sample briefing renders to exactly the committed HTML (fonts aside, which are binary).
 * On a mismatch the new output is written beside the golden file as `*-changed.html` to diff. Update on
 * purpose with `npm run test:update`; with CI set, a missing golden file fails instead of being created.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDraft } from '../../src/build.ts';
import { createRenderContext } from '../../src/context.ts';
import { SAMPLE } from '../helpers/cli.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GOLDEN = path.join(HERE, 'ai-ipo-2026.html');
const CHANGED = path.join(HERE, 'ai-ipo-2026-changed.html');

/** Replace inline font data (megabytes of base64) with its length, keeping the rest byte for byte. */
function normalise(html: string): string {
  return html.replace(/url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\)/g, (_m, b64: string) => `url(data:font/woff2;base64,<${b64.length} chars>)`);
}

describe('golden HTML of the sample briefing', () => {
  it('matches test/golden/ai-ipo-2026.html', async () => {
    const draft = await renderDraft(SAMPLE, createRenderContext());
    const html = normalise(await draft.html.compact());
    if (process.env['UPDATE_GOLDEN'] === '1' || (!existsSync(GOLDEN) && !process.env['CI'])) {
      await writeFile(GOLDEN, html);
    }
    const golden = await readFile(GOLDEN, 'utf8');
    if (html !== golden) await writeFile(CHANGED, html);
    else await rm(CHANGED, { force: true });
    expect(html === golden, `rendered HTML differs from the golden file; see ${CHANGED}`).toBe(true);
  });
});
