import { h } from './h.ts';
import { formatDate } from './format.ts';
import { emptyState, errorBox, statusBadge } from './parts.ts';
import type { EventLogPage, LoggedDelivery, LoggedEvent } from '../aws/KinoraApi.ts';
import type { PageContext } from '../PageContext.ts';

/** Events per page; "Load more" fetches the next (older) page. */
const PAGE = 25;
/** While a delivery on the first page is pending, that page refreshes itself. */
/** How often a page with a PENDING delivery is refreshed. */
export const PENDING_POLL_MS = 2000;

/**
 * The event log (Kinora API `GET /events`): every event that entered the
 * bus, newest first, matched or not, each with its deliveries' outcomes
 * ("No rule matched" when it caused none). Filtered by exact source; older
 * events a page at a time with "Load more", which hands focus to the first
 * row it added so that keyboard users continue where the list grew.
 */
export function eventLog(ctx: PageContext, section: HTMLElement): { refresh(): Promise<void> } {
  const sourceInput = h('input', { id: 'event-log-source', type: 'search', name: 'source', placeholder: 'aws.mediaconvert', autocomplete: 'off', spellcheck: 'false' });
  const filter = h(
    'form',
    { class: 'toolbar', role: 'search', 'aria-label': 'Filter the event log', onsubmit: (e: Event) => {
      e.preventDefault();
      void refresh();
    } },
    h('label', { for: 'event-log-source' }, 'Source'),
    sourceInput,
    h('button', { type: 'submit', class: 'secondary small' }, 'Filter'),
    h('button', { type: 'button', class: 'secondary small', onclick: () => {
      sourceInput.value = '';
      void refresh();
    } }, 'Clear'),
  );
  const status = h('p', { class: 'hint', id: 'event-log-status', role: 'status', tabindex: '-1' });
  const body = h('div', {});
  section.append(
    h('div', { class: 'section-header' }, h('h2', { id: 'event-log-title' }, 'Event log'), filter),
    h('p', { class: 'hint' }, 'Every event that entered the bus, newest first: PutEvents, MediaPackage ingest and transcode job events, whether or not a rule matched. The server keeps the newest 10 000, none older than 30 days.'),
    body,
    status,
  );
  body.append(h('p', { class: 'loading', role: 'status' }, 'Loading the event log…'));

  let timer = 0;
  let loads = 0;
  let rows: HTMLTableSectionElement | undefined;
  let more: HTMLButtonElement | undefined;
  let shown = 0;

  const describeShown = (next: string | undefined) => {
    const source = sourceInput.value.trim();
    status.textContent = `${shown} event${shown === 1 ? '' : 's'}${source ? ` from ${source}` : ''}${next ? '; older ones follow.' : '.'}`;
  };

  /** Shows a page: the first replaces the table, later ones are added to it. */
  const show = (page: EventLogPage, first: boolean) => {
    more?.remove();
    more = undefined;
    if (first) {
      shown = 0;
      if (page.events.length === 0) {
        rows = undefined;
        const source = sourceInput.value.trim();
        body.replaceChildren(emptyState(source ? `No events from ${source}` : 'No events yet', source ? 'The source is matched exactly (aws.mediaconvert, aws.mediapackage, or what a PutEvents entry named).' : 'Events appear here as they enter the bus: PutEvents, MediaPackage ingest and transcode jobs.'));
        status.textContent = '';
        return;
      }
      rows = h('tbody', {});
      body.replaceChildren(
        h('table', { class: 'deliveries event-log', 'aria-labelledby': 'event-log-title' },
          h('caption', { class: 'visually-hidden' }, 'Event log'),
          h('thead', {}, h('tr', {}, ...['Time', 'Source', 'Detail type', 'Event', 'Deliveries'].map((x) => h('th', { scope: 'col' }, x)))),
          rows,
        ),
      );
    }
    const added = page.events.map(eventRow);
    rows!.append(...added);
    shown += added.length;
    describeShown(page.nextToken);
    if (page.nextToken) {
      const token = page.nextToken;
      const button: HTMLButtonElement = h('button', {
        type: 'button',
        class: 'secondary small more',
        'aria-describedby': 'event-log-status',
        onclick: async () => {
          // Before disabling it: a disabled button may lose focus.
          const hadFocus = document.activeElement === button;
          button.disabled = true;
          button.textContent = 'Loading…';
          const mine = loads;
          clearTimeout(timer);
          try {
            const next = await ctx.kinora.listEvents({ source: sourceInput.value.trim() || undefined, limit: PAGE, nextToken: token });
            if (ctx.left() || mine !== loads) return;
            show(next, false);
            const firstNew = rows?.querySelector<HTMLElement>(`tr[data-event="${CSS.escape(next.events[0]?.id ?? '')}"] th`);
            if (hadFocus) (firstNew ?? status).focus();
          } catch (e) {
            button.disabled = false;
            button.textContent = 'Load more';
            body.append(errorBox(e));
          }
        },
      }, 'Load more');
      more = button;
      body.after(button);
    }
    if (!first && !page.nextToken) status.textContent = `${shown} events: the oldest the server keeps.`;
  };

  const refresh = async () => {
    clearTimeout(timer);
    const mine = ++loads;
    let page: EventLogPage;
    try {
      page = await ctx.kinora.listEvents({ source: sourceInput.value.trim() || undefined, limit: PAGE });
    } catch (e) {
      if (ctx.left() || mine !== loads) return;
      more?.remove();
      body.replaceChildren(errorBox(e, () => void refresh()));
      return;
    }
    if (ctx.left() || mine !== loads) return;
    show(page, true);
    if (page.events.some((e) => e.deliveries.some((d) => d.status === 'PENDING'))) timer = window.setTimeout(() => void refreshIfFirstPage(), PENDING_POLL_MS);
  };
  /** Only while the first page is all that is shown: a refresh would drop the older pages loaded. */
  const refreshIfFirstPage = () => (shown <= PAGE ? refresh() : Promise.resolve());
  ctx.onLeave(() => clearTimeout(timer));
  return { refresh };
}

