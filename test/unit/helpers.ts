/**
 * Shared helpers of the unit tests: the sample briefing's files as an in-memory {@link ContentFiles}, text
 * mutation, and line/column lookup for expected diagnostic positions.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BriefingError } from '../../src/errors.ts';
import type { ContentFiles } from '../../src/content/read.ts';

/** Absolute path of the sample briefing folder. */
export const SAMPLE_DIR = fileURLToPath(new URL('../../content/ai-ipo-2026/', import.meta.url));

/** `dir` the in-memory briefings are given; diagnostics name files as `fx/<relative path>`. */
export const FX = 'fx';

/** Every `.yaml`/`.md` file of the sample, keyed by its path relative to the folder. */
export function sampleFiles(): Map<string, string> {
  cached ??= readSample();
  return new Map(cached);
}

let cached: ReadonlyMap<string, string> | undefined;

function readSample(): Map<string, string> {
  const files = new Map<string, string>();
  for (const sub of ['', 'companies/', 'sections/', 'charts/', 'data/']) {
    if (!existsSync(SAMPLE_DIR + sub)) continue;
    for (const name of readdirSync(SAMPLE_DIR + sub).sort()) {
      if (/\.(ya?ml|md)$/.test(name)) files.set(sub + name, readFileSync(SAMPLE_DIR + sub + name, 'utf8'));
    }
  }
  return files;
}

/** The sample as ContentFiles named `fx`. */
export function sample(mutate?: (files: Map<string, string>) => void): ContentFiles {
  const files = sampleFiles();
  mutate?.(files);
  return { dir: FX, files };
}

/** Replace the first occurrence of `from` in `file` (fails loudly when the sample no longer contains it). */
export function replaceIn(files: Map<string, string>, file: string, from: string, to: string): void {
  const text = files.get(file);
  if (text === undefined) throw new Error(`sample has no ${file}`);
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  files.set(file, text.replace(from, to));
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  if (i === -1) throw new Error(`text does not contain ${JSON.stringify(needle)}`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** Run `fn`, expect it to throw an error of class `type`, and return it (any other error is thrown on). */
export function thrown<E extends Error>(fn: () => unknown, type: new (...args: never[]) => E): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}

/** Run `fn`, expect it to throw a BriefingError, and return it. */
export function catchBriefingError(fn: () => unknown): BriefingError {
  return thrown(fn, BriefingError);
}
