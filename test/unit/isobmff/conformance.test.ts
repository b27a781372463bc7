import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Sample } from '../../../src/media/model/Sample.ts';
import type { Track } from '../../../src/media/model/Track.ts';
import type { InitSegmentInfo } from '../../../src/media/isobmff/InitSegmentInfo.ts';
import { readInitSegment } from '../../../src/media/isobmff/readInitSegment.ts';
import { readMediaSegment } from '../../../src/media/isobmff/readMediaSegment.ts';
import { writeInitSegment } from '../../../src/media/isobmff/writeInitSegment.ts';
import { writeMediaSegment } from '../../../src/media/isobmff/writeMediaSegment.ts';
import type { Fmp4Source } from './fixtures.ts';
import { aacSource, decodeErrors, frameHashes, h264HlsSource, hevcSource, probeStream, writeTemp } from './fixtures.ts';

/**
 * Reads an ffmpeg-made fMP4 source with our readers, rewrites it with our
 * writers (one CMAF fragment per source traf, samples sliced by offset/size)
 * and returns the concatenated init + segments plus what was read.
 */
function repackage(source: Fmp4Source): { output: Uint8Array; info: InitSegmentInfo; samples: Sample[] } {
  const info = readInitSegment(source.init);
  assert.equal(info.tracks.length, 1);
  const t = info.tracks[0];
  const track: Track = {
    id: t.kind === 'video' ? 'v1' : 'a1',
    kind: t.kind,
    timescale: t.timescale,
    codecString: t.codecString,
    config: t.config,
    width: t.width,
    height: t.height,
    sampleRate: t.sampleRate,
    channels: t.channels,
    language: t.language,
    peakBitsPerSecond: 0,
    averageBitsPerSecond: 0,
  };
  const parts = [writeInitSegment(track)];
  const all: Sample[] = [];
  let sequenceNumber = 1;
  for (const bytes of source.segments) {
    for (const traf of readMediaSegment(bytes, info)) {
      const samples = traf.samples.map((s) => ({
        decodeTime: s.decodeTime,
        compositionOffset: s.compositionOffset,
        duration: s.duration,
        isSync: s.isSync,
        data: bytes.subarray(s.offset, s.offset + s.size),
      }));
      all.push(...samples);
      parts.push(writeMediaSegment({ sequenceNumber: sequenceNumber++, baseMediaDecodeTime: traf.baseMediaDecodeTime, samples }));
    }
  }
  const output = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    output.set(p, at);
    at += p.byteLength;
  }
  return { output, info, samples: all };
}

/** Our readers see the rewritten file exactly as they saw the source. */
function assertSameSampleTable(output: Uint8Array, samples: Sample[]): void {
  const info = readInitSegment(output);
  const reread = readMediaSegment(output, info).flatMap((traf) => traf.samples);
  assert.equal(reread.length, samples.length);
  reread.forEach((s, i) => {
    const want = samples[i];
    assert.deepEqual(
      [s.decodeTime, s.compositionOffset, s.duration, s.isSync, s.size],
      [want.decodeTime, want.compositionOffset, want.duration, want.isSync, want.data.byteLength],
      `sample ${i}`,
    );
    assert.deepEqual(output.subarray(s.offset, s.offset + s.size), want.data, `sample ${i} bytes`);
  });
}

test('H.264 HLS fMP4 from ffmpeg: read, rewrite, ffprobe and decode match the source', () => {
  const source = h264HlsSource();
  assert.equal(source.segments.length, 2);
  const { output, info, samples } = repackage(source);
  const t = info.tracks[0];
  assert.equal(t.kind, 'video');
  assert.equal(t.config.codec, 'avc');
  assert.match(t.codecString, /^avc1\.64/);
  assert.deepEqual([t.width, t.height, t.nalLengthSize], [320, 180, 4]);
  assert.equal(samples.length, 50);
  assert.equal(samples.filter((s) => s.isSync).length, 2);
  assertSameSampleTable(output, samples);

  const file = writeTemp('h264.mp4', output);
  const probe = probeStream(file, 'v');
  assert.deepEqual(
    { codec: probe.codec_name, width: probe.width, height: probe.height, frames: probe.nb_read_frames },
    { codec: 'h264', width: 320, height: 180, frames: '50' },
  );
  assert.equal(decodeErrors(file), '');
  const hashes = frameHashes(file, 'v');
  assert.equal(hashes.length, 50);
  assert.deepEqual(hashes, frameHashes(source.file, 'v'));
});

test('AAC fMP4 from ffmpeg: read, rewrite, ffprobe and decode match the source', () => {
  const source = aacSource();
  const { output, info, samples } = repackage(source);
  const t = info.tracks[0];
  assert.deepEqual([t.kind, t.codecString, t.sampleRate, t.channels, t.timescale], ['audio', 'mp4a.40.2', 48000, 2, 48000]);
  assert.ok(samples.length > 90, `expected ~94 AAC frames, found ${samples.length}`);
  assertSameSampleTable(output, samples);

  const file = writeTemp('aac.mp4', output);
  const probe = probeStream(file, 'a');
  const sourceProbe = probeStream(source.file, 'a');
  assert.deepEqual(
    { codec: probe.codec_name, rate: probe.sample_rate, channels: probe.channels, frames: probe.nb_read_frames },
    { codec: 'aac', rate: '48000', channels: 2, frames: sourceProbe.nb_read_frames },
  );
  assert.equal(decodeErrors(file), '');
  assert.deepEqual(frameHashes(file, 'a'), frameHashes(source.file, 'a'));
});

test('H.265 hvc1 fMP4 from ffmpeg: read, rewrite, ffprobe and decode match the source', () => {
  const source = hevcSource();
  const { output, info, samples } = repackage(source);
  const t = info.tracks[0];
  assert.equal(t.config.codec, 'hevc');
  assert.equal(t.sampleEntry, 'hvc1');
  assert.match(t.codecString, /^hvc1\.1\.6\.L\d+/);
  assert.deepEqual([t.width, t.height], [320, 180]);
  assert.equal(samples.length, 50);
  assertSameSampleTable(output, samples);

  const file = writeTemp('hevc.mp4', output);
  const probe = probeStream(file, 'v');
  assert.deepEqual(
    { codec: probe.codec_name, width: probe.width, height: probe.height, frames: probe.nb_read_frames },
    { codec: 'hevc', width: 320, height: 180, frames: '50' },
  );
  assert.equal(decodeErrors(file), '');
  const hashes = frameHashes(file, 'v');
  assert.equal(hashes.length, 50);
  assert.deepEqual(hashes, frameHashes(source.file, 'v'));
});
