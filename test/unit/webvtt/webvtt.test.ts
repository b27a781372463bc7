import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readWebVtt } from '../../../src/media/webvtt/readWebVtt.ts';
import { writeWebVtt, formatTimestamp } from '../../../src/media/webvtt/writeWebVtt.ts';
import { writeWebVttSamples } from '../../../src/media/webvtt/writeWebVttSamples.ts';
import { MediaError } from '../../../src/media/errors/MediaError.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

const FILE = [
  '\ufeffWEBVTT - sample',
  'X-TIMESTAMP-MAP=LOCAL:00:00:01.000,MPEGTS:900000',
  '',
  'NOTE a comment',
  'spanning lines',
  '',
  'STYLE',
  '::cue { color: red }',
  '',
  'intro',
  '00:01.000 --> 00:02.500 line:0 align:start',
  'Héllo',
  '<i>world</i>',
  '',
  '01:00:00.000 --> 01:00:01.000',
  'An hour in',
  '',
].join('\r\n');

test('reads X-TIMESTAMP-MAP in either order, skips NOTE/STYLE, keeps ids, settings and multi-line payloads', () => {
  const file = readWebVtt(utf8(FILE));
  assert.deepEqual(file.timestampMap, { mpegts: 900000, localMs: 1000 });
  assert.deepEqual(
    file.cues.map(({ id, startMs, endMs, settings, payload }) => ({ id, startMs, endMs, settings, payload })),
    [
      { id: 'intro', startMs: 1000, endMs: 2500, settings: 'line:0 align:start', payload: 'Héllo\n<i>world</i>' },
      { id: undefined, startMs: 3_600_000, endMs: 3_601_000, settings: '', payload: 'An hour in' },
    ],
  );
});

test('cue byte ranges are UTF-8 byte offsets of the whole cue block', () => {
  const bytes = utf8(FILE);
  const [first, second] = readWebVtt(bytes).cues;
  const text = new TextDecoder().decode(bytes.subarray(first.byteStart, first.byteEnd));
  assert.equal(text, 'intro\r\n00:01.000 --> 00:02.500 line:0 align:start\r\nHéllo\r\n<i>world</i>\r\n');
  assert.ok(new TextDecoder().decode(bytes.subarray(second.byteStart, second.byteEnd)).startsWith('01:00:00.000 -->'));
});

test('malformed input: a clear error naming what was expected', () => {
  const bad = (s: string, pattern: RegExp) => assert.throws(() => readWebVtt(utf8(s)), (e: unknown) => e instanceof MediaError && pattern.test(e.message));
  bad('1\n00:00.000 --> 00:01.000\nx', /starting with "WEBVTT"/);
  bad('WEBVTT\n\nid\nnot a timing\ntext\n', /expected "start --> end" timings/);
  bad('WEBVTT\n\n00:02.000 --> 00:01.000\nbackwards\n', /ends .* at or before it starts/);
  bad('WEBVTT\n\n00:61.000 --> 00:62.000\nx\n', /over 59/);
  bad('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:abc\n\n', /X-TIMESTAMP-MAP/);
  assert.throws(() => readWebVtt(new Uint8Array([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xff, 0xfe])), /not valid UTF-8/);
});

test('writeWebVtt round trips through readWebVtt with the timestamp map', () => {
  const cues = [
    { id: 'a', startMs: 0, endMs: 1500, settings: 'align:end', payload: 'one\ntwo' },
    { startMs: 3_725_042, endMs: 3_726_000, settings: '', payload: 'later' },
  ];
  const text = writeWebVtt(cues, { mpegts90k: 126000 });
  const back = readWebVtt(utf8(text));
  assert.deepEqual(back.timestampMap, { mpegts: 126000, localMs: 0 });
  assert.deepEqual(back.cues.map(({ id, startMs, endMs, settings, payload }) => ({ id, startMs, endMs, settings, payload })), [cues[0], { ...cues[1], id: undefined }]);
  assert.equal(formatTimestamp(3_725_042), '01:02:05.042');
  assert.equal(writeWebVtt([], { mpegts90k: 0 }), 'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n');
});

test('writeWebVttSamples: contiguous samples covering the interval, vtte for gaps, overlapping cues together, clipped at the ends', () => {
  const cues = [
    { id: 'x', startMs: 500, endMs: 2500, settings: '', payload: 'X' },
    { startMs: 2000, endMs: 3000, settings: 'line:0', payload: 'Y' },
    { startMs: 5000, endMs: 7000, settings: '', payload: 'Z' },
  ];
  const samples = writeWebVttSamples(cues, 1000, 6000);
  assert.deepEqual(samples.map((s) => [s.decodeTime, s.duration]), [[1000, 1000], [2000, 500], [2500, 500], [3000, 2000], [5000, 1000]]);
  const boxes = (data: Uint8Array) => {
    const types: string[] = [];
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let at = 0; at < data.byteLength; at += view.getUint32(at)) types.push(new TextDecoder().decode(data.subarray(at + 4, at + 8)));
    return types.join('+');
  };
  assert.deepEqual(samples.map((s) => boxes(s.data)), ['vttc', 'vttc+vttc', 'vttc', 'vtte', 'vttc']);
  // vttc of cue x: iden "x", payl "X"; of cue Y: sttg "line:0", payl "Y".
  assert.deepEqual([...samples[0].data], [0, 0, 0, 26, ...utf8('vttc'), 0, 0, 0, 9, ...utf8('iden'), ...utf8('x'), 0, 0, 0, 9, ...utf8('payl'), ...utf8('X')]);
  assert.ok(new TextDecoder().decode(samples[1].data).includes('sttgline:0'));
  assert.deepEqual(writeWebVttSamples([], 0, 4000).map((s) => [s.decodeTime, s.duration, boxes(s.data)]), [[0, 4000, 'vtte']]);
});
