import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { readAvcDecoderConfigurationRecord } from '../../codecs/avc/readAvcDecoderConfigurationRecord.ts';
import { writeAvcDecoderConfigurationRecord } from '../../codecs/avc/writeAvcDecoderConfigurationRecord.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** Parameter sets of an `avcC` box, as in `CodecConfig` plus the NAL length field size. */
export interface AvcC {
  sps: Uint8Array[];
  pps: Uint8Array[];
  nalLengthSize: number;
}

/** AVCConfigurationBox (ISO/IEC 14496-15 5.4.2.1): the AVCDecoderConfigurationRecord (5.3.3.1) built by the AVC codec module. */
export function writeAvcC(w: ByteWriter, config: { sps: Uint8Array[]; pps: Uint8Array[] }): void {
  const start = w.beginBox('avcC');
  w.bytes(writeAvcDecoderConfigurationRecord({ sps: config.sps, pps: config.pps }));
  w.endBox(start);
}

export function readAvcC(bytes: Uint8Array, box: BoxHeader): AvcC {
  const record = readAvcDecoderConfigurationRecord(bytes.subarray(box.contentStart, box.end));
  return { sps: record.sps, pps: record.pps, nalLengthSize: record.nalLengthSize };
}

/** Profile and level straight from the record header (ISO/IEC 14496-15 5.3.3.1.2), so a dump works even for SPS the codec module rejects. */
export function describeAvcC(bytes: Uint8Array, box: BoxHeader): string {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(1, 'avcC configurationVersion');
  const profile = r.u8('avcC AVCProfileIndication');
  const compatibility = r.u8('avcC profile_compatibility');
  const level = r.u8('avcC AVCLevelIndication');
  const lengthSize = (r.u8('avcC lengthSizeMinusOne') & 3) + 1;
  const numSps = r.u8('avcC numOfSequenceParameterSets') & 0x1f;
  for (let i = 0; i < numSps; i++) r.skip(r.u16('avcC sequenceParameterSetLength'), 'avcC SPS');
  const numPps = r.u8('avcC numOfPictureParameterSets');
  return `profile=${profile} compat=0x${compatibility.toString(16).padStart(2, '0')} level=${level} nalLength=${lengthSize} sps=${numSps} pps=${numPps}`;
}
