import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Sample } from '../../../src/media/model/Sample.ts';
import { describeBoxes } from '../../../src/media/isobmff/describeBoxes.ts';
import { fnv1a32 } from '../../../src/media/isobmff/fnv1a32.ts';
import { findBox } from '../../../src/media/isobmff/findBox.ts';
import { describeTfxd, isTfxd, readTfxd } from '../../../src/media/isobmff/boxes/tfxd.ts';
import { readTfhd } from '../../../src/media/isobmff/boxes/tfhd.ts';
import { readTrun } from '../../../src/media/isobmff/boxes/trun.ts';
import { iterateBoxes } from '../../../src/media/isobmff/iterateBoxes.ts';
import { writeSmoothFragment } from '../../../src/media/mss/writeSmoothFragment.ts';
import { assertGolden } from '../hls/assertGolden.ts';

const golden = (name: string) => fileURLToPath(new URL(`golden/${name}`, import.meta.url));

function samples(): Sample[] {
  const data = (n: number, fill: number) => new Uint8Array(n).fill(fill);
  return [
    { decodeTime: 181920, compositionOffset: 0, duration: 3600, isSync: true, data: data(100, 1) },
    { decodeTime: 185520, compositionOffset: 10800, duration: 3600, isSync: false, data: data(50, 2) },
    { decodeTime: 189120, compositionOffset: -3600, duration: 3600, isSync: false, data: data(70, 3) },
    { decodeTime: 192720, compositionOffset: 0, duration: 3000, isSync: false, data: data(30, 4) },
  ];
}

/**
 * `describeBoxes` plus the TfxdBox fields: a `uuid` line is described with
 * `describeTfxd` whether or not the generic dump knows the extended type.
 */
function dump(bytes: Uint8Array): string {
  const tfxd = [...tfxdBoxes(bytes)].map((box) => describeTfxd(readTfxd(bytes, box)));
  return describeBoxes(bytes).replace(/^(\s*)uuid .*$/gm, (_, indent: string) => `${indent}uuid ${tfxd.shift()}`);
}

function* tfxdBoxes(bytes: Uint8Array) {
  for (const moof of iterateBoxes(bytes)) {
    if (moof.type !== 'moof') continue;
    for (const traf of iterateBoxes(bytes, moof.contentStart, moof.end)) {
      if (traf.type !== 'traf') continue;
      for (const box of iterateBoxes(bytes, traf.contentStart, traf.end)) if (isTfxd(bytes, box)) yield box;
    }
  }
}

test('matches the golden box dump: moof(mfhd, traf(tfhd, trun, tfxd)) + mdat, no styp, no tfdt', () => {
  const bytes = writeSmoothFragment({ sequenceNumber: 2, fragmentAbsoluteTime: 181920, samples: samples() });
  const text = dump(bytes);
  assertGolden(golden('fragment.txt'), `${text}\nfnv1a=${fnv1a32(bytes)}\n`);
  assert.deepEqual([...iterateBoxes(bytes)].map((b) => b.type), ['moof', 'mdat']);
  assert.doesNotMatch(text, /styp|tfdt/);
});

test('the TfxdBox holds the fragment time and the sum of sample durations', () => {
  const bytes = writeSmoothFragment({ sequenceNumber: 2, fragmentAbsoluteTime: 181920, samples: samples() });
  const [box] = [...tfxdBoxes(bytes)];
  assert.deepEqual(readTfxd(bytes, box), { fragmentAbsoluteTime: 181920, fragmentDuration: 3600 * 3 + 3000 });
});

test('trun data_offset points at the first sample in mdat, counted from the moof start (tfhd without flags)', () => {
  const input = samples();
  const bytes = writeSmoothFragment({ sequenceNumber: 9, trackId: 2, fragmentAbsoluteTime: 0, samples: input });
  const [moof, mdat] = [...iterateBoxes(bytes)];
  const traf = findBox(bytes, moof, 'traf')!;
  const tfhd = readTfhd(bytes, findBox(bytes, traf, 'tfhd')!);
  assert.deepEqual(tfhd, { flags: 0, trackId: 2 });
  const trun = readTrun(bytes, findBox(bytes, traf, 'trun')!);
  assert.equal(trun.dataOffset, mdat.contentStart - moof.start);
  let at = moof.start + trun.dataOffset!;
  trun.samples.forEach((s, i) => {
    assert.deepEqual(bytes.subarray(at, at + s.size!), input[i].data);
    assert.equal(s.compositionOffset, input[i].compositionOffset);
    at += s.size!;
  });
  assert.equal(at, bytes.byteLength);
});

test('an empty fragment is still well-formed', () => {
  const bytes = writeSmoothFragment({ sequenceNumber: 1, fragmentAbsoluteTime: 5, samples: [] });
  const [box] = [...tfxdBoxes(bytes)];
  assert.deepEqual(readTfxd(bytes, box), { fragmentAbsoluteTime: 5, fragmentDuration: 0 });
  assert.deepEqual([...iterateBoxes(bytes)].map((b) => [b.type, b.size]).at(-1), ['mdat', 8]);
});
