import { readAudioSpecificConfig } from '../codecs/aac/readAudioSpecificConfig.ts';
import { writeAdtsHeader } from '../codecs/aac/writeAdtsHeader.ts';
import { writeAnnexB } from '../codecs/avc/writeAnnexB.ts';
import { MediaError } from '../errors/MediaError.ts';
import type { Sample } from '../model/Sample.ts';
import type { Track } from '../model/Track.ts';
import { encryptSampleAesSamples } from '../sampleaes/encryptSampleAesSamples.ts';
import type { SampleAesKey } from '../sampleaes/SampleAesKey.ts';
import { computeDecodeDelay } from './computeDecodeDelay.ts';
import { countPesPackets } from './countPesPackets.ts';
import { defaultTsTimeOffset90k } from './defaultTsTimeOffset90k.ts';
import { sampleAesPmtEntry } from './sampleAesPmtEntry.ts';
import { StreamType } from './StreamType.ts';
import type { TransportStreamSegment } from './TransportStreamSegment.ts';
import { tsPacketSize } from './tsPacketSize.ts';
import { tsSegmentPids } from './tsSegmentPids.ts';
import { writePat } from './writePat.ts';
import { writePesHeader } from './writePesHeader.ts';
import { writePesPackets } from './writePesPackets.ts';
import { writePmt } from './writePmt.ts';
import { writeSectionPacket } from './writeSectionPacket.ts';

export type { TransportStreamSegment } from './TransportStreamSegment.ts';

/** The PCR runs this far behind the DTS of the PES it starts: ffmpeg's default max_delay, the decoder's buffering time (T-STD, ISO/IEC 13818-1 2.4.2). */
const PCR_LEAD_90K = 63_000;
/** Audio PES payload cap, ffmpeg's default pes_payload_size: several ADTS frames or syncframes per PES keep the PES overhead small. */
const MAX_AUDIO_PES_PAYLOAD = 2930;
/** PCRs at most 100 ms apart (ISO/IEC 13818-1 2.7.2); binds the audio PES duration when the audio carries the PCR. */
const MAX_PCR_INTERVAL_90K = 9000;
/** Access unit delimiters with a 4-byte start code: H.264 primary_pic_type 7, H.265 pic_type 2 (any slice types), each followed by the RBSP stop bit. */
const AUD = { avc: Uint8Array.of(0, 0, 0, 1, 0x09, 0xf0), hevc: Uint8Array.of(0, 0, 0, 1, 0x46, 0x01, 0x50) };
/**
 * Dolby audio in the PMT (ATSC A/52 Annex A.3 / Annex G): stream_type 0x81
 * (AC-3) or 0x87 (E-AC-3) with a registration_descriptor (ISO/IEC 13818-1
 * 2.6.8, tag 0x05) whose format_identifier is `AC-3` / `EAC3`, the form
 * ffmpeg writes and reads.
 */
const DOLBY_PMT = {
  ac3: { streamType: StreamType.AC3, esInfo: Uint8Array.of(0x05, 4, 0x41, 0x43, 0x2d, 0x33) },
  ec3: { streamType: StreamType.EAC3, esInfo: Uint8Array.of(0x05, 4, 0x45, 0x41, 0x43, 0x33) },
} as const;
/** private_stream_1 (ISO/IEC 13818-1 Table 2-22), the stream_id ATSC A/52 Annex A gives AC-3 and E-AC-3 PES. */
const PRIVATE_STREAM_1 = 0xbd;
const PROGRAM_NUMBER = 1;
const TRANSPORT_STREAM_ID = 1;

interface Stream {
  track: Track;
  samples: Sample[];
  pid: number;
  streamId: number;
  codec: 'avc' | 'hevc' | 'aac' | 'ac3' | 'ec3';
  carriesPcr: boolean;
  continuityCounter: number;
  /** Video: in-band parameter sets in Annex B form; audio: unused. */
  parameterSets: Uint8Array;
  /** Video: see `computeDecodeDelay`, track timescale. */
  decodeDelay: number;
  /** Audio: ADTS header fields from the AudioSpecificConfig; `frameLength` is set per frame. */
  adts?: { objectType: number; samplingFrequencyIndex: number; channelConfiguration: number; frameLength: number };
}

