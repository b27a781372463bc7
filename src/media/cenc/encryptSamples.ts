import { payloadHeadroom } from '../isobmff/payloadHeadroom.ts';
import { sencEntrySize } from '../isobmff/boxes/senc.ts';
import type { CodecConfig } from '../model/CodecConfig.ts';
import type { Sample } from '../model/Sample.ts';
import type { BlockCipher } from './BlockCipher.ts';
import { computeSampleIv8 } from './computeSampleIv8.ts';
import { computeSegmentIv } from './computeSegmentIv.ts';
import { counterBlock } from './counterBlock.ts';
import { encryptSample } from './encryptSample.ts';
import { nalSubsampleCodecOf } from './nalSubsampleCodecOf.ts';
import { planNalSubsamples } from './planNalSubsamples.ts';
import type { SampleEncryption } from './SampleEncryption.ts';
import type { Subsample } from './Subsample.ts';
import type { TrackProtection } from './TrackProtection.ts';

/** Bytes of saiz (17, plus 1 a sample at most), saio (20) and the senc header (16), besides the senc entries. */
const AUX_BOX_BYTES = 64;

/** [start, end) of each protected range of a sample: its subsamples' protected bytes, or the whole sample. */
function protectedRanges(size: number, subsamples: readonly Subsample[] | undefined): [number, number][] {
  if (!subsamples) return size > 0 ? [[0, size]] : [];
  const ranges: [number, number][] = [];
  let at = 0;
  for (const s of subsamples) {
    at += s.clearBytes;
    if (s.protectedBytes > 0) ranges.push([at, at + s.protectedBytes]);
    at += s.protectedBytes;
  }
  return ranges;
}

/**
 * Encrypts the samples of one segment of a track (ISO/IEC 23001-7): video
 * (H.264, H.265) with a subsample map per sample, audio whole. Returns new
 * samples whose payloads sit back to back in one buffer with room in front
 * for the fragment header (`payloadHeadroom`), and the `senc` entries.
 *
 * `cenc` with 8-byte IVs (Smooth/PIFF): each sample has its own counter
 * range from `computeSampleIv8` (IV, then a 64-bit block counter at 0), so
 * each sample is one cipher call.
 *
 * `cenc` with 16-byte IVs: the segment's protected bytes form one AES-CTR stream from the
 * segment IV (`computeSegmentIv` of `trackCode` and the first sample's
 * source decode time, `decodeTime + timeOffset`), each sample starting on a
 * block boundary with its first counter block as its IV: gathered, one
 * cipher call, scattered back (a cipher per sample costs more than the
 * encryption). `cbcs`: each sample through `encryptSample`, with the
 * constant IV and empty per-sample IVs; its chains (one per subsample, each
 * from the constant IV) all go through one CBC cipher: a chain's first
 * block is XORed with the IV and the previous chain's last ciphertext block,
 * which turns "continue the previous chain" into "start from the IV".
 */
export function encryptSamples(
  samples: readonly Sample[],
  v: { config: CodecConfig; protection: TrackProtection; key: Uint8Array; cipher: BlockCipher; trackCode: number; timeOffset?: number },
): { samples: Sample[]; entries: SampleEncryption[] } {
  const { protection } = v;
  const video = v.config.codec === 'avc' || v.config.codec === 'hevc' ? nalSubsampleCodecOf(v.config) : undefined;
  const maps = samples.map((sample) => (video ? planNalSubsamples(sample.data, protection.scheme, video) : undefined));
  const entries: SampleEncryption[] = [];
  const ranges = samples.map((sample, i) => protectedRanges(sample.data.byteLength, maps[i]));
  // Block index (in the segment's CTR stream) where each sample starts.
  const firstBlock: number[] = [];
  let blocks = 0;
  const shortIvs = protection.scheme === 'cenc' && protection.perSampleIvSize === 8;
  const segmentIv = protection.scheme === 'cenc' && !shortIvs && samples.length > 0 ? computeSegmentIv(v.trackCode, samples[0].decodeTime + (v.timeOffset ?? 0)) : undefined;
  samples.forEach((sample, i) => {
    firstBlock.push(blocks);
    const iv = shortIvs ? computeSampleIv8(v.trackCode, sample.decodeTime + (v.timeOffset ?? 0)) : segmentIv ? counterBlock(segmentIv, blocks) : new Uint8Array(0);
    entries.push({ iv, subsamples: maps[i] });
    blocks += Math.ceil(ranges[i].reduce((n, [start, end]) => n + end - start, 0) / 16);
  });
  let payload = 0;
  let aux = AUX_BOX_BYTES + samples.length;
  for (let i = 0; i < samples.length; i++) {
    payload += samples[i].data.byteLength;
    aux += sencEntrySize(entries[i]);
  }
  const out = payloadHeadroom.allocate(payloadHeadroom.fragmentBytes(samples.length) + aux, payload);
  const views: Uint8Array[] = [];
  let at = 0;
  for (const sample of samples) {
    views.push(out.subarray(at, at + sample.data.byteLength));
    at += sample.data.byteLength;
  }
  if (shortIvs) {
    samples.forEach((sample, i) => {
      views[i].set(sample.data);
      const size = ranges[i].reduce((n, [start, end]) => n + end - start, 0);
      if (size === 0) return;
      const stream = new Uint8Array(size);
      let to = 0;
      for (const [start, end] of ranges[i]) {
        stream.set(sample.data.subarray(start, end), to);
        to += end - start;
      }
      const counter = new Uint8Array(16);
      counter.set(entries[i].iv, 0);
      const encrypted = v.cipher.aesCtr(v.key, counter, stream);
      let from = 0;
      for (const [start, end] of ranges[i]) {
        views[i].set(encrypted.subarray(from, from + end - start), start);
        from += end - start;
      }
    });
  } else if (segmentIv) {
    const stream = new Uint8Array(blocks * 16);
    samples.forEach((sample, i) => {
      views[i].set(sample.data);
      let to = firstBlock[i] * 16;
      for (const [start, end] of ranges[i]) {
        stream.set(sample.data.subarray(start, end), to);
        to += end - start;
      }
    });
    const encrypted = v.cipher.aesCtr(v.key, segmentIv, stream);
    samples.forEach((_, i) => {
      let from = firstBlock[i] * 16;
      for (const [start, end] of ranges[i]) {
        views[i].set(encrypted.subarray(from, from + end - start), start);
        from += end - start;
      }
    });
  } else {
    const iv = protection.constantIv!;
    const stream = v.cipher.aesCbcChain(v.key, iv);
    let last = iv;
    const cbcChain = (blocks: Uint8Array) => {
      const whitened = blocks.slice();
      for (let k = 0; k < 16; k++) whitened[k] ^= iv[k] ^ last[k];
      const encrypted = stream(whitened);
      last = encrypted.slice(encrypted.byteLength - 16);
      return encrypted;
    };
    samples.forEach((sample, i) => encryptSample(sample.data, views[i], { protection, key: v.key, iv, subsamples: maps[i], cipher: v.cipher, cbcChain }));
  }
  return { samples: samples.map((sample, i) => ({ ...sample, data: views[i] })), entries };
}
