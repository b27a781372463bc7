/**
 * HLS-TS with audio muxed into the video segments (no `useAudioRenditionGroup`)
 * and several audio tracks (the `multi` fixture: English 440 Hz beeps, French
 * 660 Hz, English commentary 880 Hz; see scripts/fixtures.ts): every audio
 * track is muxed with the video at its own URL, the first audio track's at
 * `vN/` as before, the others at `vN-aM/`, each decoding (ffmpeg) to that
 * audio. The multivariant playlist lists one variant per video track with the
 * default audio track (variants that differ only by audio would look alike to
 * bandwidth-only players); a manifest filtered to another audio track lists
 * that track's. With clipping, program date-time, I-frame playlists, AES-128
 * and SAMPLE-AES; and 404s for pairs that do not exist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startEncryptedOrigin, type EncryptedOrigin } from './support/startEncryptedOrigin.ts';
import type { PackageSettings, SpekeKeyProvider } from '../../src/catalog/records.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';
import { readMultivariantPlaylist } from '../../src/media/hls/readMultivariantPlaylist.ts';
import { readMediaPlaylist } from '../../src/media/hls/readMediaPlaylist.ts';
import { manifestPresentation } from '../../src/origin/manifestPresentation.ts';
import { outputOf } from '../../src/origin/outputOf.ts';
import { demuxTransportStream } from '../../src/media/mp2t/demuxTransportStream.ts';
import { readPmt } from '../../src/media/mp2t/readPmt.ts';
import { tsSegmentPids } from '../../src/media/mp2t/tsSegmentPids.ts';

const run = promisify(execFile);
const builtin = (ids: string[]): SpekeKeyProvider => ({ url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/kinora-keys', systemIds: ids });
const configurations: Record<string, PackageSettings> = {
  'hls-ts-2s': {
    hlsPackage: { hlsManifests: [{ manifestName: 'index' }, { manifestName: 'dated', programDateTimeIntervalSeconds: 2, includeIframeOnlyStream: true }], segmentDurationSeconds: 2 },
  },
  'hls-aes': { hlsPackage: { hlsManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.aes128]) } } },
  'hls-sample-aes': { hlsPackage: { hlsManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.aes128]), encryptionMethod: 'SAMPLE_AES' } } },
};

/** The `multi` fixture's tones, by track id (scripts/fixtures.ts). */
const PITCH_HZ: Record<string, number> = { a1: 440, a2: 660, a3: 880 };
/** Where each audio track of `multi` is muxed with video track v1. */
const PAIRS: [string, string][] = [
  ['a1', 'v1/media.m3u8'],
  ['a2', 'v1-a2/media.m3u8'],
  ['a3', 'v1-a3/media.m3u8'],
];

let server: EncryptedOrigin;
before(async () => {
  server = await startEncryptedOrigin({ fixtures: ['multi', 'dolby'], configurations });
});
after(() => server?.close());

