import { MediaError } from '../errors/MediaError.ts';
import type { Sample } from '../model/Sample.ts';
import { addEmulationPrevention } from './addEmulationPrevention.ts';
import { encryptAudioFrameBlocks } from './encryptAudioFrameBlocks.ts';
import { readAc3Frames } from '../codecs/ac3/readAc3Frames.ts';
import { encryptSliceBlocks } from './encryptSliceBlocks.ts';
import { restartingCbc } from './restartingCbc.ts';
import type { SampleAesKey } from './SampleAesKey.ts';

/**
 * Encrypts the samples of one TS segment of a track for HLS SAMPLE-AES
 * (Apple, "MPEG-2 Stream Encryption Format for HTTP Live Streaming" 2.2,
 * 2.3.2), returning new samples in the same form, ready for the TS writer:
 *
 * - `avc`: samples of 4-byte length-prefixed NAL units (ISO/IEC 14496-15),
 *   each NAL unit as `encryptSampleAesNalUnit` does it (pattern, then a
 *   second layer of emulation prevention, which may lengthen it), its length
 *   field rewritten;
 * - `aac`: raw AAC frames, each as `encryptSampleAesAudioFrame` does it
 *   (same length);
 * - `ac3`, `ec3`: each syncframe of a sample (an E-AC-3 sample may hold
 *   several: independent and dependent substreams) the same way from its
 *   syncword, there being no header outside the frame (2.3.3), same length.
 *
 * Built for a whole segment at a time: one CBC cipher (`restartingCbc`), the
 * audio frames in one buffer, each video sample copied once and encrypted in
 * place (a new buffer only for the rare sample whose ciphertext needs
 * emulation prevention). The input samples and their bytes are left untouched.
 */
export function encryptSampleAesSamples(samples: readonly Sample[], v: SampleAesKey & { codec: 'avc' | 'aac' | 'ac3' | 'ec3' }): Sample[] {
  const cbc = restartingCbc(v);
  if (v.codec === 'ac3' || v.codec === 'ec3') {
    return samples.map((sample) => {
      const data = sample.data.slice();
      for (const frame of readAc3Frames(data)) encryptAudioFrameBlocks(frame.data, cbc);
      return { ...sample, data };
    });
  }
  if (v.codec === 'aac') {
    const out = new Uint8Array(samples.reduce((n, s) => n + s.data.byteLength, 0));
    let at = 0;
    return samples.map((sample) => {
      const frame = out.subarray(at, at + sample.data.byteLength);
      at += sample.data.byteLength;
      frame.set(sample.data);
      encryptAudioFrameBlocks(frame, cbc);
      return { ...sample, data: frame };
    });
  }
  const scratch = { buffer: new Uint8Array(4096) };
  return samples.map((sample) => {
    const out = sample.data.slice();
    // [start, end) of each NAL unit, and whether its pattern was applied.
    const nals: { start: number; end: number; encrypted: boolean }[] = [];
    let p = 0;
    while (p < out.byteLength) {
      if (p + 4 > out.byteLength) {
        throw new MediaError('MALFORMED', `expected a 4-byte NAL unit length at offset ${p} of a ${out.byteLength}-byte sample, found ${out.byteLength - p} byte(s)`, { offset: p });
      }
      const length = ((out[p] << 24) | (out[p + 1] << 16) | (out[p + 2] << 8) | out[p + 3]) >>> 0;
      if (p + 4 + length > out.byteLength) {
        throw new MediaError('MALFORMED', `expected a NAL unit of ${length} bytes at offset ${p + 4} of a ${out.byteLength}-byte sample, found ${out.byteLength - p - 4}`, { offset: p });
      }
      nals.push({ start: p + 4, end: p + 4 + length, encrypted: encryptSliceBlocks(out, p + 4, p + 4 + length, cbc, scratch) });
      p += 4 + length;
    }
    const escaped = nals.map((nal) => (nal.encrypted ? addEmulationPrevention(out.subarray(nal.start, nal.end)) : undefined));
    if (escaped.every((bytes, i) => bytes === undefined || bytes.byteLength === nals[i].end - nals[i].start)) return { ...sample, data: out };
    const grown = new Uint8Array(nals.reduce((n, nal, i) => n + 4 + (escaped[i]?.byteLength ?? nal.end - nal.start), 0));
    const view = new DataView(grown.buffer);
    let w = 0;
    nals.forEach((nal, i) => {
      const bytes = escaped[i] ?? out.subarray(nal.start, nal.end);
      view.setUint32(w, bytes.byteLength);
      grown.set(bytes, w + 4);
      w += 4 + bytes.byteLength;
    });
    return { ...sample, data: grown };
  });
}
