import { ByteWriter } from '../bytes/ByteWriter.ts';
import { MediaError } from '../errors/MediaError.ts';
import type { Sample } from '../model/Sample.ts';
import { writeMdatHeader } from '../isobmff/boxes/mdat.ts';
import { writeMfhd } from '../isobmff/boxes/mfhd.ts';
import { writeTfhd } from '../isobmff/boxes/tfhd.ts';
import { writeTfxd } from '../isobmff/boxes/tfxd.ts';
import { writeTrun } from '../isobmff/boxes/trun.ts';
import type { SampleEncryption } from '../cenc/SampleEncryption.ts';
import { writePiffSampleEncryption } from './writePiffSampleEncryption.ts';

/**
 * A Smooth Streaming fragment (MS-SSTR 2.2.4 Fragment Response, 2.2.7.5):
 * `moof` (mfhd, traf(tfhd, trun, tfxd)) and one `mdat`, with no `styp` and no
 * `tfdt` (neither is part of MS-SSTR; a Smooth client takes the fragment's
 * time from the manifest or the TfxdBox).
 *
 * - `tfhd` has no flags (MS-SSTR 2.2.4.6 is a strict subset of the 2008
 *   tfhd, which has no default-base-is-moof): with no base_data_offset the
 *   data base of the first track fragment is the first byte of the `moof`
 *   (ISO/IEC 14496-12 8.8.7.1), so `trun.data_offset` = moof size + mdat
 *   header size means the same under either reading.
 * - `trun` is the CMAF writer's version 1: signed composition offsets keep
 *   each fragment's first (key) frame presented at its decode time, which is
 *   the manifest time, without an edit list (a Smooth client builds its
 *   `moov` from the manifest and writes none). dash.js's MSS plugin and
 *   ExoPlayer read version 1 offsets as signed.
 * - `tfxd` version 1 carries `fragmentAbsoluteTime` (the manifest's `<c t>`)
 *   and the sum of the sample durations (the manifest's `<c d>`).
 * - Encrypted samples (PlayReady): their IVs and subsample maps follow in
 *   PIFF's SampleEncryptionBox (`writePiffSampleEncryption`), the last box
 *   of the `traf`, as IIS writes it; the track's encryption (AES-CTR, 8-byte
 *   IVs, the KID) comes from the manifest's `ProtectionHeader`.
 *
 * Output is one allocation of the exact size, each payload copied once, as in
 * `writeMediaSegment`.
 */
export function writeSmoothFragment(input: { sequenceNumber: number; trackId?: number; fragmentAbsoluteTime: number; samples: readonly Sample[]; encryption?: readonly SampleEncryption[] }): Uint8Array {
  const samples = input.samples;
  let payloadSize = 0;
  let duration = 0;
  for (const s of samples) {
    payloadSize += s.data.byteLength;
    duration += s.duration;
  }
  // moof 8 + mfhd 16 + traf 8 + tfhd 16 + trun 20 + 16 per sample + tfxd 44 + mdat header <= 16; PIFF box 32 + 8 an IV + 2 + 6 a subsample.
  const w = new ByteWriter(200 + 16 * samples.length + (input.encryption ? 32 * samples.length : 0));
  const moof = w.beginBox('moof');
  writeMfhd(w, input.sequenceNumber);
  const traf = w.beginBox('traf');
  writeTfhd(w, { flags: 0, trackId: input.trackId ?? 1 });
  const dataOffsetAt = writeTrun(w, samples);
  writeTfxd(w, { fragmentAbsoluteTime: input.fragmentAbsoluteTime, fragmentDuration: duration });
  if (input.encryption) {
    if (input.encryption.length !== samples.length) throw new MediaError('MALFORMED', `expected one sample encryption entry per sample (${samples.length}), found ${input.encryption.length}`);
    writePiffSampleEncryption(w, input.encryption);
  }
  w.endBox(traf);
  w.endBox(moof);
  const moofSize = w.length - moof;
  const mdatHeaderSize = writeMdatHeader(w, payloadSize);
  w.patchU32(dataOffsetAt, moofSize + mdatHeaderSize);

  const header = w.finish();
  const out = new Uint8Array(header.byteLength + payloadSize);
  out.set(header, 0);
  let at = header.byteLength;
  for (const s of samples) {
    out.set(s.data, at);
    at += s.data.byteLength;
  }
  return out;
}
