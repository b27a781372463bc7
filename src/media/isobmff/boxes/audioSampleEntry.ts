import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';
import type { Ac3SpecificBox } from '../../codecs/ac3/Ac3SpecificBox.ts';
import type { Ec3SpecificBox } from '../../codecs/ac3/Ec3SpecificBox.ts';
import { writeDac3 } from './dac3.ts';
import { writeDec3 } from './dec3.ts';
import type { Esds } from './esds.ts';
import { writeEsds } from './esds.ts';

export interface AudioSampleEntry {
  /** `mp4a`, `ac-3`, `ec-3`... */
  format: string;
  channelCount: number;
  sampleSize: number;
  /**
   * Integer part of the 16.16 samplerate field. Overflows above 65535 Hz, so
   * readers take the rate from the decoder configuration instead.
   */
  sampleRate: number;
  /** First byte of the child boxes (esds, btrt...). */
  childrenStart: number;
}

/**
 * AudioSampleEntry (ISO/IEC 14496-12 12.2.3) with its decoder configuration:
 * `mp4a` with an `esds` (ISO/IEC 14496-14 5.6), `ac-3` with a `dac3` and
 * `ec-3` with a `dec3` (ETSI TS 102 366 F.3, F.5). Rates above 65535 Hz do not
 * fit the 16.16 field and are written as 0; the decoder configuration carries
 * the true rate.
 */
export function writeAudioSampleEntry(
  w: ByteWriter,
  v: { channelCount: number; sampleRate: number } & ({ format: 'mp4a'; esds: Esds } | { format: 'ac-3'; dac3: Ac3SpecificBox } | { format: 'ec-3'; dec3: Ec3SpecificBox }),
): void {
  const start = w.beginBox(v.format);
  w.zeros(6).u16(1); // reserved, data_reference_index
  w.zeros(8); // reserved
  w.u16(v.channelCount).u16(16); // channelcount, samplesize
  w.u16(0).u16(0); // pre_defined, reserved
  w.u32(v.sampleRate <= 0xffff ? v.sampleRate * 0x10000 : 0);
  if (v.format === 'mp4a') writeEsds(w, v.esds);
  else if (v.format === 'ac-3') writeDac3(w, v.dac3);
  else writeDec3(w, v.dec3);
  w.endBox(start);
}

export function readAudioSampleEntry(bytes: Uint8Array, box: BoxHeader): AudioSampleEntry {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(8, `${box.type} SampleEntry`);
  // QuickTime sound description versions 1 and 2 reuse the first reserved
  // field as a version and append 16 or 36 bytes before the child boxes.
  const qtVersion = r.u16(`${box.type} version`);
  r.skip(6);
  const channelCount = r.u16(`${box.type} channelcount`);
  const sampleSize = r.u16(`${box.type} samplesize`);
  r.skip(4);
  const sampleRate = r.u32(`${box.type} samplerate`) >>> 16;
  if (qtVersion === 1) r.skip(16, `${box.type} sound description v1`);
  else if (qtVersion === 2) r.skip(36, `${box.type} sound description v2`);
  return { format: box.type, channelCount, sampleSize, sampleRate, childrenStart: r.offset };
}

export function describeAudioSampleEntry(v: AudioSampleEntry): string {
  return `channels=${v.channelCount} sampleSize=${v.sampleSize} sampleRate=${v.sampleRate}`;
}
