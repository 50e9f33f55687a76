/**
 * The build's progress lines for a failed briefing: its errors with their hints, and with `--debug` the stack
 * trace behind the failure that the hint promises (the cause of a BriefingError, or a bug's own stack).
 */
import { describe, expect, it } from 'vitest';
import type { BatchEntry } from '../../src/batch.ts';
import { asFailure, BriefingError, traceOf } from '../../src/errors.ts';
import { msg } from '../../src/messages.ts';
import { createProgress } from '../../src/cli/progress.ts';

/** The lines a progress writes for one failed entry, with or without `--debug`. */
function failedLines(entry: BatchEntry, debug: boolean): string {
  const out: string[] = [];
  const err: string[] = [];
  const progress = createProgress({ write: (t) => out.push(t) }, { write: (t) => err.push(t) }, 1, {}, debug);
  progress.done(entry);
  progress.finish();
  return [...out, ...err].join('');
}

describe('a failed briefing in the build progress', () => {
  const bug = new TypeError("Cannot read properties of null (reading 'selector')");
  const wrapped = BriefingError.of(msg.printFailed(bug.message), {}, bug);

  it('prints the cause behind a BriefingError only with --debug', () => {
    const trace = traceOf(wrapped);
    expect(trace).toBe(bug.stack);
    const entry: BatchEntry = { dir: '/b', ok: false, ...asFailure(wrapped), trace: trace! };
    const plain = failedLines(entry, false);
    expect(plain).toContain("printing failed: Cannot read properties of null (reading 'selector')");
    const frame = bug.stack!.split('\n')[1]!.trim();
    expect(plain).not.toContain(frame);
    expect(failedLines(entry, true)).toContain(frame);
  });

  it('takes a bug\'s own stack, and has none for a BriefingError without a cause', () => {
    expect(traceOf(bug)).toBe(bug.stack);
    expect(traceOf(BriefingError.of(msg.printFailed('x')))).toBeUndefined();
    expect(traceOf('a string')).toBeUndefined();
  });
});
