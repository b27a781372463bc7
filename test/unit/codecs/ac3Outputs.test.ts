import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ac3CodecConfigOf } from '../../../src/media/codecs/ac3/ac3CodecConfigOf.ts';
import { ac3CodecString } from '../../../src/media/codecs/ac3/ac3CodecString.ts';
import { readAc3Samples } from '../../../src/media/codecs/ac3/readAc3Samples.ts';
import { writeMpd } from '../../../src/media/dash/writeMpd.ts';
import { describeBoxes } from '../../../src/media/isobmff/describeBoxes.ts';
import { readInitSegment } from '../../../src/media/isobmff/readInitSegment.ts';
import { writeInitSegment } from '../../../src/media/isobmff/writeInitSegment.ts';
import type { Presentation } from '../../../src/media/model/Presentation.ts';
import type { Sample } from '../../../src/media/model/Sample.ts';
import type { Track } from '../../../src/media/model/Track.ts';
import { codecOfStreamType } from '../../../src/media/mp2t/codecOfStreamType.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { readPesHeader } from '../../../src/media/mp2t/readPesHeader.ts';
import { readPmt } from '../../../src/media/mp2t/readPmt.ts';
import { writeTransportStreamSegment } from '../../../src/media/mp2t/writeTransportStreamSegment.ts';
import { writeSmoothCodecPrivateData } from '../../../src/media/mss/writeSmoothCodecPrivateData.ts';
import { writeSmoothManifest } from '../../../src/media/mss/writeSmoothManifest.ts';
import { ensureFixture } from '../../../scripts/fixtures.ts';

/** The fixture's first AC-3 / E-AC-3 segment as the common model holds it: a track and its samples (48 kHz ticks). */
let model: Record<'ac3' | 'eac3', { track: Track; samples: Sample[] }>;
before(async () => {
  const dir = dirname(await ensureFixture('dolby'));
  const load = (name: 'ac3' | 'eac3', id: string) => {
    const ts = demuxTransportStream(new Uint8Array(readFileSync(join(dir, `dolby_${name}_00000.ts`))));
    const samples: Sample[] = [];
    for (const p of ts.pes) {
      readAc3Samples(p.data).forEach((s, k) => {
        samples.push({ decodeTime: Math.round((p.pts * 48000) / 90000) + k * 1536, compositionOffset: 0, duration: 1536, isSync: true, data: s.data });
      });
    }
    const config = ac3CodecConfigOf(readAc3Samples(ts.pes[0].data)[0]);
    const track: Track = {
      id, kind: 'audio', timescale: 48000, codecString: ac3CodecString(config.codec), config, sampleRate: 48000, channels: name === 'ac3' ? 2 : 6,
      language: 'en', peakBitsPerSecond: name === 'ac3' ? 192000 : 256000, averageBitsPerSecond: name === 'ac3' ? 192000 : 256000,
    };
    return { track, samples };
  };
  model = { ac3: load('ac3', 'a2'), eac3: load('eac3', 'a3') };
});

test('codecOfStreamType: ATSC stream types, and private PES named by a DVB or registration descriptor', () => {
  assert.equal(codecOfStreamType(0x81), 'ac3');
  assert.equal(codecOfStreamType(0x87), 'eac3');
  assert.equal(codecOfStreamType(0x06, Uint8Array.of(0x05, 4, 0x41, 0x43, 0x2d, 0x33)), 'ac3'); // registration 'AC-3'
  assert.equal(codecOfStreamType(0x06, Uint8Array.of(0x0a, 4, 0x65, 0x6e, 0x67, 0, 0x05, 4, 0x45, 0x41, 0x43, 0x33)), 'eac3'); // language, then 'EAC3'
  assert.equal(codecOfStreamType(0x06, Uint8Array.of(0x6a, 1, 0x00)), 'ac3'); // DVB AC-3_descriptor
  assert.equal(codecOfStreamType(0x06, Uint8Array.of(0x7a, 1, 0x00)), 'eac3'); // DVB enhanced_AC-3_descriptor
  assert.equal(codecOfStreamType(0x06, Uint8Array.of(0x05, 4, 0x4b, 0x4c, 0x56, 0x41)), 'unknown'); // 'KLVA'
  assert.equal(codecOfStreamType(0x06, Uint8Array.of(0x05, 4, 0x41, 0x43)), 'unknown', 'a cut-off descriptor names nothing');
});

test('writeInitSegment: ac-3 + dac3 and ec-3 + dec3 sample entries that read back', () => {
  const ac3 = writeInitSegment(model.ac3.track);
  const ac3Dump = describeBoxes(ac3).split('\n');
  assert.ok(ac3Dump.includes('            ac-3 channels=2 sampleSize=16 sampleRate=48000'), ac3Dump.join('\n'));
  assert.ok(ac3Dump.includes('              dac3 fscod=0 (48000 Hz) bsid=8 bsmod=0 acmod=2 lfeon=0 bitRateCode=10 (192 kbit/s)'), ac3Dump.join('\n'));
  const eac3 = writeInitSegment(model.eac3.track);
  const eac3Dump = describeBoxes(eac3).split('\n');
  assert.ok(eac3Dump.includes('            ec-3 channels=6 sampleSize=16 sampleRate=48000'), eac3Dump.join('\n'));
  assert.ok(eac3Dump.includes('              dec3 dataRate=256 kbit/s [0] fscod=0 bsid=16 asvc=0 bsmod=0 acmod=7 lfeon=1 depSub=0 chanLoc=0x0'), eac3Dump.join('\n'));
  for (const [bytes, { track }] of [[ac3, model.ac3], [eac3, model.eac3]] as const) {
    const [back] = readInitSegment(bytes).tracks;
    assert.deepEqual([back.config, back.codecString, back.sampleRate, back.channels, back.language], [track.config, track.codecString, 48000, track.channels, 'en']);
  }
  // Without channels and rate on the track, the sample entry takes them from the configuration.
  const bare = describeBoxes(writeInitSegment({ ...model.eac3.track, channels: undefined, sampleRate: undefined }));
  assert.match(bare, /ec-3 channels=6 sampleSize=16 sampleRate=48000/);
});

