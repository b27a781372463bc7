import { BitReader } from '../../bytes/BitReader.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { Ac3FrameHeader } from './Ac3FrameHeader.ts';
import { ac3BitRates } from './ac3BitRates.ts';
import { ac3FrameSize } from './ac3FrameSize.ts';
import { ac3SampleRates } from './ac3SampleRates.ts';
import { eac3ReducedSampleRates } from './eac3ReducedSampleRates.ts';

export type { Ac3FrameHeader } from './Ac3FrameHeader.ts';

/** numblkscod -> audio blocks per syncframe (A/52 Annex E Table E.1.3). */
const EAC3_BLOCKS = [1, 2, 3, 6];

/**
 * Reads the syncframe header at `offset`: `syncinfo()` and `bsi()` up to the
 * fields Kinora needs (ATSC A/52 5.3.1-5.3.2, 5.4.1-5.4.2; Annex E
 * E.1.2.1-E.1.2.2, E.1.3.1). bsid (5 bits at byte 5 in both syntaxes) tells
 * the two apart: 0..8 is AC-3, 11..16 E-AC-3 (A/52 E.1.3.1.6); 9 and 10
 * (AC-3 at half and quarter rate) are refused as UNSUPPORTED.
 *
 * For E-AC-3 the BSI is walked through the mixing metadata to reach bsmod in
 * the informational metadata (`dec3` carries it, ETSI TS 102 366 F.6.2.6),
 * and a dependent substream's custom channel map is kept (`chanmap`, for the
 * `dec3` chan_loc). Errors carry `offset`: MALFORMED for a missing syncword
 * or a reserved code, TRUNCATED when the header runs past `bytes`.
 */
export function readAc3FrameHeader(bytes: Uint8Array, offset: number): Ac3FrameHeader {
  if (offset + 6 > bytes.byteLength) {
    throw new MediaError('TRUNCATED', `expected an AC-3 syncframe header at offset ${offset}, found ${Math.max(0, bytes.byteLength - offset)} byte(s)`, { offset });
  }
  if (bytes[offset] !== 0x0b || bytes[offset + 1] !== 0x77) {
    const found = `0x${bytes[offset].toString(16).padStart(2, '0')}${bytes[offset + 1].toString(16).padStart(2, '0')}`;
    throw new MediaError('MALFORMED', `expected the AC-3 syncword 0x0B77 at offset ${offset}, found ${found}`, { offset });
  }
  const bsid = bytes[offset + 5] >> 3;
  try {
    if (bsid <= 8) return readAc3(bytes, offset);
    if (bsid >= 11 && bsid <= 16) return readEac3(bytes, offset);
  } catch (e) {
    if (e instanceof MediaError && e.offset === undefined) {
      e.offset = offset;
      e.message = `${e.message} (AC-3 syncframe header at offset ${offset})`;
    }
    throw e;
  }
  throw new MediaError('UNSUPPORTED', `expected bsid 0..8 (AC-3) or 11..16 (E-AC-3) at offset ${offset}, found ${bsid}`, { offset });
}

/** A/52 5.3.1 syncinfo + 5.3.2 bsi up to lfeon. */
function readAc3(bytes: Uint8Array, offset: number): Ac3FrameHeader {
  const fscod = bytes[offset + 4] >> 6;
  const frmsizecod = bytes[offset + 4] & 0x3f;
  const frameSize = ac3FrameSize(fscod, frmsizecod);
  if (fscod === 3 || frameSize === undefined) {
    throw new MediaError('MALFORMED', `expected an AC-3 fscod 0..2 and frmsizecod 0..37 at offset ${offset}, found ${fscod} and ${frmsizecod}`, { offset });
  }
  const r = new BitReader(bytes.subarray(offset + 5, Math.min(bytes.byteLength, offset + 8)));
  const bsid = r.bits(5);
  const bsmod = r.bits(3);
  const acmod = r.bits(3);
  if (acmod & 1 && acmod !== 1) r.skipBits(2); // cmixlev: three front channels
  if (acmod & 4) r.skipBits(2); // surmixlev: a surround channel exists
  if (acmod === 2) r.skipBits(2); // dsurmod
  const lfeon = r.bit();
  return {
    kind: 'ac3', frameSize, fscod, sampleRate: ac3SampleRates[fscod], bsid, bsmod, acmod, lfeon, frmsizecod,
    strmtyp: 0, substreamid: 0, blocks: 6, bitRate: ac3BitRates[frmsizecod >> 1] * 1000,
  };
}

