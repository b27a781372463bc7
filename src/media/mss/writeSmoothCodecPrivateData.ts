import { ac3FormatOf } from '../codecs/ac3/ac3FormatOf.ts';
import { MediaError } from '../errors/MediaError.ts';
import type { CodecConfig } from '../model/CodecConfig.ts';

const START_CODE = '00000001';
/** MEDIASUBTYPE_DOLBY_DDPLUS {A7FB87AF-2D02-42FB-A4D4-05CD93843BDD} in GUID byte order (first three fields little-endian). */
const DDPLUS_SUBFORMAT = 'AF87FBA7022DFB42A4D405CD93843BDD';
/** Dolby channel mask bit (ETSI TS 102 366 Table I.1.1, bit 15 = L) -> WAVEFORMATEXTENSIBLE SPEAKER_* bits; locations without a speaker bit are left out. */
const SPEAKERS: readonly (readonly [number, number])[] = [
  [15, 0x1], [13, 0x2], [14, 0x4], [0, 0x8], [12, 0x10], [11, 0x20], [10, 0x40 | 0x80], [8, 0x100], [9, 0x200 | 0x400], [7, 0x800], [4, 0x1000 | 0x4000], [3, 0x2000],
];

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

/**
 * `QualityLevel@CodecPrivateData` (MS-SSTR 2.2.2.5), upper-case hex as IIS
 * writes it:
 *
 * - H.264: each SPS then each PPS, each behind a 4-byte start code
 *   (`00000001` SPS `00000001` PPS, the Annex B form MS-SSTR asks for); a
 *   client builds its `avcC` from it, and dash.js reads the codec string from
 *   the three bytes after the `00000001x7` SPS header.
 * - H.265: the same with VPS, SPS, PPS.
 * - AAC: the AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1).
 * - E-AC-3 (`AudioTag="65534"`, WAVE_FORMAT_EXTENSIBLE): the part of
 *   WAVEFORMATEXTENSIBLE after its WAVEFORMATEX head, little-endian:
 *   wSamplesPerBlock 1536, dwChannelMask, SubFormat
 *   MEDIASUBTYPE_DOLBY_DDPLUS, then the EC3SpecificBox payload (ETSI TS
 *   102 366 F.6), the form Bento4's packager writes for Dolby Digital Plus.
 * - AC-3: refused (UNSUPPORTED). MS-SSTR names no AC-3 FourCC or private
 *   data and no Smooth client is known to read one, so nothing is invented.
 * - Text: empty.
 */
export function writeSmoothCodecPrivateData(config: CodecConfig): string {
  switch (config.codec) {
    case 'avc':
      return [...config.sps, ...config.pps].map((unit) => START_CODE + hex(unit)).join('');
    case 'hevc':
      return [...config.vps, ...config.sps, ...config.pps].map((unit) => START_CODE + hex(unit)).join('');
    case 'aac':
      return hex(config.audioSpecificConfig);
    case 'ec3': {
      const mask = ac3FormatOf(config).channelMask;
      let speakers = 0;
      for (const [bit, speaker] of SPEAKERS) if (mask & (1 << bit)) speakers |= speaker;
      const head = Uint8Array.of(0x00, 0x06, speakers & 0xff, (speakers >> 8) & 0xff, (speakers >> 16) & 0xff, speakers >>> 24);
      return hex(head) + DDPLUS_SUBFORMAT + hex(config.dec3);
    }
    case 'ac3':
      throw new MediaError('UNSUPPORTED', 'expected an audio codec Smooth Streaming can carry (AAC, E-AC-3), found AC-3: MS-SSTR defines no AC-3 FourCC or CodecPrivateData');
    default:
      // Text (WebVTT) has no decoder configuration; Smooth text levels carry an empty CodecPrivateData.
      return '';
  }
}
