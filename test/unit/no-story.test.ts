/**
 * The engine knows no single story: no word of the sample briefing's story appears in src/ or in the
 * default template. A briefing declares its groups, metrics and charts in its own folder instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

const STORY = /\b(spacex|openai|anthropic|colossus|cohort|ipo-candidate|floatScenarios|revenueMixOf)\b/i;

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    return statSync(path.join(ROOT, rel)).isDirectory() ? filesUnder(rel) : [rel];
  });
}

describe('no story in the engine', () => {
  const files = [...filesUnder('src'), ...filesUnder(path.join('templates', 'default'))];

  it('scans the engine and the default template', () => {
    expect(files.some((f) => f.endsWith(path.join('metrics', 'declared.ts')))).toBe(true);
    expect(files.some((f) => f.endsWith('layout.hbs'))).toBe(true);
  });

  it('finds no word of the sample’s story in src/ or templates/default', () => {
    const hits = files.flatMap((f) =>
      readFileSync(path.join(ROOT, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (STORY.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('would notice such a word', () => {
    expect(STORY.test('const group = "ipo-candidate";')).toBe(true);
    expect(STORY.test('The IPO Cohort combined')).toBe(true);
    expect(STORY.test('cohorts of data')).toBe(false);
  });
});
