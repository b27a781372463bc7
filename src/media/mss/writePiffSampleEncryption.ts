import type { ByteWriter } from '../bytes/ByteWriter.ts';
import { MediaError } from '../errors/MediaError.ts';
import type { SampleEncryption } from '../cenc/SampleEncryption.ts';

/** The extended type of PIFF's SampleEncryptionBox (PIFF 1.1 5.3.2.1): A2394F52-5A9B-4F14-A244-6C427C648DF4. */
export const PIFF_SAMPLE_ENCRYPTION_UUID = Uint8Array.of(0xa2, 0x39, 0x4f, 0x52, 0x5a, 0x9b, 0x4f, 0x14, 0xa2, 0x44, 0x6c, 0x42, 0x7c, 0x64, 0x8d, 0xf4);

/** PIFF SampleEncryptionBox flags (PIFF 1.1 5.3.2.1): 0x2, each IV is followed by its subsample map. */
export const PIFF_USE_SUBSAMPLE_ENCRYPTION = 0x2;

/**
 * PIFF's SampleEncryptionBox (Protected Interoperable File Format 1.1,
 * 5.3.2.1), the box a Smooth Streaming fragment of PlayReady content
 * carries in its `traf`: a `uuid` full box with the extended type above,
 * then what ISO/IEC 23001-7 later called `senc`: sample_count, and per
 * sample its IV (the track's IV_size: 8 bytes for Smooth, which clients
 * assume, dash.js's Smooth support included) and, with flag 0x2 (video),
 * its subsample map (u16 count, then u16 clear and u32 encrypted byte
 * counts). Flag 0x1 (AlgorithmID, IV_size and KID overriding the track's) is
 * never set: a Smooth client takes those from the manifest's PlayReady
 * header.
 */
export function writePiffSampleEncryption(w: ByteWriter, entries: readonly SampleEncryption[]): void {
  const mapped = entries.length > 0 && entries[0].subsamples !== undefined;
  const start = w.beginBox('uuid');
  w.bytes(PIFF_SAMPLE_ENCRYPTION_UUID);
  w.u8(0).u24(mapped ? PIFF_USE_SUBSAMPLE_ENCRYPTION : 0);
  w.u32(entries.length);
  for (const entry of entries) {
    w.bytes(entry.iv);
    if ((entry.subsamples !== undefined) !== mapped) throw new MediaError('MALFORMED', 'PIFF SampleEncryptionBox: every entry must have a subsample map, or none');
    if (entry.subsamples) {
      w.u16(entry.subsamples.length);
      for (const s of entry.subsamples) {
        if (s.clearBytes > 0xffff) throw new MediaError('MALFORMED', `PIFF SampleEncryptionBox: BytesOfClearData is 16 bits, found ${s.clearBytes}`);
        w.u16(s.clearBytes).u32(s.protectedBytes);
      }
    }
  }
  w.endBox(start);
}
