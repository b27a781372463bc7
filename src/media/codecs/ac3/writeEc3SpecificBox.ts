import { BitWriter } from '../../bytes/BitWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { Ec3SpecificBox } from './Ec3SpecificBox.ts';

/**
 * Writes the payload of a `dec3` box (ETSI TS 102 366 F.6), the mirror of
 * `readEc3SpecificBox`: reserved bits are 0, and the extension bytes are
 * written only when `complexityIndexTypeA` is given.
 */
export function writeEc3SpecificBox(v: Ec3SpecificBox): Uint8Array {
  if (v.substreams.length < 1 || v.substreams.length > 8) {
    throw new MediaError('UNSUPPORTED', `expected 1 to 8 independent substreams in an EC3SpecificBox, found ${v.substreams.length}`);
  }
  if (v.dataRate > 0x1fff) throw new MediaError('UNSUPPORTED', `expected an E-AC-3 data rate of at most ${0x1fff} kbit/s, found ${v.dataRate}`);
  const w = new BitWriter().bits(13, v.dataRate).bits(3, v.substreams.length - 1);
  for (const s of v.substreams) {
    w.bits(2, s.fscod).bits(5, s.bsid).bits(1, 0).bits(1, s.asvc).bits(3, s.bsmod).bits(3, s.acmod).bits(1, s.lfeon).bits(3, 0).bits(4, s.numDepSub);
    if (s.numDepSub > 0) w.bits(9, s.chanLoc);
    else w.bits(1, 0);
  }
  if (v.complexityIndexTypeA !== undefined) w.bits(7, 0).bits(1, 1).bits(8, v.complexityIndexTypeA);
  return w.finish();
}
