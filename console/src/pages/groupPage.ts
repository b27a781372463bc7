import { h } from '../ui/h.ts';
import { formatDate } from '../ui/format.ts';
import { confirmAction, emptyState, errorBox, facts, jsonView, pageHeader, table } from '../ui/parts.ts';
import { PACKAGE_LABELS, packageTypeOf, type PackagingConfiguration } from '../aws/MediaPackageVodApi.ts';
import type { Page, PageContext } from '../PageContext.ts';

/** One packaging group: its settings, its configurations, links to its assets. */
export const groupPage: Page = async (ctx) => {
  const id = ctx.params.id;
  ctx.title(`Packaging group ${id}`);
  const [group, configurations] = await Promise.all([ctx.vod.describePackagingGroup(id), ctx.vod.listPackagingConfigurations(id)]);
  const q = encodeURIComponent(id);
  const status = h('div', { 'aria-live': 'polite' });
  const del = h('button', {
    type: 'button',
    class: 'danger',
    onclick: async () => {
      if (!(await confirmAction(`Delete packaging group ${id}?`, 'Its configurations and assets must be deleted first. This cannot be undone.', 'Delete group'))) return;
      try {
        await ctx.vod.deletePackagingGroup(id);
        ctx.navigate('/console/groups');
      } catch (err) {
        status.replaceChildren(errorBox(err));
      }
    },
  }, 'Delete group');
  return h(
    'div',
    {},
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '/console/groups' }, 'Packaging groups'), ' / ', id),
    pageHeader(`Packaging group ${id}`, undefined, h('a', { class: 'button secondary', href: `/console/assets?group=${q}` }, 'View assets'), h('a', { class: 'button secondary', href: `/console/assets/new?group=${q}` }, 'New asset'), del),
    status,
    h(
      'section',
      { class: 'card' },
      facts([
        ['ARN', h('code', {}, group.arn)],
        ['Domain name', h('code', {}, group.domainName)],
        ['Assets', h('a', { href: `/console/assets?group=${q}` }, String(group.approximateAssetCount ?? 0))],
        ['CDN authorization', group.authorization ? h('span', {}, 'On · secret ', h('code', {}, group.authorization.cdnIdentifierSecret)) : 'Off'],
        ['Egress access logs', group.egressAccessLogs ? group.egressAccessLogs.logGroupName ?? 'default log group' : 'Off'],
        ['Created', formatDate(group.createdAt)],
        ['Tags', tagsText(group.tags)],
      ]),
      jsonView(group),
    ),
    h(
      'section',
      { 'aria-labelledby': 'configs-title' },
      h('div', { class: 'section-header' }, h('h2', { id: 'configs-title' }, 'Packaging configurations'), h('a', { class: 'button primary', href: `/console/groups/${q}/configurations/new` }, 'New configuration')),
      configurationList(ctx, configurations, id),
    ),
  );
};

export function tagsText(tags: Record<string, string> | undefined): string {
  const entries = Object.entries(tags ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'None';
}

function configurationList(ctx: PageContext, configurations: PackagingConfiguration[], groupId: string): HTMLElement {
  if (configurations.length === 0) {
    return emptyState('No configurations yet', 'A configuration is one output of every asset in the group: CMAF or HLS for Apple devices and hls.js, DASH for dash.js and shaka, Smooth for older players.', h('a', { class: 'button primary', href: `/console/groups/${encodeURIComponent(groupId)}/configurations/new` }, 'New configuration'));
  }
  return table(
    'Packaging configurations',
    ['ID', 'Type', 'Segment duration', 'Manifests', 'Created', ''],
    configurations.map((c) => {
      const type = packageTypeOf(c);
      const pkg = (type ? c[type] : {}) as Record<string, any>;
      const manifests = (pkg.hlsManifests ?? pkg.dashManifests ?? pkg.mssManifests ?? []) as { manifestName?: string }[];
      return [
        h('a', { href: `/console/configurations/${encodeURIComponent(c.id)}` }, c.id),
        type ? PACKAGE_LABELS[type] : '?',
        pkg.segmentDurationSeconds ? `${pkg.segmentDurationSeconds} s` : 'default',
        manifests.map((m) => m.manifestName ?? 'index').join(', '),
        formatDate(c.createdAt),
        h('button', {
          type: 'button',
          class: 'link danger',
          'aria-label': `Delete configuration ${c.id}`,
          onclick: async (e: Event) => {
            const row = (e.currentTarget as HTMLElement).closest('tr')!;
            if (!(await confirmAction(`Delete configuration ${c.id}?`, 'Its playback URLs stop working for every asset of the group. This cannot be undone.', 'Delete configuration'))) return;
            try {
              await ctx.vod.deletePackagingConfiguration(c.id);
              ctx.navigate(`/console/groups/${encodeURIComponent(groupId)}`, { replace: true });
            } catch (err) {
              row.after(h('tr', {}, h('td', { colspan: '6' }, errorBox(err))));
            }
          },
        }, 'Delete'),
      ];
    }),
  );
}
