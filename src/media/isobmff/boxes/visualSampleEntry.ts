import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { CodecConfig } from '../../model/CodecConfig.ts';
import type { BoxHeader } from '../BoxHeader.ts';
import { writeAvcC } from './avcC.ts';
import type { Btrt } from './btrt.ts';
import { writeBtrt } from './btrt.ts';
import { writeHvcC } from './hvcC.ts';
import type { Pasp } from './pasp.ts';
import { writePasp } from './pasp.ts';

export interface VisualSampleEntry {
  /** `avc1`, `avc3`, `hvc1`, `hev1`... */
  format: string;
  /** Coded size in pixels (ISO/IEC 14496-12 12.1.3.3). */
  width: number;
  height: number;
  /** First byte of the child boxes (avcC/hvcC, pasp, btrt...). */
  childrenStart: number;
}

/**
 * VisualSampleEntry (ISO/IEC 14496-12 12.1.3) followed by the codec
 * configuration box (`avcC` ISO/IEC 14496-15 5.4.2, `hvcC` 8.4.1), `pasp`
 * when the sample aspect ratio is not 1:1, and `btrt`.
 * `avc1`/`hvc1` promise parameter sets only in the sample entry (CMAF
 * ISO/IEC 23000-19 9.3.3.1.2, 9.4.3.1.2): the form every player accepts.
 */
export function writeVisualSampleEntry(
  w: ByteWriter,
  v: {
    format: 'avc1' | 'avc3' | 'hvc1' | 'hev1';
    width: number;
    height: number;
    config: Extract<CodecConfig, { codec: 'avc' | 'hevc' }>;
    pasp?: Pasp;
    btrt?: Btrt;
  },
): void {
  const start = w.beginBox(v.format);
  w.zeros(6).u16(1); // reserved, data_reference_index
  w.u16(0).u16(0).zeros(12); // pre_defined, reserved, pre_defined[3]
  w.u16(v.width).u16(v.height);
  w.u32(0x00480000).u32(0x00480000); // 72 dpi
  w.u32(0).u16(1); // reserved, frame_count
  w.zeros(32); // compressorname: empty Pascal string
  w.u16(0x0018).u16(0xffff); // depth 24, pre_defined -1
  if (v.config.codec === 'avc') writeAvcC(w, v.config);
  else writeHvcC(w, v.config);
  if (v.pasp) writePasp(w, v.pasp);
  if (v.btrt) writeBtrt(w, v.btrt);
  w.endBox(start);
}

export function readVisualSampleEntry(bytes: Uint8Array, box: BoxHeader): VisualSampleEntry {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(8 + 16, `${box.type} SampleEntry and pre_defined fields`);
  const width = r.u16(`${box.type} width`);
  const height = r.u16(`${box.type} height`);
  r.skip(50, `${box.type} resolution..pre_defined`);
  return { format: box.type, width, height, childrenStart: r.offset };
}

export function describeVisualSampleEntry(v: VisualSampleEntry): string {
  return `width=${v.width} height=${v.height}`;
}