/** One PES to write: samples [first, first + count) of one stream. */
interface Unit {
  stream: Stream;
  first: number;
  count: number;
  /** 90 kHz, unwrapped (writePesHeader applies the 33-bit wrap). */
  pts: number;
  dts: number;
  pesLength: number;
  packets: number;
  keyframe: boolean;
}

/**
 * Writes one HLS media segment as an MPEG-2 transport stream (ISO/IEC 13818-1;
 * RFC 8216 3.2; Apple HLS authoring specification) from the common model:
 * at most one video track (H.264 or H.265, stream_type 0x1B / 0x24) and any
 * number of audio tracks muxed into one program, as MediaPackage's
 * `hlsPackage` does with `useAudioRenditionGroup: false`: AAC (ADTS,
 * stream_type 0x0F), AC-3 (0x81) and E-AC-3 (0x87), the last two with their
 * `AC-3` / `EAC3` registration descriptor (ATSC A/52 Annex A, G).
 *
 * Layout: a PAT and a PMT open the segment (RFC 8216 3.2) and are repeated
 * right before every video keyframe, so each keyframe's byte range decodes
 * alone for I-frame playlists (`keyframes`). PIDs are `tsSegmentPids`
 * (PMT 0x1000, video 0x100, audio 0x101...), continuity counters start at 0
 * for each PID in every segment, and the PCR is on the video PID (on the
 * first audio PID without video), in the first packet of each of its PES.
 * PES packets are interleaved in DTS order.
 *
 * Video: one PES per access unit: an access unit delimiter, the config's
 * VPS/SPS/PPS before every keyframe (so decoding can start at any keyframe)
 * and the sample's NAL units in Annex B form (ITU-T H.264 / H.265 Annex B,
 * 13818-1 2.14 / 2.17). PES_packet_length is written when it fits in 16
 * bits, 0 (unbounded) otherwise.
 * Audio: each raw AAC frame gets an ADTS header (ISO/IEC 13818-7 6.2) built
 * from the AudioSpecificConfig; consecutive frames share a PES up to 2930
 * payload bytes (ffmpeg's default), a gap in the frame times, or 100 ms when
 * the audio carries the PCR. AC-3 / E-AC-3 samples are whole syncframes
 * already (ETSI TS 102 366 F.2, F.5) and go into private_stream_1 PES
 * (0xBD, ATSC A/52 Annex A) unchanged, grouped by the same rules.
 *
 * Times: PTS = presentation time and DTS = decode time - `decodeDelay`, both
 * converted to 90 kHz and moved up by `timeOffset90k` (default
 * `defaultTsTimeOffset90k`, 1.4 s); DTS is written only when it differs from
 * the PTS. `decodeDelay` (track timescale) must make DTS <= PTS for every
 * sample and be the same for every segment of a track: pass
 * `computeDecodeDelay` of the whole track; without it, the delay of this
 * segment's own samples is used. The PCR is the DTS minus 0.7 s.
 *
 * HLS SAMPLE-AES (`sampleAes`, Apple "MPEG-2 Stream Encryption Format for
 * HTTP Live Streaming"): the samples are encrypted first
 * (`encryptSampleAesSamples`: H.264 slices 1:9 from byte 32, AAC frames
 * after 16 clear bytes, the CBC chain restarted from the IV for each) and
 * the PMT signals them (`sampleAesPmtEntry`: stream_type 0xDB / 0xCF with
 * their descriptors); PES, ADTS headers, parameter sets and AUDs stay
 * clear. Only H.264 and AAC are covered: any other track throws
 * `UNSUPPORTED` naming it, before anything is written.
 *
 * Sizes are computed first and the segment is written into one buffer.
 */
