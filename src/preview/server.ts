/**
 * The editor preview: an HTTP server on 127.0.0.1 that serves a briefing's HTML as `build` renders it (the
 * same {@link renderDraft}), watches the briefing folder and the templates, and reloads the open page
 * (keeping its scroll position) after every change. While the draft is in error, every page shows the error
 * with file, line, column and the lines around it; fixing the file clears it. `GET /pdf` prints the current
 * draft on a browser kept warm.
 *
 * Routes: `/` (the draft or its error page), `/pdf`, `/__briefing/events` (server-sent events), POST
 * `/__briefing/notes` (review notes, notes.ts: loopback, session token). Nothing else
 * is served: no files, so no traversal. Requests whose Host is not the bound address get 403. No CORS headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { codeFrameColumns } from '@babel/code-frame';
import { watch, type FSWatcher } from 'chokidar';
import { renderDraft, type Draft } from '../build.ts';
import type { RenderContext } from '../context.ts';
import { printDraft } from '../pdf/print-draft.ts';
import { asFailure, BriefingError, formatDiagnostic, type Diagnostic } from '../errors.ts';
import { msg, problem } from '../messages.ts';
import { BrowserSupervisor } from '../pdf/supervisor.ts';
import { isInside, MAX_FILE_BYTES, readInside } from '../files.ts';
import { escapeHtml } from '../text.ts';
// Review notes (#26): the margin notes of review.yaml and the route that writes them live in notes.ts.
import { newNotesSession, notesClient, NOTES_ROUTE, serveNotes, type NotesSession } from './notes.ts';

/** Options of {@link startPreview}. */
export interface PreviewOptions {
  readonly dir: string;
  readonly ctx: RenderContext;
  /** Address to bind; 127.0.0.1 unless the user asks for another with `--host`. */
  readonly host?: string;
  /** Port; 0 picks a free one. */
  readonly port?: number;
  /** Called after each render: the diagnostics when it failed, the time it took in ms. */
  readonly onRender?: (result: { ok: boolean; ms: number; errors: readonly Diagnostic[] }) => void;
  readonly supervisor?: BrowserSupervisor;
}

/** A running preview: its URL and how to stop it. */
export interface Preview {
  readonly url: string;
  /** Render again now (the watcher calls this; tests and benchmarks may too). Resolves when done. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

type State = { readonly kind: 'ok'; readonly draft: Draft } | { readonly kind: 'error'; readonly errors: readonly Diagnostic[] };

const EVENTS = '/__briefing/events';

/** The script the preview adds to the page: reload on change, keep the scroll position. */
function clientScript(nonce: string, marks: readonly { excerpt: string; message: string }[]): string {
  return `<script nonce="${nonce}">(() => {
  const key = 'briefing-preview-scroll';
  const saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); const y = Number(saved); const go = () => scrollTo(0, y); go(); addEventListener('load', go); }
  // Each warning about words in the draft is marked where those words first stand, its message as the title.
  const marks = ${JSON.stringify(marks).replace(/</g, '\\u003c')};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = []; for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest('#briefing-preview-warnings, style, script')) texts.push(n);
  for (const m of marks) {
    const node = texts.find((t) => t.data.includes(m.excerpt));
    if (!node) continue;
    const at = node.data.indexOf(m.excerpt);
    const rest = node.splitText(at); const tail = rest.splitText(m.excerpt.length);
    texts.splice(texts.indexOf(node) + 1, 0, tail);
    const mark = document.createElement('mark'); mark.className = 'briefing-warning'; mark.title = m.message;
    mark.style.cssText = 'background:#ffe58f;outline:1px solid #e0b000'; rest.replaceWith(mark); mark.append(rest);
  }
  const events = new EventSource(${JSON.stringify(EVENTS)});
  events.addEventListener('reload', () => { sessionStorage.setItem(key, String(scrollY)); location.reload(); });
})();</script>`;
}

/**
 * The draft's HTML with the reload script, a CSP that allows only that script and the event stream, and, when
 * the draft has warnings, a panel listing them (file:line:column, message, code) fixed to the window's corner:
 * the editor sees a stale number beside the draft. Only the preview adds it; built files never carry it.
 */
function withClient(html: string, warnings: readonly Diagnostic[] = [], notes?: (nonce: string) => string): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; script-src 'nonce-${nonce}'; connect-src 'self'`;
  return html
    .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
    // A replacer function: the inserted text is content, and a `$&` or `$'` in a warning must stay as written.
    .replace(/<\/body>/, () => `${warningPanel(warnings)}${clientScript(nonce, marksOf(warnings))}\n${notes?.(nonce) ?? ''}</body>`);
}

