import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteWriter } from '../../../src/media/bytes/ByteWriter.ts';
import type { Sample } from '../../../src/media/model/Sample.ts';
import { writeMfhd } from '../../../src/media/isobmff/boxes/mfhd.ts';
import { readSidx } from '../../../src/media/isobmff/boxes/sidx.ts';
import { writeTfhd } from '../../../src/media/isobmff/boxes/tfhd.ts';
import type { InitSegmentInfo } from '../../../src/media/isobmff/InitSegmentInfo.ts';
import { iterateBoxes } from '../../../src/media/isobmff/iterateBoxes.ts';
import { readMediaSegment } from '../../../src/media/isobmff/readMediaSegment.ts';
import { writeMediaSegment } from '../../../src/media/isobmff/writeMediaSegment.ts';

const defaults = { sampleDescriptionIndex: 1, sampleDuration: 0, sampleSize: 0, sampleFlags: 0 };
const config = { codec: 'aac' as const, audioSpecificConfig: new Uint8Array([0x11, 0x90]) };
const init: InitSegmentInfo = {
  tracks: [
    { trackId: 1, kind: 'video', timescale: 90000, config, codecString: 'x', editMediaTime: 0, sampleEntry: 'x', defaults: { ...defaults, sampleFlags: 0x01010000 } },
    { trackId: 2, kind: 'audio', timescale: 48000, config, codecString: 'x', editMediaTime: 0, sampleEntry: 'x', defaults: { ...defaults, sampleDuration: 1024 } },
  ],
};

function samples(): Sample[] {
  const data = (n: number, fill: number) => new Uint8Array(n).fill(fill);
  return [
    { decodeTime: 900000, compositionOffset: 0, duration: 3600, isSync: true, data: data(100, 1) },
    { decodeTime: 903600, compositionOffset: 7200, duration: 3600, isSync: false, data: data(50, 2) },
    { decodeTime: 907200, compositionOffset: -3600, duration: 3000, isSync: false, data: data(70, 3) },
  ];
}

test('readMediaSegment(writeMediaSegment(x)) gives back the sample table, with offsets at the right bytes', () => {
  const input = samples();
  const bytes = writeMediaSegment({ sequenceNumber: 5, baseMediaDecodeTime: 900000, samples: input });
  const [traf, ...rest] = readMediaSegment(bytes, init, { baseOffset: 1000 });
  assert.equal(rest.length, 0);
  assert.deepEqual([traf.trackId, traf.baseMediaDecodeTime], [1, 900000]);
  assert.deepEqual(
    traf.samples.map(({ offset, ...s }) => s),
    input.map((s) => ({ decodeTime: s.decodeTime, compositionOffset: s.compositionOffset, duration: s.duration, size: s.data.byteLength, isSync: s.isSync })),
  );
  traf.samples.forEach((s, i) => assert.deepEqual(bytes.subarray(s.offset - 1000, s.offset - 1000 + s.size), input[i].data));
  // Exactly styp + moof + mdat, the mdat last and holding all the data.
  const boxes = [...iterateBoxes(bytes)];
  assert.deepEqual(boxes.map((b) => b.type), ['styp', 'moof', 'mdat']);
  assert.equal(boxes[2].size, 8 + 220);
  assert.equal(bytes.byteLength, boxes[2].end);
});

test('writeMediaSegment: sidx references moof+mdat with SAP type 1; styp can be left out', () => {
  const bytes = writeMediaSegment({
    sequenceNumber: 1,
    trackId: 2,
    baseMediaDecodeTime: 900000,
    samples: samples(),
    styp: false,
    sidx: { timescale: 90000, earliestPresentationTime: 900000 },
  });
  const boxes = [...iterateBoxes(bytes)];
  assert.deepEqual(boxes.map((b) => b.type), ['sidx', 'moof', 'mdat']);
  const sidx = readSidx(bytes, boxes[0]);
  assert.deepEqual(sidx, {
    referenceId: 2,
    timescale: 90000,
    earliestPresentationTime: 900000,
    firstOffset: 0,
    references: [{ referenceType: 0, referencedSize: boxes[1].size + boxes[2].size, subsegmentDuration: 10200, startsWithSap: true, sapType: 1, sapDeltaTime: 0 }],
  });
  assert.equal(readMediaSegment(bytes, init)[0].trackId, 2);

  const notSync = samples().map((s) => ({ ...s, isSync: false }));
  const open = writeMediaSegment({ sequenceNumber: 1, baseMediaDecodeTime: 0, samples: notSync, sidx: { timescale: 90000, earliestPresentationTime: 0 } });
  const openSidx = [...iterateBoxes(open)].find((b) => b.type === 'sidx')!;
  assert.deepEqual(readSidx(open, openSidx).references[0].startsWithSap, false);
});

