/**
 * Review notes in the preview (#26): the notes of `review.yaml` shown in the page's margin beside the element
 * each is anchored to, a way to add a note on any keyed element and to resolve one, and the route that writes
 * those changes into `review.yaml`. The preview server (server.ts) calls {@link notesClient} for every draft
 * page and hands requests for {@link NOTES_ROUTE} to {@link serveNotes}; the rest is here.
 *
 * ```
 * page:  notes (open ones) ─► beside [data-key=<anchor key>] (that element gets data-note), else the list on top
 *        hover a [data-key] ─► "+ Note" ─► form ─► POST /__briefing/notes {action: add, key, author, text}
 *        "Resolve" on a note ─► POST /__briefing/notes {action: resolve, id}
 * route: Host (server.ts) ─► loopback peer ─► session token header ─► JSON ≤ 16 KiB ─► zod ─► anchor in the draft
 *        ─► review.yaml edited as a YAML Document (comments kept) ─► written atomically ─► the watcher re-renders
 * ```
 * A note never reaches the built HTML or the PDF: only this module puts notes in a page, and only the preview's
 * page. Writes are queued one at a time, so two clicks never lose a note.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { isDocument, isMap, isSeq, parseDocument, YAMLSeq, type Document } from 'yaml';
import { z } from 'zod';
import type { Draft } from '../build.ts';
import { anchorOfKey, checkNoteAnchors, NOTE_KEY_KINDS, REVIEW_FILE, reviewNoteSchema, type NoteAnchor, type PlacedNote } from '../content/review.ts';
import { diskEffects } from '../effects.ts';
import { formatDiagnostic } from '../errors.ts';
import { MAX_FILE_BYTES, readInside } from '../files.ts';
import { noteKeys, noteTargets } from '../html/note-anchors.ts';
import { problem } from '../messages.ts';

/** The route that adds and resolves notes (POST only). */
export const NOTES_ROUTE = '/__briefing/notes';
/** The request header that must carry the session's token. */
export const NOTE_TOKEN_HEADER = 'x-briefing-token';
/** Largest request body the route reads, in bytes. */
export const MAX_NOTE_BODY = 16 * 1024;

/** What a preview session keeps for its notes: the token its pages carry, and the write in progress. */
export interface NotesSession {
  /** 32 random bytes, base64url: made once per session, embedded in each page, required on every write. */
  readonly token: string;
  /** The last write queued: the next one starts when it is done. */
  queue: Promise<unknown>;
}

/** A new session's notes state, with a fresh random token. */
export function newNotesSession(): NotesSession {
  return { token: randomBytes(32).toString('base64url'), queue: Promise.resolve() };
}

/** A request the route takes: add a note on the element keyed `key`, or resolve note `id`. */
const noteRequest = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('add'), key: z.string().min(1).max(600), author: reviewNoteSchema.shape.author, text: reviewNoteSchema.shape.text }),
  z.strictObject({ action: z.literal('resolve'), id: reviewNoteSchema.shape.id }),
]);
type NoteRequest = z.infer<typeof noteRequest>;

/** An answer of the route: HTTP status and a short text (JSON `{id}` on success). */
interface Answer {
  readonly status: number;
  readonly body: string;
}

// ── The page ──────────────────────────────────────────────────────────────────────────────────────────

/** The notes' look: cards in the right margin, the list on top, the hover button and the form; never printed. */
const NOTES_CSS = `<style>
#briefing-notes-layer{position:absolute;left:0;top:0;width:0;height:0;z-index:2147483000}
.briefing-note{position:absolute;width:220px;box-sizing:border-box;background:#fffbe6;color:#3b2f00;border:1px solid #e0b000;border-left:4px solid #e0b000;border-radius:4px;padding:6px 8px;font:12px/1.4 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.15)}
#briefing-notes-list .briefing-note,.briefing-note.inline{position:static;width:auto;margin:0 0 6px}
.briefing-note .who{font-weight:600}.briefing-note .text{white-space:pre-wrap;margin:2px 0 4px;overflow-wrap:anywhere}
.briefing-note button,#briefing-note-add,#briefing-note-form button{font:12px system-ui,sans-serif;cursor:pointer}
#briefing-notes-list{max-width:190mm;margin:8px auto;padding:8px 10px;border:1px solid #e0b000;background:#fffdf2;font:12px/1.4 system-ui,sans-serif}
#briefing-note-add{position:absolute;white-space:nowrap;font-size:11px!important;padding:0 4px;border:1px solid #e0b000;background:#fff8e1;border-radius:4px}
#briefing-note-form{position:absolute;width:240px;background:#fff;border:1px solid #888;border-radius:4px;padding:6px;font:12px system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.25)}
#briefing-note-form input,#briefing-note-form textarea{width:100%;box-sizing:border-box;margin:0 0 4px;font:12px system-ui,sans-serif}
[data-note]:not(.briefing-note){outline:2px dotted #e0b000;outline-offset:2px}
@media print{#briefing-notes-layer,#briefing-notes-list{display:none}[data-note]{outline:none}}
</style>`;

