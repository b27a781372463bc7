import { KinoraError } from '../errors/KinoraError.ts';
import { MediaError } from '../media/errors/MediaError.ts';
import { readInitSegment } from '../media/isobmff/readInitSegment.ts';
import { readMediaSegment } from '../media/isobmff/readMediaSegment.ts';
import type { InitSegmentInfo, InitTrackInfo } from '../media/isobmff/InitSegmentInfo.ts';
import { SampleTableBuilder } from '../media/index/SampleTableBuilder.ts';
import { SAMPLE_SYNC } from '../media/index/SampleTable.ts';
import type { Track } from '../media/model/Track.ts';
import type { RawIndexedTrack, SourceSegment } from './TrackIndexer.ts';
import { describeVideoConfig } from './describeVideoConfig.ts';
import { SegmentBitrate } from './SegmentBitrate.ts';

interface TrackState {
  info: InitTrackInfo;
  builder: SampleTableBuilder;
  starts: number[];
  bitrate: SegmentBitrate;
  adjust: number;
  expectedNext?: number;
}

/**
 * Indexes one fragmented-MP4 rendition (HLS with EXT-X-MAP, ISO/IEC 14496-12
 * 8.8): sample tables come straight from `trun`, byte ranges point into `mdat`.
 */
export class Fmp4TrackIndexer {
  private readonly role: 'video' | 'audio';
  private readonly muxedAudio: boolean;
  private readonly inits = new Map<string, InitSegmentInfo>();
  private current?: InitSegmentInfo;
  private video?: TrackState;
  private audio?: TrackState;

  constructor(role: 'video' | 'audio', muxedAudio: boolean) {
    this.role = role;
    this.muxedAudio = muxedAudio;
  }

  hasInit(uri: string): boolean {
    return this.inits.has(uri);
  }

  addSegment(segment: SourceSegment): void {
    if (!segment.init) throw new MediaError('MALFORMED', 'fMP4 segment without EXT-X-MAP');
    let init = this.inits.get(segment.init.uri);
    if (!init) {
      try {
        init = readInitSegment(segment.init.bytes);
      } catch (e) {
        if (e instanceof MediaError) e.message = `init segment ${segment.init.uri}: ${e.message}`;
        throw e;
      }
      this.inits.set(segment.init.uri, init);
    }
    this.current = init;
    const wantVideo = this.role === 'video';
    const wantAudio = this.role === 'audio' || this.muxedAudio;
    const videoInfo = init.tracks.find((t) => t.kind === 'video');
    const audioInfo = init.tracks.find((t) => t.kind === 'audio');
    if (wantVideo && !videoInfo) throw new MediaError('UNSUPPORTED', `no video track in init segment ${segment.init.uri}`);
    if (this.role === 'audio' && !audioInfo) throw new MediaError('UNSUPPORTED', `no audio track in init segment ${segment.init.uri}`);
    if (videoInfo?.nalLengthSize !== undefined && videoInfo.nalLengthSize !== 4) {
      throw new MediaError('UNSUPPORTED', `NAL length size ${videoInfo.nalLengthSize} in ${segment.init.uri}; only 4-byte lengths are packaged`);
    }

    const fragments = readMediaSegment(segment.bytes, init, { baseOffset: segment.baseOffset });
    if (wantVideo && videoInfo) this.video = this.add(this.video, videoInfo, fragments, segment);
    if (wantAudio && audioInfo) this.audio = this.add(this.audio, audioInfo, fragments, segment);
  }

  private add(state: TrackState | undefined, info: InitTrackInfo, fragments: ReturnType<typeof readMediaSegment>, segment: SourceSegment): TrackState {
    const s = state ?? { info, builder: new SampleTableBuilder(4096), starts: [], bitrate: new SegmentBitrate(), adjust: 0 };
    s.starts.push(s.builder.count);
    let bytes = 0;
    let first = true;
    for (const f of fragments) {
      if (f.trackId !== info.trackId) continue;
      for (const x of f.samples) {
        if (first && segment.discontinuity && s.expectedNext !== undefined) s.adjust = s.expectedNext - x.decodeTime;
        first = false;
        if (s.builder.count === 0 && info.kind === 'video' && !x.isSync) {
          throw new MediaError('UNSUPPORTED', `the first video sample (byte ${x.offset}) is not a sync sample`, { offset: x.offset });
        }
        if (x.offset + x.size > segment.baseOffset + segment.bytes.byteLength) {
          throw new MediaError('TRUNCATED', `sample data at byte ${x.offset} (${x.size} bytes) lies past the end of the segment`, { offset: x.offset });
        }
        // Applying the edit list keeps the source's A/V offset (ffmpeg writes one for B-frame delay and AAC priming).
        const decodeTime = x.decodeTime + s.adjust - info.editMediaTime;
        s.builder.push({ decodeTime, compositionOffset: x.compositionOffset, duration: x.duration, size: x.size, flags: x.isSync || info.kind !== 'video' ? SAMPLE_SYNC : 0, file: segment.file, offset: x.offset, end: x.offset + x.size, part: 0 });
        s.expectedNext = decodeTime + x.duration;
        bytes += x.size;
      }
    }
    s.bitrate.add(bytes, segment.durationSeconds);
    return s;
  }

  finish(playlistUri: string): RawIndexedTrack[] {
    const out: RawIndexedTrack[] = [];
    for (const s of [this.video, this.audio]) {
      if (!s) continue;
      const samples = s.builder.finish();
      if (samples.count === 0) throw new KinoraError('NO_TRACKS', `${playlistUri}: the ${s.info.kind} track has no samples`, { subject: playlistUri });
      const base = { id: '', kind: s.info.kind, timescale: s.info.timescale, config: s.info.config, peakBitsPerSecond: s.bitrate.peak, averageBitsPerSecond: s.bitrate.average };
      const track: Track =
        s.info.kind === 'video'
          ? { ...base, ...describeVideoConfig(s.info.config, samples, s.info.timescale) }
          : { ...base, codecString: s.info.codecString, sampleRate: s.info.sampleRate, channels: s.info.channels, language: s.info.language };
      out.push({ track, source: { container: 'fmp4', trackId: s.info.trackId }, samples, sourceSegmentStarts: Uint32Array.from(s.starts), sourcePeakBitsPerSecond: s.bitrate.peak, sourceAverageBitsPerSecond: s.bitrate.average });
    }
    return out;
  }
}
