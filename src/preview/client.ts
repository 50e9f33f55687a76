/**
 * The script and styles the preview adds to the draft page (never to a built file). The script reloads the
 * page when the draft changes (keeping the scroll position), marks the elements the review data names, and
 * drives the list of changes:
 *
 * 1. problems: `data-problem="<code> …"` on the elements of their keys, on a print lint finding's element (its
 *    selector, read before anything is inserted) and on a `<mark>` around their words (`excerpt`);
 * 2. changes: `data-change` on the elements of their keys; a removed element's placeholder (a struck-through
 *    row, item or block carrying what it printed) after or before its neighbour; in a changed prose block the
 *    words inserted in `<ins>` and those deleted in `<del>`;
 * 3. the list of changes in reading order: "3 of 12", previous and next (keys n and p), each scrolled to;
 *    the panel's problems scroll to their element when clicked.
 *
 * The marks' colours are the template's (`[data-change]`, `[data-problem]` in styles.css, screen only); the
 * panel's and banner's are {@link REVIEW_CSS}.
 */

import { HOME_SECTION } from '../metrics/changes.ts';

/** The styles of the preview's own parts: the review box (changes, PDF link, problems) and the error banner. */
export const REVIEW_CSS = `<style>
#briefing-review{position:fixed;right:12px;bottom:12px;z-index:2147483646;display:flex;flex-direction:column;align-items:stretch;gap:6px;width:min(480px,calc(100vw - 24px));font:12px/1.4 system-ui,sans-serif;color:#1b1f24}
#briefing-review>*{box-sizing:border-box;max-width:100%;background:#fff;border:1px solid #c9ced6;border-radius:6px;box-shadow:0 2px 8px rgba(0,0,0,.2);padding:6px 10px}
#briefing-changes{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center}#briefing-changes .since{flex-basis:100%}#briefing-changes a{margin-left:auto}
#briefing-changes button{font:inherit;padding:2px 8px;cursor:pointer}
#briefing-changes a{color:#1f4e79;font-weight:600}
#briefing-preview-warnings{max-height:32vh;overflow:auto;background:#fff8e1;border-color:#e0b000;color:#3b2f00}
#briefing-preview-warnings summary{cursor:pointer;font-weight:600}
#briefing-preview-warnings ol{margin:4px 0;padding-left:18px}
#briefing-preview-warnings li{margin:0 0 4px;overflow-wrap:anywhere}
#briefing-preview-warnings li.error{color:#8b1a14}
#briefing-preview-warnings .where{font-family:ui-monospace,monospace}
#briefing-preview-warnings .show{cursor:pointer}#briefing-preview-warnings .show:hover{text-decoration:underline}
#briefing-error-banner{position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:45vh;overflow:auto;background:#3a1a1d;color:#fbeaea;border-bottom:3px solid #ff6b6b;padding:8px 14px;font:13px/1.45 system-ui,sans-serif;overflow-wrap:anywhere}
#briefing-error-banner p{margin:0 0 4px}#briefing-error-banner a{color:#ffd7d7}
#briefing-error-banner .hint{color:#e8c8c8}
#briefing-error-banner .frame{margin:2px 0 8px;padding:6px;background:#1d0d0f;font:12px/1.4 ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere}#briefing-error-banner .hit{color:#fff;background:#5a2327}
.briefing-current{outline:3px solid #1f4e79!important;outline-offset:3px}
@media (max-width:40rem){#briefing-review{left:6px;right:6px;bottom:6px;width:auto}#briefing-preview-warnings{max-height:30vh}#briefing-error-banner{max-height:35vh;font-size:12px}}
@media print{#briefing-review,#briefing-error-banner{display:none}}
</style>`;

/** What the script marks and lists (the page's review data, as JSON). */
export interface ClientData {
  readonly changes: readonly { key: string; change: string; before: string | null; words: readonly { part: string; text: string }[] | null; place: { after: string | null; before: string | null } | null }[];
  readonly problems: readonly { code: string; message: string; keys: readonly string[]; selector: string | null; excerpt: string | null }[];
  /** Words of the list: "of" in "3 of 12", and the prefix of a changed element's title ("Was: "). */
  readonly words: { readonly of: string; readonly was: string };
}