function eventRow(e: LoggedEvent): HTMLTableRowElement {
  const status = typeof e.detail?.status === 'string' ? e.detail.status : undefined;
  return h(
    'tr',
    { 'data-event': e.id, 'data-source': e.source, 'data-detail-status': status, 'data-deliveries': String(e.deliveries.length) },
    h('td', {}, h('time', { datetime: e.receivedAt, title: `Event time ${e.time}, received ${e.receivedAt}` }, formatDate(e.receivedAt))),
    h('td', {}, h('code', {}, e.source)),
    h('td', {}, e.detailType, status ? h('small', { class: 'hint block' }, status) : null),
    h('th', { scope: 'row', tabindex: '-1' }, h('code', {}, e.id), h('details', { class: 'event-json' }, h('summary', {}, 'Event'), h('pre', { tabindex: '0' }, h('code', {}, JSON.stringify({ resources: e.resources, detail: e.detail }, null, 2))))),
    h('td', {}, e.deliveries.length ? h('ul', { class: 'plain' }, ...e.deliveries.map(deliveryItem)) : h('span', { class: 'muted' }, 'No rule matched')),
  );
}

function deliveryItem(d: LoggedDelivery): HTMLLIElement {
  const detail = d.lastError ? `${d.errorCode ? `${d.errorCode}: ` : ''}${d.lastError}` : d.replayOf ? `replay of ${d.replayOf}` : d.duplicateOf ? `already delivered by ${d.duplicateOf}` : '';
  return h(
    'li',
    { 'data-delivery': d.id, 'data-rule': d.ruleName, 'data-target': d.targetId, 'data-status': d.status },
    statusBadge(d.status),
    ' ',
    h('span', {}, d.ruleName, ' → ', h('code', {}, d.targetId)),
    h('small', { class: 'hint' }, ` ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.httpStatus ? ` · HTTP ${d.httpStatus}` : ''}`),
    detail ? h('small', { class: d.lastError ? 'reason block' : 'hint block' }, detail) : null,
  );
}
