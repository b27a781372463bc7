import { h } from '../ui/h.ts';
import { formatDate } from '../ui/format.ts';
import { emptyState, pageHeader, statusBadge, table } from '../ui/parts.ts';
import type { Asset, AssetShallow } from '../aws/MediaPackageVodApi.ts';
import { assetStatusOf } from '../aws/assetStatusOf.ts';
import type { Page, PageContext } from '../PageContext.ts';

/** S3 object ARN -> `s3://bucket/key`, the form people type. */
export function sourcePathOf(sourceArn: string): string {
  const m = /^arn:aws:s3:::(.+)$/.exec(sourceArn);
  return m ? `s3://${m[1]}` : sourceArn;
}

/**
 * Assets, filtered by packaging group. ListAssets returns the shallow form
 * without status, so each listed asset is described as well (a few at a
 * time); the page refreshes while some are still QUEUED or PROCESSING.
 */
export const assetsPage: Page = async (ctx) => {
  ctx.title('Assets');
  const group = ctx.query.get('group') ?? '';
  const [groups, assets] = await Promise.all([ctx.vod.listPackagingGroups(), ctx.vod.listAssets(group || undefined)]);
  const filter = h(
    'select',
    {
      id: 'assets-group',
      onchange: (e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        ctx.navigate(v ? `/console/assets?group=${encodeURIComponent(v)}` : '/console/assets', { replace: true });
      },
    },
    h('option', { value: '' }, 'All groups'),
    ...groups.map((g) => h('option', { value: g.id, ...(g.id === group ? { selected: true } : {}) }, g.id)),
  );
  const newHref = `/console/assets/new${group ? `?group=${encodeURIComponent(group)}` : ''}`;
  const header = pageHeader('Assets', 'Sources ingested into a packaging group, each served in every configuration of its group.', h('a', { class: 'button primary', href: newHref }, 'New asset'));
  const toolbar = h('div', { class: 'toolbar' }, h('label', { for: 'assets-group' }, 'Packaging group'), filter);
  if (groups.length === 0) return h('div', {}, header, emptyState('Create a packaging group first', 'Assets belong to a packaging group, whose configurations say how they are served.', h('a', { class: 'button primary', href: '/console/groups' }, 'Go to packaging groups')));
  if (assets.length === 0) {
    return h('div', {}, header, toolbar, emptyState(group ? `No assets in ${group}` : 'No assets yet', 'Add an asset from an HLS source in a bucket; it is ingested in the background and becomes playable in every configuration of its group.', h('a', { class: 'button primary', href: newHref }, 'New asset')));
  }
  const statusCells = new Map<string, HTMLElement>();
  const rows = assets.map((a) => {
    const cell = h('span', {}, a.statusReason ? statusBadge('FAILED') : h('span', { class: 'muted' }, '…'));
    statusCells.set(a.id, cell);
    return [h('a', { href: `/console/assets/${encodeURIComponent(a.id)}` }, a.id), h('a', { href: `/console/groups/${encodeURIComponent(a.packagingGroupId)}` }, a.packagingGroupId), h('code', {}, sourcePathOf(a.sourceArn)), cell, formatDate(a.createdAt)];
  });
  void fillStatuses(ctx, assets, statusCells);
  return h('div', {}, header, toolbar, table('Assets', ['ID', 'Group', 'Source', 'Status', 'Created'], rows));
};

async function fillStatuses(ctx: PageContext, assets: AssetShallow[], cells: Map<string, HTMLElement>): Promise<void> {
  let pending = [...assets];
  for (let round = 0; pending.length > 0 && !ctx.left(); round++) {
    const still: AssetShallow[] = [];
    for (let i = 0; i < pending.length; i += 6) {
      await Promise.all(
        pending.slice(i, i + 6).map(async (a) => {
          try {
            const full = await ctx.vod.describeAsset(a.id);
            const status = assetStatusOf(full);
            cells.get(a.id)?.replaceChildren(statusBadge(status === 'NO_ENDPOINTS' ? 'No configurations' : status));
            if (status === 'QUEUED' || status === 'PROCESSING') still.push(a);
          } catch {
            cells.get(a.id)?.replaceChildren(h('span', { class: 'muted' }, 'unknown'));
          }
        }),
      );
      if (ctx.left()) return;
    }
    pending = still;
    if (pending.length) await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** round, 10_000)));
  }
}
