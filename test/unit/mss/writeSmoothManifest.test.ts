import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeSmoothManifest } from '../../../src/media/mss/writeSmoothManifest.ts';
import { assertGolden } from '../hls/assertGolden.ts';
import { readXml, type XmlElement } from '../dash/readXml.ts';
import { smoothPresentation } from './smoothPresentation.ts';

const golden = (name: string) => fileURLToPath(new URL(`golden/${name}`, import.meta.url));
const childrenNamed = (element: XmlElement, name: string) => element.children.filter((child) => child.name === name);

test('matches the golden Smooth client manifest', () => {
  assertGolden(golden('sample.ism.xml'), writeSmoothManifest(smoothPresentation()));
});

test('is well-formed XML: SmoothStreamingMedia 2.2 with one StreamIndex per video and audio switching set', () => {
  const root = readXml(writeSmoothManifest(smoothPresentation()));
  assert.equal(root.name, 'SmoothStreamingMedia');
  assert.deepEqual(root.attributes, { MajorVersion: '2', MinorVersion: '2', Duration: '93600000', TimeScale: '10000000' });
  const streams = childrenNamed(root, 'StreamIndex');
  assert.deepEqual(
    streams.map((s) => [s.attributes.Type, s.attributes.Name, s.attributes.Language, s.attributes.TimeScale, s.attributes.Chunks, s.attributes.QualityLevels]),
    [
      ['video', 'video', undefined, '90000', '5', '3'],
      ['audio', 'audio', 'en', '48000', '5', '1'],
      ['audio', 'audio_2', 'fr', '48000', '5', '1'],
    ],
  );
  const [video, english, french] = streams;
  assert.equal(video.attributes.Url, 'QualityLevels({bitrate})/Fragments(video={start time})');
  assert.equal(french.attributes.Url, 'QualityLevels({bitrate})/Fragments(audio_2={start time})');
  assert.deepEqual([video.attributes.MaxWidth, video.attributes.MaxHeight, video.attributes.DisplayWidth, video.attributes.DisplayHeight], ['640', '360', '640', '360']);

  const levels = childrenNamed(video, 'QualityLevel');
  assert.deepEqual(
    levels.map((l) => [l.attributes.Index, l.attributes.Bitrate, l.attributes.FourCC, l.attributes.MaxWidth, l.attributes.MaxHeight]),
    [
      ['0', '275100', 'H264', '320', '180'],
      ['1', '549584', 'H264', '480', '270'],
      ['2', '959716', 'H264', '640', '360'],
    ],
  );
  assert.equal(levels[0].attributes.CodecPrivateData, '000000016764000DACD941419F9F011000000300100000030320F142996000000001' + '68EFBCB0');
  assert.deepEqual(childrenNamed(english, 'QualityLevel')[0].attributes, {
    Index: '0', Bitrate: '130512', FourCC: 'AACL', SamplingRate: '48000', Channels: '2', BitsPerSample: '16', PacketSize: '4', AudioTag: '255', CodecPrivateData: '1190',
  });
  // HE-AAC: the output rate (SBR) and the channels come from the AudioSpecificConfig when the track does not say.
  assert.deepEqual(
    (({ FourCC, SamplingRate, Channels, CodecPrivateData }) => ({ FourCC, SamplingRate, Channels, CodecPrivateData }))(childrenNamed(french, 'QualityLevel')[0].attributes),
    { FourCC: 'AACH', SamplingRate: '48000', Channels: '2', CodecPrivateData: '2B118800' },
  );
});

test('every <c> has an explicit t and d, and the timeline is contiguous from the first fragment time', () => {
  const presentation = smoothPresentation();
  const root = readXml(writeSmoothManifest(presentation));
  childrenNamed(root, 'StreamIndex').forEach((stream, i) => {
    const chunks = childrenNamed(stream, 'c');
    assert.equal(chunks.length, Number(stream.attributes.Chunks));
    const expected = presentation.switchingSets[i].tracks[0].segments;
    assert.deepEqual(
      chunks.map((c) => c.attributes),
      expected.map((s) => ({ t: String(s.startTime), d: String(s.duration) })),
    );
    for (let k = 1; k < chunks.length; k++) assert.equal(Number(chunks[k].attributes.t), Number(chunks[k - 1].attributes.t) + Number(chunks[k - 1].attributes.d));
  });
  // The video timeline starts at 1920, not 0: a client must not assume t=0.
  assert.equal(childrenNamed(childrenNamed(root, 'StreamIndex')[0], 'c')[0].attributes.t, '1920');
});

test('a client derives the right codec string from CodecPrivateData (dash.js MssParser reads the 3 bytes after 00000001x7)', () => {
  const presentation = smoothPresentation();
  const root = readXml(writeSmoothManifest(presentation));
  const levels = childrenNamed(childrenNamed(root, 'StreamIndex')[0], 'QualityLevel');
  levels.forEach((level, i) => {
    const data = level.attributes.CodecPrivateData;
    const header = /00000001[0-9]7/.exec(data);
    assert.ok(header, data);
    const avcoti = data.substr(data.indexOf(header[0]) + 10, 6);
    assert.equal(`avc1.${avcoti}`.toLowerCase(), presentation.switchingSets[0].tracks[i].track.codecString);
  });
});

test('HEVC levels get FourCC after the sample entry of the codec string, and VPS+SPS+PPS as CodecPrivateData', () => {
  const presentation = smoothPresentation();
  const [v1] = presentation.switchingSets[0].tracks;
  const vps = Uint8Array.of(0x40, 0x01, 0x0c);
  const sps = Uint8Array.of(0x42, 0x01, 0x01);
  const pps = Uint8Array.of(0x44, 0x01, 0xc1);
  presentation.switchingSets[0].tracks = [
    { ...v1, track: { ...v1.track, codecString: 'hvc1.1.6.L93.B0', config: { codec: 'hevc', vps: [vps], sps: [sps], pps: [pps] } } },
    { ...v1, track: { ...v1.track, id: 'v2', peakBitsPerSecond: 600_000, codecString: 'hev1.1.6.L93.B0', config: { codec: 'hevc', vps: [vps], sps: [sps], pps: [pps] } } },
  ];
  const levels = childrenNamed(childrenNamed(readXml(writeSmoothManifest(presentation)), 'StreamIndex')[0], 'QualityLevel');
  assert.deepEqual(levels.map((l) => l.attributes.FourCC), ['HVC1', 'HEV1']);
  assert.equal(levels[0].attributes.CodecPrivateData, '00000001' + '40010C' + '00000001' + '420101' + '00000001' + '4401C1');
});

test('Duration follows the TimeScale option; names and languages are XML-escaped', () => {
  const presentation = smoothPresentation();
  presentation.switchingSets[1].language = 'en"<&';
  const root = readXml(writeSmoothManifest(presentation, { timeScale: 1000 }));
  assert.deepEqual([root.attributes.Duration, root.attributes.TimeScale], ['9360', '1000']);
  assert.equal(childrenNamed(root, 'StreamIndex')[1].attributes.Language, 'en"<&');
});

test('text switching sets and empty sets are not written', () => {
  const presentation = smoothPresentation();
  presentation.switchingSets.push({ id: '4', kind: 'text', tracks: [] }, { id: '5', kind: 'audio', tracks: [] });
  assert.equal(writeSmoothManifest(presentation), writeSmoothManifest(smoothPresentation()));
});
