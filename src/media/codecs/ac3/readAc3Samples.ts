import { MediaError } from '../../errors/MediaError.ts';
import type { Ac3Frame } from './Ac3Frame.ts';
import type { Ac3Sample } from './Ac3Sample.ts';
import { readAc3Frames } from './readAc3Frames.ts';

export type { Ac3Sample } from './Ac3Sample.ts';

/** Audio blocks in one access unit: 6 x 256 = 1536 PCM samples. */
const BLOCKS_PER_SAMPLE = 6;

/**
 * Groups the syncframes of a PES payload into ISO BMFF samples of 1536 PCM
 * samples (ETSI TS 102 366 F.2 for AC-3: one syncframe; F.5 for E-AC-3: the
 * syncframes of independent substream 0 that make six audio blocks, with every
 * dependent and further independent substream frame that follows them).
 * A sample starts at independent substream 0 (an AC-3 frame counts as one,
 * as in an E-AC-3 stream with an AC-3 core) once the previous sample has its
 * six blocks. The payload must begin with a sample and end on one: an access
 * unit split across PES packets cannot be indexed as one sample, so that is
 * UNSUPPORTED rather than silently cut.
 */
export function readAc3Samples(payload: Uint8Array): Ac3Sample[] {
  const samples: Ac3Sample[] = [];
  let frames: Ac3Frame[] = [];
  let start = 0;
  let blocks = 0;
  let offset = 0;
  const close = (end: number): void => {
    samples.push({ frames, data: payload.subarray(start, end) });
  };
  for (const frame of readAc3Frames(payload)) {
    const h = frame.header;
    const startsSubstream0 = h.strmtyp !== 1 && h.substreamid === 0;
    if (startsSubstream0 && blocks === BLOCKS_PER_SAMPLE) {
      close(offset);
      frames = [];
      start = offset;
      blocks = 0;
    }
    if (frames.length === 0 && !startsSubstream0) {
      throw new MediaError('UNSUPPORTED', `expected an access unit to start with independent substream 0 at offset ${offset}, found ${h.strmtyp === 1 ? 'dependent' : 'independent'} substream ${h.substreamid}`, { offset });
    }
    if (startsSubstream0) {
      blocks += h.blocks;
      if (blocks > BLOCKS_PER_SAMPLE) {
        throw new MediaError('MALFORMED', `expected substream 0 frames to add up to ${BLOCKS_PER_SAMPLE} audio blocks per access unit, found ${blocks} at offset ${offset}`, { offset });
      }
    }
    frames.push(frame);
    offset += h.frameSize;
  }
  if (frames.length > 0) {
    if (blocks !== BLOCKS_PER_SAMPLE) {
      throw new MediaError('UNSUPPORTED', `expected whole access units of ${BLOCKS_PER_SAMPLE} audio blocks, found ${blocks} block(s) at the end of the payload (an access unit split across PES packets)`, { offset: start });
    }
    close(offset);
  }
  return samples;
}
