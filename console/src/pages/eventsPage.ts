import { h } from '../ui/h.ts';
import { formatDate } from '../ui/format.ts';
import { ApiError, describeError } from '../aws/ApiError.ts';
import { emptyState, errorBox, notice, pageHeader, statusBadge, table } from '../ui/parts.ts';
import { eventLog, PENDING_POLL_MS } from '../ui/eventLog.ts';
import type { DeadLetter, Delivery, DeliveryStatus } from '../aws/KinoraApi.ts';
import type { EventRule } from '../aws/EventBridgeApi.ts';
import type { Page, PageContext } from '../PageContext.ts';

const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['PENDING', 'SUCCEEDED', 'FAILED', 'DUPLICATE'];
/** While a delivery is pending (retries), the log refreshes itself. */

/**
 * The event bus: its rules and targets (EventBridge ListRules,
 * ListTargetsByRule), the event log (every event, matched or not, with its
 * deliveries' outcomes), the delivery log with each delivery's outcome, and
 * the dead letters with a Replay button (Kinora API `/events...`).
 */
export const eventsPage: Page = async (ctx) => {
  ctx.title('Events');
  const header = pageHeader('Events', 'Rules of the EventBridge-compatible bus, where they deliver, the events it received, and how each delivery went.');
  let rules: EventRule[] | undefined;
  let rulesView: Node;
  try {
    rules = await ctx.events.listRules();
    rulesView = rules.length ? await rulesTable(ctx, rules) : emptyState('No rules yet', 'Rules are created with the EventBridge API (aws events put-rule, or @aws-sdk/client-eventbridge) against this server.');
  } catch (e) {
    rulesView =
      e instanceof ApiError && (e.status === 404 || e.type === 'UnknownOperationException')
        ? emptyState('The event bus is not enabled on this server', 'This Kinora server does not answer the EventBridge API (POST / with X-Amz-Target: AWSEvents.*).')
        : errorBox(e);
  }
  const events = h('section', { 'aria-labelledby': 'event-log-title' });
  const deliveries = h('section', { 'aria-labelledby': 'deliveries-title' });
  const deadLetters = h('section', { 'aria-labelledby': 'dead-letters-title' });
  const eventsLog = eventLog(ctx, events);
  const log = deliveryLog(ctx, rules ?? [], deliveries, deadLetters, () => eventsLog.refresh());
  void eventsLog.refresh();
  void log.refresh();
  return h('div', {}, header, h('section', { 'aria-labelledby': 'rules-title' }, h('h2', { id: 'rules-title' }, 'Rules'), rulesView), events, deliveries, deadLetters);
};

async function rulesTable(ctx: PageContext, rules: EventRule[]): Promise<HTMLElement> {
  const targets = await Promise.all(rules.map((r) => ctx.events.listTargetsByRule(r.Name).catch((e: unknown) => e)));
  return table(
    'Event rules',
    ['Rule', 'State', 'Event pattern', 'Targets'],
    rules.map((r, i) => {
      const t = targets[i];
      return [
        h('span', {}, h('strong', {}, r.Name), r.Description ? h('small', { class: 'hint' }, r.Description) : null),
        r.State ?? '—',
        r.EventPattern ? h('pre', { class: 'pattern', tabindex: '0' }, h('code', {}, prettyJson(r.EventPattern))) : '—',
        Array.isArray(t) ? (t.length ? h('ul', { class: 'plain' }, ...t.map((x) => h('li', {}, h('code', {}, x.Id), ' → ', h('code', {}, x.Arn)))) : 'None') : errorBox(t),
      ];
    }),
  );
}

/**
 * The deliveries table (filtered by rule and status) and the dead letters,
 * refreshed together; `replayed` runs after a replay (the event log shows
 * the new delivery too).
 */
