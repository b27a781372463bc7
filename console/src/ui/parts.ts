import { h } from './h.ts';
import { describeError } from '../aws/ApiError.ts';

/*
 * Small building blocks shared by the pages: headers, empty states, errors
 * in words, JSON views, status badges, a confirmation dialog.
 */

export function pageHeader(title: string, subtitle?: string | Node, ...actions: Node[]): HTMLElement {
  return h('div', { class: 'page-header' }, h('div', {}, h('h1', {}, title), subtitle ? h('p', { class: 'subtitle' }, subtitle) : null), actions.length ? h('div', { class: 'actions' }, ...actions) : null);
}

export function emptyState(title: string, text: string | Node, action?: Node): HTMLElement {
  return h('div', { class: 'empty' }, h('h2', {}, title), h('p', {}, text), action ?? null);
}

/** An error as a sentence, in a live region. */
export function errorBox(e: unknown, retry?: () => void): HTMLElement {
  return h('div', { class: 'error-box', role: 'alert' }, h('p', {}, describeError(e)), retry ? h('button', { type: 'button', class: 'secondary small', onclick: retry }, 'Try again') : null);
}

export function notice(text: string | Node, kind: 'info' | 'success' | 'warning' = 'info'): HTMLElement {
  return h('div', { class: `notice ${kind}`, role: kind === 'success' ? 'status' : null }, text);
}

export function loading(what = 'Loading'): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, `${what}…`);
}

/** The resource exactly as the API returned it. */
export function jsonView(value: unknown, title = 'JSON'): HTMLElement {
  const text = JSON.stringify(value, null, 2);
  const copy = h('button', { type: 'button', class: 'link', onclick: () => void copyText(text, copy) }, 'Copy');
  return h('details', { class: 'json' }, h('summary', {}, title), h('div', { class: 'json-tools' }, copy), h('pre', { tabindex: '0' }, h('code', {}, text)));
}

export async function copyText(text: string, button: HTMLElement): Promise<void> {
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Select and copy';
  }
  setTimeout(() => (button.textContent = label), 1500);
}

/** Asset, transcode job and event delivery statuses, in words. */
const STATUS_TEXT: Record<string, string> = {
  QUEUED: 'Queued',
  PROCESSING: 'Processing',
  PLAYABLE: 'Playable',
  FAILED: 'Failed',
  PARTIALLY_PLAYABLE: 'Partly playable',
  SUBMITTED: 'Submitted',
  PROGRESSING: 'Progressing',
  COMPLETE: 'Complete',
  ERROR: 'Error',
  CANCELED: 'Canceled',
  PENDING: 'Pending',
  SUCCEEDED: 'Succeeded',
  DUPLICATE: 'Duplicate',
};

export function statusBadge(status: string | undefined): HTMLElement {
  const s = status ?? 'UNKNOWN';
  return h('span', { class: `badge status-${s.toLowerCase()}`, 'data-status': s }, STATUS_TEXT[s] ?? s);
}

/** Asks before something that cannot be undone; resolves true when confirmed. */
export function confirmAction(question: string, detail: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' });
    const done = (ok: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(ok);
    };
    dialog.append(
      h('h2', { id: 'confirm-title' }, question),
      h('p', {}, detail),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => done(false) }, 'Cancel'), h('button', { type: 'button', class: 'danger', onclick: () => done(true) }, confirmLabel)),
    );
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A definition list of label/value pairs. */
export function facts(rows: [string, Node | string | undefined][]): HTMLElement {
  return h('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

/** A table with a caption for screen readers. */
export function table(caption: string, headers: string[], rows: (Node | string)[][]): HTMLElement {
  return h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}
