import { StreamType } from './StreamType.ts';
import type { TsCodec } from './TsCodec.ts';

/**
 * Maps a PMT stream_type (ISO/IEC 13818-1 Table 2-34) and its ES_info
 * descriptors to a codec. For private PES (0x06) the DVB AC-3 (0x6A) and
 * E-AC-3 (0x7A) descriptors of ETSI EN 300 468 Annex D decide.
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
      }
      return 'unknown';
    default: return 'unknown';
  }
}
