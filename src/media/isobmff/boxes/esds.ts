import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** The fields of an `esds` Kinora uses (ISO/IEC 14496-1 7.2.6.5/7.2.6.6). */
export interface Esds {
  /** 0x40 = ISO/IEC 14496-3 audio (AAC). */
  objectTypeIndication: number;
  /** 5 = AudioStream. */
  streamType: number;
  bufferSizeDB: number;
  maxBitrate: number;
  avgBitrate: number;
  /** DecoderSpecificInfo payload: the AudioSpecificConfig for AAC. */
  decoderSpecificInfo: Uint8Array;
}

const ES_DESCR_TAG = 0x03;
const DECODER_CONFIG_DESCR_TAG = 0x04;
const DEC_SPECIFIC_INFO_TAG = 0x05;
const SL_CONFIG_DESCR_TAG = 0x06;

/** Bytes of an expandable descriptor size (ISO/IEC 14496-1 8.3.3): 7 bits per byte, high bit = more bytes follow. */
function sizeFieldLength(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x20_0000 ? 3 : 4;
}

function writeDescriptorHeader(w: ByteWriter, tag: number, size: number): void {
  w.u8(tag);
  // Minimal form: ffmpeg, Chromium and Apple parsers all accept it, and it
  // keeps the box 9 bytes shorter than the common 4-byte 0x80-padded form.
  for (let i = sizeFieldLength(size) - 1; i >= 0; i--) w.u8(((size >>> (7 * i)) & 0x7f) | (i > 0 ? 0x80 : 0));
}

/**
 * ESDBox (ISO/IEC 14496-14 5.6): an ES_Descriptor holding a
 * DecoderConfigDescriptor (with the DecoderSpecificInfo) and an
 * SLConfigDescriptor with predefined = 2 (reserved for MP4 files).
 */
export function writeEsds(w: ByteWriter, v: Esds): void {
  const dsiSize = v.decoderSpecificInfo.byteLength;
  const dcdSize = 13 + 1 + sizeFieldLength(dsiSize) + dsiSize;
  const esSize = 3 + 1 + sizeFieldLength(dcdSize) + dcdSize + 3;
  const start = w.beginFullBox('esds', 0, 0);
  writeDescriptorHeader(w, ES_DESCR_TAG, esSize);
  w.u16(0); // ES_ID: 0 in a file (ISO/IEC 14496-14 3.1.2)
  w.u8(0); // streamDependenceFlag, URL_Flag, OCRstreamFlag = 0, streamPriority = 0
  writeDescriptorHeader(w, DECODER_CONFIG_DESCR_TAG, dcdSize);
  w.u8(v.objectTypeIndication);
  w.u8((v.streamType << 2) | 1); // upStream = 0, reserved = 1
  w.u24(v.bufferSizeDB).u32(v.maxBitrate).u32(v.avgBitrate);
  writeDescriptorHeader(w, DEC_SPECIFIC_INFO_TAG, dsiSize);
  w.bytes(v.decoderSpecificInfo);
  writeDescriptorHeader(w, SL_CONFIG_DESCR_TAG, 1);
  w.u8(2); // predefined = 2
  w.endBox(start);
}

function readDescriptorHeader(r: ByteReader): { tag: number; end: number } {
  const tag = r.u8('descriptor tag');
  let size = 0;
  for (let i = 0; i < 4; i++) {
    const b = r.u8('descriptor size');
    size = size * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) break;
  }
  if (r.offset + size > r.end) {
    throw new MediaError('TRUNCATED', `esds descriptor tag ${tag} at ${r.offset}: expected ${size} bytes, found ${r.end - r.offset}`);
  }
  return { tag, end: r.offset + size };
}

export function readEsds(bytes: Uint8Array, box: BoxHeader): Esds {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(4, 'esds version and flags');
  const es = readDescriptorHeader(r);
  if (es.tag !== ES_DESCR_TAG) throw new MediaError('MALFORMED', `esds: expected ES_Descriptor tag 3, found ${es.tag}`);
  r.skip(2, 'ES_ID');
  const flags = r.u8('ES_Descriptor flags');
  if (flags & 0x80) r.skip(2, 'dependsOn_ES_ID');
  if (flags & 0x40) r.skip(r.u8('URLlength'), 'URLstring');
  if (flags & 0x20) r.skip(2, 'OCR_ES_Id');
  while (r.offset < es.end) {
    const d = readDescriptorHeader(r);
    if (d.tag !== DECODER_CONFIG_DESCR_TAG) {
      r.offset = d.end;
      continue;
    }
    const objectTypeIndication = r.u8('objectTypeIndication');
    const streamType = r.u8('streamType') >> 2;
    const bufferSizeDB = r.u24('bufferSizeDB');
    const maxBitrate = r.u32('maxBitrate');
    const avgBitrate = r.u32('avgBitrate');
    let decoderSpecificInfo: Uint8Array = new Uint8Array(0);
    while (r.offset < d.end) {
      const inner = readDescriptorHeader(r);
      if (inner.tag === DEC_SPECIFIC_INFO_TAG) decoderSpecificInfo = r.bytesView(inner.end - r.offset, 'DecoderSpecificInfo');
      r.offset = inner.end;
    }
    return { objectTypeIndication, streamType, bufferSizeDB, maxBitrate, avgBitrate, decoderSpecificInfo };
  }
  throw new MediaError('MALFORMED', 'esds: expected a DecoderConfigDescriptor (tag 4), found none');
}

export function describeEsds(v: Esds): string {
  const asc = Array.from(v.decoderSpecificInfo, (b) => b.toString(16).padStart(2, '0')).join('');
  return `oti=0x${v.objectTypeIndication.toString(16)} streamType=${v.streamType} max=${v.maxBitrate} avg=${v.avgBitrate} asc=${asc}`;
}
