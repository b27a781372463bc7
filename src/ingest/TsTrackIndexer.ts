import { KinoraError } from '../errors/KinoraError.ts';
import { MediaError } from '../media/errors/MediaError.ts';
import { demuxTransportStream } from '../media/mp2t/demuxTransportStream.ts';
import type { PesPacket } from '../media/mp2t/PesPacket.ts';
import { readVideoAccessUnit } from '../media/mp2t/readVideoAccessUnit.ts';
import { unwrapTimestamp } from '../media/mp2t/unwrapTimestamp.ts';
import { readAdtsFrames } from '../media/codecs/aac/readAdtsFrames.ts';
import { writeAudioSpecificConfig } from '../media/codecs/aac/writeAudioSpecificConfig.ts';
import { aacCodecString } from '../media/codecs/aac/aacCodecString.ts';
import { readAc3Samples } from '../media/codecs/ac3/readAc3Samples.ts';
import { ac3CodecConfigOf } from '../media/codecs/ac3/ac3CodecConfigOf.ts';
import { ac3CodecString } from '../media/codecs/ac3/ac3CodecString.ts';
import { ac3FormatOf } from '../media/codecs/ac3/ac3FormatOf.ts';
import { SampleTableBuilder } from '../media/index/SampleTableBuilder.ts';
import { SAMPLE_SYNC } from '../media/index/SampleTable.ts';
import type { Track } from '../media/model/Track.ts';
import type { CodecConfig } from '../media/model/CodecConfig.ts';
import type { RawIndexedTrack, SourceSegment } from './TrackIndexer.ts';
import { describeVideoConfig } from './describeVideoConfig.ts';
import { fillDurations } from './fillDurations.ts';
import { SegmentBitrate } from './SegmentBitrate.ts';

const TS_TIMESCALE = 90_000;
/** PCM samples per AAC frame (ISO/IEC 14496-3) and per AC-3 / E-AC-3 access unit (ETSI TS 102 366 F.2, F.5). */
const AAC_FRAME_SAMPLES = 1024;
const AC3_SAMPLE_SAMPLES = 1536;

interface VideoState {
  pid: number;
  codec: 'avc' | 'hevc';
  builder: SampleTableBuilder;
  config?: CodecConfig;
  lastDts?: number;
  starts: number[];
  bitrate: SegmentBitrate;
}

interface AudioState {
  pid: number;
  /** ADTS (stream_type 0x0F) or Dolby syncframes (0x81, 0x87, or 0x06 with an AC-3 / E-AC-3 descriptor). */
  dolby: boolean;
  builder: SampleTableBuilder;
  sampleRate?: number;
  channels?: number;
  codecString?: string;
  config?: CodecConfig;
  lastPts?: number;
  lastTime?: number;
  starts: number[];
  bitrate: SegmentBitrate;
}

/**
 * Indexes the samples of one MPEG-TS rendition (ISO/IEC 13818-1), segment by
 * segment: video access units one PES each (as HLS segmenters write them),
 * AAC as ADTS frames, several per PES (`part` records which).
 */
export class TsTrackIndexer {
  private readonly role: 'video' | 'audio';
  private readonly muxedAudio: boolean;
  private video?: VideoState;
  private audio?: AudioState;
  /** Added to every 90 kHz timestamp after a discontinuity so the timeline stays continuous. */
  private adjust90k = 0;
  private expectedNext90k?: number;

  constructor(role: 'video' | 'audio', muxedAudio: boolean) {
    this.role = role;
    this.muxedAudio = muxedAudio;
  }

  addSegment(segment: SourceSegment): void {
    const demux = demuxTransportStream(segment.bytes, { baseOffset: segment.baseOffset });
    const wantVideo = this.role === 'video';
    const wantAudio = this.role === 'audio' || this.muxedAudio;
    const videoStream = demux.streams.find((s) => s.codec === 'avc' || s.codec === 'hevc');
    const audioStream = demux.streams.find((s) => s.codec === 'aac' || s.codec === 'ac3' || s.codec === 'eac3');
    if (wantVideo && !videoStream) {
      throw new MediaError('UNSUPPORTED', `no H.264 or H.265 video stream; the PMT lists ${describeStreams(demux.streams)}`);
    }
    if (this.role === 'audio' && !audioStream) {
      throw new MediaError('UNSUPPORTED', `no AAC, AC-3 or E-AC-3 audio stream; the PMT lists ${describeStreams(demux.streams)}`);
    }
    if (demux.pes.length === 0) throw new MediaError('MALFORMED', 'no complete PES packet in the segment');

    if (segment.discontinuity && this.expectedNext90k !== undefined) {
      const first = demux.pes.find((p) => p.pid === (videoStream ?? audioStream)?.pid);
      if (first) {
        const raw = unwrapTimestamp(first.dts, this.expectedNext90k - this.adjust90k);
        this.adjust90k = this.expectedNext90k - raw;
      }
    }

    if (wantVideo && videoStream) {
      this.video ??= { pid: videoStream.pid, codec: videoStream.codec as 'avc' | 'hevc', builder: new SampleTableBuilder(4096), starts: [], bitrate: new SegmentBitrate() };
      this.addVideo(this.video, demux.pes.filter((p) => p.pid === this.video!.pid), segment);
    }
    if (wantAudio && audioStream) {
      this.audio ??= { pid: audioStream.pid, dolby: audioStream.codec !== 'aac', builder: new SampleTableBuilder(4096), starts: [], bitrate: new SegmentBitrate() };
      this.addAudio(this.audio, demux.pes.filter((p) => p.pid === this.audio!.pid), segment);
    }
  }

