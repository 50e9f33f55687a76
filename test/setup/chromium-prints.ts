/**
 * Vitest global setup: both samples printed by Chromium **without** the standards pass (`--pdf-standard none`),
 * once per test run, into a temporary folder that tests reach with `inject('chromiumPrints')` (see
 * test/helpers/chromium-prints.ts). Unit tests of the standards pass (src/pdf/standards/) and of the suite's
 * conformance check read these raw prints: the PDFs `npm run briefing` leaves in output/ already carry the pass,
 * and a clean checkout has none.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder holding `ai-ipo-2026.{pdf,html}` and `china-ai-2026.{pdf,html}` as Chromium printed them. */
    chromiumPrints: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'briefing-chromium-prints-'));
  const samples = ['ai-ipo-2026', 'china-ai-2026'].map((id) => path.join(ROOT, 'content', id));
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin', 'briefing.js'), 'build', ...samples, '--out', dir, '--pdf-standard', 'none', '--concurrency', '2'], {
    cwd: ROOT,
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 16 * 1024 * 1024,
  });
  project.provide('chromiumPrints', dir);
  return () => rm(dir, { recursive: true, force: true });
}
