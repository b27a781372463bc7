import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { BoxHeader } from '../BoxHeader.ts';
import type { SampleEncryption } from '../../cenc/SampleEncryption.ts';
import { hexFromBytes } from '../../cenc/hexFromBytes.ts';

/** `senc` flags (ISO/IEC 23001-7 7.2.1): subsample maps follow each IV. */
export const SENC_USE_SUBSAMPLE_ENCRYPTION = 0x000002;

/** Size in bytes of one `senc` entry: the IV, plus a 2-byte count and 6 bytes a subsample when mapped. */
export function sencEntrySize(entry: SampleEncryption): number {
  return entry.iv.byteLength + (entry.subsamples ? 2 + 6 * entry.subsamples.length : 0);
}

/**
 * SampleEncryptionBox (ISO/IEC 23001-7 7.2) in a track fragment: per sample,
 * the IV (per-sample IV size from `tenc`; none with a constant IV) and, when
 * `subsamples` is set on the entries (video), the subsample map. The entries
 * of one box either all have subsamples or none do (one flag for the box).
 * Returns the offset in `w` of the first entry, for `saio`.
 */
export function writeSenc(w: ByteWriter, entries: readonly SampleEncryption[]): number {
  const mapped = entries.length > 0 && entries[0].subsamples !== undefined;
  const start = w.beginFullBox('senc', 0, mapped ? SENC_USE_SUBSAMPLE_ENCRYPTION : 0);
  w.u32(entries.length);
  const first = w.length;
  for (const entry of entries) {
    w.bytes(entry.iv);
    if ((entry.subsamples !== undefined) !== mapped) throw new MediaError('MALFORMED', 'senc: every entry must have a subsample map, or none');
    if (entry.subsamples) {
      w.u16(entry.subsamples.length);
      for (const s of entry.subsamples) {
        if (s.clearBytes > 0xffff) throw new MediaError('MALFORMED', `senc: BytesOfClearData is 16 bits, found ${s.clearBytes}`);
        w.u16(s.clearBytes).u32(s.protectedBytes);
      }
    }
  }
  w.endBox(start);
  return first;
}

/**
 * Reads a `senc` box. The IV size is not in the box: it is the track's
 * `tenc` default_Per_Sample_IV_Size (ISO/IEC 23001-7 7.2.1).
 */
export function readSenc(bytes: Uint8Array, box: BoxHeader, perSampleIvSize: number): SampleEncryption[] {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(1, 'senc version');
  const flags = r.u24('senc flags');
  if (flags & 0x000001) throw new MediaError('UNSUPPORTED', 'senc: override TrackEncryptionBox parameters (flag 0x1) is not supported');
  const count = r.u32('senc sample_count');
  const entries: SampleEncryption[] = [];
  for (let i = 0; i < count; i++) {
    const entry: SampleEncryption = { iv: r.bytesView(perSampleIvSize, 'senc InitializationVector').slice() };
    if (flags & SENC_USE_SUBSAMPLE_ENCRYPTION) {
      const n = r.u16('senc subsample_count');
      entry.subsamples = [];
      for (let k = 0; k < n; k++) entry.subsamples.push({ clearBytes: r.u16('senc BytesOfClearData'), protectedBytes: r.u32('senc BytesOfProtectedData') });
    }
    entries.push(entry);
  }
  if (r.remaining !== 0) throw new MediaError('MALFORMED', `senc: ${r.remaining} byte(s) left after ${count} entries with ${perSampleIvSize}-byte IVs`);
  return entries;
}

/**
 * The per-sample IV size a `senc` box was written with, when the `tenc` is
 * not at hand (dumps): the size among 0, 8 and 16 that reads the box exactly.
 */
export function inferSencIvSize(bytes: Uint8Array, box: BoxHeader): number {
  for (const size of [0, 8, 16]) {
    try {
      readSenc(bytes, box, size);
      return size;
    } catch (e) {
      if (!(e instanceof MediaError)) throw e;
    }
  }
  throw new MediaError('MALFORMED', 'senc: no IV size of 0, 8 or 16 bytes reads the box exactly');
}

/** One line per sample: `#0 iv=... subsamples=clear/protected,...`. */
export function describeSenc(entries: readonly SampleEncryption[]): string {
  const lines = [`samples=${entries.length}`];
  entries.forEach((e, i) => {
    const parts = [`#${i}`];
    if (e.iv.byteLength > 0) parts.push(`iv=${hexFromBytes(e.iv)}`);
    if (e.subsamples) parts.push(`subsamples=${e.subsamples.map((s) => `${s.clearBytes}/${s.protectedBytes}`).join(',')}`);
    lines.push(`  ${parts.join(' ')}`);
  });
  return lines.join('\n');
}
