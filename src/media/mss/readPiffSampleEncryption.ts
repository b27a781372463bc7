import { ByteReader } from '../bytes/ByteReader.ts';
import { MediaError } from '../errors/MediaError.ts';
import type { BoxHeader } from '../isobmff/BoxHeader.ts';
import type { SampleEncryption } from '../cenc/SampleEncryption.ts';
import { PIFF_SAMPLE_ENCRYPTION_UUID, PIFF_USE_SUBSAMPLE_ENCRYPTION } from './writePiffSampleEncryption.ts';

/**
 * Reads a PIFF SampleEncryptionBox (PIFF 1.1 5.3.2.1) whose IVs are
 * `ivSize` bytes (the track's, as in `senc`; Smooth uses 8). Throws
 * MALFORMED for another `uuid` box, an override (flag 0x1) or bytes left over.
 */
export function readPiffSampleEncryption(bytes: Uint8Array, box: BoxHeader, ivSize: number): SampleEncryption[] {
  const usertype = bytes.subarray(box.contentStart - 16, box.contentStart);
  if (box.type !== 'uuid' || !usertype.every((b, i) => b === PIFF_SAMPLE_ENCRYPTION_UUID[i])) throw new MediaError('MALFORMED', 'not a PIFF SampleEncryptionBox');
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(1, 'PIFF SampleEncryptionBox version');
  const flags = r.u24('PIFF SampleEncryptionBox flags');
  if (flags & 0x1) throw new MediaError('UNSUPPORTED', 'PIFF SampleEncryptionBox: overriding the track encryption (flag 0x1) is not supported');
  const count = r.u32('PIFF sample_count');
  const entries: SampleEncryption[] = [];
  for (let i = 0; i < count; i++) {
    const entry: SampleEncryption = { iv: r.bytesView(ivSize, 'PIFF InitializationVector').slice() };
    if (flags & PIFF_USE_SUBSAMPLE_ENCRYPTION) {
      const n = r.u16('PIFF NumberOfEntries');
      entry.subsamples = [];
      for (let k = 0; k < n; k++) entry.subsamples.push({ clearBytes: r.u16('PIFF BytesOfClearData'), protectedBytes: r.u32('PIFF BytesOfEncryptedData') });
    }
    entries.push(entry);
  }
  if (r.remaining !== 0) throw new MediaError('MALFORMED', `PIFF SampleEncryptionBox: ${r.remaining} byte(s) left after ${count} entries with ${ivSize}-byte IVs`);
  return entries;
}
