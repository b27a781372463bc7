import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** The extended type of the TfxdBox (MS-SSTR 2.2.4.4 `TfxdBoxUUID`): 6D1D9B05-42D5-44E6-80E2-141DAFF757B2. */
export const TFXD_UUID = Uint8Array.of(0x6d, 0x1d, 0x9b, 0x05, 0x42, 0xd5, 0x44, 0xe6, 0x80, 0xe2, 0x14, 0x1d, 0xaf, 0xf7, 0x57, 0xb2);

/** Fields of a TfxdBox, in ticks of the track's timescale (the StreamIndex `TimeScale`). */
export interface Tfxd {
  /** `FragmentAbsoluteTime`: time of the fragment's first sample; equals the manifest's `<c t=...>`. */
  fragmentAbsoluteTime: number;
  /** `FragmentDuration`: total duration of the fragment's samples; equals the manifest's `<c d=...>`. */
  fragmentDuration: number;
}

/**
 * Smooth Streaming's TfxdBox (MS-SSTR 2.2.4.4): a `uuid` box (ISO/IEC
 * 14496-12 4.2 extended type) inside `traf` carrying the fragment's absolute
 * time and duration. Always written as version 1 (64-bit fields,
 * `TfxdBoxDataFields64`), for the same reason `tfdt` is: 32-bit times wrap.
 */
export function writeTfxd(w: ByteWriter, v: Tfxd): void {
  const start = w.beginBox('uuid');
  w.bytes(TFXD_UUID);
  w.u8(1).u24(0);
  w.u64(v.fragmentAbsoluteTime);
  w.u64(v.fragmentDuration);
  w.endBox(start);
}

/** True when a `uuid` box carries the TfxdBox extended type. */
export function isTfxd(bytes: Uint8Array, box: BoxHeader): boolean {
  if (box.type !== 'uuid' || box.contentStart - box.start < 24) return false;
  const usertype = box.contentStart - 16;
  for (let i = 0; i < 16; i++) if (bytes[usertype + i] !== TFXD_UUID[i]) return false;
  return true;
}

/** Reads version 0 (32-bit) and version 1 (64-bit) TfxdBoxes; throws MALFORMED for another `uuid`. */
export function readTfxd(bytes: Uint8Array, box: BoxHeader): Tfxd {
  if (!isTfxd(bytes, box)) throw new MediaError('MALFORMED', `expected a tfxd uuid box at offset ${box.start}, found '${box.type}' with another extended type`, { offset: box.start });
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('tfxd version');
  r.skip(3, 'tfxd flags');
  if (version === 1) return { fragmentAbsoluteTime: r.u64('tfxd FragmentAbsoluteTime64'), fragmentDuration: r.u64('tfxd FragmentDuration64') };
  return { fragmentAbsoluteTime: r.u32('tfxd FragmentAbsoluteTime32'), fragmentDuration: r.u32('tfxd FragmentDuration32') };
}

export function describeTfxd(v: Tfxd): string {
  return `tfxd fragmentAbsoluteTime=${v.fragmentAbsoluteTime} fragmentDuration=${v.fragmentDuration}`;
}