export function writeTransportStreamSegment(input: {
  tracks: { track: Track; samples: Sample[]; decodeDelay?: number }[];
  timeOffset90k?: number;
  /** HLS SAMPLE-AES: the key, IV and cipher every track of the segment is encrypted with. */
  sampleAes?: SampleAesKey;
}): TransportStreamSegment {
  const offset90k = input.timeOffset90k ?? defaultTsTimeOffset90k;
  const streams = describeStreams(input.tracks);
  if (input.sampleAes) encryptStreams(streams, input.sampleAes);
  if (streams.length === 0) throw new MediaError('NO_TRACKS', 'expected at least one video or audio track for a TS segment, found none');

  const units: Unit[] = [];
  for (const stream of streams) {
    if (isAudio(stream)) planAudio(stream, offset90k, units);
    else planVideo(stream, offset90k, units);
  }
  // Stable: at equal DTS, video (planned first) goes first.
  units.sort((a, b) => a.dts - b.dts);

  let packets = 2;
  let largestPes = 0;
  for (const [i, u] of units.entries()) {
    packets += u.packets + (u.keyframe && i > 0 ? 2 : 0);
    if (u.pesLength > largestPes) largestPes = u.pesLength;
  }

  const pcrPid = streams.find((s) => s.carriesPcr)!.pid;
  const pat = writePat({ transportStreamId: TRANSPORT_STREAM_ID, versionNumber: 0, currentNextIndicator: true, programs: [{ programNumber: PROGRAM_NUMBER, pmtPid: tsSegmentPids.pmt }] });
  const pmt = writePmt({
    programNumber: PROGRAM_NUMBER, versionNumber: 0, currentNextIndicator: true, pcrPid,
    streams: streams.map((s) => ({ ...(input.sampleAes ? sampleAesPmtEntry(s.track.config) : pmtEntryOf(s.codec)), pid: s.pid })),
  });

  const out = new Uint8Array(packets * tsPacketSize);
  const pes = new Uint8Array(largestPes);
  let patCc = 0;
  let pmtCc = 0;
  let o = 0;
  const writeTables = (): void => {
    writeSectionPacket(out, o, { pid: tsSegmentPids.pat, continuityCounter: patCc, section: pat });
    writeSectionPacket(out, o + tsPacketSize, { pid: tsSegmentPids.pmt, continuityCounter: pmtCc, section: pmt });
    patCc = (patCc + 1) & 0x0f;
    pmtCc = (pmtCc + 1) & 0x0f;
    o += 2 * tsPacketSize;
  };

  writeTables();
  const keyframes: TransportStreamSegment['keyframes'] = [];
  for (const [i, u] of units.entries()) {
    let rangeStart = 0;
    if (u.keyframe && i > 0) {
      rangeStart = o;
      writeTables();
    }
    const s = u.stream;
    const length = isAudio(s) ? writeAudioPes(pes, u) : writeVideoPes(pes, u);
    const n = writePesPackets(out, o, pes.subarray(0, length), {
      pid: s.pid,
      continuityCounter: s.continuityCounter,
      pcrBase: s.carriesPcr ? u.dts - PCR_LEAD_90K : undefined,
      randomAccess: u.keyframe || isAudio(s),
    });
    s.continuityCounter = (s.continuityCounter + n) & 0x0f;
    o += n * tsPacketSize;
    if (u.keyframe) keyframes.push({ offset: rangeStart, length: o - rangeStart, decodeTime: s.samples[u.first].decodeTime });
  }
  return { bytes: out, keyframes };
}

