import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeBoxes } from '../../../src/media/isobmff/describeBoxes.ts';
import { fnv1a32 } from '../../../src/media/isobmff/fnv1a32.ts';
import { writeMediaSegment } from '../../../src/media/isobmff/writeMediaSegment.ts';

test('describeBoxes: a written media segment, one line per box and per trun sample', () => {
  const a = new Uint8Array([1, 2, 3, 4, 5]);
  const b = new Uint8Array([6, 7, 8]);
  const bytes = writeMediaSegment({
    sequenceNumber: 3,
    baseMediaDecodeTime: 90000,
    samples: [
      { decodeTime: 90000, compositionOffset: 7200, duration: 3600, isSync: true, data: a },
      { decodeTime: 93600, compositionOffset: -3600, duration: 3600, isSync: false, data: b },
    ],
    sidx: { timescale: 90000, earliestPresentationTime: 97200 },
  });
  assert.equal(
    describeBoxes(bytes),
    [
      'styp major=msdh minor=0 compatible=msdh,msix,cmfs,cmff',
      'sidx referenceId=1 timescale=90000 earliestPresentationTime=97200 firstOffset=0',
      '  #0 type=0 size=136 dur=7200 sap=1 sapDelta=0',
      'moof',
      '  mfhd sequenceNumber=3',
      '  traf',
      '    tfhd id=1 flags=0x020000 default-base-is-moof',
      '    tfdt baseMediaDecodeTime=90000',
      // data_offset = moof (88 + 16 per sample = 120) + mdat header (8)
      '    trun version=1 flags=0x000f01 samples=2 dataOffset=128',
      '      #0 dur=3600 size=5 flags=sync cto=7200',
      '      #1 dur=3600 size=3 flags=non-sync cto=-3600',
      `mdat size=8 fnv1a=${fnv1a32(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))}`,
    ].join('\n'),
  );
});

test('describeBoxes: a box that fails to parse shows its error, a truncated tail is reported', () => {
  const data = new Uint8Array(10);
  const bytes = writeMediaSegment({ sequenceNumber: 1, baseMediaDecodeTime: 0, samples: [{ decodeTime: 0, compositionOffset: 0, duration: 1, isSync: true, data }], styp: false });
  const cut = bytes.subarray(0, bytes.byteLength - 4);
  const dump = describeBoxes(cut);
  assert.match(dump, /^moof\n/);
  assert.match(dump, /\n! box 'mdat' at offset \d+: expected 18 bytes, found 14$/);
});
