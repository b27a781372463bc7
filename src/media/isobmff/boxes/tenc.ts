import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { BoxHeader } from '../BoxHeader.ts';
import { hexFromBytes } from '../../cenc/hexFromBytes.ts';

/** TrackEncryptionBox fields (ISO/IEC 23001-7 8.2). */
export interface Tenc {
  /** 0, or 1 when a pattern is given (`cbcs`, `cens`). */
  version: number;
  /** Pattern (version 1): encrypted and skipped 16-byte blocks, e.g. 1 and 9 for `cbcs` video. */
  defaultCryptByteBlock: number;
  defaultSkipByteBlock: number;
  defaultIsProtected: boolean;
  /** 0, 8 or 16; 0 means every sample uses `defaultConstantIv`. */
  defaultPerSampleIvSize: number;
  defaultKid: Uint8Array;
  defaultConstantIv?: Uint8Array;
}

/**
 * TrackEncryptionBox (ISO/IEC 23001-7 8.2): the track's default key ID, IV
 * size and, for `cbcs`, the 1:9 pattern (version 1) and the constant IV that
 * every sample shares when the per-sample IV size is 0.
 */
export function writeTenc(w: ByteWriter, v: Tenc): void {
  if (v.defaultKid.byteLength !== 16) throw new MediaError('MALFORMED', `tenc: expected a 16-byte default_KID, found ${v.defaultKid.byteLength} bytes`);
  const start = w.beginFullBox('tenc', v.version, 0);
  w.u8(0); // reserved
  w.u8(v.version === 0 ? 0 : ((v.defaultCryptByteBlock & 0xf) << 4) | (v.defaultSkipByteBlock & 0xf));
  w.u8(v.defaultIsProtected ? 1 : 0).u8(v.defaultPerSampleIvSize);
  w.bytes(v.defaultKid);
  if (v.defaultIsProtected && v.defaultPerSampleIvSize === 0) {
    const iv = v.defaultConstantIv;
    if (!iv || (iv.byteLength !== 8 && iv.byteLength !== 16)) throw new MediaError('MALFORMED', `tenc: a per-sample IV size of 0 needs an 8- or 16-byte constant IV, found ${iv?.byteLength ?? 'none'}`);
    w.u8(iv.byteLength).bytes(iv);
  }
  w.endBox(start);
}

export function readTenc(bytes: Uint8Array, box: BoxHeader): Tenc {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('tenc version');
  r.skip(3 + 1, 'tenc flags, reserved');
  const pattern = r.u8('tenc pattern');
  const defaultIsProtected = r.u8('tenc default_isProtected') === 1;
  const defaultPerSampleIvSize = r.u8('tenc default_Per_Sample_IV_Size');
  const defaultKid = r.bytesView(16, 'tenc default_KID').slice();
  const v: Tenc = {
    version,
    defaultCryptByteBlock: version === 0 ? 0 : pattern >> 4,
    defaultSkipByteBlock: version === 0 ? 0 : pattern & 0xf,
    defaultIsProtected,
    defaultPerSampleIvSize,
    defaultKid,
  };
  if (defaultIsProtected && defaultPerSampleIvSize === 0) {
    const size = r.u8('tenc default_constant_IV_size');
    v.defaultConstantIv = r.bytesView(size, 'tenc default_constant_IV').slice();
  }
  return v;
}

export function describeTenc(v: Tenc): string {
  const parts = [`version=${v.version}`];
  if (v.version > 0) parts.push(`pattern=${v.defaultCryptByteBlock}:${v.defaultSkipByteBlock}`);
  parts.push(`protected=${v.defaultIsProtected ? 1 : 0}`, `ivSize=${v.defaultPerSampleIvSize}`, `kid=${hexFromBytes(v.defaultKid)}`);
  if (v.defaultConstantIv) parts.push(`constantIv=${hexFromBytes(v.defaultConstantIv)}`);
  return parts.join(' ');
}
