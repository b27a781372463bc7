import { MediaError } from '../media/errors/MediaError.ts';
import { SampleTableBuilder } from '../media/index/SampleTableBuilder.ts';
import { SAMPLE_SYNC } from '../media/index/SampleTable.ts';
import { readWebVtt } from '../media/webvtt/readWebVtt.ts';
import type { RawIndexedTrack, SourceSegment } from './TrackIndexer.ts';

/** Text tracks are timed in milliseconds: WebVTT's own resolution. */
export const TEXT_TIMESCALE = 1000;

/**
 * Indexes one WebVTT subtitle rendition: one sample per cue, timed on the
 * source's MPEG-2 timeline (`X-TIMESTAMP-MAP`, RFC 8216 3.5; without it
 * LOCAL 0 is MPEGTS 0) in milliseconds, pointing at the cue block's bytes.
 * Segmenters repeat a cue that spans a segment boundary in both segments;
 * such repeats (same times and bytes length, within the last few cues) are indexed once.
 */
export class WebVttTrackIndexer {
  private readonly builder = new SampleTableBuilder(256);
  private readonly starts: number[] = [];
  private readonly recent: string[] = [];

  addSegment(segment: SourceSegment): void {
    this.starts.push(this.builder.count);
    const file = readWebVtt(segment.bytes);
    const map = file.timestampMap ?? { mpegts: 0, localMs: 0 };
    const shiftMs = map.mpegts / 90 - map.localMs;
    for (const cue of file.cues) {
      const startMs = Math.round(cue.startMs + shiftMs);
      const endMs = Math.round(cue.endMs + shiftMs);
      const key = `${startMs}|${endMs}|${cue.byteEnd - cue.byteStart}|${cue.payload}`;
      if (this.recent.includes(key)) continue;
      this.recent.push(key);
      if (this.recent.length > 16) this.recent.shift();
      this.builder.push({
        decodeTime: startMs,
        compositionOffset: 0,
        duration: endMs - startMs,
        size: cue.byteEnd - cue.byteStart,
        flags: SAMPLE_SYNC,
        file: segment.file,
        offset: segment.baseOffset + cue.byteStart,
        end: segment.baseOffset + cue.byteEnd,
        part: 0,
      });
    }
  }

  finish(playlistUri: string): RawIndexedTrack[] {
    const samples = this.builder.finish();
    for (let i = 1; i < samples.count; i++) {
      if (samples.decodeTime[i] < samples.decodeTime[i - 1]) {
        throw new MediaError('MALFORMED', `${playlistUri}: WebVTT cues go back in time (${samples.decodeTime[i - 1]} ms, then ${samples.decodeTime[i]} ms)`);
      }
    }
    return [
      {
        track: { id: '', kind: 'text', timescale: TEXT_TIMESCALE, codecString: 'wvtt', config: { codec: 'wvtt' }, peakBitsPerSecond: 0, averageBitsPerSecond: 0 },
        source: { container: 'webvtt' },
        samples,
        sourceSegmentStarts: Uint32Array.from(this.starts),
        sourcePeakBitsPerSecond: 0,
        sourceAverageBitsPerSecond: 0,
      },
    ];
  }
}
