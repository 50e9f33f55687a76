/** `briefing preview`: a live HTML draft, through {@link preview} of the API. */
import type { Command } from 'commander';
import type { Problem, RenderReport } from '../../api.ts';
import { formatDiagnostic } from '../../errors.ts';
import { problem } from '../../messages.ts';
import { TEMPLATES_HELP, wholeNumber, type CliIo } from '../io.ts';

/**
 * The terminal's report of each render: a line with its time, problems and changes; every error; and the other
 * problems (warnings, failed claims, disagreements, print lint) whenever they differ from those printed last.
 */
function renderReporter(dir: string, io: CliIo): (r: RenderReport) => void {
  let printed = '';
  return (r) => {
    const counts = [problem.previewProblems(r.problems.length), ...(r.changes === null || r.since === null ? [] : [problem.changesSince(r.changes, r.since)])].join(', ');
    if (r.ok) io.out(`rendered ${dir} in ${Math.round(r.ms)} ms: ${counts}`);
    else for (const d of r.errors) io.err(`error: ${formatDiagnostic(d)}`);
    const rest = r.problems.filter((p) => p.severity !== 'error').map((p) => p.text);
    if (rest.join('\n') !== printed) for (const line of rest) io.err(line);
    printed = rest.join('\n');
  };
}

/** The terminal's report of each `/pdf`: its print lint. */
function printReporter(dir: string, io: CliIo): (r: { ms: number; problems: readonly Problem[] }) => void {
  return (r) => {
    io.out(`printed ${dir} in ${Math.round(r.ms)} ms: ${problem.previewProblems(r.problems.length)}`);
    for (const p of r.problems) io.err(p.text);
  };
}

export function registerPreview(program: Command, io: CliIo): void {
  program
    .command('preview')
    .description('serve a live HTML draft of a briefing that reloads as its files change')
    .argument('<content-dir>', 'briefing folder')
    .option('-p, --port <n>', 'port (0: any free port)', wholeNumber, 4321)
    .option('--host <address>', 'address to listen on (default 127.0.0.1; another exposes the draft to the network)', '127.0.0.1')
    .option('--open', 'open the draft in the default browser')
    .option('--templates <dir>', TEMPLATES_HELP)
    .option('--editor-url <template>', 'link of each problem to its file: {file} (absolute path), {line}, {column}; none for no links (default: $BRIEFING_EDITOR_URL, else vscode://file/{file}:{line}:{column})')
    .option('--since <manifest>', "mark what differs from an earlier build (its manifest.json or output folder); default: the briefing's approved version (<content-dir>/approved.json) when it has one")
    .action(async (dir: string, opts: { port: number; host: string; open?: boolean; templates?: string; editorUrl?: string; since?: string }) => {
      const [{ preview }, { default: open }, { readBaseline }] = await Promise.all([import('../../api.ts'), import('open'), import('../../batch.ts')]);
      // What the draft's changes are marked against: --since, else the approved version; said before it starts.
      const baseline = await readBaseline(dir, opts.since);
      if (baseline.note !== null) io.err(`note: ${baseline.note}`);
      else if (baseline.file !== null) io.out(`marking changes since ${baseline.approved ? 'the approved version' : 'the build'} in ${baseline.file}`);
      const stop = new AbortController();
      // Ctrl-C and SIGTERM stop the preview at any time, during its first render too.
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      const starting = preview(dir, {
        signal: stop.signal,
        host: opts.host,
        port: opts.port,
        // Without --since the preview reads the approved version itself, on every render.
        since: opts.since === undefined ? null : baseline.snapshot,
        ...(opts.templates !== undefined ? { templates: opts.templates } : {}),
        ...(opts.editorUrl !== undefined ? { editorUrl: opts.editorUrl } : {}),
        onRender: renderReporter(dir, io),
        onPrint: printReporter(dir, io),
      });
      // Stopped before it was serving: the API has closed it already.
      const running = await starting.catch((e: unknown) => (stop.signal.aborted ? undefined : Promise.reject(e)));
      if (running === undefined) return;
      io.out(`preview of ${dir} at ${running.url} (PDF at ${running.url}pdf); Ctrl+C to stop`);
      if (opts.open) await open(running.url).catch(() => io.err(`could not open a browser; visit ${running.url}`));
      if (!stop.signal.aborted) await new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }));
      await running.close();
    });
}
