// AC-3 and E-AC-3 pass through every output: Chromium cannot decode them, so ffmpeg is the player.
// The `dolby` fixture (TS: AAC, AC-3 stereo, E-AC-3 5.1) and an fMP4 source made here (AC-3 5.1,
// E-AC-3 stereo) are packaged as CMAF, DASH and HLS-TS (audio in rendition groups, and muxed: each
// audio track with the video at `v1-aN/` beside `v1/`); each output decodes with no error, each
// Dolby stream reports the source's codec, channels and rate, and decodes to the source's number
// of PCM samples (within one 1536-sample frame). Manifests carry the codec strings and channel
// configurations (golden lines); Smooth carries E-AC-3 and refuses AC-3 by name.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { generateMedia } from '../support/generateMedia.ts';
import { readSourceIndex } from '../../src/media/index/readSourceIndex.ts';
import { readPmt } from '../../src/media/mp2t/readPmt.ts';
import type { SourceIndex } from '../../src/media/index/SourceIndex.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';

const run = promisify(execFile);

/** An fMP4 HLS source with `ac-3` + `dac3` and `ec-3` + `dec3` sample entries, the other way round from the fixture. */
function fmp4Source(): string {
  const dir = generateMedia([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=6',
    '-f', 'lavfi', '-i', 'aevalsrc=sin(2*PI*330*t)|sin(2*PI*440*t)|sin(2*PI*550*t)|0.5*sin(2*PI*60*t)|sin(2*PI*660*t)|sin(2*PI*770*t):s=48000:c=5.1:d=6',
    '-map', '0:v', '-map', '1:a', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-b:v', '200k',
    '-c:a:0', 'ac3', '-b:a:0', '384k', '-c:a:1', 'eac3', '-b:a:1', '192k', '-ac:a:1', '2',
    '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_type', 'fmp4',
    '-var_stream_map', 'v:0,agroup:aud,name:180p a:0,agroup:aud,name:ac3,language:en a:1,agroup:aud,name:eac3,language:de',
    '-master_pl_name', 'main.m3u8', '-hls_fmp4_init_filename', 'init_%v.mp4', '-hls_segment_filename', 'seg_%v_%05d.m4s', 'media_%v.m3u8',
  ]);
  return join(dir, 'main.m3u8');
}

/** What each source rendition is: ffprobe's codec_name and channel count. */
const SOURCE_STREAMS: Record<string, { codec: string; channels: number }> = {
  'dolby_ac3.m3u8': { codec: 'ac3', channels: 2 },
  'dolby_eac3.m3u8': { codec: 'eac3', channels: 6 },
  'media_ac3.m3u8': { codec: 'ac3', channels: 6 },
  'media_eac3.m3u8': { codec: 'eac3', channels: 2 },
};

