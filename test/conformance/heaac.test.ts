// HE-AAC (explicitly signalled; the `heaac` fixture) carries through every output: RFC 6381
// `mp4a.40.5` in HLS and DASH, the SBR output rate (48 kHz) in DASH, `AACH` in Smooth, the
// AudioSpecificConfig unchanged in the CMAF header; ffmpeg decodes each output at the rate the
// signalling implies.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { readInitSegment } from '../../src/media/isobmff/readInitSegment.ts';
import { readAudioSpecificConfig } from '../../src/media/codecs/aac/readAudioSpecificConfig.ts';

const run = promisify(execFile);
let origin: TestOrigin;
before(async () => {
  origin = await startOrigin({ fixtures: ['heaac'], listen: true });
  assert.equal(origin.assets.heaac.status, 'PLAYABLE', origin.assets.heaac.statusReason);
});
after(() => origin?.close());

const text = async (url: string) => (await fetch(url)).text();

it('manifests announce HE-AAC: mp4a.40.5, 48 kHz, AACH', async () => {
  assert.match(await text(origin.urls.heaac['kinora-default-cmaf']), /CODECS="avc1\.[0-9a-f]+,mp4a\.40\.5"/);
  assert.match(await text(origin.urls.heaac['hls-ts']), /CODECS="avc1\.[0-9a-f]+,mp4a\.40\.5"/);
  assert.match(await text(origin.urls.heaac['kinora-default-dash']), /<Representation id="a1" bandwidth="\d+" codecs="mp4a\.40\.5" audioSamplingRate="48000">/);
  assert.match(await text(origin.urls.heaac['mss-2s']), /FourCC="AACH" SamplingRate="48000" Channels="2"/);
});

it('the CMAF header keeps the explicit HE-AAC AudioSpecificConfig', async () => {
  const init = new Uint8Array(await (await fetch(origin.urls.heaac['kinora-default-cmaf'].replace(/index\.m3u8$/, 'a1/init.mp4'))).arrayBuffer());
  const [track] = readInitSegment(init).tracks;
  assert.equal(track.config.codec, 'aac');
  const asc = readAudioSpecificConfig(track.config.codec === 'aac' ? track.config.audioSpecificConfig : new Uint8Array());
  assert.deepEqual([asc.objectType, asc.sampleRate, asc.extensionObjectType, asc.extensionSampleRate], [2, 24000, 5, 48000]);
});

for (const config of ['kinora-default-cmaf', 'kinora-default-dash', 'hls-ts']) {
  it(`${config}: ffmpeg decodes the audio with no error`, async () => {
    const { stdout, stderr } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-count_frames', '-show_entries', 'stream=codec_name,sample_rate,nb_read_frames', '-of', 'json', origin.urls.heaac[config]]);
    assert.equal(stderr.trim(), '');
    const [stream] = JSON.parse(stdout).streams;
    assert.equal(stream.codec_name, 'aac');
    // fMP4 carries the explicit signalling (48 kHz output); MPEG-TS's ADTS can only say AAC-LC at the core rate.
    assert.equal(Number(stream.sample_rate), config === 'hls-ts' ? 24000 : 48000);
    assert.ok(Math.abs(Number(stream.nb_read_frames) - (10 * 24000) / 1024) <= 3, `${stream.nb_read_frames} frames`);
  });
}
