import { BitWriter } from '../../bytes/BitWriter.ts';
import type { Ac3SpecificBox } from './Ac3SpecificBox.ts';

/** Writes the 3-byte payload of a `dac3` box (ETSI TS 102 366 F.4), the mirror of `readAc3SpecificBox`; the 5 reserved bits are 0. */
export function writeAc3SpecificBox(v: Ac3SpecificBox): Uint8Array {
  return new BitWriter().bits(2, v.fscod).bits(5, v.bsid).bits(3, v.bsmod).bits(3, v.acmod).bits(1, v.lfeon).bits(5, v.bitRateCode).bits(5, 0).finish();
}
