import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { fnv1a32 } from '../fnv1a32.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/**
 * The header of a MediaDataBox (ISO/IEC 14496-12 8.1.1) holding `payloadSize`
 * bytes; the caller copies the payload straight after it. Uses the 64-bit
 * largesize form only when the box would not fit 32 bits. Returns the header size.
 */
export function writeMdatHeader(w: ByteWriter, payloadSize: number): number {
  if (payloadSize + 8 <= 0xffffffff) {
    w.u32(payloadSize + 8).fourcc('mdat');
    return 8;
  }
  w.u32(1).fourcc('mdat').u64(payloadSize + 16);
  return 16;
}

/** Payload size and an FNV-1a fingerprint, so dumps catch changed bytes without printing them. */
export function describeMdat(bytes: Uint8Array, box: BoxHeader): string {
  return `size=${box.end - box.contentStart} fnv1a=${fnv1a32(bytes.subarray(box.contentStart, box.end))}`;
}
