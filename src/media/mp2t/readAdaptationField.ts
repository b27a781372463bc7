import { MediaError } from '../errors/MediaError.ts';
import type { AdaptationField } from './AdaptationField.ts';

export type { AdaptationField } from './AdaptationField.ts';

/**
 * Reads the adaptation field starting at `offset` (the adaptation_field_length
 * byte, i.e. packet offset + 4) per ISO/IEC 13818-1 2.4.3.4. `end` bounds the
 * packet so a bad length cannot reach into the next one.
 */
export function readAdaptationField(bytes: Uint8Array, offset: number, end = offset + 184): AdaptationField {
  if (offset >= end || offset >= bytes.byteLength) {
    throw new MediaError('TRUNCATED', `expected an adaptation_field_length byte at offset ${offset}`, { offset });
  }
  const length = bytes[offset];
  if (offset + 1 + length > end) {
    throw new MediaError('MALFORMED', `expected adaptation_field_length <= ${end - offset - 1} at offset ${offset}, found ${length}`, { offset });
  }
  const field: AdaptationField = { length, discontinuityIndicator: false, randomAccessIndicator: false, elementaryStreamPriorityIndicator: false };
  if (length === 0) return field; // a single stuffing byte: no flags follow
  const flags = bytes[offset + 1];
  field.discontinuityIndicator = (flags & 0x80) !== 0;
  field.randomAccessIndicator = (flags & 0x40) !== 0;
  field.elementaryStreamPriorityIndicator = (flags & 0x20) !== 0;
  if (flags & 0x10) {
    if (length < 7) throw new MediaError('MALFORMED', `expected adaptation_field_length >= 7 for a PCR at offset ${offset}, found ${length}`, { offset });
    const p = offset + 2;
    // 33-bit base does not fit 32-bit bitwise ops: combine with multiplication.
    const pcrBase = bytes[p] * 0x2000000 + bytes[p + 1] * 0x20000 + bytes[p + 2] * 0x200 + bytes[p + 3] * 2 + (bytes[p + 4] >> 7);
    const pcrExtension = ((bytes[p + 4] & 1) << 8) | bytes[p + 5];
    field.pcrBase = pcrBase;
    field.pcrExtension = pcrExtension;
    field.pcr = pcrBase * 300 + pcrExtension;
  }
  return field;
}