function describeStreams(tracks: { track: Track; samples: Sample[]; decodeDelay?: number }[]): Stream[] {
  const video = tracks.filter((t) => t.track.kind === 'video');
  const audio = tracks.filter((t) => t.track.kind === 'audio');
  const other = tracks.find((t) => t.track.kind !== 'video' && t.track.kind !== 'audio');
  if (other) throw new MediaError('UNSUPPORTED', `track ${other.track.id}: expected video or audio in a TS segment, found ${other.track.kind}`, { subject: other.track.id });
  if (video.length > 1) throw new MediaError('UNSUPPORTED', `expected at most one video track in a TS segment, found ${video.length} (${video.map((t) => t.track.id).join(', ')})`);
  const streams: Stream[] = [];
  for (const { track, samples, decodeDelay } of video) {
    const config = track.config;
    if (config.codec !== 'avc' && config.codec !== 'hevc') {
      throw new MediaError('UNSUPPORTED', `track ${track.id}: expected H.264 or H.265 video, found ${config.codec}`, { subject: track.id });
    }
    const nals = config.codec === 'hevc' ? [...config.vps, ...config.sps, ...config.pps] : [...config.sps, ...config.pps];
    const parameterSets = new Uint8Array(nals.reduce((n, nal) => n + 4 + nal.byteLength, 0));
    let at = 0;
    for (const nal of nals) {
      parameterSets[at + 3] = 1; // start code 00 00 00 01
      parameterSets.set(nal, at + 4);
      at += 4 + nal.byteLength;
    }
    streams.push({ track, samples, pid: tsSegmentPids.video, streamId: 0xe0, codec: config.codec, carriesPcr: true, continuityCounter: 0, parameterSets, decodeDelay: decodeDelay ?? computeDecodeDelay(samples.map((s) => s.compositionOffset)) });
  }
  for (const [i, { track, samples }] of audio.entries()) {
    const config = track.config;
    const carriesPcr = video.length === 0 && i === 0;
    if (config.codec === 'ac3' || config.codec === 'ec3') {
      streams.push({
        track, samples, pid: tsSegmentPids.firstAudio + i, streamId: PRIVATE_STREAM_1, codec: config.codec,
        carriesPcr, continuityCounter: 0, parameterSets: new Uint8Array(0), decodeDelay: 0,
      });
      continue;
    }
    if (config.codec !== 'aac') throw new MediaError('UNSUPPORTED', `track ${track.id}: expected AAC, AC-3 or E-AC-3 audio, found ${config.codec}`, { subject: track.id });
    let adts: Stream['adts'];
    try {
      const asc = readAudioSpecificConfig(config.audioSpecificConfig);
      adts = { objectType: asc.objectType, samplingFrequencyIndex: asc.samplingFrequencyIndex, channelConfiguration: asc.channelConfiguration, frameLength: 7 };
      writeAdtsHeader(new Uint8Array(7), 0, adts); // rejects what ADTS cannot express before any writing
    } catch (e) {
      if (e instanceof MediaError) e.subject ??= track.id;
      throw e;
    }
    streams.push({
      track, samples, pid: tsSegmentPids.firstAudio + i, streamId: 0xc0 + i, codec: 'aac',
      carriesPcr, continuityCounter: 0, parameterSets: new Uint8Array(0), decodeDelay: 0, adts,
    });
  }
  return streams;
}

/** SAMPLE-AES: every stream's samples replaced by their encrypted form (H.264, AAC, AC-3 and E-AC-3; checked before any encryption). */
function encryptStreams(streams: Stream[], key: SampleAesKey): void {
  for (const s of streams) {
    if (s.codec === 'hevc') {
      throw new MediaError('UNSUPPORTED', `track ${s.track.id}: HLS SAMPLE-AES in MPEG-TS covers H.264 video and AAC, AC-3 and E-AC-3 audio, found H.265 (not part of SAMPLE-AES for MPEG-TS)`, { subject: s.track.id });
    }
  }
  for (const s of streams) s.samples = encryptSampleAesSamples(s.samples, { ...key, codec: s.codec as 'avc' | 'aac' | 'ac3' | 'ec3' });
}

function isAudio(stream: Stream): boolean {
  return stream.codec === 'aac' || stream.codec === 'ac3' || stream.codec === 'ec3';
}

/** stream_type and ES_info of a stream's PMT entry (ISO/IEC 13818-1 Table 2-34; ATSC A/52 Annex A, G). */
function pmtEntryOf(codec: Stream['codec']): { streamType: number; esInfo?: Uint8Array } {
  switch (codec) {
    case 'avc': return { streamType: StreamType.AVC };
    case 'hevc': return { streamType: StreamType.HEVC };
    case 'aac': return { streamType: StreamType.AAC_ADTS };
    default: return DOLBY_PMT[codec];
  }
}

function to90k(ticks: number, timescale: number): number {
  return Math.round((ticks * 90_000) / timescale);
}

