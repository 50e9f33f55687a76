/**
 * The pipeline's stages import only from earlier stages, in the order the README gives:
 * content → metrics → charts → html → pdf. The coordinators (src/*.ts, preview, cli) may import any stage.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

const ORDER = ['content', 'metrics', 'charts', 'html', 'pdf'] as const;

/** Every relative import of a stage folder's files that reaches another stage folder. */
function crossings(stage: string): { file: string; to: string }[] {
  const dir = path.join(ROOT, 'src', stage);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/from '\.\.\/([a-z]+)\//g)].map((m) => ({ file: `src/${stage}/${f}`, to: m[1]! })));
}

describe('import direction between stages', () => {
  it('finds the imports it checks', () => {
    expect(crossings('metrics').some((c) => c.to === 'content')).toBe(true);
  });

  for (const [i, stage] of ORDER.entries()) {
    it(`${stage} imports only from earlier stages`, () => {
      const later = crossings(stage).filter((c) => (ORDER as readonly string[]).indexOf(c.to) > i);
      expect(later).toEqual([]);
    });
  }
});
