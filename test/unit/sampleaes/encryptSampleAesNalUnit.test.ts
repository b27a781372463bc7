import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSampleAesNalUnit } from '../../../src/media/sampleaes/encryptSampleAesNalUnit.ts';
import { addEmulationPrevention } from '../../../src/media/sampleaes/addEmulationPrevention.ts';
import { removeEmulationPrevention } from '../../../src/media/codecs/avc/removeEmulationPrevention.ts';
import { escapeRbsp, payload } from '../cenc/support/syntheticAvc.ts';
import { cbc, decryptNalUnit, sampleAesKey, zeroHeavy } from './support.ts';

/** A NAL unit: header byte, then `size - 1` bytes that never form an emulation prevention pattern. */
function nalOf(header: number, size: number, seed = 0x5a): Uint8Array {
  return Uint8Array.from([header, ...payload(size - 1, seed)]);
}

test('an IDR slice of 400 bytes: 32 clear, then one block in ten (at 32, 192, 352) chained from the IV, the rest clear', () => {
  const nal = nalOf(0x65, 400);
  const out = encryptSampleAesNalUnit(nal, sampleAesKey);
  // The three blocks form one CBC chain: the second is encrypted after the first's ciphertext.
  const expected = cbc(Uint8Array.from([...nal.subarray(32, 48), ...nal.subarray(192, 208), ...nal.subarray(352, 368)]));
  assert.equal(out.byteLength, 400, 'this ciphertext needs no emulation prevention');
  assert.deepEqual(out.subarray(0, 32), nal.subarray(0, 32), 'nal_unit_type byte + 31-byte unencrypted_leader');
  assert.deepEqual(out.subarray(32, 48), expected.subarray(0, 16), 'encrypted_block at 32');
  assert.deepEqual(out.subarray(48, 192), nal.subarray(48, 192), 'unencrypted_block: 144 bytes');
  assert.deepEqual(out.subarray(192, 208), expected.subarray(16, 32), 'encrypted_block at 192');
  assert.deepEqual(out.subarray(208, 352), nal.subarray(208, 352), 'unencrypted_block: 144 bytes');
  assert.deepEqual(out.subarray(352, 368), expected.subarray(32, 48), 'encrypted_block at 352 (48 bytes remained)');
  assert.deepEqual(out.subarray(368), nal.subarray(368), 'the last 32 bytes: unencrypted_block');
  assert.deepEqual(nal, nalOf(0x65, 400), 'the input is untouched');
});

test('thresholds: 48 bytes stay clear, 49 encrypt one block, and exactly 16 remaining bytes stay clear', () => {
  const short = nalOf(0x65, 48);
  assert.equal(encryptSampleAesNalUnit(short, sampleAesKey), short, 'a NAL unit of 48 bytes or fewer is returned as given');
  const just = nalOf(0x41, 49);
  const out = encryptSampleAesNalUnit(just, sampleAesKey);
  assert.deepEqual(out.subarray(32, 48), cbc(just.subarray(32, 48)), '17 bytes remained: one block');
  assert.equal(out[48], just[48]);
  // 208 bytes: after the block at 32 and 144 clear bytes, 16 remain: "if (bytes_remaining() > 16)" fails, so they stay clear.
  const edge = nalOf(0x41, 208);
  const edgeOut = encryptSampleAesNalUnit(edge, sampleAesKey);
  assert.deepEqual(edgeOut.subarray(32, 48), cbc(edge.subarray(32, 48)));
  assert.deepEqual(edgeOut.subarray(48), edge.subarray(48));
});

test('only coded slices (types 1 and 5) are encrypted; SEI, SPS, PPS, AUD and data partitions pass unchanged', () => {
  for (const header of [0x06, 0x67, 0x68, 0x09, 0x22, 0x23, 0x24, 0x0c]) {
    const nal = nalOf(header, 300);
    assert.equal(encryptSampleAesNalUnit(nal, sampleAesKey), nal, `nal_unit_type ${header & 0x1f}`);
  }
  for (const header of [0x01, 0x21, 0x41, 0x61, 0x05, 0x25, 0x45, 0x65]) {
    assert.notDeepEqual(encryptSampleAesNalUnit(nalOf(header, 300), sampleAesKey), nalOf(header, 300), `nal_ref_idc ${header >> 5}, type ${header & 0x1f}`);
  }
});

test('emulation prevention: the stored NAL unit is encrypted with its own 0x03 bytes and a second layer goes over the result', () => {
  // An IDR slice whose stored form has an emulation prevention byte in the clear leader (0x000003 01 at 10).
  const nal = nalOf(0x65, 200);
  nal.set([0x00, 0x00, 0x03, 0x01], 10);
  const out = encryptSampleAesNalUnit(nal, sampleAesKey);
  assert.deepEqual(Array.from(out.subarray(10, 15)), [0x00, 0x00, 0x03, 0x03, 0x01], 'the stored 00 00 03 is itself escaped: 00 00 03 03');
  const unescaped = removeEmulationPrevention(out);
  assert.deepEqual(unescaped.subarray(32, 48), cbc(nal.subarray(32, 48)), 'the block at 32 of the stored bytes is the encrypted one');
  assert.deepEqual(decryptNalUnit(out), nal, 'the decryptor gets back the stored NAL unit, its emulation prevention byte included');
});

test('many zero-heavy slices: no start code emulation in the output, and a decryptor like ffmpeg or hls.js gets the stored NAL unit back', () => {
  let escapedOutputs = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const size = 40 + ((seed * 37) % 700);
    // A valid stored NAL unit: header, then escaped bytes (its own emulation prevention bytes).
    const nal = Uint8Array.from([seed % 2 ? 0x65 : 0x41, ...escapeRbsp(Uint8Array.from([...zeroHeavy(size, seed), 0x80]))]);
    const out = encryptSampleAesNalUnit(nal, sampleAesKey);
    for (let i = 2; i < out.byteLength; i++) {
      assert.ok(!(out[i - 2] === 0 && out[i - 1] === 0 && out[i] <= 2), `seed ${seed}: 00 00 0${out[i]} at ${i - 2}`);
    }
    if (out.byteLength > nal.byteLength) escapedOutputs++;
    assert.deepEqual(decryptNalUnit(out), nal, `seed ${seed}, ${nal.byteLength} bytes`);
  }
  assert.ok(escapedOutputs > 50, `only ${escapedOutputs} outputs needed emulation prevention: the test does not exercise it`);
});

test('addEmulationPrevention: annotated bytes, the same view when nothing is needed, and removeEmulationPrevention undoes it', () => {
  assert.deepEqual(
    Array.from(addEmulationPrevention(Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4]))),
    [0, 0, 3, 0, 0, 3, 1, 0, 0, 3, 2, 0, 0, 3, 3, 0, 0, 4],
  );
  const clean = Uint8Array.from([1, 0, 0, 4, 0, 7, 0, 0]);
  assert.equal(addEmulationPrevention(clean), clean);
  for (let seed = 1; seed <= 200; seed++) {
    const bytes = Uint8Array.from([...zeroHeavy(1 + seed * 3, seed), 0x80]);
    assert.deepEqual(removeEmulationPrevention(addEmulationPrevention(bytes)), bytes, `seed ${seed}`);
  }
});
