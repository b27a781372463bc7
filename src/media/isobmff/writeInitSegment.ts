import { ByteWriter } from '../bytes/ByteWriter.ts';
import { readAudioSpecificConfig } from '../codecs/aac/readAudioSpecificConfig.ts';
import { readAvcSps } from '../codecs/avc/readAvcSps.ts';
import { readHevcSps } from '../codecs/hevc/readHevcSps.ts';
import { MediaError } from '../errors/MediaError.ts';
import type { Track } from '../model/Track.ts';
import { writeAudioSampleEntry } from './boxes/audioSampleEntry.ts';
import { ac3FormatOf } from '../codecs/ac3/ac3FormatOf.ts';
import { readAc3SpecificBox } from '../codecs/ac3/readAc3SpecificBox.ts';
import { readEc3SpecificBox } from '../codecs/ac3/readEc3SpecificBox.ts';
import { writeFtyp } from './boxes/ftyp.ts';
import { writeMoov } from './boxes/moov.ts';
import type { TrakContent } from './boxes/trak.ts';
import { writeVisualSampleEntry } from './boxes/visualSampleEntry.ts';
import { writeWvttSampleEntry } from './boxes/wvttSampleEntry.ts';
import { toMdhdLanguage } from './toMdhdLanguage.ts';
import { writeEncryptedSampleEntry } from './boxes/encryptedSampleEntry.ts';
import { writePssh, type Pssh } from './boxes/pssh.ts';
import type { TrackProtection } from '../cenc/TrackProtection.ts';
import { tencOf } from '../cenc/tencOf.ts';

/** track_enabled | track_in_movie (ISO/IEC 14496-12 8.3.2.3). */
const TKHD_FLAGS = 0x000003;

/**
 * A CMAF header (ISO/IEC 23000-19 7.3.1, 7.5) for one track: `ftyp` (major
 * `iso6`, compatible `iso6`,`cmfc` unless `brands` is given: its first entry
 * becomes the major brand) and `moov` with mvhd, trak and mvex/trex.
 * The sample entry comes from `track.config`: avc -> `avc1`+`avcC`,
 * hevc -> `hvc1`+`hvcC`, aac -> `mp4a`+`esds`, AC-3 -> `ac-3`+`dac3`,
 * E-AC-3 -> `ec-3`+`dec3` (ETSI TS 102 366 F.3-F.6), WebVTT -> `wvtt`+`vttC`
 * under a `text` handler (ISO/IEC 14496-30 7.2, 7.5). Video gets `pasp` when the SPS
 * sample aspect ratio is not 1:1 (and a tkhd width scaled by it), and `btrt`
 * from the track's measured bitrates.
 *
 * `parameterSetsInBand` writes `avc3`/`hev1` instead (ISO/IEC 14496-15
 * 5.4.2.1, 8.4.1.1): the samples then carry their parameter sets, so a
 * decoder may (re)configure from the segments alone (MediaPackage's
 * `includeEncoderConfigurationInSegments`). The avcC/hvcC still lists them,
 * which 14496-15 allows and players that ignore in-band sets rely on.
 *
 * `encryption` protects a video or audio track (ISO/IEC 23001-7 4.1, 8):
 * the sample entry becomes `encv`/`enca` with a `sinf` (frma, schm, schi
 * with tenc), and the `pssh` boxes follow the `trak`s inside `moov`. Text
 * tracks are never encrypted (MediaPackage leaves subtitles clear).
 */
