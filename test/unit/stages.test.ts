/**
 * The pipeline's layering holds (`.dependency-cruiser.cjs`, run here through dependency-cruiser's API): the
 * stages content → metrics → charts → html → pdf import only from earlier stages and the shared leaves, no
 * stage or leaf imports a coordinator, the message catalogue is a leaf, and there is no import circle, type
 * imports included. A fixture that breaks two rules shows that the rules catch what they claim to.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

const config = createRequire(import.meta.url)(path.join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: IForbiddenRuleType[]; options: Record<string, unknown> };

/** `rule: from → to` for every violation of the rules in `src` under `baseDir`. */
async function violations(baseDir: string): Promise<string[]> {
  const result = await cruise(['src'], { ...config.options, baseDir, ruleSet: { forbidden: config.forbidden }, validate: true, outputType: 'json' });
  const output = (typeof result.output === 'string' ? JSON.parse(result.output) : result.output) as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('layering (dependency-cruiser)', () => {
  it('has a rule per stage boundary, and against circles, coordinators and a catalogue that imports', () => {
    expect(config.forbidden.map((r) => r.name)).toEqual([
      'no-circular',
      'content-imports-no-later-stage',
      'metrics-imports-no-later-stage',
      'charts-imports-no-later-stage',
      'html-imports-no-later-stage',
      'stages-and-leaves-import-no-coordinator',
      'shared-leaves-import-no-later-stage',
      'catalogue-is-a-leaf',
    ]);
  });

  it('catches a stage that imports a later one and a type-only circle', async () => {
    expect(await violations(path.join(ROOT, 'test', 'fixtures', 'layering'))).toEqual([
      'content-imports-no-later-stage: src/content/early.ts → src/pdf/late.ts',
      'no-circular: src/content/early.ts → src/pdf/late.ts',
    ]);
  });

  it('finds no violation in src/', async () => {
    expect(await violations(ROOT)).toEqual([]);
  }, 60_000);
});
