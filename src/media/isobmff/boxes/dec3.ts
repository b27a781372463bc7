import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { Ec3SpecificBox } from '../../codecs/ac3/Ec3SpecificBox.ts';
import { readEc3SpecificBox } from '../../codecs/ac3/readEc3SpecificBox.ts';
import { writeEc3SpecificBox } from '../../codecs/ac3/writeEc3SpecificBox.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** EC3SpecificBox `dec3` (ETSI TS 102 366 F.6), the child of an `ec-3` AudioSampleEntry; the fields are built by the AC-3 codec module. */
export function writeDec3(w: ByteWriter, v: Ec3SpecificBox): void {
  const start = w.beginBox('dec3');
  w.bytes(writeEc3SpecificBox(v));
  w.endBox(start);
}

export function readDec3(bytes: Uint8Array, box: BoxHeader): Ec3SpecificBox {
  return readEc3SpecificBox(bytes.subarray(box.contentStart, box.end));
}

export function describeDec3(v: Ec3SpecificBox): string {
  const substreams = v.substreams.map(
    (s, i) => ` [${i}] fscod=${s.fscod} bsid=${s.bsid} asvc=${s.asvc} bsmod=${s.bsmod} acmod=${s.acmod} lfeon=${s.lfeon} depSub=${s.numDepSub} chanLoc=0x${s.chanLoc.toString(16)}`,
  );
  const joc = v.complexityIndexTypeA === undefined ? '' : ` complexityIndexTypeA=${v.complexityIndexTypeA}`;
  return `dataRate=${v.dataRate} kbit/s${substreams.join('')}${joc}`;
}