test('writeTransportStreamSegment carries AC-3 and E-AC-3 syncframes whole, with ATSC stream types and registration descriptors', () => {
  for (const [name, streamType, format] of [['ac3', 0x81, 'AC-3'], ['eac3', 0x87, 'EAC3']] as const) {
    const { track, samples } = model[name];
    const { bytes } = writeTransportStreamSegment({ tracks: [{ track, samples }] });
    // The PMT: one stream, its type, and a registration_descriptor (tag 0x05, 4 bytes, format_identifier).
    const pmtPacket = bytes.subarray(188, 376);
    const pmt = readPmt(pmtPacket.subarray(5));
    assert.deepEqual(pmt.streams.map((s) => [s.streamType, s.pid, s.codec, Array.from(s.esInfo)]), [[streamType, 0x101, name, [0x05, 4, ...[...format].map((c) => c.charCodeAt(0))]]]);
    assert.equal(pmt.pcrPid, 0x101, 'audio alone carries the PCR');
    const ts = demuxTransportStream(bytes);
    let k = 0;
    for (const p of ts.pes) {
      assert.equal(p.pts, Math.round((samples[k].decodeTime * 90000) / 48000) + 126000, 'PTS of the first syncframe, 1.4 s offset');
      for (const s of readAc3Samples(p.data)) assert.deepEqual(s.data, samples[k++].data, `sample ${k} comes back byte for byte`);
    }
    assert.equal(k, samples.length);
    // private_stream_1 with data_alignment_indicator: every PES starts on a syncword.
    const first = bytes.subarray(376);
    const payloadStart = 4 + (first[3] & 0x20 ? 1 + first[4] : 0);
    const header = readPesHeader(first.subarray(payloadStart, 188), 0);
    assert.deepEqual([header.streamId, header.dataAlignmentIndicator], [0xbd, true]);
    assert.ok(ts.pes.every((p) => p.data[0] === 0x0b && p.data[1] === 0x77));
  }
});

test('Smooth: E-AC-3 CodecPrivateData is the WAVEFORMATEXTENSIBLE tail plus dec3; AC-3 is refused naming the track', () => {
  assert.equal(
    writeSmoothCodecPrivateData(model.eac3.track.config),
    '0006' + // wSamplesPerBlock 1536, little-endian
      '3F000000' + // dwChannelMask: FL FR FC LFE BL BR (5.1)
      'AF87FBA7022DFB42A4D405CD93843BDD' + // SubFormat MEDIASUBTYPE_DOLBY_DDPLUS
      '0800200F00', // the dec3 payload
  );
  const presentation = (track: Track): Presentation => ({
    durationSeconds: 2,
    switchingSets: [{ id: 'audio', kind: 'audio', language: 'en', tracks: [{ track, segments: [{ number: 1, startTime: 0, duration: 96000 }] }] }],
  });
  const xml = writeSmoothManifest(presentation(model.eac3.track));
  assert.match(xml, /<QualityLevel Index="0" Bitrate="256000" FourCC="EC-3" SamplingRate="48000" Channels="6" BitsPerSample="16" PacketSize="1024" AudioTag="65534" CodecPrivateData="00063F000000AF87FBA7022DFB42A4D405CD93843BDD0800200F00"\/>/);
  assert.throws(() => writeSmoothManifest(presentation(model.ac3.track)), { code: 'UNSUPPORTED', subject: 'a2', message: /track a2: Smooth Streaming cannot carry AC-3/ });
  assert.throws(() => writeSmoothCodecPrivateData(model.ac3.track.config), { code: 'UNSUPPORTED' });
});

test('writeMpd: AC-3 and E-AC-3 Representations carry Dolby\'s AudioChannelConfiguration with the channel mask', () => {
  const presentation: Presentation = {
    durationSeconds: 2,
    switchingSets: ['ac3', 'eac3'].map((name) => ({
      id: name, kind: 'audio' as const, tracks: [{ track: model[name as 'ac3' | 'eac3'].track, segments: [{ number: 1, startTime: 0, duration: 96000 }] }],
    })),
  };
  const lines = writeMpd(presentation, { segmentTemplateFormat: 'NUMBER_WITH_TIMELINE', initializationTemplate: '$RepresentationID$/init.mp4', mediaTemplate: '$RepresentationID$/$Number$.m4s' })
    .split('\n')
    .map((line) => line.trim());
  assert.ok(lines.includes('<Representation id="a2" bandwidth="192000" codecs="ac-3" audioSamplingRate="48000">'));
  assert.ok(lines.includes('<AudioChannelConfiguration schemeIdUri="tag:dolby.com,2014:dash:audio_channel_configuration:2011" value="A000"/>'));
  assert.ok(lines.includes('<Representation id="a3" bandwidth="256000" codecs="ec-3" audioSamplingRate="48000">'));
  assert.ok(lines.includes('<AudioChannelConfiguration schemeIdUri="tag:dolby.com,2014:dash:audio_channel_configuration:2011" value="F801"/>'));
  assert.ok(!lines.some((line) => line.includes('urn:mpeg:dash:23003:3')), 'no MPEG channel count beside the Dolby mask');
});
