/**
 * Progress of a build run. On a terminal: a status line redrawn in place, and one line per finished
 * briefing. Otherwise (a pipe, a log file, or `CI` set): one plain line per event. Colour only on a terminal
 * and never with `NO_COLOR` (Node's `util.styleText` checks both).
 */
import { styleText } from 'node:util';
import type { BatchEntry } from '../batch.ts';
import { formatDiagnostic } from '../errors.ts';

/** Where progress goes: a stream and whether it is an interactive terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Receives a run's events. */
export interface Progress {
  start(dir: string): void;
  done(entry: BatchEntry): void;
  /** A browser event (launch, crash, restart) worth a line in the log. */
  note(message: string): void;
  /** Clear the status line; call once at the end. */
  finish(): void;
}

/**
 * Progress for `total` briefings: results on `stream` (interactive when it is a TTY and `CI` is not set),
 * failures and warnings on `errors`; with `debug` (`--debug`), a failure's stack trace under its errors.
 */
export function createProgress(stream: ProgressStream, errors: ProgressStream, total: number, env: NodeJS.ProcessEnv = process.env, debug = false): Progress {
  const interactive = stream.isTTY === true && !env['CI'];
  const painter =
    (target: ProgressStream) =>
    (format: Parameters<typeof styleText>[0], text: string): string =>
      target.isTTY === true ? styleText(format, text, { stream: target as NodeJS.WritableStream, validateStream: true }) : text;
  const paint = painter(stream);
  const paintErr = painter(errors);
  const running = new Set<string>();
  let finished = 0;
  let status = '';
  const clear = (): void => {
    if (interactive && status !== '') stream.write(`\r\x1b[2K`);
    status = '';
  };
  const redraw = (): void => {
    if (!interactive) return;
    clear();
    if (running.size === 0) return;
    status = `[${finished}/${total}] building ${[...running].join(', ')}`;
    stream.write(paint('dim', status.slice(0, 160)));
  };
  const line = (text: string, target: ProgressStream = stream): void => {
    clear();
    target.write(`${text}\n`);
    redraw();
  };
  return {
    start(dir) {
      running.add(dir);
      if (interactive) redraw();
      else line(`start ${dir}`);
    },
    done(entry) {
      running.delete(entry.dir);
      finished++;
      if (entry.ok) {
        const r = entry.result;
        const ms = Object.values(r.timings).reduce((a, b) => a + (b ?? 0), 0);
        const files = r.files.map((f) => `${f.path} (${(f.bytes / 1024).toFixed(0)} KiB)`).join(', ');
        for (const w of r.warnings) line(`${paintErr('yellow', 'warning:')} ${formatDiagnostic(w)}${w.page !== undefined ? `\n  → ${w.hint}` : ''}`, errors);
        line(`${paint('green', 'built')} ${r.id}${r.pages !== undefined ? ` (${r.pages} pages)` : ''}: ${files} in ${(ms / 1000).toFixed(1)} s`);
      } else {
        line(`${paintErr('red', 'failed')} ${entry.dir}`, errors);
        for (const d of entry.errors) line(`${paintErr('red', 'error:')} ${formatDiagnostic(d)}\n  → ${d.hint}`, errors);
        if (debug && entry.trace !== undefined) line(entry.trace, errors);
      }
    },
    note(message) {
      line(paintErr('dim', message), errors);
    },
    finish() {
      clear();
    },
  };
}
