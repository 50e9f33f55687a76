/**
 * The editor preview: an HTTP server on 127.0.0.1 that serves a briefing's HTML as `build` renders it (the
 * same {@link renderDraft}), watches the briefing folder and the templates, and reloads the open page
 * (keeping its scroll position) after every change to what it shows. The page is a review surface (page.ts,
 * client.ts): every element that differs from the baseline (`since`: the approved version, or the build
 * `--since` names) is marked `data-change`, and every problem (errors, warnings, failed claims,
 * disagreements, stale numbers in prose, the print lint of the last `/pdf`) is listed in a panel, linked to
 * its file in the editor, and marked `data-problem` at its element. A content error does not take the draft
 * away: it shows as a banner over the last good render (HTTP 200); only while there has been no good render
 * does the page show the error page (error-page.ts). `GET /pdf` prints the current draft on a browser kept
 * warm, with its print lint.
 *
 * Routes: `/` (the draft or its error page), `/pdf`, `/__briefing/events` (server-sent events), POST
 * `/__briefing/notes` (review notes, notes.ts: loopback, session token). Nothing else
 * is served: no files, so no traversal. Requests whose Host is not the bound address get 403. No CORS headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { renderDraft, type Draft } from '../build.ts';
import type { RenderContext } from '../context.ts';
import { printDraft } from '../pdf/print-draft.ts';
import { asFailure, BriefingError, type Diagnostic } from '../errors.ts';
import { createFormatter } from '../format.ts';
import { msg, problem } from '../messages.ts';
import { sinceWords, type Snapshot } from '../metrics/changes.ts';
import { BrowserSupervisor } from '../pdf/supervisor.ts';
import { reviewMarks, type ChangeMark } from './changes.ts';
import { editorLinks, type EditorLink } from './editor.ts';
import { codeFrame, errorPage } from './error-page.ts';
import { EVENTS, PDF_ROUTE, withReload, withReview, type ReviewView } from './page.ts';
import { diagnosticProblem, draftProblems, errorProblems, placeKeys, type Problem } from './problems.ts';
// Review notes (#26): the margin notes of review.yaml and the route that writes them live in notes.ts.
import { newNotesSession, notesClient, NOTES_ROUTE, serveNotes, type NotesSession } from './notes.ts';

export type { Problem } from './problems.ts';

/** What the preview reports after each render (the CLI prints it). */
export interface RenderReport {
  readonly ok: boolean;
  /** The time the render took, in ms. */
  readonly ms: number;
  /** The errors of a failed render (empty when it succeeded). */
  readonly errors: readonly Diagnostic[];
  /** Every problem the page lists: the errors, then the last good render's warnings, claims, disagreements and print lint. */
  readonly problems: readonly Problem[];
  /** Elements that differ from the baseline (null without one), and the words naming the baseline. */
  readonly changes: number | null;
  readonly since: string | null;
}

/** Options of {@link startPreview}. */
export interface PreviewOptions {
  readonly dir: string;
  readonly ctx: RenderContext;
  /** Address to bind; 127.0.0.1 unless the user asks for another with `--host`. */
  readonly host?: string;
  /** Port; 0 picks a free one. */
  readonly port?: number;
  /**
   * The baseline the draft is compared with, the build `--since` names: its elements that differ are marked,
   * and the draft prints its `changes` section. Null or absent: the approved version (`<dir>/approved.json`),
   * read again on every render (one approved while the preview runs counts), or nothing when there is none.
   */
  readonly since?: Snapshot | null;
  /** The editor URL template of the problems' links (editor.ts): default VS Code's, `none` for no links. */
  readonly editorUrl?: string;
  /** Called after each render. */
  readonly onRender?: (result: RenderReport) => void;
  /** Called after each `/pdf` with its print lint, as problems, and the time the print took in ms. */
  readonly onPrint?: (result: { readonly ms: number; readonly problems: readonly Problem[] }) => void;
  readonly supervisor?: BrowserSupervisor;
}

