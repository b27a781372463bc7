import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planHlsAdMarkers } from '../../../src/media/hls/planHlsAdMarkers.ts';
import { writeMediaPlaylist } from '../../../src/media/hls/writeMediaPlaylist.ts';
import { bytesFromBase64 } from '../../../src/media/bytes/base64.ts';
import { crc32Mpeg2 } from '../../../src/media/mp2t/crc32Mpeg2.ts';
import type { SegmentTiming } from '../../../src/media/model/Presentation.ts';

/** 2 s segments on a 90 kHz timeline, 0-16 s; a break from 8 s to 12 s is a forced boundary. */
const segments: SegmentTiming[] = Array.from({ length: 8 }, (_, i) => ({ number: i + 1, startTime: i * 180_000, duration: 180_000 }));
const lines = (map: Map<number, string[]>) => Object.fromEntries([...map].map(([n, l]) => [n, l.map((x) => x.replace(/SCTE35(:|=)[A-Za-z0-9+/=]+/, 'SCTE35$1B64'))]));

test('SCTE35_ENHANCED: CUE-OUT with the duration, CUE-OUT-CONT with the elapsed time, CUE-IN where the break ends', () => {
  const out = planHlsAdMarkers(segments, 90_000, { breaks: [{ startSeconds: 8, kind: 'ad-start', durationSeconds: 4 }, { startSeconds: 12, kind: 'ad-end' }] }, 'SCTE35_ENHANCED', 126_000);
  assert.deepEqual(lines(out), {
    5: ['#EXT-OATCLS-SCTE35:B64', '#EXT-X-CUE-OUT:4.000'],
    6: ['#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=4,SCTE35=B64'],
    7: ['#EXT-OATCLS-SCTE35:B64', '#EXT-X-CUE-IN'],
  });
  // The messages made here: splice_insert out at 8 s (+ the output's PTS offset) for 4 s, and back in at 12 s, one event id.
  const [outMessage, inMessage] = [out.get(5)![0], out.get(7)![0]].map((l) => bytesFromBase64(l.split(':')[1]));
  assert.equal(crc32Mpeg2(outMessage), 0);
  assert.equal(Buffer.from(outMessage.subarray(13, 30)).toString('hex'), '05' + '00000001' + '7f' + 'ef' + 'fe' + (8 * 90_000 + 126_000).toString(16).padStart(8, '0') + 'fe' + (4 * 90_000).toString(16).padStart(8, '0'));
  assert.equal(Buffer.from(inMessage.subarray(13, 25)).toString('hex'), '05' + '00000001' + '7f' + '4f' + 'fe' + (12 * 90_000 + 126_000).toString(16).padStart(8, '0'));
  assert.equal(out.get(6)![0].split('SCTE35=')[1], out.get(5)![0].split(':')[1], 'CUE-OUT-CONT repeats the break\'s message');
});

test('SCTE35_ENHANCED: the duration from the CUE-IN when CUE-OUT has none; to the end without either; the source\'s own SCTE-35', () => {
  const fromIn = planHlsAdMarkers(segments, 90_000, { breaks: [{ startSeconds: 4, kind: 'ad-start' }, { startSeconds: 10, kind: 'ad-end' }] }, 'SCTE35_ENHANCED', 0);
  assert.equal(fromIn.get(3)![1], '#EXT-X-CUE-OUT:6.000');
  assert.deepEqual([...fromIn.keys()], [3, 4, 5, 6]);
  assert.equal(fromIn.get(6)![1], '#EXT-X-CUE-IN');
  const open = planHlsAdMarkers(segments, 90_000, { breaks: [{ startSeconds: 12, kind: 'ad-start' }] }, 'SCTE35_ENHANCED', 0);
  assert.deepEqual(lines(open), { 7: ['#EXT-OATCLS-SCTE35:B64', '#EXT-X-CUE-OUT:4.000'], 8: ['#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=4,SCTE35=B64'] });
  const own = planHlsAdMarkers(
    segments,
    90_000,
    {
      breaks: [{ startSeconds: 8, kind: 'ad-start', durationSeconds: 4 }, { startSeconds: 12, kind: 'ad-end' }],
      adMarkers: [
        { startSeconds: 8, tag: 'EXT-X-DATERANGE', value: 'ID="1",START-DATE="2026-01-01T00:00:08Z",PLANNED-DURATION=4,SCTE35-OUT=0xFC3011' },
        { startSeconds: 12, tag: 'EXT-OATCLS-SCTE35', value: '/DAnAAAA' },
      ],
    },
    'SCTE35_ENHANCED',
    0,
  );
  assert.equal(own.get(5)![0], '#EXT-OATCLS-SCTE35:/DAR', 'the DATERANGE\'s SCTE35-OUT, in base64');
  assert.equal(own.get(7)![0], '#EXT-OATCLS-SCTE35:/DAnAAAA');
});