/**
 * The script's body: it reads `data` ({@link ClientData}, with `events`, the route of the reload events, and
 * `sections`, the section a removed element falls back to by kind). Plain JavaScript, run in the page.
 */
const CLIENT_JS = `const SECTION_OF = data.sections;
const ui = (n) => n.closest('#briefing-review, #briefing-error-banner');
const keyed = (key) => [...document.querySelectorAll('[data-key="' + CSS.escape(key) + '"]')].filter((e) => !ui(e));
const addProblem = (el, code) => { const codes = new Set((el.dataset.problem || '').split(' ').filter(Boolean)); codes.add(code); el.dataset.problem = [...codes].join(' '); };
const byCode = new Map();
// 1. Problems: by selector first (the print lint's paths count the elements as printed), then keys, then words.
const found = data.problems.map((p) => {
  const at = [];
  if (p.selector) { try { const el = document.querySelector('body > ' + p.selector) || document.querySelector(p.selector); if (el && !ui(el)) at.push(el); } catch {} }
  for (const k of p.keys) at.push(...keyed(k));
  return at;
});
const texts = [];
{ const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); for (let n = w.nextNode(); n; n = w.nextNode()) if (!n.parentElement.closest('#briefing-review, #briefing-error-banner, style, script')) texts.push(n); }
data.problems.forEach((p, i) => {
  if (!p.excerpt) return;
  const node = texts.find((t) => t.data.includes(p.excerpt));
  if (!node) return;
  const rest = node.splitText(node.data.indexOf(p.excerpt)); const tail = rest.splitText(p.excerpt.length);
  texts.splice(texts.indexOf(node) + 1, 0, tail);
  const mark = document.createElement('mark'); mark.className = 'briefing-warning'; mark.title = p.message;
  rest.replaceWith(mark); mark.append(rest); found[i].push(mark);
});
found.forEach((at, i) => at.forEach((el) => addProblem(el, data.problems[i].code)));
// 2. Changes.
const textOf = (el) => { const nodes = []; let s = ''; const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); for (let n = w.nextNode(); n; n = w.nextNode()) { if (n.parentElement.closest('del.briefing-del')) continue; nodes.push([n, s.length]); s += n.data; } return { s, nodes }; };
const split = (el, at) => { const { nodes } = textOf(el); for (const [n, from] of nodes) if (at >= from && at <= from + n.data.length) return at === from + n.data.length ? n.nextSibling ? [n.parentNode, n.nextSibling] : [n.parentNode, null] : [n.parentNode, n.splitText(at - from)]; return [el, null]; };
const wrap = (el, start, end) => { for (const [n, from] of textOf(el).nodes) { const a = Math.max(start, from), b = Math.min(end, from + n.data.length); if (a >= b) continue; let mid = n; if (a > from) mid = mid.splitText(a - from); if (b < a + mid.data.length) mid.splitText(b - a); const ins = document.createElement('ins'); ins.className = 'briefing-ins'; mid.replaceWith(ins); ins.append(mid); } };
const clean = (w) => w.replace(/\\[@[^\\]]*\\]/g, '').replace(/\\{(?:figure|metric):[^}]*\\}/g, '');
const words = (el, parts) => {
  const { s } = textOf(el); let cursor = 0; const ops = [];
  for (const p of parts) {
    if (p.part === 'del') { let at = cursor; while (at < s.length && /\\s/.test(s[at])) at++; if (p.text.trim()) ops.push({ at, del: p.text.trim() }); continue; }
    let start = -1, end = cursor;
    for (const w of p.text.split(/\\s+/).map(clean).filter(Boolean)) { const i = s.indexOf(w, end); if (i === -1) continue; if (start === -1) start = i; end = i + w.length; }
    if (p.part === 'ins' && start !== -1) ops.push({ at: start, end });
    cursor = end;
  }
  ops.sort((x, y) => y.at - x.at || (x.del ? -1 : 1));
  for (const op of ops) {
    if (op.del === undefined) { wrap(el, op.at, op.end); continue; }
    const del = document.createElement('del'); del.className = 'briefing-del'; del.textContent = op.del + ' ';
    const [parent, before] = split(el, op.at); parent.insertBefore(del, before);
  }
};
const placeholder = (c) => {
  const after = c.place && c.place.after ? keyed(c.place.after)[0] : undefined;
  const before = !after && c.place && c.place.before ? keyed(c.place.before)[0] : undefined;
  const ref = after || before;
  const kind = c.key.slice(0, c.key.indexOf(':'));
  const home = kind === 'prose' ? keyed('section:' + c.key.split(':')[1])[0] : keyed('section:' + (SECTION_OF[kind] || ''))[0];
  const like = ref || (home && home.querySelector('tbody > tr, ol > li, ul > li')) || null;
  const tag = like && like.tagName === 'TR' ? 'tr' : like && like.tagName === 'LI' ? 'li' : 'div';
  const el = document.createElement(tag); const del = document.createElement('del'); del.textContent = c.before || '';
  if (tag === 'tr') { const td = document.createElement('td'); td.colSpan = Math.max(1, like.children.length); td.append(del); el.append(td); } else el.append(del);
  el.className = 'briefing-placeholder'; el.dataset.key = c.key; el.dataset.change = 'removed';
  if (after) after.after(el); else if (before) before.before(el);
  else if (like && tag !== 'div') like.parentNode.append(el); else if (home) home.append(el); else return undefined;
  return el;
};
for (const c of data.changes) {
  if (c.change === 'removed') { placeholder(c); continue; }
  for (const el of keyed(c.key)) { el.dataset.change = c.change; if (c.before) el.title = data.words.was + c.before; if (c.words) words(el, c.words); }
}
// 3. The list of changes in reading order, and the panel's problems.
const marked = [...document.querySelectorAll('[data-change]')].filter((e) => !ui(e));
// An element scrolled to stands a quarter down the window, clear of the box in its corner.
const show = (el) => scrollTo(0, scrollY + el.getBoundingClientRect().top - innerHeight / 4);
const count = document.getElementById('briefing-change-count');
let at = -1;
const go = (step) => {
  if (marked.length === 0) return;
  if (marked[at]) marked[at].classList.remove('briefing-current');
  at = (at + step + marked.length) % marked.length;
  marked[at].classList.add('briefing-current'); show(marked[at]);
  if (count) count.textContent = (at + 1) + ' ' + data.words.of + ' ' + marked.length;
};
if (count) count.textContent = marked.length === 0 ? '' : '– ' + data.words.of + ' ' + marked.length;
for (const b of document.querySelectorAll('#briefing-changes button[data-step]')) b.addEventListener('click', () => go(Number(b.dataset.step)));
addEventListener('keydown', (e) => { if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.target.isContentEditable) return; if (e.key === 'n') go(1); else if (e.key === 'p') go(-1); });
for (const li of document.querySelectorAll('#briefing-preview-warnings li[data-problem-index]')) {
  const el = found[Number(li.dataset.problemIndex)] && found[Number(li.dataset.problemIndex)][0];
  const message = li.querySelector('.show'); if (!el || !message) continue;
  message.addEventListener('click', () => { show(el); el.classList.add('briefing-current'); setTimeout(() => el.classList.remove('briefing-current'), 1500); });
}
// On a phone the panel starts closed unless the draft is in error: the draft comes first.
const panel = document.getElementById('briefing-preview-warnings');
if (panel && matchMedia('(max-width: 40rem)').matches && !document.getElementById('briefing-error-banner')) panel.open = false;
document.documentElement.dataset.briefingReview = 'ready';
// The scroll position across reloads, restored once the marks are in.
const key = 'briefing-preview-scroll';
const saved = sessionStorage.getItem(key);
if (saved !== null) { sessionStorage.removeItem(key); const y = Number(saved); const back = () => scrollTo(0, y); back(); addEventListener('load', back); }
const events = new EventSource(data.events);
events.addEventListener('reload', () => { sessionStorage.setItem(key, String(scrollY)); location.reload(); });
`;

/** The client script (reads `data`, needs the page's nonce). JSON is embedded with `<` escaped. */
export function clientScript(nonce: string, events: string, data: ClientData): string {
  const json = JSON.stringify({ ...data, events, sections: HOME_SECTION }).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script nonce="${nonce}">(() => {\nconst data = ${json};\n${CLIENT_JS}})();</script>`;
}