/** A running preview: its URL and how to stop it. */
export interface Preview {
  readonly url: string;
  /** Render again now (the watcher calls this; tests and benchmarks may too). Resolves when done. */
  refresh(): Promise<void>;
  close(): Promise<void>;
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
 * @throws BriefingError (`usage`) for an editor URL template that cannot open a file (editor.ts); when the
 *   port cannot be bound (the CLI reports it).
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

/** The last good render: the draft, what differs from the baseline (null without one) and the words naming it. */
interface Good {
  readonly draft: Draft;
  readonly changes: readonly ChangeMark[] | null;
  readonly since: string | null;
}

/** A running preview's state: the last good render and the errors since, the open event streams, the render in flight. */
interface Session {
  readonly options: PreviewOptions;
  readonly host: string;
  readonly supervisor: BrowserSupervisor;
  /** The problems' links to the editor. */
  readonly link: EditorLink;
  /** Open event streams of the pages showing the draft. */
  readonly clients: Set<ServerResponse>;
  /** The last render that succeeded (undefined before the first). */
  good: Good | undefined;
  /** The errors of the last render; empty when it succeeded. */
  errors: readonly Diagnostic[];
  /** The print lint of the last `/pdf`, and the draft it printed. */
  lint: { readonly draft: Draft; readonly diagnostics: readonly Diagnostic[] } | undefined;
  /** The render in flight, if any. */
  rendering: Promise<void> | undefined;
  /** A change came in during the render in flight: render once more after it. */
  again: boolean;
  /** `name:port` values of the Host header the server answers (see {@link allowedHosts}); none before listening. */
  hosts: Set<string>;
  /** close() was called: no render starts any more. */
  closed: boolean;
  /** Review notes (#26, notes.ts): the session's token and its queue of writes to review.yaml. */
  readonly notes: NotesSession;
  /** What the open pages were last told to show ({@link shownOf}); undefined before the first render. */
  shown: string | undefined;
  /** Counts the changes of `shown`: a page carries the version it was served at, and reloads on connecting when it is older. */
  version: number;
}

function newSession(options: PreviewOptions): Session {
  const link = editorLinks(options.editorUrl);
  const supervisor = options.supervisor ?? new BrowserSupervisor();
  return { options, host: options.host ?? '127.0.0.1', supervisor, link, clients: new Set(), good: undefined, errors: [], lint: undefined, rendering: undefined, again: false, hosts: new Set(), closed: false, notes: newNotesSession(), shown: undefined, version: 0 };
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

/** A good draft with its comparison: the baseline applies when it is of the same briefing. */
function reviewed(draft: Draft, since: Snapshot | null | undefined): Good {
  if (since === null || since === undefined || since.id !== draft.briefing.settings.id || draft.changes === null) return { draft, changes: null, since: null };
  const fmt = createFormatter(draft.briefing.settings.locale);
  return { draft, changes: reviewMarks(draft.changes, since, draft.snapshot), since: sinceWords(draft.changes, (iso) => fmt.date(iso)) };
}

/** Render the draft into the session's state (an error keeps the last good render), report it, and tell the open pages to reload if what they show changed. */
async function renderOnce(session: Session): Promise<void> {
  const { dir, ctx, onRender, since } = session.options;
  const start = performance.now();
  try {
    // The baseline, as an earlier build of this briefing: the draft prints what changed since it.
    // Without --since, the approved version is read on every render: one approved while the preview runs counts.
    const draft = await renderDraft(dir, ctx, since ? { previous: new Map([[since.id, since]]) } : { approved: true });
    session.good = reviewed(draft, since ?? draft.baseline);
    session.errors = [];
  } catch (e) {
    session.errors = asFailure(e).errors;
  }
  const { good } = session;
  onRender?.({ ok: session.errors.length === 0, ms: performance.now() - start, errors: session.errors, problems: problemsOf(session), changes: good?.changes?.length ?? null, since: good?.since ?? null });
  await tellPages(session);
}

/**
 * Tell every open page to load again, when what it would show differs from what they were last told to show:
 * a render that changes nothing on the page (a file saved unchanged, the watcher's look at an edit that
 * `refresh` rendered already) neither flickers the page nor interrupts the reader.
 */
async function tellPages(session: Session): Promise<void> {
  const shown = await shownOf(session);
  if (shown === session.shown) return;
  session.shown = shown;
  session.version++;
  for (const client of session.clients) reloadPage(client);
}

/** Tell one open page to load again. */
function reloadPage(client: ServerResponse): void {
  client.write(`event: reload\ndata: ${Date.now()}\n\n`);
}

/**
 * The route of a page's reload events, naming the version of what it shows: a page that connects after a
 * reload was sent (it was loading, or its connection dropped) is told to reload at once.
 */
const eventsOf = (session: Session): string => `${EVENTS}?v=${session.version}`;

/** What `/` shows, without its per-response nonce: the error page, or the last good render's HTML, review and open notes. */
async function shownOf(session: Session): Promise<string> {
  const { good } = session;
  if (good === undefined) return errorPage(session.errors, rootsOf(session), session.link);
  return `${good.draft.html.html}\u0000${JSON.stringify(await reviewOf(session, good))}\u0000${notesClient('', session.notes, good.draft)}`;
}

/**
 * Every problem the page lists: the errors of a failed render (placed in the last good render), then the
 * last good render's own problems with the print lint of the last `/pdf` (said to be older than the draft
 * when an edit came after it).
 */
function problemsOf(session: Session): Problem[] {
  const { good, errors, lint, link } = session;
  const errorList = errorProblems(errors, good?.draft, link);
  if (good === undefined) return errorList;
  const printed = lint === undefined ? [] : lint.draft === good.draft ? lint.diagnostics : lint.diagnostics.map((d) => ({ ...d, message: problem.staleLint(d.message) }));
  return [...errorList, ...draftProblems(good.draft, printed, link)];
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

type Send = (status: number, type: string, body: string | Uint8Array) => void;

const HTML = 'text/html; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';

/** Phase 4, serve: answer one request (routes in the module comment); waits for a render in flight first. */
async function serve(session: Session, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send: Send = (status, type, body) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    res.end(body);
  };
  if (!session.hosts.has(String(req.headers.host ?? '').toLowerCase())) return send(403, TEXT, `${problem.forbiddenHost()}\n`);
  // Review notes (#26): POST /__briefing/notes, guarded in notes.ts (loopback peer, session token, size, zod).
  if ((req.url ?? '').split('?')[0] === NOTES_ROUTE) return serveNotes(req, res, session.notes, session.options.dir, session.good?.draft);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, TEXT, `${problem.methodNotAllowed()}\n`);
  const pathname = (req.url ?? '/').split('?')[0]!;
  if (session.rendering && (pathname === '/' || pathname === '/index.html' || pathname === PDF_ROUTE)) await session.rendering;
  if (pathname === '/' || pathname === '/index.html') return servePage(session, send);
  if (pathname === EVENTS) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    session.clients.add(res);
    if (new URL(req.url ?? '/', 'http://preview').searchParams.get('v') !== String(session.version)) reloadPage(res);
    req.on('close', () => session.clients.delete(res));
    return;
  }
  if (pathname === PDF_ROUTE) return servePdf(session, send);
  return send(404, TEXT, `${problem.notFound()}\n`);
}

