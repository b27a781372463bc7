import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeTransportStreamSegment } from '../../../src/media/mp2t/writeTransportStreamSegment.ts';
import { computeDecodeDelay } from '../../../src/media/mp2t/computeDecodeDelay.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { readVideoAccessUnit } from '../../../src/media/mp2t/readVideoAccessUnit.ts';
import { describeTsTables } from '../../../src/media/mp2t/describeTsTables.ts';
import { readTsPacketHeader } from '../../../src/media/mp2t/readTsPacketHeader.ts';
import { readAdaptationField } from '../../../src/media/mp2t/readAdaptationField.ts';
import { readPesHeader } from '../../../src/media/mp2t/readPesHeader.ts';
import { readAdtsFrames } from '../../../src/media/codecs/aac/readAdtsFrames.ts';
import { writeAudioSpecificConfig } from '../../../src/media/codecs/aac/writeAudioSpecificConfig.ts';
import type { Sample } from '../../../src/media/model/Sample.ts';
import type { Track } from '../../../src/media/model/Track.ts';
import { avcAacTs, hevcAacTs } from '../codecs/fixtures.ts';

/** Samples and tracks of a TS file as the common model holds them, times kept at their source values. */
function modelOf(bytes: Uint8Array): { video: { track: Track; samples: Sample[] }; audio: { track: Track; samples: Sample[] }; sourcePes: ReturnType<typeof demuxTransportStream>['pes'] } {
  const ts = demuxTransportStream(bytes);
  const [v, a] = ts.streams;
  const codec = v.codec as 'avc' | 'hevc';
  const videoPes = ts.pes.filter((p) => p.pid === v.pid);
  const aus = videoPes.map((p) => readVideoAccessUnit(p.data, codec));
  const videoSamples: Sample[] = videoPes.map((p, i) => ({
    decodeTime: p.dts, compositionOffset: p.pts - p.dts, duration: i + 1 < videoPes.length ? videoPes[i + 1].dts - p.dts : 3600, isSync: aus[i].isSync, data: aus[i].data,
  }));
  const key = aus.find((au) => au.isSync)!;
  const config = codec === 'hevc' ? { codec, vps: key.vps, sps: key.sps, pps: key.pps } : { codec, sps: key.sps, pps: key.pps };
  const base = { peakBitsPerSecond: 0, averageBitsPerSecond: 0 };
  const audioSamples: Sample[] = [];
  let header;
  for (const p of ts.pes.filter((x) => x.pid === a.pid)) {
    readAdtsFrames(p.data).forEach((f, k) => {
      header = f.header;
      audioSamples.push({ decodeTime: Math.round((p.pts * 48000) / 90000) + k * 1024, compositionOffset: 0, duration: 1024, isSync: true, data: f.data });
    });
  }
  return {
    video: { track: { ...base, id: 'v1', kind: 'video', timescale: 90000, codecString: '', config }, samples: videoSamples },
    audio: { track: { ...base, id: 'a1', kind: 'audio', timescale: 48000, codecString: 'mp4a.40.2', config: { codec: 'aac', audioSpecificConfig: writeAudioSpecificConfig(header!) } }, samples: audioSamples },
    sourcePes: ts.pes,
  };
}

/** Every PID's continuity_counter starts at 0 and goes up by one per packet with payload. */
function assertContinuity(bytes: Uint8Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (let o = 0; o < bytes.byteLength; o += 188) {
    const h = readTsPacketHeader(bytes, o);
    assert.ok(h.hasPayload, `packet at ${o} carries payload`);
    const n = counts.get(h.pid) ?? 0;
    assert.equal(h.continuityCounter, n & 15, `continuity_counter of PID ${h.pid} at offset ${o}`);
    counts.set(h.pid, n + 1);
  }
  return counts;
}

/** PCR of the first packet of each PES on `pid`, with the PES timestamps as coded (`dts` undefined when absent). */
function pcrs(bytes: Uint8Array, pid: number): { pcr?: number; pts: number; dts?: number }[] {
  const out: { pcr?: number; pts: number; dts?: number }[] = [];
  for (let o = 0; o < bytes.byteLength; o += 188) {
    const h = readTsPacketHeader(bytes, o);
    if (h.pid !== pid || !h.payloadUnitStartIndicator) continue;
    const af = h.hasAdaptationField ? readAdaptationField(bytes, o + 4, o + 188) : undefined;
    const pes = readPesHeader(bytes, o + 4 + (af ? 1 + af.length : 0));
    out.push({ pcr: af?.pcrBase, pts: pes.pts!, dts: pes.dts });
  }
  return out;
}

