import { readAudioSpecificConfig } from '../codecs/aac/readAudioSpecificConfig.ts';
import { ac3FormatOf } from '../codecs/ac3/ac3FormatOf.ts';
import { readEc3SpecificBox } from '../codecs/ac3/readEc3SpecificBox.ts';
import { MediaError } from '../errors/MediaError.ts';
import { escapeXmlAttribute } from '../dash/escapeXmlAttribute.ts';
import { base64FromBytes } from '../bytes/base64.ts';
import type { Presentation } from '../model/Presentation.ts';
import type { Track } from '../model/Track.ts';
import { planSmoothStreams, type SmoothStream } from './planSmoothStreams.ts';
import { writeSmoothCodecPrivateData } from './writeSmoothCodecPrivateData.ts';

/** MS-SSTR 2.2.2.1: `TimeScale` defaults to 10 000 000 (100 ns ticks). */
const DEFAULT_TIME_SCALE = 10_000_000;

/**
 * Writes a Smooth Streaming client manifest (MS-SSTR 2.2.2 Manifest
 * Response) for on-demand playback of a presentation:
 *
 * - `SmoothStreamingMedia` (2.2.2.1) `MajorVersion="2" MinorVersion="2"`,
 *   `Duration` in `TimeScale` ticks (default 10 MHz, Smooth's usual clock).
 * - One `StreamIndex` (2.2.2.3) per stream of `planSmoothStreams`: `Type`,
 *   `Name`, `Language` (audio), `Chunks`, `QualityLevels`,
 *   `Url="QualityLevels({bitrate})/Fragments(<name>={start time})"`, the
 *   stream's own `TimeScale`, and for video `MaxWidth`/`MaxHeight`/
 *   `DisplayWidth`/`DisplayHeight` (the largest level).
 * - One `QualityLevel` (2.2.2.5) per track: `Index`, `Bitrate` (unique in the
 *   stream), `FourCC` (`H264`; `HVC1`/`HEV1` after the codec string; `AACL`,
 *   or `AACH` for HE-AAC; `EC-3`), `CodecPrivateData`; video `MaxWidth`/`MaxHeight`;
 *   audio `SamplingRate`, `Channels`, `BitsPerSample="16"`, `PacketSize="4"`,
 *   `AudioTag="255"` (the values IIS writes for AAC; E-AC-3 gets
 *   `AudioTag="65534"`, WAVE_FORMAT_EXTENSIBLE, and the access unit size as
 *   `PacketSize`, as Bento4 writes it). AC-3 tracks are not planned
 *   (`planSmoothStreams`: MS-SSTR has no AC-3 format); one passed in throws UNSUPPORTED.
 * - One `<c t d>` (2.2.2.6 StreamFragmentElement) per fragment, each with an
 *   explicit `t`: a client that has to infer the first `t` asks for wrong
 *   fragment times, and explicit times cost little in a VOD manifest.
 * - `protection`: a `Protection` element (2.2.2.2) before the streams, one
 *   `ProtectionHeader` per DRM system with its `SystemID` (upper-case GUID,
 *   as IIS writes it) and its header in base64: for PlayReady the PlayReady
 *   Object, from which clients take the KID and license URL.
 *
 * Why a per-stream `TimeScale` instead of rescaling to 10 MHz: 90 kHz video
 * times and 1024-sample AAC frames at 44.1/48 kHz do not map to whole 100 ns
 * ticks (3000/90000 s = 333333.3 ticks), so rescaled `t`, `d` and sample
 * durations would have to be rounded and would no longer add up to the
 * fragments' real times. `StreamIndex@TimeScale` is part of MS-SSTR
 * (2.2.2.3 `StreamTimeScale`), and dash.js's MSS plugin uses it for the
 * segment timeline and for the `mdhd` timescale of the `moov` it builds, so
 * fragment times, manifest times and sample durations are all exact.
 * dash.js subtracts the smallest first `t` of all streams as a timestamp
 * offset without converting between stream timescales; Kinora's timelines
 * start at 0 for the earliest track, so that offset is 0 and never mixes units.
 */