  private addVideo(v: VideoState, pes: PesPacket[], segment: SourceSegment): void {
    v.starts.push(v.builder.count);
    let bytes = 0;
    for (const p of pes) {
      assertCompletePes(p, 'video');
      const au = readVideoAccessUnit(p.data, v.codec);
      if (au.data.byteLength === 0) continue;
      if (!v.config && au.sps.length > 0 && au.pps.length > 0) {
        v.config = v.codec === 'avc' ? { codec: 'avc', sps: au.sps.map(copy), pps: au.pps.map(copy) } : { codec: 'hevc', vps: au.vps.map(copy), sps: au.sps.map(copy), pps: au.pps.map(copy) };
      }
      if (v.builder.count === 0 && !au.isSync) {
        throw new MediaError('UNSUPPORTED', `the first video access unit (byte ${p.startOffset}) is not a keyframe; segments must start with IDR/IRAP pictures`, { offset: p.startOffset });
      }
      const dts = unwrapTimestamp(p.dts, (v.lastDts ?? p.dts) - this.adjust90k) + this.adjust90k;
      const pts = unwrapTimestamp(p.pts, dts - this.adjust90k) + this.adjust90k;
      v.lastDts = dts;
      v.builder.push({ decodeTime: dts, compositionOffset: pts - dts, duration: 0, size: au.data.byteLength, flags: au.isSync ? SAMPLE_SYNC : 0, file: segment.file, offset: p.startOffset, end: p.endOffset, part: 0 });
      bytes += au.data.byteLength;
    }
    v.bitrate.add(bytes, segment.durationSeconds);
    const t = v.builder.table;
    const n = v.builder.count;
    if (n >= 2) this.expectedNext90k = 2 * t.decodeTime[n - 1] - t.decodeTime[n - 2];
  }

  private addAudio(a: AudioState, pes: PesPacket[], segment: SourceSegment): void {
    a.starts.push(a.builder.count);
    let bytes = 0;
    for (const p of pes) {
      assertCompletePes(p, 'audio');
      const frames = a.dolby ? this.dolbyFrames(a, p) : this.aacFrames(a, p);
      if (frames.length === 0) continue;
      const pts = unwrapTimestamp(p.pts, (a.lastPts ?? p.pts) - this.adjust90k) + this.adjust90k;
      a.lastPts = pts;
      let t = Math.round((pts * a.sampleRate!) / TS_TIMESCALE);
      // Rounding 90 kHz PTS to the audio clock can land a frame on its predecessor; keep decode times increasing.
      if (a.lastTime !== undefined && t <= a.lastTime) t = a.lastTime + 1;
      let time = t;
      frames.forEach((f, part) => {
        a.builder.push({ decodeTime: time, compositionOffset: 0, duration: f.duration, size: f.size, flags: SAMPLE_SYNC, file: segment.file, offset: p.startOffset, end: p.endOffset, part });
        a.lastTime = time;
        time += f.duration;
        bytes += f.size;
      });
    }
    a.bitrate.add(bytes, segment.durationSeconds);
    if (!this.video && a.lastPts !== undefined) this.expectedNext90k = a.lastPts;
  }

  /** ADTS frames of one PES; the first one sets the track's AudioSpecificConfig. */
  private aacFrames(a: AudioState, p: PesPacket): { size: number; duration: number }[] {
    const frames = readAdtsFrames(p.data);
    if (frames.length === 0) return [];
    const h = frames[0].header;
    if (a.sampleRate === undefined) {
      a.sampleRate = h.sampleRate;
      a.channels = h.channelConfiguration;
      a.codecString = aacCodecString(h.objectType);
      a.config = { codec: 'aac', audioSpecificConfig: writeAudioSpecificConfig(h) };
    } else if (h.sampleRate !== a.sampleRate) {
      throw new MediaError('UNSUPPORTED', `AAC sample rate changes from ${a.sampleRate} to ${h.sampleRate} Hz at byte ${p.startOffset}`, { offset: p.startOffset });
    }
    return frames.map((f) => ({ size: f.data.byteLength, duration: f.header.samplesPerFrame }));
  }