for (const [name, fixture, streamType] of [['H.264', avcAacTs, 0x1b], ['H.265', hevcAacTs, 0x24]] as const) {
  test(`${name} + AAC muxed: round trip through demuxTransportStream gives back the samples and their times`, () => {
    const { video, audio, sourcePes } = modelOf(fixture());
    // Source times already hold ffmpeg's offset and DTS <= PTS: no offset and no delay reproduce them exactly.
    const { bytes, keyframes } = writeTransportStreamSegment({ tracks: [audio, { ...video, decodeDelay: 0 }], timeOffset90k: 0 });
    assert.equal(bytes.byteLength % 188, 0);
    const ts = demuxTransportStream(bytes);
    assert.deepEqual(ts.streams, [{ pid: 0x100, streamType, codec: video.track.config.codec }, { pid: 0x101, streamType: 0x0f, codec: 'aac' }]);
    assert.deepEqual(ts.continuityErrors, []);

    const outVideo = ts.pes.filter((p) => p.pid === 0x100);
    const srcVideo = sourcePes.filter((p) => p.pid === 0x100);
    assert.equal(outVideo.length, video.samples.length);
    outVideo.forEach((p, i) => {
      const au = readVideoAccessUnit(p.data, video.track.config.codec as 'avc' | 'hevc');
      assert.deepEqual(au.data, video.samples[i].data, `video sample ${i} bytes`);
      assert.equal(au.isSync, video.samples[i].isSync);
      assert.equal(au.sps.length > 0, video.samples[i].isSync, 'parameter sets before keyframes only');
      assert.deepEqual([p.pts, p.dts], [srcVideo[i].pts, srcVideo[i].dts], `video sample ${i} PTS/DTS`);
      const aud = video.track.config.codec === 'avc' ? [0, 0, 0, 1, 0x09, 0xf0] : [0, 0, 0, 1, 0x46, 0x01, 0x50];
      assert.deepEqual(Array.from(p.data.subarray(0, aud.length)), aud, 'an access unit delimiter opens every access unit');
    });

    const outAudio = ts.pes.filter((p) => p.pid === 0x101);
    const frames = outAudio.flatMap((p) => readAdtsFrames(p.data).map((f, k) => ({ data: f.data, time: p.pts + k * 1920 })));
    assert.equal(frames.length, audio.samples.length);
    frames.forEach((f, i) => {
      assert.deepEqual(f.data, audio.samples[i].data, `audio frame ${i} bytes`);
      assert.equal(f.time, Math.round((audio.samples[i].decodeTime * 90000) / 48000), `audio frame ${i} time`);
    });
    assert.ok(outAudio.length < frames.length / 5, `several frames per audio PES (${outAudio.length} PES for ${frames.length} frames)`);
    assert.ok(outAudio.every((p) => p.data.byteLength <= 2930));
    for (let i = 1; i < ts.pes.length; i++) assert.ok(ts.pes[i].dts >= ts.pes[i - 1].dts, 'PES interleaved in DTS order');

    const counts = assertContinuity(bytes);
    assert.equal(counts.get(0), 1 + keyframes.length - (keyframes[0].offset === 0 ? 1 : 0), 'a PAT at the start and before each later keyframe');
    const videoPcrs = pcrs(bytes, 0x100);
    assert.ok(videoPcrs.every((x) => x.pcr !== undefined && x.pcr === (x.dts ?? x.pts) - 63000), 'a PCR 0.7 s before the DTS at every video PES');
    assert.ok(pcrs(bytes, 0x101).every((x) => x.pcr === undefined), 'no PCR on the audio PID');
    assert.match(describeTsTables(bytes), /^@0 PAT tsid=1 v=0 programs=\[1->4096\]\n@188 PMT pid=4096 program=1 v=0 pcr_pid=256 streams=\[256:0x[0-9a-f]{2}:(avc|hevc) 257:0x0f:aac\]\n@376 PCR pid=256 /);

    // Each keyframe range decodes alone: PAT, PMT, then exactly one PES, the keyframe.
    const syncSamples = video.samples.filter((s) => s.isSync);
    assert.deepEqual(keyframes.map((k) => k.decodeTime), syncSamples.map((s) => s.decodeTime));
    for (const [i, k] of keyframes.entries()) {
      const cut = bytes.subarray(k.offset, k.offset + k.length);
      assert.deepEqual([readTsPacketHeader(cut, 0).pid, readTsPacketHeader(cut, 188).pid], [0, 0x1000]);
      const alone = demuxTransportStream(cut);
      assert.equal(alone.streams.length, 2);
      assert.equal(alone.pes.length, 1);
      assert.equal(alone.pes[0].pid, 0x100);
      assert.deepEqual(readVideoAccessUnit(alone.pes[0].data, video.track.config.codec as 'avc' | 'hevc').data, syncSamples[i].data);
      assert.equal(alone.pes[0].dts, syncSamples[i].decodeTime);
    }
  });
}