/**
 * The page's script (config in `__CONFIG__`): places each open note beside its element, marks that element with
 * `data-note` (ids space-separated), lists the rest on top, offers "+ Note" on keyed elements and "Resolve"
 * on each note. A write's page reload comes from the watcher through the event stream.
 */
const NOTES_SCRIPT = `(() => {
  const cfg = __CONFIG__;
  // A removed element's placeholder (class briefing-placeholder) names nothing the draft prints: no note on it.
  const noteable = cfg.kinds.map((k) => '[data-key^="' + k + ':"]:not(.briefing-placeholder)').join(',');
  const ours = '#briefing-notes-layer, #briefing-notes-list, #briefing-preview-warnings';
  const layer = document.createElement('div'); layer.id = 'briefing-notes-layer'; document.body.append(layer);
  const el = (tag, props, ...kids) => { const e = Object.assign(document.createElement(tag), props); e.append(...kids); return e; };
  const post = async (body) => {
    const res = await fetch(cfg.route, { method: 'POST', headers: { 'Content-Type': 'application/json', [cfg.header]: cfg.token }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(await res.text());
  };
  const card = (n) => {
    const resolve = el('button', { type: 'button', className: 'resolve', textContent: 'Resolve' });
    resolve.addEventListener('click', () => { resolve.disabled = true; post({ action: 'resolve', id: n.id }).catch((e) => { resolve.disabled = false; alert(e.message); }); });
    const c = el('aside', { className: 'briefing-note', title: cfg.file + ':' + n.line }, el('div', { className: 'who', textContent: n.author + (n.created ? ' · ' + n.created : '') }), el('div', { className: 'text', textContent: n.text }), resolve);
    c.dataset.note = n.id; return c;
  };
  const placed = []; const unplaced = [];
  for (const n of cfg.notes) {
    const target = n.key === null ? null : document.querySelector('[data-key="' + CSS.escape(n.key) + '"]');
    if (target) { target.dataset.note = ((target.dataset.note || '') + ' ' + n.id).trim(); const c = card(n); layer.append(c); placed.push([c, target]); }
    else unplaced.push(card(n));
  }
  if (unplaced.length > 0) document.body.prepend(el('section', { id: 'briefing-notes-list' }, el('strong', { textContent: cfg.listTitle }), ...unplaced));
  const wide = () => document.body.getBoundingClientRect().right + 236 <= document.documentElement.clientWidth;
  const margin = () => (wide() ? document.body.getBoundingClientRect().right + 12 : document.documentElement.clientWidth - 228) + scrollX;
  const position = () => {
    // No room beside the text (a phone): each note follows its element (after the table of a row) in the text.
    if (!wide()) { for (const [c, t] of placed) { c.classList.add('inline'); c.style.top = ''; c.style.left = ''; (t.closest('.table-scroll, table') ?? t).after(c); } return; }
    for (const [c] of placed) { c.classList.remove('inline'); if (c.parentElement !== layer) layer.prepend(c); }
    const left = margin(); let bottom = 0;
    placed.map(([c, t]) => [c, t.getBoundingClientRect().top + scrollY]).sort((a, b) => a[1] - b[1]).forEach(([c, top]) => {
      const y = Math.max(top, bottom + 6); c.style.top = y + 'px'; c.style.left = left + 'px'; bottom = y + c.offsetHeight;
    });
  };
  position(); addEventListener('load', position); addEventListener('resize', position); document.fonts?.ready.then(position);
  const add = el('button', { type: 'button', id: 'briefing-note-add', textContent: '+ Note', hidden: true }); layer.append(add);
  let current = null; let form = null;
  document.addEventListener('mouseover', (e) => {
    const t = e.target instanceof Element ? e.target.closest(noteable) : null;
    if (!t || t.closest(ours) || form) return;
    current = t; const r = t.getBoundingClientRect();
    // Just right of the element, in the gap before the notes' column (over its right edge when there is no margin).
    add.style.top = (r.top + scrollY) + 'px'; add.style.left = Math.min(r.right + scrollX + 2, document.documentElement.clientWidth + scrollX - 52) + 'px'; add.hidden = false;
  });
  add.addEventListener('click', () => {
    if (!current || form) return;
    const target = current; const author = el('input', { name: 'author', placeholder: 'Your name', value: localStorage.getItem('briefing-note-author') || '' });
    const text = el('textarea', { name: 'text', rows: 4, placeholder: 'Note for ' + target.dataset.key });
    const save = el('button', { type: 'submit', textContent: 'Save' }); const cancel = el('button', { type: 'button', textContent: 'Cancel' });
    const said = el('div', { className: 'said' });
    form = el('form', { id: 'briefing-note-form' }, author, text, save, cancel, said);
    form.style.top = add.style.top; form.style.left = Math.max(0, margin() - 20) + 'px'; layer.append(form); (author.value ? text : author).focus();
    cancel.addEventListener('click', () => { form.remove(); form = null; });
    form.addEventListener('submit', (e) => {
      e.preventDefault(); save.disabled = true; localStorage.setItem('briefing-note-author', author.value);
      post({ action: 'add', key: target.dataset.key, author: author.value, text: text.value }).then(() => { said.textContent = cfg.savedText; }, (err) => { save.disabled = false; said.textContent = err.message; });
    });
  });
})();`;

