import { readAudioSpecificConfig } from '../codecs/aac/readAudioSpecificConfig.ts';
import { aacCodecString } from '../codecs/aac/aacCodecString.ts';
import { avcCodecString } from '../codecs/avc/avcCodecString.ts';
import { readAvcSps } from '../codecs/avc/readAvcSps.ts';
import { hevcCodecString } from '../codecs/hevc/hevcCodecString.ts';
import { readHevcSps } from '../codecs/hevc/readHevcSps.ts';
import { MediaError } from '../errors/MediaError.ts';
import type { MediaKind } from '../model/Track.ts';
import type { BoxHeader } from './BoxHeader.ts';
import { readAudioSampleEntry } from './boxes/audioSampleEntry.ts';
import { ac3CodecString } from '../codecs/ac3/ac3CodecString.ts';
import { ac3FormatOf } from '../codecs/ac3/ac3FormatOf.ts';
import { readAvcC } from './boxes/avcC.ts';
import { readEsds } from './boxes/esds.ts';
import { readHdlr } from './boxes/hdlr.ts';
import { readHvcC } from './boxes/hvcC.ts';
import { readMdhd } from './boxes/mdhd.ts';
import { readTkhd } from './boxes/tkhd.ts';
import type { Trex } from './boxes/trex.ts';
import { readTrex } from './boxes/trex.ts';
import { readVisualSampleEntry } from './boxes/visualSampleEntry.ts';
import { findBox } from './findBox.ts';
import { readElst } from './boxes/elst.ts';
import { fromMdhdLanguage } from './fromMdhdLanguage.ts';
import type { InitSegmentInfo, InitTrackInfo } from './InitSegmentInfo.ts';
import { iterateBoxes } from './iterateBoxes.ts';

/** objectTypeIndication values whose DecoderSpecificInfo is an AudioSpecificConfig: MPEG-4 audio, MPEG-2 AAC Main/LC/SSR (ISO/IEC 14496-1 Table 5). */
const AAC_OBJECT_TYPES = new Set([0x40, 0x66, 0x67, 0x68]);

function need(bytes: Uint8Array, parent: BoxHeader, type: string, skip = 0): BoxHeader {
  const box = findBox(bytes, parent, type, skip);
  if (!box) throw new MediaError('MALFORMED', `expected a '${type}' box in '${parent.type}' at offset ${parent.start}, found none`, { offset: parent.start });
  return box;
}

function kindOf(handlerType: string): MediaKind | undefined {
  if (handlerType === 'vide') return 'video';
  if (handlerType === 'soun') return 'audio';
  if (handlerType === 'text' || handlerType === 'subt' || handlerType === 'sbtl' || handlerType === 'clcp') return 'text';
  return undefined;
}

