import { BitReader } from '../../bytes/BitReader.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { Ac3SpecificBox } from './Ac3SpecificBox.ts';

export type { Ac3SpecificBox } from './Ac3SpecificBox.ts';

/** Reads the 3-byte payload of a `dac3` box (ETSI TS 102 366 F.4): fscod 2, bsid 5, bsmod 3, acmod 3, lfeon 1, bit_rate_code 5, reserved 5 bits. */
export function readAc3SpecificBox(payload: Uint8Array): Ac3SpecificBox {
  if (payload.byteLength < 3) throw new MediaError('TRUNCATED', `expected a 3-byte AC3SpecificBox, found ${payload.byteLength} byte(s)`);
  const r = new BitReader(payload);
  return { fscod: r.bits(2), bsid: r.bits(5), bsmod: r.bits(3), acmod: r.bits(3), lfeon: r.bits(1), bitRateCode: r.bits(5) };
}