function planVideo(stream: Stream, offset90k: number, units: Unit[]): void {
  const { samples, track, decodeDelay } = stream;
  const codec = stream.codec as 'avc' | 'hevc';
  const aud = AUD[codec].byteLength;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    const pts = to90k(s.decodeTime + s.compositionOffset, track.timescale) + offset90k;
    const dts = to90k(s.decodeTime - decodeDelay, track.timescale) + offset90k;
    if (pts < dts) {
      throw new MediaError('MALFORMED', `track ${track.id}: expected a decode delay of at least ${-s.compositionOffset} ticks for the sample at decode time ${s.decodeTime} (DTS <= PTS), found ${decodeDelay}`, { subject: track.id });
    }
    const es = aud + (s.isSync ? stream.parameterSets.byteLength : 0) + writeAnnexB(s.data, { codec });
    const pesLength = (pts === dts ? 14 : 19) + es;
    units.push({ stream, first: i, count: 1, pts, dts, pesLength, packets: countPesPackets(pesLength, { pcr: true, randomAccess: s.isSync }), keyframe: s.isSync });
  }
}

function planAudio(stream: Stream, offset90k: number, units: Unit[]): void {
  const { samples, track } = stream;
  // ADTS adds a 7-byte header to each raw AAC frame; Dolby samples are whole syncframes.
  const header = stream.codec === 'aac' ? 7 : 0;
  let i = 0;
  while (i < samples.length) {
    const first = i;
    const start = samples[first].decodeTime + samples[first].compositionOffset;
    let payload = 0;
    while (i < samples.length) {
      const s = samples[i];
      const frame = header + s.data.byteLength;
      if (header > 0 && frame > 0x1fff) {
        throw new MediaError('UNSUPPORTED', `track ${track.id}: expected an AAC frame of at most ${0x1fff - 7} bytes for ADTS, found ${s.data.byteLength} at decode time ${s.decodeTime}`, { subject: track.id });
      }
      if (i > first) {
        const prev = samples[i - 1];
        if (payload + frame > MAX_AUDIO_PES_PAYLOAD) break;
        // The PES carries one PTS; later frames are timed by their position, so a gap must start a new PES.
        if (s.decodeTime + s.compositionOffset !== prev.decodeTime + prev.compositionOffset + prev.duration) break;
        if (stream.carriesPcr && to90k(s.decodeTime + s.compositionOffset + s.duration - start, track.timescale) > MAX_PCR_INTERVAL_90K) break;
      }
      payload += frame;
      i++;
    }
    const pts = to90k(start, track.timescale) + offset90k;
    const pesLength = 14 + payload;
    units.push({ stream, first, count: i - first, pts, dts: pts, pesLength, packets: countPesPackets(pesLength, { pcr: stream.carriesPcr, randomAccess: true }), keyframe: false });
  }
}

function writeVideoPes(pes: Uint8Array, u: Unit): number {
  const s = u.stream;
  const sample = s.samples[u.first];
  let w = writePesHeader(pes, 0, {
    streamId: s.streamId,
    packetLength: u.pesLength - 6 <= 0xffff ? u.pesLength - 6 : 0,
    dataAlignmentIndicator: true,
    pts: u.pts,
    dts: u.pts === u.dts ? undefined : u.dts,
  });
  const aud = AUD[s.codec as 'avc' | 'hevc'];
  pes.set(aud, w);
  w += aud.byteLength;
  if (sample.isSync) {
    pes.set(s.parameterSets, w);
    w += s.parameterSets.byteLength;
  }
  w += writeAnnexB(sample.data, { codec: s.codec as 'avc' | 'hevc', target: pes, offset: w });
  return w;
}

function writeAudioPes(pes: Uint8Array, u: Unit): number {
  const s = u.stream;
  let w = writePesHeader(pes, 0, { streamId: s.streamId, packetLength: u.pesLength - 6, dataAlignmentIndicator: true, pts: u.pts });
  const adts = s.adts;
  for (let i = u.first; i < u.first + u.count; i++) {
    const data = s.samples[i].data;
    if (adts) {
      adts.frameLength = 7 + data.byteLength;
      w += writeAdtsHeader(pes, w, adts);
    }
    pes.set(data, w);
    w += data.byteLength;
  }
  return w;
}
