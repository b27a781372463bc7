import { MediaError } from '../errors/MediaError.ts';
import type { TsPacketHeader } from './TsPacketHeader.ts';

export type { TsPacketHeader } from './TsPacketHeader.ts';

/**
 * Reads the transport packet header at `offset` (ISO/IEC 13818-1 2.4.3.2),
 * checking the 0x47 sync byte so that a misaligned or damaged stream is
 * reported where it goes wrong rather than parsed as garbage.
 */
export function readTsPacketHeader(bytes: Uint8Array, offset: number): TsPacketHeader {
  if (offset + 4 > bytes.byteLength) {
    throw new MediaError('TRUNCATED', `expected a 4-byte TS packet header at offset ${offset}, found ${Math.max(0, bytes.byteLength - offset)} byte(s)`, { offset });
  }
  if (bytes[offset] !== 0x47) {
    throw new MediaError('MALFORMED', `expected TS sync byte 0x47 at offset ${offset}, found 0x${bytes[offset].toString(16).padStart(2, '0')}`, { offset });
  }
  const b1 = bytes[offset + 1];
  const b3 = bytes[offset + 3];
  const adaptationFieldControl = (b3 >> 4) & 3;
  return {
    transportErrorIndicator: (b1 & 0x80) !== 0,
    payloadUnitStartIndicator: (b1 & 0x40) !== 0,
    transportPriority: (b1 & 0x20) !== 0,
    pid: ((b1 & 0x1f) << 8) | bytes[offset + 2],
    transportScramblingControl: b3 >> 6,
    adaptationFieldControl,
    continuityCounter: b3 & 0x0f,
    hasAdaptationField: (adaptationFieldControl & 2) !== 0,
    hasPayload: (adaptationFieldControl & 1) !== 0,
  };
}
