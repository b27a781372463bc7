import { payloadHeadroom } from '../isobmff/payloadHeadroom.ts';
import { sencEntrySize } from '../isobmff/boxes/senc.ts';
import type { CodecConfig } from '../model/CodecConfig.ts';
import type { Sample } from '../model/Sample.ts';
import type { BlockCipher } from './BlockCipher.ts';
import { computeSampleIv8 } from './computeSampleIv8.ts';
import { computeSegmentIv } from './computeSegmentIv.ts';
import { encryptSample } from './encryptSample.ts';
import { nalSubsampleCodecOf } from './nalSubsampleCodecOf.ts';
import { planNalSubsamples } from './planNalSubsamples.ts';
import type { SampleEncryption } from './SampleEncryption.ts';
import type { Subsample } from './Subsample.ts';
import type { TrackProtection } from './TrackProtection.ts';

/** Bytes of saiz (17, plus 1 a sample at most), saio (20) and the senc header (16), besides the senc entries. */
const AUX_BOX_BYTES = 64;

/**
 * A segment's CTR stream is encrypted a piece of whole samples at a time,
 * about `PIECE_BYTES` (a sample larger than that is a piece of its own): the
 * gathered piece, the cipher's output and the bytes scattered back stay in
 * the CPU cache, and the cipher's buffer is given back after each piece.
 * The piece is gathered into one scratch buffer reused from piece to piece
 * and segment to segment (each call runs to the end before the next begins),
 * not a fresh allocation per request, whose first touch of new pages costs
 * as much as the AES; a piece larger than `SCRATCH_KEPT` gets a buffer of its
 * own so one huge sample does not stay resident.
 */
const PIECE_BYTES = 64 << 10;
const SCRATCH_KEPT = 16 << 20;
/** [0]: the gathered piece; [1]: PIFF's counter blocks. */
const scratches = [new Uint8Array(0), new Uint8Array(0)];

/** The first `bytes` bytes of scratch buffer `which`, grown when needed. */
function scratchOf(which: 0 | 1, bytes: number): Uint8Array {
  if (bytes > SCRATCH_KEPT) return new Uint8Array(bytes);
  if (bytes > scratches[which].byteLength) scratches[which] = new Uint8Array(Math.min(SCRATCH_KEPT, Math.max(bytes, scratches[which].byteLength * 2, PIECE_BYTES)));
  return scratches[which].subarray(0, bytes);
}

/** Copies the protected bytes of samples [first, end) into `stream`, each sample at its first block. */
function gatherPiece(out: readonly Sample[], maps: readonly (Subsample[] | undefined)[], firstBlock: Float64Array, first: number, end: number, stream: Uint8Array): void {
  const start = firstBlock[first] * 16;
  for (let i = first; i < end; i++) {
    const data = out[i].data;
    const map = maps[i];
    let to = firstBlock[i] * 16 - start;
    if (!map) {
      stream.set(data, to);
      continue;
    }
    let at = 0;
    for (let k = 0; k < map.length; k++) {
      at += map[k].clearBytes;
      const length = map[k].protectedBytes;
      if (length > 0) stream.set(data.subarray(at, at + length), to);
      at += length;
      to += length;
    }
  }
}

