/**
 * The samples as Chromium printed them, before the standards pass (made once per run by
 * test/setup/chromium-prints.ts): for the unit tests of src/pdf/standards/ and of the conformance check.
 */
import path from 'node:path';
import { inject } from 'vitest';

/** Path of a sample's raw print: `chromiumPrint('ai-ipo-2026')` or `chromiumPrint('china-ai-2026', 'html')`. */
export function chromiumPrint(id: 'ai-ipo-2026' | 'china-ai-2026', format: 'pdf' | 'html' = 'pdf'): string {
  return path.join(inject('chromiumPrints'), `${id}.${format}`);
}