test('readMediaSegment: tfhd/trex defaults, first_sample_flags, the legacy moof-relative rule, base_data_offset, missing tfdt', () => {
  const w = new ByteWriter(256);
  // moof 1: traf(track 1) with tfdt and first_sample_flags, then traf(track 2) without tfdt or data_offset.
  const moof1 = w.beginBox('moof');
  writeMfhd(w, 1);
  let traf = w.beginBox('traf');
  writeTfhd(w, { flags: 0x10, trackId: 1, defaultSampleSize: 10 }); // default-sample-size only; no default-base-is-moof
  let box = w.beginFullBox('tfdt', 0, 0);
  w.u32(1000);
  w.endBox(box);
  box = w.beginFullBox('trun', 0, 0x000105); // data-offset | first-sample-flags | sample-duration
  w.u32(3);
  const dataOffsetAt = w.length;
  w.u32(0).u32(0x02000000).u32(10).u32(20).u32(30);
  w.endBox(box);
  w.endBox(traf);
  traf = w.beginBox('traf');
  writeTfhd(w, { flags: 0, trackId: 2 });
  box = w.beginFullBox('trun', 0, 0x000200); // sample-size only: data follows the previous traf's
  w.u32(2).u32(4).u32(6);
  w.endBox(box);
  w.endBox(traf);
  w.endBox(moof1);
  w.u32(8 + 40).fourcc('mdat');
  const payload1 = w.length;
  w.zeros(40);
  w.patchU32(dataOffsetAt, payload1 - moof1);
  // moof 2: track 1 with an explicit base_data_offset (a file position) and no tfdt.
  const baseOffset = 5000;
  const moof2 = w.beginBox('moof');
  writeMfhd(w, 2);
  traf = w.beginBox('traf');
  const tfhdAt = w.length;
  writeTfhd(w, { flags: 0x09, trackId: 1, baseDataOffset: 0, defaultSampleDuration: 5 });
  box = w.beginFullBox('trun', 0, 0x000201);
  w.u32(2).u32(0).u32(3).u32(3);
  w.endBox(box);
  w.endBox(traf);
  w.endBox(moof2);
  w.u32(8 + 6).fourcc('mdat');
  const payload2 = w.length;
  w.zeros(6);
  const bytes = w.finish();
  new DataView(bytes.buffer).setUint32(tfhdAt + 20, baseOffset + payload2); // low word of tfhd base_data_offset (after size, type, version+flags, track_ID, high word)

  const got = readMediaSegment(bytes, init, { baseOffset });
  const at = baseOffset + payload1;
  assert.deepEqual(got, [
    {
      trackId: 1,
      baseMediaDecodeTime: 1000,
      samples: [
        { decodeTime: 1000, compositionOffset: 0, duration: 10, size: 10, isSync: true, offset: at },
        { decodeTime: 1010, compositionOffset: 0, duration: 20, size: 10, isSync: false, offset: at + 10 },
        { decodeTime: 1030, compositionOffset: 0, duration: 30, size: 10, isSync: false, offset: at + 20 },
      ],
    },
    {
      trackId: 2,
      baseMediaDecodeTime: 0,
      samples: [
        { decodeTime: 0, compositionOffset: 0, duration: 1024, size: 4, isSync: true, offset: at + 30 },
        { decodeTime: 1024, compositionOffset: 0, duration: 1024, size: 6, isSync: true, offset: at + 34 },
      ],
    },
    {
      trackId: 1,
      baseMediaDecodeTime: 1060,
      samples: [
        { decodeTime: 1060, compositionOffset: 0, duration: 5, size: 3, isSync: false, offset: baseOffset + payload2 },
        { decodeTime: 1065, compositionOffset: 0, duration: 5, size: 3, isSync: false, offset: baseOffset + payload2 + 3 },
      ],
    },
  ]);
});

test('readMediaSegment: a traf of a track the init does not have is MALFORMED', () => {
  const bytes = writeMediaSegment({ sequenceNumber: 1, trackId: 9, baseMediaDecodeTime: 0, samples: samples() });
  assert.throws(() => readMediaSegment(bytes, init), (e: Error & { code?: string }) => e.code === 'MALFORMED' && e.message.includes('found 9'));
});
