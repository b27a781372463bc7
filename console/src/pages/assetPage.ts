import { h } from '../ui/h.ts';
import { formatBitrate, formatBytes, formatDate } from '../ui/format.ts';
import { confirmAction, copyText, emptyState, errorBox, facts, jsonView, notice, pageHeader, statusBadge, table } from '../ui/parts.ts';
import type { Asset, EgressEndpoint } from '../aws/MediaPackageVodApi.ts';
import { assetStatusOf, sourcePathOf } from './assetsPage.ts';
import { tagsText } from './groupPage.ts';
import { manifestKindOf, describeKind } from '../player/pickPlayer.ts';
import { readHlsPlaylist, type HlsSegment } from '../inspect/readHlsPlaylist.ts';
import { readMpdRenditions } from '../inspect/readMpdRenditions.ts';
import type { Page, PageContext } from '../PageContext.ts';

/**
 * One asset: its status (refreshed while ingest runs), each endpoint with
 * its status, URL and a Preview button, then its renditions as packaged and,
 * on request, a chart of segment bitrates measured from the served segments.
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
  const renditions = h('section', { 'aria-labelledby': 'renditions-title' });
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
    if (s === 'PLAYABLE' && !shownRenditions) {
      shownRenditions = true;
      void showRenditions(ctx, a, renditions);
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
        h('span', { class: 'endpoint-status' }, statusBadge(e.status), e.status === 'FAILED' && a.statusReason ? h('small', { class: 'reason' }, ` ${a.statusReason}`) : null),
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

/**
 * Renditions as served (the API does not describe the source: see
 * docs/console.md), read from an HLS endpoint's playlists, else from a DASH
 * endpoint's MPD; with HLS, segment sizes can be measured (HEAD requests).
 */
async function showRenditions(ctx: PageContext, a: Asset, section: HTMLElement): Promise<void> {
  section.replaceChildren(h('h2', { id: 'renditions-title' }, 'Renditions'), h('p', { class: 'loading', role: 'status' }, 'Reading the manifest…'));
  const hls = a.egressEndpoints.find((e) => manifestKindOf(e.url) === 'hls');
  const dash = a.egressEndpoints.find((e) => manifestKindOf(e.url) === 'dash');
  const intro = (e: EgressEndpoint) => notice(h('span', {}, 'As packaged by ', h('code', {}, e.packagingConfigurationId), ': the API does not describe the source itself, so this reads the endpoint\u2019s manifest.'));
  try {
    if (hls) {
      const text = await (await fetchOk(hls.url)).text();
      const top = readHlsPlaylist(text, hls.url);
      const medias = await Promise.all(
        top.variants.map(async (v) => ({ v, segments: readHlsPlaylist(await (await fetchOk(v.uri)).text(), v.uri).segments })),
      );
      const audio = await Promise.all(
        top.media.filter((m) => m.uri).map(async (m) => ({ m, segments: readHlsPlaylist(await (await fetchOk(m.uri!)).text(), m.uri!).segments })),
      );
      if (ctx.left()) return;
      const chart = h('div', { class: 'chart-box' });
      const picker = h('select', { id: 'chart-rendition' }, ...medias.map((x, i) => h('option', { value: String(i) }, `${x.v.resolution ?? 'variant'} · ${formatBitrate(x.v.bandwidth)}`)), ...audio.map((x, i) => h('option', { value: `a${i}` }, `${x.m.type.toLowerCase()} ${x.m.name}`)));
      const measure = h('button', {
        type: 'button',
        class: 'secondary small',
        onclick: () => {
          const v = picker.value;
          const segments = v.startsWith('a') ? audio[Number(v.slice(1))].segments : medias[Number(v)].segments;
          void measureSegments(ctx, segments, chart, measure);
        },
      }, 'Measure segment sizes');
      section.replaceChildren(
        h('h2', { id: 'renditions-title' }, 'Renditions'),
        intro(hls),
        table('Renditions', ['Type', 'Resolution', 'Codecs', 'Bandwidth', 'Average', 'Segments'], [
          ...medias.map(({ v, segments }) => ['variant', v.resolution ?? '—', v.codecs ?? '—', formatBitrate(v.bandwidth), formatBitrate(v.averageBandwidth), String(segments.length)]),
          ...audio.map(({ m, segments }) => [m.type.toLowerCase(), `${m.name}${m.language ? ` (${m.language})` : ''}`, '—', '—', '—', String(segments.length)]),
        ]),
        h('h3', {}, 'Segment bitrate over time'),
        h('div', { class: 'toolbar' }, h('label', { for: 'chart-rendition' }, 'Rendition'), picker, measure),
        chart,
      );
      return;
    }
    if (dash) {
      const reps = readMpdRenditions(await (await fetchOk(dash.url)).text());
      if (ctx.left()) return;
      section.replaceChildren(
        h('h2', { id: 'renditions-title' }, 'Renditions'),
        intro(dash),
        table('Renditions', ['Type', 'ID', 'Resolution', 'Codecs', 'Bandwidth', 'Segments'], reps.map((r) => [r.contentType, r.id, r.width && r.height ? `${r.width}×${r.height}` : r.language ?? '—', r.codecs ?? '—', formatBitrate(r.bandwidth), r.segmentCount !== undefined ? String(r.segmentCount) : '—'])),
        notice('Segment sizes are measured from an HLS or CMAF endpoint; add one to this group to chart them.'),
      );
      return;
    }
    section.replaceChildren(h('h2', { id: 'renditions-title' }, 'Renditions'), notice('Renditions are read from an HLS, CMAF or DASH endpoint; this asset has none.'));
  } catch (e) {
    if (!ctx.left()) section.replaceChildren(h('h2', { id: 'renditions-title' }, 'Renditions'), errorBox(e));
  }
}