const base = (asset: string, config: string) => server.urls[asset][config].replace(/[^/]+\.m3u8$/, '');
const get = (url: string) => fetch(url);
async function text(url: string): Promise<string> {
  const r = await get(url);
  assert.equal(r.status, 200, `${url}: ${r.status}`);
  return r.text();
}
async function bytes(url: string): Promise<Uint8Array> {
  const r = await get(url);
  assert.equal(r.status, 200, `${url}: ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

/** Mono 48 kHz PCM of the first audio stream of an HLS playlist, as ffmpeg fetches, decrypts and decodes it. */
async function decodedAudio(url: string): Promise<Int16Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', url, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 's16le', '-'], { encoding: 'buffer', maxBuffer: 64 << 20 });
  return new Int16Array(stdout.buffer, stdout.byteOffset, stdout.byteLength >> 1);
}

/** Which of the fixture's tones is loudest in the PCM (Goertzel power at each). */
function loudestTone(pcm: Int16Array): number {
  const power = (hz: number) => {
    const k = 2 * Math.cos((2 * Math.PI * hz) / 48000);
    let s1 = 0;
    let s2 = 0;
    for (const x of pcm) [s1, s2] = [x + k * s1 - s2, s1];
    return s1 * s1 + s2 * s2 - k * s1 * s2;
  };
  const tones = Object.values(PITCH_HZ);
  const powers = tones.map(power);
  return tones[powers.indexOf(Math.max(...powers))];
}

/** stream_type of each elementary stream of the PMT that opens a segment (its second packet, after the PAT). */
function pmtStreamTypes(ts: Uint8Array): number[] {
  assert.equal(((ts[188 + 1] & 0x1f) << 8) | ts[188 + 2], tsSegmentPids.pmt);
  return readPmt(ts.subarray(188 + 5 + ts[188 + 4], 376)).streams.map((s) => s.streamType);
}

/** The video PES payloads of a clear TS segment. */
function videoPayloads(ts: Uint8Array): Uint8Array[] {
  return demuxTransportStream(ts, { pids: [tsSegmentPids.video] }).pes.map((p) => p.data);
}

describe('the multivariant playlist: the default audio track muxed; another one by filtering', () => {
  test('multi: v1/ with the default (English) audio; filtered to French, v1-a2/ with its CODECS and bandwidths', async () => {
    const asset = server.origin.assets.multi;
    const configuration = (await server.origin.kinora.catalog.getConfiguration('hls-ts'))!;
    const { presentation } = await server.origin.kinora.packager.plan(asset, 6);
    const described = manifestPresentation(presentation, outputOf(configuration));
    const track = (id: string) => described.switchingSets.flatMap((s) => s.tracks).find((t) => t.track.id === id)!.track;
    const video = track('v1');
    const variantOf = (audio: string, uri: string) => [uri, [video.codecString, 'mp4a.40.2'], Math.ceil(video.peakBitsPerSecond + track(audio).peakBitsPerSecond), Math.ceil(video.averageBitsPerSecond + track(audio).averageBitsPerSecond), 'subs'];
    const variants = async (query = '') => {
      const body = await text(server.urls.multi['hls-ts'] + query);
      assert.doesNotMatch(body, /TYPE=AUDIO|AUDIO=/);
      return readMultivariantPlaylist(body).variants.map((v) => [v.uri, v.codecs, v.bandwidth, v.averageBandwidth, v.subtitles]);
    };
    assert.deepEqual(await variants(), [variantOf('a1', 'v1/media.m3u8')]);
    assert.deepEqual(await variants('?aws.manifestfilter=audio_language:fr'), [variantOf('a2', 'v1-a2/media.m3u8')]);
    // English and its commentary left: the default set's track.
    assert.deepEqual(await variants('?aws.manifestfilter=audio_language:en'), [variantOf('a1', 'v1/media.m3u8')]);
  });

  test('dolby: AAC at v1/; filtered to AC-3 or E-AC-3, v1-a2/ or v1-a3/ with their codec strings', async () => {
    const variants = async (query = '') => readMultivariantPlaylist(await text(server.urls.dolby['hls-ts'] + query)).variants.map((v) => [v.uri, v.codecs?.slice(1)]);
    assert.deepEqual(await variants(), [['v1/media.m3u8', ['mp4a.40.2']]]);
    assert.deepEqual(await variants('?aws.manifestfilter=audio_codec:AC-3'), [['v1-a2/media.m3u8', ['ac-3']]]);
    assert.deepEqual(await variants('?aws.manifestfilter=audio_codec:EC-3'), [['v1-a3/media.m3u8', ['ec-3']]]);
  });

  test('with useAudioRenditionGroup the audio stays in EXT-X-MEDIA: one variant, no pairs', async () => {
    const playlist = readMultivariantPlaylist(await text(server.urls.multi['hls-ts-groups']));
    assert.deepEqual(playlist.variants.map((v) => v.uri), ['v1/media.m3u8']);
    assert.equal(playlist.media.filter((m) => m.type === 'AUDIO').length, 3);
  });
});

describe('each pair plays its own audio with the same video', () => {
  test('ffmpeg decodes each variant: H.264 + stereo AAC, and the audio is that track\'s tone', async () => {
    for (const [audio, uri] of PAIRS) {
      const url = base('multi', 'hls-ts') + uri;
      const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,channels', '-of', 'json', url]);
      assert.deepEqual(
        JSON.parse(stdout).streams.map((s: { codec_type: string; codec_name: string; channels?: number }) => [s.codec_type, s.codec_name, s.channels]),
        [['video', 'h264', undefined], ['audio', 'aac', 2]],
        uri,
      );
      assert.equal(loudestTone(await decodedAudio(url)), PITCH_HZ[audio], `${uri} should carry ${audio}`);
    }
  });

  test('the pairs share the video: same media playlist, same video PES in every segment', async () => {
    const root = base('multi', 'hls-ts');
    const first = await text(`${root}v1/media.m3u8`);
    const segments = readMediaPlaylist(first).segments.map((s) => s.uri);
    assert.deepEqual(segments, ['1.ts', '2.ts']);
    for (const [, uri] of PAIRS.slice(1)) {
      const dir = uri.replace(/media\.m3u8$/, '');
      assert.equal(await text(root + uri), first, uri);
      for (const segment of segments) {
        const [mine, theirs] = [await bytes(`${root}v1/${segment}`), await bytes(root + dir + segment)];
        assert.deepEqual(videoPayloads(theirs), videoPayloads(mine), `${dir}${segment}`);
        assert.notDeepEqual(theirs, mine, `${dir}${segment} muxes other audio`);
        assert.deepEqual(pmtStreamTypes(theirs), [0x1b, 0x0f]);
      }
    }
  });
});

describe('pairs that do not exist answer 404 with the JSON error', () => {
  const cases: [string, string, string, string][] = [
    ['the first audio track (served at v1/)', 'hls-ts', 'v1-a1/1.ts', 'UNKNOWN_RESOURCE'],
    ['the first audio track, media playlist', 'hls-ts', 'v1-a1/media.m3u8', 'UNKNOWN_RESOURCE'],
    ['an audio track the asset does not have', 'hls-ts', 'v1-a4/media.m3u8', 'TRACK_NOT_FOUND'],
    ['a video track the asset does not have', 'hls-ts', 'v2-a2/1.ts', 'TRACK_NOT_FOUND'],
    ['a segment past the end', 'hls-ts', 'v1-a2/3.ts', 'SEGMENT_OUT_OF_RANGE'],
    ['a subtitle track', 'hls-ts', 'v1-t1/1.ts', 'UNKNOWN_RESOURCE'],
    ['audio in rendition groups', 'hls-ts-groups', 'v1-a2/1.ts', 'UNKNOWN_RESOURCE'],
    ['a CMAF output', 'kinora-default-cmaf', 'v1-a2/media.m3u8', 'UNKNOWN_RESOURCE'],
  ];
  for (const [what, config, path, code] of cases) {
    test(`${what}: ${config} ${path}`, async () => {
      const r = await get(base('multi', config) + path);
      assert.equal(r.status, 404);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
      const error = (await r.json()) as { code: string; message: string; subject: string };
      assert.equal(error.code, code, error.message);
      assert.match(error.subject, /^multi\b/);
    });
  }
});

describe('manifest filtering, clips, program date-time and I-frame playlists', () => {
  test('a clip: the pairs are clipped too, and each still carries its own audio', async () => {
    const clip = `${base('multi', 'hls-ts-2s')}clip/4000-8000/`;
    assert.deepEqual(readMultivariantPlaylist(await text(`${clip}index.m3u8?aws.manifestfilter=audio_language:fr`)).variants.map((v) => v.uri), ['v1-a2/media.m3u8']);
    const media = await text(`${clip}v1-a3/media.m3u8`);
    assert.equal(media, await text(`${clip}v1/media.m3u8`));
    const seconds = readMediaPlaylist(media).segments.reduce((sum, s) => sum + s.durationSeconds, 0);
    assert.ok(seconds >= 4 && seconds < 12, `the clip lasts ${seconds} s, the asset 12 s`);
    const pcm = await decodedAudio(`${clip}v1-a3/media.m3u8`);
    assert.equal(loudestTone(pcm), 880);
    assert.ok(Math.abs(pcm.length / 48000 - seconds) < 0.2, `${pcm.length / 48000} s of audio in a ${seconds} s clip`);
  });

  test('program date-time: the pairs get the manifest\'s own media playlists, dated as v1\'s; the I-frame playlist stays v1\'s, video only', async () => {
    const root = base('multi', 'hls-ts-2s');
    const body = await text(`${root}dated.m3u8`);
    assert.deepEqual(readMultivariantPlaylist(body).variants.map((v) => v.uri), ['v1/media-dated.m3u8']);
    assert.deepEqual(readMultivariantPlaylist(await text(`${root}dated.m3u8?aws.manifestfilter=audio_language:fr`)).variants.map((v) => v.uri), ['v1-a2/media-dated.m3u8']);
    const iframes = body.split('\n').filter((line) => line.startsWith('#EXT-X-I-FRAME-STREAM-INF'));
    assert.equal(iframes.length, 1);
    assert.match(iframes[0], /CODECS="avc1\.[0-9a-f]+",RESOLUTION=320x180,URI="v1\/iframes\.m3u8"$/);
    const dated = await text(`${root}v1/media-dated.m3u8`);
    assert.equal((dated.match(/^#EXT-X-PROGRAM-DATE-TIME:/gm) ?? []).length, 6);
    for (const pair of ['v1-a2', 'v1-a3']) assert.equal(await text(`${root}${pair}/media-dated.m3u8`), dated, pair);
  });
});

describe('encrypted pairs', () => {
  test('AES-128: each pair\'s media playlist has the key, its segments are encrypted whole, ffmpeg decrypts its own audio', async () => {
    const root = base('multi', 'hls-aes');
    assert.deepEqual(readMultivariantPlaylist(await text(`${server.urls.multi['hls-aes']}?aws.manifestfilter=audio_language:fr`)).variants.map((v) => v.uri), ['v1-a2/media.m3u8']);
    for (const [audio, uri] of PAIRS) {
      assert.match(await text(root + uri), /^#EXT-X-KEY:METHOD=AES-128,URI="\.\.\/key\/[0-9a-f]{32}\.key\?token=[^"]+"$/m, uri);
      const segment = await bytes(root + uri.replace('media.m3u8', '1.ts'));
      assert.notEqual(segment[0], 0x47, `${uri}: the whole segment is encrypted`);
      assert.equal(loudestTone(await decodedAudio(root + uri)), PITCH_HZ[audio], `${uri} should carry ${audio}`);
    }
  });

  test('SAMPLE-AES: the chosen audio is encrypted too (PMT 0xDB + 0xCF), and ffmpeg decrypts it to the clear pair\'s frames', async () => {
    for (const [, uri] of PAIRS.slice(1)) {
      const segment = uri.replace('media.m3u8', '1.ts');
      const encrypted = await bytes(base('multi', 'hls-sample-aes') + segment);
      assert.deepEqual(pmtStreamTypes(encrypted), [0xdb, 0xcf], segment);
      const frames = async (config: string) => (await run('ffmpeg', ['-v', 'error', '-i', base('multi', config) + uri, '-map', '0:a:0', '-f', 'framemd5', '-'], { maxBuffer: 64 << 20 })).stdout.split('\n').filter((l) => /^[0-9]/.test(l));
      const clear = await frames('hls-ts');
      assert.ok(clear.length > 100, `${uri}: ${clear.length} audio frames`);
      assert.deepEqual(await frames('hls-sample-aes'), clear, uri);
    }
  });

  test('SAMPLE-AES with Dolby audio: v1-a2 is AC-3 (0xC1), v1-a3 E-AC-3 (0xC2), and ffprobe names them', async () => {
    for (const [pair, streamType, codec] of [['v1-a2', 0xc1, 'ac3'], ['v1-a3', 0xc2, 'eac3']] as const) {
      assert.deepEqual(pmtStreamTypes(await bytes(`${base('dolby', 'hls-sample-aes')}${pair}/1.ts`)), [0xdb, streamType], pair);
      const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name', '-of', 'json', `${base('dolby', 'hls-sample-aes')}${pair}/media.m3u8`]);
      assert.deepEqual(JSON.parse(stdout).streams.map((s: { codec_name: string }) => s.codec_name), [codec], pair);
    }
  });
});
