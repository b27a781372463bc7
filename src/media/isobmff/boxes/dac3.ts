import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { Ac3SpecificBox } from '../../codecs/ac3/Ac3SpecificBox.ts';
import { ac3BitRates } from '../../codecs/ac3/ac3BitRates.ts';
import { ac3SampleRates } from '../../codecs/ac3/ac3SampleRates.ts';
import { readAc3SpecificBox } from '../../codecs/ac3/readAc3SpecificBox.ts';
import { writeAc3SpecificBox } from '../../codecs/ac3/writeAc3SpecificBox.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** AC3SpecificBox `dac3` (ETSI TS 102 366 F.4), the child of an `ac-3` AudioSampleEntry; the fields are built by the AC-3 codec module. */
export function writeDac3(w: ByteWriter, v: Ac3SpecificBox): void {
  const start = w.beginBox('dac3');
  w.bytes(writeAc3SpecificBox(v));
  w.endBox(start);
}

export function readDac3(bytes: Uint8Array, box: BoxHeader): Ac3SpecificBox {
  return readAc3SpecificBox(bytes.subarray(box.contentStart, box.end));
}

export function describeDac3(v: Ac3SpecificBox): string {
  const rate = ac3SampleRates[v.fscod] ?? 'reserved';
  return `fscod=${v.fscod} (${rate} Hz) bsid=${v.bsid} bsmod=${v.bsmod} acmod=${v.acmod} lfeon=${v.lfeon} bitRateCode=${v.bitRateCode} (${ac3BitRates[v.bitRateCode] ?? '?'} kbit/s)`;
}