/** A JSON text safe inside a `<script>` element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * What the preview adds to a draft page for its notes, before `</body>`: the style and the script (run with
 * the page's CSP `nonce`), carrying the session's token and the draft's open notes, each with the `data-key`
 * it sits beside (null: listed on top).
 */
export function notesClient(nonce: string, session: NotesSession, draft: Draft): string {
  const keys = noteKeys(draft.briefing);
  const notes = draft.briefing.notes
    .filter((n) => n.status === 'open')
    .map((n) => ({ id: n.id, author: n.author, text: n.text, created: n.created ?? null, line: n.at.line ?? 1, key: keys.get(n.id) ?? null }));
  const config = {
    route: NOTES_ROUTE,
    header: NOTE_TOKEN_HEADER,
    token: session.token,
    file: path.join(draft.dir, REVIEW_FILE),
    kinds: NOTE_KEY_KINDS,
    listTitle: problem.notesListTitle(),
    savedText: problem.noteSavedReload(),
    notes,
  };
  return `${NOTES_CSS}\n<script nonce="${nonce}">${NOTES_SCRIPT.replace('__CONFIG__', () => scriptJson(config))}</script>\n`;
}

// ── The route ─────────────────────────────────────────────────────────────────────────────────────────

/** True for a peer on this machine: 127.0.0.0/8 or ::1, plain or IPv4-mapped. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** True when `given` is the session's token (compared in constant time). */
function tokenMatches(session: NotesSession, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const [a, b] = [Buffer.from(given), Buffer.from(session.token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request body as text, or null when it is longer than {@link MAX_NOTE_BODY} (reading stops there). */
async function readBody(req: IncomingMessage): Promise<string | null> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_NOTE_BODY) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_NOTE_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The refusals every write passes first: method, peer, origin, token, type, size; undefined when the request may go on. */
async function guard(req: IncomingMessage, session: NotesSession): Promise<Answer | { body: string }> {
  if (req.method !== 'POST') return { status: 405, body: problem.methodNotAllowed() };
  if (!isLoopback(req.socket.remoteAddress)) return { status: 403, body: problem.notLoopback() };
  // A browser names the page a request comes from: only the preview's own page may write (the Host was checked).
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) return { status: 403, body: problem.foreignOrigin() };
  if (!tokenMatches(session, req.headers[NOTE_TOKEN_HEADER])) return { status: 403, body: problem.badNoteToken() };
  if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) return { status: 415, body: problem.badNoteRequest('send application/json') };
  const body = await readBody(req);
  if (body === null) return { status: 413, body: problem.noteBodyTooLarge(MAX_NOTE_BODY) };
  return { body };
}

/** The request read from its JSON body and checked with zod, or the 400 answer that says what is wrong. */
function parseRequest(body: string): NoteRequest | Answer {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { status: 400, body: problem.badNoteRequest('the body is not JSON') };
  }
  const parsed = noteRequest.safeParse(json);
  if (!parsed.success) return { status: 400, body: problem.badNoteRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')) };
  return parsed.data;
}

/**
 * The anchor of an added note, checked against the last good draft (when there is one): it must name
 * something the draft prints. A 400 answer when the key names nothing a note may be anchored to.
 */
function anchorFor(key: string, draft: Draft | undefined): NoteAnchor | Answer {
  const anchor = anchorOfKey(key);
  if (anchor === undefined) return { status: 400, body: problem.badNoteRequest(`"${key}" is no element a note can be anchored to`) };
  if (draft === undefined) return anchor;
  const probe: PlacedNote = { id: 'new', author: '-', text: '-', status: 'open', anchor, at: {}, anchorAt: {} };
  const wrong = checkNoteAnchors([probe], noteTargets(draft.briefing, draft.metrics, { dir: draft.dir, files: new Map() }));
  return wrong.length === 0 ? anchor : { status: 400, body: problem.badNoteRequest(wrong.map(formatDiagnostic).join('; ')) };
}

