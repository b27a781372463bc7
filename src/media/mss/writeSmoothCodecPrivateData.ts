import type { CodecConfig } from '../model/CodecConfig.ts';

const START_CODE = '00000001';

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
    default:
      // Text (WebVTT) has no decoder configuration; Smooth text levels carry an empty CodecPrivateData.
      return '';
  }
}
