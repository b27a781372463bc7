import { splitAnnexB } from '../codecs/avc/splitAnnexB.ts';
import { MediaError } from '../errors/MediaError.ts';
import type { VideoAccessUnit } from './VideoAccessUnit.ts';

export type { VideoAccessUnit } from './VideoAccessUnit.ts';

/**
 * Converts the Annex B payload of one video PES (one access unit, as
 * ISO/IEC 13818-1 2.14 carries H.264 and 2.17 H.265) to the length-prefixed
 * sample form of ISO/IEC 14496-15 (4-byte lengths). Parameter sets are pulled
 * out because the sample entry (avcC/hvcC) carries them; AUDs, filler data and
 * end of sequence/stream NAL units are dropped since they are not allowed or
 * not useful in ISO BMFF samples (14496-15 5.3.2 / 8.3.2).
 */
export function readVideoAccessUnit(pesPayload: Uint8Array, codec: 'avc' | 'hevc'): VideoAccessUnit {
  const nals = splitAnnexB(pesPayload);
  if (nals.length === 0) {
    throw new MediaError('MALFORMED', `expected an Annex B start code in a ${pesPayload.byteLength}-byte ${codec} PES payload, found none`);
  }
  const kept: Uint8Array[] = [];
  const sps: Uint8Array[] = [];
  const pps: Uint8Array[] = [];
  const vps: Uint8Array[] = [];
  let isSync = false;
  let size = 0;
  for (const nal of nals) {
    if (codec === 'avc') {
      const type = nal[0] & 0x1f;
      if (type === 7) sps.push(nal);
      else if (type === 8) pps.push(nal);
      else if (type === 9 || type === 10 || type === 11 || type === 12) continue;
      else {
        if (type === 5) isSync = true;
        kept.push(nal);
        size += 4 + nal.byteLength;
      }
    } else {
      const type = (nal[0] >> 1) & 0x3f;
      if (type === 32) vps.push(nal);
      else if (type === 33) sps.push(nal);
      else if (type === 34) pps.push(nal);
      else if (type >= 35 && type <= 38) continue; // AUD, EOS, EOB, FD
      else {
        if (type >= 16 && type <= 23) isSync = true;
        kept.push(nal);
        size += 4 + nal.byteLength;
      }
    }
  }
  const data = new Uint8Array(size);
  const view = new DataView(data.buffer);
  let w = 0;
  for (const nal of kept) {
    view.setUint32(w, nal.byteLength);
    data.set(nal, w + 4);
    w += 4 + nal.byteLength;
  }
  return { data, isSync, sps, pps, vps };
}
