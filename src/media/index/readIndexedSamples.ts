import { MediaError } from '../errors/MediaError.ts';
import type { Sample } from '../model/Sample.ts';
import type { IndexedTrack, TrackSource } from './SourceIndex.ts';
import { SAMPLE_SYNC } from './SampleTable.ts';
import type { SourceRead } from './planSourceReads.ts';
import { readPesPacketInto } from '../mp2t/readPesPacketInto.ts';
import { readPesHeader } from '../mp2t/readPesHeader.ts';
import { readVideoAccessUnit } from '../mp2t/readVideoAccessUnit.ts';
import { writeAccessUnitSample } from '../mp2t/writeAccessUnitSample.ts';
import { readAdtsFrames } from '../codecs/aac/readAdtsFrames.ts';
import { readAc3Samples } from '../codecs/ac3/readAc3Samples.ts';
import { payloadHeadroom } from '../isobmff/payloadHeadroom.ts';

/**
 * Materialises samples [first, end) of a track from the bytes of
 * `planSourceReads`: times and flags come from the index, payloads from the
 * bytes (sliced for fMP4; for TS, each sample's PES is gathered from its TS
 * packets and converted to length-prefixed NAL units, raw AAC frames, or
 * AC-3 / E-AC-3 access units of whole syncframes, `readAc3Samples`). A
 * payload whose size differs from the index means the source changed after
 * ingest: that is an error, never silent.
 *
 * The TS path runs for every cold segment request, so it allocates per
 * segment, not per sample: one buffer of the exact payload total (known from
 * the index) that every sample's `data` is a view into, and one scratch buffer
 * for the PES being converted. Annex B is converted straight into its place
 * in that buffer (`writeAccessUnitSample`), and the buffer keeps room in
 * front for the fragment header (`payloadHeadroom`), so `writeMediaSegment`
 * copies no payload at all. `allocate` may return unzeroed memory (the
 * origin passes one): every payload byte is written before it is returned.
 * TS samples never refer to the bytes of `reads`, so the caller may reuse
 * those buffers as soon as this returns; fMP4 samples are views into them.
 */
export function readIndexedSamples(
  t: IndexedTrack,
  first: number,
  end: number,
  reads: (SourceRead & { bytes: Uint8Array })[],
  options: { allocate?: (bytes: number) => Uint8Array } = {},
): Sample[] {
  const s = t.samples;
  const out: Sample[] = new Array(end - first);
  if (t.source.container !== 'mp2t') {
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
  let total = 0;
  let widest = 0;
  for (let i = first; i < end; i++) {
    total += s.size[i];
    if (s.end[i] - s.offset[i] > widest) widest = s.end[i] - s.offset[i];
  }
  const payload = payloadHeadroom.allocate(payloadHeadroom.fragmentBytes(end - first), total, options.allocate);
  const scratch = new Uint8Array(widest);
  let frames: Uint8Array[] | undefined;
  let pesFile = -1;
  let pesOffset = -1;
  let pesLength = 0;
  let payloadStart = 0;
  let r = 0;
  let w = 0;
  for (let i = first; i < end; i++) {
    const size = s.size[i];
    if (s.file[i] !== pesFile || s.offset[i] !== pesOffset) {
      pesFile = s.file[i];
      pesOffset = s.offset[i];
      r = readHolding(reads, r, pesFile, pesOffset, s.end[i]);
      if (r < 0) throw new MediaError('MALFORMED', `sample ${i} of track ${t.track.id} lies outside the bytes read`);
      const read = reads[r];
      try {
        pesLength = readPesPacketInto(read.bytes, pesOffset - read.start, s.end[i] - read.start, pid, scratch, read.start);
        payloadStart = readPesHeader(scratch.subarray(0, pesLength), 0).headerLength;
        frames = audioFramesOf(codec, scratch.subarray(payloadStart, pesLength));
      } catch (e) {
        if (!(e instanceof MediaError)) throw e;
        throw new MediaError(e.code, `source changed since ingest: no ${codec} PES at byte ${pesOffset} for sample ${i} of track ${t.track.id} (${e.message})`, { offset: e.offset ?? pesOffset });
      }
    }
    let written: number;
    if (frames) {
      const frame = frames[s.part[i]];
      written = frame && frame.byteLength === size ? (payload.set(frame, w), w + size) : -1;
    } else {
      written = writeAccessUnitSample(scratch, payloadStart, pesLength, codec as 'avc' | 'hevc', payload, w, w + size);
    }
    if (written !== w + size) {
      const found = frames ? (frames[s.part[i]]?.byteLength ?? 0) : foundVideoSize(scratch.subarray(payloadStart, pesLength), codec as 'avc' | 'hevc');
      throw new MediaError('MALFORMED', `source changed since ingest: sample ${i} of track ${t.track.id} is ${found} bytes, the index says ${size}`, { offset: s.offset[i] });
    }
    out[i - first] = sampleAt(s, i, payload.subarray(w, written));
    w = written;
  }
  return out;
}

/** The samples of an audio PES payload as the index counts them (`part`); undefined for video. */
function audioFramesOf(codec: Extract<TrackSource, { container: 'mp2t' }>['codec'], payload: Uint8Array): Uint8Array[] | undefined {
  if (codec === 'aac') return readAdtsFrames(payload).map((f) => f.data);
  if (codec === 'ac3' || codec === 'ec3') return readAc3Samples(payload).map((s) => s.data);
  return undefined;
}

/** The read holding [offset, stop) of `file`: usually `from` or the next one (samples come in file order), else any. */
function readHolding(reads: SourceRead[], from: number, file: number, offset: number, stop: number): number {
  for (let k = from; k < reads.length; k++) if (reads[k].file === file && offset >= reads[k].start && stop <= reads[k].end) return k;
  for (let k = 0; k < from; k++) if (reads[k].file === file && offset >= reads[k].start && stop <= reads[k].end) return k;
  return -1;
}

/** The size the access unit really has, for the error message only. */
function foundVideoSize(pesPayload: Uint8Array, codec: 'avc' | 'hevc'): number {
  try {
    return readVideoAccessUnit(pesPayload, codec).data.byteLength;
  } catch {
    return 0;
  }
}

function sampleAt(s: IndexedTrack['samples'], i: number, data: Uint8Array): Sample {
  return { decodeTime: s.decodeTime[i], compositionOffset: s.compositionOffset[i], duration: s.duration[i], isSync: (s.flags[i] & SAMPLE_SYNC) !== 0, data };
}