  /** AC-3 / E-AC-3 access units of one PES; the first one sets the track's `dac3` / `dec3`. */
  private dolbyFrames(a: AudioState, p: PesPacket): { size: number; duration: number }[] {
    let samples;
    try {
      samples = readAc3Samples(p.data);
    } catch (e) {
      if (e instanceof MediaError) {
        e.message = `${e.message} (in the audio PES at byte ${p.startOffset})`;
        e.offset = p.startOffset;
      }
      throw e;
    }
    if (samples.length === 0) return [];
    const first = samples[0];
    const h = first.frames[0].header;
    const codec = first.frames.every((f) => f.header.kind === 'ac3') ? 'ac3' : 'ec3';
    if (a.config === undefined) {
      a.config = ac3CodecConfigOf(first);
      a.sampleRate = h.sampleRate;
      a.channels = ac3FormatOf(a.config).channels;
      a.codecString = ac3CodecString(a.config.codec);
    } else if (h.sampleRate !== a.sampleRate || codec !== a.config.codec) {
      throw new MediaError('UNSUPPORTED', `audio changes from ${a.config.codec} at ${a.sampleRate} Hz to ${codec} at ${h.sampleRate} Hz at byte ${p.startOffset}`, { offset: p.startOffset });
    }
    return samples.map((s) => ({ size: s.data.byteLength, duration: AC3_SAMPLE_SAMPLES }));
  }

  finish(playlistUri: string): RawIndexedTrack[] {
    const out: RawIndexedTrack[] = [];
    const v = this.video;
    if (v) {
      if (!v.config) throw new KinoraError('UNSUPPORTED', `${playlistUri}: no SPS/PPS found in the video stream`, { subject: playlistUri });
      const samples = v.builder.finish();
      if (samples.count === 0) throw new KinoraError('NO_TRACKS', `${playlistUri}: the video stream has no samples`, { subject: playlistUri });
      fillDurations(samples, undefined);
      const described = describeVideoConfig(v.config, samples, TS_TIMESCALE);
      const track: Track = { id: '', kind: 'video', timescale: TS_TIMESCALE, config: v.config, ...described, peakBitsPerSecond: v.bitrate.peak, averageBitsPerSecond: v.bitrate.average };
      out.push({ track, source: { container: 'mp2t', pid: v.pid, codec: v.codec }, samples, sourceSegmentStarts: Uint32Array.from(v.starts), sourcePeakBitsPerSecond: v.bitrate.peak, sourceAverageBitsPerSecond: v.bitrate.average });
    }
    const a = this.audio;
    if (a && a.config && a.sampleRate) {
      const samples = a.builder.finish();
      fillDurations(samples, a.dolby ? AC3_SAMPLE_SAMPLES : AAC_FRAME_SAMPLES);
      const track: Track = {
        id: '', kind: 'audio', timescale: a.sampleRate, config: a.config, codecString: a.codecString!, sampleRate: a.sampleRate, channels: a.channels,
        peakBitsPerSecond: a.bitrate.peak, averageBitsPerSecond: a.bitrate.average,
      };
      const codec = a.config.codec === 'ac3' || a.config.codec === 'ec3' ? a.config.codec : 'aac';
      out.push({ track, source: { container: 'mp2t', pid: a.pid, codec }, samples, sourceSegmentStarts: Uint32Array.from(a.starts), sourcePeakBitsPerSecond: a.bitrate.peak, sourceAverageBitsPerSecond: a.bitrate.average });
    } else if (this.role === 'audio') {
      throw new KinoraError('NO_TRACKS', `${playlistUri}: the audio stream has no ${a?.dolby ? 'AC-3 / E-AC-3' : 'AAC'} frames`, { subject: playlistUri });
    }
    return out;
  }
}

/** A PES cut off by the end of the segment, or without a PTS, cannot be indexed. */
function assertCompletePes(p: PesPacket, kind: 'video' | 'audio'): void {
  if (p.truncated) throw new MediaError('TRUNCATED', `${kind} PES at byte ${p.startOffset} is cut off`, { offset: p.startOffset });
  if (p.pts < 0) throw new MediaError('MALFORMED', `${kind} PES at byte ${p.startOffset} has no PTS`, { offset: p.startOffset });
}

function copy(b: Uint8Array): Uint8Array {
  return b.slice();
}

function describeStreams(streams: { pid: number; streamType: number }[]): string {
  if (streams.length === 0) return 'no streams';
  return streams.map((s) => `pid ${s.pid} stream_type 0x${s.streamType.toString(16).padStart(2, '0')}`).join(', ');
}