/** The warnings about words in the draft (those with an excerpt), for the client script to mark in place. */
function marksOf(warnings: readonly Diagnostic[]): { excerpt: string; message: string }[] {
  return warnings.flatMap((d) => (d.excerpt === undefined ? [] : [{ excerpt: d.excerpt, message: formatDiagnostic(d) }])).slice(0, PANEL_WARNINGS);
}

/** Most warnings the preview's panel lists; the rest are counted. */
const PANEL_WARNINGS = 50;

/** The preview's panel of a draft's warnings ('' for none): a scrollable list that does not block the page. */
function warningPanel(warnings: readonly Diagnostic[]): string {
  if (warnings.length === 0) return '';
  const items = warnings.slice(0, PANEL_WARNINGS).map((d) => {
    const where = d.file === undefined ? '' : `${d.file}${d.line !== undefined ? `:${d.line}` : ''}${d.line !== undefined && d.column !== undefined ? `:${d.column}` : ''}`;
    return `<li><code>${escapeHtml(where)}</code> ${escapeHtml(d.message)} <small>${escapeHtml(d.code)}</small></li>`;
  });
  const more = warnings.length > PANEL_WARNINGS ? `<li>${escapeHtml(problem.moreWarnings(warnings.length - PANEL_WARNINGS))}</li>` : '';
  return `<details id="briefing-preview-warnings" open style="position:fixed;right:12px;bottom:12px;z-index:2147483647;max-width:min(560px,90vw);max-height:40vh;overflow:auto;background:#fff8e1;color:#3b2f00;border:1px solid #e0b000;border-radius:6px;padding:6px 10px;font:12px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.2)">
<summary style="cursor:pointer;font-weight:600">${escapeHtml(problem.draftWarnings(warnings.length))}</summary><ul style="margin:4px 0;padding-left:16px">${items.join('')}${more}</ul></details>\n`;
}

/**
 * The lines of `file` around `line` (1-based), the line itself marked, and under it a caret at `column` when
 * the diagnostic has one: @babel/code-frame's frame, escaped for HTML, the marked line set apart for the
 * overlay's style. The file is read only from inside one of `roots` (the briefing folder, the templates),
 * through {@link readInside}: a diagnostic about a link that leads outside never shows its target's lines.
 * Empty when the file cannot be read.
 */
async function codeFrame(file: string, line: number, column: number | undefined, roots: readonly string[], around = 3): Promise<string> {
  const root = roots.find((r) => isInside(path.resolve(r), path.resolve(file)));
  const read = root === undefined ? undefined : await readInside(root, path.relative(root, file), MAX_FILE_BYTES);
  if (read === undefined || !('text' in read)) return '';
  const frame = codeFrameColumns(read.text, { start: column === undefined ? { line } : { line, column } }, { linesAbove: around, linesBelow: around, highlightCode: false });
  // The marked line starts with '>' in the frame: tested before escaping, which turns it into &gt;.
  const rows = frame.split('\n').map((row) => (row.startsWith('>') ? `<span class="hit">${escapeHtml(row)}</span>` : escapeHtml(row)));
  return `<pre class="frame">${rows.join('\n')}</pre>`;
}

