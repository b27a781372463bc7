import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Sample } from '../../../src/media/model/Sample.ts';
import { payloadHeadroom } from '../../../src/media/isobmff/payloadHeadroom.ts';
import { writeMediaSegment } from '../../../src/media/isobmff/writeMediaSegment.ts';

const SIZES = [100, 50, 70, 1];

/** Samples whose payloads fill an `allocate`d buffer back to back, as readIndexedSamples makes them. */
function reservedSamples(headroom = payloadHeadroom.fragmentBytes(SIZES.length)): Sample[] {
  const payload = payloadHeadroom.allocate(headroom, SIZES.reduce((a, b) => a + b, 0), (n) => new Uint8Array(n).fill(0xcc));
  let at = 0;
  return SIZES.map((size, i) => {
    const data = payload.subarray(at, at + size).fill(i + 1);
    at += size;
    return { decodeTime: 1000 * i, compositionOffset: i === 1 ? 2000 : 0, duration: 1000, isSync: i === 0, data };
  });
}

/** The same samples in buffers of their own: the copying path. */
function copied(samples: Sample[]): Sample[] {
  return samples.map((s) => ({ ...s, data: s.data.slice() }));
}

const write = (samples: Sample[], sidx = false) =>
  writeMediaSegment({ sequenceNumber: 3, baseMediaDecodeTime: 5000, samples, sidx: sidx ? { timescale: 1000, earliestPresentationTime: 5000 } : undefined });

test('allocate: the headroom is zeroed even when the allocator does not zero', () => {
  const payload = payloadHeadroom.allocate(16, 8, (n) => new Uint8Array(n).fill(0xcc));
  assert.equal(payload.byteOffset, 16);
  assert.deepEqual([...new Uint8Array(payload.buffer, 0, 16)], new Array(16).fill(0));
  assert.equal(payload.byteLength, 8);
});

for (const sidx of [false, true]) {
  test(`writeMediaSegment${sidx ? ' with sidx' : ''}: the header goes into the headroom, the bytes equal the copying path's`, () => {
    const samples = reservedSamples();
    const expected = write(copied(samples), sidx);
    const out = write(samples, sidx);
    assert.deepEqual(out, expected);
    assert.equal(out.buffer, samples[0].data.buffer, 'no new buffer: written in place');
    assert.equal(out.byteOffset + out.byteLength, samples[3].data.byteOffset + 1, 'ends with the last payload byte');
  });
}

test('claim: once only, so a second writer of the same samples copies', () => {
  const samples = reservedSamples();
  const first = write(samples);
  const second = write(samples);
  assert.notEqual(second.buffer, samples[0].data.buffer);
  assert.deepEqual(second, first);
});

test('claim: refused for samples that are not exactly the reserved payload, in order', () => {
  const header = 200;
  const s = reservedSamples();
  assert.equal(payloadHeadroom.claim([], header), undefined, 'no samples');
  assert.equal(payloadHeadroom.claim(s.slice(1), header), undefined, 'first sample dropped');
  assert.equal(payloadHeadroom.claim(s.slice(0, 3), header), undefined, 'last sample dropped');
  assert.equal(payloadHeadroom.claim([s[1], s[0], s[2], s[3]], header), undefined, 'reordered');
  assert.equal(payloadHeadroom.claim([s[0], { ...s[1], data: s[1].data.slice() }, s[2], s[3]], header), undefined, 'one payload replaced');
  assert.equal(payloadHeadroom.claim(copied(s), header), undefined, 'buffers of their own');
  assert.equal(payloadHeadroom.claim(s, payloadHeadroom.fragmentBytes(4) + 1), undefined, 'header larger than the room');
  const claimed = payloadHeadroom.claim(s, header);
  assert.ok(claimed);
  assert.equal(claimed.byteLength, header + 221);
  assert.equal(claimed.byteOffset + header, s[0].data.byteOffset);
});

test('writeMediaSegment: a headroom too small for the header falls back to copying', () => {
  const samples = reservedSamples(8);
  const out = write(samples);
  assert.notEqual(out.buffer, samples[0].data.buffer);
  assert.deepEqual(out, write(copied(samples)));
});
