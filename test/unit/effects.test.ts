/** Disk effects of a build (src/effects.ts): outputs are written atomically, as a set. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskEffects } from '../../src/effects.ts';
import { tempDir } from '../helpers/cli.ts';

describe('diskEffects.writeFiles', () => {
  it('replaces no file when one of a pair cannot be written', async () => {
    const out = await tempDir();
    const first = path.join(out, 'a.pdf');
    await writeFile(first, 'old');
    await writeFile(path.join(out, 'blocker'), 'a file where a folder should be');
    const err = await diskEffects
      .writeFiles([
        { path: first, data: 'new' },
        { path: path.join(out, 'blocker', 'b.html'), data: 'new' },
      ])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeDefined();
    expect(await readFile(first, 'utf8')).toBe('old');
  });
});
