import type { SourceIndex } from './SourceIndex.ts';
import type { SampleTable } from './SampleTable.ts';
import { base64FromBytes } from '../bytes/base64.ts';

const MAGIC = 0x4b494458; // 'KIDX'
export const SOURCE_INDEX_FORMAT = 1;

/** Column order and element sizes of the binary form; shared with `readSourceIndex`. */
export const SAMPLE_COLUMNS = [
  ['decodeTime', 8],
  ['offset', 8],
  ['end', 8],
  ['compositionOffset', 4],
  ['duration', 4],
  ['size', 4],
  ['file', 4],
  ['part', 2],
  ['flags', 1],
] as const satisfies readonly (readonly [keyof Omit<SampleTable, 'count'>, number])[];

/**
 * Serialises a source index: `'KIDX' u32 format u32 headerLength` + JSON
 * header (tracks' metadata with codec parameter sets in base64) + each track's
 * columns as little-endian typed arrays, 8-byte aligned so that
 * `readSourceIndex` can view them without copying.
 */
export function writeSourceIndex(index: SourceIndex): Uint8Array {
  const header = {
    format: SOURCE_INDEX_FORMAT,
    files: index.files,
    timeOffset90k: index.timeOffset90k,
    durationSeconds: index.durationSeconds,
    breaks: index.breaks,
    adMarkers: index.adMarkers,
    tracks: index.tracks.map((t) => ({
      track: { ...t.track, config: encodeConfig(t.track.config) },
      source: t.source,
      rendition: t.rendition,
      count: t.samples.count,
      sourceSegmentStarts: Array.from(t.sourceSegmentStarts),
      sourcePeakBitsPerSecond: t.sourcePeakBitsPerSecond,
      sourceAverageBitsPerSecond: t.sourceAverageBitsPerSecond,
    })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  let size = align8(12 + json.byteLength);
  for (const t of index.tracks) for (const [, bytes] of SAMPLE_COLUMNS) size += align8(t.samples.count * bytes);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC);
  view.setUint32(4, SOURCE_INDEX_FORMAT);
  view.setUint32(8, json.byteLength);
  out.set(json, 12);
  let at = align8(12 + json.byteLength);
  for (const t of index.tracks) {
    for (const [name, bytes] of SAMPLE_COLUMNS) {
      const col = t.samples[name];
      out.set(new Uint8Array(col.buffer, col.byteOffset, t.samples.count * bytes), at);
      at += align8(t.samples.count * bytes);
    }
  }
  return out;
}

function encodeConfig(config: SourceIndex['tracks'][number]['track']['config']): unknown {
  const out: Record<string, unknown> = { codec: config.codec };
  for (const [k, v] of Object.entries(config)) {
    if (v instanceof Uint8Array) out[k] = base64FromBytes(v);
    else if (Array.isArray(v)) out[k] = v.map((b: Uint8Array) => base64FromBytes(b));
  }
  return out;
}

export function align8(n: number): number {
  return (n + 7) & ~7;
}

export { MAGIC as SOURCE_INDEX_MAGIC };