/** The error overlay: every diagnostic with its place, message, hint and code frame. */
async function errorPage(errors: readonly Diagnostic[], roots: readonly string[]): Promise<string> {
  const items = await Promise.all(
    errors.map(async (d) => {
      const where = d.file === undefined ? '' : `${d.file}${d.line !== undefined ? `:${d.line}` : ''}${d.line !== undefined && d.column !== undefined ? `:${d.column}` : ''}`;
      const frame = d.file !== undefined && d.line !== undefined ? await codeFrame(d.file, d.line, d.column, roots) : '';
      return `<li class="error"><p class="where">${escapeHtml(where)}${d.path ? ` <span class="field">${escapeHtml(d.path)}</span>` : ''} <span class="code">${d.code}</span></p>
<p class="message">${escapeHtml(d.message)}</p><p class="hint">${escapeHtml(d.hint)}</p>${frame}</li>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Error: briefing preview</title><style>
body{margin:0;font:14px/1.5 system-ui,sans-serif;background:#2b1214;color:#fbeaea}
.overlay{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:18px;color:#ff8f8f;margin:0 0 16px}
ol{list-style:none;padding:0}.error{background:#3a1a1d;border-left:4px solid #ff6b6b;padding:12px 16px;margin:0 0 16px}
.where{font-family:ui-monospace,monospace;color:#ffd7d7;margin:0}.field{color:#ffb86b}.code{color:#bbb;font-size:12px}
.message{font-weight:600;margin:6px 0}.hint{color:#e8c8c8;margin:0 0 8px}
.frame{background:#1d0d0f;padding:8px;overflow:auto;font-size:13px}.hit{color:#fff;background:#5a2327;display:inline-block;min-width:100%}
</style></head><body><div class="overlay" id="briefing-error-overlay" role="alert">
<h1>${escapeHtml(problem.draftErrors(errors.length))}</h1>
<ol>${items.join('\n')}</ol></div></body></html>`;
}

/**
 * Hosts a request may name (`name:port`): the bound address, `localhost` for a loopback address, and for a
 * wildcard address (0.0.0.0, ::) this machine's own addresses and host name, so DNS rebinding stays out.
 */
function allowedHosts(host: string, port: number): Set<string> {
  const withPort = (h: string): string => `${h.includes(':') ? `[${h}]` : h}:${port}`.toLowerCase();
  const names = new Set([host]);
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost' || host === '0.0.0.0' || host === '::') {
    for (const h of ['localhost', '127.0.0.1', '::1']) names.add(h);
  }
  if (host === '0.0.0.0' || host === '::') {
    names.add(hostname());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address);
  }
  return new Set([...names].map(withPort));
}

/**
 * Start the preview server and the watcher, and render the draft once.
 *
 * ```
 * 1 listen (host:port, the Host names it answers) ─► 2 reload (first render) ─► 3 watch (folder, templates)
 *   every change ─► reload: render again, then tell the open pages ─► they ask again ─► 4 serve (/, /pdf, events)
 * ```
 * @throws when the port cannot be bound (the CLI reports it).
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const session = newSession(options);
  const server: Server = createServer((req, res) => void serve(session, req, res)); // 4. serve, once listening
  const port = await listen(server, session.host, options.port); // 1. listen
  session.hosts = allowedHosts(session.host, port);
  await reload(session); // 2. reload
  const watcher = await watchSources(session); // 3. watch
  return {
    url: `http://${session.host.includes(':') ? `[${session.host}]` : session.host}:${port}/`,
    refresh: () => reload(session),
    async close() {
      session.closed = true;
      for (const client of session.clients) client.end();
      await watcher.close();
      server.closeAllConnections();
      // A chart drawing in the worker now (a hostile spec up to its deadline) is ended, not waited for.
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), options.ctx.close()]);
      if (!options.supervisor) await session.supervisor.close();
    },
  };
}

/** A running preview's state: the last render's result, the open event streams, the render in flight. */
interface Session {
  readonly options: PreviewOptions;
  readonly host: string;
  readonly supervisor: BrowserSupervisor;
  /** Open event streams of the pages showing the draft. */
  readonly clients: Set<ServerResponse>;
  state: State;
  /** The render in flight, if any. */
  rendering: Promise<void> | undefined;
  /** A change came in during the render in flight: render once more after it. */
  again: boolean;
  /** `name:port` values of the Host header the server answers (see {@link allowedHosts}); none before listening. */
  hosts: Set<string>;
  /**
   * Contents numbers of the last `/pdf`, heading id → page: the next print tries them first (an edit seldom
   * moves a heading to another page), so it loads and prints once when they still hold.
   */
  lastPages: ReadonlyMap<string, number> | undefined;
  /** close() was called: no render starts any more. */
  closed: boolean;
  /** Review notes (#26, notes.ts): the session's token and its queue of writes to review.yaml. */
  readonly notes: NotesSession;
}

function newSession(options: PreviewOptions): Session {
  const supervisor = options.supervisor ?? new BrowserSupervisor();
  return { options, host: options.host ?? '127.0.0.1', supervisor, clients: new Set(), state: { kind: 'error', errors: [] }, rendering: undefined, again: false, hosts: new Set(), lastPages: undefined, closed: false, notes: newNotesSession() };
}

/**
 * Phase 1, listen: bind `host:port` (4321 when not given; 0 takes any free one).
 * @returns the bound port.
 * @throws BriefingError (`usage`) when the port is in use or cannot be bound.
 */
async function listen(server: Server, host: string, port: number | undefined): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(BriefingError.of(e.code === 'EADDRINUSE' ? msg.portInUse(port, host) : msg.cannotListen(host, port, e.message))),
    );
    server.listen(port ?? 4321, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Phase 2, reload: render now; a change during a render queues one more render after it. Resolves when done. */
function reload(session: Session): Promise<void> {
  if (session.closed) return Promise.resolve();
  if (session.rendering) {
    session.again = true;
    return session.rendering;
  }
  session.rendering = (async () => {
    do {
      session.again = false;
      await renderOnce(session);
    } while (session.again && !session.closed);
  })().finally(() => {
    session.rendering = undefined;
  });
  return session.rendering;
}

/** Render the draft into the session's state, report it, and tell every open page to reload. */
async function renderOnce(session: Session): Promise<void> {
  const { dir, ctx, onRender } = session.options;
  const start = performance.now();
  try {
    session.state = { kind: 'ok', draft: await renderDraft(dir, ctx) };
  } catch (e) {
    session.state = { kind: 'error', errors: asFailure(e).errors };
  }
  const errors = session.state.kind === 'error' ? session.state.errors : [];
  onRender?.({ ok: session.state.kind === 'ok', ms: performance.now() - start, errors });
  for (const client of session.clients) client.write(`event: reload\ndata: ${Date.now()}\n\n`);
}

/** Phase 3, watch: the briefing folder and the templates; a template change drops the parsed template sets. */
async function watchSources(session: Session): Promise<FSWatcher> {
  const { dir, ctx } = session.options;
  const watcher: FSWatcher = watch([dir, ctx.templatesRoot], { ignoreInitial: true, followSymlinks: false, awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 } });
  watcher.on('all', (_event, file) => {
    if (path.resolve(file).startsWith(path.resolve(ctx.templatesRoot))) ctx.templates.clear();
    void reload(session);
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return watcher;
}

/** Phase 4, serve: answer one request (routes in the module comment); waits for a render in flight first. */
async function serve(session: Session, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, type: string, body: string | Uint8Array): void => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    res.end(body);
  };
  if (!session.hosts.has(String(req.headers.host ?? '').toLowerCase())) {
    return send(403, 'text/plain; charset=utf-8', `${problem.forbiddenHost()}\n`);
  }
  // Review notes (#26): POST /__briefing/notes, guarded in notes.ts (loopback peer, session token, size, zod).
  if ((req.url ?? '').split('?')[0] === NOTES_ROUTE) return serveNotes(req, res, session.notes, session.options.dir, session.state.kind === 'ok' ? session.state.draft : undefined);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', `${problem.methodNotAllowed()}\n`);
  const url = req.url ?? '/';
  const pathname = url.split('?')[0]!;
  if (session.rendering && (pathname === '/' || pathname === '/index.html' || pathname === '/pdf')) await session.rendering;
  const { state } = session;
  const roots = [session.options.dir, session.options.ctx.templatesRoot];
  if (pathname === '/' || pathname === '/index.html') {
    if (state.kind === 'error') return send(500, 'text/html; charset=utf-8', withClient(await errorPage(state.errors, roots)));
    return send(200, 'text/html; charset=utf-8', withClient(state.draft.html.html, state.draft.warnings, (nonce) => notesClient(nonce, session.notes, state.draft)));
  }
  if (pathname === EVENTS) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    session.clients.add(res);
    req.on('close', () => session.clients.delete(res));
    return;
  }
  if (pathname === '/pdf') {
    if (state.kind === 'error') return send(500, 'text/html; charset=utf-8', withClient(await errorPage(state.errors, roots)));
    try {
      const guess = session.lastPages ? { guess: session.lastPages } : {};
      const printed = await printDraft(state.draft, (work, timeoutMs) => session.supervisor.use(work, timeoutMs), { timeoutMs: 60_000, lint: false, draftMark: true, ...guess });
      session.lastPages = printed.pages;
      return send(200, 'application/pdf', printed.pdf.bytes);
    } catch (e) {
      return send(500, 'text/html; charset=utf-8', withClient(await errorPage(asFailure(e).errors, roots)));
    }
  }
  return send(404, 'text/plain; charset=utf-8', `${problem.notFound()}\n`);
}
