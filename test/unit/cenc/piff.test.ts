// Smooth Streaming's PlayReady encryption (PIFF 1.1): the SampleEncryptionBox bytes, 8-byte IVs
// (track code and source decode time, each sample its own counter range from 0), a Smooth fragment
// with the PIFF box last in its traf, and a round trip: the fragment's samples decrypt with AES-CTR
// from IV || 0 to the clear samples, NAL headers and slice headers left clear.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDecipheriv } from 'node:crypto';
import { ByteWriter } from '../../../src/media/bytes/ByteWriter.ts';
import { writePiffSampleEncryption, PIFF_SAMPLE_ENCRYPTION_UUID } from '../../../src/media/mss/writePiffSampleEncryption.ts';
import { readPiffSampleEncryption } from '../../../src/media/mss/readPiffSampleEncryption.ts';
import { computeSampleIv8 } from '../../../src/media/cenc/computeSampleIv8.ts';
import { trackCodeOf } from '../../../src/media/cenc/trackCodeOf.ts';
import { bytesFromHex } from '../../../src/media/cenc/bytesFromHex.ts';
import { hexFromBytes } from '../../../src/media/cenc/hexFromBytes.ts';
import { NodeBlockCipher } from '../../../src/crypto/NodeBlockCipher.ts';
import { MediaError } from '../../../src/media/errors/MediaError.ts';
import { iterateBoxes } from '../../../src/media/isobmff/iterateBoxes.ts';
import type { BoxHeader } from '../../../src/media/isobmff/BoxHeader.ts';
import { readTrun } from '../../../src/media/isobmff/boxes/trun.ts';
import { isTfxd } from '../../../src/media/isobmff/boxes/tfxd.ts';
import { readTenc } from '../../../src/media/isobmff/boxes/tenc.ts';
import { encryptedSmoothRecipe } from '../../../src/packaging/smoothRecipe.ts';
import type { FragmentEncryption } from '../../../src/packaging/FragmentEncryption.ts';
import { audioSamples, audioTrack, videoSamples, videoTrack } from './support/syntheticAvc.ts';

const kid = bytesFromHex('00112233445566778899aabbccddeeff');
const key = bytesFromHex('000102030405060708090a0b0c0d0e0f');

test('PIFF SampleEncryptionBox, annotated: uuid A2394F52-..., version 0, flag 0x2, 8-byte IVs with subsample maps', () => {
  const w = new ByteWriter();
  const entries = [
    { iv: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), subsamples: [{ clearBytes: 5, protectedBytes: 32 }] },
    { iv: Uint8Array.of(9, 10, 11, 12, 13, 14, 15, 16), subsamples: [{ clearBytes: 1, protectedBytes: 16 }, { clearBytes: 2, protectedBytes: 0 }] },
  ];
  writePiffSampleEncryption(w, entries);
  const bytes = w.finish();
  // prettier-ignore
  const expected = [
    0, 0, 0, 70, 0x75, 0x75, 0x69, 0x64, // size 70, 'uuid'
    0xa2, 0x39, 0x4f, 0x52, 0x5a, 0x9b, 0x4f, 0x14, 0xa2, 0x44, 0x6c, 0x42, 0x7c, 0x64, 0x8d, 0xf4, // PIFF SampleEncryptionBox
    0, 0, 0, 2, // version 0, flags 0x2: subsample maps follow
    0, 0, 0, 2, // sample_count
    1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 5, 0, 0, 0, 32, // IV, 1 subsample: 5 clear, 32 encrypted
    9, 10, 11, 12, 13, 14, 15, 16, 0, 2, 0, 1, 0, 0, 0, 16, 0, 2, 0, 0, 0, 0, // IV, 2 subsamples
  ];
  assert.deepEqual([...bytes], expected);
  assert.deepEqual(readPiffSampleEncryption(bytes, [...iterateBoxes(bytes)][0], 8), entries);
  // Audio: no subsample maps, flags 0.
  const audio = new ByteWriter();
  writePiffSampleEncryption(audio, [{ iv: new Uint8Array(8) }]);
  assert.deepEqual([...audio.finish().subarray(24, 32)], [0, 0, 0, 0, 0, 0, 0, 1]);
  assert.throws(() => writePiffSampleEncryption(new ByteWriter(), [entries[0], { iv: new Uint8Array(8) }]), MediaError);
});

test('8-byte IVs: 16 bits of track code, then 48 bits of the source decode time', () => {
  assert.equal(hexFromBytes(computeSampleIv8(0x1234, 0x0000_5678_9abc)), '12340000' + '56789abc');
  assert.equal(hexFromBytes(computeSampleIv8(1, 2 ** 48 + 5)), '0001000000000005');
});

