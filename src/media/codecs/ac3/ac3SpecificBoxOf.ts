import { MediaError } from '../../errors/MediaError.ts';
import type { Ac3FrameHeader } from './Ac3FrameHeader.ts';
import type { Ac3SpecificBox } from './Ac3SpecificBox.ts';

/** The `dac3` fields of an AC-3 stream, copied from a syncframe's header (ETSI TS 102 366 F.4.2). */
export function ac3SpecificBoxOf(h: Ac3FrameHeader): Ac3SpecificBox {
  if (h.kind !== 'ac3' || h.frmsizecod === undefined) throw new MediaError('UNSUPPORTED', `expected an AC-3 syncframe (bsid <= 8) for an AC3SpecificBox, found bsid ${h.bsid}`);
  return { fscod: h.fscod, bsid: h.bsid, bsmod: h.bsmod, acmod: h.acmod, lfeon: h.lfeon, bitRateCode: h.frmsizecod >> 1 };
}
