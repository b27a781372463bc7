import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { MediaKind } from '../../model/Track.ts';
import { writeDinf } from './dinf.ts';
import { writeNmhd } from './nmhd.ts';
import { writeSmhd } from './smhd.ts';
import { writeStbl } from './stbl.ts';
import { writeVmhd } from './vmhd.ts';

/** MediaInformationBox (ISO/IEC 14496-12 8.4.4): the media header of the kind (vmhd 12.1.2 / smhd 12.2.2 / nmhd 8.4.5.2 for text), dinf, stbl. */
export function writeMinf(w: ByteWriter, kind: MediaKind, writeSampleEntry: (w: ByteWriter) => void): void {
  const start = w.beginBox('minf');
  if (kind === 'video') writeVmhd(w);
  else if (kind === 'audio') writeSmhd(w);
  else writeNmhd(w);
  writeDinf(w);
  writeStbl(w, writeSampleEntry);
  w.endBox(start);
}