const piff: FragmentEncryption = { scheme: 'cenc', keyOf: () => ({ kid, key, pssh: [] }), cipher: NodeBlockCipher };

for (const [track, samples] of [
  [videoTrack, videoSamples()],
  [audioTrack, audioSamples()],
] as const) {
  test(`${track.kind}: a Smooth PlayReady fragment carries the PIFF box last in its traf and decrypts from IV || 0 to the clear samples`, () => {
    const recipe = encryptedSmoothRecipe(piff);
    let segment = { track, number: 1, baseMediaDecodeTime: samples[0].decodeTime, samples };
    for (const transform of recipe.transforms) segment = transform(segment);
    const fragment = recipe.write(segment);
    const [moof] = [...iterateBoxes(fragment)];
    const traf = [...iterateBoxes(fragment, moof.contentStart, moof.end)].find((b) => b.type === 'traf')!;
    const children = [...iterateBoxes(fragment, traf.contentStart, traf.end)];
    assert.deepEqual(children.map((b) => b.type), ['tfhd', 'trun', 'uuid', 'uuid']);
    assert.ok(isTfxd(fragment, children[2]));
    assert.deepEqual(fragment.subarray(children[3].contentStart - 16, children[3].contentStart), PIFF_SAMPLE_ENCRYPTION_UUID);
    const entries = readPiffSampleEncryption(fragment, children[3], 8);
    const trun = readTrun(fragment, children[1]);
    let at = moof.start + trun.dataOffset!;
    entries.forEach((entry, i) => {
      assert.deepEqual(entry.iv, computeSampleIv8(trackCodeOf(track.id), samples[i].decodeTime), `sample ${i} IV`);
      const data = fragment.slice(at, at + trun.samples[i].size!);
      at += trun.samples[i].size!;
      assert.notDeepEqual(data, samples[i].data, `sample ${i} is encrypted`);
      const decipher = createDecipheriv('aes-128-ctr', key, Buffer.concat([entry.iv, Buffer.alloc(8)]));
      let offset = 0;
      for (const sub of entry.subsamples ?? [{ clearBytes: 0, protectedBytes: data.byteLength }]) {
        offset += sub.clearBytes;
        data.set(decipher.update(data.subarray(offset, offset + sub.protectedBytes)), offset);
        offset += sub.protectedBytes;
      }
      assert.deepEqual(data, samples[i].data, `sample ${i} decrypts`);
      if (track.kind === 'video') assert.ok(entry.subsamples![0].clearBytes >= 5, 'length, NAL header and slice header stay clear');
    });
    // The inspection init: encv/enca whose tenc says AES-CTR with 8-byte IVs under the key ID.
    const init = recipe.init(track);
    const tenc = findBox(init, 'tenc')!;
    assert.deepEqual([readTenc(init, tenc).defaultPerSampleIvSize, hexFromBytes(readTenc(init, tenc).defaultKid)], [8, hexFromBytes(kid)]);
  });
}

test('a track the keys leave clear is written clear, init and fragment', () => {
  const recipe = encryptedSmoothRecipe({ ...piff, keyOf: () => undefined });
  let segment = { track: audioTrack, number: 1, baseMediaDecodeTime: 0, samples: audioSamples() };
  for (const transform of recipe.transforms) segment = transform(segment);
  const fragment = recipe.write(segment);
  assert.equal(findBox(recipe.init(audioTrack), 'enca'), undefined);
  const [moof] = [...iterateBoxes(fragment)];
  const traf = [...iterateBoxes(fragment, moof.contentStart, moof.end)].find((b) => b.type === 'traf')!;
  assert.deepEqual([...iterateBoxes(fragment, traf.contentStart, traf.end)].map((b) => b.type), ['tfhd', 'trun', 'uuid']);
});

/** The first box of `type` anywhere in an init segment (sample entries skipped past their fixed fields). */
function findBox(bytes: Uint8Array, type: string, start = 0, end = bytes.byteLength): BoxHeader | undefined {
  const skip: Record<string, number> = { stsd: 8, encv: 78, enca: 28, avc1: 78, mp4a: 28 };
  for (const box of iterateBoxes(bytes, start, end)) {
    if (box.type === type) return box;
    if (['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd', 'encv', 'enca', 'sinf', 'schi'].includes(box.type)) {
      const found = findBox(bytes, type, box.contentStart + (skip[box.type] ?? 0), box.end);
      if (found) return found;
    }
  }
  return undefined;
}
