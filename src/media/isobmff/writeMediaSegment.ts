import { ByteWriter } from '../bytes/ByteWriter.ts';
import type { Sample } from '../model/Sample.ts';
import { writeMdatHeader } from './boxes/mdat.ts';
import { writeMoof } from './boxes/moof.ts';
import { writeSidx } from './boxes/sidx.ts';
import { writeStyp } from './boxes/styp.ts';
import { payloadHeadroom } from './payloadHeadroom.ts';

/**
 * A CMAF segment holding one CMAF fragment (ISO/IEC 23000-19 7.3.2, 7.5) of
 * one track: optional `styp`, optional `sidx`, then `moof` (mfhd, traf with
 * tfhd default-base-is-moof, tfdt v1, trun v1) and one `mdat` with the
 * samples' data concatenated in order.
 *
 * `styp` (default on) carries major brand `msdh` and compatible `msdh`
 * (ISO/IEC 23009-1 6.3.4.2), `msix` when a `sidx` is written (6.3.4.3), and
 * the CMAF segment and fragment brands `cmfs`, `cmff` (ISO/IEC 23000-19 7.2).
 * `sidx.timescale` must be the track timescale: the subsegment duration is the
 * sum of the sample durations as given.
 *
 * Runs for every segment request, so the boxes are written by a small writer
 * sized for the header. When the samples are the payload of a buffer with
 * room reserved in front (`payloadHeadroom`, as `readIndexedSamples` gives
 * them), the header goes into that room and the payloads are not copied at
 * all; otherwise the output is one allocation of the exact total size into
 * which each sample payload is copied once (a run of samples that are
 * adjacent views of one buffer, with one copy).
 */
export function writeMediaSegment(input: {
  sequenceNumber: number;
  trackId?: number;
  baseMediaDecodeTime: number;
  samples: Sample[];
  styp?: boolean;
  sidx?: { timescale: number; earliestPresentationTime: number };
}): Uint8Array {
  const trackId = input.trackId ?? 1;
  const samples = input.samples;
  let payloadSize = 0;
  let duration = 0;
  for (const s of samples) {
    payloadSize += s.data.byteLength;
    duration += s.duration;
  }
  // styp <= 32, sidx <= 56, moof = 88 + 16 per sample, mdat header <= 16.
  const w = new ByteWriter(192 + 16 * samples.length);
  if (input.styp ?? true) {
    const compatibleBrands = input.sidx ? ['msdh', 'msix', 'cmfs', 'cmff'] : ['msdh', 'cmfs', 'cmff'];
    writeStyp(w, { majorBrand: 'msdh', minorVersion: 0, compatibleBrands });
  }
  let referencedSizeAt = -1;
  if (input.sidx) {
    const sync = samples.length > 0 && samples[0].isSync;
    writeSidx(w, {
      referenceId: trackId,
      timescale: input.sidx.timescale,
      earliestPresentationTime: input.sidx.earliestPresentationTime,
      firstOffset: 0,
      references: [{ referenceType: 0, referencedSize: 0, subsegmentDuration: duration, startsWithSap: sync, sapType: sync ? 1 : 0, sapDeltaTime: 0 }],
    });
    // The single reference is the last 12 bytes of the sidx; referenced_size is patched below.
    referencedSizeAt = w.length - 12;
  }
  const moof = writeMoof(w, { sequenceNumber: input.sequenceNumber, trackId, baseMediaDecodeTime: input.baseMediaDecodeTime, samples });
  const moofSize = w.length - moof.start;
  const mdatHeaderSize = writeMdatHeader(w, payloadSize);
  w.patchU32(moof.dataOffsetAt, moofSize + mdatHeaderSize);
  if (referencedSizeAt >= 0) w.patchU32(referencedSizeAt, moofSize + mdatHeaderSize + payloadSize);

  const header = w.finish();
  const inPlace = payloadHeadroom.claim(samples, header.byteLength);
  if (inPlace) {
    inPlace.set(header, 0);
    return inPlace;
  }
  const out = new Uint8Array(header.byteLength + payloadSize);
  out.set(header, 0);
  let at = header.byteLength;
  // Samples read from one source usually sit back to back in one buffer
  // (`readIndexedSamples`): such a run is copied with one call.
  for (let i = 0; i < samples.length; ) {
    const data = samples[i].data;
    let runEnd = data.byteOffset + data.byteLength;
    let j = i + 1;
    while (j < samples.length && samples[j].data.byteOffset === runEnd && samples[j].data.buffer === data.buffer) runEnd += samples[j++].data.byteLength;
    out.set(j === i + 1 ? data : new Uint8Array(data.buffer, data.byteOffset, runEnd - data.byteOffset), at);
    at += runEnd - data.byteOffset;
    i = j;
  }
  return out;
}