/**
 * review.yaml as a YAML Document whose contents are a list (an empty list when the file is absent or empty),
 * or the 409 answer when it cannot be edited safely (unreadable, not YAML, not a list): the editor fixes it by
 * hand, and the preview shows the loader's error meanwhile.
 */
async function reviewDocument(dir: string): Promise<Document | Answer> {
  const read = await readInside(dir, REVIEW_FILE, MAX_FILE_BYTES);
  if (read !== undefined && !('text' in read)) return { status: 409, body: read.refused.text };
  const doc: Document = parseDocument(read?.text ?? '', { schema: 'core', merge: false, uniqueKeys: false });
  if (doc.errors.length > 0) return { status: 409, body: problem.reviewNotList() };
  if (doc.contents === null) doc.contents = new YAMLSeq();
  return isSeq(doc.contents) ? doc : { status: 409, body: problem.reviewNotList() };
}

/** The ids of the notes of a review.yaml list (items that are maps with an id). */
function idsOf(seq: YAMLSeq): string[] {
  return seq.items.flatMap((item) => (isMap(item) && item.has('id') ? [String(item.get('id'))] : []));
}

/** Apply one request to review.yaml's document: a new note appended, or a note's status set to resolved. */
function applyRequest(doc: Document, request: NoteRequest, anchor: NoteAnchor | undefined): Answer {
  const seq = doc.contents as YAMLSeq;
  const ids = idsOf(seq);
  if (request.action === 'resolve') {
    const item = seq.items.find((i) => isMap(i) && String(i.get('id')) === request.id);
    if (!isMap(item)) return { status: 404, body: problem.noSuchNote(request.id) };
    item.set('status', 'resolved');
    return { status: 200, body: JSON.stringify({ id: request.id }) };
  }
  let k = ids.length + 1;
  while (ids.includes(`n-${k}`)) k++;
  const note = doc.createNode({ id: `n-${k}`, author: request.author, text: request.text, status: 'open', anchor, created: new Date().toISOString().slice(0, 10) });
  const anchorNode = note.get('anchor', true);
  if (isMap(anchorNode)) anchorNode.flow = true;
  seq.add(note);
  return { status: 200, body: JSON.stringify({ id: `n-${k}` }) };
}

/** One write, queued after the last: read review.yaml, apply the request, write the file atomically. */
async function writeNote(dir: string, request: NoteRequest, anchor: NoteAnchor | undefined): Promise<Answer> {
  const doc = await reviewDocument(dir);
  if (!isDocument(doc)) return doc;
  const answer = applyRequest(doc, request, anchor);
  if (answer.status !== 200) return answer;
  await diskEffects.writeFiles([{ path: path.join(dir, REVIEW_FILE), data: doc.toString({ lineWidth: 0 }) }]);
  return answer;
}

/**
 * Answer a request to {@link NOTES_ROUTE} (the server has checked its Host): refused unless it is a POST from
 * this machine carrying the session's token in {@link NOTE_TOKEN_HEADER} and a JSON body of at most
 * {@link MAX_NOTE_BODY} bytes that zod accepts; an added note's anchor must name something the last good
 * `draft` prints. Then review.yaml is changed and written atomically, one write at a time, and the watcher
 * renders the draft again. Answers: 200 `{id}`, 400, 403, 404, 405, 409, 413, 415, 500 (the write failed).
 */
export async function serveNotes(req: IncomingMessage, res: ServerResponse, session: NotesSession, dir: string, draft: Draft | undefined): Promise<void> {
  const answer = await noteAnswer(req, session, dir, draft).catch((e: unknown): Answer => ({ status: 500, body: (e as Error)?.message ?? String(e) }));
  const type = answer.status === 200 ? 'application/json' : 'text/plain; charset=utf-8';
  res.writeHead(answer.status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(answer.status === 200 ? answer.body : `${answer.body}\n`);
}

/** {@link serveNotes}'s answer: the guards, the request, its anchor, then the queued write. */
async function noteAnswer(req: IncomingMessage, session: NotesSession, dir: string, draft: Draft | undefined): Promise<Answer> {
  const guarded = await guard(req, session);
  if ('status' in guarded) return guarded;
  const request = parseRequest(guarded.body);
  if ('status' in request) return request;
  const anchor = request.action === 'add' ? anchorFor(request.key, draft) : undefined;
  if (anchor !== undefined && 'status' in anchor) return anchor;
  const write = session.queue.then(() => writeNote(dir, request, anchor));
  session.queue = write.catch(() => undefined);
  return write;
}
