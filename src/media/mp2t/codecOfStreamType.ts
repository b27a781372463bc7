import { StreamType } from './StreamType.ts';
import type { TsCodec } from './TsCodec.ts';

/** registration_descriptor format_identifier values (ISO/IEC 13818-1 2.6.8, registered with SMPTE-RA): ATSC A/52 Annex A / G. */
const AC3_FORMAT = 0x41432d33; // 'AC-3'
const EAC3_FORMAT = 0x45414333; // 'EAC3'

/**
 * Maps a PMT stream_type (ISO/IEC 13818-1 Table 2-34) and its ES_info
 * descriptors to a codec. For private PES (0x06) the DVB AC-3 (0x6A) and
 * E-AC-3 (0x7A) descriptors of ETSI EN 300 468 Annex D decide, or a
 * registration descriptor (tag 0x05) with format_identifier `AC-3` or `EAC3`.
 */
export function codecOfStreamType(streamType: number, esInfo: Uint8Array = new Uint8Array(0)): TsCodec {
  switch (streamType) {
    case StreamType.AVC: return 'avc';
    case StreamType.HEVC: return 'hevc';
    case StreamType.AAC_ADTS: return 'aac';
    case StreamType.AC3: return 'ac3';
    case StreamType.EAC3: return 'eac3';
    case StreamType.PRIVATE_PES:
      for (let p = 0; p + 2 <= esInfo.byteLength; p += 2 + esInfo[p + 1]) {
        if (esInfo[p] === 0x6a) return 'ac3';
        if (esInfo[p] === 0x7a) return 'eac3';
        if (esInfo[p] === 0x05 && esInfo[p + 1] >= 4 && p + 6 <= esInfo.byteLength) {
          const format = ((esInfo[p + 2] << 24) | (esInfo[p + 3] << 16) | (esInfo[p + 4] << 8) | esInfo[p + 5]) >>> 0;
          if (format === AC3_FORMAT) return 'ac3';
          if (format === EAC3_FORMAT) return 'eac3';
        }
      }
      return 'unknown';
    default: return 'unknown';
  }
}