export function writeInitSegment(
  track: Track,
  options: { trackId?: number; brands?: string[]; parameterSetsInBand?: boolean; encryption?: { protection: TrackProtection; pssh: readonly Pssh[] } } = {},
): Uint8Array {
  const trackId = options.trackId ?? 1;
  const brands = options.brands ?? ['iso6', 'cmfc'];
  const language = toMdhdLanguage(track.language);
  const config = track.config;
  let content: TrakContent;
  if (track.kind === 'video' && (config.codec === 'avc' || config.codec === 'hevc')) {
    const sps = config.sps[0];
    if (!sps) throw new MediaError('MALFORMED', `track ${track.id}: expected at least one SPS, found none`, { subject: track.id });
    const parsed = config.codec === 'avc' ? readAvcSps(sps) : readHevcSps(sps);
    const width = track.width ?? parsed.width;
    const height = track.height ?? parsed.height;
    const square = parsed.sarWidth === parsed.sarHeight;
    content = {
      kind: 'video',
      tkhd: { trackId, flags: TKHD_FLAGS, duration: 0, volume: 0, width: square ? width : Math.round((width * parsed.sarWidth) / parsed.sarHeight), height },
      mdhd: { timescale: track.timescale, duration: 0, language },
      hdlr: { handlerType: 'vide', name: 'VideoHandler' },
      writeSampleEntry: protect(options.encryption, 'video', sampleEntryFormat(config.codec, options.parameterSetsInBand === true), (w) =>
        writeVisualSampleEntry(w, {
          format: sampleEntryFormat(config.codec, options.parameterSetsInBand === true),
          width,
          height,
          config,
          pasp: square ? undefined : { hSpacing: parsed.sarWidth, vSpacing: parsed.sarHeight },
          btrt: { bufferSizeDB: 0, maxBitrate: track.peakBitsPerSecond, avgBitrate: track.averageBitsPerSecond },
        }),
      ),
    };
  } else if (track.kind === 'audio' && config.codec === 'aac') {
    const asc = readAudioSpecificConfig(config.audioSpecificConfig);
    const sampleRate = track.sampleRate ?? asc.extensionSampleRate ?? asc.sampleRate;
    // channelConfiguration 0 means "defined in the program config element"; 7 is 7.1 (8 channels).
    const channelCount = track.channels ?? (asc.channelConfiguration === 7 ? 8 : asc.channelConfiguration || 2);
    content = {
      kind: 'audio',
      tkhd: { trackId, flags: TKHD_FLAGS, duration: 0, volume: 0x0100, width: 0, height: 0 },
      mdhd: { timescale: track.timescale, duration: 0, language },
      hdlr: { handlerType: 'soun', name: 'SoundHandler' },
      writeSampleEntry: protect(options.encryption, 'audio', 'mp4a', (w) =>
        writeAudioSampleEntry(w, {
          format: 'mp4a',
          channelCount,
          sampleRate,
          esds: {
            objectTypeIndication: 0x40,
            streamType: 5,
            bufferSizeDB: 0,
            maxBitrate: track.peakBitsPerSecond,
            avgBitrate: track.averageBitsPerSecond,
            decoderSpecificInfo: config.audioSpecificConfig,
          },
        }),
      ),
    };
  } else if (track.kind === 'audio' && (config.codec === 'ac3' || config.codec === 'ec3')) {
    // ETSI TS 102 366 F.3/F.5: `ac-3` + `dac3`, `ec-3` + `dec3`; the rate and channels come from the config when the track lacks them.
    const format = ac3FormatOf(config);
    const sampleRate = track.sampleRate ?? format.sampleRate ?? track.timescale;
    const channelCount = track.channels ?? format.channels;
    const entry = config.codec === 'ac3' ? ({ format: 'ac-3', dac3: readAc3SpecificBox(config.dac3) } as const) : ({ format: 'ec-3', dec3: readEc3SpecificBox(config.dec3) } as const);
    content = {
      kind: 'audio',
      tkhd: { trackId, flags: TKHD_FLAGS, duration: 0, volume: 0x0100, width: 0, height: 0 },
      mdhd: { timescale: track.timescale, duration: 0, language },
      hdlr: { handlerType: 'soun', name: 'SoundHandler' },
      writeSampleEntry: protect(options.encryption, 'audio', entry.format, (w) => writeAudioSampleEntry(w, { ...entry, channelCount, sampleRate })),
    };
  } else if (track.kind === 'text' && config.codec === 'wvtt') {
    content = {
      kind: 'text',
      tkhd: { trackId, flags: TKHD_FLAGS, duration: 0, volume: 0, width: 0, height: 0 },
      mdhd: { timescale: track.timescale, duration: 0, language },
      hdlr: { handlerType: 'text', name: 'TextHandler' },
      writeSampleEntry: (w) => writeWvttSampleEntry(w),
    };
  } else {
    throw new MediaError('UNSUPPORTED', `track ${track.id}: expected a video avc/hevc, audio aac/ac3/ec3 or text wvtt track, found ${track.kind} ${config.codec}`, {
      subject: track.id,
    });
  }
  const w = new ByteWriter(1024);
  writeFtyp(w, { majorBrand: brands[0], minorVersion: 0, compatibleBrands: brands });
  const moovStart = w.length;
  writeMoov(w, [content]);
  // pssh boxes belong in the moov (ISO/IEC 23001-7 8.1.1): appended after mvex, then the moov size is patched.
  if (options.encryption && content.kind !== 'text' && options.encryption.pssh.length > 0) {
    for (const pssh of options.encryption.pssh) writePssh(w, pssh);
    w.patchU32(moovStart, w.length - moovStart);
  }
  return w.finish();
}

/** The sample entry writer, wrapped into an `encv`/`enca` entry when the track is encrypted. */
function protect(encryption: { protection: TrackProtection } | undefined, kind: 'video' | 'audio', format: string, write: (w: ByteWriter) => void): (w: ByteWriter) => void {
  if (!encryption) return write;
  const { protection } = encryption;
  return (w) => writeEncryptedSampleEntry(w, write, { kind, originalFormat: format, scheme: protection.scheme, tenc: tencOf(protection) });
}

function sampleEntryFormat(codec: 'avc' | 'hevc', inBand: boolean): 'avc1' | 'avc3' | 'hvc1' | 'hev1' {
  if (codec === 'avc') return inBand ? 'avc3' : 'avc1';
  return inBand ? 'hev1' : 'hvc1';
}
