import { ByteWriter } from '../bytes/ByteWriter.ts';
import { writeMdatHeader } from '../isobmff/boxes/mdat.ts';
import { writeMfhd } from '../isobmff/boxes/mfhd.ts';
import { writeSaio } from '../isobmff/boxes/saio.ts';
import { writeSaiz } from '../isobmff/boxes/saiz.ts';
import { sencEntrySize, writeSenc } from '../isobmff/boxes/senc.ts';
import { writeStyp } from '../isobmff/boxes/styp.ts';
import { writeTfdt } from '../isobmff/boxes/tfdt.ts';
import { tfhdFlags, writeTfhd } from '../isobmff/boxes/tfhd.ts';
import { writeTrun } from '../isobmff/boxes/trun.ts';
import { payloadHeadroom } from '../isobmff/payloadHeadroom.ts';
import { MediaError } from '../errors/MediaError.ts';
import type { Sample } from '../model/Sample.ts';
import type { SampleEncryption } from './SampleEncryption.ts';

/**
 * A CMAF segment of one encrypted track fragment (ISO/IEC 23000-19 7.5,
 * 8.2.2; ISO/IEC 23001-7 7): `styp`, then `moof` with mfhd and a traf of
 * tfhd (default-base-is-moof), tfdt, trun, `saiz`, `saio` and `senc`, then
 * `mdat`. The `senc` carries each sample's IV and subsample map; `saiz` and
 * `saio` point at those same bytes (the saio offset counts from the moof,
 * 14496-12 8.7.9.3), so readers that use either find them.
 *
 * The samples are the encrypted payloads; when they are the back-to-back
 * payload of an `encryptSamples` buffer the header is written into the room
 * in front of it and nothing is copied.
 */
export function writeEncryptedMediaSegment(input: {
  sequenceNumber: number;
  trackId?: number;
  baseMediaDecodeTime: number;
  samples: readonly Sample[];
  encryption: readonly SampleEncryption[];
}): Uint8Array {
  const { samples, encryption } = input;
  if (encryption.length !== samples.length) throw new MediaError('MALFORMED', `expected one senc entry per sample (${samples.length}), found ${encryption.length}`);
  let payloadSize = 0;
  for (const s of samples) payloadSize += s.data.byteLength;
  const sizes: number[] = new Array(encryption.length);
  let sencBytes = 0;
  for (let i = 0; i < encryption.length; i++) sencBytes += sizes[i] = sencEntrySize(encryption[i]);
  // styp, moof, mfhd, traf, tfhd, tfdt, the boxes' fixed parts and mdat header < 256; then 16 bytes a trun entry, 1 a saiz entry, and the senc entries.
  const w = new ByteWriter(256 + 17 * samples.length + sencBytes);
  writeStyp(w, { majorBrand: 'msdh', minorVersion: 0, compatibleBrands: ['msdh', 'cmfs', 'cmff'] });
  const moofStart = w.beginBox('moof');
  writeMfhd(w, input.sequenceNumber);
  const trafStart = w.beginBox('traf');
  writeTfhd(w, { flags: tfhdFlags.defaultBaseIsMoof, trackId: input.trackId ?? 1 });
  writeTfdt(w, input.baseMediaDecodeTime);
  const dataOffsetAt = writeTrun(w, samples);
  writeSaiz(w, sizes);
  const saioOffsetAt = writeSaio(w);
  const firstEntry = writeSenc(w, encryption);
  w.endBox(trafStart);
  w.endBox(moofStart);
  const moofSize = w.length - moofStart;
  const mdatHeaderSize = writeMdatHeader(w, payloadSize);
  w.patchU32(dataOffsetAt, moofSize + mdatHeaderSize);
  w.patchU32(saioOffsetAt, firstEntry - moofStart);

  const header = w.finish();
  const inPlace = payloadHeadroom.claim(samples, header.byteLength);
  if (inPlace) {
    inPlace.set(header, 0);
    return inPlace;
  }
  const out = new Uint8Array(header.byteLength + payloadSize);
  out.set(header, 0);
  let at = header.byteLength;
  for (const s of samples) {
    out.set(s.data, at);
    at += s.data.byteLength;
  }
  return out;
}