function readTrak(bytes: Uint8Array, trak: BoxHeader, trex: Map<number, Trex>): InitTrackInfo {
  const tkhd = readTkhd(bytes, need(bytes, trak, 'tkhd'));
  const mdia = need(bytes, trak, 'mdia');
  const mdhd = readMdhd(bytes, need(bytes, mdia, 'mdhd'));
  const hdlr = readHdlr(bytes, need(bytes, mdia, 'hdlr'));
  const stsd = need(bytes, need(bytes, need(bytes, mdia, 'minf'), 'stbl'), 'stsd');
  // stsd: version, flags and entry_count precede the entries; the first entry describes every sample Kinora reads.
  const [entry] = iterateBoxes(bytes, stsd.contentStart + 8, stsd.end);
  if (!entry) throw new MediaError('MALFORMED', `track ${tkhd.trackId}: expected a sample entry in 'stsd', found none`);
  const t = trex.get(tkhd.trackId);
  const edts = findBox(bytes, trak, 'edts');
  const elst = edts && findBox(bytes, edts, 'elst');
  // The first non-empty edit says which media time is presented first (B-frame delay, AAC priming).
  const editMediaTime = elst ? (readElst(bytes, elst).find((e) => e.mediaTime >= 0)?.mediaTime ?? 0) : 0;
  const base = {
    trackId: tkhd.trackId,
    editMediaTime,
    timescale: mdhd.timescale,
    sampleEntry: entry.type,
    language: fromMdhdLanguage(mdhd.language),
    defaults: {
      sampleDescriptionIndex: t?.sampleDescriptionIndex ?? 1,
      sampleDuration: t?.sampleDuration ?? 0,
      sampleSize: t?.sampleSize ?? 0,
      sampleFlags: t?.sampleFlags ?? 0,
    },
  };
  const kind = kindOf(hdlr.handlerType);
  if ((entry.type === 'avc1' || entry.type === 'avc3') && kind === 'video') {
    const ve = readVisualSampleEntry(bytes, entry);
    const avcC = readAvcC(bytes, need(bytes, entry, 'avcC', ve.childrenStart - entry.contentStart));
    if (avcC.sps.length === 0) throw new MediaError('MALFORMED', `track ${tkhd.trackId}: expected an SPS in 'avcC', found none`);
    const sps = readAvcSps(avcC.sps[0]);
    return {
      ...base,
      kind,
      config: { codec: 'avc', sps: avcC.sps, pps: avcC.pps },
      codecString: entry.type + avcCodecString(avcC.sps[0]).slice(4),
      width: sps.width,
      height: sps.height,
      nalLengthSize: avcC.nalLengthSize,
    };
  }
  if ((entry.type === 'hvc1' || entry.type === 'hev1') && kind === 'video') {
    const ve = readVisualSampleEntry(bytes, entry);
    const hvcC = readHvcC(bytes, need(bytes, entry, 'hvcC', ve.childrenStart - entry.contentStart));
    if (hvcC.sps.length === 0) throw new MediaError('MALFORMED', `track ${tkhd.trackId}: expected an SPS in 'hvcC', found none`);
    const sps = readHevcSps(hvcC.sps[0]);
    return {
      ...base,
      kind,
      config: { codec: 'hevc', vps: hvcC.vps, sps: hvcC.sps, pps: hvcC.pps },
      codecString: hevcCodecString(hvcC.sps[0], entry.type),
      width: sps.width,
      height: sps.height,
      nalLengthSize: hvcC.nalLengthSize,
    };
  }
  if (entry.type === 'mp4a' && kind === 'audio') {
    const ae = readAudioSampleEntry(bytes, entry);
    const esds = readEsds(bytes, need(bytes, entry, 'esds', ae.childrenStart - entry.contentStart));
    if (!AAC_OBJECT_TYPES.has(esds.objectTypeIndication)) {
      throw new MediaError('UNSUPPORTED', `track ${tkhd.trackId}: expected AAC in 'mp4a' (objectTypeIndication 0x40), found 0x${esds.objectTypeIndication.toString(16)}`);
    }
    const asc = readAudioSpecificConfig(esds.decoderSpecificInfo);
    const channels = asc.channelConfiguration === 0 ? ae.channelCount : asc.channelConfiguration === 7 ? 8 : asc.channelConfiguration;
    return {
      ...base,
      kind,
      config: { codec: 'aac', audioSpecificConfig: esds.decoderSpecificInfo.slice() },
      // Explicitly signalled HE-AAC (v2) is announced as such (mp4a.40.5 / .29) at its SBR output rate.
      codecString: aacCodecString(asc.extensionObjectType ?? asc.objectType),
      sampleRate: asc.extensionSampleRate ?? asc.sampleRate,
      channels,
    };
  }
  if ((entry.type === 'ac-3' || entry.type === 'ec-3') && kind === 'audio') {
    const ae = readAudioSampleEntry(bytes, entry);
    const child = entry.type === 'ac-3' ? 'dac3' : 'dec3';
    const box = need(bytes, entry, child, ae.childrenStart - entry.contentStart);
    const payload = bytes.slice(box.contentStart, box.end);
    const config = entry.type === 'ac-3' ? { codec: 'ac3' as const, dac3: payload } : { codec: 'ec3' as const, dec3: payload };
    const format = ac3FormatOf(config);
    // ETSI TS 102 366 F.3/F.5: the sample entry's samplerate is the stream's; dec3 cannot name E-AC-3 reduced rates.
    return { ...base, kind, config, codecString: ac3CodecString(config.codec), sampleRate: format.sampleRate ?? ae.sampleRate, channels: format.channels };
  }
  if (entry.type === 'wvtt' && kind === 'text') {
    // ISO/IEC 14496-30 7.5: the configuration is the vttC header text; nothing to decode.
    return { ...base, kind, config: { codec: 'wvtt' }, codecString: 'wvtt' };
  }
  throw new MediaError(
    'UNSUPPORTED',
    `track ${tkhd.trackId}: expected sample entry avc1, avc3, hvc1, hev1, mp4a, ac-3, ec-3 or wvtt, found '${entry.type}' (handler '${hdlr.handlerType}')`,
  );
}

/**
 * Reads the tracks of an fMP4 header (ISO/IEC 14496-12 8.2 moov, 8.8.3 trex):
 * timescale, codec configuration and string, picture size or audio format,
 * language and fragment defaults. Handles `avc1`/`avc3`, `hvc1`/`hev1`,
 * AAC in `mp4a`, AC-3 in `ac-3` + `dac3` and E-AC-3 in `ec-3` + `dec3`
 * (ETSI TS 102 366 F.3-F.6), and WebVTT in `wvtt`; any other sample entry
 * throws `UNSUPPORTED` naming it.
 * The audio sample rate comes from the AudioSpecificConfig, since the 16.16
 * samplerate field of the sample entry cannot hold rates above 65535 Hz.
 */
export function readInitSegment(bytes: Uint8Array): InitSegmentInfo {
  const seen: string[] = [];
  let moov: BoxHeader | undefined;
  for (const box of iterateBoxes(bytes)) {
    seen.push(box.type);
    if (box.type === 'moov') {
      moov = box;
      break;
    }
  }
  if (!moov) throw new MediaError('MALFORMED', `expected a 'moov' box in the init segment, found [${seen.join(', ')}]`);
  const trex = new Map<number, Trex>();
  const mvex = findBox(bytes, moov, 'mvex');
  if (mvex) {
    for (const box of iterateBoxes(bytes, mvex.contentStart, mvex.end)) {
      if (box.type === 'trex') {
        const t = readTrex(bytes, box);
        trex.set(t.trackId, t);
      }
    }
  }
  const tracks: InitTrackInfo[] = [];
  for (const box of iterateBoxes(bytes, moov.contentStart, moov.end)) {
    if (box.type === 'trak') tracks.push(readTrak(bytes, box, trex));
  }
  return { tracks };
}
