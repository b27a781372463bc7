import { BitReader } from '../../bytes/BitReader.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { Ec3SpecificBox } from './Ec3SpecificBox.ts';

export type { Ec3SpecificBox } from './Ec3SpecificBox.ts';

/**
 * Reads the payload of a `dec3` box (ETSI TS 102 366 F.6): data_rate 13,
 * num_ind_sub 3, then per independent substream fscod 2, bsid 5, reserved 1,
 * asvc 1, bsmod 3, acmod 3, lfeon 1, reserved 3, num_dep_sub 4 and chan_loc 9
 * (or 1 reserved bit without dependent substreams). Two or more bytes after
 * that are the E-AC-3 extension: reserved 7, flag_ec3_extension_type_a 1,
 * complexity_index_type_a 8.
 */
export function readEc3SpecificBox(payload: Uint8Array): Ec3SpecificBox {
  if (payload.byteLength < 5) throw new MediaError('TRUNCATED', `expected an EC3SpecificBox of at least 5 bytes, found ${payload.byteLength}`);
  const r = new BitReader(payload);
  const dataRate = r.bits(13);
  const count = r.bits(3) + 1;
  const substreams: Ec3SpecificBox['substreams'] = [];
  for (let i = 0; i < count; i++) {
    const fscod = r.bits(2);
    const bsid = r.bits(5);
    r.skipBits(1);
    const asvc = r.bits(1);
    const bsmod = r.bits(3);
    const acmod = r.bits(3);
    const lfeon = r.bits(1);
    r.skipBits(3);
    const numDepSub = r.bits(4);
    let chanLoc = 0;
    if (numDepSub > 0) chanLoc = r.bits(9);
    else r.skipBits(1);
    substreams.push({ fscod, bsid, asvc, bsmod, acmod, lfeon, numDepSub, chanLoc });
  }
  const box: Ec3SpecificBox = { dataRate, substreams };
  if (r.bitsLeft >= 16) {
    r.skipBits(7);
    if (r.bool()) box.complexityIndexTypeA = r.bits(8);
  }
  return box;
}