/** The inverse of `gatherPiece`: puts the (encrypted) stream back into the samples' protected bytes. */
function scatterPiece(out: readonly Sample[], maps: readonly (Subsample[] | undefined)[], firstBlock: Float64Array, first: number, end: number, stream: Uint8Array): void {
  const start = firstBlock[first] * 16;
  for (let i = first; i < end; i++) {
    const data = out[i].data;
    const map = maps[i];
    let from = firstBlock[i] * 16 - start;
    if (!map) {
      data.set(stream.subarray(from, from + data.byteLength));
      continue;
    }
    let at = 0;
    for (let k = 0; k < map.length; k++) {
      at += map[k].clearBytes;
      const length = map[k].protectedBytes;
      if (length > 0) data.set(stream.subarray(from, from + length), at);
      at += length;
      from += length;
    }
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The Int32Array element whose four bytes read `n` big-endian, as counter blocks are written (typed arrays use the platform's order). */
function wordOf(n: number): number {
  return LITTLE_ENDIAN ? ((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | ((n >>> 24) & 0xff) : n | 0;
}

/** `target` ^= `keystream` over `target`'s length (a multiple of 16), four bytes at a time where both are aligned. */
function xorInto(target: Uint8Array, keystream: Uint8Array): void {
  const n = target.byteLength;
  if ((target.byteOffset & 3) === 0 && (keystream.byteOffset & 3) === 0) {
    const t = new Int32Array(target.buffer, target.byteOffset, n >> 2);
    const k = new Int32Array(keystream.buffer, keystream.byteOffset, n >> 2);
    for (let i = 0; i < t.length; i++) t[i] ^= k[i];
    return;
  }
  for (let i = 0; i < n; i++) target[i] ^= keystream[i];
}

/** Protected bytes of a sample: its subsamples' protected bytes, or the whole sample. */
function protectedBytesOf(size: number, subsamples: readonly Subsample[] | undefined): number {
  if (!subsamples) return size;
  let n = 0;
  for (let k = 0; k < subsamples.length; k++) n += subsamples[k].protectedBytes;
  return n;
}

/**
 * Writes into `ivs` at `at` the 16-byte counter block `blocks` blocks after
 * `iv` (ISO/IEC 23001-7 10.1: incremented as one 128-bit big-endian number),
 * as `counterBlock` computes it, without a buffer of its own.
 */
function writeCounterBlock(ivs: Uint8Array, at: number, iv: Uint8Array, blocks: number): void {
  ivs.set(iv, at);
  let carry = blocks;
  for (let i = at + 15; i >= at && carry > 0; i--) {
    const sum = ivs[i] + (carry % 256);
    ivs[i] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum >> 8);
  }
}

/**
 * Copies `samples` back to back into a new buffer with room in front for the
 * fragment header (`payloadHeadroom`), for samples that may not be written in
 * place. A run of samples adjacent in one buffer is copied with one call.
 */
function copyWithHeadroom(samples: readonly Sample[], headroomBytes: number): Sample[] {
  let payload = 0;
  for (let i = 0; i < samples.length; i++) payload += samples[i].data.byteLength;
  const out = payloadHeadroom.allocate(headroomBytes, payload);
  const copies: Sample[] = new Array(samples.length);
  let at = 0;
  for (let i = 0; i < samples.length; ) {
    const data = samples[i].data;
    let runEnd = data.byteOffset + data.byteLength;
    let j = i + 1;
    while (j < samples.length && samples[j].data.byteOffset === runEnd && samples[j].data.buffer === data.buffer) runEnd += samples[j++].data.byteLength;
    out.set(j === i + 1 ? data : new Uint8Array(data.buffer, data.byteOffset, runEnd - data.byteOffset), at);
    for (; i < j; i++) {
      const size = samples[i].data.byteLength;
      copies[i] = { ...samples[i], data: out.subarray(at, at + size) };
      at += size;
    }
  }
  return copies;
}

/**
 * Encrypts the samples of one segment of a track (ISO/IEC 23001-7): video
 * (H.264, H.265) with a subsample map per sample, audio whole. Returns
 * samples whose payloads sit back to back in one buffer with room in front
 * for the fragment header (`payloadHeadroom`), and the `senc` entries.
 *
 * Samples that are the payload of a `payloadHeadroom` buffer (as
 * `readIndexedSamples` reads them) are encrypted in place: that buffer
 * belongs to this segment, and its room stays for the writer, so the
 * encrypted segment is written with no payload copy, as the clear one is.
 * Other samples (views into source bytes, or made by an earlier transform)
 * are copied once into a buffer of that shape first, and the input is left
 * untouched.
 *
 * `cenc` with 16-byte IVs: the segment's protected bytes form one AES-CTR
 * stream from the segment IV (`computeSegmentIv` of `trackCode` and the
 * first sample's source decode time, `decodeTime + timeOffset`), each sample
 * starting on a block boundary with its first counter block as its IV:
 * one cipher (`aesCtrStream`; a cipher per sample costs more than the
 * encryption) takes the stream a cache-sized piece at a time, each gathered
 * into a reused scratch buffer and its output scattered back.
 *
 * `cenc` with 8-byte IVs (Smooth/PIFF): each sample has its own counter
 * range from `computeSampleIv8` (IV, then a 64-bit block counter at 0). The
 * protected bytes are laid out and gathered the same way, and each piece's
 * keystream is AES of its counter blocks in one call (`aesEcb`), rather than
 * a cipher per sample.
 *
 * `cbcs`: each sample through `encryptSample`, with the constant IV and
 * empty per-sample IVs; its chains (one per subsample, each from the
 * constant IV) all go through one CBC cipher: a chain's first block is XORed
 * with the IV and the previous chain's last ciphertext block, which turns
 * "continue the previous chain" into "start from the IV".
 */
export function encryptSamples(
  samples: readonly Sample[],
  v: { config: CodecConfig; protection: TrackProtection; key: Uint8Array; cipher: BlockCipher; trackCode: number; timeOffset?: number },
): { samples: Sample[]; entries: SampleEncryption[] } {
  const { protection } = v;
  const count = samples.length;
  const video = v.config.codec === 'avc' || v.config.codec === 'hevc' ? nalSubsampleCodecOf(v.config) : undefined;
  const maps: (Subsample[] | undefined)[] = new Array(count);
  for (let i = 0; i < count; i++) maps[i] = video ? planNalSubsamples(samples[i].data, protection.scheme, video) : undefined;

  const entries: SampleEncryption[] = new Array(count);
  const shortIvs = protection.scheme === 'cenc' && protection.perSampleIvSize === 8;
  const segmentIv = protection.scheme === 'cenc' && !shortIvs && count > 0 ? computeSegmentIv(v.trackCode, samples[0].decodeTime + (v.timeOffset ?? 0)) : undefined;
  // Block index (in the segment's stream of protected bytes) where each sample starts, and where the stream ends.
  const firstBlock = new Float64Array(count + 1);
  let blocks = 0;
  const ivs = segmentIv ? new Uint8Array(16 * count) : undefined;
  const noIv = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    firstBlock[i] = blocks;
    const size = protectedBytesOf(samples[i].data.byteLength, maps[i]);
    let iv: Uint8Array = noIv;
    if (ivs) {
      writeCounterBlock(ivs, 16 * i, segmentIv!, blocks);
      iv = ivs.subarray(16 * i, 16 * i + 16);
    } else if (shortIvs) {
      iv = computeSampleIv8(v.trackCode, samples[i].decodeTime + (v.timeOffset ?? 0));
    }
    entries[i] = { iv, subsamples: maps[i] };
    blocks += Math.ceil(size / 16);
  }
  firstBlock[count] = blocks;

  let out: Sample[];
  if (payloadHeadroom.writable(samples)) {
    out = samples.slice();
  } else {
    let aux = AUX_BOX_BYTES + count;
    for (let i = 0; i < count; i++) aux += sencEntrySize(entries[i]);
    out = copyWithHeadroom(samples, payloadHeadroom.fragmentBytes(count) + aux);
  }

  if (segmentIv || shortIvs) {
    // The stream, a piece of whole samples at a time: gathered, encrypted, scattered back.
    const encrypt = segmentIv ? v.cipher.aesCtrStream(v.key, segmentIv) : undefined;
    for (let first = 0; first < count; ) {
      const start = firstBlock[first] * 16;
      let end = first + 1;
      while (end < count && firstBlock[end + 1] * 16 - start <= PIECE_BYTES) end++;
      // Bytes between a sample's end and the next block boundary (audio) only move the counter on: their content does not matter.
      const stream = scratchOf(0, firstBlock[end] * 16 - start);
      gatherPiece(out, maps, firstBlock, first, end, stream);
      if (encrypt) {
        encrypt(stream, (encrypted) => scatterPiece(out, maps, firstBlock, first, end, encrypted));
      } else {
        // PIFF: every sample's counters start again from its own IV, so the piece's keystream is
        // AES of those counter blocks (one cipher call), XORed in: what AES-CTR does, with jumps.
        const counters = scratchOf(1, stream.byteLength);
        const words = new Int32Array(counters.buffer, counters.byteOffset, counters.byteLength >> 2);
        for (let i = first; i < end; i++) {
          const iv = entries[i].iv;
          const high = wordOf((iv[0] << 24) | (iv[1] << 16) | (iv[2] << 8) | iv[3]);
          const low = wordOf((iv[4] << 24) | (iv[5] << 16) | (iv[6] << 8) | iv[7]);
          // A piece is 64 KB or one sample, so its word indexes and block numbers fit 31 bits (the counter's upper word is 0).
          let at = ((firstBlock[i] - firstBlock[first]) * 4) | 0;
          const sampleBlocks = (firstBlock[i + 1] - firstBlock[i]) | 0;
          for (let k = 0; k < sampleBlocks; k++, at += 4) {
            words[at] = high;
            words[at + 1] = low;
            words[at + 2] = 0;
            words[at + 3] = wordOf(k);
          }
        }
        v.cipher.aesEcb(v.key, counters, (keystream) => xorInto(stream, keystream));
        scatterPiece(out, maps, firstBlock, first, end, stream);
      }
      first = end;
    }
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
    for (let i = 0; i < count; i++) {
      const data = out[i].data;
      encryptSample(data, data, { protection, key: v.key, iv, subsamples: maps[i], cipher: v.cipher, cbcChain });
    }
  }
  return { samples: out, entries };
}
