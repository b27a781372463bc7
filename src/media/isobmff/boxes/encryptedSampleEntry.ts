import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';
import { writeSinf } from './sinf.ts';
import type { Tenc } from './tenc.ts';

/**
 * A protected sample entry (ISO/IEC 14496-12 8.12, ISO/IEC 23001-7 4.1): the
 * clear entry `writeClear` writes (`avc1`, `hvc1`, `mp4a`...), renamed
 * `encv` (video) or `enca` (audio), with a `sinf` appended after its other
 * children. The clear entry must be the last box `writeClear` writes; its
 * own fields and children stay as they are, which is what the scheme asks.
 */
export function writeEncryptedSampleEntry(
  w: ByteWriter,
  writeClear: (w: ByteWriter) => void,
  v: { kind: 'video' | 'audio'; originalFormat: string; scheme: 'cenc' | 'cbcs'; tenc: Tenc },
): void {
  const start = w.length;
  writeClear(w);
  // The box type sits 4 bytes in: it must be the entry we rename (init segments are small, so the copy is cheap).
  const found = String.fromCharCode(...w.finish().subarray(start + 4, start + 8));
  if (found !== v.originalFormat) throw new MediaError('MALFORMED', `encrypted sample entry: expected a '${v.originalFormat}' entry to rename, found '${found}'`);
  w.patchU32(start + 4, fourccValue(v.kind === 'video' ? 'encv' : 'enca'));
  writeSinf(w, { originalFormat: v.originalFormat, scheme: v.scheme, tenc: v.tenc });
  w.patchU32(start, w.length - start);
}

function fourccValue(type: string): number {
  return ((type.charCodeAt(0) << 24) | (type.charCodeAt(1) << 16) | (type.charCodeAt(2) << 8) | type.charCodeAt(3)) >>> 0;
}
