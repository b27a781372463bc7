import { MediaError } from '../errors/MediaError.ts';
import type { CodecConfig } from '../model/CodecConfig.ts';
import type { SourceIndex, IndexedTrack } from './SourceIndex.ts';
import type { SampleTable } from './SampleTable.ts';
import { SAMPLE_COLUMNS, SOURCE_INDEX_FORMAT, SOURCE_INDEX_MAGIC, align8 } from './writeSourceIndex.ts';
import { bytesFromBase64 } from '../bytes/base64.ts';

const ARRAY_TYPES = {
  decodeTime: Float64Array,
  offset: Float64Array,
  end: Float64Array,
  compositionOffset: Int32Array,
  duration: Uint32Array,
  size: Uint32Array,
  file: Uint32Array,
  part: Uint16Array,
  flags: Uint8Array,
} as const;

/** Inverse of `writeSourceIndex`. Columns are views into a private copy of `bytes`. */
export function readSourceIndex(bytes: Uint8Array): SourceIndex {
  if (bytes.byteLength < 12) throw new MediaError('TRUNCATED', `source index: expected at least 12 bytes, found ${bytes.byteLength}`);
  // Copy once into an 8-aligned buffer so typed-array views are legal.
  const own = new Uint8Array(bytes.byteLength);
  own.set(bytes);
  const view = new DataView(own.buffer);
  if (view.getUint32(0) !== SOURCE_INDEX_MAGIC) throw new MediaError('MALFORMED', 'source index: bad magic (expected KIDX)');
  const format = view.getUint32(4);
  if (format !== SOURCE_INDEX_FORMAT) throw new MediaError('UNSUPPORTED', `source index: format ${format}, expected ${SOURCE_INDEX_FORMAT}; re-ingest the asset`);
  const jsonLength = view.getUint32(8);
  const header = JSON.parse(new TextDecoder().decode(own.subarray(12, 12 + jsonLength)));
  let at = align8(12 + jsonLength);
  const tracks: IndexedTrack[] = header.tracks.map((h: any) => {
    const count: number = h.count;
    const table = { count } as SampleTable;
    for (const [name, size] of SAMPLE_COLUMNS) {
      const Type = ARRAY_TYPES[name];
      if (at + count * size > own.byteLength) throw new MediaError('TRUNCATED', `source index: column ${name} of track ${h.track.id} is cut off`);
      (table as any)[name] = new Type(own.buffer, at, count);
      at += align8(count * size);
    }
    return {
      track: { ...h.track, config: decodeConfig(h.track.config) },
      source: h.source,
      rendition: h.rendition,
      samples: table,
      sourceSegmentStarts: Uint32Array.from(h.sourceSegmentStarts),
      sourcePeakBitsPerSecond: h.sourcePeakBitsPerSecond,
      sourceAverageBitsPerSecond: h.sourceAverageBitsPerSecond,
    };
  });
  return { version: 1, files: header.files, tracks, timeOffset90k: header.timeOffset90k, durationSeconds: header.durationSeconds, breaks: header.breaks ?? [], adMarkers: header.adMarkers ?? [] };
}

function decodeConfig(c: any): CodecConfig {
  const out: any = { codec: c.codec };
  for (const [k, v] of Object.entries(c)) {
    if (k === 'codec') continue;
    out[k] = Array.isArray(v) ? v.map((s) => bytesFromBase64(s as string)) : bytesFromBase64(v as string);
  }
  return out;
}
