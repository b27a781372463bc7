import { MediaError } from '../../errors/MediaError.ts';
import type { Ac3Frame } from './Ac3Frame.ts';
import { readAc3FrameHeader } from './readAc3FrameHeader.ts';

export type { Ac3Frame } from './Ac3Frame.ts';

/**
 * Splits a run of AC-3 / E-AC-3 syncframes (one PES payload, ATSC A/52
 * Annex A / ETSI TS 102 366 Annex B: a PES carries whole syncframes) into
 * frames, each a view from its syncword to its end. A frame that runs past
 * the end is TRUNCATED and one not starting with the syncword MALFORMED,
 * both with the offset: resynchronising by scanning would silently drop audio.
 */
export function readAc3Frames(payload: Uint8Array): Ac3Frame[] {
  const frames: Ac3Frame[] = [];
  let offset = 0;
  while (offset < payload.byteLength) {
    const header = readAc3FrameHeader(payload, offset);
    const end = offset + header.frameSize;
    if (end > payload.byteLength) {
      throw new MediaError('TRUNCATED', `expected an ${header.kind === 'ac3' ? 'AC-3' : 'E-AC-3'} syncframe of ${header.frameSize} bytes at offset ${offset}, found ${payload.byteLength - offset}`, { offset });
    }
    frames.push({ header, data: payload.subarray(offset, end) });
    offset = end;
  }
  return frames;
}
