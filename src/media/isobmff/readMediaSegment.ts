import { MediaError } from '../errors/MediaError.ts';
import type { BoxHeader } from './BoxHeader.ts';
import { readTfdt } from './boxes/tfdt.ts';
import type { Tfhd } from './boxes/tfhd.ts';
import { readTfhd, tfhdFlags } from './boxes/tfhd.ts';
import { readTrun } from './boxes/trun.ts';
import type { InitSegmentInfo } from './InitSegmentInfo.ts';
import { iterateBoxes } from './iterateBoxes.ts';
import { sampleFlags } from './sampleFlags.ts';
import type { FragmentSampleInfo, TrackFragmentInfo } from './TrackFragmentInfo.ts';

/**
 * Reads the sample tables of every `traf` of every `moof` in an fMP4 media
 * segment (ISO/IEC 14496-12 8.8), in file order, with defaults resolved in
 * the order trun -> tfhd -> trex (from `init`).
 *
 * Data offsets follow 8.8.7.1: tfhd base_data_offset when present (a file
 * position: `baseOffset` is not added); else the `moof` start when
 * default-base-is-moof is set or for the first traf of a moof; else, for
 * later trafs, the end of the previous traf's data (the legacy rule).
 * A trun without data_offset continues where the previous run's data ended.
 * A traf without `tfdt` continues from the end of the previous traf of that track.
 *
 * `options.baseOffset` is the position of `bytes` in its file, so offsets can
 * be used as byte ranges of the source. Offsets are not checked against
 * `bytes`: a caller may pass only the moof of a larger segment.
 */
export function readMediaSegment(bytes: Uint8Array, init: InitSegmentInfo, options: { baseOffset?: number } = {}): TrackFragmentInfo[] {
  const baseOffset = options.baseOffset ?? 0;
  const nextDecodeTime = new Map<number, number>();
  const out: TrackFragmentInfo[] = [];
  for (const moof of iterateBoxes(bytes)) {
    if (moof.type !== 'moof') continue;
    const moofPosition = baseOffset + moof.start;
    let previousDataEnd = moofPosition;
    for (const traf of iterateBoxes(bytes, moof.contentStart, moof.end)) {
      if (traf.type !== 'traf') continue;
      let tfhd: Tfhd | undefined;
      let baseMediaDecodeTime: number | undefined;
      const truns: BoxHeader[] = [];
      for (const child of iterateBoxes(bytes, traf.contentStart, traf.end)) {
        if (child.type === 'tfhd') tfhd = readTfhd(bytes, child);
        else if (child.type === 'tfdt') baseMediaDecodeTime = readTfdt(bytes, child).baseMediaDecodeTime;
        else if (child.type === 'trun') truns.push(child);
      }
      if (!tfhd) throw new MediaError('MALFORMED', `expected a 'tfhd' in the 'traf' at offset ${traf.start}, found none`, { offset: traf.start });
      const trackId = tfhd.trackId;
      const track = init.tracks.find((t) => t.trackId === trackId);
      if (!track) {
        throw new MediaError('MALFORMED', `traf at offset ${traf.start}: expected a track_ID of the init segment (${init.tracks.map((t) => t.trackId).join(', ')}), found ${trackId}`, {
          offset: traf.start,
        });
      }
      const dataBase = tfhd.baseDataOffset ?? (tfhd.flags & tfhdFlags.defaultBaseIsMoof ? moofPosition : previousDataEnd);
      const defaultDuration = tfhd.defaultSampleDuration ?? track.defaults.sampleDuration;
      const defaultSize = tfhd.defaultSampleSize ?? track.defaults.sampleSize;
      const defaultFlags = tfhd.defaultSampleFlags ?? track.defaults.sampleFlags;
      const start = baseMediaDecodeTime ?? nextDecodeTime.get(trackId) ?? 0;
      let decodeTime = start;
      let cursor = dataBase;
      const samples: FragmentSampleInfo[] = [];
      for (const box of truns) {
        const trun = readTrun(bytes, box);
        if (trun.dataOffset !== undefined) cursor = dataBase + trun.dataOffset;
        for (let i = 0; i < trun.samples.length; i++) {
          const s = trun.samples[i];
          const duration = s.duration ?? defaultDuration;
          const size = s.size ?? defaultSize;
          const flags = i === 0 && trun.firstSampleFlags !== undefined ? trun.firstSampleFlags : (s.flags ?? defaultFlags);
          samples.push({
            decodeTime,
            compositionOffset: s.compositionOffset ?? 0,
            duration,
            size,
            isSync: (flags & sampleFlags.isNonSyncBit) === 0,
            offset: cursor,
          });
          decodeTime += duration;
          cursor += size;
        }
      }
      previousDataEnd = cursor;
      nextDecodeTime.set(trackId, decodeTime);
      out.push({ trackId, baseMediaDecodeTime: start, samples });
    }
  }
  return out;
}
