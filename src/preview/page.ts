/**
 * The draft page as the preview serves it: the rendered HTML with a CSP that allows only the page's own script
 * (by nonce) and same-origin connections, and the review added before `</body>`:
 *
 * - the review box in the window's corner: the changes since the baseline ("12 changes since …", n of N,
 *   previous and next), the link to the PDF, and the panel of problems (each with its place linked to the
 *   editor, message and code; a click on the message scrolls to where it is marked);
 * - while the draft is in error, a banner over the last good render that lists the errors;
 * - what plugged-in parts add (review notes), then the client script (client.ts) that marks the elements.
 *
 * Only the preview adds these; built files never carry them.
 */
import { randomBytes } from 'node:crypto';
import { problem } from '../messages.ts';
import { escapeHtml } from '../text.ts';
import type { ChangeMark } from './changes.ts';
import { clientScript, REVIEW_CSS, type ClientData } from './client.ts';
import { placeHtml } from './error-page.ts';
import type { Problem } from './problems.ts';

/** The route of the server-sent events that tell the page to reload. */
export const EVENTS = '/__briefing/events';

/** The route of the draft's PDF. */
export const PDF_ROUTE = '/pdf';

/** Most problems the panel lists (and the script marks); the rest are counted. */
export const PANEL_PROBLEMS = 200;

/** What the page shows of the review. */
export interface ReviewView {
  /** The draft's problems: its errors first while it is in error, then its warnings, claims, disagreements, print lint. */
  readonly problems: readonly Problem[];
  /** Elements that differ from the baseline; null without a baseline. */
  readonly changes: readonly ChangeMark[] | null;
  /** Words naming the baseline ("the approved version of 2 June 2026"); null without one. */
  readonly since: string | null;
  /** Number of errors of a failed render, shown as a banner over the last good render (0: none). */
  readonly errors: number;
  /** The lines around each error's place (error-page.ts `codeFrame`, HTML; '' for none), in the errors' order. */
  readonly frames?: readonly string[];
}

/** A problem as an item of the panel: place (an editor link), message, code; errors set apart. */
function problemItem(p: Problem, i: number): string {
  const place = p.where === null ? '' : `${placeHtml(p.where, p.link)} `;
  return `<li class="${p.severity}" data-problem-index="${i}" data-code="${escapeHtml(p.code)}">${place}<span class="show" title="${escapeHtml(p.hint)}">${escapeHtml(p.message)}</span> <small>${escapeHtml(p.code)}</small></li>`;
}

/** The panel of problems ('' for none): open, so that an error or a stale number is seen beside the draft. */
function problemPanel(problems: readonly Problem[]): string {
  if (problems.length === 0) return '';
  const items = problems.slice(0, PANEL_PROBLEMS).map(problemItem);
  const more = problems.length > PANEL_PROBLEMS ? `<li>${escapeHtml(problem.moreWarnings(problems.length - PANEL_PROBLEMS))}</li>` : '';
  return `<details id="briefing-preview-warnings" open><summary>${escapeHtml(problem.previewProblems(problems.length))}</summary><ol>${items.join('')}${more}</ol></details>`;
}

/** The list of changes and the PDF link. */
function changesNav(view: ReviewView): string {
  const pdf = `<a href="${PDF_ROUTE}" target="_blank" rel="noopener">PDF</a>`;
  if (view.changes === null || view.since === null) return `<nav id="briefing-changes" aria-label="Review">${pdf}</nav>`;
  const summary = `<span class="since">${escapeHtml(problem.changesSince(view.changes.length, view.since))}</span>`;
  const steps = view.changes.length === 0 ? '' : `<span id="briefing-change-count" aria-live="polite"></span><button type="button" data-step="-1" title="p">&#8593; Previous</button><button type="button" data-step="1" title="n">&#8595; Next</button>`;
  return `<nav id="briefing-changes" aria-label="Review">${summary}${steps}${pdf}</nav>`;
}

/** The banner over the last good render while the draft is in error ('' when it is not). */
function errorBanner(view: ReviewView): string {
  if (view.errors === 0) return '';
  const items = view.problems.slice(0, view.errors).map((p, i) => `<p>${p.where === null ? '' : `${placeHtml(p.where, p.link)} `}<strong>${escapeHtml(p.message)}</strong> <span class="hint">${escapeHtml(p.hint)}</span> <small>${escapeHtml(p.code)}</small></p>${view.frames?.[i] ?? ''}`);
  return `<div id="briefing-error-banner" role="alert"><p><strong>${escapeHtml(problem.draftKept(view.errors))}</strong></p>${items.join('')}</div>`;
}

/** The client script's data: the changes and the problems it marks, and the list's words. */
function clientData(view: ReviewView): ClientData {
  return {
    changes: (view.changes ?? []).map((c) => ({ key: c.key, change: c.change, before: c.before, words: c.words, place: c.place })),
    problems: view.problems.slice(0, PANEL_PROBLEMS).map((p) => ({ code: p.code, message: p.text, keys: p.keys, selector: p.selector, excerpt: p.excerpt })),
    words: { of: 'of', was: 'Was: ' },
  };
}

/**
 * The page: `html` with the preview's CSP, its review ({@link ReviewView}; null for none: the error page) and
 * `extra` (HTML of plugged-in parts, given the page's nonce for their scripts) before `</body>`; its script
 * listens for reloads at `events` (the server names the version the page shows in it).
 */
export function withReview(html: string, view: ReviewView | null, events: string, extra: (nonce: string) => string = () => ''): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; script-src 'nonce-${nonce}'; connect-src 'self'`;
  const review = view === null ? '' : `${REVIEW_CSS}${errorBanner(view)}<div id="briefing-review">${changesNav(view)}${problemPanel(view.problems)}</div>`;
  const data = view ?? { problems: [], changes: null, since: null, errors: 0 };
  return html
    .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
    // A replacer function: the inserted text is content, and a `$&` or `$'` in a warning must stay as written.
    .replace(/<\/body>/, () => `${review}\n${clientScript(nonce, events, clientData(data))}\n${extra(nonce)}</body>`);
}

/** An error page with the reload script only, listening at `events` (see {@link withReview}). */
export function withReload(html: string, events: string): string {
  return withReview(html, null, events);
}
