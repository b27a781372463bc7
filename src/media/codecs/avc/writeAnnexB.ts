import { MediaError } from '../../errors/MediaError.ts';

/**
 * Converts one sample of 4-byte length-prefixed NAL units (ISO/IEC 14496-15
 * 5.3.2 / 8.3.2) to the Annex B byte stream form (ITU-T H.264 / H.265 Annex B)
 * that MPEG-TS carries (ISO/IEC 13818-1 2.14 / 2.17), writing at
 * `target[offset]` and returning the number of bytes written. Without
 * `target` it only measures, so a muxer can size its buffer before writing.
 *
 * Every NAL unit gets a 4-byte start code (zero_byte + start_code_prefix_one_3bytes):
 * Annex B requires the zero_byte before parameter sets and the first NAL unit
 * of an access unit and allows it everywhere, and with 4-byte lengths the
 * output is then exactly as long as the input. Access unit delimiters in the
 * sample (AVC type 9, HEVC type 35) are dropped because the muxer writes its
 * own at the head of the access unit and two would be invalid; zero-length
 * NAL units are skipped. NAL payloads already carry emulation prevention, so
 * no start code can appear inside them.
 */
export function writeAnnexB(sample: Uint8Array, options: { codec: 'avc' | 'hevc'; target?: Uint8Array; offset?: number }): number {
  const { codec, target } = options;
  const start = options.offset ?? 0;
  const n = sample.byteLength;
  let p = 0;
  let w = start;
  while (p < n) {
    if (p + 4 > n) {
      throw new MediaError('MALFORMED', `expected a 4-byte NAL unit length at offset ${p} of a ${n}-byte sample, found ${n - p} byte(s)`, { offset: p });
    }
    const length = ((sample[p] << 24) | (sample[p + 1] << 16) | (sample[p + 2] << 8) | sample[p + 3]) >>> 0;
    const nal = p + 4;
    if (nal + length > n) {
      throw new MediaError('MALFORMED', `expected a NAL unit of ${length} bytes at offset ${nal} of a ${n}-byte sample, found ${n - nal}`, { offset: p });
    }
    p = nal + length;
    if (length === 0) continue;
    const type = codec === 'avc' ? sample[nal] & 0x1f : (sample[nal] >> 1) & 0x3f;
    if (type === (codec === 'avc' ? 9 : 35)) continue;
    if (target) {
      target[w] = 0;
      target[w + 1] = 0;
      target[w + 2] = 0;
      target[w + 3] = 1;
      target.set(sample.subarray(nal, nal + length), w + 4);
    }
    w += 4 + length;
  }
  return w - start;
}
