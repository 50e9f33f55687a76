/** `briefing preview`: a live HTML draft, through {@link preview} of the API. */
import type { Command } from 'commander';
import { formatDiagnostic } from '../../errors.ts';
import { TEMPLATES_HELP, wholeNumber, type CliIo } from '../io.ts';

export function registerPreview(program: Command, io: CliIo): void {
  program
    .command('preview')
    .description('serve a live HTML draft of a briefing that reloads as its files change')
    .argument('<content-dir>', 'briefing folder')
    .option('-p, --port <n>', 'port (0: any free port)', wholeNumber, 4321)
    .option('--host <address>', 'address to listen on (default 127.0.0.1; another exposes the draft to the network)', '127.0.0.1')
    .option('--open', 'open the draft in the default browser')
    .option('--templates <dir>', TEMPLATES_HELP)
    .action(async (dir: string, opts: { port: number; host: string; open?: boolean; templates?: string }) => {
      const [{ preview }, { default: open }] = await Promise.all([import('../../api.ts'), import('open')]);
      const stop = new AbortController();
      // Ctrl-C and SIGTERM stop the preview at any time, during its first render too.
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      const starting = preview(dir, {
        signal: stop.signal,
        host: opts.host,
        port: opts.port,
        ...(opts.templates !== undefined ? { templates: opts.templates } : {}),
        onRender: ({ ok, ms, errors }) => {
          if (ok) io.out(`rendered ${dir} in ${Math.round(ms)} ms`);
          else for (const d of errors) io.err(`error: ${formatDiagnostic(d)}`);
        },
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