/** A/52 Annex E E.1.2.1 syncinfo + E.1.2.2 bsi up to bsmod. */
function readEac3(bytes: Uint8Array, offset: number): Ac3FrameHeader {
  const b2 = bytes[offset + 2];
  const strmtyp = b2 >> 6;
  const substreamid = (b2 >> 3) & 7;
  const frameSize = ((((b2 & 7) << 8) | bytes[offset + 3]) + 1) * 2;
  if (strmtyp === 3) throw new MediaError('MALFORMED', `expected an E-AC-3 strmtyp 0..2 at offset ${offset}, found 3 (reserved)`, { offset });
  const r = new BitReader(bytes.subarray(offset + 4, Math.min(bytes.byteLength, offset + frameSize)));
  const fscod = r.bits(2);
  let fscod2: number | undefined;
  let blocks = 6;
  let sampleRate: number;
  if (fscod === 3) {
    fscod2 = r.bits(2);
    if (fscod2 === 3) throw new MediaError('MALFORMED', `expected an E-AC-3 fscod2 0..2 at offset ${offset}, found 3 (reserved)`, { offset });
    sampleRate = eac3ReducedSampleRates[fscod2];
  } else {
    blocks = EAC3_BLOCKS[r.bits(2)];
    sampleRate = ac3SampleRates[fscod];
  }
  const acmod = r.bits(3);
  const lfeon = r.bit();
  const bsid = r.bits(5);
  const header: Ac3FrameHeader = {
    kind: 'eac3', frameSize, fscod, sampleRate, bsid, bsmod: 0, acmod, lfeon, strmtyp, substreamid, blocks,
    bitRate: Math.round((frameSize * 8 * sampleRate) / (blocks * 256)),
  };
  if (fscod2 !== undefined) header.fscod2 = fscod2;
  // dialnorm, compre [compr], and again for the second channel of 1+1 (acmod 0).
  for (let i = 0; i < (acmod === 0 ? 2 : 1); i++) {
    r.skipBits(5);
    if (r.bool()) r.skipBits(8);
  }
  if (strmtyp === 1 && r.bool()) header.chanmap = r.bits(16); // chanmape, chanmap
  if (r.bool()) skipMixingMetadata(r, header);
  if (r.bool()) header.bsmod = r.bits(3); // infomdate, bsmod
  return header;
}

/** E.1.2.2 `if (mixmdate) {...}`: read past the mixing metadata, which Kinora passes through untouched. */
function skipMixingMetadata(r: BitReader, h: Ac3FrameHeader): void {
  const { acmod } = h;
  if (acmod > 2) r.skipBits(2); // dmixmod
  if (acmod & 1 && acmod > 2) r.skipBits(6); // ltrtcmixlev, lorocmixlev
  if (acmod & 4) r.skipBits(6); // ltrtsurmixlev, lorosurmixlev
  if (h.lfeon && r.bool()) r.skipBits(5); // lfemixlevcode, lfemixlevcod
  if (h.strmtyp !== 0) return;
  for (let i = 0; i < (acmod === 0 ? 2 : 1); i++) if (r.bool()) r.skipBits(6); // pgmscle, pgmscl (and pgmscl2)
  if (r.bool()) r.skipBits(6); // extpgmscle, extpgmscl
  const mixdef = r.bits(2);
  if (mixdef === 1) r.skipBits(5); // premixcmpsel, drcsrc, premixcmpscl
  else if (mixdef === 2) r.skipBits(12); // mixdata
  else if (mixdef === 3) r.skipBits(8 * (r.bits(5) + 2)); // mixdeflen, mixdata
  if (acmod < 2) {
    for (let i = 0; i < (acmod === 0 ? 2 : 1); i++) if (r.bool()) r.skipBits(14); // paninfoe, panmean, paninfo (and 2)
  }
  if (r.bool()) {
    // frmmixcfginfoe: one blkmixcfginfo per block; a one-block frame has no per-block flag.
    for (let blk = 0; blk < h.blocks; blk++) if (h.blocks === 1 || r.bool()) r.skipBits(5);
  }
}