test('video alone: B-frames on the CMAF timeline (negative composition offsets) get DTS moved back by the decode delay', () => {
  const { video } = modelOf(avcAacTs());
  // Ingest's normalisation: the first keyframe's decode time becomes its presentation time, the timeline starts at 0.
  const shift = video.samples[0].compositionOffset;
  const start = video.samples[0].decodeTime + shift;
  const samples = video.samples.map((s) => ({ ...s, decodeTime: s.decodeTime + shift - start, compositionOffset: s.compositionOffset - shift }));
  const delay = computeDecodeDelay(samples.map((s) => s.compositionOffset));
  assert.ok(delay > 0, 'the fixture has B-frames');
  const { bytes, keyframes } = writeTransportStreamSegment({ tracks: [{ track: video.track, samples, decodeDelay: delay }] });
  const ts = demuxTransportStream(bytes);
  assert.deepEqual(ts.streams.map((s) => s.pid), [0x100]);
  const out = ts.pes;
  out.forEach((p, i) => {
    const s = samples[i];
    assert.equal(p.pts, s.decodeTime + s.compositionOffset + 126000, 'PTS = presentation time + 1.4 s');
    assert.equal(p.dts, s.decodeTime - delay + 126000, 'DTS = decode time - delay + 1.4 s');
    assert.ok(p.dts <= p.pts);
  });
  // The DTS is coded only when it differs from the PTS.
  const coded = pcrs(bytes, 0x100);
  assert.ok(coded.some((h) => h.dts === undefined) && coded.some((h) => h.dts !== undefined));
  coded.forEach((h, i) => assert.equal(h.dts === undefined, out[i].pts === out[i].dts));
  assert.equal(keyframes[0].offset, 0, 'the first keyframe range starts at the segment start');
  assert.equal(assertContinuity(bytes).get(0), keyframes.length);

  // Without a decode delay for the whole track, this segment's own is used; one too small is an error, not a wrong stream.
  assert.deepEqual(writeTransportStreamSegment({ tracks: [{ track: video.track, samples }] }).bytes, bytes);
  assert.throws(() => writeTransportStreamSegment({ tracks: [{ track: video.track, samples, decodeDelay: delay - 1 }] }), { code: 'MALFORMED' });
});

test('audio alone: PCR on the audio PID, random access and at most 100 ms per PES, a new PES at a time gap', () => {
  const { audio } = modelOf(avcAacTs());
  const samples = audio.samples.map((s, i) => ({ ...s, decodeTime: i * 1024 + (i >= 40 ? 1024 : 0) })); // one frame missing before frame 40
  const { bytes, keyframes } = writeTransportStreamSegment({ tracks: [{ track: audio.track, samples }] });
  assert.deepEqual(keyframes, []);
  const ts = demuxTransportStream(bytes);
  assert.deepEqual(ts.streams, [{ pid: 0x101, streamType: 0x0f, codec: 'aac' }]);
  assert.match(describeTsTables(bytes), /pcr_pid=257 streams=\[257:0x0f:aac\]/);
  const withPcr = pcrs(bytes, 0x101);
  assert.ok(withPcr.length > 0 && withPcr.every((x) => x.pcr === x.pts - 63000 && x.dts === undefined));
  for (const p of ts.pes) assert.ok(readAdtsFrames(p.data).length * 1920 <= 9000, 'each PES spans at most 100 ms, so PCRs are at most 100 ms apart');
  let frame = 0;
  for (const p of ts.pes) {
    assert.equal(p.pts, Math.round((samples[frame].decodeTime * 90000) / 48000) + 126000, `PES starting at frame ${frame}`);
    frame += readAdtsFrames(p.data).length;
  }
  assert.equal(frame, samples.length);
  assert.ok(ts.pes.some((p) => p.pts === Math.round((40 * 1024 + 1024) * 1.875) + 126000), 'frame 40 opens a PES');
  for (let o = 0; o < bytes.byteLength; o += 188) {
    const h = readTsPacketHeader(bytes, o);
    if (h.pid === 0x101 && h.payloadUnitStartIndicator) assert.equal(readAdaptationField(bytes, o + 4).randomAccessIndicator, true);
  }
});

test('writeTransportStreamSegment refuses what it cannot carry', () => {
  const { video, audio } = modelOf(avcAacTs());
  assert.throws(() => writeTransportStreamSegment({ tracks: [] }), { code: 'NO_TRACKS' });
  assert.throws(() => writeTransportStreamSegment({ tracks: [video, { ...video, track: { ...video.track, id: 'v2' } }] }), { code: 'UNSUPPORTED' });
  assert.throws(() => writeTransportStreamSegment({ tracks: [{ track: { ...audio.track, id: 't1', kind: 'text' }, samples: [] }] }), { code: 'UNSUPPORTED' });
  assert.throws(() => writeTransportStreamSegment({ tracks: [{ track: { ...audio.track, config: { codec: 'aac', audioSpecificConfig: Uint8Array.from([0xb9, 0x90]) } }, samples: [] }] }), { code: 'UNSUPPORTED', subject: 'a1' }, 'ER AAC LD (object type 23) has no ADTS profile');
});
