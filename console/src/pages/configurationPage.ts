import { h } from '../ui/h.ts';
import { formatDate } from '../ui/format.ts';
import { confirmAction, errorBox, facts, jsonView, pageHeader } from '../ui/parts.ts';
import { PACKAGE_LABELS, packageTypeOf } from '../aws/MediaPackageVodApi.ts';
import { tagsText } from './groupPage.ts';
import type { Page } from '../PageContext.ts';

/** One packaging configuration (immutable in the API: to change it, create another). */
export const configurationPage: Page = async (ctx) => {
  const id = ctx.params.id;
  ctx.title(`Configuration ${id}`);
  const c = await ctx.vod.describePackagingConfiguration(id);
  const type = packageTypeOf(c);
  const group = encodeURIComponent(c.packagingGroupId);
  const status = h('div', { 'aria-live': 'polite' });
  const del = h('button', {
    type: 'button',
    class: 'danger',
    onclick: async () => {
      if (!(await confirmAction(`Delete configuration ${id}?`, 'Its playback URLs stop working for every asset of the group. This cannot be undone.', 'Delete configuration'))) return;
      try {
        await ctx.vod.deletePackagingConfiguration(id);
        ctx.navigate(`/console/groups/${group}`);
      } catch (err) {
        status.replaceChildren(errorBox(err));
      }
    },
  }, 'Delete configuration');
  const settings = type ? (c[type] as Record<string, unknown>) : {};
  return h(
    'div',
    {},
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '/console/groups' }, 'Packaging groups'), ' / ', h('a', { href: `/console/groups/${group}` }, c.packagingGroupId), ' / ', id),
    pageHeader(`Configuration ${id}`, 'Configurations cannot be edited: create a new one and delete this one.', del),
    status,
    h(
      'section',
      { class: 'card' },
      facts([
        ['Type', type ? PACKAGE_LABELS[type] : 'unknown'],
        ['Group', h('a', { href: `/console/groups/${group}` }, c.packagingGroupId)],
        ['ARN', h('code', {}, c.arn)],
        ['Created', formatDate(c.createdAt)],
        ['Tags', tagsText(c.tags)],
      ]),
      h('h2', {}, 'Settings'),
      h('pre', { class: 'settings', tabindex: '0' }, h('code', {}, JSON.stringify(settings, null, 2))),
      jsonView(c),
    ),
  );
};