function deliveryLog(ctx: PageContext, rules: EventRule[], deliveriesSection: HTMLElement, deadSection: HTMLElement, replayed: () => Promise<void>): { refresh(): Promise<void> } {
  const ruleSelect = h('select', { id: 'deliveries-rule' }, h('option', { value: '' }, 'All rules'), ...rules.map((r) => h('option', { value: r.Name }, r.Name)));
  const statusSelect = h('select', { id: 'deliveries-status' }, h('option', { value: '' }, 'Any outcome'), ...DELIVERY_STATUSES.map((s) => h('option', { value: s }, s.charAt(0) + s.slice(1).toLowerCase())));
  const refreshButton = h('button', { type: 'button', class: 'secondary small', onclick: () => void refresh() }, 'Refresh');
  const deliveriesBody = h('div', {});
  const deadBody = h('div', {});
  const replayMessage = h('div', { 'aria-live': 'polite' });
  deliveriesSection.append(
    h('div', { class: 'section-header' }, h('h2', { id: 'deliveries-title' }, 'Deliveries'), h('div', { class: 'toolbar' }, h('label', { for: 'deliveries-rule' }, 'Rule'), ruleSelect, h('label', { for: 'deliveries-status' }, 'Outcome'), statusSelect, refreshButton)),
    h('p', { class: 'hint' }, 'Newest first, the last 50: one per target of each rule an event matched.'),
    deliveriesBody,
  );
  deadSection.append(h('h2', { id: 'dead-letters-title' }, 'Dead letters'), replayMessage, deadBody);
  deliveriesBody.append(h('p', { class: 'loading', role: 'status' }, 'Loading deliveries…'));

  let timer = 0;
  let loads = 0;
  const refresh = async () => {
    clearTimeout(timer);
    const mine = ++loads;
    const [deliveries, dead] = await Promise.all([
      ctx.kinora.listDeliveries({ rule: ruleSelect.value || undefined, status: (statusSelect.value || undefined) as DeliveryStatus | undefined, limit: 50 }).catch((e: unknown) => e),
      ctx.kinora.listDeadLetters().catch((e: unknown) => e),
    ]);
    if (ctx.left() || mine !== loads) return;
    deliveriesBody.replaceChildren(
      Array.isArray(deliveries)
        ? deliveries.length
          ? deliveriesTable(deliveries)
          : emptyState(ruleSelect.value || statusSelect.value ? 'No deliveries match' : 'No deliveries yet', 'A delivery is recorded each time an event matches a rule, once per target: MediaPackage ingest and transcode job events, and PutEvents.')
        : errorBox(deliveries, () => void refresh()),
    );
    deadBody.replaceChildren(Array.isArray(dead) ? (dead.length ? deadLettersTable(ctx, dead, replayMessage, () => Promise.all([refresh(), replayed()]).then(() => {})) : h('p', { class: 'muted' }, 'No dead letters: every delivery that failed for good was replayed, or none did.')) : errorBox(dead));
    if (Array.isArray(deliveries) && deliveries.some((d) => d.status === 'PENDING')) timer = window.setTimeout(refresh, PENDING_POLL_MS);
  };
  ruleSelect.addEventListener('change', () => void refresh());
  statusSelect.addEventListener('change', () => void refresh());
  ctx.onLeave(() => clearTimeout(timer));
  return { refresh };
}

function eventCell(d: { event: Delivery['event'] }): HTMLElement {
  const status = typeof d.event.detail?.status === 'string' ? ` · ${d.event.detail.status}` : '';
  return h('span', {}, h('strong', {}, `${d.event['detail-type']}${status}`), h('small', { class: 'hint' }, ` ${d.event.source}`));
}

function outcome(d: Delivery): HTMLElement {
  const detail = d.error ? `${d.errorCode ? `${d.errorCode}: ` : ''}${d.error}` : d.replayOf ? `replay of ${d.replayOf}` : d.duplicateOf ? `already delivered by ${d.duplicateOf}` : '';
  return h('span', { class: 'delivery-outcome' }, statusBadge(d.status), h('small', { class: 'hint' }, ` ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.httpStatus ? ` · HTTP ${d.httpStatus}` : ''}`), detail ? h('small', { class: d.status === 'FAILED' || d.error ? 'reason block' : 'hint block' }, detail) : null);
}

function deliveriesTable(deliveries: Delivery[]): HTMLElement {
  return h(
    'table',
    { class: 'deliveries' },
    h('caption', { class: 'visually-hidden' }, 'Event deliveries'),
    h('thead', {}, h('tr', {}, ...['Time', 'Event', 'Rule', 'Target', 'Outcome'].map((x) => h('th', { scope: 'col' }, x)))),
    h(
      'tbody',
      {},
      ...deliveries.map((d) =>
        h(
          'tr',
          { 'data-delivery': d.id, 'data-rule': d.ruleName, 'data-status': d.status },
          h('td', {}, formatDate(d.createdAt)),
          h('td', {}, eventCell(d), h('details', { class: 'event-json' }, h('summary', {}, 'Event'), h('pre', { tabindex: '0' }, h('code', {}, JSON.stringify(d.event, null, 2))))),
          h('td', {}, d.ruleName),
          h('td', {}, h('code', {}, d.targetId), h('small', { class: 'hint block' }, d.targetArn)),
          h('td', {}, outcome(d)),
        ),
      ),
    ),
  );
}

function deadLettersTable(ctx: PageContext, dead: DeadLetter[], message: HTMLElement, changed: () => Promise<void>): HTMLElement {
  return table(
    'Dead letters',
    ['Time', 'Event', 'Rule', 'Target', 'Why', ''],
    dead.map((d) => {
      const replay: HTMLButtonElement = h('button', {
        type: 'button',
        class: 'secondary small',
        'aria-label': `Replay the ${d.event['detail-type']} event to ${d.targetId} (${d.ruleName})`,
        'data-dead-letter': d.id,
        onclick: async () => {
          replay.disabled = true;
          replay.textContent = 'Replaying…';
          try {
            const delivery = await ctx.kinora.replayDeadLetter(d.id);
            message.replaceChildren(
              delivery?.status === 'SUCCEEDED'
                ? notice(`Delivered again to ${d.targetId}: succeeded.`, 'success')
                : notice(`Delivered again to ${d.targetId}: ${delivery ? delivery.status.toLowerCase() : 'started'}${delivery?.error ? ` (${delivery.error})` : ''}.`, delivery?.status === 'FAILED' ? 'warning' : 'info'),
            );
          } catch (e) {
            message.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, describeError(e)));
          }
          await changed();
        },
      }, 'Replay');
      return [formatDate(d.createdAt), eventCell(d), d.ruleName, h('code', {}, d.targetId), h('span', { class: 'reason' }, `${d.errorCode}: ${d.error} (${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.replays ? `, ${d.replays} replay${d.replays === 1 ? '' : 's'}` : ''})`), replay];
    }),
  );
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
