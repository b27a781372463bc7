import { MediaError } from '../../errors/MediaError.ts';
import type { AdtsHeader } from './AdtsHeader.ts';
import { readAdtsHeader } from './readAdtsHeader.ts';

/**
 * Splits a run of ADTS frames (typically one AAC PES payload,
 * ISO/IEC 13818-1 2.4.3.7 with stream_type 0x0F) into headers and raw frames
 * (views, header and CRC removed). A frame that runs past the end is
 * TRUNCATED and a frame not starting with the syncword is MALFORMED, both
 * with the offset: resynchronising by scanning would silently drop audio.
 */
export function readAdtsFrames(payload: Uint8Array): { header: AdtsHeader; data: Uint8Array }[] {
  const frames: { header: AdtsHeader; data: Uint8Array }[] = [];
  let offset = 0;
  while (offset < payload.byteLength) {
    const header = readAdtsHeader(payload, offset);
    const end = offset + header.frameLength;
    if (end > payload.byteLength) {
      throw new MediaError('TRUNCATED', `expected an ADTS frame of ${header.frameLength} bytes at offset ${offset}, found ${payload.byteLength - offset}`, { offset });
    }
    frames.push({ header, data: payload.subarray(offset + header.headerLength, end) });
    offset = end;
  }
  return frames;
}
