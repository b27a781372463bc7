import { h } from '../ui/h.ts';
import { formatBitrate, formatDate } from '../ui/format.ts';
import { segmentChart, type ChartMeasure } from '../ui/segmentChart.ts';
import { confirmAction, copyText, emptyState, errorBox, facts, jsonView, notice, pageHeader, statusBadge, table } from '../ui/parts.ts';
import type { Asset, EgressEndpoint } from '../aws/MediaPackageVodApi.ts';
import { sourcePathOf } from './assetsPage.ts';
import { assetStatusOf } from '../aws/assetStatusOf.ts';
import { tagsText } from './groupPage.ts';
import { manifestKindOf, describeKind } from '../player/pickPlayer.ts';
import type { SourceSummary, SourceTrack } from '../aws/KinoraApi.ts';
import type { Page, PageContext } from '../PageContext.ts';

/**
 * One asset: its status (refreshed while ingest runs), each endpoint with
 * its status, URL and a Preview button, then the source as ingest indexed it
 * (Kinora API `GET /assets/{id}/source`): its renditions and a chart of each
 * one's segment bitrates or sizes over time, for spotting encoding problems.
 */
export const assetPage: Page = async (ctx) => {
  const id = ctx.params.id;
  ctx.title(`Asset ${id}`);
  const asset = await ctx.vod.describeAsset(id);
  const root = h('div', {});
  const status = h('div', { 'aria-live': 'polite' });
  const del = h('button', {
    type: 'button',
    class: 'danger',
    onclick: async () => {
      if (!(await confirmAction(`Delete asset ${id}?`, 'Its playback URLs stop working at once. The source in the bucket is kept.', 'Delete asset'))) return;
      try {
        await ctx.vod.deleteAsset(id);
        ctx.navigate(`/console/assets?group=${encodeURIComponent(asset.packagingGroupId)}`);
      } catch (err) {
        status.replaceChildren(errorBox(err));
      }
    },
  }, 'Delete asset');
  const summary = h('section', { class: 'card', 'aria-labelledby': 'asset-summary' });
  const endpoints = h('section', { 'aria-labelledby': 'endpoints-title' });
  const renditions = h('section', { 'aria-labelledby': 'renditions-title' }, h('h2', { id: 'renditions-title' }, 'Source renditions'));
  root.append(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '/console/assets' }, 'Assets'), ' / ', id),
    pageHeader(`Asset ${id}`, undefined, del),
    status,
    summary,
    endpoints,
    renditions,
  );

  let shownRenditions = false;
  const show = (a: Asset) => {
    const s = assetStatusOf(a);
    summary.replaceChildren(
      h('h2', { id: 'asset-summary', class: 'visually-hidden' }, 'Summary'),
      facts([
        ['Status', h('span', { id: 'asset-status' }, statusBadge(s === 'NO_ENDPOINTS' ? 'No configurations' : s))],
        ...(a.statusReason ? ([['Reason', h('span', { class: 'reason' }, a.statusReason)]] as [string, Node][]) : []),
        ['Group', h('a', { href: `/console/groups/${encodeURIComponent(a.packagingGroupId)}` }, a.packagingGroupId)],
        ['Source', h('code', {}, sourcePathOf(a.sourceArn))],
        ['ARN', h('code', {}, a.arn)],
        ['Created', formatDate(a.createdAt)],
        ['Tags', tagsText(a.tags)],
      ]),
      jsonView(a),
    );
    endpoints.replaceChildren(h('h2', { id: 'endpoints-title' }, 'Playback endpoints'), endpointTable(a));
    // The index exists once ingest succeeded: the asset is not FAILED with a reason of its own (endpoints whose keys failed have theirs).
    const ingestFailed = s === 'FAILED' && a.statusReason !== undefined;
    if (s !== 'QUEUED' && s !== 'PROCESSING' && !ingestFailed && !shownRenditions) {
      shownRenditions = true;
      void showSource(ctx, a.id, renditions);
    } else if (!shownRenditions) {
      renditions.replaceChildren(
        h('h2', { id: 'renditions-title' }, 'Source renditions'),
        notice(ingestFailed ? 'The source could not be ingested, so it has no index to show.' : 'The source\u2019s renditions and segment sizes are shown once ingest completes.'),
      );
    }
  };
  show(asset);

  // Ingest runs in the background: follow it until every endpoint settled.
  let current = asset;
  const busy = (a: Asset) => ['QUEUED', 'PROCESSING'].includes(assetStatusOf(a));
  if (busy(current)) {
    let timer = 0;
    const poll = async () => {
      try {
        current = await ctx.vod.describeAsset(id);
        if (ctx.left()) return;
        show(current);
      } catch (err) {
        if (!ctx.left()) status.replaceChildren(errorBox(err));
      }
      if (!ctx.left() && busy(current)) timer = window.setTimeout(poll, 1000);
    };
    timer = window.setTimeout(poll, 500);
    ctx.onLeave(() => clearTimeout(timer));
  }
  return root;
};

