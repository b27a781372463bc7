import { h } from '../ui/h.ts';
import { ApiError } from '../aws/ApiError.ts';
import { emptyState, errorBox, notice, pageHeader, table } from '../ui/parts.ts';
import type { Page } from '../PageContext.ts';

/**
 * The event bus, as far as its API goes: rules (ListRules) and their
 * targets (ListTargetsByRule). EventBridge has no API that lists events or
 * deliveries, and Kinora adds none yet, so the event log is not shown.
 */
export const eventsPage: Page = async (ctx) => {
  ctx.title('Events');
  const header = pageHeader('Events', 'Rules of the EventBridge-compatible bus and where they deliver.');
  const gap = notice('The event log and each delivery\u2019s outcome are not shown: no API lists events or deliveries yet (the CLI has kinora events).', 'warning');
  let rules;
  try {
    rules = await ctx.events.listRules();
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.type === 'UnknownOperationException')) {
      return h('div', {}, header, emptyState('The event bus is not enabled on this server', 'This Kinora server does not answer the EventBridge API (POST / with X-Amz-Target: AWSEvents.*).'));
    }
    return h('div', {}, header, errorBox(e));
  }
  if (rules.length === 0) {
    return h('div', {}, header, emptyState('No rules yet', 'Rules are created with the EventBridge API (aws events put-rule, or @aws-sdk/client-eventbridge) against this server.'), gap);
  }
  const targets = await Promise.all(rules.map((r) => ctx.events.listTargetsByRule(r.Name).catch((e: unknown) => e)));
  return h(
    'div',
    {},
    header,
    table(
      'Event rules',
      ['Rule', 'State', 'Event pattern', 'Targets'],
      rules.map((r, i) => {
        const t = targets[i];
        return [
          h('span', {}, h('strong', {}, r.Name), r.Description ? h('small', { class: 'hint' }, r.Description) : null),
          r.State ?? '—',
          r.EventPattern ? h('pre', { class: 'pattern', tabindex: '0' }, h('code', {}, prettyJson(r.EventPattern))) : '—',
          Array.isArray(t)
            ? t.length
              ? h('ul', { class: 'plain' }, ...t.map((x) => h('li', {}, h('code', {}, x.Id), ' → ', h('code', {}, x.Arn))))
              : 'None'
            : errorBox(t),
        ];
      }),
    ),
    gap,
  );
};

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