let origin: TestOrigin;
let work: string;
const assets: Record<string, { index: SourceIndex; sourceDir: string }> = {};
before(async () => {
  origin = await startOrigin({ fixtures: ['dolby'], listen: true });
  const fmp4 = fmp4Source();
  await origin.addAsset('dolby-fmp4', fmp4);
  assets.dolby = { index: readSourceIndex((await origin.kinora.catalog.getAssetIndex('dolby'))!), sourceDir: dirname(await ensureFixture('dolby')) };
  assets['dolby-fmp4'] = { index: readSourceIndex((await origin.kinora.catalog.getAssetIndex('dolby-fmp4'))!), sourceDir: dirname(fmp4) };
  work = mkdtempSync(join(tmpdir(), 'kinora-dolby-'));
});
after(async () => {
  await origin?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Codec, layout and the decoded PCM sample count of one audio stream, as ffprobe decodes it. */
async function probeAudio(input: string, stream: string): Promise<{ codec: string; channels: number; sampleRate: number; samples: number }> {
  const { stdout, stderr } = await run('ffprobe', ['-v', 'error', '-select_streams', stream, '-show_entries', 'stream=codec_name,channels,sample_rate:frame=nb_samples', '-of', 'json', input], { maxBuffer: 64 << 20 });
  assert.equal(stderr.trim(), '', `ffprobe reported errors for ${input} ${stream}`);
  const json = JSON.parse(stdout);
  const [s] = json.streams;
  const samples = (json.frames as { nb_samples: number }[]).reduce((n, f) => n + f.nb_samples, 0);
  return { codec: s.codec_name, channels: s.channels, sampleRate: Number(s.sample_rate), samples };
}

async function decodesCleanly(url: string): Promise<string> {
  const { stderr } = await run('ffmpeg', ['-v', 'error', '-i', url, '-map', '0', '-f', 'null', '-'], { maxBuffer: 16 << 20 });
  return stderr.trim();
}

/** The folder of an audio track's media playlist: its own, or in muxed HLS-TS the (video, audio) pair's. */
function mediaPlaylistOf(asset: string, config: string, trackId: string): string {
  if (config !== 'hls-ts') return trackId;
  const first = assets[asset].index.tracks.find((t) => t.track.kind === 'audio')!.track.id;
  return trackId === first ? 'v1' : `v1-${trackId}`;
}

const dolbyTracks = (asset: string) => assets[asset].index.tracks.filter((t) => t.track.config.codec === 'ac3' || t.track.config.codec === 'ec3');

describe('ffmpeg decodes the Dolby tracks of every output', () => {
  for (const asset of ['dolby', 'dolby-fmp4']) {
    for (const config of ['kinora-default-cmaf', 'kinora-default-dash', 'hls-ts-groups', 'hls-ts']) {
      it(`${asset} as ${config}`, async () => {
        const url = origin.urls[asset][config];
        assert.equal(await decodesCleanly(url), '', `ffmpeg reported errors for ${url}`);
        const tracks = dolbyTracks(asset);
        assert.equal(tracks.length, 2, 'one AC-3 and one E-AC-3 track');
        // DASH: audio streams in Representation order; HLS: each track's own media playlist (muxed HLS-TS: the
        // first audio track's is the video's, v1/, any other's the pair's, v1-aN/).
        const mpd = config.includes('dash') ? await (await fetch(url)).text() : '';
        const audioIds = [...mpd.matchAll(/<Representation id="([^"]+)"[^>]*codecs="(?!avc|hvc|hev)/g)].map((m) => m[1]);
        for (const t of tracks) {
          const expected = SOURCE_STREAMS[t.rendition.playlist];
          assert.ok(expected, `a known source rendition: ${t.rendition.playlist}`);
          const output = config.includes('dash')
            ? await probeAudio(url, `a:${audioIds.indexOf(t.track.id)}`)
            : await probeAudio(url.replace(/index\.m3u8$/, `${mediaPlaylistOf(asset, config, t.track.id)}/media.m3u8`), 'a:0');
          const source = await probeAudio(join(assets[asset].sourceDir, t.rendition.playlist), 'a:0');
          const what = `${asset}/${config} ${t.track.id}`;
          assert.deepEqual([output.codec, output.channels, output.sampleRate], [expected.codec, expected.channels, 48000], what);
          assert.deepEqual([source.codec, source.channels, source.sampleRate], [expected.codec, expected.channels, 48000], `${what} source`);
          assert.ok(Math.abs(output.samples - source.samples) <= 1536, `${what}: ${output.samples} PCM samples decoded, the source has ${source.samples}`);
          assert.equal(output.samples, t.samples.count * 1536, `${what}: every indexed access unit decodes to 1536 samples`);
        }
      });
    }
  }
});

describe('manifests name the Dolby codecs and channel configurations', () => {
  it('DASH: codecs ac-3 / ec-3 and Dolby\'s AudioChannelConfiguration with the channel mask', async () => {
    const golden: Record<string, string[]> = {
      dolby: [
        '<Representation id="a2" bandwidth="192000" codecs="ac-3" audioSamplingRate="48000">',
        '<AudioChannelConfiguration schemeIdUri="tag:dolby.com,2014:dash:audio_channel_configuration:2011" value="A000"/>',
        '<Representation id="a3" bandwidth="256000" codecs="ec-3" audioSamplingRate="48000">',
        '<AudioChannelConfiguration schemeIdUri="tag:dolby.com,2014:dash:audio_channel_configuration:2011" value="F801"/>',
      ],
      'dolby-fmp4': [
        '<Representation id="a1" bandwidth="384000" codecs="ac-3" audioSamplingRate="48000">',
        '<AudioChannelConfiguration schemeIdUri="tag:dolby.com,2014:dash:audio_channel_configuration:2011" value="F801"/>',
        '<Representation id="a2" bandwidth="192000" codecs="ec-3" audioSamplingRate="48000">',
        '<AudioChannelConfiguration schemeIdUri="tag:dolby.com,2014:dash:audio_channel_configuration:2011" value="A000"/>',
      ],
    };
    for (const [asset, lines] of Object.entries(golden)) {
      const mpd = (await (await fetch(origin.urls[asset]['kinora-default-dash'])).text()).split('\n').map((line) => line.trim());
      const dolby = mpd.filter((line, i) => /codecs="(ac|ec)-3"/.test(line) || (line.startsWith('<AudioChannelConfiguration') && /codecs="(ac|ec)-3"/.test(mpd[i - 1])));
      assert.deepEqual(dolby, lines, asset);
    }
  });

  it('HLS (CMAF and TS renditions): CODECS lists ac-3 and ec-3, EXT-X-MEDIA keeps names, languages and CHANNELS', async () => {
    for (const config of ['kinora-default-cmaf', 'hls-ts-groups']) {
      const lines = (await (await fetch(origin.urls.dolby[config])).text()).split('\n');
      const media = lines.filter((line) => line.startsWith('#EXT-X-MEDIA:TYPE=AUDIO'));
      assert.deepEqual(media, [
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",LANGUAGE="en",NAME="English",AUTOSELECT=YES,DEFAULT=YES,CHANNELS="2",URI="a1/media.m3u8"',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",LANGUAGE="en",NAME="English (Dolby Digital)",AUTOSELECT=YES,DEFAULT=NO,CHANNELS="2",URI="a2/media.m3u8"',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",LANGUAGE="es",NAME="Español (Dolby Digital Plus)",AUTOSELECT=YES,DEFAULT=NO,CHANNELS="6",URI="a3/media.m3u8"',
      ], config);
      const variants = lines.filter((line) => line.startsWith('#EXT-X-STREAM-INF'));
      assert.equal(variants.length, 1, config);
      assert.match(variants[0], /,CODECS="avc1\.64000d,mp4a\.40\.2,ac-3,ec-3",/, config);
    }
  });
});