function endpointTable(a: Asset): HTMLElement {
  if (a.egressEndpoints.length === 0) return emptyState('No endpoints', 'The group has no packaging configurations: add one and this asset gets an endpoint for it.', h('a', { class: 'button primary', href: `/console/groups/${encodeURIComponent(a.packagingGroupId)}/configurations/new` }, 'New configuration'));
  return table(
    'Playback endpoints',
    ['Configuration', 'Type', 'Status', 'URL', ''],
    a.egressEndpoints.map((e) => {
      const kind = manifestKindOf(e.url);
      const copy = h('button', { type: 'button', class: 'link', 'aria-label': `Copy the URL of ${e.packagingConfigurationId}`, onclick: () => void copyText(e.url, copy) }, 'Copy');
      return [
        h('a', { href: `/console/configurations/${encodeURIComponent(e.packagingConfigurationId)}` }, e.packagingConfigurationId),
        kind ? describeKind(kind) : '—',
        h('span', { class: 'endpoint-status' }, statusBadge(e.status), e.status === 'FAILED' && e.statusReason ? h('small', { class: 'reason' }, ` ${e.statusReason}`) : null),
        h('span', { class: 'url' }, h('code', {}, e.url), ' ', copy),
        previewButton(e),
      ];
    }),
  );
}

function previewButton(e: EgressEndpoint): HTMLElement {
  const href = `/console/player?url=${encodeURIComponent(e.url)}`;
  if (e.status !== 'PLAYABLE') return h('span', { class: 'button small secondary disabled', 'aria-disabled': 'true', title: 'Playable once ingest completes' }, 'Preview');
  return h('a', { class: 'button small primary', href, 'aria-label': `Preview ${e.packagingConfigurationId}`, 'data-endpoint': e.packagingConfigurationId }, 'Preview');
}

/** Resolution, or sample rate and channels, in words. */
function formatOf(t: SourceTrack): string {
  if (t.kind === 'video') return t.width && t.height ? `${t.width}x${t.height}` : '—';
  if (t.kind === 'audio') return [t.sampleRate ? `${t.sampleRate / 1000} kHz` : '', t.channels ? `${t.channels} ch` : ''].filter(Boolean).join(', ') || '—';
  return '—';
}

function trackLabel(t: SourceTrack): string {
  const what = t.kind === 'video' ? formatOf(t) : [t.name, t.language].filter(Boolean).join(' ') || t.kind;
  return `${t.id} · ${t.kind} · ${what}`;
}

/** The source's tracks as a table, and a chart of one track's segments (track and measure chosen with selects). */
async function showSource(ctx: PageContext, assetId: string, section: HTMLElement): Promise<void> {
  const title = h('h2', { id: 'renditions-title' }, 'Source renditions');
  section.replaceChildren(title, h('p', { class: 'loading', role: 'status' }, 'Reading the source index…'));
  let source: SourceSummary;
  try {
    source = await ctx.kinora.describeSource(assetId);
  } catch (e) {
    if (!ctx.left()) section.replaceChildren(title, errorBox(e, () => void showSource(ctx, assetId, section)));
    return;
  }
  if (ctx.left()) return;
  const charted = source.tracks.filter((t) => t.segments.length > 0 && t.kind !== 'text');
  const chartBox = h('div', { class: 'chart-box', 'aria-live': 'polite' });
  const trackSelect = h('select', { id: 'chart-track' }, ...charted.map((t) => h('option', { value: t.id }, trackLabel(t))));
  const measureSelect = h('select', { id: 'chart-measure' }, h('option', { value: 'bitrate' }, 'Bitrate'), h('option', { value: 'size' }, 'Size'));
  const draw = () => {
    const track = charted.find((t) => t.id === trackSelect.value);
    if (track) chartBox.replaceChildren(segmentChart(track.segments, measureSelect.value as ChartMeasure, source.breaks));
  };
  trackSelect.addEventListener('change', draw);
  measureSelect.addEventListener('change', draw);
  const breaks = source.breaks.length ? `, ${source.breaks.length} break${source.breaks.length === 1 ? '' : 's'} (${[...new Set(source.breaks.map((b) => b.kind))].join(', ')})` : '';
  section.replaceChildren(
    title,
    h('p', { class: 'muted' }, `As ingested from ${sourcePathOf(source.sourceArn)}: ${source.durationSeconds.toFixed(1)} s, ${source.fileCount} source files${breaks}. Bitrates are measured over the source segments (payload only).`),
    table('Source renditions', ['Track', 'Type', 'Codec', 'Format', 'Frame rate', 'Language', 'Peak', 'Average', 'Segments', 'Samples'], source.tracks.map((t) => [
      h('span', {}, h('strong', {}, t.id), h('small', { class: 'hint' }, ` ${t.playlist}`)),
      t.kind,
      h('code', {}, t.codec),
      formatOf(t),
      t.frameRate ? `${Number(t.frameRate.toFixed(3))} fps` : '—',
      [t.language, t.name].filter(Boolean).join(' · ') || '—',
      formatBitrate(t.peakBitsPerSecond),
      formatBitrate(t.averageBitsPerSecond),
      String(t.segmentCount),
      String(t.sampleCount),
    ])),
    h('h3', {}, 'Segments over time'),
    charted.length
      ? h('div', { class: 'toolbar' }, h('label', { for: 'chart-track' }, 'Rendition'), trackSelect, h('label', { for: 'chart-measure' }, 'Show'), measureSelect)
      : notice('No track has segments to chart.'),
    chartBox,
  );
  draw();
}
