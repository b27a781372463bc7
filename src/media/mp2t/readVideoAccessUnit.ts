import { splitAnnexB } from '../codecs/avc/splitAnnexB.ts';
import { MediaError } from '../errors/MediaError.ts';
import { nalUnitRole } from './nalUnitRole.ts';
import type { VideoAccessUnit } from './VideoAccessUnit.ts';

export type { VideoAccessUnit } from './VideoAccessUnit.ts';

/**
 * Converts the Annex B payload of one video PES (one access unit, as
 * ISO/IEC 13818-1 2.14 carries H.264 and 2.17 H.265) to the length-prefixed
 * sample form of ISO/IEC 14496-15 (4-byte lengths). Parameter sets are pulled
 * out because the sample entry (avcC/hvcC) carries them; AUDs, filler data and
 * end of sequence/stream NAL units are dropped since they are not allowed or
 * not useful in ISO BMFF samples (14496-15 5.3.2 / 8.3.2); see `nalUnitRole`.
 * The origin writes the same bytes without this function's copies
 * (`writeAccessUnitSample`).
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
    const role = nalUnitRole(nal[0], codec);
    if (role === 'sps') sps.push(nal);
    else if (role === 'pps') pps.push(nal);
    else if (role === 'vps') vps.push(nal);
    else if (role !== 'dropped') {
      if (role === 'syncSample') isSync = true;
      kept.push(nal);
      size += 4 + nal.byteLength;
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
