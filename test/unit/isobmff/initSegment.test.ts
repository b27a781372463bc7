import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeAudioSpecificConfig } from '../../../src/media/codecs/aac/writeAudioSpecificConfig.ts';
import { splitAnnexB } from '../../../src/media/codecs/avc/splitAnnexB.ts';
import type { Track } from '../../../src/media/model/Track.ts';
import { describeBoxes } from '../../../src/media/isobmff/describeBoxes.ts';
import { readInitSegment } from '../../../src/media/isobmff/readInitSegment.ts';
import { writeInitSegment } from '../../../src/media/isobmff/writeInitSegment.ts';
import { h264AnnexBWithSar, h265AnnexB } from './fixtures.ts';

function avcTrack(): Track {
  const nals = splitAnnexB(h264AnnexBWithSar());
  const sps = nals.filter((n) => (n[0] & 0x1f) === 7);
  const pps = nals.filter((n) => (n[0] & 0x1f) === 8);
  return {
    id: 'v1',
    kind: 'video',
    timescale: 90000,
    codecString: 'avc1.64000c',
    config: { codec: 'avc', sps, pps },
    width: 320,
    height: 180,
    language: 'fr',
    peakBitsPerSecond: 400000,
    averageBitsPerSecond: 300000,
  };
}

test('avc: readInitSegment(writeInitSegment(track)) gives back config, timescale, size, language and trex defaults', () => {
  const track = avcTrack();
  const init = writeInitSegment(track, { trackId: 3 });
  const [t, ...rest] = readInitSegment(init).tracks;
  assert.equal(rest.length, 0);
  assert.deepEqual(t.config, track.config);
  assert.deepEqual(
    [t.trackId, t.kind, t.timescale, t.width, t.height, t.language, t.sampleEntry, t.nalLengthSize],
    [3, 'video', 90000, 320, 180, 'fr', 'avc1', 4],
  );
  assert.match(t.codecString, /^avc1\.64/);
  assert.deepEqual(t.defaults, { sampleDescriptionIndex: 1, sampleDuration: 0, sampleSize: 0, sampleFlags: 0 });
});

test('avc init: CMAF box layout; 4:3 SAR gives pasp and a tkhd width scaled to the display aspect', () => {
  const dump = describeBoxes(writeInitSegment(avcTrack()));
  const lines = dump.split('\n');
  assert.equal(lines[0], 'ftyp major=iso6 minor=0 compatible=iso6,cmfc');
  assert.ok(lines.includes('    tkhd id=1 flags=0x3 duration=0 volume=0x0 width=427 height=180'), dump);
  assert.ok(lines.includes('      mdhd timescale=90000 duration=0 language=fra'), dump);
  assert.ok(lines.includes('      hdlr handler=vide name="VideoHandler"'), dump);
  assert.ok(lines.includes('            avc1 width=320 height=180'), dump);
  assert.ok(lines.includes('              pasp 4:3'), dump);
  assert.ok(lines.includes('              btrt bufferSizeDB=0 max=400000 avg=300000'), dump);
  assert.ok(lines.includes('    trex id=1 sampleDescriptionIndex=1 duration=0 size=0 flags=0x00000000'), dump);
  assert.deepEqual(
    lines.map((l) => l.trim().split(' ')[0]),
    ['ftyp', 'moov', 'mvhd', 'trak', 'tkhd', 'mdia', 'mdhd', 'hdlr', 'minf', 'vmhd', 'dinf', 'dref', 'url', 'stbl', 'stsd', 'avc1', 'avcC', 'pasp', 'btrt', 'stts', 'stsc', 'stsz', 'stco', 'mvex', 'trex'],
  );
});

test('hevc: round trip through hvc1 + hvcC', () => {
  const nals = splitAnnexB(h265AnnexB());
  const ofType = (type: number) => nals.filter((n) => ((n[0] >> 1) & 0x3f) === type);
  const track: Track = {
    id: 'v1',
    kind: 'video',
    timescale: 12800,
    codecString: 'hvc1.1.6.L60.90',
    config: { codec: 'hevc', vps: ofType(32), sps: ofType(33), pps: ofType(34) },
    peakBitsPerSecond: 0,
    averageBitsPerSecond: 0,
  };
  const [t] = readInitSegment(writeInitSegment(track)).tracks;
  assert.deepEqual(t.config, track.config);
  assert.deepEqual([t.sampleEntry, t.width, t.height, t.timescale, t.language], ['hvc1', 320, 180, 12800, undefined]);
  assert.match(t.codecString, /^hvc1\.1\.6\.L\d+/);
});

test('aac: round trip; a 96 kHz rate overflowing the 16.16 field comes back from the AudioSpecificConfig', () => {
  for (const [index, rate] of [[3, 48000], [0, 96000]]) {
    const asc = writeAudioSpecificConfig({ objectType: 2, samplingFrequencyIndex: index, channelConfiguration: 2 });
    const track: Track = {
      id: 'a1',
      kind: 'audio',
      timescale: rate,
      codecString: 'mp4a.40.2',
      config: { codec: 'aac', audioSpecificConfig: asc },
      sampleRate: rate,
      channels: 2,
      language: 'en',
      peakBitsPerSecond: 128000,
      averageBitsPerSecond: 128000,
    };
    const init = writeInitSegment(track);
    const [t] = readInitSegment(init).tracks;
    assert.deepEqual(t.config, track.config);
    assert.deepEqual(
      [t.kind, t.timescale, t.sampleRate, t.channels, t.language, t.codecString],
      ['audio', rate, rate, 2, 'en', 'mp4a.40.2'],
    );
    const dump = describeBoxes(init);
    assert.ok(dump.includes('tkhd id=1 flags=0x3 duration=0 volume=0x100 width=0 height=0'), dump);
    assert.ok(dump.includes(`mp4a channels=2 sampleSize=16 sampleRate=${rate > 65535 ? 0 : rate}`), dump);
    assert.ok(dump.includes('esds oti=0x40 streamType=5 max=128000 avg=128000'), dump);
  }
});

test('readInitSegment: an unknown sample entry is UNSUPPORTED and named', () => {
  const init = writeInitSegment(avcTrack());
  const at = Buffer.from(init).indexOf('avc1');
  init.set([0x65, 0x6e, 0x63, 0x76], at); // 'encv'
  assert.throws(() => readInitSegment(init), (e: Error & { code?: string }) => e.code === 'UNSUPPORTED' && e.message.includes("'encv'"));
});

test('readInitSegment: no moov is MALFORMED and lists what was found', () => {
  const ftypOnly = writeInitSegment(avcTrack()).subarray(0, 24);
  assert.throws(() => readInitSegment(ftypOnly), { code: 'MALFORMED', message: "expected a 'moov' box in the init segment, found [ftyp]" });
});

test('writeInitSegment: custom brands, and a kind/codec mismatch is UNSUPPORTED', () => {
  const init = writeInitSegment(avcTrack(), { brands: ['cmfc', 'iso6', 'dash'] });
  assert.ok(describeBoxes(init).startsWith('ftyp major=cmfc minor=0 compatible=cmfc,iso6,dash\n'));
  assert.throws(() => writeInitSegment({ ...avcTrack(), kind: 'audio' }), { code: 'UNSUPPORTED' });
});