async function fetchOk(url: string): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(url);
  } catch {
    throw new Error(`Reading ${url} failed: the server did not answer.`);
  }
  if (!r.ok) throw new Error(`Reading ${url} failed: HTTP ${r.status}.`);
  return r;
}

/** HEAD each segment (four at a time) and chart size × 8 / duration as bars. */
async function measureSegments(ctx: PageContext, segments: HlsSegment[], box: HTMLElement, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  const sizes: (number | undefined)[] = new Array(segments.length).fill(undefined);
  const progress = h('p', { role: 'status', class: 'muted' }, `Measuring 0 of ${segments.length} segments…`);
  box.replaceChildren(progress);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < segments.length && !ctx.left()) {
      const i = next++;
      try {
        const r = await fetch(segments[i].uri, { method: 'HEAD' });
        const length = Number(r.headers.get('content-length'));
        sizes[i] = r.ok && Number.isFinite(length) ? length : undefined;
      } catch {
        sizes[i] = undefined;
      }
      progress.textContent = `Measuring ${++done} of ${segments.length} segments…`;
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  if (ctx.left()) return;
  button.disabled = false;
  box.replaceChildren(bitrateChart(segments, sizes));
}

function bitrateChart(segments: HlsSegment[], sizes: (number | undefined)[]): HTMLElement {
  const bitrates = segments.map((s, i) => (sizes[i] !== undefined && s.durationSeconds > 0 ? (sizes[i]! * 8) / s.durationSeconds : 0));
  const max = Math.max(1, ...bitrates);
  const width = 1000;
  const height = 220;
  const barWidth = width / Math.max(1, segments.length);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height + 24}`);
  svg.setAttribute('role', 'img');
  const total = sizes.reduce<number>((t, s) => t + (s ?? 0), 0);
  const duration = segments.reduce((t, s) => t + s.durationSeconds, 0);
  svg.setAttribute('aria-label', `Bitrate of ${segments.length} segments; peak ${formatBitrate(max)}, average ${formatBitrate((total * 8) / Math.max(duration, 0.001))}`);
  let t = 0;
  segments.forEach((s, i) => {
    const bar = document.createElementNS(ns, 'rect');
    const hgt = (bitrates[i] / max) * height;
    bar.setAttribute('x', String(i * barWidth + 1));
    bar.setAttribute('y', String(height - hgt));
    bar.setAttribute('width', String(Math.max(1, barWidth - 2)));
    bar.setAttribute('height', String(hgt));
    bar.setAttribute('class', sizes[i] === undefined ? 'bar missing' : 'bar');
    const title = document.createElementNS(ns, 'title');
    title.textContent = `Segment ${i + 1} at ${t.toFixed(1)} s: ${sizes[i] === undefined ? 'not measured' : `${formatBytes(sizes[i]!)}, ${formatBitrate(bitrates[i])}`}`;
    bar.append(title);
    svg.append(bar);
    t += s.durationSeconds;
  });
  const axis = document.createElementNS(ns, 'text');
  axis.setAttribute('x', '0');
  axis.setAttribute('y', String(height + 16));
  axis.setAttribute('class', 'axis');
  axis.textContent = `0 s … ${duration.toFixed(0)} s · peak ${formatBitrate(max)}`;
  svg.append(axis);
  return h('figure', { class: 'chart' }, svg as unknown as Node, h('figcaption', {}, `${segments.length} segments, ${formatBytes(total)} in ${duration.toFixed(1)} s: average ${formatBitrate((total * 8) / Math.max(duration, 0.001))}, peak ${formatBitrate(max)}.`));
}
