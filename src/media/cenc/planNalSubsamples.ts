import { MediaError } from '../errors/MediaError.ts';
import { measureAvcSliceHeaderBits, type AvcSliceParameters } from './avcSliceHeader.ts';
import { escapedLength } from './escapedLength.ts';
import { measureHevcSliceHeaderBits, type HevcSliceParameters } from './hevcSliceHeader.ts';
import type { ProtectionScheme } from './ProtectionScheme.ts';
import type { Subsample } from './Subsample.ts';

/** NAL unit length fields are 4 bytes: every avcC/hvcC Kinora writes says lengthSizeMinusOne = 3. */
const LENGTH_SIZE = 4;
const MAX_CLEAR = 0xffff;

export type NalSubsampleCodec = { codec: 'avc'; parameters: AvcSliceParameters } | { codec: 'hevc'; parameters: HevcSliceParameters };

/**
 * The subsample map of one video sample (4-byte length-prefixed NAL units),
 * as ISO/IEC 23001-7 9.5 and CMAF (ISO/IEC 23000-19 8.2.2) ask and as
 * shaka-packager writes it:
 * - the length field, the NAL unit header and the slice header of every
 *   coded slice stay clear, so a device can parse the slice before it
 *   decrypts; the slice data is protected;
 * - every other NAL unit (parameter sets, SEI, AUD) is wholly clear;
 * - `cenc`: each protected range is a whole number of 16-byte blocks, the
 *   remainder joining the clear bytes in front (the CTR counter then never
 *   straddles ranges); `cbcs` protects up to the NAL's end, where a trailing
 *   partial block stays clear by the pattern rules;
 * - runs of clear bytes merge into the next subsample, and a clear run
 *   longer than 65535 bytes (16-bit field) becomes several subsamples.
 */
export function planNalSubsamples(data: Uint8Array, scheme: ProtectionScheme, codec: NalSubsampleCodec): Subsample[] {
  const subsamples: Subsample[] = [];
  const n = data.byteLength;
  const avc = codec.codec === 'avc';
  let clear = 0;
  for (let at = 0; at < n; ) {
    if (at + LENGTH_SIZE > n) throw new MediaError('MALFORMED', `sample ends inside a NAL unit length field at byte ${at} of ${n}`);
    const size = data[at] * 0x1000000 + ((data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]);
    const start = at + LENGTH_SIZE;
    if (size === 0 || start + size > n) throw new MediaError('MALFORMED', `NAL unit of ${size} bytes at byte ${at} does not fit the ${n}-byte sample`);
    at = start + size;
    // Coded slices: H.264 non-IDR and IDR (types 1, 5); H.265 VCL types 0-9 and the IRAP types 16-21.
    const type = avc ? data[start] & 0x1f : (data[start] >> 1) & 0x3f;
    if (avc ? type !== 1 && type !== 5 : type > 9 && (type < 16 || type > 21)) {
      clear += LENGTH_SIZE + size;
      continue;
    }
    const headerBits = avc ? measureAvcSliceHeaderBits(data, codec.parameters, start, at) : measureHevcSliceHeaderBits(data, codec.parameters, start, at);
    const header = escapedLength(data, Math.ceil(headerBits / 8), start, at);
    let protectedBytes = size - header;
    if (scheme === 'cenc') protectedBytes -= protectedBytes % 16;
    clear += LENGTH_SIZE + size - protectedBytes;
    if (protectedBytes > 0) {
      for (; clear > MAX_CLEAR; clear -= MAX_CLEAR) subsamples.push({ clearBytes: MAX_CLEAR, protectedBytes: 0 });
      subsamples.push({ clearBytes: clear, protectedBytes });
      clear = 0;
    }
  }
  if (clear > 0) {
    for (; clear > MAX_CLEAR; clear -= MAX_CLEAR) subsamples.push({ clearBytes: MAX_CLEAR, protectedBytes: 0 });
    subsamples.push({ clearBytes: clear, protectedBytes: 0 });
  }
  return subsamples;
}
