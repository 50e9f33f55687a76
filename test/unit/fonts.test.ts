/** The shipped font set (src/fonts.ts): which characters it can draw. */
import { describe, expect, it } from 'vitest';
import { FontSet } from '../../src/fonts.ts';

describe('FontSet', () => {
  it('finds characters the shipped fonts cannot draw', async () => {
    const fonts = new FontSet();
    expect(await fonts.missingCharacters('SpaceX 摩尔线程 − – ×')).toEqual([]);
    expect(await fonts.missingCharacters('Example 한국 Co ⚡')).toEqual(['한', '국', '⚡']);
  });
});
