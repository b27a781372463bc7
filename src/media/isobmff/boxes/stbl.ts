import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { writeStco } from './stco.ts';
import { writeStsc } from './stsc.ts';
import { writeStsd } from './stsd.ts';
import { writeStsz } from './stsz.ts';
import { writeStts } from './stts.ts';

/** SampleTableBox (ISO/IEC 14496-12 8.5.1) of a fragmented track: the sample description and empty tables. */
export function writeStbl(w: ByteWriter, writeSampleEntry: (w: ByteWriter) => void): void {
  const start = w.beginBox('stbl');
  writeStsd(w, writeSampleEntry);
  writeStts(w);
  writeStsc(w);
  writeStsz(w);
  writeStco(w);
  w.endBox(start);
}
