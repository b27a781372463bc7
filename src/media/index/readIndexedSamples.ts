import { MediaError } from '../errors/MediaError.ts';
import type { Sample } from '../model/Sample.ts';
import type { IndexedTrack } from './SourceIndex.ts';
import { SAMPLE_SYNC } from './SampleTable.ts';
import type { SourceRead } from './planSourceReads.ts';
import { demuxTransportStream } from '../mp2t/demuxTransportStream.ts';
import type { PesPacket } from '../mp2t/PesPacket.ts';
import { readVideoAccessUnit } from '../mp2t/readVideoAccessUnit.ts';
import { readAdtsFrames } from '../codecs/aac/readAdtsFrames.ts';

/**
 * Materialises samples [first, end) of a track from the bytes of
 * `planSourceReads`: times and flags come from the index, payloads from the
 * bytes (sliced for fMP4; demuxed and converted to length-prefixed NAL units
 * or raw AAC frames for TS). A payload whose size differs from the index
 * means the source changed after ingest: that is an error, never silent.
 */
export function readIndexedSamples(t: IndexedTrack, first: number, end: number, reads: (SourceRead & { bytes: Uint8Array })[]): Sample[] {
  const s = t.samples;
  const out: Sample[] = new Array(end - first);
  if (t.source.container === 'fmp4') {
    let r = 0;
    for (let i = first; i < end; i++) {
      while (r < reads.length && !(reads[r].file === s.file[i] && s.offset[i] >= reads[r].start && s.end[i] <= reads[r].end)) r++;
      if (r === reads.length) throw new MediaError('MALFORMED', `sample ${i} of track ${t.track.id} lies outside the bytes read`);
      const read = reads[r];
      const at = s.offset[i] - read.start;
      out[i - first] = sampleAt(s, i, read.bytes.subarray(at, at + s.size[i]));
    }
    return out;
  }

  const { pid, codec } = t.source;
  const pesByOffset = new Map<string, PesPacket>();
  for (const read of reads) {
    const demux = demuxTransportStream(read.bytes, { baseOffset: read.start, pids: [pid] });
    for (const p of demux.pes) if (p.pid === pid) pesByOffset.set(`${read.file}:${p.startOffset}`, p);
  }
  let framesOf: { key: string; frames: Uint8Array[] } | undefined;
  for (let i = first; i < end; i++) {
    const key = `${s.file[i]}:${s.offset[i]}`;
    const pes = pesByOffset.get(key);
    if (!pes) throw new MediaError('MALFORMED', `source changed since ingest: no PES at byte ${s.offset[i]} for sample ${i} of track ${t.track.id}`, { offset: s.offset[i] });
    let data: Uint8Array;
    if (codec === 'aac') {
      if (framesOf?.key !== key) framesOf = { key, frames: readAdtsFrames(pes.data).map((f) => f.data) };
      data = framesOf.frames[s.part[i]];
    } else {
      data = readVideoAccessUnit(pes.data, codec).data;
    }
    if (!data || data.byteLength !== s.size[i]) {
      throw new MediaError('MALFORMED', `source changed since ingest: sample ${i} of track ${t.track.id} is ${data?.byteLength ?? 0} bytes, the index says ${s.size[i]}`, { offset: s.offset[i] });
    }
    out[i - first] = sampleAt(s, i, data);
  }
  return out;
}

function sampleAt(s: IndexedTrack['samples'], i: number, data: Uint8Array): Sample {
  return { decodeTime: s.decodeTime[i], compositionOffset: s.compositionOffset[i], duration: s.duration[i], isSync: (s.flags[i] & SAMPLE_SYNC) !== 0, data };
}