export function writeSmoothManifest(
  presentation: Presentation,
  options: { timeScale?: number; streams?: readonly SmoothStream[]; protection?: readonly { systemId: string; header: Uint8Array }[] } = {},
): string {
  const timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
  const streams = options.streams ?? planSmoothStreams(presentation);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="${Math.round(presentation.durationSeconds * timeScale)}" TimeScale="${timeScale}">`,
  ];
  if (options.protection && options.protection.length > 0) {
    out.push('  <Protection>');
    for (const p of options.protection) out.push(`    <ProtectionHeader SystemID="${p.systemId.toUpperCase()}">${base64FromBytes(p.header)}</ProtectionHeader>`);
    out.push('  </Protection>');
  }
  for (const stream of streams) {
    const tracks = stream.qualityLevels.map((level) => level.timeline.track);
    let attributes = `Type="${stream.kind}" Name="${escapeXmlAttribute(stream.name)}"`;
    const language = stream.set.language ?? tracks.find((track) => track.language !== undefined)?.language;
    // Text streams: Subtype SUBT (subtitles) as IIS writes for TTML (MS-SSTR 2.2.2.3 Subtype).
    if (stream.kind === 'text') attributes += ' Subtype="SUBT"';
    if (stream.kind !== 'video' && language !== undefined) attributes += ` Language="${escapeXmlAttribute(language)}"`;
    attributes +=
      ` Chunks="${stream.fragments.length}" QualityLevels="${stream.qualityLevels.length}"` +
      ` Url="${escapeXmlAttribute(`QualityLevels({bitrate})/Fragments(${stream.name}={start time})`)}" TimeScale="${stream.timescale}"`;
    if (stream.kind === 'video') {
      const width = Math.max(0, ...tracks.map((track) => track.width ?? 0));
      const height = Math.max(0, ...tracks.map((track) => track.height ?? 0));
      if (width > 0 && height > 0) attributes += ` MaxWidth="${width}" MaxHeight="${height}" DisplayWidth="${width}" DisplayHeight="${height}"`;
    }
    out.push(`  <StreamIndex ${attributes}>`);
    for (const level of stream.qualityLevels) {
      out.push(`    <QualityLevel Index="${level.index}" Bitrate="${level.bitrate}" ${qualityLevelAttributes(level.timeline.track)}/>`);
    }
    for (const fragment of stream.fragments) out.push(`    <c t="${fragment.startTime}" d="${fragment.duration}"/>`);
    out.push('  </StreamIndex>');
  }
  out.push('</SmoothStreamingMedia>', '');
  return out.join('\n');
}

function qualityLevelAttributes(track: Track): string {
  if (track.kind === 'text') return 'FourCC="TTML" CodecPrivateData=""';
  if (track.config.codec === 'ac3') {
    throw new MediaError(
      'UNSUPPORTED',
      `track ${track.id}: Smooth Streaming cannot carry AC-3 (MS-SSTR defines no AC-3 FourCC or CodecPrivateData); play it over DASH or HLS`,
      { subject: track.id },
    );
  }
  const codecPrivateData = `CodecPrivateData="${writeSmoothCodecPrivateData(track.config)}"`;
  if (track.config.codec === 'ec3') {
    // WAVE_FORMAT_EXTENSIBLE as Bento4 writes Dolby Digital Plus: PacketSize is the bytes of one 1536-sample access unit at the dec3 data rate.
    const format = ac3FormatOf(track.config);
    const sampleRate = track.sampleRate ?? format.sampleRate ?? track.timescale;
    const packetSize = Math.round((readEc3SpecificBox(track.config.dec3).dataRate * 1000 * 1536) / sampleRate / 8);
    return `FourCC="EC-3" SamplingRate="${sampleRate}" Channels="${track.channels ?? format.channels}" BitsPerSample="16" PacketSize="${packetSize}" AudioTag="65534" ${codecPrivateData}`;
  }
  if (track.config.codec === 'aac') {
    let sampleRate = track.sampleRate;
    let channels = track.channels;
    if (sampleRate === undefined || channels === undefined) {
      const asc = readAudioSpecificConfig(track.config.audioSpecificConfig);
      sampleRate ??= asc.extensionSampleRate ?? asc.sampleRate;
      channels ??= asc.channelConfiguration;
    }
    const fourCC = /^mp4a\.40\.(5|29)$/.test(track.codecString) ? 'AACH' : 'AACL';
    return `FourCC="${fourCC}" SamplingRate="${sampleRate}" Channels="${channels}" BitsPerSample="16" PacketSize="4" AudioTag="255" ${codecPrivateData}`;
  }
  const fourCC = track.config.codec === 'hevc' ? (track.codecString.startsWith('hev1') ? 'HEV1' : 'HVC1') : 'H264';
  const size = track.width !== undefined && track.height !== undefined ? ` MaxWidth="${track.width}" MaxHeight="${track.height}"` : '';
  return `FourCC="${fourCC}"${size} ${codecPrivateData}`;
}