describe('HLS-TS with muxed audio: each audio track muxed at its own URL', () => {
  it('CODECS names the variant\'s audio (the default track; another by filtering on its codec); its segments carry it as stream_type 0x0F, 0x81 (AC-3) or 0x87 (E-AC-3)', async () => {
    const expected: Record<string, [string, string, number][]> = {
      dolby: [['v1', 'mp4a.40.2', 0x0f], ['v1-a2', 'ac-3', 0x81], ['v1-a3', 'ec-3', 0x87]],
      'dolby-fmp4': [['v1', 'ac-3', 0x81], ['v1-a2', 'ec-3', 0x87]],
    };
    for (const [asset, pairs] of Object.entries(expected)) {
      const url = origin.urls[asset]['hls-ts'];
      const filterOf: Record<string, string> = { 'mp4a.40.2': 'AACL', 'ac-3': 'AC-3', 'ec-3': 'EC-3' };
      const variants = async (query: string) => (await (await fetch(url + query)).text()).split('\n').flatMap((line, i, lines) => (line.startsWith('#EXT-X-STREAM-INF') ? [[lines[i + 1], /CODECS="[^,"]+,([^"]+)"/.exec(line)?.[1]]] : []));
      assert.deepEqual(await variants(''), [[`${pairs[0][0]}/media.m3u8`, pairs[0][1]]], `${asset}: the first audio track's variant`);
      for (const [path, codec] of pairs) assert.deepEqual(await variants(`?aws.manifestfilter=audio_codec:${filterOf[codec]}`), [[`${path}/media.m3u8`, codec]], `${asset} ${codec}`);
      for (const [path, , streamType] of pairs) {
        const segment = new Uint8Array(await (await fetch(url.replace(/index\.m3u8$/, `${path}/1.ts`))).arrayBuffer());
        // The PMT is the segment's second packet (after the PAT): 4-byte header, pointer_field, section.
        const types = readPmt(segment.subarray(188 + 5 + segment[188 + 4], 376)).streams.map((s) => s.streamType);
        assert.deepEqual(types, [0x1b, streamType], `${asset} ${path}`);
      }
    }
  });
});

describe('Smooth Streaming', () => {
  it('leaves the AC-3 track out (MS-SSTR has no AC-3) and carries AAC and E-AC-3', async () => {
    const manifestUrl = origin.urls.dolby['mss-2s'];
    const response = await fetch(manifestUrl);
    assert.equal(response.status, 200);
    const xml = await response.text();
    const levels = [...xml.matchAll(/FourCC="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(levels.filter((f) => f !== 'H264').sort(), ['AACL', 'EC-3'], xml);
    assert.equal(await (await fetch(`${manifestUrl}?aws.manifestfilter=audio_codec:AACL,EC-3`)).text(), xml, 'the same as with AC-3 filtered out');

    const stream = /<StreamIndex Type="audio" Name="([^"]+)" Language="es"[^>]*>([\s\S]*?)<\/StreamIndex>/.exec(xml);
    assert.ok(stream, xml);
    const [, name, body] = stream;
    assert.match(body, /<QualityLevel Index="0" Bitrate="256000" FourCC="EC-3" SamplingRate="48000" Channels="6" BitsPerSample="16" PacketSize="1024" AudioTag="65534" CodecPrivateData="00063F000000AF87FBA7022DFB42A4D405CD93843BDD0800200F00"\/>/);
    // ffmpeg has no Smooth client: the fragments go after the track's CMAF header, as a client builds it from the manifest.
    const cmafBase = origin.urls.dolby['kinora-default-cmaf'].replace(/index\.m3u8$/, '');
    const parts = [new Uint8Array(await (await fetch(`${cmafBase}a3/init.mp4`)).arrayBuffer())];
    for (const [, t] of body.matchAll(/<c t="(\d+)"/g)) {
      const r = await fetch(manifestUrl.replace(/Manifest$/, `QualityLevels(256000)/Fragments(${name}=${t})`));
      assert.equal(r.status, 200);
      parts.push(new Uint8Array(await r.arrayBuffer()));
    }
    const file = join(work, 'ec3.mp4');
    writeFileSync(file, Buffer.concat(parts));
    const output = await probeAudio(file, 'a:0');
    const track = assets.dolby.index.tracks.find((t) => t.track.id === 'a3')!;
    assert.deepEqual([output.codec, output.channels, output.samples], ['eac3', 6, track.samples.count * 1536]);
  });
});