/** The folders a code frame may read from: the briefing and the templates. */
const rootsOf = (session: Session): string[] => [session.options.dir, session.options.ctx.templatesRoot];

/** Most errors the banner shows the lines of. */
const BANNER_FRAMES = 5;

/** `/`: the last good render with its review (and, while in error, the banner), or the error page before any. */
async function servePage(session: Session, send: Send): Promise<void> {
  const { good, errors } = session;
  // The version of what the page shows, taken with it: a render finishing meanwhile makes the page reload.
  const events = eventsOf(session);
  if (good === undefined) return send(500, HTML, withReload(await errorPage(errors, rootsOf(session), session.link), events));
  return send(200, HTML, withReview(good.draft.html.html, await reviewOf(session, good), events, (nonce) => notesClient(nonce, session.notes, good.draft)));
}

/** The review `/` shows beside the last good render: its problems and changes, and, while in error, the banner's errors with the lines around the first ones' places. */
async function reviewOf(session: Session, good: Good): Promise<ReviewView> {
  const { errors } = session;
  const frames = await Promise.all(errors.slice(0, BANNER_FRAMES).map((d) => (d.file !== undefined && d.line !== undefined ? codeFrame(d.file, d.line, d.column, rootsOf(session)) : '')));
  return { problems: problemsOf(session), changes: good.changes, since: good.since, errors: errors.length, frames };
}

/**
 * `/pdf`: the current draft printed with its print lint, which the page lists from now on (its open pages
 * reload when the lint differs from the last print's). A draft in error prints nothing: the error page.
 */
async function servePdf(session: Session, send: Send): Promise<void> {
  const { good, errors } = session;
  // The error pages name the version they show, as `/` does: one that named none would be told to reload on connecting, again and again.
  const events = eventsOf(session);
  if (good === undefined || errors.length > 0) return send(500, HTML, withReload(await errorPage(errors, rootsOf(session), session.link), events));
  const start = performance.now();
  try {
    const printed = await printDraft(good.draft, (work, timeoutMs) => session.supervisor.use(work, timeoutMs), { timeoutMs: 60_000, cache: session.options.ctx.cache, draftMark: true, fonts: session.options.ctx.fonts });
    session.lint = { draft: good.draft, diagnostics: printed.lint };
    const keys = placeKeys(good.draft);
    session.options.onPrint?.({ ms: performance.now() - start, problems: printed.lint.map((d) => diagnosticProblem(d, 'warning', keys, session.link)) });
    await tellPages(session);
    return send(200, 'application/pdf', printed.pdf.bytes);
  } catch (e) {
    return send(500, HTML, withReload(await errorPage(asFailure(e).errors, rootsOf(session), session.link), events));
  }
}
