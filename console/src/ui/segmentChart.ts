import { h } from './h.ts';
import { formatBitrate, formatBytes } from './format.ts';
import type { SourceSegment, SourceSummary } from '../aws/KinoraApi.ts';

export type ChartMeasure = 'bitrate' | 'size';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1000;
const HEIGHT = 220;
const LEFT = 70;
const RIGHT = 24;
const TOP = 12;
const BOTTOM = 26;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** 1, 2 or 5 times a power of ten, the first step giving at most `count` ticks up to `max`. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

/**
 * An inline SVG bar chart of one track's source segments over time: a bar
 * per segment, as wide as the segment lasts, as high as its bitrate (payload
 * bits / duration) or its size; dashed lines at the source's breaks
 * (discontinuities, ad markers). Each bar has a `<title>` naming its segment,
 * time, size and bitrate; the figure caption sums them up, with the peak.
 */
export function segmentChart(segments: SourceSegment[], measure: ChartMeasure, breaks: SourceSummary['breaks'] = []): HTMLElement {
  const bitrateOf = (s: SourceSegment) => (s.durationSeconds > 0 ? (s.bytes * 8) / s.durationSeconds : 0);
  const valueOf = measure === 'bitrate' ? bitrateOf : (s: SourceSegment) => s.bytes;
  const format = measure === 'bitrate' ? formatBitrate : formatBytes;
  const values = segments.map(valueOf);
  const peakIndex = values.reduce((best, v, i) => (v > values[best] ? i : best), 0);
  const start = segments.length ? segments[0].startSeconds : 0;
  const end = segments.length ? Math.max(...segments.map((s) => s.startSeconds + s.durationSeconds)) : 1;
  const span = Math.max(end - start, 0.001);
  const peakValue = Math.max(1, values[peakIndex] ?? 1);
  // Sizes are shown in KiB / MiB: their grid steps are round in those units.
  const unit = measure === 'size' ? (peakValue >= 1024 * 1024 ? 1024 * 1024 : peakValue >= 1024 ? 1024 : 1) : 1;
  const step = niceStep(peakValue / unit, 4) * unit;
  const top = Math.max(step, Math.ceil(peakValue / step) * step);
  const x = (t: number) => LEFT + ((t - start) / span) * (WIDTH - LEFT - RIGHT);
  const y = (v: number) => TOP + HEIGHT - (v / top) * HEIGHT;

  const totalBytes = segments.reduce((t, s) => t + s.bytes, 0);
  const totalSeconds = segments.reduce((t, s) => t + s.durationSeconds, 0);
  const average = totalSeconds > 0 ? (totalBytes * 8) / totalSeconds : 0;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${TOP + HEIGHT + BOTTOM}`, role: 'img', 'aria-label': `${measure === 'bitrate' ? 'Bitrate' : 'Size'} of ${segments.length} source segments over ${span.toFixed(1)} s; peak ${format(values[peakIndex] ?? 0)}` });
  for (let v = 0; v <= top + step / 2; v += step) {
    chart.append(svg('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: y(v), y2: y(v), class: 'grid' }));
    chart.append(svg('text', { x: LEFT - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, v === 0 ? '0' : format(v)));
  }
  const timeStep = niceStep(span, 8);
  for (let t = Math.ceil(start / timeStep) * timeStep; t <= end + 1e-9; t += timeStep) {
    chart.append(svg('text', { x: x(t), y: TOP + HEIGHT + 18, class: 'axis', 'text-anchor': 'middle' }, `${Number(t.toFixed(3))} s`));
  }
  segments.forEach((s, i) => {
    const x0 = x(s.startSeconds);
    const width = Math.max(1, x(s.startSeconds + s.durationSeconds) - x0 - 1);
    const bar = svg('rect', { x: x0, y: y(values[i]), width, height: TOP + HEIGHT - y(values[i]), class: i === peakIndex ? 'bar peak' : 'bar', 'data-segment': i });
    bar.append(svg('title', {}, `Segment ${i + 1} at ${s.startSeconds.toFixed(2)} s, ${s.durationSeconds.toFixed(2)} s long: ${formatBytes(s.bytes)}, ${formatBitrate(bitrateOf(s))}`));
    chart.append(bar);
  });
  if (measure === 'bitrate' && average > 0) {
    const line = svg('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: y(average), y2: y(average), class: 'average' });
    line.append(svg('title', {}, `Average ${formatBitrate(average)}`));
    chart.append(line);
  }
  for (const b of breaks) {
    const line = svg('line', { x1: x(b.startSeconds), x2: x(b.startSeconds), y1: TOP, y2: TOP + HEIGHT, class: 'break' });
    line.append(svg('title', {}, `${b.kind === 'discontinuity' ? 'Discontinuity' : b.kind === 'ad-start' ? 'Ad break starts' : 'Ad break ends'} at ${b.startSeconds.toFixed(2)} s`));
    chart.append(line);
  }
  const bitrates = segments.map(bitrateOf);
  const peakRate = bitrates.reduce((best, v, i) => (v > bitrates[best] ? i : best), 0);
  const caption = segments.length
    ? `${segments.length} segments, ${formatBytes(totalBytes)} in ${totalSeconds.toFixed(1)} s: average ${formatBitrate(average)}, peak ${formatBitrate(bitrates[peakRate])} (segment ${peakRate + 1} at ${segments[peakRate].startSeconds.toFixed(1)} s).`
    : 'No segments.';
  return h('figure', { class: 'chart' }, chart as unknown as Node, h('figcaption', {}, caption));
}
