import { BitWriter } from '../../bytes/BitWriter.ts';
import { readAc3SpecificBox } from './readAc3SpecificBox.ts';

/** Bytes of the header: syncinfo (5) and the start of bsi, as Apple's audio setup information carries for AC-3. */
const SETUP_BYTES = 10;
/** dialnorm 31: -31 dB, the reference level (A/52 5.4.2.8; 0 is reserved). */
const DIALNORM = 31;

/**
 * The first 10 bytes of an AC-3 syncframe (ATSC A/52 5.3: `syncinfo`, then
 * `bsi`) rebuilt from a stream's AC3SpecificBox (`dac3` payload, ETSI TS
 * 102 366 F.4), which copies those fields from the stream's first
 * syncframe: syncword 0x0B77, crc1 0 (readers of setup data do not check it),
 * fscod, frmsizecod = 2 × bit_rate_code, bsid, bsmod, acmod, the mix levels
 * acmod needs (0), lfeon, dialnorm -31 dB, no optional fields; zero-padded.
 * This is the `setup_data` of SAMPLE-AES audio setup information for AC-3
 * (Apple, "MPEG-2 Stream Encryption Format for HTTP Live Streaming" 2.3.4),
 * from which a player learns the sample rate, channels and bit rate without
 * probing encrypted frames. One value per stream, so every segment's PMT
 * is the same.
 */
export function writeAc3SetupHeader(dac3: Uint8Array): Uint8Array {
  const box = readAc3SpecificBox(dac3);
  const w = new BitWriter();
  w.bits(16, 0x0b77).bits(16, 0); // syncword, crc1
  w.bits(2, box.fscod).bits(6, box.bitRateCode * 2); // fscod, frmsizecod
  w.bits(5, box.bsid).bits(3, box.bsmod).bits(3, box.acmod);
  if ((box.acmod & 0x1) !== 0 && box.acmod !== 0x1) w.bits(2, 0); // cmixlev
  if ((box.acmod & 0x4) !== 0) w.bits(2, 0); // surmixlev
  if (box.acmod === 0x2) w.bits(2, 0); // dsurmod
  w.bits(1, box.lfeon);
  w.bits(5, DIALNORM).bits(1, 0).bits(1, 0).bits(1, 0); // dialnorm, compre, langcode, audprodie
  if (box.acmod === 0) w.bits(5, DIALNORM).bits(1, 0).bits(1, 0).bits(1, 0); // dual mono: dialnorm2, compr2e, langcod2e, audprodi2e
  w.bits(1, 0).bits(1, 1).bits(1, 0).bits(1, 0).bits(1, 0); // copyrightb, origbs, timecod1e, timecod2e, addbsie
  const bytes = w.finish();
  const out = new Uint8Array(SETUP_BYTES);
  out.set(bytes.subarray(0, SETUP_BYTES));
  return out;
}
