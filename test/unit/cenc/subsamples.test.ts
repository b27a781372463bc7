import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planNalSubsamples } from '../../../src/media/cenc/planNalSubsamples.ts';
import { readAvcSliceParameters, measureAvcSliceHeaderBits } from '../../../src/media/cenc/avcSliceHeader.ts';
import { escapedLength } from '../../../src/media/cenc/escapedLength.ts';
import { MediaError } from '../../../src/media/errors/MediaError.ts';
import { aud, idrSlice, payload, pps, pSlice, sampleOf, sps } from './support/syntheticAvc.ts';

const avc = { codec: 'avc' as const, parameters: readAvcSliceParameters({ sps: [sps], pps: [pps] }) };

test('H.264 slice header lengths: IDR 20 bits and P 18 bits after the NAL header byte', () => {
  assert.equal(measureAvcSliceHeaderBits(idrSlice(payload(40)), avc.parameters), 8 + 20);
  assert.equal(measureAvcSliceHeaderBits(pSlice(payload(40)), avc.parameters), 8 + 18);
});

test('cenc: length fields, NAL headers, slice headers and non-VCL NAL units clear; protected ranges whole blocks', () => {
  const slice = idrSlice(payload(300)); // 1 header byte + 3 bytes of slice header (20 bits) + 300 payload bytes
  const sample = sampleOf(aud, sps, pps, slice);
  const clearNals = 4 + aud.byteLength + 4 + sps.byteLength + 4 + pps.byteLength;
  const protectedBytes = slice.byteLength - 4 - ((slice.byteLength - 4) % 16);
  assert.deepEqual(planNalSubsamples(sample, 'cenc', avc), [{ clearBytes: clearNals + 4 + slice.byteLength - protectedBytes, protectedBytes }]);
  assert.equal(protectedBytes % 16, 0);
});

test('cbcs: the protected range runs to the end of the NAL unit (the pattern leaves a partial block clear)', () => {
  const slice = pSlice(payload(45));
  const sample = sampleOf(aud, slice);
  assert.deepEqual(planNalSubsamples(sample, 'cbcs', avc), [{ clearBytes: 4 + aud.byteLength + 4 + 4, protectedBytes: slice.byteLength - 4 }]);
});

test('two slices: each gets its own subsample, clear bytes between them join the next', () => {
  const a = idrSlice(payload(64));
  const b = idrSlice(payload(80, 0x40));
  const [first, second] = planNalSubsamples(sampleOf(a, b), 'cbcs', avc);
  assert.deepEqual(first, { clearBytes: 4 + 4, protectedBytes: a.byteLength - 4 });
  assert.deepEqual(second, { clearBytes: 4 + 4, protectedBytes: b.byteLength - 4 });
});

test('a sample of non-VCL NAL units only is one clear subsample; a slice too small to protect stays clear', () => {
  assert.deepEqual(planNalSubsamples(sampleOf(aud, sps, pps), 'cenc', avc), [{ clearBytes: 12 + aud.byteLength + sps.byteLength + pps.byteLength, protectedBytes: 0 }]);
  const tiny = pSlice(payload(10)); // 4 + 10 bytes: no whole 16-byte block after the header
  assert.deepEqual(planNalSubsamples(sampleOf(tiny), 'cenc', avc), [{ clearBytes: 4 + tiny.byteLength, protectedBytes: 0 }]);
});

test('clear runs over 65535 bytes (BytesOfClearData is 16 bits) become several subsamples', () => {
  const sei = Uint8Array.from([0x06, ...payload(70_000)]);
  const slice = idrSlice(payload(160));
  const subsamples = planNalSubsamples(sampleOf(sei, slice), 'cenc', avc);
  const clear = 4 + sei.byteLength + 4 + 4 + ((slice.byteLength - 4) % 16);
  assert.deepEqual(subsamples, [
    { clearBytes: 65535, protectedBytes: 0 },
    { clearBytes: clear - 65535, protectedBytes: slice.byteLength - 4 - ((slice.byteLength - 4) % 16) },
  ]);
  assert.equal(subsamples.reduce((n, s) => n + s.clearBytes + s.protectedBytes, 0), 8 + sei.byteLength + slice.byteLength);
});

test('emulation prevention bytes inside a slice header count as clear bytes', () => {
  // idr_pic_id 2^25-1: 25 zero bits, so the escaped header holds two 0x03 bytes.
  const slice = idrSlice(payload(200), 2 ** 25 - 1);
  assert.deepEqual([...slice.subarray(0, 12)], [0x65, 0x88, 0x80, 0x00, 0x00, 0x03, 0x02, 0x00, 0x00, 0x03, 0x00, 0x28]);
  const bits = measureAvcSliceHeaderBits(slice, avc.parameters);
  assert.equal(bits, 8 + 70);
  assert.equal(escapedLength(slice, Math.ceil(bits / 8)), 12);
  assert.deepEqual(planNalSubsamples(sampleOf(slice), 'cbcs', avc), [{ clearBytes: 4 + 12, protectedBytes: slice.byteLength - 12 }]);
});

test('escapedLength: 00 00 03 holds two RBSP bytes in three', () => {
  const nal = Uint8Array.from([0x65, 0x00, 0x00, 0x03, 0x01, 0x07]);
  assert.equal(escapedLength(nal, 3), 3);
  assert.equal(escapedLength(nal, 4), 5);
  assert.equal(escapedLength(nal, 5), 6);
});

test('a NAL unit length past the sample, or a PPS the track lacks, is MALFORMED', () => {
  const sample = sampleOf(idrSlice(payload(40)));
  new DataView(sample.buffer).setUint32(0, 1000);
  assert.throws(() => planNalSubsamples(sample, 'cenc', avc), (e: unknown) => e instanceof MediaError && e.code === 'MALFORMED');
  const other = readAvcSliceParameters({ sps: [sps], pps: [] });
  assert.throws(() => planNalSubsamples(sampleOf(idrSlice(payload(40))), 'cenc', { codec: 'avc', parameters: other }), /PPS 0/);
});