test('PASSTHROUGH: the source tags verbatim, on the segment starting at their time (within 100 ms) or holding it', () => {
  const audio: SegmentTiming[] = [
    { number: 1, startTime: 0, duration: 383_040 },
    { number: 2, startTime: 383_040, duration: 192_000 },
    { number: 3, startTime: 575_040, duration: 384_960 },
  ]; // 48 kHz: 7.98 s, 4 s, 8.02 s
  const out = planHlsAdMarkers(
    audio,
    48_000,
    {
      adMarkers: [
        { startSeconds: 8, tag: 'EXT-X-CUE-OUT', value: 'DURATION=4' },
        { startSeconds: 10, tag: 'EXT-X-CUE-OUT-CONT', value: '2/4' },
        { startSeconds: 12, tag: 'EXT-X-CUE-IN' },
      ],
    },
    'PASSTHROUGH',
    0,
  );
  assert.deepEqual(Object.fromEntries(out), { 2: ['#EXT-X-CUE-OUT:DURATION=4', '#EXT-X-CUE-OUT-CONT:2/4'], 3: ['#EXT-X-CUE-IN'] });
});

test('the media playlist writes the lines before their segment\'s EXTINF', () => {
  const text = writeMediaPlaylist(
    { track: { id: 'v1', kind: 'video', timescale: 90_000 } as never, segments: segments.slice(0, 3) },
    { segmentUri: (n) => `${n}.ts`, linesBefore: new Map([[2, ['#EXT-X-CUE-OUT:4.000']]]) },
  );
  assert.match(text, /\n1\.ts\n#EXT-X-CUE-OUT:4\.000\n#EXTINF:2\.00000,\n2\.ts\n/);
});

test('back-to-back breaks: the OATCLS before each cue tag goes with it (the return of one, the start of the next, on one segment)', () => {
  const out = planHlsAdMarkers(
    segments,
    90_000,
    {
      breaks: [
        { startSeconds: 4, kind: 'ad-start', durationSeconds: 4 },
        { startSeconds: 8, kind: 'ad-end' },
        { startSeconds: 8, kind: 'ad-start', durationSeconds: 2 },
        { startSeconds: 10, kind: 'ad-end' },
      ],
      adMarkers: [
        { startSeconds: 4, tag: 'EXT-OATCLS-SCTE35', value: 'OUT1' },
        { startSeconds: 4, tag: 'EXT-X-CUE-OUT', value: '4' },
        { startSeconds: 8, tag: 'EXT-OATCLS-SCTE35', value: 'IN1' },
        { startSeconds: 8, tag: 'EXT-X-CUE-IN' },
        { startSeconds: 8, tag: 'EXT-OATCLS-SCTE35', value: 'OUT2' },
        { startSeconds: 8, tag: 'EXT-X-CUE-OUT', value: '2' },
        { startSeconds: 10, tag: 'EXT-OATCLS-SCTE35', value: 'IN2' },
        { startSeconds: 10, tag: 'EXT-X-CUE-IN' },
      ],
    },
    'SCTE35_ENHANCED',
    0,
  );
  assert.deepEqual(Object.fromEntries(out), {
    3: ['#EXT-OATCLS-SCTE35:OUT1', '#EXT-X-CUE-OUT:4.000'],
    4: ['#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=4,SCTE35=OUT1'],
    5: ['#EXT-OATCLS-SCTE35:IN1', '#EXT-X-CUE-IN', '#EXT-OATCLS-SCTE35:OUT2', '#EXT-X-CUE-OUT:2.000'],
    6: ['#EXT-OATCLS-SCTE35:IN2', '#EXT-X-CUE-IN'],
  });
});

test('a CUE-OUT without duration or CUE-IN ends where the next break starts: breaks never overlap', () => {
  const out = planHlsAdMarkers(segments, 90_000, { breaks: [{ startSeconds: 4, kind: 'ad-start' }, { startSeconds: 10, kind: 'ad-start', durationSeconds: 4 }] }, 'SCTE35_ENHANCED', 0);
  assert.deepEqual(lines(out), {
    3: ['#EXT-OATCLS-SCTE35:B64', '#EXT-X-CUE-OUT:6.000'],
    4: ['#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=6,SCTE35=B64'],
    5: ['#EXT-X-CUE-OUT-CONT:ElapsedTime=4.000,Duration=6,SCTE35=B64'],
    6: ['#EXT-OATCLS-SCTE35:B64', '#EXT-X-CUE-IN', '#EXT-OATCLS-SCTE35:B64', '#EXT-X-CUE-OUT:4.000'],
    7: ['#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=4,SCTE35=B64'],
    8: ['#EXT-OATCLS-SCTE35:B64', '#EXT-X-CUE-IN'],
  });
});

test('PASSTHROUGH leaves EXT-X-DATERANGE out (its dates are the source clock\'s, and it needs EXT-X-PROGRAM-DATE-TIME)', () => {
  const out = planHlsAdMarkers(
    segments,
    90_000,
    { adMarkers: [{ startSeconds: 8, tag: 'EXT-X-DATERANGE', value: 'ID="1",START-DATE="2026-01-01T00:00:08Z",SCTE35-OUT=0xFC30' }, { startSeconds: 8, tag: 'EXT-X-CUE-OUT', value: '4' }] },
    'PASSTHROUGH',
    0,
  );
  assert.deepEqual(Object.fromEntries(out), { 5: ['#EXT-X-CUE-OUT:4'] });
});
